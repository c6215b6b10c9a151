"""The report's survey and data-quality sections (issues 25, 26): the page, the workbook, the
figure and the send-back workbooks say what the tables they come from say.

The sample is read once; survey estimates are made once from the synthetic survey in
``data/sample-survey`` (by province, by province and sex, by province and age group,
stacked as one table); the reports are built once per language.  Every expectation is
derived from the tables (:attr:`ReportData.sections`, ``clm.survey_attainment``,
``clm.survey_vs_routine``, ``clm.data_quality``), never from counts of the sample, which
another branch regenerates.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.quality import DIMENSIONS
from childlabour_metrics.analysis.quality._show import follow_up_text
from childlabour_metrics.analysis.report_data import analyse
from childlabour_metrics.cli import main
from childlabour_metrics.language.words import WORDS, number, percent, word
from childlabour_metrics.output import quality_section, survey_section
from childlabour_metrics.output._format import target_text
from childlabour_metrics.output._html import STATUS_BACKGROUNDS
from childlabour_metrics.output.report import build_report
from tests.support import REPO

SAMPLE = REPO / "data" / "sample"
SURVEY = REPO / "data" / "sample-survey"
PLAN = "hai-duong-2021"


@pytest.fixture(scope="module")
def read():
    return clm.read_reports(SAMPLE, units=clm.load_units(SAMPLE / "units.csv"), plan=PLAN,
                            progress=False)


@pytest.fixture(scope="module")
def estimates():
    children = clm.survey.classify(clm.survey.read(SURVEY / "fs.sav", survey="mics6",
                                                   household=SURVEY / "hl.sav"))
    return pd.concat([clm.survey.estimate(children, by=by) for by in
                      ("province", ["province", "sex"], ["province", "age_group"])],
                     ignore_index=True)


@pytest.fixture(scope="module")
def built(read, estimates, tmp_path_factory):
    out = {}
    for lang in ("vi", "en"):
        folder = tmp_path_factory.mktemp(f"sections_{lang}")
        result = build_report(read, PLAN, folder, units=SAMPLE / "units.csv", lang=lang,
                              progress=False, survey=estimates)
        data = analyse(read, PLAN, units=SAMPLE / "units.csv", lang=lang, survey=estimates)
        out[lang] = (result, data)
    return out


def _section(data, name):
    return dict(data.sections)[name]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self._skip = tag == "style"

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _page_text(result) -> str:
    parser = _Text()
    parser.feed(result.html.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def _page_pieces(result) -> list[str]:
    """Every text of the page as its own piece (a table cell, a heading)."""
    parser = _Text()
    parser.feed(result.html.read_text(encoding="utf-8"))
    return parser.parts


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def _sheet_rows(path: Path, title: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[title]
    return [row for row in ws.iter_rows(values_only=True)]


# --------------------------------------------------------------------------- survey


def test_the_survey_section_is_in_scope_judged_and_beside_the_routine_rate(built, read,
                                                                          estimates):
    _, data = built["vi"]
    section = _section(data, "survey")
    # the plan's own province only; every other province's estimates counted as left out
    in_scope = estimates["province"].astype(str) == "Tỉnh Hải Dương"
    assert len(section.estimates) == int(in_scope.sum())
    assert section.left_out == int((~in_scope).sum())
    assert set(section.estimates["unit_code"]) == {"30"}
    # judged as clm.survey_attainment judges the same estimates
    mine = estimates[in_scope].reset_index(drop=True)
    theirs = clm.survey_attainment(mine[["value", "ci_low", "ci_high"]].assign(
        row=range(len(mine)))[["row", "value", "ci_low", "ci_high"]], PLAN)
    assert section.judged[["row", "ref", "status"]].equals(theirs[["row", "ref", "status"]])
    # the routine rate beside the whole-province estimate: clm.survey_vs_routine's
    whole = section.estimates[section.estimates["whole"]]
    period = whole["period"].iloc[0]
    beside = clm.survey_vs_routine(whole[["value", "ci_low", "ci_high"]].assign(area="30"),
                                   read.observations, area="area",
                                   units=SAMPLE / "units.csv", level="province",
                                   period=period)
    assert section.routine["routine_value"].tolist() == pytest.approx(
        beside["routine_value"].tolist(), rel=1e-12)
    # and the same rate as the report's own summary of A1 in that period
    scope = data.attainment[(data.attainment["unit_code"] == "30")
                            & (data.attainment["ref"] == "A1")
                            & (data.attainment["period"] == period)]
    assert section.routine["routine_value"].iloc[0] == pytest.approx(
        float(scope["value"].iloc[0]), rel=1e-12)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_says_each_estimate_its_judgement_and_the_routine_rate(built, lang):
    result, data = built[lang]
    section = _section(data, "survey")
    page = _page_text(result)
    part = _between(page, word("report_survey_section", lang),
                    word("report_quality_section", lang))
    for _, est in section.estimates.iterrows():
        assert percent(est["value"], lang, 1) in part
        # the interval as the sentence writes it: each limit with its unit
        assert (f"{percent(est['ci_low'], lang, 1)}–{percent(est['ci_high'], lang, 1)}"
                in part)
    for status in section.judged["status"]:
        assert word(f"survey_judge_{status}", lang) in part
    for _, row in section.routine.iterrows():
        assert percent(row["routine_value"], lang, 2) in part
    # the judgement in words: the whole area against the first CL01 target
    first = section.judged.sort_values("target_year", kind="stable").iloc[0]
    verdict = word(f"survey_judge_{first['status']}", lang)
    sentence = survey_section.judgement_texts(section, lang)[0]
    assert verdict[:1].lower() + verdict[1:] in sentence and sentence in part
    assert word("report_survey_left_out", lang, n=section.left_out) in part


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_judgement_of_the_page_is_coloured_by_its_verdict(built, lang):
    """Against the 2030 target as against the 2025 one: an uncoloured column read as no
    verdict beside a coloured one."""
    result, data = built[lang]
    section = _section(data, "survey")
    page = result.html.read_text(encoding="utf-8")
    part = _between(page, f"<h2>{word('report_survey_section', lang)}</h2>",
                    f"<h2>{word('report_quality_section', lang)}</h2>")
    assert section.judged["ref"].nunique() > 1
    # before a target's year the words say so (a 2025 survey has not missed a 2030 target)
    year = section.estimates["period"].astype(int).to_numpy()[section.judged["row"]]
    ahead = year < section.judged["target_year"].astype(int).to_numpy()
    assert ahead.any() and (~ahead).any()
    # worded as the judged table words a target not yet due ("Chưa đạt (chưa đến năm …)")
    judged = {"met": "verdict_on_track", "not_met": "verdict_not_yet"}
    keys = [(judged.get(s, f"survey_judge_ahead_{s}") if a else f"survey_judge_{s}")
            for a, s in zip(ahead, section.judged["status"], strict=True)]
    assert word("verdict_not_yet", lang) in {word(k, lang) for k in keys}
    for (key, status), n in pd.Series(list(zip(keys, section.judged["status"], strict=True))
                                      ).value_counts().items():
        cell = (f'<td style="background:{STATUS_BACKGROUNDS[status]}">'
                f'{word(key, lang)}</td>')
        assert part.count(cell) == n, key


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_survey_sheet_holds_the_estimates_as_numbers(built, lang):
    result, data = built[lang]
    section = _section(data, "survey")
    rows = _sheet_rows(result.xlsx, word("report_survey_sheet", lang))
    head_at = next(i for i, r in enumerate(rows) if r[0] == word("report_survey_group", lang))
    head = list(rows[head_at])
    table = rows[head_at + 1:head_at + 1 + len(section.estimates)]
    value = head.index(word("col_survey_value", lang))
    assert [r[value] for r in table] == pytest.approx(
        (section.estimates["value"] / 100).tolist(), rel=1e-12)
    # each limit named once: "Cận dưới khoảng tin cậy (95%)", not "Khoảng tin cậy 95%:
    # cận dưới khoảng tin cậy"
    for key, column in (("col_ci_low", "ci_low"), ("col_ci_high", "ci_high")):
        at = head.index(f"{word(key, lang)} (95%)")
        assert [r[at] for r in table] == pytest.approx(
            (section.estimates[column] / 100).tolist(), rel=1e-12)
    interval = word("report_survey_interval", lang, level=95).lower()
    assert not [h for h in head if isinstance(h, str) and h.lower().count(interval[:10]) > 1]
    n = head.index(word("col_n", lang))
    assert [r[n] for r in table] == section.estimates["n"].astype(int).tolist()
    # the summary sheet prints the same sentence the page says
    summary = _sheet_rows(result.xlsx, word("report_summary_sheet", lang))
    at = next(i for i, r in enumerate(summary) if r[0] == word("report_survey_section", lang))
    lines = []
    for row in summary[at + 1:]:
        if not isinstance(row[1], str):
            break
        lines.append(row[1])
    assert " ".join(lines) == survey_section.judgement_texts(section, lang)[0]


def test_the_survey_chart_draws_the_estimates_and_the_target(built):
    _, data = built["en"]
    section = _section(data, "survey")
    fig = survey_section.survey_figure(data, section)
    points = [float(x) for ax in fig.axes for line in ax.lines
              if line.get_marker() == "o" for x in line.get_xdata()]
    assert sorted(points) == pytest.approx(sorted(section.estimates["value"].tolist()))
    target = section.target(data.plan)
    verticals = {float(line.get_xdata()[0]) for ax in fig.axes for line in ax.lines
                 if line.get_linestyle() == "--"}
    assert verticals == {float(target["value"])}
    # its label is the plan's target as the page writes it ("≤ 1%"), not "1.0%"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [word("survey_chart_target", "en", year=int(target["year"]),
                           value=target_text(target["operator"], target["value"], "en"))]


def test_the_survey_is_the_reviews_external_check(built):
    _, data = built["vi"]
    section, review = _section(data, "survey"), _section(data, "quality")
    card = review.scorecard
    external = card[(card["scope"] == "all") & (card["dimension"] == "external")].iloc[0]
    routine = section.routine
    assert external["n_checks"] == len(routine)
    outside = (~routine["routine_in_ci"].astype(bool)).sum()
    assert external["n_failed"] == outside == len(review.external)
    assert review.external["value"].tolist() == pytest.approx(
        routine.loc[~routine["routine_in_ci"].astype(bool), "routine_value"].tolist())


# --------------------------------------------------------------------------- quality


def test_the_review_compares_communes_within_their_province(built, read):
    _, data = built["vi"]
    review = _section(data, "quality")
    assert review.within == "province"
    default = clm.data_quality(read, SAMPLE / "units.csv", PLAN)  # each commune's district

    def outlier_checks(dq):
        card = dq.scorecard
        return int(card.loc[(card["scope"] == "all") & (card["dimension"] == "outliers"),
                            "n_checks"].iloc[0])

    assert outlier_checks(review) > 0 and outlier_checks(review) >= outlier_checks(default)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_shows_the_scorecard_and_the_follow_up_list(built, lang):
    result, data = built[lang]
    review = _section(data, "quality")
    page = result.html.read_text(encoding="utf-8")
    part = _between(page, f"<h2>{word('report_quality_section', lang)}</h2>",
                    f"<h2>{word('report_problems_sheet', lang)}</h2>")
    summary = review.summary()
    for row in summary.itertuples(index=False):
        cells = (f'<td>{word(f"quality_dim_{row.dimension}", lang)}</td>'
                 f'<td class="num">{number(row.n_checks, lang, 0)}</td>'
                 f'<td class="num">{number(row.n_failed, lang, 0)}</td>'
                 f'<td class="num">{number(row.n_units, lang, 0)}</td>'
                 f'<td class="num">{number(row.n_units_pass, lang, 0)}</td>')
        assert cells in part.replace("&#x27;", "'"), row.dimension
        if row.n_checks:
            assert percent(row.pct_units_pass, lang, 1) in part
    listed = follow_up_text(review.follow_up.head(quality_section.HTML_ROWS), lang)
    import html as html_module
    for why, ask in zip(listed["why"], listed["question"], strict=True):
        assert html_module.escape(why) in part and html_module.escape(ask) in part


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_quality_sheet_lists_every_flag_with_its_cells(built, lang):
    result, data = built[lang]
    review = _section(data, "quality")
    title = word("report_quality_section", lang)
    rows = _sheet_rows(result.xlsx, title)
    head_at = next(i for i, r in enumerate(rows) if r[0] == word("col_unit_code", lang)
                   and len([c for c in r if c]) > 6)
    head = list(rows[head_at])
    listed = rows[head_at + 1:]
    expected = follow_up_text(review.follow_up, lang)
    assert len(listed) == len(expected)
    columns = {"unit_code": "col_unit_code", "period": "report_period", "why": "col_why",
               "question": "col_ask", "source_file": "report_file", "cells": "col_cells"}
    for ours, key in columns.items():
        got = [r[head.index(word(key, lang))] for r in listed]
        want = [None if pd.isna(v) else v for v in expected[ours]]
        assert got == want, ours
    # printed: the summary sheet's page, never this list
    ws = openpyxl.load_workbook(result.xlsx)[title]
    assert ws.print_area is not None and ":" not in str(ws.print_area).split("!")[-1]


def _scorecard_rows(ws, lang):
    """The scorecard's rows of a sheet: from its header, one row per dimension."""
    rows = list(ws.iter_rows())
    share = quality_section._heading("pct_units_pass", lang)
    at = next(i for i, r in enumerate(rows) if share in [c.value for c in r])
    col = [c.value for c in rows[at]].index(share)
    return [(r[col - 5].value, r[col]) for r in rows[at + 1:at + 1 + len(DIMENSIONS)]]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_workbooks_scorecard_holds_its_shares_as_numbers(built, read, tmp_path, lang):
    """A share of units passing is a number in percent (right-aligned, sortable, never
    "93,2%" as text beside a count); a dimension not checked says why in words."""
    result, data = built[lang]
    review = _section(data, "quality")
    card = review.summary().set_index("dimension")
    wb = openpyxl.load_workbook(result.xlsx)
    for title in (word("report_summary_sheet", lang), word("report_quality_section", lang)):
        rows = _scorecard_rows(wb[title], lang)
        assert [d for d, _ in rows] == [word(f"quality_dim_{d}", lang) for d in DIMENSIONS]
        for d, (_, cell) in zip(DIMENSIONS, rows, strict=True):
            assert isinstance(cell.value, int | float), (title, d, cell.value)
            assert "%" in cell.number_format
            assert cell.value == pytest.approx(card.loc[d, "pct_units_pass"] / 100, rel=1e-12)
    # without a survey the external check ran no check: its why, in words
    plain = build_report(read, PLAN, tmp_path / "plain", units=SAMPLE / "units.csv",
                         lang=lang, progress=False)
    ws = openpyxl.load_workbook(plain.xlsx)[word("report_quality_section", lang)]
    external = dict(zip(DIMENSIONS, (c for _, c in _scorecard_rows(ws, lang)),
                        strict=True))["external"]
    assert isinstance(external.value, str) and external.value.strip()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_follow_up_list_heads_the_parent_unit_as_a_unit_not_a_plan(built, lang):
    result, _ = built[lang]
    rows = _sheet_rows(result.xlsx, word("report_quality_section", lang))
    head = next(r for r in rows if r[0] == word("col_unit_code", lang)
                and len([c for c in r if c]) > 6)
    assert word("report_parent_name", lang) in head
    assert word("col_parent", lang) not in head  # "Kế hoạch cấp trên": a plan's parent


def test_every_flag_of_a_form_is_traced_to_its_cells(built):
    """Each flag's cells hold the very counts the flag names, in the file it names."""
    _, data = built["vi"]
    review = _section(data, "quality")
    flags = pd.concat([t for d, t in review.flags().items() if d != "external" and len(t)],
                      ignore_index=True)
    assert len(flags)
    checked = 0
    for flag in flags.itertuples(index=False):
        assert isinstance(flag.source_file, str) and flag.source_file
        assert isinstance(flag.cells, str) and flag.cells and isinstance(flag.sheet, str)
        path = SAMPLE / flag.source_file
        if path.suffix != ".xlsx":
            continue
        ws = openpyxl.load_workbook(path, data_only=True)[flag.sheet]
        held = [ws[c.strip()].value for c in flag.cells.split(",")]
        held = [float(str(v).replace(".", "")) if isinstance(v, str) else v for v in held]
        counts = {float(x) for x in (flag.numerator, flag.denominator, flag.value,
                                     flag.reference) if pd.notna(x)}
        assert set(map(float, held)) <= counts, (flag.source_file, flag.cells, held, counts)
        checked += 1
    assert checked


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_send_back_workbooks_carry_each_flag(read, tmp_path, lang):
    review = clm.data_quality(read, SAMPLE / "units.csv", PLAN, within="province")
    written = clm.write_problems(read, tmp_path, lang=lang, quality=review)
    sent = review.follow_up[review.follow_up["dimension"] != "external"]
    assert len(sent)
    sheet = word("sendback_quality_sheet", lang)
    books = {}
    for path in written:
        wb = openpyxl.load_workbook(path)
        if sheet in wb.sheetnames:
            rows = list(wb[sheet].iter_rows(values_only=True))
            unit = re.search(r"\((\w+)\)", rows[1][0]).group(1)
            books[unit] = rows
    # a figure the problems sheet asks to fix (same file, one of the flag's cells) is not
    # also asked to be explained; every other flag is on its unit's sheet
    def inside(f):  # a path as the workbooks write it: under the folder read
        path = Path(str(f))
        return (path.relative_to(SAMPLE) if path.is_absolute() else path).as_posix()

    fixed = set(zip(read.problems["unit_code"].astype(str), read.problems["file"].map(inside),
                    read.problems["cell"].astype(str), strict=True))
    words = follow_up_text(sent, lang)
    twice = [any((str(f.unit_code), inside(f.source_file), c.strip()) in fixed
                 for c in str(f.cells).split(",")) for f in words.itertuples(index=False)]
    assert any(twice) and not all(twice)
    asked = words[[not t for t in twice]]
    assert set(books) == set(asked["unit_code"])
    for flag in asked.itertuples(index=False):
        rows = books[flag.unit_code]
        head = next(i for i, r in enumerate(rows) if r[-1] == word("sendback_answer", lang))
        table = rows[head + 1:]
        assert any(r[2] == flag.cells and r[3] == flag.period and r[6] == flag.why
                   and r[7] == flag.question and r[8] is None for r in table), flag
    for flag in words[twice].itertuples(index=False):
        assert flag.cells not in [r[2] for r in books.get(flag.unit_code, [])], flag


# --------------------------------------------------------------------------- both


_CODES = ("outliers", "over_time", "denominators", "consistency", "external", "modified_z",
          "survey_below", "survey_above", "not_met", "met", "indistinguishable", "warning",
          "error", "logit", "value", "numerator", "denominator", "province", "unit_code")


def test_one_language_in_each_sections_output(built):
    vi_words = {vi for vi, en in WORDS.values() if vi != en and len(vi) > 6}
    en_words = {en for vi, en in WORDS.values() if vi != en and len(en) > 6}
    texts = {}
    for lang in ("vi", "en"):
        result, _ = built[lang]
        page = _page_text(result)
        cells = [str(c) for title in (word("report_quality_section", lang),
                                      word("report_survey_sheet", lang),
                                      word("report_summary_sheet", lang))
                 for r in _sheet_rows(result.xlsx, title) for c in r if isinstance(c, str)]
        texts[lang] = (page, cells)
        # a code is English: in Vietnamese no word may be one; in English no whole cell
        shown = (page.split() + cells) if lang == "vi" else cells + _page_pieces(result)
        assert not set(_CODES) & {t.strip(" .,:;()") for t in shown}, lang
    vi_text = texts["vi"][0] + " ".join(texts["vi"][1])
    en_text = texts["en"][0] + " ".join(texts["en"][1])
    # what the forms themselves say (a sheet named "Báo cáo", a unit's name) is data
    _, data = built["en"]
    review = _section(data, "quality")
    for given in {*review.follow_up["sheet"].dropna(), *data.names.values()}:
        en_text = en_text.replace(str(given), "")
    assert not [w for w in en_words if w in vi_text]
    assert not [w for w in vi_words if w in en_text]


def test_the_report_without_a_survey_or_a_review_looks_as_before(read, built, tmp_path):
    plain = build_report(read, PLAN, tmp_path / "plain", units=SAMPLE / "units.csv",
                         progress=False, quality=False)
    reviewed = build_report(read, PLAN, tmp_path / "reviewed", units=SAMPLE / "units.csv",
                            progress=False)
    sheets = openpyxl.load_workbook(plain.xlsx).sheetnames
    assert word("report_quality_section", "vi") not in sheets
    assert word("report_survey_sheet", "vi") not in sheets
    assert openpyxl.load_workbook(reviewed.xlsx).sheetnames == [
        *sheets[:-2], word("report_quality_section", "vi"), *sheets[-2:]]
    figures = {p.name for p in plain.figures}
    assert "survey.png" not in figures and figures == {p.name for p in reviewed.figures}
    page = plain.html.read_text(encoding="utf-8")
    with_review = reviewed.html.read_text(encoding="utf-8")
    assert word("report_quality_section", "vi") not in page
    assert word("report_survey_section", "vi") not in with_review
    # the page with the review is the plain page and the review's section, nothing else
    start = with_review.index(f"<h2>{word('report_quality_section', 'vi')}</h2>")
    end = with_review.index(f"<h2>{word('report_problems_sheet', 'vi')}</h2>")
    assert with_review[:start] + with_review[end:] == page
    # the summary sheet: the targets as before, the review's block below them
    rows = _sheet_rows(plain.xlsx, word("report_summary_sheet", "vi"))
    assert rows == _sheet_rows(reviewed.xlsx, word("report_summary_sheet", "vi"))[:len(rows)]


def test_the_command_line_report_takes_a_survey_file(estimates, tmp_path, capsys):
    csv = tmp_path / "estimates.csv"
    estimates.to_csv(csv, index=False)
    out = tmp_path / "report"
    assert main(["report", str(SAMPLE), "--plan", PLAN, "--units", str(SAMPLE / "units.csv"),
                 "--out", str(out), "--survey", str(csv)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"<h2>{word('report_survey_section', 'vi')}</h2>" in page
    assert (out / "figures" / "survey.png").exists()
    capsys.readouterr()


def test_validate_quality_sends_the_flags_back(tmp_path, capsys):
    out = tmp_path / "send-back"
    main(["validate", str(SAMPLE), "--plan", PLAN, "--units", str(SAMPLE / "units.csv"),
          "--problems-out", str(out), "--quality", "--format", "csv"])
    capsys.readouterr()
    sheet = word("sendback_quality_sheet", "vi")
    assert any(sheet in openpyxl.load_workbook(p).sheetnames for p in out.glob("*.xlsx"))


def test_a_plan_without_a_numeric_cl01_target_says_the_estimates_are_not_judged(estimates):
    obs = pd.DataFrame({"unit_code": ["40"], "period": ["2024"], "indicator": ["CL01"],
                        "numerator": [5], "denominator": [1000]})
    from childlabour_metrics.analysis.survey_section import survey_section as build
    from childlabour_metrics.reference.plans import load_plan

    whole = estimates[estimates[["sex", "age_group"]].isna().all(axis=1)].drop(
        columns=["sex", "age_group"])
    units = clm.load_units(REPO / "data" / "sample-nghe-an" / "units.csv")
    section = build(whole, load_plan("nghe-an-2021"), units, obs)
    # Nghệ An's estimate only (the registry names the province), not judged: no number
    assert section.judged.empty and section.estimates["unit_code"].tolist() == ["40"]
    assert section.left_out == len(whole) - 1
    assert np.isclose(section.routine["routine_value"].iloc[0], 0.5)
    texts = survey_section.judgement_texts(section, "en")
    assert len(texts) == 1 and "0.50%" in texts[0]
