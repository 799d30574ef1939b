"""Keep the message catalogue of the command line current: extract, merge into the Italian catalogue, compile.

Run ``make messages`` (or ``python scripts/messages.py``) after adding or
changing a message wrapped in ``_()``; then write its Italian in
``src/cbresearch/locale/it/LC_MESSAGES/cbresearch.po`` and run it again.
``tests/test_i18n.py`` fails while a message has no Italian or the compiled
catalogue is older than the ``.po``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "cbresearch" / "locale"
TEMPLATE = LOCALE / "cbresearch.pot"


def main() -> None:
    """Extract (pybabel extract), update the Italian catalogue (pybabel update), compile it (pybabel compile)."""
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    common = ["--omit-header", "--no-location", "--sort-output"]
    subprocess.run([pybabel, "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", *common, "-o", str(TEMPLATE), "."],
                   cwd=ROOT, check=True)  # fmt: skip
    subprocess.run([pybabel, "update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", "cbresearch", "-l", "it",
                    "--no-fuzzy-matching", "--ignore-obsolete"], cwd=ROOT, check=True)  # fmt: skip
    subprocess.run([pybabel, "compile", "-d", str(LOCALE), "-D", "cbresearch", "-l", "it"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
