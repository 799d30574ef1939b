"""Write environment.yml from pyproject.toml so the two list the same dependencies.

Run ``python scripts/sync_environment.py`` after editing the dependencies in
pyproject.toml; ``tests/test_project.py`` fails while the two disagree.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    """Return the environment.yml text implied by pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [
        "# Generated from pyproject.toml by scripts/sync_environment.py: edit pyproject.toml, then re-run it.",
        "name: cbresearch",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python{project['requires-python']}",
        "  - pip",
    ]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        lines.append(f"  - {requirement}")
    lines += ["  - pip:", "      - -e ."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = ROOT / "environment.yml"
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if target.read_text(encoding="utf-8") == text else 1)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
