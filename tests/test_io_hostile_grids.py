"""Small files that would make calamine build a huge grid are refused before it does.

calamine materialises a sheet as a dense grid from its cells' positions; a few
kilobytes can ask for hundreds of gigabytes, and the process aborts (an abort
is not an exception: it would take a whole batch down).  Each file here is
read in a child process with its address space capped, so a regression shows
as a failed assertion, not a crashed test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

resource = pytest.importorskip("resource")  # POSIX only: the cap needs setrlimit

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CAP = 3 * 2**30  # bytes of address space for the child: far below any of these grids


def _xlsx(path: Path, sheet_data: str, *, part: str = "worksheets/sheet1.xml",
          prefix: str = "", binary: bool = False) -> Path:
    """A minimal workbook whose one sheet is ``sheet_data`` (inside ``<sheetData>``)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>'
             f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>")
    book = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets><sheet name="BC" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>")
    book_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
                 f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="{part}"/>'
                 "</Relationships>")
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
                 f'<Relationship Id="rId1" Type="{_REL}/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
             'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.bin" if binary else "xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr(f"xl/{part}", sheet)
    return path


def _ods(path: Path, rows: str) -> Path:
    """A minimal ODS whose one table holds ``rows``."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="BC">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


CORNERS = '<row r="1"><c r="A1"><v>1</v></c></row>'
FAR = '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
VALUE_CELL = ('<table:table-cell office:value-type="float" office:value="1">'
              "<text:p>1</text:p></table:table-cell>")


def _cases(tmp: Path) -> dict[str, tuple[Path, str, str]]:
    """name -> (file, the one problem code expected, text its message must hold)."""
    return {
        # The sheet kept outside xl/worksheets/ (legal: the workbook's relationships say
        # where): it is still checked, as is anything calamine might read as a sheet.
        "sheet elsewhere": (_xlsx(tmp / "elsewhere.xlsx", CORNERS + FAR, part="data/s.xml"),
                            "FILE_TOO_LARGE", "1048576 × 16384"),
        "sheet under a ../ target": (
            _xlsx(tmp / "dotdot.xlsx", CORNERS + FAR, part="worksheets/../s.xml"),
            "FILE_TOO_LARGE", "1048576 × 16384"),
        # Cells without a reference are placed one after another: 20,000 of them in a
        # row make the grid 20,000 wide.
        "positional cells": (
            _xlsx(tmp / "positional.xlsx", CORNERS + '<row r="9000">'
                  + "<c><v>1</v></c>" * 20_000 + "</row>"),
            "FILE_TOO_LARGE", "9000 × 20000"),
        # A reference that is not the first attribute, or in single quotes.
        "reference after another attribute": (
            _xlsx(tmp / "order.xlsx", CORNERS + '<row r="1048576"><c s="0" '
                  "r='XFD1048576'><v>2</v></c></row>"),
            "FILE_TOO_LARGE", "1048576 × 16384"),
        # Elements with a namespace prefix, as some generators write them.
        "prefixed elements": (
            _xlsx(tmp / "prefixed.xlsx", '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
                  '<x:row r="300000"><x:c r="XFD300000"><x:v>2</x:v></x:c></x:row>',
                  prefix="x"),
            "FILE_TOO_LARGE", "300000 × 16384"),
        # A value cell repeated across 20,000 columns on 10,000 rows.
        "ods repeated cells": (
            _ods(tmp / "repeated.ods", '<table:table-row table:number-rows-repeated="10000">'
                 '<table:table-cell table:number-columns-repeated="20000"/>' + VALUE_CELL
                 + "</table:table-row>"),
            "FILE_TOO_LARGE", "10000 × 20001"),
        "xlsb": (_xlsx(tmp / "binary.xlsx", CORNERS, binary=True), "FILE_UNREADABLE", ".xlsb"),
    }


_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from childlabour_metrics import read_reports
out = {{}}
for path in sys.argv[1:]:
    result = read_reports(path, workers=1, progress=False, lang="en")
    out[path] = result.problems[["code", "message"]].values.tolist()
print(json.dumps(out))
"""


def test_huge_grids_refused_before_calamine_builds_them(tmp_path: Path) -> None:
    cases = _cases(tmp_path)
    files = [str(path) for path, _, _ in cases.values()]
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(cap=CAP), *files],
        capture_output=True, text=True, timeout=300,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    got = json.loads(child.stdout)
    for name, (path, code, text) in cases.items():
        problems = got[str(path)]
        assert [p[0] for p in problems] == [code], name
        assert text in problems[0][1], (name, problems[0][1])


def test_legitimate_irregular_sheets_are_read(tmp_path: Path) -> None:
    # The same irregular writings, within bounds, are read: the full scan refuses
    # sizes, not styles.
    from childlabour_metrics.io._open import open_workbook

    table = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c>'
             '<c t="inlineStr"><is><t>Tử số</t></is></c><c t="inlineStr"><is><t>Mẫu số</t>'
             "</is></c></row><row><c s='0' r='A2' t='inlineStr'><is><t>CL01</t></is></c>"
             "<c><v>3</v></c><c><v>40</v></c></row>")
    for path in (_xlsx(tmp_path / "a.xlsx", table, part="data/s.xml"),
                 _xlsx(tmp_path / "b.xlsx", table.replace("<", "<x:").replace("<x:/", "</x:"),
                       prefix="x")):
        book = open_workbook(path)
        assert book.rows(0) == [["Mã", "Tử số", "Mẫu số"], ["CL01", 3.0, 40.0]], path.name
