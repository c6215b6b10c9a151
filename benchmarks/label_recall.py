"""Recall of the codeless-form reader on officers' phrasings (issue 24).

Not a timing: it scores the label matcher on the two lists of
``tests/fixtures/labels/`` — the development list and the held-out list,
kept apart — in two ways:

* **labels**: each phrasing in five spellings (as written, "1.", "a)",
  "II." in capitals, without diacritics) through ``match_label``;
* **forms**: the phrasings written as whole forms
  (:func:`tests.fixtures.label_phrasings.write_forms`) and read with
  ``read_reports``, row by row.

An unambiguous phrasing is *right* when it reads as its code, *missed* when it
is left unknown (a problem for a clerk) and *misread* when it reads as another
indicator (silent: the worst).  An ambiguous phrasing is *kept* when it stays
unknown and its problem names every candidate the list gives.

Usage::

    python benchmarks/label_recall.py            # both lists
    python benchmarks/label_recall.py --show     # and every development phrasing missed
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))


def score_labels(phrasings: list, show: bool) -> Counter:
    """Counts of right / missed / misread / kept / lost over every spelling."""
    from tests.fixtures.label_phrasings import read_alone

    got = read_alone(phrasings)
    if show:
        for kind in ("missed", "misread", "lost"):
            for text, code, named in got[kind]:
                print(f"    {kind:8} {text!r}: {code} ({named})")
    return Counter({kind: len(rows) for kind, rows in got.items()})


def score_forms(phrasings: list, show: bool, **read_kwargs: object) -> Counter:
    """Counts of right / missed / misread / kept / lost over the rows of the forms."""
    import childlabour_metrics as clm
    from tests.fixtures.label_phrasings import write_forms

    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        expected = write_forms(folder, phrasings)
        result = clm.read_reports(folder, progress=False, workers=1, lang="en", **read_kwargs)
        obs = result.observations
        problems = result.problems
        got = {(Path(f).name, int(r)): (ind, label) for f, r, ind, label in zip(
            obs["source_file"], obs["row"], obs["indicator"], obs["label_match"],
            strict=True)}
        unknown = problems[problems["code"] == "UNKNOWN_INDICATOR_LABEL"]
        messages = {(Path(f).name, cell): m for f, cell, m in zip(
            unknown["file"], unknown["cell"], unknown["message"], strict=True)}
        for (name, row), p in sorted(expected.items()):
            indicator, how = got.get((name, row), (None, None))
            if p.code is None:
                message = messages.get((name, f"B{row}"), "")
                ok = bool(message) and all(c in message for c in p.candidates)
                counts["kept" if ok else "lost"] += 1
                if not ok and show:
                    print(f"    lost     {name} row {row} {p.label!r}: {indicator} {message}")
            elif indicator == p.code:
                counts["right"] += 1
            else:
                kind = "missed" if (name, f"B{row}") in messages else "misread"
                counts[kind] += 1
                if show:
                    print(f"    {kind:8} {name} row {row} {p.label!r} ({p.code}): "
                          f"{indicator} ({how})")
    return counts


def _line(what: str, counts: Counter) -> str:
    clear = counts["right"] + counts["missed"] + counts["misread"]
    unclear = counts["kept"] + counts["lost"]
    return (f"  {what:7} right {counts['right']:3}/{clear} ({100 * counts['right'] / clear:5.1f} %)"
            f" · missed {counts['missed']:2} · misread {counts['misread']:2}"
            f" · ambiguous kept {counts['kept']}/{unclear}")


def main(argv: list[str] | None = None) -> int:
    from tests.fixtures.label_phrasings import DEV, HELDOUT, load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true",
                        help="list what was not read right (development list only)")
    args = parser.parse_args(argv)
    for name, path in (("development", DEV), ("held-out", HELDOUT)):
        phrasings = load(path)
        print(f"{name} list ({path.name}, {len(phrasings)} phrasings):")
        # The held-out list is never shown phrasing by phrasing: it only measures.
        show = args.show and path == DEV
        labels = score_labels(phrasings, show)
        forms = score_forms(phrasings, show)
        print(_line("labels", labels))
        print(_line("forms", forms))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
