#!/usr/bin/env bash
# A kill storm under load: starts demos/Hello (WORKERS=2) and, for STORM seconds, SIGKILLs one serving worker every
# second (the longest-serving one, by the demo's "worker N (pid P) serving" lines) while wrk sends requests. Then reports
# whether the master is still up, how long after the last kill both workers serve again (two distinct X-Worker-Pid
# answers from live children), and what wrk saw (a SIGKILLed worker's in-flight requests are lost: those are the
# socket errors).
#
# Usage: bench/killstorm.sh          (env: STORM=60 CONNS=16 PORT=3105)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

STORM=${STORM:-60}
CONNS=${CONNS:-16}
PORT=${PORT:-3105}
WORKERS=2
URL="http://127.0.0.1:$PORT/"
HELLO_DLL=demos/Hello/bin/Release/net10.0/Hello.dll
RECOVER_SECONDS=30

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-killstorm.XXXXXX")
master=""
load=""

fail() { echo "killstorm.sh: $*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
children() { cat /proc/"$master"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d' | sort -n; }
serving() { # pids that said "serving" and have not "died" since, the longest-serving first
  awk '/ serving$/ { gsub(/[()]/, ""); order[$4] = NR } / died,/ { gsub(/[()]/, ""); delete order[$4] }
       END { for (pid in order) print order[pid], pid }' "$work/hello.log" | sort -n | awk '{ print $2 }'
}
answering_pid() {
  curl -s --max-time 1 -H 'Connection: close' -D - -o /dev/null "$URL" 2>/dev/null |
    awk -F': *' 'tolower($1) == "x-worker-pid" { gsub("\r", "", $2); print $2 }'
}

cleanup() {
  [[ -n $load ]] && kill -TERM "$load" 2>/dev/null || true
  if [[ -n $master ]] && kill -0 "$master" 2>/dev/null; then
    local workers
    workers=$(children)
    kill -TERM "$master" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$master" 2>/dev/null || break; sleep 0.1; done
    for pid in $workers; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true; done
  fi
  [[ ${KEEP:-} ]] && echo "logs kept in $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build demos/Hello/Hello.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
curl -s -o /dev/null --max-time 1 "$URL" && fail "port $PORT is already in use on 127.0.0.1 (set PORT to a free port)"

PORT=$PORT WORKERS=$WORKERS dotnet "$HELLO_DLL" >"$work/hello.log" 2>&1 &
master=$!
for _ in $(seq 1 200); do
  curl -sf -o /dev/null --max-time 1 "$URL" && (($(children | wc -l) == WORKERS)) && break
  kill -0 "$master" 2>/dev/null || fail "demos/Hello exited before answering: $(cat "$work/hello.log")"
  sleep 0.1
done

wrk -t2 -c"$CONNS" -d"$((STORM + 15))s" "$URL" >"$work/wrk.out" 2>&1 &
load=$!
sleep 2

kills=0
end=$((SECONDS + STORM))
while ((SECONDS < end)); do
  victim=$(serving | grep -Fx -f <(children) | head -1 || true)
  if [[ -n $victim ]] && kill -KILL "$victim" 2>/dev/null; then
    kills=$((kills + 1))
  fi
  kill -0 "$master" 2>/dev/null || break
  sleep 1
done
last_kill=$(now_ms)

recovered=""
deadline=$((SECONDS + RECOVER_SECONDS))
while ((SECONDS < deadline)) && kill -0 "$master" 2>/dev/null; do
  live=$(children)
  if (($(echo "$live" | sed '/^$/d' | wc -l) == WORKERS)); then
    seen=$(for _ in $(seq 1 20); do answering_pid; done | sort -u | grep -Fx -f <(echo "$live") | wc -l)
    if ((seen == WORKERS)); then recovered=$(($(now_ms) - last_kill)); break; fi
  fi
  sleep 0.05
done

wait "$load" || true
load=""
alive=no
kill -0 "$master" 2>/dev/null && alive=yes
echo "kill storm: demos/Hello, $WORKERS workers, one serving worker SIGKILLed every second for ${STORM}s under wrk -c$CONNS, $(date -u +%F)"
echo "kills: $kills; master alive after the storm: $alive"
echo "both workers serving again: ${recovered:-not within ${RECOVER_SECONDS}s} ms after the last kill"
grep -E 'requests in|Requests/sec|Socket errors|Non-2xx' "$work/wrk.out" | sed 's/^ */wrk: /'
grep -c 'died, exit code' "$work/hello.log" | sed 's/^/worker deaths logged: /'
grep -E 'replacing it in' "$work/hello.log" | grep -oE 'in [0-9]+ ms' | sort -t' ' -k2 -n | tail -1 | sed 's/^/longest respawn delay: /' || true
[[ $alive == yes && -n $recovered ]]
