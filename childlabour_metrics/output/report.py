"""The batch report: one call turns a folder of unit workbooks and a plan into
the files a provincial office forwards — an Excel workbook, the figures (PNG;
SVG on request) and a self-contained HTML page.

``build_report`` computes once (:func:`~childlabour_metrics.analysis.report_data.analyse`)
and hands the same :class:`~childlabour_metrics.analysis.report_data.ReportData` to each
output::

    out_dir/report.xlsx      summary, one sheet per target, progress,
                             completeness, problems, files read   (output/excel.py)
    out_dir/report.html      one file: figures embedded, no external requests
                                                                   (output/html.py)
    out_dir/figures/*.png (and *.svg with ``svg=True``)            (output/charts.py)

A figure is one entry of :data:`FIGURES`: add a chart by adding a function
there.  Every file is written atomically; only files the report wrote are
ever removed; a folder another report (or export) is writing is refused,
and a lock left by a report that was killed is taken over (:mod:`._lock`).  It never
changes its inputs and never writes outside ``out_dir``.
"""

from __future__ import annotations

import base64
import gc
import html
import io
import multiprocessing
import pickle
import re
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from tqdm import tqdm

from ..analysis.report_data import ReportData, analyse
from ..language.words import number, word
from ..reference.periods import fold_text, parse_period
from ..reference.plans import Plan
from . import charts
from ._bars import RANK_TOP, shown_judged
from ._format import check_lang
from ._headline import headline_text
from ._lock import folder_lock
from ._safe import safe_text, writing
from ._spawn import main_script_hidden
from .excel import write_workbook
from .html import summary_html, write_html
from .survey_section import survey_figure

__all__ = ["FIGURES", "ReportResult", "build_report", "draw_figures", "safe_text"]

_FIGURE_DPI = 120


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_text(text)).strip("-") or "x"


@dataclass
class ReportResult:
    """What :func:`build_report` wrote and the tables behind it.

    Attributes
    ----------
    out_dir, xlsx, html : Path
        The report folder, workbook and HTML page.
    figures : list of Path
        Every figure written (PNG; SVG too when asked for).
    summary : str
        The one-line summary (also ``str(result)``).
    summary_table : DataFrame
        One row per target: the plan unit's latest value and status, units
        meeting it, progress.
    observations, problems, files, attainment, progress, completeness : DataFrame
        The tables the report was made from (``completeness`` is None without
        a unit registry).
    """

    out_dir: Path
    xlsx: Path
    html: Path
    figures: list[Path]
    summary: str
    summary_table: pd.DataFrame = field(repr=False)
    observations: pd.DataFrame = field(repr=False)
    problems: pd.DataFrame = field(repr=False)
    files: pd.DataFrame = field(repr=False)
    attainment: pd.DataFrame = field(repr=False)
    progress: pd.DataFrame = field(repr=False)
    completeness: pd.DataFrame | None = field(repr=False, default=None)
    lang: str = "vi"

    def __str__(self) -> str:
        return self.summary

    def _repr_html_(self) -> str:
        head = (f"<p><b>{html.escape(self.summary)}</b><br>"
                f"<code>{html.escape(_shown_path(self.html))}</code>, "
                f"<code>{html.escape(_shown_path(self.xlsx))}</code></p>")
        return head + summary_html(self.summary_table, self.lang)


def _save(fig: Figure, folder: Path, name: str, written: list[Path], lang: str,
          svg: bool = False) -> str:
    """Save the PNG (and the SVG on request); return the PNG as base64 for the HTML page.

    The page embeds only the PNGs: an SVG of each figure, a third of the figures'
    time, is written only when asked for (``svg=True``, ``--svg``).
    """
    png = folder / f"{name}.png"
    buffer = io.BytesIO()
    _png(fig).save(buffer, format="png", compress_level=_PNG_COMPRESSION,
                   dpi=(_FIGURE_DPI, _FIGURE_DPI))
    with writing(png, lang) as tmp:
        tmp.write_bytes(buffer.getvalue())
    written.append(png)
    if svg:
        # The layout is settled by the PNG: the SVG reuses it rather than solving it
        # again (a third of the SVG's cost), and shows the same positions.
        fig.set_layout_engine("none")
        vector = folder / f"{name}.svg"
        with writing(vector, lang) as tmp:
            fig.savefig(tmp, format="svg", metadata={"Date": None})
        written.append(vector)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


#: rcParams of the PNGs' rendering.  Unhinted glyphs: Matplotlib 3.11 hints each glyph
#: of each text one by one, a fifth of the figures' time; at 120 dpi, on screen and
#: printed, the unhinted text of 7 to 10 points reads the same (issue 22).
_PNG_RC: dict[Any, Any] = {"text.hinting": "no_hinting"}
#: zlib level of the PNGs: level 3 encodes the figures' flat colours in two thirds of
#: the default level's time, to within a few per cent of its size.
_PNG_COMPRESSION = 3


def _png(fig: Figure) -> Image.Image:
    """The figure rendered at :data:`_FIGURE_DPI`, as :meth:`Figure.savefig` renders a PNG.

    Rendered on an Agg canvas and handed to PIL without the alpha channel: the figures
    are opaque, and an RGB image encodes in less time and fewer bytes than RGBA.  The
    figure's canvas and dpi are put back, as ``savefig`` does.
    """
    canvas, dpi = fig.canvas, fig.dpi
    try:
        with mpl.rc_context(_PNG_RC):
            fig.dpi = _FIGURE_DPI
            agg = FigureCanvasAgg(fig)
            agg.draw()
            rgba = Image.frombuffer("RGBA", agg.get_width_height(physical=True),
                                    agg.buffer_rgba(), "raw", "RGBA", 0, 1)
            return rgba.convert("RGB")
    finally:
        fig.dpi = dpi
        fig.set_canvas(canvas)


_MANIFEST = ".report-figures.txt"


def _tidy_figures(folder: Path, written: list[Path], lang: str) -> None:
    """Remove figures an earlier report wrote and this one did not; keep everyone else's.

    Only names listed in the folder's manifest (written by the report
    itself) are ever removed: a user's own ``*.png`` in ``figures/`` stays.
    """
    manifest = folder / _MANIFEST
    before = (set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.is_file()
              else set())
    now = {p.name for p in written}
    for name in sorted(before - now - {""}):
        if "/" not in name and "\\" not in name:  # a name in this folder, nothing else
            (folder / name).unlink(missing_ok=True)
    with writing(manifest, lang) as tmp:
        tmp.write_text("\n".join(sorted(now)), encoding="utf-8")


def _bar(total: int, enabled: bool | None, lang: str = "vi") -> Any:
    show = sys.stderr.isatty() if enabled is None else enabled
    # the bar speaks the run's language too: no "figures: … step/s" in a Vietnamese run
    return tqdm(total=total, disable=not show, file=sys.stderr,
                unit=word("report_bar_unit", lang), leave=False)


def _shown_path(path: Path) -> str:
    """A path as the report may show it: never an absolute path of this machine."""
    return path.as_posix() if not path.is_absolute() else path.name


def _summary_line(data: ReportData, html_path: Path) -> str:
    """The command line's one line: the report's headline, then what was read and written."""
    return "; ".join([headline_text(data), word(
        "headline_files", data.lang, files=number(data.n_files, data.lang, 0),
        rows=number(len(data.observations), data.lang, 0), html=_shown_path(html_path))])


def build_report(paths: Any, plan: Plan | str | Path, out_dir: str | Path, *,
                 units: pd.DataFrame | str | Path | None = None, lang: str = "vi",
                 progress: bool | None = None, method: str = "sdg",
                 echo: bool = False, svg: bool = False,
                 survey: pd.DataFrame | None = None, quality: bool = True) -> ReportResult:
    """Read a batch of reports and write the Excel, figures and HTML report.

    Parameters
    ----------
    paths : path, list of paths, reader result or DataFrame
        Workbooks or folders (read with ``read_reports``), an existing reader
        result (with ``.observations``, ``.problems``, ``.files``), or an
        observations table.
    plan : Plan, str or Path
        The plan (bundled id or TOML file).
    out_dir : str or Path
        Folder to write into (created if needed); existing report files in it
        are replaced.
    units : DataFrame or path, optional
        Unit registry, for names, the plan unit's totals and completeness.
        By default the bundled sample registry, when it knows every
        reporting unit; otherwise no completeness is computed.
    lang : {"vi", "en"}
        Language of the report.
    progress : bool, optional
        Show a progress bar; by default only when stderr is a terminal.
    method : {"sdg", "trajectory"}
        Progress assessment method (named in the report).
    echo : bool
        Print the one-line summary to stdout at the end.
    svg : bool
        Also write each figure as SVG (vector, for print or a publication);
        by default only the PNGs the page embeds.
    survey : DataFrame, optional
        Survey estimates, as :func:`childlabour_metrics.survey.estimate` returns
        them with their domain columns (one table, or several stacked): the
        report gets a survey section (the estimates with their intervals,
        judged against the plan's CL01 target, the routine rate beside them,
        and their chart), and the data-quality review takes them as its
        external check.  See ``docs/report-sections.md``.
    quality : bool
        The data-quality review's section ("Chất lượng số liệu": the DQR
        scorecard and the list to follow up, :func:`~childlabour_metrics.data_quality`).

    Returns
    -------
    ReportResult

    Examples
    --------
    >>> import tempfile
    >>> obs = pd.DataFrame({"unit_code": ["30", "30"], "period": ["2021", "2024"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [30, 12], "denominator": [1000, 1000]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     result = build_report(obs, "hai-duong-2021", tmp, lang="en")
    ...     sorted(p.name for p in Path(tmp).iterdir())
    ['figures', 'report.html', 'report.xlsx']
    >>> row = result.summary_table.iloc[0]
    >>> row["ref"], float(row["value"]), row["status"]  # 1.2 % in 2024; ≤ 1 % due in 2025
    ('A1', 0.012, 'not_yet')
    """
    check_lang(lang)
    out = Path(out_dir)
    figures_dir = out / "figures"
    with folder_lock(out, lang), _bar(4, progress, lang) as bar:
        bar.set_description(word("report_bar_read", lang))
        data = analyse(paths, plan, units=units, lang=lang, method=method, progress=progress,
                       survey=survey, quality=quality)
        bar.update()

        bar.set_description(word("report_bar_figures", lang))
        images, written = draw_figures(data, figures_dir, svg=svg)
        # figures of an earlier run (another period, another plan), and only those
        _tidy_figures(figures_dir, written, lang)
        bar.update()

        bar.set_description(word("report_bar_excel", lang))
        xlsx = out / "report.xlsx"
        write_workbook(xlsx, data)
        bar.update()

        bar.set_description(word("report_bar_html", lang))
        html_path = out / "report.html"
        line = _summary_line(data, html_path)
        write_html(html_path, data, images)
        bar.update()
    result = ReportResult(
        out_dir=out, xlsx=xlsx, html=html_path, figures=written, summary=line,
        summary_table=data.summary, observations=data.observations, problems=data.problems,
        files=data.files, attainment=data.attainment, progress=data.progress,
        completeness=data.completeness, lang=lang,
    )
    if echo:
        print(result.summary)
    return result


def draw_figures(data: ReportData, folder: Path, *, svg: bool = False
                 ) -> tuple[dict[str, Any], list[Path]]:
    """Draw every figure of :data:`FIGURES` into ``folder`` (PNG; SVG too with ``svg``).

    Returns
    -------
    images : dict
        The PNG of each kind as base64 (``comparison``: a list of (ref, PNG)).
    written : list of Path
        Every file written.
    """
    with _garbage_of_drawing_only():
        return _draw_figures(data, folder, svg)


@contextmanager
def _garbage_of_drawing_only() -> Iterator[None]:
    """While drawing, the collector looks only at objects made since it began.

    Drawing makes and drops a great many objects (every text, tick and path), and the
    collector's full passes over the process's older objects (the data read, the
    tables, the modules) cost a tenth of the figures' time.  They are set aside
    (:func:`gc.freeze`) while drawing and put back after; a process that froze objects
    itself is left as it is.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _draw_figures(data: ReportData, folder: Path, svg: bool
                  ) -> tuple[dict[str, Any], list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    images: dict[str, Any] = {"comparison": []}
    saved: list[tuple[str, str, Future[tuple[str, list[Path]]] | str, bytes]] = []
    # a pool only for the comparison figures of a large report (asked for with svg):
    # the page's three or four figures cost less than starting it
    pool = _pool(data) if svg else None
    try:
        for kind, draw in FIGURES:
            if kind == "comparison" and not svg:
                continue  # the page compares units in HTML bars (output/_bars.py)
            for name, fig in draw(data):
                if pool is None:
                    saved.append((kind, name, _save(fig, folder, name, written, data.lang,
                                                    svg), b""))
                else:
                    # Saving is most of a figure's cost: drawn here, saved by a
                    # worker, so two figures are encoded at once.
                    blob = pickle.dumps(fig)
                    with main_script_hidden():  # a worker it starts never runs the script
                        future = pool.submit(_save_pickled, blob, folder, name, data.lang, svg)
                    saved.append((kind, name, future, blob))
        for kind, name, png, blob in saved:
            if not isinstance(png, str):
                try:
                    png, paths = png.result()
                except BrokenProcessPool:  # a worker could not start or died
                    paths = []
                    png = _save(pickle.loads(blob), folder, name, paths, data.lang, svg)
                written += paths
            if kind == "comparison":
                images[kind].append((name.removeprefix("comparison_").upper(), png))
            else:
                images[kind] = png
    finally:
        if pool is not None:
            pool.shutdown()
    return images, written


#: Units in a report from which figures are saved by a pool of two processes: below
#: it the pool's start-up (a fresh interpreter importing matplotlib) costs more.
_POOL_FROM_UNITS = 500


def _pool(data: ReportData) -> ProcessPoolExecutor | None:
    if len(data.names) < _POOL_FROM_UNITS:
        return None
    # spawn, not fork: a forked child of a threaded parent can deadlock
    return ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))


def _save_pickled(fig: bytes, folder: Path, name: str, lang: str,
                  svg: bool = False) -> tuple[str, list[Path]]:
    """Worker: save one pickled figure; return its PNG as base64 and the files written."""
    import matplotlib

    matplotlib.use("Agg")
    written: list[Path] = []
    # our own figure, from this process
    png = _save(pickle.loads(fig), folder, name, written, lang, svg)
    return png, written


# --------------------------------------------------------------------------- figures
# Each entry: (kind, function of the report data yielding (file name, figure)).
# Add a chart by adding an entry; the HTML shows each kind in its section.


def _unit_names(data: ReportData) -> pd.DataFrame | None:
    names = data.names
    return pd.DataFrame({"code": list(names), "name": list(names.values())}) if names else None


def _dashboard(data: ReportData) -> Iterator[tuple[str, Figure]]:
    if not data.scope_observations.empty:
        # each panel draws the method behind its progress and marks its verdicts
        yield "dashboard", charts.plot_dashboard(data.scope_observations, data.plan,
                                                 lang=data.lang,
                                                 unit_name=data.plan.scope_name,
                                                 judged=data.judged, method=data.method)



def _latest_period(att: pd.DataFrame) -> str | None:
    periods = att.loc[att["value"].notna(), "period"]
    if periods.empty:
        return None
    distinct = pd.unique(periods.astype("str"))
    return max(distinct, key=lambda p: parse_period(p).sort_key)


def _heatmap(data: ReportData) -> Iterator[tuple[str, Figure]]:
    if data.overview is not None:  # at scale: a row per unit of the level below
        period = _latest_period(data.overview)
        if period is not None:
            yield f"heatmap_{period}", charts.plot_heatmap(
                data.overview, period, lang=data.lang, units=_unit_names(data))
    elif data.period is not None and data.judged is not None:
        # the judged table: each target in its judged period, "chưa nộp" where nothing came
        yield f"heatmap_{data.period}", charts.plot_heatmap(
            shown_judged(data), data.period, lang=data.lang, units=_unit_names(data))


def _comparisons(data: ReportData) -> Iterator[tuple[str, Figure]]:
    if data.judged is None:
        return
    shown = shown_judged(data)
    if data.period is None or len(set(shown["unit_code"])) < 2:  # one bar compares nothing
        return
    targets = data.plan.targets
    overview = data.overview
    period = _latest_period(overview) if overview is not None else None
    for ref in targets.loc[targets["value"].notna(), "ref"]:
        if overview is not None:
            # at scale: the level below (34 provinces) in bars, then the units ranked
            if period is not None and ((overview["ref"] == ref)
                                       & (overview["period"] == period)).any():
                yield f"comparison_{_slug(ref)}", charts.plot_comparison(
                    overview, ref, period, lang=data.lang, units=_unit_names(data))
            if ((shown["ref"] == ref) & shown["value"].notna()).any():
                yield f"comparison_{_slug(ref)}_ranking", charts.plot_comparison(
                    shown, ref, lang=data.lang, units=_unit_names(data), top=RANK_TOP)
        elif ((shown["ref"] == ref) & shown["value"].notna()).any():
            yield f"comparison_{_slug(ref)}", charts.plot_comparison(
                shown, ref, lang=data.lang, units=_unit_names(data))


def _completeness(data: ReportData) -> Iterator[tuple[str, Figure]]:
    comp = data.completeness
    if comp is None or comp.empty:
        return
    if data.groups is not None:
        # At scale a row per unit is unreadable, and the groups' own reports
        # alone would hide their communes: a row per group, each cell the share
        # of its expected units that reported (the rates table has the counts).
        rates = data.rates
        if rates is None:
            return
        rates = rates[rates["parent_code"].isin(set(data.groups.values()))
                      & (rates["level"] != "department")]
        if rates.empty or rates["parent_code"].nunique() > 120:
            return
        yield "completeness", charts.plot_completeness_rates(rates, lang=data.lang,
                                                             units=_unit_names(data))
        return
    yield "completeness", charts.plot_completeness(comp, lang=data.lang,
                                                   units=_unit_names(data))


def _survey(data: ReportData) -> Iterator[tuple[str, Figure]]:
    for name, section in data.sections:
        if name == "survey":
            fig = survey_figure(data, section)
            if fig is not None:
                yield "survey", fig


#: The report's figures, in the order of the page.
FIGURES: list[tuple[str, Callable[[ReportData], Iterator[tuple[str, Figure]]]]] = [
    ("dashboard", _dashboard),
    ("heatmap", _heatmap),
    ("comparison", _comparisons),
    ("completeness", _completeness),
    ("survey", _survey),
]
