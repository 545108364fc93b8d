#!/usr/bin/env bash
# How fast a hung worker is found and replaced: starts demos/Hello (WORKERS=2, HEARTBEAT_TIMEOUT=3000 ms) and,
# ROUNDS times, SIGSTOPs one worker (it sends no heartbeat any more, as a worker whose thread pool is deadlocked)
# and measures the time from the SIGSTOP until
#   hung:    the master's `worker N (pid P) hung: silent for S ms, killed` line (the demo prints WorkerHung),
#   gone:    the stopped process has been killed and reaped,
#   serving: a request answered by the new child of the master succeeds (X-Worker-Pid names the process).
# Expected: hung between timeout - interval and timeout (2250 … 3000 ms: the worker's last heartbeat came up to one
# interval of 750 ms before the SIGSTOP, and the master's check is due one timeout after it), then a worker's start-up. The oldest worker is the one stopped, after it has lived 6 s, so the crash-loop backoff (deaths
# within 5 s of connecting) never delays a replacement. Polling resolution is a few ms (one curl or grep per probe).
# A stopped worker left over by an interrupted run is killed (SIGKILL, then SIGCONT) by pid on exit.
#
# Usage: bench/heartbeat.sh          (env: ROUNDS=5 PORT=3105 TIMEOUT_MS=3000)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-5}
PORT=${PORT:-3105}
TIMEOUT_MS=${TIMEOUT_MS:-3000}
WORKERS=2
URL="http://127.0.0.1:$PORT/"
HELLO_DLL=demos/Hello/bin/Release/net10.0/Hello.dll
READY_SECONDS=20
REPLACE_SECONDS=$((TIMEOUT_MS / 1000 + 15))
MIN_AGE_SECONDS=6
STOP_SECONDS=15

LOG=$(mktemp "${TMPDIR:-/tmp}/bench-heartbeat.XXXXXX.log")
master=""
victim=""

fail() { echo "heartbeat.sh: $*" >&2; exit 1; }
now_ns() { date +%s%N; }

children() { # pids of the master's child processes, one a line
  if compgen -G "/proc/$master/task/*/children" >/dev/null; then
    cat /proc/"$master"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d' | sort -n
  else
    ps --ppid "$master" -o pid= | tr -d ' ' | sort -n
  fi
}

answering_pid() { # the X-Worker-Pid of one response on a fresh connection, or nothing
  curl -s --max-time 1 -H 'Connection: close' -D - -o /dev/null "$URL" 2>/dev/null |
    awk -F': *' 'tolower($1) == "x-worker-pid" { gsub("\r", "", $2); print $2 }'
}

release_victim() { # a worker this script stopped and that is still there: killed, by pid
  if [[ -n $victim ]] && kill -0 "$victim" 2>/dev/null; then
    kill -KILL "$victim" 2>/dev/null || true
    kill -CONT "$victim" 2>/dev/null || true
  fi
  victim=""
}

stop_master() {
  release_victim
  [[ -n $master ]] || return 0
  local pid=$master workers deadline
  master=""
  workers=$(ps --ppid "$pid" -o pid= 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_SECONDS))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for worker in $workers; do
    deadline=$((SECONDS + STOP_SECONDS))
    while kill -0 "$worker" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$worker" 2>/dev/null; then
      echo "heartbeat.sh: worker pid $worker outlived its master; sending SIGKILL" >&2
      kill -KILL "$worker" 2>/dev/null || true
    fi
  done
}

trap stop_master EXIT
trap 'exit 130' INT TERM

[[ -f demos/Hello/Hello.csproj ]] || fail "demos/Hello does not exist"
command -v curl >/dev/null || fail "curl is needed"
dotnet build demos/Hello/Hello.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null

if curl -s -o /dev/null --max-time 1 "$URL"; then
  fail "port $PORT is already in use on 127.0.0.1 (set PORT to a free port)"
fi
PORT=$PORT WORKERS=$WORKERS STATS=0 HEARTBEAT_TIMEOUT=$TIMEOUT_MS dotnet "$HELLO_DLL" >"$LOG" 2>&1 &
master=$!
deadline=$((SECONDS + READY_SECONDS))
until curl -sf -o /dev/null --max-time 1 "$URL" && (($(children | wc -l) == WORKERS)); do
  kill -0 "$master" 2>/dev/null || fail "demos/Hello exited before answering; see $LOG"
  ((SECONDS < deadline)) || fail "demos/Hello did not answer with $WORKERS workers within ${READY_SECONDS}s; see $LOG"
  sleep 0.1
done
[[ -n $(answering_pid) ]] || fail "demos/Hello sends no X-Worker-Pid header"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "demos/Hello: master pid $master, workers $(children | tr '\n' ' ')(heartbeat timeout $TIMEOUT_MS ms; log: $LOG)"
echo "measure: SIGSTOP -> WorkerHung line (hung) -> stopped process reaped (gone) -> a request answered by the new child (serving)"
echo
printf '%-6s %-8s %-8s %10s %12s %10s %12s\n' round stopped new "hung ms" "silence ms" "gone ms" "serving ms"

hung_ms=() serving_ms=()
for ((round = 1; round <= ROUNDS; round++)); do
  before=$(children)
  victim=$(ps -o pid= --sort=start_time -p "$(echo "$before" | paste -sd,)" | head -1 | tr -d ' ')
  age=$(ps -o etimes= -p "$victim" | tr -d ' ')
  ((age >= MIN_AGE_SECONDS)) || sleep $((MIN_AGE_SECONDS - age))

  t0=$(now_ns)
  kill -STOP "$victim"
  hung="" silence="" gone="" serving="" fresh=""
  deadline=$((SECONDS + REPLACE_SECONDS))
  while [[ -z $serving ]]; do
    ((SECONDS < deadline)) || fail "round $round: no replacement for stopped worker pid $victim served within ${REPLACE_SECONDS}s; see $LOG"
    if [[ -z $hung ]]; then
      line=$(grep -m1 "(pid $victim) hung: silent for" "$LOG" || true)
      if [[ -n $line ]]; then
        hung=$(now_ns)
        silence=$(sed -E 's/.*silent for ([0-9]+) ms.*/\1/' <<<"$line")
      fi
    fi
    if [[ -z $gone ]] && ! kill -0 "$victim" 2>/dev/null; then
      gone=$(now_ns)
    fi
    if [[ -z $fresh ]]; then
      fresh=$(comm -13 <(echo "$before") <(children) | head -1)
    elif [[ $(answering_pid) == "$fresh" ]]; then
      serving=$(now_ns)
    fi
    [[ -n $serving ]] || sleep 0.005
  done
  [[ -n $hung && -n $gone ]] || fail "round $round: a new worker serves but the stopped one was not reported hung and reaped; see $LOG"
  stopped=$victim
  victim=""
  ms_hung=$(((hung - t0) / 1000000))
  ms_serving=$(((serving - t0) / 1000000))
  hung_ms+=("$ms_hung")
  serving_ms+=("$ms_serving")
  printf '%-6s %-8s %-8s %10d %12s %10d %12d\n' "$round" "$stopped" "$fresh" "$ms_hung" "$silence" $(((gone - t0) / 1000000)) "$ms_serving"
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "median time from SIGSTOP to WorkerHung: $(median "${hung_ms[@]}") ms; to the replacement serving: $(median "${serving_ms[@]}") ms ($ROUNDS rounds, heartbeat timeout $TIMEOUT_MS ms)"
