"""Reading many files in worker processes, within a memory budget, with a progress bar.

:func:`read_files` reads a batch's files with a function that reads one
(:func:`._file.read_one`), in this process for a small batch (at most
:data:`PARALLEL_THRESHOLD` files, or ``workers=1``) and otherwise in a pool
of worker processes:

- the workers together may grow by at most :data:`MEMORY_BUDGET`, each
  by its share (at least :data:`WORKER_MEMORY_MIN`: fewer workers rather
  than workers too small to read a large form); they die with the reading
  process and print nothing;
- files are handed out in chunks that shrink towards the end, so that the
  workers finish together;
- a file that killed its worker (calamine aborts when it cannot allocate) is
  read again only in a capped child of its own, never in this process, and
  named when it kills that one too; a new pool reads the rest.
"""

from __future__ import annotations

import gc
import importlib.util
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pickle import PicklingError
from typing import Any

from ..language.words import word
from ._capped import cap_address_space, die_with_parent, read_capped, silence_stderr
from ._file import Task
from .result import FileMeta, FileRead

__all__ = ["MEMORY_BUDGET", "PARALLEL_THRESHOLD", "WORKER_MEMORY_MIN", "progress_bar",
           "read_files"]

#: Above this many files, several processes read them (unless ``workers=1``).
PARALLEL_THRESHOLD = 64
#: Memory (address space, bytes) the workers together may grow by beyond what they
#: start with: each of ``n`` workers gets ``MEMORY_BUDGET / n`` (see README, Limits).
MEMORY_BUDGET = 4 * 2**30
#: The least share a worker gets: fewer workers rather than workers too small to
#: read a large form.
WORKER_MEMORY_MIN = 512 * 2**20

#: Reads one file; never raises for a bad file (see :func:`._file.read_one`).
Reader = Callable[[Task], FileRead]


def read_files(
    tasks: list[Task], read: Reader, workers: int | None, *, bar: Any = None,
    callback: Callable[[int, int], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
    arrived: Callable[[list[FileRead]], None] | None = None,
) -> list[FileRead]:
    """Read ``tasks`` with ``read``, in worker processes when there are many; in order.

    ``bar`` (:func:`progress_bar`) is moved on and ``callback`` called with
    ``(done, total)`` after each file.  ``meanwhile`` is called once, while
    the workers read (before reading when there are none); if it raises, the
    reading stops and the error is raised.  ``arrived`` is called with the
    files read so far each time a worker's file arrives: work for this
    process, which would otherwise wait.
    """
    results: list[FileRead] = []
    if len(tasks) > PARALLEL_THRESHOLD and workers != 1:
        _pooled(tasks, read, workers, bar, callback, results, meanwhile, arrived)
    else:
        if meanwhile is not None:
            meanwhile()
        _collect(map(read, tasks), len(tasks), bar, callback, results)
    return results


def _init_worker(parent: int, budget: int) -> None:
    # Collection is paused in the parent while it reads (see read_reports); a worker
    # collects as usual.  gc.freeze: the objects inherited from the parent are never
    # scanned by the collector (nor their pages copied on write).
    gc.enable()
    gc.freeze()
    die_with_parent(parent)
    cap_address_space(budget)
    silence_stderr()  # calamine's Rust panics print there; the problems name them


def _worker_plan(workers: int | None) -> tuple[int, int]:
    """(workers, each one's memory share): the batch's budget holds whatever ``workers`` is.

    >>> _worker_plan(2)[0], _worker_plan(64)[0] == MEMORY_BUDGET // WORKER_MEMORY_MIN
    (2, True)
    """
    count = workers or min(32, os.cpu_count() or 1)
    count = max(1, min(count, MEMORY_BUDGET // WORKER_MEMORY_MIN))
    return count, MEMORY_BUDGET // count


def _read_isolated(task: Task, read: Reader, budget: int) -> FileRead:
    """Read one file in a child of its own, capped at ``budget``: after a worker died.

    A file that may have killed a worker is never read in this process: if it
    kills its own child too, it is named (too large, or unreadable) and the
    batch goes on.  Where there is no fork, it is read here as before.
    """
    try:
        got = read_capped(task, read, budget)
    except MemoryError as exc:  # its detail: the budget the child had ("> 900 MB")
        code, detail = "FILE_TOO_LARGE", str(exc) or f"> {budget / 2**20:.0f} MB"
    except (TimeoutError, RuntimeError) as exc:
        code, detail = "FILE_UNREADABLE", str(exc)[:120]
    else:
        return read(task) if got is None else got
    return FileRead.failed(FileMeta(task[1].shown), code, detail)


def _read_many(read: Reader, tasks: list[Task]) -> list[FileRead]:
    return [read(task) for task in tasks]


def _guided_chunks(tasks: list[Task], size: int, workers: int) -> list[list[Task]]:
    """Tasks in chunks of ``size``, smaller towards the end so the workers finish together.

    >>> [len(c) for c in _guided_chunks(list(range(40)), 8, 2)]
    [8, 8, 6, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    """
    out = []
    start = 0
    while start < len(tasks):
        step = max(1, min(size, (len(tasks) - start) // (2 * workers)))
        out.append(tasks[start : start + step])
        start += step
    return out


def progress_bar(total: int, lang: str = "vi") -> Any:
    """A progress bar on stderr: a widget in Jupyter when ipywidgets is there, else text.

    ``tqdm.auto`` warns ("IProgress not found") in a notebook without ipywidgets;
    the text bar works everywhere, so it is the fallback, without a warning.
    """
    in_notebook = "ipykernel" in sys.modules
    if in_notebook and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.notebook import tqdm as bar_class
    else:
        from tqdm import tqdm as bar_class
    return bar_class(total=total, unit=word("bar_unit", lang), file=sys.stderr, leave=False,
                     desc=word("bar_reading", lang))


def _pooled(
    tasks: list[Task], read: Reader, workers: int | None, bar: Any,
    callback: Callable[[int, int], None] | None, results: list[FileRead],
    meanwhile: Callable[[], None] | None, arrived: Callable[[list[FileRead]], None] | None,
) -> None:
    """Read ``tasks`` in worker processes, appending to ``results`` in order.

    ``meanwhile`` runs in this process once the workers have their files.

    When a worker dies (a file made calamine abort, or the worker reached its
    memory share), the files it may have been reading (those the pool had
    handed out and not returned) are each read in a child of their own
    (:func:`_read_isolated`), and a new pool reads the rest.
    """
    count, budget = _worker_plan(workers)
    started = False
    failed: BaseException | None = None
    while len(results) < len(tasks) and failed is None:
        rest = tasks[len(results):]
        chunks = _guided_chunks(rest, max(1, min(64, len(rest) // (count * 4))), count)
        try:
            with ProcessPoolExecutor(max_workers=count, initializer=_init_worker,
                                     initargs=(os.getpid(), budget)) as pool:
                iterator: Iterable[FileRead] = itertools.chain.from_iterable(
                    pool.map(partial(_read_many, read), chunks))
                if arrived is not None:
                    iterator = _announced(iterator, results, arrived)
                if not started:
                    started = True
                    failed = _meanwhile(meanwhile, pool)
                if failed is None:
                    _collect(iterator, len(tasks), bar, callback, results)
        except (BrokenProcessPool, OSError, PicklingError):
            # Chunks are handed out in order; at most one running and one queued per
            # worker, and one more, were out: the culprit is among them.
            done = len(results) - (len(tasks) - len(rest))  # of ``rest``, returned
            suspects: list[Task] = []
            out, at = 2 * count + 1, 0
            for chunk in chunks:
                if at + len(chunk) > done:
                    suspects.extend(chunk[max(0, done - at):])
                    out -= 1
                    if not out:
                        break
                at += len(chunk)
            isolated = (_read_isolated(task, read, budget) for task in suspects)
            _collect(isolated, len(tasks), bar, callback, results)
    if failed is not None:
        raise failed


def _meanwhile(call: Callable[[], None] | None, pool: ProcessPoolExecutor) -> BaseException | None:
    """Run ``call`` while ``pool`` reads; what it raised, with the pool's work cancelled.

    Returned, not raised, so that the pool's own failures (an ``OSError`` among
    them) are never confused with it; the files not yet started are not read.
    """
    if call is None:
        return None
    try:
        call()
    except BaseException as exc:  # re-raised by the caller once the pool is down
        pool.shutdown(wait=False, cancel_futures=True)
        return exc
    return None


def _announced(
    iterator: Iterable[FileRead], results: list[FileRead],
    arrived: Callable[[list[FileRead]], None],
) -> Iterator[FileRead]:
    """``iterator``, calling ``arrived(results)`` once each result has been collected."""
    for result in iterator:
        yield result
        arrived(results)


def _collect(
    iterator: Iterable[FileRead],
    total: int,
    bar: Any,
    callback: Callable[[int, int], None] | None,
    results: list[FileRead],
) -> None:
    """Append each file's result to ``results`` as it arrives (kept if a worker dies)."""
    for result in iterator:
        results.append(result)
        if bar is not None:
            bar.update(1)
        if callback is not None:
            callback(len(results), total)
