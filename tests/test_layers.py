"""The package's imports run one way: cli → output → analysis → survey → io → reference → language.

Walks every module's imports of the package's own code (``ast``, nothing is
imported) and fails on an import that runs up the layers, on a circle of
modules, and on a function-local import of the package's own code that does
not say, in a comment, that it delays a heavy import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import childlabour_metrics as clm

PACKAGE = "childlabour_metrics"
ROOT = Path(clm.__file__).parent

#: The layers from the bottom up; a module may import its own layer and those below.
LAYERS: tuple[str, ...] = ("language", "reference", "io", "survey", "analysis", "output", "cli")
#: The public facade (``__init__``, ``__main__``) sits above every layer.
FACADE = ("", "__main__")


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


def _layer(module: str) -> int:
    """The layer of a module of the package; the facade is above them all."""
    inner = module[len(PACKAGE) + 1:] if module != PACKAGE else ""
    top = inner.split(".")[0]
    if inner in FACADE:
        return len(LAYERS)
    if inner == "_version":  # a constant every layer may read
        return 0
    assert top in LAYERS, f"{module}: in no layer; put it in one of {LAYERS}"
    return LAYERS.index(top)


def _imports(path: Path, module: str, root: Path) -> list[tuple[str, int, bool, str]]:
    """(imported module, line, function-local, the comment on or above it) of own code."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    local = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            local |= {id(n) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # "from . import x": x may be a module of its own
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                is_module = (root / Path(*candidate.split(".")[1:])).with_suffix(".py").exists()
                targets.append(candidate if is_module else target)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                comment = " ".join(lines[max(0, node.lineno - 2): node.end_lineno or node.lineno])
                found.append((target, node.lineno, id(node) in local, comment))
    return found


def _graph(root: Path) -> dict[str, list[tuple[str, int, bool, str]]]:
    return {_module(p, root): _imports(p, _module(p, root), root)
            for p in sorted(root.rglob("*.py"))}


def _known(graph: dict[str, list], target: str) -> str:
    # "from .x import name" names a module x; an unknown target is its package
    while target not in graph and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def upward_imports(graph: dict[str, list[tuple[str, int, bool, str]]]) -> list[str]:
    """Every import of a module from a layer above its own."""
    bad = []
    for module, imports in graph.items():
        for target, line, _, _ in imports:
            if _layer(_known(graph, target)) > _layer(module):
                bad.append(f"{module}:{line} imports {target}")
    return bad


def circles(graph: dict[str, list[tuple[str, int, bool, str]]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), the package excluded."""
    edges = {m: {_known(graph, t) for t, *_ in imports} - {m, PACKAGE}
             for m, imports in graph.items() if m != PACKAGE}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def hidden_imports(graph: dict[str, list[tuple[str, int, bool, str]]]) -> list[str]:
    """Function-local imports of own code without a comment saying they delay a heavy import."""
    return [f"{module}:{line} imports {target} inside a function"
            for module, imports in graph.items()
            for target, line, local, comment in imports
            if local and "lazy:" not in comment]


GRAPH = _graph(ROOT)


def test_no_import_runs_up_the_layers() -> None:
    assert upward_imports(GRAPH) == []


def test_no_circle_of_imports() -> None:
    assert circles(GRAPH) == []


def test_a_local_import_only_delays_a_heavy_one() -> None:
    assert hidden_imports(GRAPH) == [], (
        "import at the top of the module; a function-local import of our own code is "
        "allowed only to delay a heavy import, with a '# lazy: <why>' comment")


def test_every_module_is_in_a_layer() -> None:
    assert len(GRAPH) > 40
    for module in GRAPH:
        _layer(module)


@pytest.fixture
def fake_package(tmp_path: Path) -> Path:
    root = tmp_path / PACKAGE
    for layer in ("language", "reference", "analysis"):
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text("", encoding="utf-8")
    (root / "__init__.py").write_text("", encoding="utf-8")
    return root


def test_the_walk_finds_an_upward_import_a_circle_and_a_hidden_import(fake_package: Path):
    # the checks can fail: each fault planted in a small package is found
    (fake_package / "reference" / "plans.py").write_text(
        "from ..analysis.values import x\n", encoding="utf-8")
    (fake_package / "analysis" / "values.py").write_text(
        "from ..reference.plans import y\nx = 1\n", encoding="utf-8")
    (fake_package / "language" / "words.py").write_text(
        "def f():\n    from .errors import E\n", encoding="utf-8")
    (fake_package / "language" / "errors.py").write_text(
        "def g():\n    from .words import f  # lazy: matplotlib\n", encoding="utf-8")
    graph = _graph(fake_package)
    assert upward_imports(graph) == [
        f"{PACKAGE}.reference.plans:1 imports {PACKAGE}.analysis.values"]
    assert [f"{PACKAGE}.analysis.values", f"{PACKAGE}.reference.plans"] in circles(graph)
    assert hidden_imports(graph) == [
        f"{PACKAGE}.language.words:2 imports {PACKAGE}.language.errors inside a function"]
