"""The report's one-sentence headline, in the run's language, at the top of every output.

"Năm 2025: đạt 1/12 chỉ tiêu; 31/36 xã đã nộp (chưa nộp: …); 3 lỗi cần sửa".  The
facts come from :class:`~childlabour_metrics.analysis.report_data.Headline`
(computed once with the judged table); this module only words them.  Nothing
judged reads "—", never "0/0".
"""

from __future__ import annotations

from ..analysis.report_data import ReportData
from ..language.words import number, word
from ._format import coverage_text, period_title

__all__ = ["MISSING_NAMED", "headline_text"]

#: Units named in the headline's "not reported" list; the rest are counted.
MISSING_NAMED = 5


def headline_text(data: ReportData) -> str:
    """The headline of a report: period, targets met, who reported, errors to fix.

    Examples
    --------
    >>> import pandas as pd
    >>> from childlabour_metrics.analysis.report_data import analyse
    >>> obs = pd.DataFrame({"unit_code": ["07621"], "period": ["2026"], "indicator": ["CL01"],
    ...     "numerator": [9], "denominator": [1000]})
    >>> headline_text(analyse(obs, "van-son-2026", lang="en"))
    'Year 2026: Xã Vân Sơn, 1 of 1 targets met; 1 of 1 communes reported; no errors'
    """
    facts, lang = data.headline, data.lang
    parts = []
    scope = data.plan.scope_name
    if facts is None or facts.judged == 0:
        targets = word("headline_no_targets", lang)
    else:
        targets = word("headline_targets", lang, met=number(facts.met, lang, 0),
                       judged=number(facts.judged, lang, 0))
    head = f"{period_title(facts.period, lang)}: " if facts and facts.period else ""
    parts.append(f"{head}{scope}, {targets}")
    if facts is not None and facts.expected:
        covered = coverage_text(facts.reported, facts.expected, facts.level, lang)
        text = word("headline_reported", lang, coverage=covered)
        if facts.missing:
            names = [data.names.get(c, c) for c in facts.missing]
            shown = ", ".join(names[:MISSING_NAMED])
            if len(names) > MISSING_NAMED:
                shown = word("headline_more", lang, names=shown,
                             n=number(len(names) - MISSING_NAMED, lang, 0))
            text += f" ({word('headline_missing', lang, names=shown)})"
        if facts.reported is not None and facts.reported * 2 < facts.expected:
            # a national plan read on one province's folder: the figures are not the plan's
            text += f"; {word('headline_partial', lang, coverage=covered, scope=scope)}"
        parts.append(text)
    parts.append(word("headline_errors", lang, n=number(data.n_errors, lang, 0))
                 if data.n_errors else word("headline_no_errors", lang))
    return "; ".join(parts)
