"""The shape of the package: small modules and functions, documented layers, HTML only from templates.

The direction of imports is checked by import-linter in ``make lint`` (see
``[tool.importlinter]`` in pyproject.toml); these tests check what it cannot.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cbresearch import config

PACKAGE = config.PACKAGE_DIR
MODULES = sorted(PACKAGE.rglob("*.py"))
NAMES = [p.relative_to(PACKAGE).as_posix() for p in MODULES]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
#: functions allowed to be longer, each with the reason (none today)
LONG_FUNCTIONS: dict[str, str] = {}
LAYERS = ("sources", "data", "analysis", "check", "publish")
HTML_TAG = re.compile(r"<(?:html|head|body|p|div|span|table|thead|tbody|tr|td|th|ul|ol|li|a|h[1-6]|em|b|strong)[\s>]")


def _docstring_nodes(tree: ast.Module) -> set[int]:
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                nodes.add(id(first.value))
    return nodes


def _function_length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    length = (node.end_lineno or node.lineno) - node.lineno + 1
    if ast.get_docstring(node, clean=False) is not None:
        docstring = node.body[0]
        length -= (docstring.end_lineno or docstring.lineno) - docstring.lineno + 1
    return length


@pytest.mark.parametrize("path", MODULES, ids=NAMES)
def test_no_module_over_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines: split it by responsibility"


def test_no_function_over_60_lines() -> None:
    long = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{path.relative_to(PACKAGE).as_posix()}:{node.name}"
                if _function_length(node) > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS:
                    long.append(f"{name} ({_function_length(node)} lines without its docstring)")
    assert long == []


def test_the_length_rule_can_fail() -> None:
    source = "def f():\n    '''doc'''\n" + "    x = 1\n" * 61
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef) and _function_length(node) == 62 > MAX_FUNCTION_LINES  # def line + body


@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_says_what_lives_there_and_what_it_may_import(layer: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and "May import" in docstring, f"{layer}/__init__.py: say what lives there and what it may import"


@pytest.mark.parametrize("path", MODULES, ids=NAMES)
def test_no_html_is_assembled_in_python(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if literal and HTML_TAG.search(node.value):
            found.append(f"line {node.lineno}: {node.value[:60]!r}")
    assert found == [], f"{path.name}: HTML belongs in a Jinja2 template under publish/templates"


def test_the_html_rule_can_fail() -> None:
    assert HTML_TAG.search("<p>{caption}</p>") and not HTML_TAG.search("a < b and c > d")


def test_every_page_template_is_used() -> None:
    pages = PACKAGE / "publish" / "templates" / "pages"
    source = "".join(p.read_text(encoding="utf-8") for p in MODULES)
    source += "".join(p.read_text(encoding="utf-8") for p in pages.glob("*.j2"))  # templates extend each other
    for template in pages.glob("*.j2"):
        assert f'"{template.name}"' in source, f"{template.name} is not rendered anywhere"
