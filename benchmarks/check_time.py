"""Time of `cbresearch check` (target: under 5 s), as a ratio of the 5 s budget.

Runs the command in a fresh interpreter (start-up, imports and data loading
included), three times, after one warm-up run that also brings the processed
tables up to date.
"""

from __future__ import annotations

import subprocess
import sys
import time

BUDGET_SECONDS = 5.0
RUNS = 3


def main() -> None:
    command = [sys.executable, "-m", "cbresearch.cli", "check"]
    subprocess.run(command, check=True, capture_output=True)  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
    print(result.stdout.strip().splitlines()[-1])
    best, worst = min(times), max(times)
    print(f"cbresearch check: best {best:.2f} s, worst {worst:.2f} s of {RUNS} runs")
    print(f"ratio worst / budget ({BUDGET_SECONDS:.0f} s): {worst / BUDGET_SECONDS:.2f}x (target < 1)")


if __name__ == "__main__":
    main()
