"""A folder's lock while a report, an export or the send-back workbooks are written into it.

Two runs writing into one folder would mix their files, and the second
would remove what the first had just written.  So a run holds
``DIR/.report.lock`` while it writes (:func:`folder_lock`); another run is
refused while the lock's owner lives.

The lock says who holds it: the process, its host, the machine's boot and
when the process started.  A lock whose owner is gone (killed with
``kill -9``, or a power cut: no ``finally`` ran to remove it) is taken over
by the next run, on the same host: a process that no longer exists, a pid
now used by a process started later, or a machine restarted since.  A lock
held from another host (a shared folder) is never taken over: its owner
cannot be seen from here.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._format import report_word
from ._safe import shown_name

__all__ = ["LOCK", "folder_lock", "owner_gone"]

LOCK = ".report.lock"
#: Seconds after which a lock that says nothing of its owner (a run killed between
#: creating it and writing it) is taken to be stale.
_SILENT_LOCK_STALE = 60.0


@contextlib.contextmanager
def folder_lock(out: Path, lang: str = "vi") -> Iterator[None]:
    """Hold ``out/.report.lock`` while the block writes into ``out`` (created if needed).

    Raises :class:`FileExistsError` (its message in ``lang``) when another
    run holds it; takes it over when its owner is gone (:func:`owner_gone`).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / LOCK).write_text('{"pid": 4194311, "host": "%s"}' % socket.gethostname())
    >>> with folder_lock(folder, "en"):  # its owner is gone: taken over
    ...     json.loads((folder / LOCK).read_text())["pid"] == os.getpid()
    True
    >>> (folder / LOCK).exists()
    False
    """
    out.mkdir(parents=True, exist_ok=True)
    lock = out / LOCK
    record = _acquire(lock, lang)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="utf-8") == record:  # still ours
                lock.unlink()


def _busy(lock: Path, lang: str) -> FileExistsError:
    return FileExistsError(report_word("busy", lang).format(lock=shown_name(str(lock))))


def _acquire(lock: Path, lang: str) -> str:
    """Create the lock with this process's record, taking over a stale one; its record."""
    record = json.dumps(_me())
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            try:
                os.write(fd, record.encode("utf-8"))
            finally:
                os.close(fd)
            return record
        try:
            held = lock.read_text(encoding="utf-8", errors="replace")
            age = time.time() - lock.stat().st_mtime
        except FileNotFoundError:  # released meanwhile: try again
            continue
        if not owner_gone(_owner(held), age):
            raise _busy(lock, lang)
        if not _take_over(lock, held):
            raise _busy(lock, lang)
    raise _busy(lock, lang)


def _take_over(lock: Path, held: str) -> bool:
    """Remove the stale lock ``held``; False if another run took it over first.

    Moved aside first (atomic), then checked: if what was moved is not the
    stale lock but a new one another run made meanwhile, it is put back.
    """
    aside = lock.with_name(f"{LOCK}.{os.getpid()}.stale")
    try:
        lock.replace(aside)
    except FileNotFoundError:
        return True  # gone already: try to create it
    try:
        if aside.read_text(encoding="utf-8", errors="replace") == held:
            return True
        with contextlib.suppress(OSError):
            os.link(aside, lock)  # another run's lock, back in place (if none is there)
        return False
    finally:
        with contextlib.suppress(OSError):
            aside.unlink()


def _owner(held: str) -> dict[str, Any] | None:
    """The lock's record, or None when it says nothing (empty, or not ours).

    A lock written before owners were recorded holds only the pid: it was
    written on this host.
    """
    text = held.strip()
    if text.isdigit():
        return {"pid": int(text), "host": socket.gethostname()}
    try:
        owner = json.loads(text)
    except ValueError:
        return None
    return owner if isinstance(owner, dict) and isinstance(owner.get("pid"), int) else None


def owner_gone(owner: dict[str, Any] | None, age: float = 0.0) -> bool:
    """Whether the run that wrote a lock (its record, :func:`_me`) can no longer hold it.

    ``age``: seconds since the lock was written (a record-less lock is stale
    after a minute).

    Examples
    --------
    >>> owner_gone(_me()), owner_gone({"pid": 4194311, "host": socket.gethostname()})
    (False, True)
    >>> owner_gone({"pid": 4194311, "host": "another-machine"})  # cannot be seen from here
    False
    """
    if owner is None:
        return age > _SILENT_LOCK_STALE
    if owner.get("host") != socket.gethostname():
        return False
    boot = _boot_id()
    if boot and owner.get("boot") and owner["boot"] != boot:
        return True  # the machine restarted since (a power cut)
    pid = owner["pid"]
    if not _alive(pid):
        return True
    started = owner.get("started")
    return bool(started) and started != _started(pid)  # the pid is another process's now


def _me() -> dict[str, Any]:
    pid = os.getpid()
    return {"pid": pid, "host": socket.gethostname(), "boot": _boot_id(),
            "started": _started(pid)}


def _boot_id() -> str | None:
    """This boot of the machine (Linux), or None."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def _started(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    # The command name (in parentheses) may hold spaces: the fields follow its end.
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        return int(fields[19])  # field 22 of proc(5): starttime
    except (IndexError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (of any user)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would end it there
        import ctypes  # lazy: Windows only

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return True
    return True
