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
import os
import pickle
import select
import time
from pathlib import Path
from typing import Any

__all__ = ["read_capped"]

#: Memory the child may take beyond what it inherits: a sheet at the cell limit
#: (5 million cells) as calamine's grid and as Python rows fits well within it.
BUDGET = 1_500_000_000
#: Seconds the child may take before it is stopped.
TIMEOUT = 300


def read_capped(data: bytes, read: Any) -> list[Any] | None:
    """``read(data)`` run in a child whose address space is capped, or None if not possible.

    ``read`` returns something picklable.  A child that dies (calamine aborts
    when it cannot allocate) or runs out of time raises :class:`MemoryError`
    or :class:`TimeoutError` here.

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
    limit = _limit(resource)
    if limit is None:
        return None
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, and leave without cleanup
        status = 1
        try:
            os.close(receive)
            # calamine reports a failed allocation on stderr before aborting: the
            # parent names the problem, so that message would only confuse.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
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
                raise TimeoutError(f"no answer in {TIMEOUT} s")
            chunk = os.read(receive, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(receive)
    _, status = os.waitpid(pid, 0)
    if status != 0 or not chunks:
        raise MemoryError("the workbook needs more memory than allowed")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def _limit(resource: Any) -> tuple[int, int] | None:
    """The child's address-space limit: what it inherits plus :data:`BUDGET`."""
    try:
        with Path("/proc/self/statm").open("rb") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    except (OSError, ValueError, AttributeError):
        return None  # no /proc (macOS, where RLIMIT_AS is not enforced anyway)
    wanted = size + BUDGET
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    return wanted, hard
