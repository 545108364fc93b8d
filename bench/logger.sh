#!/usr/bin/env bash
# Workers' output through the Logger, side by side, on this machine:
#   A = the SpecHost's clustered Kestrel app (specs/Cluster.Rx.SpecHost, scenario http, WORKERS workers) with
#       ACCESS_LOG=1: one access line per request on stdout; workers write straight to the master's stdout (a file)
#   B = the same with LOGGER_PATH: Plugins.Logger takes the workers' stdout through the master into
#       workers.access.log
# Runs A B A B ... (ROUNDS rounds); each run is a WARMUP wrk run, then a measured `wrk --latency` run, then a
# graceful stop (SIGQUIT: every line read and flushed). Prints requests/s, p99 and errors per run, the medians and
# the ratio B/A, and checks each run's access lines against the requests wrk reports (warm-up + measured; a few
# more lines than requests are requests in flight when wrk stopped, answered but not counted by wrk).
# Every server gets its own port on 127.0.0.1, is waited for (at most 20 s) and stopped by the pid this script
# started (a straggling worker is killed by its pid).
#
# Usage: bench/logger.sh          (env: ROUNDS=3 DURATION=10s WARMUP=3s THREADS=2 CONNECTIONS=64 WORKERS=2
#                                       PORT_A=3111 PORT_B=3112)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WORKERS=${WORKERS:-2}
declare -A PORT=([A]=${PORT_A:-3111} [B]=${PORT_B:-3112})
declare -A LABEL=([A]="stdout to a file, no Logger" [B]="Plugins.Logger, via the master")
HOST_DLL=specs/Cluster.Rx.SpecHost/bin/Release/net10.0/Cluster.Rx.SpecHost.dll
READY_SECONDS=20
STOP_SECONDS=30

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/bench-logger.XXXXXX")
server_pid=""

fail() { echo "logger.sh: $*" >&2; exit 1; }

seconds_of() { local d=$1; case $d in *m) echo $(( ${d%m} * 60 )) ;; *s) echo "${d%s}" ;; *) echo "$d" ;; esac; }

stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid children deadline
  server_pid=""
  children=$(ps --ppid "$pid" -o pid= 2>/dev/null || true)
  kill -QUIT "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_SECONDS))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "logger.sh: pid $pid still running ${STOP_SECONDS}s after SIGQUIT; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  for child in $children; do
    if kill -0 "$child" 2>/dev/null; then
      echo "logger.sh: worker pid $child outlived its master; sending SIGKILL" >&2
      kill -KILL "$child" 2>/dev/null || true
    fi
  done
}

trap stop_server EXIT
trap 'exit 130' INT TERM

start_server() { # name run-directory
  local name=$1 dir=$2 port=${PORT[$1]} url="http://127.0.0.1:${PORT[$1]}/" deadline
  if curl -s -o /dev/null --max-time 1 "$url"; then
    fail "port $port is already in use on 127.0.0.1 (set PORT_$name to a free port)"
  fi
  mkdir -p "$dir"
  case $name in
    A) ACCESS_LOG=1 PORT=$port WORKERS=$WORKERS dotnet "$HOST_DLL" http >"$dir/stdout" 2>"$dir/stderr" & ;;
    B) ACCESS_LOG=1 LOGGER_PATH="$dir/logs" PORT=$port WORKERS=$WORKERS dotnet "$HOST_DLL" http >"$dir/stdout" 2>"$dir/stderr" & ;;
  esac
  server_pid=$!
  deadline=$((SECONDS + READY_SECONDS))
  until curl -sf -o /dev/null --max-time 1 "$url"; do
    kill -0 "$server_pid" 2>/dev/null || fail "${LABEL[$name]} exited before answering; see $dir"
    ((SECONDS < deadline)) || fail "${LABEL[$name]} did not answer on $url within ${READY_SECONDS}s; see $dir"
    sleep 0.1
  done
}

access_lines() { # name run-directory
  case $1 in
    A) grep -c '^access ' "$2/stdout" || true ;;
    B) grep -c '^access ' "$2/logs/workers.access.log" || true ;;
  esac
}

parse_wrk() { # -> "requests/s p99-ms errors requests"
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { requests += $1 }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    END { printf "%s %.3f %d %d\n", rps, p99, errors, requests }
  ' "$@"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

command -v wrk >/dev/null || fail "wrk is needed: apt-get install -y wrk"
command -v curl >/dev/null || fail "curl is needed to wait for the servers"
dotnet build specs/Cluster.Rx.SpecHost/Cluster.Rx.SpecHost.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null

echo "machine: $(nproc) cores, $(uname -sr); dotnet $(dotnet --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); commit $(git rev-parse --short HEAD)"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency after a $WARMUP warm-up, $ROUNDS rounds of A B, $WORKERS workers"
echo "logs: $LOGS"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

declare -A RPS
wrk_timeout=$(( $(seconds_of "$DURATION") + 30 ))
warm_timeout=$(( $(seconds_of "$WARMUP") + 30 ))
printf '%-5s %-34s %12s %9s %7s %10s %10s %6s\n' round server requests/s "p99 ms" errors requests "log lines" extra
for ((round = 1; round <= ROUNDS; round++)); do
  for name in A B; do
    dir="$LOGS/$name.$round"
    url="http://127.0.0.1:${PORT[$name]}/"
    start_server "$name" "$dir"
    timeout "$warm_timeout" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >"$dir/warmup.txt"
    timeout "$wrk_timeout" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$dir/wrk.txt"
    stop_server
    read -r rps p99 errors _ < <(parse_wrk "$dir/wrk.txt")
    read -r _ _ _ requests < <(parse_wrk "$dir/warmup.txt" "$dir/wrk.txt")
    # The readiness probe (curl) is one request more than wrk's.
    requests=$((requests + 1))
    lines=$(access_lines "$name" "$dir")
    RPS[$name,$round]=$rps
    # extra: lines of requests wrk had sent but not counted when it stopped (at most one per connection per wrk run,
    # a few more when wrk timed requests out); fewer lines than requests would be lines lost.
    printf '%-5s %-34s %12.0f %9.2f %7d %10d %10d %6d%s\n' "$round" "$name ${LABEL[$name]}" "$rps" "$p99" "$errors" "$requests" "$lines" \
      "$((lines - requests))" "$( ((lines < requests)) && echo '  LINES MISSING' || echo '')"
  done
done

echo
declare -A MED
for name in A B; do
  values=(); for ((round = 1; round <= ROUNDS; round++)); do values+=("${RPS[$name,$round]}"); done
  MED[$name]=$(median "${values[@]}")
  printf '%-40s %12.0f\n' "median $name ${LABEL[$name]}" "${MED[$name]}"
done
awk -v a="${MED[A]}" -v b="${MED[B]}" 'BEGIN { printf "B/A: requests/s %.3f\n", b / a }'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
