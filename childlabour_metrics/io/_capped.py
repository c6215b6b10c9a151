"""Reading an .xls in a child process whose memory is capped.

An .xls cannot be sized before calamine reads it the way an .xlsx can: its
sheets are BIFF records inside an OLE compound file, and calamine builds
every sheet's grid as soon as it opens the workbook, trusting row and column
numbers up to 65,535 (a 5 KB file can ask for 137 GB, and the process
aborts).  So the workbook is read in a forked child with a cap on its address
space: a hostile file ends the child, not the batch.  Where the system has
no ``fork`` or no address-space limit (Windows), this returns ``None`` and the
caller reads the file directly, unguarded.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["cap_address_space", "die_with_parent", "read_capped"]

#: Memory the child may take beyond what it inherits: a sheet at the cell limit
#: (5 million cells) as calamine's grid and as Python rows fits well within it.
BUDGET = 1_500_000_000
#: Resident memory a capped child may reach, what it inherits included (issue 21: no
#: file takes a process of the batch above 1 GB; a 5 KB .xls naming cell IV65536 made
#: calamine build a grid of 1.1 GB).  The child's budget is cut to fit under it ...
CEILING = 2**30
#: ... but never below this, so that a reading process already large (a notebook's)
#: still reads a small .xls.
_FLOOR = 256 * 2**20
#: Seconds the child may take before it is stopped.
TIMEOUT = 300


#: Whether this process's stderr goes to the null device for good (a reading worker).
_SILENCED = False
#: The null device, opened once per process (per call it would be another syscall).
_DEVNULL: int | None = None


def _devnull() -> int:
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = os.open(os.devnull, os.O_WRONLY)
    return _DEVNULL


def silence_stderr() -> None:
    """Send this process's stderr (fd 2) to the null device for good: a reading worker's.

    calamine's Rust code prints a panic on fd 2 ("thread '<unnamed>' panicked
    at …", with a backtrace when ``RUST_BACKTRACE`` is set) before the panic
    reaches Python, where it becomes the file's ``FILE_UNREADABLE`` problem: a
    batch with broken files would fill the terminal with Rust messages; and it
    reports a failed allocation there before aborting.  A worker or a capped
    child prints nothing a user needs: its results and errors come back to
    the reading process, which names them.
    """
    global _SILENCED
    os.dup2(_devnull(), 2)
    _SILENCED = True


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """fd 2 to the null device for one calamine call, then back (see silence_stderr)."""
    if _SILENCED:
        yield
        return
    # No sys.stderr.flush() first: it is line-buffered (a line is written at once), and
    # in Jupyter it is no file descriptor at all, where a flush per call waits on the
    # kernel's output thread.
    try:
        saved = os.dup(2)
        os.dup2(_devnull(), 2)
    except OSError:  # no fd 2 (a service): nothing to silence
        yield
        return
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def read_capped(data: Any, read: Any, budget: int = BUDGET) -> Any:
    """``read(data)`` run in a child whose address space is capped, or None if not possible.

    ``read`` returns something picklable.  A child that dies (calamine aborts
    when it cannot allocate) or runs out of time raises :class:`MemoryError`
    or :class:`TimeoutError` here.  The child may grow by ``budget`` bytes of
    address space, never past the limit this process itself has, nor past
    :data:`CEILING` resident.

    Examples
    --------
    >>> read_capped(b"abc", lambda data: [len(data)]) in ([3], None)
    True
    """
    try:
        import resource
    except ImportError:
        return None
    if not hasattr(os, "fork"):
        return None
    budget = _within_ceiling(budget)
    limit = _limit(resource, budget)
    if limit is None:
        return None
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, and leave without cleanup
        status = 1
        try:
            os.close(receive)
            die_with_parent(os.getppid(), watch=False)
            silence_stderr()  # the parent names the problem
            resource.setrlimit(resource.RLIMIT_AS, limit)
            try:
                payload = pickle.dumps(("ok", read(data)))
            except BaseException as exc:  # every failure goes to the parent
                detail = " ".join(str(exc).split())[:120] or type(exc).__name__
                payload = pickle.dumps(("error", RuntimeError(detail)))
            with os.fdopen(send, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(send)
    chunks = []
    deadline = time.monotonic() + TIMEOUT
    try:
        while True:
            ready, _, _ = select.select([receive], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)
                os.waitpid(pid, 0)
                # The text is a problem's detail, shown in messages in either language.
                raise TimeoutError(f"> {TIMEOUT} s")
            chunk = os.read(receive, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(receive)
    _, status = os.waitpid(pid, 0)
    if status != 0 or not chunks:
        raise MemoryError(f"> {budget / 2**20:.0f} MB")  # as the timeout: words-free
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def _within_ceiling(budget: int) -> int:
    """``budget`` cut so that a child of this process stays under :data:`CEILING` resident.

    What is resident now, plus at most the budget (address space grows at
    least as fast as resident memory); never below :data:`_FLOOR`.

    >>> _FLOOR <= _within_ceiling(BUDGET) <= BUDGET
    True
    """
    try:
        with Path("/proc/self/statm").open("rb") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError, IndexError):
        return budget  # no /proc: no cap either (see _limit)
    return min(budget, max(_FLOOR, CEILING - resident))


def _limit(resource: Any, budget: int = BUDGET) -> tuple[int, int] | None:
    """An address-space limit: what this process has now plus ``budget``.

    Never above the limit already in force (a worker's share of the batch's
    budget holds for the children it forks too).
    """
    try:
        with Path("/proc/self/statm").open("rb") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError, AttributeError):
        return None  # no /proc (macOS, where RLIMIT_AS is not enforced anyway)
    wanted = size + budget
    for limit in (soft, hard):
        if limit != resource.RLIM_INFINITY:
            wanted = min(wanted, limit)
    return wanted, hard


def cap_address_space(budget: int) -> bool:
    """Cap this process's address space at its present size plus ``budget``; False if not.

    Used by each worker for its share of the batch's memory budget: a file
    that needs more makes the worker fail (or calamine abort), not the machine.

    Examples
    --------
    >>> cap_address_space(2**62) in (True, False)
    True
    """
    try:
        import resource
    except ImportError:
        return False
    limit = _limit(resource, budget)
    if limit is None:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_AS, limit)
    except (ValueError, OSError):
        return False
    return True


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, *, watch: bool = True) -> None:
    """End this process when ``parent`` (its parent's pid) ends, however it ends.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl``); a
    thread that polls the parent's pid is the fallback elsewhere (and for
    the moment before ``prctl`` took effect).  Killing the batch with
    SIGTERM or SIGKILL then leaves no worker reading on.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if watch:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="watch-parent").start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)
