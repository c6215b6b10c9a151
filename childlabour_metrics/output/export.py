"""Tidy exports: the library's tables as coded CSV and Parquet, with a data dictionary.

The child information software of the ministry (and any statistics tool)
takes tidy tables: one observation per row, codes rather than words, a fixed
column order, documented columns.  :func:`export_tables` writes the
observations, attainment, progress and completeness tables that way, with
``data_dictionary.csv`` and ``data_dictionary.md`` beside them;
:func:`read_export` reads a written table back with the dictionary's types.

CSV files are UTF-8 with a byte-order mark (so Excel shows Vietnamese
correctly); a text cell that a spreadsheet would run as a formula (starting
with ``= + - @``, a tab or a carriage return) is written with a leading
apostrophe, and :func:`read_export` takes it off again.  Parquet needs the
optional ``pyarrow`` package (``pip install childlabour-metrics[parquet]``).

The column order of each table is the dictionary's (:data:`TABLE_COLUMNS`);
columns a table has beyond it are written after, in name order, and are not
kept stable across versions.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd

from ..analysis.attainment import STATUSES as ATTAINMENT_STATUSES
from ..analysis.judged import REASONS as JUDGED_REASONS
from ..analysis.judged import VERDICTS
from ..language.errors import ExportError
from ..language.words import check_lang, has_word, word
from ..reference.indicators import INDICATOR_CODES
from ..reference.schemas import STATUSES as ROW_STATUSES
from ._lock import folder_lock
from ._safety import atomic_write, neutralise_formulas, restore_formulas

__all__ = [
    "ExportError",
    "TABLE_COLUMNS",
    "TABLES",
    "data_dictionary",
    "export_tables",
    "read_export",
    "tidy",
]

TEXT, INTEGER, DECIMAL, BOOLEAN = "text", "integer", "decimal", "boolean"
DATE, LIST = "date", "list"
_DTYPES: dict[str, Any] = {TEXT: "str", INTEGER: "Int64", DECIMAL: "Float64", BOOLEAN: "boolean",
           DATE: "datetime64[ns]", LIST: "str"}
_LIST_JOIN = {"indicators": "+", "files": ";", "not_reported": ";"}
# First characters that make a spreadsheet run a cell as a formula, and the
# escape itself (so that unescaping is never ambiguous).

_PERIOD_CODES = "YYYY | YYYYH1 | YYYYH2"
_C, _P = "count", "percent"
#: Every exported table: (column, type, unit, codes), in the order written.
TABLES: dict[str, list[tuple[str, str, str, str]]] = {
    "observations": [
        ("unit_code", TEXT, "", ""),
        ("period", TEXT, "", _PERIOD_CODES),
        ("indicator", TEXT, "", " | ".join(INDICATOR_CODES)),
        ("numerator", INTEGER, _C, ""),
        ("denominator", INTEGER, _C, ""),
        ("status", TEXT, "", " | ".join(ROW_STATUSES)),
        ("unit_name", TEXT, "", ""),
        ("report_date", DATE, "", "YYYY-MM-DD"),
        ("source_file", TEXT, "", ""),
        ("sheet", TEXT, "", ""),
        ("numerator_cell", TEXT, "", ""),
        ("denominator_cell", TEXT, "", ""),
        ("row", INTEGER, "", ""),
        ("form", TEXT, "", ""),
        ("label_match", TEXT, "", ""),
    ],
    "attainment": [
        ("unit_code", TEXT, "", ""),
        ("period", TEXT, "", _PERIOD_CODES),
        ("ref", TEXT, "", ""),
        ("label", TEXT, "", ""),
        ("indicators", LIST, "", " | ".join(INDICATOR_CODES)),
        ("target_year", INTEGER, "year", ""),
        ("direction", TEXT, "", "increase | decrease"),
        ("value", DECIMAL, _P, ""),
        ("operator", TEXT, "", "< | <= | >= | >"),
        ("target", DECIMAL, _P, ""),
        ("met", BOOLEAN, "", ""),
        ("status", TEXT, "", " | ".join(ATTAINMENT_STATUSES)),
        ("gap_pp", DECIMAL, "percentage point", ""),
        ("pct_of_target", DECIMAL, _P, ""),
        ("numerator", INTEGER, _C, ""),
        ("denominator", INTEGER, _C, ""),
        ("reason", TEXT, "", ""),
        ("owner", TEXT, "", ""),
    ],
    "progress": [
        ("unit_code", TEXT, "", ""),
        ("ref", TEXT, "", ""),
        ("label", TEXT, "", ""),
        ("indicators", LIST, "", " | ".join(INDICATOR_CODES)),
        ("target_year", INTEGER, "year", ""),
        ("operator", TEXT, "", "< | <= | >= | >"),
        ("target", DECIMAL, _P, ""),
        ("direction", TEXT, "", "increase | decrease"),
        ("method", TEXT, "", "sdg | trajectory"),
        ("base_year", INTEGER, "year", ""),
        ("latest_year", INTEGER, "year", ""),
        ("latest_value", DECIMAL, _P, ""),
        ("status", TEXT, "", ""),
        ("ratio", DECIMAL, "", ""),
        ("score", DECIMAL, "", ""),
        ("projection", DECIMAL, _P, ""),
        ("cagr_observed", DECIMAL, "per year", ""),
        ("cagr_required", DECIMAL, "per year", ""),
        ("n_years", INTEGER, "year", ""),
        ("reason", TEXT, "", ""),
        ("expected", DECIMAL, _P, ""),
        ("gap", DECIMAL, "percentage point", ""),
    ],
    # issue 22: the judged table, what every output renders (analysis.judged).
    "judged": [
        ("unit_code", TEXT, "", ""),
        ("is_scope", BOOLEAN, "", ""),
        ("ref", TEXT, "", ""),
        ("label", TEXT, "", ""),
        ("indicators", LIST, "", " | ".join(INDICATOR_CODES)),
        ("target_year", INTEGER, "year", ""),
        ("direction", TEXT, "", "increase | decrease"),
        ("operator", TEXT, "", "< | <= | >= | >"),
        ("target", DECIMAL, _P, ""),
        ("period", TEXT, "", _PERIOD_CODES),
        ("value", DECIMAL, _P, ""),
        ("numerator", INTEGER, _C, ""),
        ("denominator", INTEGER, _C, ""),
        ("status", TEXT, "", " | ".join(VERDICTS)),
        ("reason", TEXT, "", " | ".join(JUDGED_REASONS)),
        ("method", TEXT, "", "attainment"),
        ("gap_pp", DECIMAL, "percentage point", ""),
        ("earlier_period", TEXT, "", _PERIOD_CODES),
        ("earlier_value", DECIMAL, _P, ""),
        ("progress", TEXT, "", ""),
        ("progress_method", TEXT, "", "sdg | trajectory"),
        ("progress_ratio", DECIMAL, "", ""),
        ("projection", DECIMAL, _P, ""),
        ("base_year", INTEGER, "year", ""),
        ("n_reported", INTEGER, "unit", ""),
        ("n_expected", INTEGER, "unit", ""),
        ("not_reported", LIST, "", ""),
        ("units_met", INTEGER, "unit", ""),
    ],
    "completeness": [
        ("unit_code", TEXT, "", ""),
        ("unit_name", TEXT, "", ""),
        ("level", TEXT, "", "country | province | district | commune | department"),
        ("parent_code", TEXT, "", ""),
        ("period", TEXT, "", _PERIOD_CODES),
        ("deadline", DATE, "", "YYYY-MM-DD"),
        ("expected", BOOLEAN, "", ""),
        ("n_reports", INTEGER, "file", ""),
        ("received", BOOLEAN, "", ""),
        ("report_date", DATE, "", "YYYY-MM-DD"),
        ("on_time", BOOLEAN, "", ""),
        ("late", BOOLEAN, "", ""),
        ("missing", BOOLEAN, "", ""),
        ("duplicated", BOOLEAN, "", ""),
        ("unexpected", BOOLEAN, "", ""),
        ("status", TEXT, "", "on_time | late | received | missing | unexpected"),
        ("note", TEXT, "", ""),
        ("files", LIST, "", ""),
    ],
}
#: The stable column order of each exported table.
TABLE_COLUMNS: dict[str, list[str]] = {t: [c[0] for c in cols] for t, cols in TABLES.items()}
# A table without these is not the library's table.
_REQUIRED = {
    "observations": ["unit_code", "period", "indicator", "numerator", "denominator"],
    "attainment": ["unit_code", "period", "ref", "value"],
    "progress": ["unit_code", "ref", "status"],
    "completeness": ["unit_code", "period", "status"],
    "judged": ["unit_code", "ref", "period", "status"],
}
DICTIONARY_COLUMNS = [
    "table", "position", "column", "type", "unit", "codes", "description_vi", "description_en",
]



def _describe(table: str, column: str, lang: str) -> str:

    if column == "expected" and table == "progress":
        return word("exp_expected_progress", lang)
    for key in (f"exp_{column}_{table}", f"exp_{column}"):
        if has_word(key):
            return word(key, lang)
    return word("exp_other", lang)


def data_dictionary(tables: list[str] | None = None) -> pd.DataFrame:
    """The data dictionary: every exported column with its type, unit, codes and meaning.

    Parameters
    ----------
    tables : list of str, optional
        Tables to describe (default all of :data:`TABLES`).

    Returns
    -------
    DataFrame
        ``table, position, column, type, unit, codes, description_vi,
        description_en``.  Types: ``text`` (codes keep leading zeros),
        ``integer`` (counts, whole numbers or empty), ``decimal``, ``boolean``,
        ``date`` (ISO), ``list`` (codes joined by ``+`` or ``;``).

    Examples
    --------
    >>> dd = data_dictionary(["observations"])
    >>> dd[["column", "type", "unit"]].iloc[2:4].values.tolist()
    [['indicator', 'text', ''], ['numerator', 'integer', 'count']]
    """
    names = list(TABLES) if tables is None else tables
    unknown = [t for t in names if t not in TABLES]
    if unknown:
        raise ExportError("export_unknown_table", table=unknown[0], known=", ".join(TABLES))
    rows = [
        {"table": t, "position": i, "column": col, "type": kind, "unit": unit, "codes": codes,
         "description_vi": _describe(t, col, "vi"), "description_en": _describe(t, col, "en")}
        for t in names
        for i, (col, kind, unit, codes) in enumerate(TABLES[t], start=1)
    ]
    out = pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
    out["position"] = out["position"].astype("Int64")
    for col in DICTIONARY_COLUMNS:
        if col != "position":
            out[col] = out[col].astype("str")
    return out


def tidy(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A library table in its export form: dictionary order and types, lists joined.

    Parameters
    ----------
    frame : DataFrame
        The observations, attainment, progress or completeness table.
    table : str
        Its name, a key of :data:`TABLES`.

    Returns
    -------
    DataFrame
        The dictionary's columns the frame has, in the dictionary's order,
        then any other columns in name order; codes as text, counts
        ``Int64``, values ``Float64``, flags ``boolean``, dates
        ``datetime64``, tuples of codes joined (``CL12+CL13``).

    Examples
    --------
    >>> obs = pd.DataFrame({"numerator": [3], "denominator": [100], "unit_code": ["00412"],
    ...     "period": ["2024"], "indicator": ["CL01"]})
    >>> tidy(obs, "observations").dtypes.astype(str).tolist()
    ['str', 'str', 'str', 'Int64', 'Int64']
    """
    if table not in TABLES:
        raise ExportError("export_unknown_table", table=table, known=", ".join(TABLES))
    lacking = [c for c in _REQUIRED[table] if c not in frame.columns]
    if lacking:
        raise ExportError("export_missing_columns", table=table, columns=lacking)
    spec = {col: kind for col, kind, _, _ in TABLES[table]}
    known = [c for c in TABLE_COLUMNS[table] if c in frame.columns]
    extra = sorted(str(c) for c in frame.columns if c not in spec)
    out = frame[known + extra].copy()
    for col in known:
        out[col] = _cast(out[col], spec[col], _LIST_JOIN.get(col, "+"))
    for col in extra:
        out[col] = _cast(out[col], TEXT, "+") if out[col].dtype == object else out[col]
    return out.reset_index(drop=True)


def _cast(values: pd.Series, kind: str, joiner: str) -> pd.Series:
    if kind == LIST or (kind == TEXT and values.dtype == object):
        is_seq = values.map(lambda v: isinstance(v, (tuple, list)))
        if is_seq.any():
            values = values.where(~is_seq, values[is_seq].map(lambda v: joiner.join(map(str, v))))
            values = values.mask(values == "")
    if kind == DATE:
        return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
    if kind in (INTEGER, DECIMAL):
        numbers = pd.to_numeric(values, errors="coerce")
        return numbers.astype("Float64").astype(_DTYPES[kind])
    text = values.astype(_DTYPES[kind])
    if kind in (TEXT, LIST):
        # An empty cell is a missing value, in the table as in the CSV.
        text = text.mask(text == "")
    return text


def _text_columns(frame: pd.DataFrame, table: str) -> list[str]:
    spec = {col: kind for col, kind, _, _ in TABLES[table]}
    return [c for c in frame.columns
            if spec.get(c, TEXT if frame[c].dtype == "str" else "") in (TEXT, LIST)]


def _pyarrow_available() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


def _require_pyarrow(path: Path) -> None:
    if not _pyarrow_available():
        raise ExportError("export_no_pyarrow", file=path, path=path)


def export_tables(
    tables: dict[str, pd.DataFrame],
    folder: str | Path,
    formats: tuple[str, ...] | str = ("csv",),
    *,
    lang: str = "vi",
) -> pd.DataFrame:
    """Write tables as tidy CSV and/or Parquet, with the data dictionary beside them.

    Parameters
    ----------
    tables : dict of str to DataFrame
        Tables by name: ``observations``, ``attainment``, ``progress``,
        ``completeness`` (any subset).
    folder : str or Path
        Created if missing; files are ``<name>.csv`` / ``<name>.parquet``,
        ``data_dictionary.csv`` and ``data_dictionary.md``.
    formats : "csv", "parquet" or both
        Parquet needs ``pyarrow`` (the ``[parquet]`` extra).
    lang : {"vi", "en"}
        Language of the message when another run is writing into ``folder``.

    Returns
    -------
    DataFrame
        ``table, format, path, rows``: one row per file written.

    Raises
    ------
    ExportError
        For an unknown table, a table lacking its key columns, or Parquet
        without ``pyarrow``; nothing is written then.
    FileExistsError
        When a report or another export is writing into ``folder`` (it holds
        ``.report.lock``, as :func:`~childlabour_metrics.build_report` does).

    Examples
    --------
    >>> import tempfile
    >>> obs = pd.DataFrame({"unit_code": ["00412"], "period": ["2024"],
    ...     "indicator": ["CL01"], "numerator": [3], "denominator": [100]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     written = export_tables({"observations": obs}, d)
    ...     back = read_export(Path(d) / "observations.csv")
    >>> written["table"].tolist(), back["unit_code"].item(), str(back["numerator"].dtype)
    (['observations', 'dictionary', 'dictionary'], '00412', 'Int64')
    """
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
    bad = [f for f in formats if f not in ("csv", "parquet")]
    if bad:
        raise ExportError("err_export_format", formats=bad, known="'csv', 'parquet'")
    out_dir = Path(folder)
    # Check everything first: one bad table or a missing package writes nothing.
    ready = {name: tidy(frame, name) for name, frame in tables.items()}
    if "parquet" in formats:
        _require_pyarrow(out_dir / f"{next(iter(ready), 'table')}.parquet")
    with folder_lock(out_dir, check_lang(lang)):  # the report's lock: one writer a folder
        written = _write_tables(ready, formats, out_dir)
    out = pd.DataFrame(written, columns=["table", "format", "path", "rows"])
    return out.astype({"table": "str", "format": "str", "path": "str", "rows": "Int64"})


def _write_tables(ready: dict[str, pd.DataFrame], formats: tuple[str, ...], out_dir: Path
                  ) -> list[dict[str, Any]]:
    """Write the checked tables and the dictionary into ``out_dir``; a row per file."""
    written: list[dict[str, Any]] = []
    for name, frame in ready.items():
        if "csv" in formats:
            path = out_dir / f"{name}.csv"
            csv_frame = frame.copy()
            for col in _text_columns(csv_frame, name):
                csv_frame[col] = neutralise_formulas(csv_frame[col].astype("str"), reversible=True)
            with atomic_write(path) as tmp:  # whole or not at all, like every output
                csv_frame.to_csv(tmp, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
            written.append({"table": name, "format": "csv", "path": str(path), "rows": len(frame)})
        if "parquet" in formats:
            path = out_dir / f"{name}.parquet"
            with atomic_write(path) as tmp:
                frame.to_parquet(tmp, index=False)
            written.append({"table": name, "format": "parquet", "path": str(path),
                            "rows": len(frame)})
    dictionary = data_dictionary(list(ready) or None)
    dict_csv = out_dir / "data_dictionary.csv"
    with atomic_write(dict_csv) as tmp:
        dictionary.to_csv(tmp, index=False, encoding="utf-8-sig")
    dict_md = out_dir / "data_dictionary.md"
    with atomic_write(dict_md) as tmp:
        tmp.write_text(dictionary_markdown(dictionary), encoding="utf-8")
    for path in (dict_csv, dict_md):
        written.append({"table": "dictionary", "format": path.suffix[1:], "path": str(path),
                        "rows": len(dictionary)})
    return written


def dictionary_markdown(dictionary: pd.DataFrame | None = None) -> str:
    """The data dictionary as Markdown, one section per table (``docs/data-dictionary.md``).

    Examples
    --------
    >>> dictionary_markdown().splitlines()[0]
    '# Data dictionary of the tidy exports'
    """
    dd = data_dictionary() if dictionary is None else dictionary
    lines = [
        "# Data dictionary of the tidy exports",
        "",
        "Written by `childlabour_metrics.output.export.export_tables` beside the tables "
        "(`data_dictionary.csv` holds the same). Files are UTF-8 (CSV with a byte-order "
        "mark); codes are language-neutral, names and labels are Vietnamese (NFC); an empty "
        "cell is a missing value; a CSV text cell starting with `= + - @ '`, a tab or a "
        "carriage return is written with a leading `'` (removed by `read_export`). "
        "Generated from `export.TABLES`: do not edit by hand.",
    ]
    for table, rows in dd.groupby("table", sort=False):
        lines += ["", f"## {table}", "",
                  "| # | column | type | unit | codes | mô tả | description |",
                  "|---|---|---|---|---|---|---|"]
        lines += [
            f"| {r.position} | `{r.column}` | {r.type} | {r.unit} | {r.codes} | "
            f"{r.description_vi} | {r.description_en} |"
            for r in rows.itertuples(index=False)
        ]
    return "\n".join(lines) + "\n"


def read_export(path: str | Path, table: str | None = None) -> pd.DataFrame:
    """Read an exported table back, with the dictionary's types.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.parquet`` file written by :func:`export_tables`.
    table : str, optional
        The table's name; default the file's stem.

    Returns
    -------
    DataFrame
        Equal to :func:`tidy` of the table written.
    """
    path = Path(path)
    name = table or path.stem
    if name not in TABLES:
        raise ExportError("export_unknown_table", file=path, table=name,
                          known=", ".join(TABLES))
    spec = {col: kind for col, kind, _, _ in TABLES[name]}
    if path.suffix.lower() == ".parquet":
        _require_pyarrow(path)
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, dtype="str", encoding="utf-8-sig",
                            keep_default_na=False, na_values=[""])
        for col in _text_columns(frame, name):
            frame[col] = restore_formulas(frame[col])
    for col in frame.columns:
        kind = spec.get(col)
        if kind == BOOLEAN and frame[col].dtype == "str":
            frame[col] = frame[col].map({"True": True, "False": False}).astype("boolean")
        elif kind is not None:
            frame[col] = _cast(frame[col], kind, "+")
        elif frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame
