"""The layout's rules (issue 10), checked from the code's own imports.

* the kernel (errors, findings, citations, text, numbers, dates, the private helpers)
  imports nothing but the kernel;
* a pillar (units, hamlets, inspection, directives, reports) imports the kernel, its own
  modules and ``qcdc.units``; only ``reports`` may import the other pillars; no pillar
  imports ``reports``, ``cli``, another pillar's private modules or private names;
* the public faces (``cli``, ``io``, ``strategies``, ``pandas``, ``polars``, ``arrow``,
  ``serve``) may import any pillar;
* no import circles (an import under ``if TYPE_CHECKING:`` excepted);
* no module over 800 lines unless its docstring says why it is one concept.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PILLARS = ("units", "hamlets", "inspection", "directives", "reports")
KERNEL = (
    "errors",
    "findings",
    "citations",
    "text",
    "numbers",
    "dates",
    "_files",
    "_optional",
    "_policy",
    "_bounds",
    "_hypothesis_plugin",
)
FACES = ("cli", "io", "strategies", "pandas", "polars", "arrow", "serve", "__main__", "_console")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "qcdc").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """(module, names imported from it, line) for every import outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST) -> Iterator[ast.AST]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                yield from (n for o in child.orelse for n in [o, *walk(o)])
                continue
            yield child
            yield from walk(child)

    for node in walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, (), node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, tuple(a.name for a in node.names), node.lineno


def _edges(name: str) -> Iterator[tuple[str, str, int]]:
    """(imported module, name taken from it or '', line), resolved to qcdc modules."""
    for module, names, line in _imports(MODULES[name]):
        if not module.startswith("qcdc"):
            continue
        if not names:
            yield module, "", line
            continue
        for n in names:
            sub = f"{module}.{n}"
            if sub in MODULES:
                yield sub, "", line
            else:
                yield module, n, line


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _private(module: str) -> bool:
    return any(p.startswith("_") and p != "__init__" for p in module.split(".")[1:])


def test_every_module_is_classified() -> None:
    unknown = {m for m in MODULES if _part(m) not in (*PILLARS, *KERNEL, *FACES, "")}
    assert unknown == set(), "add the new room to the rules of this test"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_layers(name: str) -> None:
    part = _part(name)
    problems = []
    for target, taken, line in _edges(name):
        tpart = _part(target)
        where = f"{MODULES[name].relative_to(SRC)}:{line} imports {target}"
        if part in KERNEL and tpart not in KERNEL and target != "qcdc":
            problems.append(f"{where}: the kernel imports only the kernel")
        if part in PILLARS and tpart != part:
            if tpart in (*FACES[:-2], "__main__"):
                problems.append(f"{where}: a pillar never imports a public face")
            elif tpart == "_console" and not name.endswith("._cli"):
                problems.append(f"{where}: only a pillar's _cli uses the console kernel")
            elif tpart in PILLARS and tpart != "units" and part != "reports":
                problems.append(f"{where}: only reports may import other pillars")
            elif (
                tpart in PILLARS
                and _private(target)
                and not (name.endswith("._strategies") and target == "qcdc.units._strategies")
            ):  # strategies build on the gazetteers strategy
                problems.append(f"{where}: another pillar's private module")
            if taken.startswith("_") and tpart in PILLARS:
                problems.append(f"{where}: a private name across pillars ({taken})")
        if part == "_console" and tpart not in (*KERNEL, "units"):
            problems.append(f"{where}: the console kernel imports only the kernel and units")
    assert problems == []


def test_no_import_circles() -> None:
    graph = {m: {t for t, _, _ in _edges(m) if t in MODULES and t != m} for m in MODULES}
    # a package's __init__ imports its submodules; a submodule that imports its own package
    # (rather than the concept module) closes a circle, and is reported like any other
    seen: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if seen.get(t) == 1:
                circles.append([*stack[stack.index(t) :], t])
            elif t not in seen:
                visit(t)
        stack.pop()
        seen[m] = 2

    for m in sorted(graph):
        if m not in seen:
            visit(m)
    assert circles == []


# modules still being split by concept (issue 10); the list may only shrink
_BEING_SPLIT: set[str] = set()


def _too_long(name: str) -> bool:
    text = MODULES[name].read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(text)) or ""
    return text.count("\n") > 800 and "one concept" not in doc


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_of_a_readable_size(name: str) -> None:
    """Over 800 lines a module must say in its docstring why it is one concept."""
    if name not in _BEING_SPLIT:
        assert not _too_long(name), f"{MODULES[name]}: split it, or say why it is one concept"


def test_the_list_of_modules_being_split_is_current() -> None:
    assert {n for n in _BEING_SPLIT if not _too_long(n)} == set(), "remove them from the list"
