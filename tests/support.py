"""Helpers the tests import (``from tests.support import ...``): paths, error and float checks.

Pytest fixtures live in ``conftest.py``; plain functions and constants that a
test calls live here, so that no test edits ``sys.path``.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

#: The tests' folder, the repository, and the committed fixture files.
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES_DIR = TESTS / "fixtures"


# ---------------------------------------------------------------------------
# Library errors (helper "er"): messages are vocabulary entries; str(exc) is
# Vietnamese, so a test that looks for English words reads exc.message("en").
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def raises_en(error: type[BaseException], pattern: str) -> Iterator[pytest.ExceptionInfo]:
    """``pytest.raises(error)`` whose English message must match ``pattern``."""
    with pytest.raises(error) as info:
        yield info
    text = info.value.message("en")  # type: ignore[attr-defined]
    assert re.search(pattern, text), f"{pattern!r} not in {text!r}"


# ---------------------------------------------------------------------------
# Floats from two implementations (issue 20)
#
# A vectorised path and its one-series reference compute the same numbers with
# different operations (numpy's SIMD ``power`` against Python's ``**``), and
# numpy's kernels differ between CPUs (AVX-512 rounds the last bit otherwise).
# Such floats are compared within a few ulp, never bit for bit; a status may
# differ only where the value deciding it lies within that tolerance of its
# threshold.
# ---------------------------------------------------------------------------

#: Relative tolerance between two implementations: about 50 ulp of a double.
FLOAT_RTOL = 1e-12
#: Absolute tolerance near zero, in percentage points or fractions a year.
FLOAT_ATOL = 1e-12
#: Where a progress status turns: sdg-build's ratio thresholds (with and without
#: a target); the trajectory turns on gap = 0.
PROGRESS_THRESHOLDS = (0.95, 0.6, 0.0, 0.015, 0.005)


def _missing_float(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def floats_close(a: object, b: object) -> bool:
    """Whether two values (or two missing values) agree within the tolerances above."""
    import math

    if _missing_float(a) or _missing_float(b):
        return _missing_float(a) and _missing_float(b)
    if a == b:
        return True
    try:
        return math.isclose(float(a), float(b), rel_tol=FLOAT_RTOL, abs_tol=FLOAT_ATOL)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def on_a_progress_threshold(ratio: object, gap: object) -> bool:
    """Whether a progress row's deciding value (ratio, or trajectory gap) sits on a threshold."""
    near_ratio = not _missing_float(ratio) and any(
        floats_close(ratio, th) for th in PROGRESS_THRESHOLDS)
    return near_ratio or (not _missing_float(gap) and floats_close(gap, 0.0))


# ---------------------------------------------------------------------------
# The command line, run as a user runs it (issue 20): in process, through
# childlabour_metrics.cli.main, with its output captured.  Starting an interpreter
# per test cost about a second each; a few tests still run the real
# ``python -m childlabour_metrics`` (run_cli_process) to hold the entry point,
# the pipe's encoding and the exit code.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CliRun:
    """What a command-line run gave: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: object, cwd: Path | None = None) -> CliRun:
    """``childlabour-metrics ARGS`` in this process: exit code, stdout and stderr."""
    from childlabour_metrics.cli import main  # lazy: the CLI pulls in the whole package

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return CliRun(int(code), out.getvalue(), err.getvalue())


def run_cli_process(*args: object, cwd: Path | None = None,
                    timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``python -m childlabour_metrics ARGS`` as a real process (the entry point itself)."""
    import os

    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "childlabour_metrics", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd or REPO, env=env, timeout=timeout, check=False)


# ---------------------------------------------------------------------------
# Files as Excel saves them (issue 23): a plain "CSV" on Vietnamese Windows.
# ---------------------------------------------------------------------------


def cp1258_bytes(text: str) -> bytes:
    """Text as Excel on Vietnamese Windows saves a plain CSV: Windows-1258.

    Its letters with a vowel mark (ơ, ư, â, ê, ô, ă, đ) are single bytes; the
    five tone marks are combining bytes after them.
    """
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
            out.append((base + "".join(c for c in nfd if c in tones)).encode("cp1258"))
    return b"".join(out)


# ---------------------------------------------------------------------------
# Hostile files (issues 9 and 21): read in a child process whose address space is
# capped, so that a fault stops the child at the cap instead of taking the machine,
# and whose memory is measured: ``VmHWM`` (the peak resident set of the child's own
# memory; ``ru_maxrss`` would carry the test process's peak across exec).
# ---------------------------------------------------------------------------

#: Address space of a capped child: a fault shows as a failed or named read.
CAPPED_CHILD_CAP = 3 * 2**30

_CAPPED_READ = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from childlabour_metrics import read_reports
paths, workers = json.loads(sys.argv[1]), int(sys.argv[2])
read_reports(sys.argv[3], workers=1, progress=False, lang="en")  # warm-up: imports, set-up
before = peak_mb()
result = read_reports(paths, workers=workers, progress=False, lang="en")
print(json.dumps({{
    "files": result.files[["file", "rows_read"]].astype(object).values.tolist(),
    "problems": result.problems[["file", "code", "detail"]].astype(object)
                .where(result.problems[["file", "code", "detail"]].notna(), None)
                .values.tolist(),
    "units": result.observations["unit_code"].astype(object).tolist(),
    "sources": result.observations["source_file"].astype(object).tolist(),
    "before_mb": before, "peak_mb": peak_mb(),
    "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}}))
"""


def read_capped_child(paths: list[Path] | Path, workers: int = 1,
                      cap: int = CAPPED_CHILD_CAP) -> dict:
    """``read_reports(paths)`` in a capped child: its tables' gist and its memory.

    A fixture form is read first, to import and set up; ``grew_mb`` is how
    far reading ``paths`` then took the child's peak (their own cost, the
    interpreter and pandas left out), ``peak_mb`` the peak itself and
    ``workers_mb`` that of the largest worker process.  Linux only
    (``/proc``); skipped elsewhere.
    """
    import json

    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure a child's memory")
    items = [paths] if isinstance(paths, Path) else paths
    child = subprocess.run(
        [sys.executable, "-c", _CAPPED_READ.format(cap=cap), json.dumps([str(p) for p in items]),
         str(workers), str(FIXTURES_DIR / "forms" / "legacy_tcvn3.xlsx")],
        capture_output=True, text=True, timeout=600, check=False)
    assert child.returncode == 0, child.stderr[-3000:]
    got = json.loads(child.stdout.strip().splitlines()[-1])
    got["grew_mb"] = got["peak_mb"] - got["before_mb"]
    return got
