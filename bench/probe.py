#!/usr/bin/env python3
"""Replacement probes for bench/respawn.sh: time, from an event this script causes itself, until a given process
answers HTTP on 127.0.0.1:PORT. Every probe is one GET on a fresh connection (Connection: close) that reads the
response's headers and looks for X-Worker-Pid; a probe costs a fraction of a millisecond, far less than a curl
(a fork and exec), so the probing takes next to no CPU from the process being timed on a 2-core machine.

  probe.py standby PORT VICTIM PID LIMIT
      SIGKILLs VICTIM and probes back to back until PID answers; prints "gone serving" in ms from the kill (gone:
      VICTIM has exited, its pidfd readable, watched beside the probes since a probe waits in the accept queue).
  probe.py replace PORT VICTIM MASTER LIMIT
      SIGKILLs VICTIM, watches MASTER's children for a new one (every ms), then probes every PAUSE until that child
      answers; prints "pid spawned serving", times in ms from the kill.
  probe.py exec PORT LIMIT COMMAND...
      Starts COMMAND (the environment is this one's) and probes every PAUSE until it answers; prints the ms from
      just before the exec to the first answer, then stops the process (SIGTERM; SIGKILL after STOP seconds) and
      reaps it.

Each exits 1 (printing nothing) when nothing answered within LIMIT seconds.
"""
import glob
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
PAUSE = 0.002  # between probes of a process that is starting: its start needs the CPU more than the probe's resolution
STOP = 15


def answering_pid(port):
    """The X-Worker-Pid of one response on a fresh connection; "" for a response without it; None for no response."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(REQUEST)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    return None
                data += chunk
    except OSError:
        return None
    for line in data.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"x-worker-pid":
            return value.strip().decode()
    return ""


def ms_since(t0):
    return (time.monotonic_ns() - t0) / 1e6


def children(pid):
    found = set()
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(path) as f:
                found.update(int(p) for p in f.read().split())
        except OSError:
            pass
    return found


def standby(port, victim, pid, limit):
    exited = select.poll()
    exited.register(os.pidfd_open(victim), select.POLLIN)
    gone = []
    t0 = time.monotonic_ns()
    os.kill(victim, signal.SIGKILL)
    watch = threading.Thread(target=lambda: exited.poll(int(limit * 1000)) and gone.append(ms_since(t0)))
    watch.start()
    while ms_since(t0) < limit * 1000:
        if answering_pid(port) == str(pid):
            serving = ms_since(t0)
            watch.join()
            print(f"{gone[0]:.2f} {serving:.2f}")
            return 0
    return 1


def replace(port, victim, master, limit):
    before = children(master)
    t0 = time.monotonic_ns()
    os.kill(victim, signal.SIGKILL)
    fresh = None
    while ms_since(t0) < limit * 1000:
        new = children(master) - before - {victim}
        if new:
            fresh, spawned = min(new), ms_since(t0)
            break
        time.sleep(0.001)
    while fresh is not None and ms_since(t0) < limit * 1000:
        if answering_pid(port) == str(fresh):
            print(f"{fresh} {spawned:.1f} {ms_since(t0):.1f}")
            return 0
        time.sleep(PAUSE)
    return 1


def execute(port, limit, command):
    t0 = time.monotonic_ns()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answered = None
    try:
        while ms_since(t0) < limit * 1000 and process.poll() is None:
            if answering_pid(port) is not None:
                answered = ms_since(t0)
                break
            time.sleep(PAUSE)
    finally:
        process.terminate()
        try:
            process.wait(STOP)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if answered is None:
        return 1
    print(f"{answered:.1f}")
    return 0


def main(args):
    mode = args[0]
    if mode == "standby":
        return standby(int(args[1]), int(args[2]), int(args[3]), float(args[4]))
    if mode == "replace":
        return replace(int(args[1]), int(args[2]), int(args[3]), float(args[4]))
    if mode == "exec":
        return execute(int(args[1]), float(args[2]), args[3:])
    print(f"probe.py: unknown mode {mode!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
