#!/usr/bin/env bash
# How fast a killed worker is replaced: starts demos/Hello (WORKERS=2) and, ROUNDS times, SIGKILLs one worker and
# measures the time until
#   spawned: a new child process of the master exists, and
#   serving: a request answered by that new process (the demo's X-Worker-Pid response header names the process
#            that answered).
# The oldest worker is the one killed, after it has lived 6 s, so the master's crash-loop guard (deaths within 5 s of
# spawning) never slows a replacement down. bench/probe.py sends the SIGKILL and probes: one GET on a fresh
# connection every 2 ms, a fraction of a millisecond of CPU each (a curl a probe, a fork and an exec, took enough of
# the 2 cores from the starting worker to add ~300 ms to what was measured).
#
# With R2R=1, demos/Hello is published with ReadyToRun (`dotnet publish -r linux-x64 -p:PublishReadyToRun=true`, the
# app, Cluster.Rx and System.Reactive compiled ahead of time) and that build is measured instead. WORKER_ENV adds
# variables to the master, which its workers inherit (e.g. WORKER_ENV="DOTNET_TieredPGO=0").
# STANDBY=1 starts demos/Hello with one hot standby (a process more, started and connected but not accepting). Then
# the killed worker's place is taken by that standby: the probe times, from the SIGKILL, gone (the killed process has
# exited: its pidfd is readable, the kernel's share, which no master can beat) and serving (a request answered by the
# former standby's pid, probed back to back); restored is the time until a new standby is ready (its log line).
# With WORKERS=1 no other worker can answer meanwhile, so serving is the gap a client sees; with 2, the surviving
# worker answers most probes and serving is when the standby first wins an accept.
# PLAIN=1 then also measures, ROUNDS times, a plain Kestrel process (bench/PlainKestrel, built the same way) from its
# exec to its first answer, probed the same way: the cold start a replacement worker is compared with.
#
# With AOT=1, both are published with Native AOT (`-p:PublishAot=true`, ~2 min each) and run as their executables.
# Usage: bench/respawn.sh          (env: ROUNDS=5 PORT=3104 WORKERS=2 R2R=0 AOT=0 STANDBY=0 PLAIN=0 WORKER_ENV=)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-5}
PORT=${PORT:-3104}
WORKERS=${WORKERS:-2}
URL="http://127.0.0.1:$PORT/"
R2R=${R2R:-0}
AOT=${AOT:-0}
PLAIN=${PLAIN:-0}
STANDBY=${STANDBY:-0}
WORKER_ENV=${WORKER_ENV:-}
HELLO=(dotnet demos/Hello/bin/Release/net10.0/Hello.dll)
PLAIN_KESTREL=(dotnet bench/PlainKestrel/bin/Release/net10.0/PlainKestrel.dll)
if [[ $R2R == 1 || $AOT == 1 ]]; then
  PUBLISHED=$(mktemp -d "${TMPDIR:-/tmp}/bench-respawn-published.XXXXXX")
  HELLO=(dotnet "$PUBLISHED/hello/Hello.dll")
  PLAIN_KESTREL=(dotnet "$PUBLISHED/plain/PlainKestrel.dll")
fi
if [[ $AOT == 1 ]]; then
  HELLO=("$PUBLISHED/hello/Hello")
  PLAIN_KESTREL=("$PUBLISHED/plain/PlainKestrel")
fi
READY_SECONDS=20
REPLACE_SECONDS=10
MIN_AGE_SECONDS=6
STOP_SECONDS=15

LOG=$(mktemp "${TMPDIR:-/tmp}/bench-respawn.XXXXXX.log")
master=""

fail() { echo "respawn.sh: $*" >&2; exit 1; }
now_ns() { date +%s%N; }

children() { # pids of the master's child processes, one a line
  if compgen -G "/proc/$master/task/*/children" >/dev/null; then
    cat /proc/"$master"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d' | sort -n
  else
    ps --ppid "$master" -o pid= | tr -d ' ' | sort -n
  fi
}

is_standby() { [[ $(cat /proc/"$1"/comm 2>/dev/null) == *standby ]]; }

standbys_ready() { # the standby asked for has said it is ready (or none is asked for)
  ((STANDBY == 0)) || (($(grep -c 'standby (pid [0-9]*) ready' "$LOG") >= STANDBY))
}

measure_standby() {
  echo "measure: SIGKILL -> the killed worker gone (pidfd) -> a request answered by the former standby (serving) -> a new standby ready (restored)"
  printf '%-6s %-8s %-8s %10s %12s %12s\n' round killed standby "gone ms" "serving ms" "restored ms"
  local round victim standby t0 times readies restored deadline
  local -a gone=() serving=()
  for ((round = 1; round <= ROUNDS; round++)); do
    standby="" victim=""
    for pid in $(children); do
      if is_standby "$pid"; then standby=$pid; elif [[ -z $victim ]]; then victim=$pid; fi
    done
    [[ -n $standby && -n $victim ]] || fail "round $round: no standby or no worker among $(children | paste -sd' ')"
    readies=$(grep -c 'standby (pid [0-9]*) ready' "$LOG")
    t0=$(now_ns)
    times=$(python3 bench/probe.py standby "$PORT" "$victim" "$standby" "$REPLACE_SECONDS") || fail "round $round: the standby (pid $standby) did not answer within ${REPLACE_SECONDS}s; see $LOG"
    deadline=$((SECONDS + REPLACE_SECONDS))
    until (($(grep -c 'standby (pid [0-9]*) ready' "$LOG") > readies)); do
      ((SECONDS < deadline)) || fail "round $round: no new standby ready within ${REPLACE_SECONDS}s; see $LOG"
      sleep 0.005
    done
    restored=$((($(now_ns) - t0) / 1000000))
    gone+=("${times% *}")
    serving+=("${times#* }")
    printf '%-6s %-8s %-8s %10.2f %12.2f %12d\n' "$round" "$victim" "$standby" "${times% *}" "${times#* }" "$restored"
    sleep "$MIN_AGE_SECONDS"
  done
  echo
  echo "median time from SIGKILL to the killed worker gone: $(median "${gone[@]}") ms; to the standby serving: $(median "${serving[@]}") ms ($ROUNDS rounds, $WORKERS workers)"
}

median() { # the median of its arguments
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

stop_master() {
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
      echo "respawn.sh: worker pid $worker outlived its master; sending SIGKILL" >&2
      kill -KILL "$worker" 2>/dev/null || true
    fi
  done
}

trap 'stop_master; [[ -z ${PUBLISHED:-} ]] || rm -rf "$PUBLISHED"' EXIT
trap 'exit 130' INT TERM

[[ -f demos/Hello/Hello.csproj ]] || fail "demos/Hello does not exist yet"
command -v curl >/dev/null || fail "curl is needed"
if [[ $AOT == 1 ]]; then
  dotnet publish demos/Hello/Hello.csproj -c Release -r linux-x64 -p:PublishAot=true \
    -o "$PUBLISHED/hello" -nologo -v q -clp:ErrorsOnly >/dev/null
  [[ $PLAIN != 1 ]] || dotnet publish bench/PlainKestrel/PlainKestrel.csproj -c Release -r linux-x64 -p:PublishAot=true \
    -o "$PUBLISHED/plain" -nologo -v q -clp:ErrorsOnly >/dev/null
elif [[ $R2R == 1 ]]; then
  dotnet publish demos/Hello/Hello.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$PUBLISHED/hello" -nologo -v q -clp:ErrorsOnly >/dev/null
  [[ $PLAIN != 1 ]] || dotnet publish bench/PlainKestrel/PlainKestrel.csproj -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$PUBLISHED/plain" -nologo -v q -clp:ErrorsOnly >/dev/null
else
  dotnet build demos/Hello/Hello.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  [[ $PLAIN != 1 ]] || dotnet build bench/PlainKestrel/PlainKestrel.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi

if curl -s -o /dev/null --max-time 1 "$URL"; then
  fail "port $PORT is already in use on 127.0.0.1 (set PORT to a free port)"
fi
# shellcheck disable=SC2086
env $WORKER_ENV PORT=$PORT WORKERS=$WORKERS STANDBY=$STANDBY "${HELLO[@]}" >"$LOG" 2>&1 &
master=$!
deadline=$((SECONDS + READY_SECONDS))
until curl -sf -o /dev/null --max-time 1 "$URL" && (($(children | wc -l) == WORKERS + STANDBY)) && standbys_ready; do
  kill -0 "$master" 2>/dev/null || fail "demos/Hello exited before answering; see $LOG"
  ((SECONDS < deadline)) || fail "demos/Hello did not answer with $WORKERS workers within ${READY_SECONDS}s; see $LOG"
  sleep 0.1
done

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); build: ${HELLO[*]}${WORKER_ENV:+ with $WORKER_ENV}"
echo "demos/Hello: master pid $master, workers $(children | tr '\n' ' ')(log: $LOG)"
if [[ $STANDBY == 1 ]]; then
  measure_standby
  exit 0
fi
echo "measure: SIGKILL -> a new child of the master (spawned) -> a request answered by that child (serving)"
printf '%-6s %-8s %-8s %12s %12s\n' round killed new "spawned ms" "serving ms"

serving_ms=()
for ((round = 1; round <= ROUNDS; round++)); do
  before=$(children)
  victim=$(ps -o pid= --sort=start_time -p "$(echo "$before" | paste -sd,)" | head -1 | tr -d ' ')
  age=$(ps -o etimes= -p "$victim" | tr -d ' ')
  ((age >= MIN_AGE_SECONDS)) || sleep $((MIN_AGE_SECONDS - age))
  read -r fresh spawned serving < <(python3 bench/probe.py replace "$PORT" "$victim" "$master" "$REPLACE_SECONDS") ||
    fail "round $round: no replacement for worker pid $victim served within ${REPLACE_SECONDS}s; see $LOG"
  serving_ms+=("$serving")
  printf '%-6s %-8s %-8s %12.1f %12.1f\n' "$round" "$victim" "$fresh" "$spawned" "$serving"
done

echo
echo "median time from SIGKILL to the replacement serving: $(median "${serving_ms[@]}") ms ($ROUNDS rounds)"

if [[ $PLAIN == 1 ]]; then
  stop_master
  echo
  echo "plain Kestrel (${PLAIN_KESTREL[*]}): exec to first answer"
  plain_ms=()
  for ((round = 1; round <= ROUNDS; round++)); do
    # shellcheck disable=SC2086
    ms=$(env $WORKER_ENV PORT=$PORT python3 bench/probe.py exec "$PORT" "$READY_SECONDS" "${PLAIN_KESTREL[@]}") ||
      fail "plain Kestrel did not answer within ${READY_SECONDS}s"
    plain_ms+=("$ms")
    printf '%-6s %12.1f ms\n' "$round" "$ms"
  done
  echo "median time from exec to a plain Kestrel process answering: $(median "${plain_ms[@]}") ms ($ROUNDS rounds)"
fi
