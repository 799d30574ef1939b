"""A second `cbresearch reports` with nothing changed must do no work: prints its wall time (target < 1 s)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        command = [str(BIN / "cbresearch"), "reports", "--out-dir", scratch]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        first = time.perf_counter() - started
        started = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()
        second = time.perf_counter() - started
    print(f"first run (builds 22 reports): {first:5.1f} s")
    print(f"second run, nothing changed:   {second:5.2f} s  -> {output}")
    print(f"ratio second run / 1 s budget: {second:.2f}x (target < 1)")


if __name__ == "__main__":
    main()
