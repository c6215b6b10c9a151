"""Benchmark: the report's figures alone, per kind, for the sample and the national report.

``report_speed.py`` times whole reports; this one times what ``draw_figures``
does for each entry of ``output.report.FIGURES`` (drawing and saving the PNG,
as the report does by default), in CPU seconds, so that a change to the charts
can be compared with the code before it on one machine shared with others.

The two reports' data (``analyse`` of ``data/sample`` with plan
``hai-duong-2021``, and of ``report_scale.synthetic``'s 3,321 communes) are
computed once and kept in a pickle (``--data``), so that the runs compare the
figures only.  ``--root`` draws with another checkout's code (the baseline):
run the two alternately, several times, and compare the CPU seconds.

Usage::

    python benchmarks/figures_speed.py                          # this checkout, 3 runs
    python benchmarks/figures_speed.py --root /tmp/base --runs 3  # the baseline's code
    python benchmarks/figures_speed.py --profile sample          # cProfile, top 30
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _data(path: Path) -> dict[str, Any]:
    """The analysed sample and national reports, computed once and kept in ``path``."""
    if path.is_file():
        with path.open("rb") as f:
            loaded: dict[str, Any] = pickle.load(f)
        return loaded
    import childlabour_metrics as clm
    from benchmarks.report_scale import synthetic
    from childlabour_metrics.analysis.report_data import analyse

    national = synthetic(3321)
    sample = ROOT / "data" / "sample"
    data = {
        "sample": analyse(str(sample), "hai-duong-2021",
                          units=clm.load_units(sample / "units.csv"), lang="vi",
                          progress=False),
        "national": analyse(national["observations"], national["plan"],
                            units=national["units"], lang="vi", progress=False),
    }
    with path.open("wb") as f:
        pickle.dump(data, f)
    return data


def _time_kinds(data: Any, folder: Path) -> dict[str, float]:
    """CPU seconds of each figure kind: drawn and saved as the report does (PNG only)."""
    from childlabour_metrics.output import report as rep

    took: dict[str, float] = {}
    for kind, draw in rep.FIGURES:
        if kind == "comparison":
            continue  # drawn only with svg=True (the page compares units in HTML bars)
        gc.collect()  # each kind pays for its own garbage, not for the kind before it
        start = time.process_time()
        for name, fig in draw(data):
            rep._save(fig, folder, name, [], data.lang)
        took[kind] = time.process_time() - start
    gc.collect()
    start = time.process_time()
    rep.draw_figures(data, folder)
    took["draw_figures"] = time.process_time() - start
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the report's figures per kind.")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="checkout whose childlabour_metrics draws (default: this one)")
    parser.add_argument("--data", type=Path,
                        default=Path(tempfile.gettempdir()) / "clm-figures-data.pickle",
                        help="pickle of the analysed reports (made on first use)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", choices=["sample", "national"])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(ROOT))
    warnings.simplefilter("ignore")
    import childlabour_metrics

    print(f"code: {Path(childlabour_metrics.__file__).parent}")
    data = _data(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        _time_kinds(data["sample"], Path(tmp))  # warm: imports, fonts, glyph caches
        if args.profile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            _time_kinds(data[args.profile], Path(tmp))
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            return 0
        print(f"{'report':10} {'kind':14} " + " ".join(f"{'run ' + str(i + 1):>7}"
                                                      for i in range(args.runs)))
        rows: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for name in ("sample", "national"):
                for kind, seconds in _time_kinds(data[name], Path(tmp)).items():
                    rows.setdefault((name, kind), []).append(seconds)
        for (name, kind), seconds in rows.items():
            print(f"{name:10} {kind:14} " + " ".join(f"{s:7.2f}" for s in seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
