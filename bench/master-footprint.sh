#!/usr/bin/env bash
# The idle master's footprint, side by side with Node's cluster primary: starts demos/Hello (Release, default
# environment = Production: Logger, PidFiles, Cli, Repl, Stats) with WORKERS workers, waits until they all serve,
# lets it settle for SETTLE seconds, then reads the master's RSS, PSS and anonymous memory (/proc/PID/status and
# smaps_rollup), its threads, and its CPU time (utime + stime from /proc/PID/stat) over IDLE seconds with no traffic.
# The same for bench/node/cluster.js. Also prints the master's biggest mappings (what the RSS is made of).
# Every master is stopped by its pid (SIGTERM, then SIGKILL); workers that outlive it are killed by their pid.
#
# Usage: bench/master-footprint.sh   (env: WORKERS=2 SETTLE=10 IDLE=30 SERVERS="A C" PORT=3107 PORT_NODE=3108
#                                           HELLO_DIR=demos/Hello/bin/Release/net10.0 MASTER_ENV="DOTNET_gcServer=0 ...")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

WORKERS=${WORKERS:-2}
SETTLE=${SETTLE:-10}
IDLE=${IDLE:-30}
SERVERS=${SERVERS:-"A C"}
PORT=${PORT:-3107}
PORT_NODE=${PORT_NODE:-3108}
HELLO_DIR=${HELLO_DIR:-demos/Hello/bin/Release/net10.0}
MASTER_ENV=${MASTER_ENV:-}
READY_SECONDS=60
STOP_SECONDS=20
CLK_TCK=$(getconf CLK_TCK)

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/bench-footprint.XXXXXX")
server_pid=""

fail() { echo "master-footprint.sh: $*" >&2; exit 1; }

stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid children deadline
  server_pid=""
  children=$(ps --ppid "$pid" -o pid= 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_SECONDS))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for child in $children; do
    deadline=$((SECONDS + STOP_SECONDS))
    while kill -0 "$child" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$child" 2>/dev/null; then
      echo "master-footprint.sh: worker pid $child outlived its master; sending SIGKILL" >&2
      kill -KILL "$child" 2>/dev/null || true
    fi
  done
}

trap stop_server EXIT
trap 'exit 130' INT TERM

ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "$1"; }

measure() { # name
  local name=$1 port log deadline served t1 t2
  if [[ $name == A ]]; then port=$PORT; else port=$PORT_NODE; fi
  log=$LOGS/$name.log
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && fail "port $port is already in use on 127.0.0.1"
  if [[ $name == A ]]; then
    # shellcheck disable=SC2086
    env $MASTER_ENV PORT=$port WORKERS=$WORKERS $HELLO >"$log" 2>&1 &
  else
    PORT=$port node bench/node/cluster.js "$WORKERS" >"$log" 2>&1 &
  fi
  server_pid=$!
  deadline=$((SECONDS + READY_SECONDS))
  while :; do
    if [[ $name == A ]]; then
      served=$(grep -c ' serving$' "$log" 2>/dev/null || true)
      ((${served:-0} >= WORKERS)) && break
    else
      grep -qs '^listening on' "$log" && break
    fi
    kill -0 "$server_pid" 2>/dev/null || fail "$name exited before serving; see $log"
    ((SECONDS < deadline)) || fail "$name not serving within ${READY_SECONDS}s; see $log"
    sleep 0.05
  done
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/" || fail "$name does not answer; see $log"
  sleep "$SETTLE"
  t1=$(ticks "$server_pid")
  sleep "$IDLE"
  t2=$(ticks "$server_pid")
  printf '%-26s %9d %9d %9d %8d %10d %12.0f\n' "$name ${LABEL[$name]}" \
    "$(kib /proc/$server_pid/status VmRSS)" "$(kib /proc/$server_pid/smaps_rollup Pss)" \
    "$(kib /proc/$server_pid/smaps_rollup Anonymous)" "$(awk '/^Threads:/ { print $2 }' /proc/$server_pid/status)" \
    $((t2 - t1)) "$(awk -v t=$((t2 - t1)) -v hz="$CLK_TCK" -v s="$IDLE" 'BEGIN { print t / hz * 1000 / s }')"
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6; if (name == "") name = "[anonymous]" } /^Rss:/ { rss[name] += $2 }
       END { for (n in rss) if (rss[n] >= 512) printf "%8d KiB  %s\n", rss[n], n }' "/proc/$server_pid/smaps" |
    sort -rn | sed 's#/usr/share/dotnet/shared/##' >"$LOGS/$name.mappings.txt"
  stop_server
}

command -v curl >/dev/null || fail "curl is needed"
# A framework-dependent build runs as `dotnet Hello.dll`; a Native AOT publish (no Hello.dll) as its own executable.
if [[ -f $HELLO_DIR/Hello.dll ]]; then HELLO="dotnet $HELLO_DIR/Hello.dll"; else HELLO="$HELLO_DIR/Hello"; fi
if [[ $SERVERS == *A* && $HELLO_DIR == demos/Hello/bin/Release/net10.0 ]]; then
  dotnet build demos/Hello/Hello.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi

declare -A LABEL=([A]="Cluster.Rx Hello master" [C]="Node cluster primary")
echo "machine: $(nproc) cores, $(uname -sr); dotnet $(dotnet --version); node $(node --version 2>/dev/null || echo -)"
echo "$WORKERS workers; settle ${SETTLE}s, then ${IDLE}s idle; Hello: $HELLO_DIR${MASTER_ENV:+ with $MASTER_ENV}; logs: $LOGS"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-26s %9s %9s %9s %8s %10s %12s\n' process "RSS KiB" "PSS KiB" "anon KiB" threads "idle ticks" "idle CPU ms/s"
for name in $SERVERS; do
  measure "$name"
done
for name in $SERVERS; do
  echo
  echo "$name ${LABEL[$name]}: mappings of 512 KiB or more (RSS)"
  head -15 "$LOGS/$name.mappings.txt"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
