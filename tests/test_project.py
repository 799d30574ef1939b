"""Project hygiene: set-up files agree with each other and with the README."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

import yaml

from cbresearch import config

ROOT = config.PROJ_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r.replace(" ", "") for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = {}
    for entry in environment["dependencies"]:
        if isinstance(entry, str) and _name(entry) not in ("python", "pip"):
            listed[_name(entry)] = entry.replace(" ", "")
    assert listed == wanted, "environment.yml drifted from pyproject.toml: run scripts/sync_environment.py"
    python = next(e for e in environment["dependencies"] if isinstance(e, str) and e.startswith("python"))
    assert python == "python" + project["requires-python"]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make setup && make reports" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands[-1].strip() == "make test"
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    assert "set -euo pipefail" in ci


def test_makefile_is_self_documenting() -> None:
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    for target in ("setup", "test", "lint", "data", "reports"):
        assert re.search(rf"^\s*{target}\s", result.stdout, flags=re.MULTILINE), target


def test_no_machine_specific_paths_in_the_package() -> None:
    for path in (ROOT / "src" / "cbresearch").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "/root/" not in text and "/home/" not in text, path


def test_generated_directories_are_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "data/processed/*" in ignored and "reports/*" in ignored


def test_benchmark_and_maintenance_scripts_import() -> None:
    """A moved module must not leave a benchmark pointing at its old path (they run outside the tests)."""
    import importlib.util

    for path in sorted((ROOT / "benchmarks").glob("*.py")) + sorted((ROOT / "scripts").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"_checked_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
        try:
            spec.loader.exec_module(module)  # main() is guarded: only the imports run
        finally:
            del sys.modules[spec.name]
