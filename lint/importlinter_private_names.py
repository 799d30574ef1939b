"""An import-linter contract type: no module uses a private name (``_name``) of another module.

Import-linter's own contracts look at which modules import which; this one
also reads each module's source (with :mod:`ast`) and reports every
``from x import _name`` and every ``module._name`` where ``x`` / ``module`` is
another module of the package.  A module's own private names, dunder
names (``__version__``) and gettext's ``_`` (the public name of a message
lookup, by a convention older than Python's privacy one) are fine.  Registered in ``pyproject.toml`` under
``[tool.importlinter]`` as ``contract_types = ["private_names: importlinter_private_names.PrivateNamesContract"]``
(``make lint`` puts this folder on ``PYTHONPATH``).
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from importlinter import Contract, ContractCheck, fields, output


def _private(name: str) -> bool:
    if name == "_":  # gettext's message lookup (cbresearch.i18n._)
        return False
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of ``from <level dots><target> import …`` written in ``module``."""
    if level == 0:
        return target or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _violations(module: str, path: Path, known: set[str]) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    is_package = path.name == "__init__.py"
    aliases: dict[str, str] = {}  # local name -> module of the package it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    aliases[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
        elif isinstance(node, ast.ImportFrom):
            origin = _resolve(module, is_package, node.level, node.module)
            if origin not in known or origin == module:
                continue
            for alias in node.names:
                if f"{origin}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{origin}.{alias.name}"
                elif _private(alias.name):
                    found.append(f"{module}:{node.lineno}: imports {alias.name} from {origin}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name):
            target = aliases.get(node.value.id)
            if target is not None and target != module:
                found.append(f"{module}:{node.lineno}: uses {node.value.id}.{node.attr} of {target}")
    return found


class PrivateNamesContract(Contract):
    """Modules under ``containers`` never use another module's private names.

    Options
    -------
    containers : the packages to check (e.g. ``cbresearch``).
    """

    containers = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        modules = {m for m in graph.modules if any(m == c or m.startswith(c + ".") for c in self.containers)}
        violations = []
        for module in sorted(modules):
            spec = importlib.util.find_spec(module)
            if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
                continue
            violations += _violations(module, Path(spec.origin), modules)
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(violation, bold=False)
            output.new_line()
