"""``childlabour-metrics check-form FILE``: how one workbook was understood, in plain words.

A province checks its own form before a round: which sheet was read, which
kind of form, which rows, which labels matched which indicators, which
encoding, which unit registry the unit was checked against, and every
problem, in Vietnamese (or English).

The unit is always checked against a registry, as the province's reader will
check it: the one given (``--units``), else the official registry
(:func:`~childlabour_metrics.reference.official.official_units`, both maps of
2025, each unit with its validity).  A code it lacks is the reader's
``UNKNOWN_UNIT`` (``UNIT_CODE_LOST_ZEROS`` when leading zeros were lost,
``UNIT_NOT_VALID_IN_PERIOD`` for a unit of another map): an error, so the
verdict is not "without errors".  A department, or any unit of one's own, is
in no bundled registry: give one's own.
"""

from __future__ import annotations

import argparse
import numbers
from pathlib import Path
from typing import Any

import pandas as pd

from ..language.words import has_word, number, printable, word
from ..reference.official import official_units
from ..reference.units import as_registry
from ._forms import provenance_parts
from ._taught import load_labels
from .read import read_reports

__all__ = ["check_form_command", "describe_form"]


def _shown(value: Any, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return number(value, lang)
    text = str(value)
    return "—" if text in ("", "<NA>", "nan", "NaT") else text


def describe_form(path: str, lang: str = "vi", units: Any = None,
                  labels: Any = None) -> tuple[str, int]:
    """How ``path`` was understood, as lines of text, and the exit code (0 ok, 1 errors).

    Parameters
    ----------
    path : str
        The workbook.
    lang : {"vi", "en"}
        Language of the lines.
    units : DataFrame or path, optional
        The unit registry to check the form's unit against; by default the
        official one (:func:`~childlabour_metrics.reference.official.official_units`).
        An unknown unit is an error of the form.
    labels : DataFrame or path, optional
        Row labels taught once (columns ``label``, ``code``), as for
        :func:`~childlabour_metrics.read_reports`.

    Each row read by its label says the label, the indicator chosen, the
    score and why: a name of the catalogue, an alias, the lexicon
    (abbreviations, synonyms), a confirmed label, or the whole form (and the
    evidence it gave); an unrecognised label, the indicators it could be.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active
    >>> for row in [["Mã đơn vị:", "00412"], ["Kỳ báo cáo:", "Năm 2024"],
    ...             ["Ngày báo cáo:", "10/1/2025"], ["Chỉ tiêu", "Tử số", "Mẫu số"],
    ...             ["1. Trẻ em được truyền thông", 800, 1000]]:
    ...     ws.append(row)
    >>> wb.save(path)
    >>> text, code = describe_form(str(path), "en")
    >>> print(text.split("\\n", 1)[1])  # doctest: +NORMALIZE_WHITESPACE
    Format: xlsx
    Sheet read: Sheet
    Form: one unit's report
    Unit: 00412 — · Period: 2024 · Report date: 2025-01-10
    Unit registry: the official registry of administrative units (clm.official_units())
    Encoding: Unicode
    Indicator rows read: 1
      row 5: CL07 (by its label "1. Trẻ em được truyền thông" ≈ Trẻ em được truyền thông,
      score 1.00, why: an alias in the catalogue) · numerator B5 = 800 · denominator C5 = 1,000
      · Valid
    Problems: 0
    Verdict: the form reads, without errors.
    """
    registry = official_units() if units is None else as_registry(units)
    result = read_reports(path, units=registry, lang=lang, progress=False, workers=1,
                          labels=load_labels(labels))
    files, obs, problems = result.files, result.observations, result.problems
    # The file whose rows are shown: an archive's first member may be one not read.
    shown = files[files["file"] == obs["source_file"].iloc[0]] if len(obs) else files
    info = shown.iloc[0] if len(shown) else pd.Series(dtype=object)
    lines = [word("check_file", lang, value=path),
             word("check_format", lang, value=_shown(info.get("format"), lang))]
    if len(obs):
        lines.append(word("check_sheet", lang, value=_shown(info.get("sheet"), lang)))
        other = _shown(info.get("other_sheets"), lang)
        if other != "—":
            lines.append(word("check_other_sheets", lang, value=other))
        form = f"check_form_{info.get('form')}"
        if has_word(form):
            lines.append(word(form, lang))
        first = obs.iloc[0]
        lines.append(word("check_meta", lang, unit=_shown(first["unit_code"], lang),
                          name=_shown(first["unit_name"], lang),
                          period=_shown(first["period"], lang),
                          date=_shown(first["report_date"], lang)[:10]))
        lines.append(word("check_registry", lang, value=_registry_label(units, lang)))
    legacy = problems.loc[problems["code"] == "LEGACY_ENCODING"]
    if len(legacy):
        found = [c for c in ("TCVN3", "VNI") if c in legacy["message"].iloc[0]]
        lines.append(word("check_encoding_legacy", lang, value=", ".join(found)))
    elif len(obs):
        lines.append(word("check_encoding_unicode", lang))
    lines.append(word("check_rows", lang, n=len(obs)))
    for row in obs.itertuples(index=False):  # a form's dozen rows, to show each
        indicator, how = _how(_shown(row.label_match, lang), _shown(row.indicator, lang), lang)
        lines.append(word("check_row", lang, row=_shown(row.row, lang),
                          indicator=indicator, how=how,
                          num_cell=_shown(row.numerator_cell, lang),
                          num=_shown(row.numerator, lang),
                          den_cell=_shown(row.denominator_cell, lang),
                          den=_shown(row.denominator, lang),
                          status=_status(row.status, lang)))
    lines.append(word("check_problems", lang, n=len(problems)))
    for p in problems.itertuples(index=False):
        lines.append(word("check_problem", lang, severity=_status(p.severity, lang, "severity"),
                          cell="" if _shown(p.cell, lang) == "—" else p.cell,
                          message=p.message))
    errors = int((problems["severity"] == "error").sum())
    if not len(obs):
        lines.append(word("check_verdict_unread", lang))
    elif errors:
        lines.append(word("check_verdict_errors", lang, n=errors))
    else:
        lines.append(word("check_verdict_ok", lang))
    # Cell text, names and messages from the file: never a terminal's control characters.
    return "\n".join(map(printable, lines)), 1 if errors or not len(obs) else 0


def _how(label_match: str, indicator: str, lang: str) -> tuple[str, str]:
    """The indicator shown for a row and how it was read: by its code, or by its label
    (the label, the text it matched, the score and why; or the candidates).

    >>> _how("Doanh nghiệp ≈ ? (CL12 1.00, CL08 0.61)", "Doanh nghiệp", "en")
    ('?', 'label "Doanh nghiệp" not recognised; it could be: CL12 1.00, CL08 0.61')
    >>> _how("DN ≈ Tỷ lệ doanh nghiệp được tập huấn (0.82; assignment: unit, order)",
    ...      "CL12", "en")[1]  # doctest: +NORMALIZE_WHITESPACE
    'by its label "DN" ≈ Tỷ lệ doanh nghiệp được tập huấn, score 0.82, why: the whole form
    decided: the unit of measure, the order of the rows'
    """
    if label_match == "—":
        return indicator, word("check_by_code", lang)
    parts = provenance_parts(label_match)
    if parts is None:  # a provenance of another version: shown as it is
        return indicator, word("check_by_label", lang, value=label_match)
    if "candidates" in parts:
        return "?", word("check_label_unknown", lang, label=parts["label"],
                         candidates=parts["candidates"])
    reason, _, evidence = parts["how"].partition(":")
    if reason == "assignment":
        named = [word(f"label_evidence_{e.strip()}", lang) if has_word(
            f"label_evidence_{e.strip()}") else e.strip() for e in evidence.split(",")]
        why = word("label_how_assignment", lang, value=", ".join(named))
    else:
        why = word(f"label_how_{reason}", lang) if has_word(f"label_how_{reason}") else reason
    return indicator, word("check_by_label_how", lang, label=parts["label"], text=parts["text"],
                           score=number(float(parts["score"]), lang, 2), how=why)


def _registry_label(units: Any, lang: str) -> str:
    """The registry the unit was checked against, as the description names it."""
    if units is None:
        return word("registry_official", lang)
    return "<DataFrame>" if isinstance(units, pd.DataFrame) else str(Path(units))


def check_form_command(args: argparse.Namespace) -> int:
    """Run ``check-form``: print the description; exit 1 when the form has errors."""
    text, code = describe_form(args.file, args.lang, units=getattr(args, "units", None),
                               labels=getattr(args, "labels", None))
    print(text)
    return code


def _status(code: object, lang: str, family: str = "status") -> str:
    """A status or severity code as the language says it (the code itself if it has no word)."""
    key = f"{family}_{code}"
    return word(key, lang) if has_word(key) else str(code)
