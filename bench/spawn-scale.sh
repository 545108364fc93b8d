#!/usr/bin/env bash
# Does spawning stay linear? For each worker count in COUNTS, starts demos/Hello (Release, default environment =
# Production: Logger, PidFiles, Cli, Repl, Stats) with WORKERS=N and measures the time from starting the master to
# all N workers serving (the master's "worker K (pid P) serving" line, printed on WorkerConnected, which a worker
# sends once its server accepts), then checks the port answers. Side by side (same rounds, interleaved), Node's
# cluster module (bench/node/cluster.js) with N workers: the time until its primary prints "listening on" (every
# worker's `listening` event). Prints every run, the medians per N, and the ratios 64/8 (target: at most 8.8, i.e.
# 1.1 × linear) and the time for the largest N (target for 64: at most 5 s on 2 cores).
# Every wait is bounded; every master is stopped by its pid (SIGTERM, then SIGKILL after STOP_SECONDS), and any
# worker that outlives its master is killed by its pid.
#
# Usage: bench/spawn-scale.sh     (env: COUNTS="8 16 32 64" ROUNDS=3 SERVERS="A C" PORT=3105 PORT_NODE=3106
#                                       HELLO_DIR=demos/Hello/bin/Release/net10.0  (another build: a ReadyToRun publish, or a Native AOT publish
#                                       with ReadyToRun: see bench/respawn.sh's R2R option)
#                                       WORKER_ENV="DOTNET_TieredPGO=0 ..." (extra variables for the master, which
#                                       its workers inherit))
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

COUNTS=${COUNTS:-"8 16 32 64"}
ROUNDS=${ROUNDS:-3}
SERVERS=${SERVERS:-"A C"}
PORT=${PORT:-3105}
PORT_NODE=${PORT_NODE:-3106}
HELLO_DIR=${HELLO_DIR:-demos/Hello/bin/Release/net10.0}
WORKER_ENV=${WORKER_ENV:-}
READY_SECONDS=${READY_SECONDS:-120}
STOP_SECONDS=20

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/bench-spawn.XXXXXX")
server_pid=""

fail() { echo "spawn-scale.sh: $*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid children deadline
  server_pid=""
  children=$(ps --ppid "$pid" -o pid= 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_SECONDS))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "spawn-scale.sh: pid $pid still running ${STOP_SECONDS}s after SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  for child in $children; do
    deadline=$((SECONDS + STOP_SECONDS))
    while kill -0 "$child" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$child" 2>/dev/null; then
      echo "spawn-scale.sh: worker pid $child outlived its master; sending SIGKILL" >&2
      kill -KILL "$child" 2>/dev/null || true
    fi
  done
}

trap stop_server EXIT
trap 'exit 130' INT TERM

run() { # name count log -> sets READY_MS to the milliseconds until every worker serves
  local name=$1 count=$2 log=$3 port url t0 deadline served
  if [[ $name == A ]]; then port=$PORT; else port=$PORT_NODE; fi
  url="http://127.0.0.1:$port/"
  curl -s -o /dev/null --max-time 1 "$url" && fail "port $port is already in use on 127.0.0.1"
  t0=$(now_ms)
  if [[ $name == A ]]; then
    # shellcheck disable=SC2086
    env $WORKER_ENV PORT=$port WORKERS=$count $HELLO >"$log" 2>&1 &
  else
    PORT=$port node bench/node/cluster.js "$count" >"$log" 2>&1 &
  fi
  server_pid=$!
  deadline=$((SECONDS + READY_SECONDS))
  while :; do
    if [[ $name == A ]]; then
      served=$(grep -c ' serving$' "$log" 2>/dev/null || true)
      ((${served:-0} >= count)) && break
    else
      grep -qs '^listening on' "$log" && break
    fi
    kill -0 "$server_pid" 2>/dev/null || fail "$name with $count workers exited before serving; see $log"
    ((SECONDS < deadline)) || fail "$name: $count workers not serving within ${READY_SECONDS}s; see $log"
    sleep 0.02
  done
  READY_MS=$(($(now_ms) - t0))
  curl -sf -o /dev/null --max-time 2 "$url" || fail "$name with $count workers: $url does not answer; see $log"
  stop_server
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

command -v curl >/dev/null || fail "curl is needed"
# A framework-dependent build runs as `dotnet Hello.dll`; a Native AOT publish (no Hello.dll) as its own executable.
if [[ -f $HELLO_DIR/Hello.dll ]]; then HELLO="dotnet $HELLO_DIR/Hello.dll"; else HELLO="$HELLO_DIR/Hello"; fi
if [[ $SERVERS == *A* && $HELLO_DIR == demos/Hello/bin/Release/net10.0 ]]; then
  dotnet build demos/Hello/Hello.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
[[ $SERVERS != *A* || -f $HELLO_DIR/Hello.dll || -x $HELLO_DIR/Hello ]] || fail "neither $HELLO_DIR/Hello.dll nor $HELLO_DIR/Hello exists"
[[ $SERVERS != *C* ]] || command -v node >/dev/null || fail "node is needed for C"

declare -A LABEL=([A]="Cluster.Rx Hello" [C]="Node cluster")
echo "machine: $(nproc) cores, $(uname -sr); dotnet $(dotnet --version); node $(node --version 2>/dev/null || echo -)"
echo "Hello: $HELLO_DIR${WORKER_ENV:+ with $WORKER_ENV}; logs: $LOGS"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-6s %-18s %8s %12s\n' round server workers "serving ms"
declare -A MS MED
for ((round = 1; round <= ROUNDS; round++)); do
  for count in $COUNTS; do
    for name in $SERVERS; do
      run "$name" "$count" "$LOGS/$name.$count.$round.log"
      ms=$READY_MS
      MS[$name,$count]="${MS[$name,$count]:-} $ms"
      printf '%-6s %-18s %8d %12d\n' "$round" "$name ${LABEL[$name]}" "$count" "$ms"
    done
  done
done

echo
printf '%-25s %8s %12s %12s\n' "median of $ROUNDS" workers "serving ms" "per worker"
first=${COUNTS%% *}
last=${COUNTS##* }
for name in $SERVERS; do
  for count in $COUNTS; do
    # shellcheck disable=SC2086
    m=$(median ${MS[$name,$count]})
    MED[$name,$count]=$m
    printf '%-25s %8d %12s %12.1f\n' "$name ${LABEL[$name]}" "$count" "$m" "$(awk -v m="$m" -v c="$count" 'BEGIN { print m / c }')"
  done
done
echo
for name in $SERVERS; do
  a=${MED[$name,$first]}
  b=${MED[$name,$last]}
  awk -v a="$a" -v b="$b" -v f="$first" -v l="$last" -v n="$name ${LABEL[$name]}" \
    'BEGIN { printf "%s: %d workers / %d workers = %.2f (linear: %.1f; target <= %.1f); %d workers serve in %.2f s\n", n, l, f, b / a, l / f, 1.1 * l / f, l, b / 1000 }'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
