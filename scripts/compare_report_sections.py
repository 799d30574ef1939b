"""Compare two folders of published reports section by section, images aside (a refactor must not change them).

Usage: ``python scripts/compare_report_sections.py BEFORE_DIR AFTER_DIR`` — prints, per page, the lines of
text that differ (headings, paragraphs, table rows, captions, alternative texts), the build's own stamps
(dates and times, versions) aside, then how many pages are identical.
"""

from __future__ import annotations

import difflib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

#: what tells two builds apart without being content: dates and times, the package and data versions
STAMPS = re.compile(r"(?<!\d)\d{1,2} \w+ \d{4}(,? (alle )?\d{1,2}[:.]\d{2})?|0\.1\.0\+[0-9a-f]{8}|\b[0-9a-f]{12}\b")
BLOCKS = ("h1", "h2", "h3", "p", "tr", "caption", "li", "figcaption")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("style", "script", "svg"):
            self.skip += 1
        alt = dict(attrs).get("alt") if tag == "img" else None
        if alt:
            self.out.append(f"[immagine: {alt}]")
        if tag in BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in ("style", "script", "svg"):
            self.skip -= 1

    def handle_data(self, data) -> None:
        if not self.skip:
            self.out.append(data)


def sections(path: Path) -> list[str]:
    """The page's text, one line per block, the stamps replaced by ``<stamp>``."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    text = re.sub(r"[ \t]+", " ", "".join(parser.out))
    return [STAMPS.sub("<stamp>", line.strip()) for line in text.split("\n") if line.strip()]


def main(before: Path, after: Path) -> None:
    """Print the differences between the pages of ``before`` and ``after``."""
    same = 0
    pages = sorted(before.glob("*.html"))
    for page in pages:
        old, new = sections(page), sections(after / page.name)
        if old == new:
            same += 1
            continue
        print(f"== {page.name}")
        for line in list(difflib.unified_diff(old, new, lineterm="", n=0))[2:40]:
            print("  ", line[:200])
    print(f"pagine identiche: {same} di {len(pages)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
