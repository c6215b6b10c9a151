"""Benchmark: ``analyse`` (every table of a report) on the national round and the sample.

Issue 22's speed: the national round's ``analyse`` (``report_scale.synthetic``,
3,321 communes, ~330,000 rows) in at most 3.5 CPU seconds, the sample's
(``data/sample``, reading included) no slower than before.  CPU seconds, as
the machine is shared: each run is a fresh process that builds the data, runs
``analyse`` once to warm up, then times it ``--repeat`` times.  With ``--src``
another checkout (e.g. ``git worktree add /tmp/base main``) is run in turn
with this one, A against B alternately, and the ratio printed.

Usage::

    python benchmarks/analyse_speed.py                   # this checkout
    python benchmarks/analyse_speed.py --src /tmp/base   # against another, alternately
    python benchmarks/analyse_speed.py --rounds 3 --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 3.5  # national analyse, CPU seconds

_RUN = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
from pathlib import Path
import childlabour_metrics
from childlabour_metrics.analysis.report_data import analyse
from benchmarks.report_scale import synthetic
root = Path(childlabour_metrics.__file__).resolve().parents[1]
d = synthetic(3321)
def national():
    analyse(d["observations"], d["plan"], units=d["units"], lang="vi", progress=False)
def sample():
    analyse(str(root / "data/sample"), "hai-duong-2021",
            units=str(root / "data/sample/units.csv"), lang="vi", progress=False)
national(); sample()
out = {"national": [], "sample": []}
for _ in range(int(sys.argv[1])):
    for name, run in (("national", national), ("sample", sample)):
        t = time.process_time(); run(); out[name].append(time.process_time() - t)
print(json.dumps(out))
"""


def _run(src: Path, repeat: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", _RUN, str(repeat)], cwd=src, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="another checkout to run alternately")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    sources = {"this": ROOT, **({"other": args.src.resolve()} if args.src else {})}
    seconds: dict[str, dict[str, list[float]]] = {k: {"national": [], "sample": []}
                                                  for k in sources}
    for _ in range(args.rounds):
        for key in reversed(list(sources)):  # the other checkout first, then this one
            for name, values in _run(sources[key], args.repeat).items():
                seconds[key][name].extend(values)
    for name in ("national", "sample"):
        line = [f"{name:8s} analyse, CPU s:"]
        for key, src in sources.items():
            values = seconds[key][name]
            line.append(f"{key} ({src.name}) median {statistics.median(values):.2f}, "
                        f"best {min(values):.2f} of {len(values)}")
        if "other" in sources:
            ratio = (statistics.median(seconds["this"][name])
                     / statistics.median(seconds["other"][name]))
            line.append(f"ratio this/other {ratio:.2f}")
        print("; ".join(line))
    national = statistics.median(seconds["this"]["national"])
    print(f"goal: national analyse <= {GOAL} CPU s: {'met' if national <= GOAL else 'not met'} "
          f"({national:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
