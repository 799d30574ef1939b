"""Ratio of `import cbresearch` to `import pandas` (target <= 1.3x).

Each import is timed in fresh interpreters (best of several runs, after one
warm-up to fill the OS file cache), in the same run of this script.
"""

from __future__ import annotations

import subprocess
import sys
import time

RUNS = 7


def best_import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warm-up
    times = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        times.append(float(out))
    return min(times)


def main() -> None:
    started = time.perf_counter()
    pandas_time = best_import_time("pandas")
    package_time = best_import_time("cbresearch")
    usage_time = best_import_time("cbresearch.data.store.load")  # what cb.load needs: pandas + config
    print(f"import pandas:              {pandas_time * 1000:7.1f} ms (best of {RUNS})")
    print(f"import cbresearch:          {package_time * 1000:7.1f} ms")
    print(f"import cbresearch.data.store.load: {usage_time * 1000:7.1f} ms")
    print(f"ratio cbresearch / pandas:         {package_time / pandas_time:.2f}x (target <= 1.3x)")
    print(f"ratio cbresearch.data.store.load / pandas: {usage_time / pandas_time:.2f}x (target <= 1.3x)")
    print(f"(measured in {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
