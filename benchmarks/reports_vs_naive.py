"""`cbresearch reports --force` against the naive loop, on the same notebook and regions, in one run.

Naive loop: for each region, the `papermill` command line, then the
`jupyter nbconvert --to html` command line, one after the other.  Then the
batch runner with its defaults (zygote kernels, one worker per CPU) and with
``--isolation kernel`` (a fresh kernel per region).  Every side starts cold:
the figures shared by the reports (``data/processed/figures``) are removed
before each run, so the batch pays for drawing them once and the naive loop
draws them in every notebook.  Prints the speed-ups, and checks that the
default batch's executed notebooks have the same outputs as the fresh-kernel
batch's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from cbresearch.data.schema.regions import all_report_codes
from cbresearch.publish.batch.runner import default_notebook, prepare
from cbresearch.publish.report.shared_figures import figures_dir

BIN = Path(sys.executable).parent


def cold() -> None:
    """Forget the shared figures: the next run draws them."""
    shutil.rmtree(figures_dir(), ignore_errors=True)


def outputs(notebook: Path) -> list:
    """Every output of an executed notebook (what a report shows), for comparing two runs."""
    cells = nbformat.read(notebook, as_version=4).cells
    return [
        [(o["output_type"], dict(o.get("data", {})), o.get("text")) for o in c.outputs]
        for c in cells
        if c.cell_type == "code"
    ]


def naive(out: Path, codes: list[str]) -> float:
    cold()
    started = time.perf_counter()
    for code in codes:
        executed = out / f"{code}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(default_notebook()),
                str(executed),
                "-r",
                "region_code",
                code,
                "-k",
                "cbresearch",
                "--cwd",
                str(default_notebook().parent),
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def batch(out: Path, codes: list[str], *extra: str) -> float:
    cold()
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "cbresearch"), "reports", "--force", "--out-dir", str(out), "--regions", ",".join(codes), *extra],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    codes = all_report_codes()
    prepare(None)  # both sides read the same, already cleaned data
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        batch(scratch / "warm", codes[:1], "--isolation", "kernel")  # warm the OS file cache for everyone
        (scratch / "naive").mkdir()
        naive_seconds = naive(scratch / "naive", codes)
        zygote_seconds = batch(scratch / "zygote", codes)
        kernel_seconds = batch(scratch / "kernel", codes, "--isolation", "kernel")
        same = sum(
            outputs(scratch / "zygote" / "notebooks" / f"{c}.ipynb")
            == outputs(scratch / "kernel" / "notebooks" / f"{c}.ipynb")
            for c in codes
        )
        started = time.perf_counter()
        subprocess.run([str(BIN / "cbresearch"), "reports", "--out-dir", str(scratch / "zygote")], check=True,
                       capture_output=True)  # fmt: skip
        noop_seconds = time.perf_counter() - started
    print(f"{len(codes)} reports (20 regions, Italy, San Marino)")
    print(f"naive loop (papermill CLI + nbconvert CLI per region): {naive_seconds:6.1f} s")
    print(f"cbresearch reports --force (zygote, default):           {zygote_seconds:6.1f} s")
    print(f"cbresearch reports --force --isolation kernel:          {kernel_seconds:6.1f} s")
    print(f"speed-up, default:            {naive_seconds / zygote_seconds:5.1f}x (acceptance >= 6x, aim >= 8x)")
    print(f"speed-up, --isolation kernel: {naive_seconds / kernel_seconds:5.1f}x")
    print(f"outputs of the default batch equal to fresh kernels': {same}/{len(codes)} reports")
    print(f"no-change rebuild: {noop_seconds:.2f} s ({noop_seconds:.2f}x the 1 s budget)")


if __name__ == "__main__":
    main()
