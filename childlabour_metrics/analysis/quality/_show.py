"""The review in words, for a person: the follow-up list's why and what to ask, and the
notebook view.

The review's tables carry codes; this is where a :class:`DataQuality` shows
itself (its ``_repr_html_``, :meth:`DataQuality.follow_up_text`), choosing
the words from the vocabulary in the language asked.  One word per flagged
row: the list is as long as what there is to follow up, not as the data.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ...language.words import check_lang, has_word, number, word
from ...reference.relations import relations

__all__ = ["follow_up_text", "repr_html"]

_RATES = ("outliers", "over_time", "external")


def _figure(indicator: Any, count: Any, lang: str) -> str:
    """"CL02 (tử số)": an indicator's count, as the messages name it."""
    return f"{indicator} ({word(f'col_{count}', lang).lower()})"


def _rule_words(reason: str, rule: pd.Series, lang: str) -> dict[str, str]:
    return {"rule": word(f"relation_{reason}", lang),
            "left": _figure(rule["left"], rule["left_count"], lang),
            "right": _figure(rule["right"], rule["right_count"], lang)}


def follow_up_text(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The follow-up list with ``why`` and ``question`` in ``lang`` beside its codes.

    Parameters
    ----------
    table : DataFrame
        :attr:`DataQuality.follow_up`.
    lang : {"vi", "en"}
        Language of the words.

    Returns
    -------
    DataFrame
        ``table`` with two text columns added: ``why`` (what was found, with
        the numbers compared) and ``question`` (what to ask the unit).
    """
    check_lang(lang)
    rules = relations().set_index("id")
    # What a rule's message says of it, once per rule flagged (not once per row).
    said = {reason: _rule_words(reason, rules.loc[reason], lang)
            for reason in pd.unique(table["reason"].astype("str")) if reason in rules.index}
    rates = table["dimension"].isin(_RATES).to_numpy()  # rates of 0.3 %: two decimals
    shown = {name: [number(v, lang, 2 if rate else 0) for v, rate in zip(
        table[name], rates, strict=True)] for name in ("value", "reference")}
    low = [number(v, lang, 2) for v in table["ci_low"]]
    high = [number(v, lang, 2) for v in table["ci_high"]]
    why, question = [], []
    for i, (reason, ask, indicator, period) in enumerate(zip(  # one message per flag
            table["reason"].astype("str"), table["ask"], table["indicator"], table["period"],
            strict=True)):
        fields = {"indicator": indicator, "period": period, "value": shown["value"][i],
                  "reference": shown["reference"][i], "low": low[i], "high": high[i]}
        if reason in said:
            why.append(word("quality_why_relation", lang, **fields, **said[reason]))
        else:
            key = f"quality_why_{reason}"
            why.append(word(key, lang, **fields) if has_word(key) else reason)
        question.append(word(f"quality_ask_{ask}", lang, **fields, **said.get(reason, {})))
    return table.assign(why=pd.array(why, dtype="str"), question=pd.array(question, dtype="str"))


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: word(f"col_{c}", lang) for c in frame.columns
                                 if has_word(f"col_{c}")})


def repr_html(quality: Any, lang: str = "vi", rows: int = 20) -> str:
    """The notebook view: the summary by dimension and the first rows to follow up."""
    check_lang(lang)
    card = quality.scorecard
    summary = card[card["scope"] == "all"][["dimension", "n_checks", "n_failed", "pct_failed",
                                            "n_units", "n_units_pass", "pct_units_pass"]]
    summary = summary.assign(
        dimension=[word(f"quality_dim_{d}", lang) for d in summary["dimension"]],
        pct_failed=[number(v, lang, 1) for v in summary["pct_failed"]],
        pct_units_pass=[number(v, lang, 1) for v in summary["pct_units_pass"]])
    listed = follow_up_text(quality.follow_up.head(rows), lang)
    listed = listed.assign(severity=[word(f"severity_{s}", lang) for s in listed["severity"]])
    listed = listed[["unit_code", "unit_name", "period", "indicator", "severity", "why",
                     "question", "source_file", "cells"]].rename(columns={"question": "ask"})
    head = word("quality_repr_head", lang, units=quality.n_units, flags=len(quality.follow_up))
    shown = word("quality_repr_follow_up", lang, shown=len(listed), n=len(quality.follow_up))
    return (f"<div><p><b>{html.escape(head)}</b></p>"
            f"<p>{html.escape(word('quality_repr_summary', lang))}</p>"
            f"{_headed(summary, lang).to_html(index=False, na_rep='', escape=True)}"
            f"<p>{html.escape(shown)}</p>"
            f"{_headed(listed, lang).to_html(index=False, na_rep='', escape=True)}</div>")
