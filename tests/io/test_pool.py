"""Worker processes (``io/_pool.py``): a file that kills one is named, never re-read here;
workers die with the batch; the memory budget is the batch's, whatever the number of
workers; the pool gives what one process gives.

The scenarios that kill or starve a worker run in a child Python (a file that aborts a
process must not take the test run down), with the reader patched to misbehave on
chosen file names: the workers are forked, so they inherit the patch.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.io import _pool, read_reports
from tests.fixtures.io_forms import single_form

# POSIX: fork, setrlimit
needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and setrlimit")

_PRELUDE = """
import json, os, sys, time
import childlabour_metrics.io._file as file_module
import childlabour_metrics.io._pool as pool_module
from childlabour_metrics import read_reports
real = file_module._read_one_unsafe
"""


def _forms(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [single_form(folder / f"u{i:03d}.xlsx", unit=str(30000 + i)) for i in range(n)]


def _run(script: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _PRELUDE + script, *args],
                          capture_output=True, text=True, timeout=timeout)


@needs_fork
def test_a_file_that_kills_its_worker_is_named_and_not_reread(tmp_path: Path) -> None:
    good = _forms(tmp_path / "good", 70)
    killers = [single_form(tmp_path / f"killer{i}.xlsx", unit=str(31000 + i)) for i in range(2)]
    paths = [*good[:10], killers[0], *good[10:50], killers[1], *good[50:]]
    child = _run("""
def patched(file_no, entry, meta, *more):
    if "killer" in entry.path:
        os.abort()  # as calamine does when it cannot allocate
    return real(file_no, entry, meta, *more)
file_module._read_one_unsafe = patched
result = read_reports(sys.argv[1:], workers=2, progress=False)
alone = read_reports(sys.argv[2], workers=1, progress=False)
print(json.dumps({
    "problems": result.problems[["file", "code"]].values.tolist(),
    "files": result.files["file"].tolist(),
    "rows": int(len(result.observations)),
    "one": result.observations.query("source_file == @sys.argv[2]").drop(
        columns="status").astype(str).values.tolist(),
    "alone": alone.observations.drop(columns="status").astype(str).values.tolist(),
}))
""", *map(str, paths))
    assert child.returncode == 0, child.stderr[-2000:]
    got = json.loads(child.stdout)
    # Had the parent re-read a killer itself, it would have aborted (no output at all).
    assert sorted(got["problems"]) == sorted([str(k), "FILE_TOO_LARGE"] for k in killers)
    assert got["files"] == [str(p) for p in paths]
    assert got["rows"] == 70 * 4
    assert got["one"] == got["alone"]


@needs_fork
def test_a_worker_cannot_exceed_its_share_of_the_budget(tmp_path: Path) -> None:
    paths = _forms(tmp_path / "good", 66)
    hog = single_form(tmp_path / "hog.xlsx", unit="31999")
    child = _run("""
pool_module.MEMORY_BUDGET = 2**30  # two workers: half a gigabyte each
def patched(file_no, entry, meta, *more):
    if "hog" in entry.path:
        bytearray(700 * 2**20)  # more than a worker's share; read as usual if allowed
    return real(file_no, entry, meta, *more)
file_module._read_one_unsafe = patched
result = read_reports(sys.argv[1:], workers=2, progress=False)
print(json.dumps(result.problems[["file", "code"]].values.tolist()))
""", *map(str, [*paths, hog]))
    assert child.returncode == 0, child.stderr[-2000:]
    assert json.loads(child.stdout) == [[str(hog), "FILE_TOO_LARGE"]]


def test_worker_count_is_bounded_by_the_budget() -> None:
    for asked in (1, 2, 8, 64, None):
        count, share = _pool._worker_plan(asked)
        assert count * share <= _pool.MEMORY_BUDGET
        assert share >= _pool.WORKER_MEMORY_MIN


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its entry is left


@needs_fork
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(tmp_path: Path, sig: int) -> None:
    paths = _forms(tmp_path / "good", 66)
    pids = tmp_path / "pids"
    pids.mkdir()
    script = """
def patched(file_no, entry, meta, *more):
    open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
    time.sleep(0.5)  # slow enough to be killed mid-batch
    return real(file_no, entry, meta, *more)
file_module._read_one_unsafe = patched
read_reports(sys.argv[2:], workers=2, progress=False)
"""
    child = subprocess.Popen([sys.executable, "-c", _PRELUDE + script, str(pids),
                              *map(str, paths)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) >= 2
        assert all(_alive(pid) for pid in workers)
        child.send_signal(sig)
        child.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@needs_fork
def test_a_bad_registry_or_plan_stops_a_pooled_read_with_its_own_error(tmp_path: Path) -> None:
    # The registry and the plan are loaded while the workers read: a bad one must still
    # raise its own error (not a broken pool, not a hang), and no reading result comes.
    _forms(tmp_path / "round", 70)  # more than PARALLEL_THRESHOLD: the pooled path
    (tmp_path / "units.csv").write_text("code,name\n30000,Xã A\n", encoding="utf-8")
    child = _run("""
from childlabour_metrics.language.errors import PlanError, UnitRegistryError
for checks, error in (({"units": sys.argv[2]}, UnitRegistryError),
                      ({"plan": "no-such-plan"}, PlanError)):
    try:
        read_reports(sys.argv[1], workers=2, progress=False, **checks)
    except error as exc:
        print(json.dumps([type(exc).__name__, exc.message("en")]))
    else:
        print(json.dumps(["no error", ""]))
""", str(tmp_path / "round"), str(tmp_path / "units.csv"))
    assert child.returncode == 0, child.stderr
    (units_error, units_text), (plan_error, plan_text) = [
        json.loads(line) for line in child.stdout.splitlines()]
    assert units_error == "UnitRegistryError" and "level" in units_text
    assert plan_error == "PlanError" and "no-such-plan" in plan_text


@needs_fork
@pytest.mark.parametrize("workers", [1, 2])
def test_calamine_panics_are_named_not_printed(tmp_path: Path, workers: int) -> None:
    # A Rust panic (a date cell holding -1e12) prints "thread ... panicked" on stderr
    # before it reaches Python: in a batch the terminal filled with them, with a
    # backtrace when RUST_BACKTRACE is set.  The problem table names the file instead.
    from tests.fixtures import hostile_files

    folder = tmp_path / "round"
    _forms(folder, 70)  # more than PARALLEL_THRESHOLD: workers=2 reads in the pool
    hostile_files.date_panic(folder / "date_panic.xlsx")
    child = subprocess.run(
        [sys.executable, "-c", _PRELUDE + """
import sys
sys.stderr.write("before\\n")
result = read_reports(sys.argv[1], workers=int(sys.argv[2]), progress=False)
sys.stderr.write("after\\n")
bad = result.problems[result.problems["file"].str.endswith("date_panic.xlsx")]
print(json.dumps(bad["code"].tolist()))
""", str(folder), str(workers)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "RUST_BACKTRACE": "1"})
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == ["FILE_UNREADABLE"]
    assert "panicked" not in child.stderr and "backtrace" not in child.stderr
    # This process's own writes to stderr, either side of the read, still show.
    assert child.stderr.splitlines() == ["before", "after"]


def test_many_files_in_processes_match_one_process(tmp_path: Path) -> None:
    for i in range(70):
        single_form(tmp_path / f"u{i:03d}.xlsx", unit=f"{30000 + i}",
                    rows=[("CL01", i, 1500), ("CL02", 0, 1500)])
    calls: list[tuple[int, int]] = []
    serial = read_reports(tmp_path, workers=1, progress=lambda d, t: calls.append((d, t)))
    parallel = read_reports(tmp_path, workers=2, progress=False)
    pd.testing.assert_frame_equal(serial.observations, parallel.observations)
    pd.testing.assert_frame_equal(serial.files, parallel.files)
    assert len(serial.observations) == 140
    assert calls[-1] == (70, 70)


def test_worker_crash_falls_back_to_this_process(tmp_path: Path, monkeypatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    class Broken:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            return None

        def map(self, *args, **kwargs):
            raise BrokenProcessPool("worker died")

    monkeypatch.setattr(_pool, "ProcessPoolExecutor", Broken)
    for i in range(_pool.PARALLEL_THRESHOLD + 1):
        single_form(tmp_path / f"u{i:03d}.xlsx", unit=str(30000 + i))
    result = read_reports(tmp_path, workers=2, progress=False)
    assert len(result.files) == _pool.PARALLEL_THRESHOLD + 1
    assert result.problems.empty
