#!/usr/bin/env bash
# Zero-downtime restart under load, side by side in one run:
#   A  Cluster.Rx: demos/Hello with 2 workers; SIGUSR2 to the master (a new master takes over the socket)
#   B  pm2: the same Hello World in Node, `pm2 start -i 2` (cluster mode); `pm2 reload`
# Each run is one `wrk -t2 -c$CONNS --latency` load during which the server is restarted $RESTARTS times, at least
# $SPACING seconds apart, each finished before the next (A: the new master's "took over" line; B: `pm2
# reload` returns). The script prints requests/s, p99 latency, wrk's socket errors and non-2xx responses per run,
# and a last line with the totals per side over every round.
# Usage: bench/restart.sh    (RESTARTS=10 SPACING=7 CONNS=32 ROUNDS=2 change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."

RESTARTS=${RESTARTS:-10}
SPACING=${SPACING:-7}   # > the development 'restart threshold' (5 s); each master is also this old before its restart
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-2}
LEAD=3                  # seconds of load before the first restart
DURATION=$(( LEAD + RESTARTS * SPACING + 5 ))
work=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v pm2 >/dev/null || npm install -g --silent pm2@7 >/dev/null
dotnet build -c Release demos/Hello -v q -nologo >/dev/null

export PM2_HOME="$work/pm2"
masters=()
declare -A sock_total=([A]=0 [B]=0) non2xx_total=([A]=0 [B]=0) restarts_total=([A]=0 [B]=0)
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

wait_age() { # pid seconds: until the process has run that long (a new master's 'restart threshold' counts from its start)
  while (( $(ps -o etimes= -p "$1" 2>/dev/null || echo "$2") < $2 )); do sleep 0.2; done
}

sleep_until() { # epoch seconds (fractional)
  local left
  left=$(python3 -c "import time; print(max(0.0, $1 - time.time()))")
  sleep "$left"
}

report() { # side label wrk-output restarts-done
  local rps p99 sock non2xx errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$3")
  p99=$(awk '$1 == "99%" {print $2}' "$3")
  sock=$(grep -o 'Socket errors:.*' "$3" || echo "Socket errors: none")
  errors=$(grep -o 'Socket errors:.*' "$3" | grep -oE '[0-9]+' | paste -sd+ | bc || true)
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$3")
  sock_total[$1]=$(( ${sock_total[$1]} + ${errors:-0} ))
  non2xx_total[$1]=$(( ${non2xx_total[$1]} + ${non2xx:-0} ))
  restarts_total[$1]=$(( ${restarts_total[$1]} + $4 ))
  printf '| %-22s | %10s | %8s | %-53s | %6s |\n' "$2" "$rps" "$p99" "$sock" "${non2xx:-0}"
}

run_clusterrx() { # round
  local port log out master next load at i done_=0
  port=$(free_port); log="$work/clusterrx.$1.log"; out="$work/clusterrx.$1.wrk"
  DOTNET_ENVIRONMENT=Development PORT=$port WORKERS=2 dotnet demos/Hello/bin/Release/net10.0/Hello.dll >"$log" 2>&1 &
  wait_for "$log" "listening on" 30
  master=$(grep -oP 'master pid \K[0-9]+' "$log" | head -1); masters+=("$master")
  wait_port "$port" 20
  sleep 6 # past the development 'restart threshold' of 5 s, so the first restart is not put off
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/" >"$out" &
  load=$!
  at=$(echo "$(date +%s.%N) + $LEAD" | bc)
  for i in $(seq 1 "$RESTARTS"); do
    sleep_until "$at"
    wait_age "$master" "$SPACING"
    at=$(echo "$(date +%s.%N) + $SPACING" | bc) # a slow takeover delays the next restart, never shortens the gap
    kill -USR2 "$master"
    wait_for "$log" "took over from master pid $master" 30
    next=$(grep -oP 'new master pid \K[0-9]+' "$log" | tail -1); masters+=("$next")
    master=$next
    kill -0 "$load" 2>/dev/null && done_=$((done_ + 1)) || echo "restart $i finished after the load ended; raise SPACING" >&2
  done
  grep -q "within the 'restart threshold'" "$log" && echo "a restart was put off (restart threshold); raise SPACING" >&2
  wait "$load"
  report A "Cluster.Rx SIGUSR2 ×$done_" "$out" "$done_"
  kill -TERM "$master"
}

run_pm2() { # round
  local port out load at i done_=0
  port=$(free_port); out="$work/pm2.$1.wrk"
  PORT=$port pm2 start bench/node/app.js -i 2 --name "hello$1" >/dev/null
  wait_port "$port" 20
  sleep 2
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/" >"$out" &
  load=$!
  at=$(echo "$(date +%s.%N) + $LEAD" | bc)
  for i in $(seq 1 "$RESTARTS"); do
    sleep_until "$at"
    at=$(echo "$(date +%s.%N) + $SPACING" | bc)
    pm2 reload "hello$1" >/dev/null
    kill -0 "$load" 2>/dev/null && done_=$((done_ + 1)) || echo "reload $i finished after the load ended; raise SPACING" >&2
  done
  wait "$load"
  report B "pm2 reload ×$done_" "$out" "$done_"
  pm2 delete "hello$1" >/dev/null
}

echo "restart under load: wrk -t2 -c$CONNS -d${DURATION}s, $RESTARTS restarts per run ${SPACING} s apart, $ROUNDS rounds (A B A B …), $(date -u +%F)"
printf '| %-22s | %10s | %8s | %-53s | %6s |\n' run requests/s p99 "wrk socket errors" non-2xx
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..24})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..10})" "$(printf -- '-%.0s' {1..55})" "$(printf -- '-%.0s' {1..8})"
for round in $(seq 1 "$ROUNDS"); do
  run_clusterrx "$round"
  run_pm2 "$round"
done
echo "total over $ROUNDS rounds: Cluster.Rx ${restarts_total[A]} restarts, ${sock_total[A]} socket errors, ${non2xx_total[A]} non-2xx;" \
  "pm2 ${restarts_total[B]} reloads, ${sock_total[B]} socket errors, ${non2xx_total[B]} non-2xx"
