#!/usr/bin/env python3
"""Cold replacement, two builds side by side: starts demos/Hello from build A and from build B at once (each on its
own port, WORKERS workers, no standby), then ROUNDS times, in turn, SIGKILLs the oldest worker of each and times the
replacement with bench/probe.py's `replace` (SIGKILL -> the new child of the master -> a request answered by it).
Single figures on a 2-core machine move by +-15 % between runs; interleaving the two builds cancels most of that.
Both masters are stopped with SIGQUIT by pid (SIGKILL after 30 s) and reaped.

Usage: bench/respawn-ab.py A/Hello.dll B/Hello.dll   (env: WORKERS=1 ROUNDS=8 PORT_A=3211 PORT_B=3212)
  e.g. git worktree add /tmp/before HEAD~1 && dotnet build /tmp/before/demos/Hello -c Release, then
       bench/respawn-ab.py demos/Hello/bin/Release/net10.0/Hello.dll /tmp/before/demos/Hello/bin/Release/net10.0/Hello.dll
"""
import contextlib
import io
import os
import signal
import statistics
import subprocess
import sys
import time

import probe

READY_SECONDS = 60
REPLACE_SECONDS = 10
PAUSE_SECONDS = 3.5  # after each kill; a worker is killed every 7 s, past the master's 5 s crash-loop window


def ready(master, port, workers):
    deadline = time.monotonic() + READY_SECONDS
    while len(probe.children(master.pid)) < workers or probe.answering_pid(port) is None:
        if master.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def replace(master, port):
    """The ms from SIGKILLing the master's oldest worker to its replacement answering (probe.py's replace)."""
    victim = min(probe.children(master.pid))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if probe.replace(port, victim, master.pid, REPLACE_SECONDS) != 0:
            raise SystemExit(f"respawn-ab.py: no replacement for worker pid {victim} answered within {REPLACE_SECONDS} s")
    _, spawned, serving = out.getvalue().split()
    return float(spawned), float(serving)


def main(builds):
    workers = int(os.environ.get("WORKERS", "1"))
    rounds = int(os.environ.get("ROUNDS", "8"))
    ports = {"A": int(os.environ.get("PORT_A", "3211")), "B": int(os.environ.get("PORT_B", "3212"))}
    masters = {}
    serving = {name: [] for name in builds}
    try:
        for name, dll in builds.items():
            env = dict(os.environ, PORT=str(ports[name]), WORKERS=str(workers), STANDBY="0")
            masters[name] = subprocess.Popen(["dotnet", dll], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name in builds:
            if not ready(masters[name], ports[name], workers):
                raise SystemExit(f"respawn-ab.py: {name} ({builds[name]}) did not serve within {READY_SECONDS} s")
        time.sleep(2 * PAUSE_SECONDS)
        print(f"load average at start: {open('/proc/loadavg').read().split()[:3]}; {workers} worker(s) each")
        print(f"{'round':<6} {'build':<6} {'spawned ms':>11} {'serving ms':>11}")
        for round_ in range(1, rounds + 1):
            for name in builds:
                spawned, ms = replace(masters[name], ports[name])
                serving[name].append(ms)
                print(f"{round_:<6} {name:<6} {spawned:>11.1f} {ms:>11.1f}", flush=True)
                time.sleep(PAUSE_SECONDS)
    finally:
        for master in masters.values():
            master.send_signal(signal.SIGQUIT)
        for master in masters.values():
            try:
                master.wait(30)
            except subprocess.TimeoutExpired:
                master.kill()
                master.wait()
    for name, dll in builds.items():
        values = serving[name]
        print(f"{name} {dll}: median {statistics.median(values):.1f} ms ({min(values):.1f}-{max(values):.1f}, {len(values)} kills)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main({"A": sys.argv[1], "B": sys.argv[2]}))
