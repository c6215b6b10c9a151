"""Reports from scripts with and without a main guard, figures saved by ``spawn`` workers.

On Windows every worker process is started by ``spawn``, which imports the
script again; a script calling ``build_report`` at its top level must still
work (issue 23): the report's workers are started without the script.  The
``spawn`` start method runs on Linux too: each script here is a real program,
run by a fresh interpreter, with the pool forced on for a small report.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd

from childlabour_metrics.analysis.report_data import analyse
from childlabour_metrics.output import report as rep
from tests.support import REPO

SETUP = """
print("script started", flush=True)  # once: no worker may run the script again
import pandas as pd
import childlabour_metrics as clm
import childlabour_metrics.output.report as report
report._POOL_FROM_UNITS = 0  # the spawn pool even for this small report
OBS = {"unit_code": ["30", "30"], "period": ["2021", "2024"], "indicator": ["CL01", "CL01"],
       "numerator": [30, 12], "denominator": [1000, 1000]}
POOLS = []
ORIGINAL = report._pool


def counted(data):
    pool = ORIGINAL(data)
    POOLS.append(pool is not None)
    return pool


report._pool = counted
"""
# svg=True: the pool saves only the comparison figures a vector copy is asked for (issue 22)
BUILD = """
result = clm.build_report(pd.DataFrame(OBS), "hai-duong-2021", "out", lang="en", svg=True)
print("pool used:", POOLS, "figures:", len(result.figures))
"""


def _run(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "make_report.py"
    path.write_text(textwrap.dedent(script), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(path)], cwd=tmp_path, env=env, timeout=300,
                          capture_output=True, text=True, encoding="utf-8", check=False)


def test_a_script_without_a_main_guard_still_writes_its_report(tmp_path: Path) -> None:
    done = _run(tmp_path, SETUP + BUILD)
    assert done.returncode == 0, done.stderr
    assert "pool used: [True]" in done.stdout  # the figures were saved by spawned workers
    assert done.stdout.count("script started") == 1  # ... which never ran the script
    assert (tmp_path / "out" / "report.html").is_file()
    assert (tmp_path / "out" / "figures" / "dashboard.png").is_file()


def test_a_guarded_script_saves_its_figures_in_spawned_workers(tmp_path: Path) -> None:
    guarded = SETUP + "\n\ndef main():\n" + textwrap.indent(BUILD, "    ") + (
        '\n\nif __name__ == "__main__":\n    main()\n')
    done = _run(tmp_path, guarded)
    assert done.returncode == 0, done.stderr
    assert "pool used: [True]" in done.stdout
    assert done.stdout.count("script started") == 1
    assert (tmp_path / "out" / "figures" / "dashboard.png").is_file()


class _BrokenPool:
    """A pool whose workers never started (what an unguarded script's workers give)."""

    def submit(self, *args: object) -> Future:
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a worker failed to start"))
        return future

    def shutdown(self) -> None:
        pass


def test_figures_are_saved_here_when_the_workers_cannot_start(tmp_path: Path,
                                                              monkeypatch) -> None:
    obs = pd.DataFrame({"unit_code": ["30", "30"], "period": ["2021", "2024"],
                        "indicator": ["CL01", "CL01"], "numerator": [30, 12],
                        "denominator": [1000, 1000]})
    data = analyse(obs, "hai-duong-2021", lang="en")
    _, serial = rep.draw_figures(data, tmp_path / "serial")
    monkeypatch.setattr(rep, "_pool", lambda data: _BrokenPool())
    images, broken = rep.draw_figures(data, tmp_path / "broken")
    assert [p.name for p in broken] == [p.name for p in serial]
    assert images["dashboard"] and all(p.is_file() for p in broken)
