"""The folder lock knows its owner (issue 21, item 10): a stale lock is taken over, a live
one refused, and ``export`` and the send-back workbooks take the same lock as ``report``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.output._lock import LOCK, folder_lock, owner_gone
from childlabour_metrics.output.export import export_tables
from childlabour_metrics.output.forms import write_problem_workbooks
from childlabour_metrics.output.report import build_report
from tests.support import REPO, run_cli

_OBS = pd.DataFrame({"unit_code": ["30", "30"], "period": ["2021", "2024"],
                     "indicator": ["CL01", "CL01"], "numerator": [30, 12],
                     "denominator": [1000, 1000]})


def _killed_owner() -> int:
    """The pid of a process that held a lock and was killed with SIGKILL (reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    child.send_signal(signal.SIGKILL)
    child.wait()
    return child.pid


def test_the_lock_records_its_process_and_host(tmp_path: Path) -> None:
    with folder_lock(tmp_path, "en"):
        owner = json.loads((tmp_path / LOCK).read_text())
    assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
    assert not (tmp_path / LOCK).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_lock_whose_owner_was_killed_is_taken_over(tmp_path: Path) -> None:
    # kill -9 leaves the lock: every later report was refused until it was deleted.
    (tmp_path / LOCK).write_text(json.dumps({"pid": _killed_owner(),
                                            "host": socket.gethostname()}))
    result = build_report(_OBS, "hai-duong-2021", tmp_path, lang="en", progress=False)
    assert result.xlsx.is_file() and not (tmp_path / LOCK).exists()
    assert not list(tmp_path.glob(f"{LOCK}*"))  # nothing left aside either


def test_a_lock_from_before_a_restart_is_taken_over(tmp_path: Path) -> None:
    # A power cut: the pid may live again, as another process, after the restart.
    (tmp_path / LOCK).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                            "boot": "an-earlier-boot"}))
    boot = Path("/proc/sys/kernel/random/boot_id")
    if not boot.exists():
        pytest.skip("no boot id on this system")
    with folder_lock(tmp_path, "en"):
        assert json.loads((tmp_path / LOCK).read_text())["boot"] == boot.read_text().strip()


def test_a_pid_now_used_by_a_later_process_is_not_the_owner() -> None:
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": 1}
    assert owner_gone(me) == Path(f"/proc/{os.getpid()}/stat").exists()


def test_a_lock_of_the_old_form_is_taken_over_when_its_pid_is_gone(tmp_path: Path) -> None:
    (tmp_path / LOCK).write_text(str(_killed_owner()))  # written before owners were recorded
    with folder_lock(tmp_path, "en"):
        pass


@pytest.mark.parametrize("owner", ["self", "other host"])
def test_a_live_lock_or_one_from_another_host_is_refused(tmp_path: Path, owner: str) -> None:
    host = socket.gethostname() if owner == "self" else "another-machine"
    record = json.dumps({"pid": os.getpid(), "host": host})
    (tmp_path / LOCK).write_text(record)
    with pytest.raises(FileExistsError, match=r"\.report\.lock"):
        build_report(_OBS, "hai-duong-2021", tmp_path, lang="en", progress=False)
    assert (tmp_path / LOCK).read_text() == record  # left as it was
    assert not (tmp_path / "report.xlsx").exists()


def test_export_and_send_back_workbooks_take_the_report_lock(tmp_path: Path) -> None:
    (tmp_path / LOCK).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
    with pytest.raises(FileExistsError):
        export_tables({"observations": _OBS}, tmp_path, lang="en")
    problems = pd.DataFrame({"file": ["a.xlsx"], "sheet": ["S"], "cell": ["E1"],
                             "unit_code": ["30101"], "period": ["2024"], "indicator": ["CL01"],
                             "code": ["MISSING_VALUE"], "severity": ["warning"],
                             "message": ["x"]})
    with pytest.raises(FileExistsError):
        write_problem_workbooks(problems, tmp_path, "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK]
    run = run_cli("export", REPO / "data" / "sample" / "2024", "--out", tmp_path, "--lang", "en")
    assert run.returncode == 2 and "report.lock" in run.stderr
    (tmp_path / LOCK).unlink()
    written = export_tables({"observations": _OBS}, tmp_path, lang="en")
    assert len(written) == 3 and not (tmp_path / LOCK).exists()
