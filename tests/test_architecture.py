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
#: the rooms of the layers that hold more than a handful of modules (import-linter contracts in pyproject.toml)
ROOMS = tuple(
    p.parent.relative_to(PACKAGE).as_posix()
    for layer in LAYERS
    for p in sorted((PACKAGE / layer).glob("*/__init__.py"))
)
#: calls that read data: analysis takes DataFrames, its callers load them
LOADING_CALLS = {"load", "istat_tables", "read_csv", "read_parquet", "read_excel", "read_spss", "read_stata"}
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


@pytest.mark.parametrize("layer", LAYERS + ROOMS)
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


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import one another, directly or not (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def _imports() -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere in its source (function bodies included)."""
    import grimp

    graph = grimp.build_graph("cbresearch", include_external_packages=False, cache_dir=None)
    return {
        module: {
            target
            for target in graph.find_modules_directly_imported_by(module)
            if not module.startswith(target + ".")  # a module's own package (its __init__) is not a cycle
        }
        for module in graph.modules
    }


def test_no_import_cycle_between_modules_of_the_package() -> None:
    assert _cycles(_imports()) == []


def test_the_cycle_rule_can_fail() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _loading_calls(source: str) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in LOADING_CALLS:
                calls.append(f"{name}( on line {node.lineno}")
    return calls


@pytest.mark.parametrize("path", sorted((PACKAGE / "analysis").rglob("*.py")), ids=lambda p: p.name)
def test_the_analysis_never_loads_data(path: Path) -> None:
    assert _loading_calls(path.read_text(encoding="utf-8")) == []


def test_the_loading_rule_can_fail() -> None:
    assert _loading_calls("import cbresearch as cb\nx = cb.load('initiatives')\n") == ["load( on line 2"]
