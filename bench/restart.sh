#!/usr/bin/env bash
# Zero-downtime restart under load, side by side in one run:
#   A  Cluster.Rx: demos/Hello with 2 workers; SIGUSR2 to the master (a new master takes over the socket)
#   B  pm2: the same Hello World in Node, `pm2 start -i 2` (cluster mode); `pm2 reload`
# Each gets `wrk -t2 -c$CONNS -d${DURATION}s --latency` with two restarts during the run (at 5 s and 12 s), and the
# script prints requests/s, p99 latency, wrk's socket errors and non-2xx responses.
# Usage: bench/restart.sh            (DURATION=20 CONNS=32 ROUNDS=2 change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
work=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v pm2 >/dev/null || npm install -g --silent pm2@7 >/dev/null
dotnet build -c Release demos/Hello -v q -nologo >/dev/null

export PM2_HOME="$work/pm2"
masters=()
cleanup() {
  for pid in "${masters[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  pm2 kill >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # file pattern seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

wait_port() { # port seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -fs "http://127.0.0.1:$1/" >/dev/null && return 0; sleep 0.1; done
  echo "port $1 never answered" >&2; return 1
}

report() { # label wrk-output
  local rps p99 sock non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p99=$(awk '$1 == "99%" {print $2}' "$2")
  sock=$(grep -o 'Socket errors:.*' "$2" || echo "Socket errors: none")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$2")
  printf '| %-22s | %10s | %8s | %-52s | %6s |\n' "$1" "$rps" "$p99" "$sock" "${non2xx:-0}"
}

run_clusterrx() { # round
  local port log out master next
  port=$(free_port); log="$work/clusterrx.$1.log"; out="$work/clusterrx.$1.wrk"
  DOTNET_ENVIRONMENT=Development PORT=$port WORKERS=2 dotnet demos/Hello/bin/Release/net10.0/Hello.dll >"$log" 2>&1 &
  wait_for "$log" "listening on" 30
  master=$(grep -oP 'master pid \K[0-9]+' "$log" | head -1); masters+=("$master")
  wait_port "$port" 20
  sleep 6 # past the development 'restart threshold' of 5 s, so the restart is not put off
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/" >"$out" &
  local load=$!
  sleep 5; kill -USR2 "$master"
  wait_for "$log" "took over from master pid $master" 20 || { grep -E 'State|Sig' "/proc/$master/status" >&2; ls -l "/proc/$master/task" | wc -l >&2; return 1; }
  next=$(grep -oP 'new master pid \K[0-9]+' "$log" | tail -1); masters+=("$next")
  sleep 7; kill -USR2 "$next"
  wait_for "$log" "took over from master pid $next" 20
  masters+=("$(grep -oP 'new master pid \K[0-9]+' "$log" | tail -1)")
  wait "$load"
  report "Cluster.Rx SIGUSR2 ×2" "$out"
  kill -TERM "${masters[-1]}"
}

run_pm2() { # round
  local port out
  port=$(free_port); out="$work/pm2.$1.wrk"
  PORT=$port pm2 start bench/node/app.js -i 2 --name "hello$1" >/dev/null
  wait_port "$port" 20
  sleep 2
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/" >"$out" &
  local load=$!
  sleep 5; pm2 reload "hello$1" >/dev/null
  sleep 7; pm2 reload "hello$1" >/dev/null
  wait "$load"
  report "pm2 reload ×2" "$out"
  pm2 delete "hello$1" >/dev/null
}

echo "restart under load: wrk -t2 -c$CONNS -d${DURATION}s, two restarts per run, $ROUNDS rounds (A B A B …), $(date -u +%F)"
printf '| %-22s | %10s | %8s | %-52s | %6s |\n' run requests/s p99 "wrk socket errors" non-2xx
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..24})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..54})" "$(printf -- '-%.0s' {1..8})"
for round in $(seq 1 "$ROUNDS"); do
  run_clusterrx "$round"
  run_pm2 "$round"
done
