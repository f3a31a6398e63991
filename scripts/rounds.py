"""Runs `cognito-email-doctor -v ... diagnose ...` N times and reports its mean wall time and its
rounds: the calls' start times (when each call's `-v` line arrived, less the time it says it
took) grouped wherever a call starts more than half a delay after the previous one began its
round. For benchmarks only.

usage: rounds.py N DELAY_MS DOCTOR ARGS...
"""
import subprocess
import sys
import time

n, delay_ms, doctor, args = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
walls, rounds, calls = [], [], []
for _ in range(n + 1):  # the first run warms up and is not counted
    t0 = time.monotonic()
    p = subprocess.Popen([doctor, "-v", *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    starts = []
    for line in p.stderr:
        at = (time.monotonic() - t0) * 1000
        if " -> HTTP " in line and line.rstrip().endswith(" ms"):
            took = float(line.rsplit(" in ", 1)[1].split()[0])
            starts.append(at - took)
    p.wait()
    wall = (time.monotonic() - t0) * 1000
    starts.sort()
    groups, first = 0, None
    for s in starts:
        if first is None or s - first > delay_ms / 2:
            groups, first = groups + 1, s
    walls.append(wall)
    rounds.append(groups)
    calls.append(len(starts))
walls, rounds, calls = walls[1:], rounds[1:], calls[1:]
print(f"{sum(walls) / len(walls):6.0f} ms mean, {max(rounds)} rounds, {max(calls)} calls")
