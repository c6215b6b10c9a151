"""Whether worker processes may be started by ``spawn`` from this program.

A process started by ``spawn`` (the only start method on Windows, and the
one the report's figure pool uses everywhere) imports the program's main
script again before it runs anything.  A script that calls
:func:`~childlabour_metrics.build_report` at its top level, without an
``if __name__ == "__main__":`` guard, would then run the whole report once
more in every worker: the workers fail (a second report is refused by the
folder's lock, and ``multiprocessing`` refuses a pool started while a worker
is starting) and the pool breaks.  Such a script gets no pool: its figures
are saved one after another, slower but the same.

The script is read, not run: a top level made of imports, definitions (a
class body held to the same rule), assignments without calls, docstrings and
``if __name__ == "__main__":`` blocks is safe to import again; anything else
(a call, a decorator called, a loop) is not.  A notebook,
an interactive session or ``python -c`` has no script to import again.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

__all__ = ["main_is_guarded", "source_is_guarded"]


def _is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (either way round)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, *test.comparators]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    mains = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(mains) == 1


def _calls(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call | ast.Await) for n in ast.walk(node))


def source_is_guarded(source: str) -> bool:
    """Whether a script may be imported again without running anything but definitions.

    Examples
    --------
    >>> source_is_guarded('import childlabour_metrics as clm\\n'
    ...                   'if __name__ == "__main__":\\n    clm.build_report("r", "p", "out")\\n')
    True
    >>> source_is_guarded('import childlabour_metrics as clm\\n'
    ...                   'clm.build_report("r", "p", "out")\\n')
    False
    >>> source_is_guarded('PLAN = "hai-duong-2021"\\nunits = clm.load_units("u.csv")\\n')
    False
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if any(_calls(d) for d in node.decorator_list):
                return False
            continue
        if isinstance(node, ast.ClassDef):  # its body runs: only definitions may call
            if any(_calls(d) for d in node.decorator_list) or not source_is_guarded(
                    ast.unparse(ast.Module(body=node.body, type_ignores=[]))):
                return False
            continue
        if _is_main_guard(node):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring
        if isinstance(node, ast.Assign | ast.AnnAssign) and not _calls(node):
            continue
        return False
    return True


def main_is_guarded() -> bool:
    """Whether this program's main script may be imported again by a spawned worker.

    True for a notebook, an interactive session, ``python -c`` and a program run
    with ``python -m`` whose module is guarded (the command line is); False when
    the script cannot be read.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None:
        return True  # nothing a worker would import again
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return source_is_guarded(source)
