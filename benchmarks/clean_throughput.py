"""Throughput of `cbresearch clean` on a 1,000,000-row survey-shaped export.

Builds the export (Windows-1252, `;`, values typed the messy ways the cleaner
accepts), then measures in the same run:

* baseline: a bare ``pandas.read_csv`` + ``DataFrame.to_parquet`` of the file;
* ``cbresearch clean`` of the same file (all datasets: the other four are the
  small bundled ones), run as a subprocess like a user would;

and prints the time ratio (target <= 3x) and the peak resident memory of the
clean process relative to the in-memory size of the baseline frame (target <= 4x).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cbresearch import config
from cbresearch.data.build.reconstruct import likert_text

ROWS = 1_000_000


def build_export(path: Path, rows: int = ROWS) -> None:
    rng = np.random.default_rng(0)
    members = pd.read_csv(config.RAW_DIR / "members.csv", dtype=str, keep_default_na=False)
    authorities = members[members["Tipo"] == "Azienda sanitaria"][["Nome", "Regione"]].to_numpy()
    header = pd.read_csv(config.RAW_DIR / "survey_responses.csv", nrows=0).columns.tolist()
    forms = [lambda s: str(s), lambda s: likert_text(s), lambda s: f" {s},0 ", lambda s: f"{s} "]
    picks = rng.integers(0, len(authorities), rows)
    scores = rng.integers(1, 6, size=(rows, 4))
    form_idx = rng.integers(0, len(forms), size=(rows, 4))
    days = rng.integers(1, 29, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for i in range(rows):
        name, region = authorities[picks[i]]
        writer.writerow(
            [f"R{i:07d}", name, region, f"{days[i]:02d}/11/2019"]
            + [forms[form_idx[i, j]](int(scores[i, j])) for j in range(4)]
            + ["ricostruito"]
        )
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        raw = scratch / "raw"
        raw.mkdir()
        for path in config.RAW_DIR.glob("*.csv"):
            shutil.copy2(path, raw / path.name)
        shutil.copytree(config.ISTAT_RAW_DIR, raw / "istat")
        export = raw / "survey_responses.csv"
        started = time.perf_counter()
        build_export(export)
        print(f"built {ROWS:,} rows ({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")

        baseline_code = (
            "import pandas as pd; "
            f"df = pd.read_csv({str(export)!r}, sep=';', encoding='cp1252'); "
            f"df.to_parquet({str(scratch / 'baseline.parquet')!r}); "
            "print(df.memory_usage(deep=True).sum())"
        )
        baseline_seconds, baseline_out, baseline_peak = timed_python(baseline_code)
        frame_bytes = float(baseline_out.split()[-1])

        clean_code = (
            "import sys; from cbresearch.cli import main; "
            f"sys.argv = ['cbresearch', 'clean', '--raw-dir', {str(raw)!r}, '--out-dir', {str(scratch / 'out')!r}]; "
            "main()"
        )
        clean_seconds, _, clean_peak = timed_python(clean_code)

        print("both measured the same way: wall time of a fresh interpreter (start-up and imports included)")
        print(f"baseline read_csv + to_parquet: {baseline_seconds:6.2f} s, peak RSS {baseline_peak / 1e6:5.0f} MB")
        print(f"cbresearch clean:               {clean_seconds:6.2f} s, peak RSS {clean_peak / 1e6:5.0f} MB")
        print(f"time ratio clean / baseline:    {clean_seconds / baseline_seconds:.2f}x (target <= 3x)")
        print(f"baseline frame size:            {frame_bytes / 1e6:6.0f} MB (DataFrame.memory_usage(deep=True))")
        print(f"peak RSS of clean / frame size: {clean_peak / frame_bytes:.2f}x (target <= 4x)")


def timed_python(code: str) -> tuple[float, str, int]:
    """Run ``code`` in a fresh interpreter; return wall seconds, stdout and its own peak RSS in bytes."""
    wrapper = (
        "import resource, sys\n"
        "try:\n" + "".join(f"    {line}\n" for line in code.split("; ")) + "except SystemExit as exit:\n"
        "    if exit.code: raise\n"
        "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)\n"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"benchmark step failed:\n{result.stderr}")
    lines = result.stdout.strip().splitlines()
    peak = int(lines[-1].split()[1])
    return seconds, "\n".join(lines[:-1]), peak


if __name__ == "__main__":
    main()
