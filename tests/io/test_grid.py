"""Small files that would make calamine build a huge grid are refused before it does.

calamine materialises a sheet as a dense grid from its cells' positions; a few
kilobytes can ask for hundreds of gigabytes, and the process aborts (an abort
is not an exception: it would take a whole batch down).  Each file here is
read in a child process with its address space capped, so a regression shows
as a failed assertion, not a crashed test run.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.fixtures import xls_writer

resource = pytest.importorskip("resource")  # POSIX only: the cap needs setrlimit

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CAP = 3 * 2**30  # bytes of address space for the child: far below any of these grids


def _sheet(sheet_data: str, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>'
            f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>")


def _book(sheets: str = '<sheet name="BC" sheetId="1" r:id="rId1"/>') -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>')


def _rels(*targets: str) -> str:
    body = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="{target}"/>'
                   for i, target in enumerate(targets, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">{body}'
            "</Relationships>")


_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
          'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
          'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')
_ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
              f'<Relationship Id="rId1" Type="{_REL}/officeDocument" '
              'Target="xl/workbook.xml"/></Relationships>')


def _zip(path: Path, members: list[tuple[str, str]]) -> Path:
    """A workbook of ``members`` (name, text), after the content types and root rels."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", _TYPES), ("_rels/.rels", _ROOT_RELS),
                           *members]:
            z.writestr(name, text)
    return path


def _xlsx(path: Path, sheet_data: str, *, part: str = "worksheets/sheet1.xml",
          prefix: str = "", binary: bool = False) -> Path:
    """A minimal workbook whose one sheet is ``sheet_data`` (inside ``<sheetData>``)."""
    return _zip(path, [("xl/workbook.bin" if binary else "xl/workbook.xml", _book()),
                       ("xl/_rels/workbook.xml.rels", _rels(part)),
                       (f"xl/{part}", _sheet(sheet_data, prefix))])


def _two_directories(path: Path) -> Path:
    """Two end records: Python's zipfile reads the last, a stricter reader the first."""
    small, big = _sheet(CORNERS), _sheet(CORNERS + FAR)
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # the duplicate name is the point
        for name, text in [("[Content_Types].xml", _TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("xl/workbook.xml", _book()),
                           ("xl/_rels/workbook.xml.rels", _rels("worksheets/sheet1.xml")),
                           ("xl/worksheets/sheet1.xml", big), ("xl/worksheets/sheet1.xml", small)]:
            z.writestr(name, text)
    data = buffer.getvalue()
    end = struct.Struct("<4s4H2LH")
    *_, size, offset, _ = end.unpack(data[-22:])
    entries, pos = [], offset
    while pos < offset + size:
        name_len, extra_len, comment_len = struct.unpack("<3H", data[pos + 28 : pos + 34])
        entries.append(data[pos : pos + 46 + name_len + extra_len + comment_len])
        pos += 46 + name_len + extra_len + comment_len
    first, second = b"".join(entries[:5]), b"".join(entries[:4] + entries[5:])
    first_end = end.pack(b"PK\x05\x06", 0, 0, 5, 5, len(first), offset, len(second) + 22)
    second_end = end.pack(b"PK\x05\x06", 0, 0, 5, 5, len(second), offset + len(first) + 22, 1)
    path.write_bytes(data[:offset] + first + first_end + second + second_end)
    return path


def _ods(path: Path, rows: str) -> Path:
    """A minimal ODS whose one table holds ``rows``."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:x="urn:x" '
        'office:version="1.2">'
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


def _cases(tmp: Path) -> dict[str, tuple[Path, set[str]]]:
    """name -> (file, the codes its one problem may have).

    Each would make calamine allocate hundreds of gigabytes (or several) if it
    were handed the file as it came; most were found by a review that tried to
    get past the checks.
    """
    too_large, unreadable = {"FILE_TOO_LARGE"}, {"FILE_UNREADABLE"}
    small, big = _sheet(CORNERS), _sheet(CORNERS + FAR)
    cell = lambda attrs: CORNERS + f'<row r="2"><c {attrs}><v>1</v></c></row>'  # noqa: E731
    sheets = {
        "two cells far apart": (CORNERS + FAR, too_large),
        # Cells without a reference are placed one after another: 20,000 of them in a
        # row make the grid 20,000 wide.
        "positional cells": (CORNERS + '<row r="9000">' + "<c><v>1</v></c>" * 20_000
                             + "</row>", too_large),
        "reference after another attribute": (cell("s=\"0\" r='XFD1048576'"), too_large),
        "second reference": (cell('r="B2" r="XFD1048576"'), unreadable),
        "reference inside another value": (cell("x=\" r='B2'\" r=\"XFD1048576\""),
                                           too_large),
        "reference without a space": (cell('t="n"r="XFD1048576"'), unreadable),
        "reference with leading zeros": (cell('r="XFD0001048576"'), unreadable),
        "reference past 2**32": (cell('r="XFD4296015872"'), unreadable),
        "four-letter column": (cell('r="AAAA1048576"'), unreadable),
        # Read byte for byte (as calamine does), a non-ASCII name is not well-formed.
        "non-ASCII prefix": (CORNERS + '<row r="2"><\u00e9:c r="XFD1048576"><v>1</v>'
                             "</\u00e9:c></row>", unreadable),
        "empty prefix": (CORNERS + '<row r="2"><:c r="XFD1048576"><v>1</v></:c></row>',
                         too_large),
        "column kept across a row": (CORNERS + '<c r="XFC1"/><row r="100000"><c><v>1</v>'
                                     "</c></row>", too_large),
        "quote in a comment": (CORNERS + '<!-- <c x=" -->' + FAR + '<!-- " -->', too_large),
        "row reference with letters": (CORNERS + '<row r="A1048576"><c r="BXW1"/><c><v>1</v>'
                                       "</c></row>", unreadable),
    }
    # A row inside what a cell holds: calamine skips it, so the cell after stays on
    # row 1,048,576 while a count that followed the inner row would put it on row 2.
    far_row = '<row r="1"><c r="BXX1"><v>1</v></c></row><row r="1048576"><c r="A1">{}</c>'
    sheets["row inside a formula"] = (far_row.format('<f><row r="1"></row></f><v>1</v>')
                                      + "<c><v>1</v></c></row>", unreadable)
    sheets["row inside a value"] = (far_row.format('<v>1<row r="1"></row></v>')
                                    + "<c><v>1</v></c></row>", unreadable)
    cases = {name: (_xlsx(tmp / f"s{i}.xlsx", data), codes)
             for i, (name, (data, codes)) in enumerate(sheets.items())}
    # A part that is UTF-16 text to one reader and ASCII markup to another: calamine
    # reads the bytes as they are, and so must the check.
    cases["UTF-16 text that is ASCII markup"] = (
        _zip(tmp / "polyglot.xlsx", [("xl/workbook.xml", _book()),
                                     ("xl/_rels/workbook.xml.rels", _rels("worksheets/sheet1.xml")),
                                     ("xl/worksheets/sheet1.xml", _polyglot(
                                         "<sheetData>" + CORNERS + FAR + "</sheetData> "))]),
        unreadable)
    # The same bytes again: small parts are checked once per content, and a refusal
    # must hold the second time too.
    again = tmp / "again.xlsx"
    again.write_bytes(cases["two cells far apart"][0].read_bytes())
    cases["the same file again"] = (again, too_large)
    cases["prefixed elements"] = (
        _xlsx(tmp / "prefixed.xlsx", '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
              '<x:row r="300000"><x:c r="XFD300000"><x:v>2</x:v></x:c></x:row>', prefix="x"),
        too_large)
    # Parts: calamine gets only the parts it reads, each checked, so a sheet kept
    # elsewhere cannot be found; parts named alike are refused.
    book, rels = ("xl/workbook.xml", _book()), ("xl/_rels/workbook.xml.rels",
                                                 _rels("worksheets/sheet1.xml"))
    two_sheets = _book('<sheet name="BC" sheetId="1" r:id="rId1"/>'
                       '<sheet name="X" sheetId="2" r:id="rId2"/>')
    parts = {
        "sheet elsewhere": [("xl/workbook.xml", _book()),
                            ("xl/_rels/workbook.xml.rels", _rels("data/s.xml")),
                            ("xl/data/s.xml", big)],
        "sheet under a ../ target": [("xl/workbook.xml", _book()),
                                     ("xl/_rels/workbook.xml.rels", _rels("worksheets/../s.xml")),
                                     ("xl/s.xml", big)],
        "sheet named in a case variant": [book, rels, ("xl/worksheets/sheet1.xml", small),
                                          ("XL/worksheets/sheet1.xml", big)],
        "sheet named with backslashes": [book, rels, ("xl/worksheets/sheet1.xml", small),
                                         ("xl\\worksheets\\sheet1.xml", big)],
        "relationships in a case variant": [
            book, rels, ("xl/worksheets/sheet1.xml", small), ("xl/evil.bin", big),
            ("XL/_rels/workbook.xml.rels", _rels("evil.bin"))],
        "second sheet behind a prefix": [
            ("xl/workbook.xml", two_sheets.replace('<sheet name="X"', '<\u00e9:sheet name="X"')),
            ("xl/_rels/workbook.xml.rels", _rels("worksheets/sheet1.xml", "evil.bin")),
            ("xl/worksheets/sheet1.xml", small), ("xl/evil.bin", big)],
    }
    for i, (name, members) in enumerate(parts.items()):
        cases[name] = (_zip(tmp / f"p{i}.xlsx", members), unreadable)
    # Python's zipfile reads the small sheet, so that is what calamine gets.
    cases["two zip directories"] = (_two_directories(tmp / "z.xlsx"), {"NO_TABLE"})
    cases["xlsb"] = (_xlsx(tmp / "binary.xlsx", CORNERS, binary=True), unreadable)
    value = 'office:value-type="float" office:value="1"'
    ods = {
        "ods repeated cells": (
            '<table:table-row table:number-rows-repeated="10000"><table:table-cell '
            f'table:number-columns-repeated="20000"/><table:table-cell {value}>'
            "<text:p>1</text:p></table:table-cell></table:table-row>", too_large),
        "ods repeat with a plus sign": (
            '<table:table-row table:number-rows-repeated="+1000000"><table:table-cell '
            f'table:number-columns-repeated="+99" {value}/></table:table-row>', unreadable),
        "ods repeat as a character reference": (
            '<table:table-row table:number-rows-repeated="&#49;000000"><table:table-cell '
            f'table:number-columns-repeated="99" {value}/></table:table-row>', too_large),
        "ods decoy repeat": (
            '<table:table-row x:number-rows-repeated="1" table:number-rows-repeated="1000000">'
            f'<table:table-cell table:number-columns-repeated="99" {value}/></table:table-row>',
            too_large),
        "ods formula only": (
            '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
            'table:formula="of:=1" table:number-columns-repeated="99"/></table:table-row>',
            too_large),
        "ods other table element": (
            "".join('<table:table-row><table:table-cell table:number-columns-repeated="49"/>'
                    f"<table:table-cell {value}/></table:table-row><table:table-row "
                    'table:number-rows-repeated="99990"><table:table-cell/></table:table-row>'
                    "<x:table/>" for _ in range(80))
            + f"<table:table-row><table:table-cell {value}/></table:table-row>", too_large),
    }
    ods["ods table inside a table"] = (
        '<table:table-row><table:table-cell table:number-columns-repeated="2000" '
        f'{value}/></table:table-row><table:table-row table:number-rows-repeated="49990">'
        '<table:table-cell/></table:table-row><table:table table:name="X"><table:table-row>'
        f"<table:table-cell {value}/></table:table-row></table:table>", unreadable)
    reset = "<table:table-cell><text:p/><table:table-row/></table:table-cell>"
    ods["ods row inside a cell"] = (
        '<table:table-row table:number-rows-repeated="6000">'
        + "".join(f'{reset}<table:table-cell table:number-columns-repeated="1999" {value}/>'
                  for _ in range(50)) + "</table:table-row>", unreadable)
    for i, (name, (rows, codes)) in enumerate(ods.items()):
        cases[name] = (_ods(tmp / f"o{i}.ods", rows), codes)
    polyglot = tmp / "polyglot.ods"
    _ods(polyglot, "")
    with zipfile.ZipFile(polyglot) as z:
        members = {name: z.read(name) for name in z.namelist()}
    members["content.xml"] = _polyglot(
        '<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">'
        '<office:body><office:spreadsheet><table:table table:name="BC">'
        '<table:table-row table:number-rows-repeated="6000"><table:table-cell '
        f'table:number-columns-repeated="16000" {value}/></table:table-row></table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(polyglot, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype"
                       else zipfile.ZIP_DEFLATED)
    cases["ods UTF-16 text that is ASCII markup"] = (polyglot, unreadable)
    # .xls: calamine builds every sheet on opening, trusting 16-bit columns and the
    # DIMENSIONS record; it reads in a capped child, so these end the child only.
    xls = {
        "xls column 65535": [xls_writer.number(0, 0), xls_writer.number(65535, 65535)],
        "xls dimensions record": [xls_writer.dimensions(0, 0xFFFFFFFF, 0, 0xFFFF),
                                  xls_writer.number(0, 0)],
        "xls at BIFF's last cell": [xls_writer.number(0, 0), xls_writer.number(65535, 255)],
        "xls MULRK far right": [xls_writer.number(0, 0), xls_writer.mulrk(1, 65530, 5)],
    }
    for i, (name, records) in enumerate(xls.items()):
        cases[name] = (xls_writer.write(tmp / f"x{i}.xls", records), too_large)
    return cases


def _polyglot(markup: str) -> bytes:
    """A UTF-16 document whose text, read as bytes, is ``markup``."""
    if len(markup) % 2:
        markup += " "
    return ('<?xml version="1.0" encoding="UTF-16"?><x>'.encode("utf-16-le")
            + markup.encode("ascii") + "</x>".encode("utf-16-le"))


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
    files = [str(path) for path, _ in cases.values()]
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(cap=CAP), *files],
        capture_output=True, text=True, timeout=600,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    got = json.loads(child.stdout)
    wrong = {name: got[str(path)] for name, (path, codes) in cases.items()
             if len(got[str(path)]) != 1 or got[str(path)][0][0] not in codes}
    assert not wrong


def test_legitimate_irregular_sheets_are_read(tmp_path: Path) -> None:
    # The same irregular writings, within bounds, are read: the full scan refuses
    # sizes, not styles.
    from childlabour_metrics.io._open import open_workbook

    table = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c>'
             '<c t="inlineStr"><is><t>Tử số</t></is></c><c t="inlineStr"><is><t>Mẫu số</t>'
             "</is></c></row><row><c s='0' r='A2' t='inlineStr'><is><t>CL01</t></is></c>"
             "<c><v>3</v></c><c><v>40</v></c></row>")
    for path in (_xlsx(tmp_path / "a.xlsx", table),
                 _xlsx(tmp_path / "b.xlsx", table.replace("<", "<x:").replace("<x:/", "</x:"),
                       prefix="x")):
        book = open_workbook(path)
        assert book.rows(0) == [["Mã", "Tử số", "Mẫu số"], ["CL01", 3.0, 40.0]], path.name
