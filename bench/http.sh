#!/usr/bin/env bash
# HTTP throughput and tail latency, side by side, on this machine:
#   A = demos/Hello with STATS=0: Cluster.Rx master + WORKERS Kestrel workers on one shared socket
#   D = demos/Hello with STATS=1: the same, with Plugins.Stats(connections: true, requests: true)
#   B = bench/PlainKestrel: the same handler in one plain Kestrel process
#   C = bench/node/cluster.js: Node's cluster module with WORKERS workers
# Runs the SERVERS in turn, round after round (A D B C A D B C ..., ROUNDS rounds); each run is a WARMUP wrk run,
# then a measured `wrk --latency` run.
# Prints requests/s, p99 latency, errors and the server's CPU time per request (its processes' user + system time
# over the measured run, from /proc: steadier than requests/s on a busy machine) per run, the medians, and the
# ratios A/B, A/C and D/A (what Stats costs).
# Every server gets its own port on 127.0.0.1, is waited for (at most 20 s) and stopped by the pid this script
# started (a cluster master stops its own workers; stragglers are killed by their pid).
#
# Usage: bench/http.sh            (env: ROUNDS=3 DURATION=10s WARMUP=3s THREADS=2 CONNECTIONS=64 WORKERS=2
#                                       SERVERS="A D B C" PORT_A=3101 PORT_B=3102 PORT_C=3103 PORT_D=3104)
#        SERVERS="A D" bench/http.sh   (Hello with and without Stats only)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WORKERS=${WORKERS:-2}
SERVERS=${SERVERS:-"A D B C"}
declare -A PORT=([A]=${PORT_A:-3101} [B]=${PORT_B:-3102} [C]=${PORT_C:-3103} [D]=${PORT_D:-3104})
declare -A LABEL=(
  [A]="Cluster.Rx Hello, $WORKERS workers"
  [D]="Hello + Stats(true, true)"
  [B]="plain Kestrel, 1 process"
  [C]="Node cluster, $WORKERS workers"
)
HELLO_DLL=demos/Hello/bin/Release/net10.0/Hello.dll
PLAIN_DLL=bench/PlainKestrel/bin/Release/net10.0/PlainKestrel.dll
READY_SECONDS=20
STOP_SECONDS=15

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/bench-http.XXXXXX")
server_pid=""

fail() { echo "http.sh: $*" >&2; exit 1; }

seconds_of() { # 10s -> 10, 2m -> 120
  local d=$1
  case $d in
    *m) echo $(( ${d%m} * 60 )) ;;
    *s) echo "${d%s}" ;;
    *) echo "$d" ;;
  esac
}

stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid children deadline
  server_pid=""
  children=$(ps --ppid "$pid" -o pid= 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_SECONDS))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "http.sh: pid $pid still running ${STOP_SECONDS}s after SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  for child in $children; do
    deadline=$((SECONDS + STOP_SECONDS))
    while kill -0 "$child" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$child" 2>/dev/null; then
      echo "http.sh: worker pid $child outlived its master; sending SIGKILL" >&2
      kill -KILL "$child" 2>/dev/null || true
    fi
  done
}

trap stop_server EXIT
trap 'exit 130' INT TERM

start_server() { # name log
  local name=$1 log=$2 port=${PORT[$1]} url="http://127.0.0.1:${PORT[$1]}/" deadline
  if curl -s -o /dev/null --max-time 1 "$url"; then
    fail "port $port is already in use on 127.0.0.1 (set PORT_$name to a free port)"
  fi
  case $name in
    A) PORT=$port WORKERS=$WORKERS STATS=0 dotnet "$HELLO_DLL" >"$log" 2>&1 & ;;
    D) PORT=$port WORKERS=$WORKERS STATS=1 dotnet "$HELLO_DLL" >"$log" 2>&1 & ;;
    B) PORT=$port dotnet "$PLAIN_DLL" >"$log" 2>&1 & ;;
    C) PORT=$port node bench/node/cluster.js "$WORKERS" >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  deadline=$((SECONDS + READY_SECONDS))
  until curl -sf -o /dev/null --max-time 1 "$url"; do
    kill -0 "$server_pid" 2>/dev/null || fail "${LABEL[$name]} exited before answering; see $log"
    ((SECONDS < deadline)) || fail "${LABEL[$name]} did not answer on $url within ${READY_SECONDS}s; see $log"
    sleep 0.1
  done
}

# wrk --latency output -> "requests/s p99-in-ms errors requests"
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { requests = $1 }
    $1 == "99%" { p99 = ms($2) }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    END { printf "%s %.3f %d %d\n", rps, p99, errors, requests }
  ' "$1"
}

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pid -> user + system clock ticks of that process and its children (a master and its workers)
  local total=0 pid ticks
  for pid in "$1" $(ps --ppid "$1" -o pid= 2>/dev/null || true); do
    # The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    ticks=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

median() { # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- tools and builds -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "installing wrk ..."
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || fail "curl is needed to wait for the servers"

if [[ $SERVERS == *A* || $SERVERS == *D* ]]; then
  [[ -f demos/Hello/Hello.csproj ]] || fail "demos/Hello does not exist yet; run with SERVERS=\"B C\""
  dotnet build demos/Hello/Hello.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
if [[ $SERVERS == *B* ]]; then
  dotnet build bench/PlainKestrel/PlainKestrel.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
if [[ $SERVERS == *C* ]]; then
  command -v node >/dev/null || fail "node is needed for the Node cluster run (C)"
fi

echo "machine: $(nproc) cores, $(uname -sr); dotnet $(dotnet --version); node $(node --version 2>/dev/null || echo -); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up, $ROUNDS rounds of: $SERVERS"
echo "logs: $LOGS"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
echo

declare -A RPS P99 ERR CPU
wrk_timeout=$(( $(seconds_of "$DURATION") + 30 ))
warm_timeout=$(( $(seconds_of "$WARMUP") + 30 ))
printf '%-5s %-32s %12s %10s %8s %12s\n' round server requests/s "p99 ms" errors "cpu us/req"
for ((round = 1; round <= ROUNDS; round++)); do
  for name in $SERVERS; do
    url="http://127.0.0.1:${PORT[$name]}/"
    start_server "$name" "$LOGS/$name.$round.server.log"
    timeout "$warm_timeout" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
    ticks_before=$(cpu_ticks "$server_pid")
    timeout "$wrk_timeout" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$LOGS/$name.$round.wrk.txt"
    ticks_after=$(cpu_ticks "$server_pid")
    stop_server
    read -r rps p99 errors requests < <(parse_wrk "$LOGS/$name.$round.wrk.txt")
    cpu=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", (n > 0 ? t / hz * 1e6 / n : 0) }')
    RPS[$name,$round]=$rps; P99[$name,$round]=$p99; ERR[$name,$round]=$errors; CPU[$name,$round]=$cpu
    printf '%-5s %-32s %12.0f %10.2f %8d %12.2f\n' "$round" "$name ${LABEL[$name]}" "$rps" "$p99" "$errors" "$cpu"
  done
done

echo
printf '%-38s %12s %10s %21s\n' "median over $ROUNDS rounds" requests/s "p99 ms" "cpu us/req"
declare -A MED_RPS MED_P99 MED_CPU
for name in $SERVERS; do
  rpss=(); p99s=(); cpus=()
  for ((round = 1; round <= ROUNDS; round++)); do
    rpss+=("${RPS[$name,$round]}"); p99s+=("${P99[$name,$round]}"); cpus+=("${CPU[$name,$round]}")
  done
  MED_RPS[$name]=$(median "${rpss[@]}"); MED_P99[$name]=$(median "${p99s[@]}"); MED_CPU[$name]=$(median "${cpus[@]}")
  printf '%-38s %12.0f %10.2f %21.2f\n' "$name ${LABEL[$name]}" "${MED_RPS[$name]}" "${MED_P99[$name]}" "${MED_CPU[$name]}"
done

echo
for other in B C; do
  if [[ $SERVERS == *A* && $SERVERS == *$other* ]]; then
    awk -v a="${MED_RPS[A]}" -v o="${MED_RPS[$other]}" -v pa="${MED_P99[A]}" -v po="${MED_P99[$other]}" -v n="$other" \
      'BEGIN { printf "A/%s: requests/s %.3f, p99 %.3f\n", n, a / o, (po > 0 ? pa / po : 0) }'
  fi
done
if [[ $SERVERS == *A* && $SERVERS == *D* ]]; then
  awk -v d="${MED_RPS[D]}" -v a="${MED_RPS[A]}" -v pd="${MED_P99[D]}" -v pa="${MED_P99[A]}" -v cd="${MED_CPU[D]}" -v ca="${MED_CPU[A]}" \
    'BEGIN { printf "D/A: requests/s %.3f, p99 %.3f, cpu per request %.3f (Stats with connections and requests; target: requests/s >= 0.97)\n", d / a, (pa > 0 ? pd / pa : 0), (ca > 0 ? cd / ca : 0) }'
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
