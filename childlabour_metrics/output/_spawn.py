"""Worker processes started by ``spawn`` without importing the program's main script.

A process started by ``spawn`` (the only start method on Windows, and the one
the report's figure pool uses everywhere) first imports the program's main
script again, as ``__mp_main__``.  A script that calls
:func:`~childlabour_metrics.build_report` at its top level, without an
``if __name__ == "__main__":`` guard, would then run the whole report again
in every worker; the workers fail (the folder is locked by the first report,
and ``multiprocessing`` refuses a pool started by a starting worker) and the
pool breaks.

The report's workers run the library's own functions only
(:func:`~childlabour_metrics.output.report._save_pickled`), never the script's,
so they do not need the script at all: while one is started, ``__main__``
is a blank module, and ``multiprocessing`` gives the worker nothing to import
(it does the same for an interactive session).  The worker still gets the
parent's ``sys.path``, so it imports the library from where the script did.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["main_script_hidden"]


@contextmanager
def main_script_hidden() -> Iterator[None]:
    """Within the block, a process started by ``spawn`` does not import the main script.

    Hold it only around the calls that start workers (a pool's ``submit``):
    ``sys.modules["__main__"]`` is a blank module meanwhile.

    Examples
    --------
    >>> import sys
    >>> main = sys.modules["__main__"]
    >>> with main_script_hidden():
    ...     getattr(sys.modules["__main__"], "__file__", None)
    >>> sys.modules["__main__"] is main
    True
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is None:
            del sys.modules["__main__"]
        else:
            sys.modules["__main__"] = main
