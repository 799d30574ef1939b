"""What `--pdf` costs: builds the 22 HTML reports, then prints them to PDF with one headless Chromium.

Prints the browser's start-up, the seconds per PDF page and per report, and the ratio of printing all the
PDFs to building all the HTML reports (measured in this run).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from cbresearch.data.schema.regions import all_report_codes
from cbresearch.publish.batch import run
from cbresearch.publish.batch.publish import report_title
from cbresearch.publish.pdf import PdfPrinter


def main() -> None:
    from pypdf import PdfReader

    codes = all_report_codes()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        started = time.perf_counter()
        result = run(codes, out_dir=out, force=True, progress=False)
        html_seconds = time.perf_counter() - started
        assert not result.failed, [(o.code, o.error) for o in result.failed]
        started = time.perf_counter()
        with PdfPrinter() as printer:
            launched = time.perf_counter()
            for code in codes:
                printer.print(out / f"{code}.html", out / f"{code}.pdf", report_title(code))
        finished = time.perf_counter()
        pages = sum(len(PdfReader(out / f"{code}.pdf").pages) for code in codes)
    printing = finished - launched
    print(f"{len(codes)} reports, {pages} A4 pages")
    print(f"HTML batch (cbresearch reports --force):  {html_seconds:6.1f} s")
    print(f"Chromium start-up:                        {launched - started:6.2f} s")
    print(f"printing every PDF:                       {printing:6.1f} s = {printing / pages:.3f} s per page, "
          f"{printing / len(codes):.2f} s per report")  # fmt: skip
    print(f"ratio PDF printing / HTML batch:          {printing / html_seconds:6.2f}x")


if __name__ == "__main__":
    main()
