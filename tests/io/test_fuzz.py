"""Fuzzing the reader: mutated good files end as rows or a named problem, never a crash.

A seeded mutation loop (reproducible; ``CLM_FUZZ_CASES`` runs more locally)
mutates the XML parts of an .xlsx, the ZIP directory and local headers, the
BIFF records of an .xls and the attributes of an .ods; and (issue 21) the web
exports named .xls (an HTML table, SpreadsheetML 2003), CSV forms in their
encodings, and zip archives of forms (their directory, their members' names
and bytes).  All mutated files are read in one child process whose address
space is capped, as in ``test_hostile_files.py``: an abort there fails the
test instead of the run.  The promise: every file ends in ``result.files``
(read, or named), the batch returns, and the child's memory stays below 1 GB.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.support import FIXTURES_DIR

pytest.importorskip("resource")  # POSIX only: the cap needs setrlimit

from tests.fixtures import xls_writer
from tests.fixtures.io_forms import consolidated_form, single_form

FIXTURES = FIXTURES_DIR

CAP = 3 * 2**30
CASES = int(os.environ.get("CLM_FUZZ_CASES", "150"))
SEED = int(os.environ.get("CLM_FUZZ_SEED", "9"))

#: Values a hostile or careless sender might put where a number or name goes.
_NUMBERS = ["0", "-1", "1048576", "1048577", "4294967295", "4294967296", "99999999999",
            "18446744073709551616", "-1e12", "1e20", "1e308", "NaN", "inf", "+1", "01", "",
            "2147483648", "16384", "65536", "2000000000", "1.5", "&#49;"]
_TOKENS = [
    b' r="XFD1048576"', b' count="4294967295"', b' uniqueCount="4294967295"', b' t="d"',
    b' t="s"', b' t="e"', b' s="99"', b'<c r="A1"><v>1</v></c>', b"<f>1+1</f>",
    b'<row r="1048576">', b"</row>", b"<v>-1e12</v>", b"<v>1e20</v>", b"<!DOCTYPE x>",
    b"&amp;", b"\x00", b"\xff\xfe", b"<x:c/>", b'table:number-columns-repeated="16000" ',
    b'table:number-rows-repeated="1000000" ', b'<text:s text:c="2000000000"/>',
    b'office:value-type="date" office:date-value="-999999-01-01" ',
    b'office:value-type="float" office:value="1e400" ', b"<table:table-row>",
    b'<calcPr fullCalcOnLoad="1"/>',
]


def _mutate_xml(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    if not data:
        return data
    at = rng.randrange(len(data))
    if kind == 0:  # one byte changed
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    if kind == 1:  # a hostile token inserted
        return data[:at] + rng.choice(_TOKENS) + data[at:]
    if kind == 2:  # a slice removed
        return data[:at] + data[at + rng.randrange(1, 200):]
    if kind == 3:  # a slice repeated
        piece = data[at:at + rng.randrange(1, 400)]
        return data[:at] + piece * rng.randrange(2, 50) + data[at:]
    # A number-like attribute value replaced (row/col references, repeats, counts).
    values = list(re.finditer(rb'="(-?\d[^"]*|[A-Z]{1,3}\d+)"', data))
    if not values:
        return data
    m = rng.choice(values)
    new = rng.choice(_NUMBERS).encode()
    if kind == 5 and m.group(1)[:1].isalpha():
        new = rng.choice([b"XFD", b"A", b"ZZZ", b"AAAA", b""]) + new
    return data[:m.start(1)] + new + data[m.end(1):]


def _mutate_zip_member(source: bytes, rng: random.Random, member_filter: str) -> bytes:
    with zipfile.ZipFile(__import__("io").BytesIO(source)) as z:
        members = [(info, z.read(info.filename)) for info in z.infolist()]
    names = [i for i, (info, _) in enumerate(members) if re.search(member_filter,
                                                                   info.filename)]
    target = rng.choice(names)
    out = __import__("io").BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i, (info, data) in enumerate(members):
            if i == target:
                for _ in range(rng.randrange(1, 4)):
                    data = _mutate_xml(data, rng)
            z.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def _mutate_directory(source: bytes, rng: random.Random) -> bytes:
    """Bytes changed in the central directory, end record or a local header."""
    data = bytearray(source)
    end = data.rfind(b"PK\x05\x06")
    size, offset = struct.unpack("<II", data[end + 12:end + 20])
    region = rng.choice([(offset, offset + size), (end, len(data)), (0, 30)])
    for _ in range(rng.randrange(1, 6)):
        at = rng.randrange(*region)
        if rng.random() < 0.5:
            data[at] = rng.randrange(256)
        else:  # a little-endian field set to an extreme
            value = rng.choice([0, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, len(data)])
            data[at:at + 4] = struct.pack("<I", value)[: len(data) - at]
    return bytes(data)


def _biff(rng: random.Random) -> bytes:
    records = [xls_writer.number(0, 0)]
    for _ in range(rng.randrange(1, 8)):
        kind = rng.randrange(4)
        row, col = rng.choice([0, 1, 255, 256, 65535]), rng.choice([0, 1, 255, 256, 65535])
        if kind == 0:
            value = rng.choice([1.0, -1e12, 1e20, float("nan"), float("inf"), 1e308, -0.0])
            records.append(xls_writer.number(row, col, value))
        elif kind == 1:
            records.append(xls_writer.dimensions(0, rng.choice([0, 1000, 0xFFFFFFFF]), 0,
                                                 rng.choice([0, 255, 0xFFFF])))
        elif kind == 2:
            records.append(xls_writer.mulrk(row, col % 256, rng.randrange(1, 300)))
        else:
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
            records.append(xls_writer.record(rng.randrange(0x0200, 0x0300), body))
    return b"".join(records)


def _mutate_xls(source: bytes, rng: random.Random) -> bytes:
    data = bytearray(source)
    for _ in range(rng.randrange(1, 8)):
        at = rng.randrange(512, len(data))  # past the OLE header: the records
        data[at] = rng.randrange(256)
    return bytes(data)


#: Tokens a hostile sender puts in a web export or a CSV.
_WEB_TOKENS = [
    b' ss:Index="2000000000"', b' ss:MergeAcross="99999999"', b' ss:Index="99999"',
    b"<Row/>" * 50, b'<Row ss:Index="1048576"/>', b' colspan="2000"', b' colspan="99999999"',
    b' rowspan="65535"', b"<td>", b"<tr>", b"</table><table>", b"<!--", b"<!DOCTYPE x>",
    b'<!ENTITY a "aaaa">', b"&a;", b"\x00", b"\xff\xfe", b"<Cell>", b"</Row><Row>",
    b"<Data ss:Type=\"Number\">1e400</Data>", b"<![CDATA[<td>]]>",
]
_CSV_TOKENS = [b";" * 3000, b"\n" * 200, b"\r", b'"', b'"a\n;b"', b"\x00", b"\xff\xfe",
               b"\xef\xbb\xbf", b"\x1b[2J", b"1e400", b"-99999999999999999999", b"\t"]


def _mutate_text(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """A web export's or a CSV's bytes with a byte changed, a token put in, a slice gone
    or repeated."""
    if not data:
        return data
    at = rng.randrange(len(data))
    kind = rng.randrange(4)
    if kind == 0:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    if kind == 1:
        return data[:at] + rng.choice(tokens) + data[at:]
    if kind == 2:
        return data[:at] + data[at + rng.randrange(1, 200):]
    piece = data[at:at + rng.randrange(1, 400)]
    return data[:at] + piece * rng.randrange(2, 50) + data[at:]


def _web_export(rows: list[list[object]], rng: random.Random) -> bytes:
    from tests.fixtures.hostile_formats import xml_form

    if rng.random() < 0.5:
        return xml_form(rows)
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
    return f'<html><meta charset="utf-8"><body><table>{body}</table></body></html>'.encode()


def _csv(rows: list[list[object]], rng: random.Random) -> bytes:
    from tests.fixtures.hostile_formats import csv_text

    text = csv_text(rows, rng.choice([";", ",", "\t"]))
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1258"])
    return text.encode(encoding, errors="replace")


def _zip_of_forms(forms: list[bytes], rng: random.Random) -> bytes:
    """An archive of a few forms, its names and bytes mutated, or its directory."""
    buffer = io.BytesIO()
    names = ["xa/a.xlsx", "xa/a.xlsx", "b.csv", "c.ods", "../d.xlsx", "e.zip", "~$f.xlsx",
             "g.pdf", "h/", "\u00e1.xls"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a name written twice, on purpose
        with zipfile.ZipFile(buffer, "w", rng.choice([zipfile.ZIP_STORED,
                                                      zipfile.ZIP_DEFLATED])) as z:
            for _ in range(rng.randrange(1, 5)):
                data = rng.choice(forms)
                if rng.random() < 0.3:
                    data = _mutate_text(data, rng, _TOKENS)
                z.writestr(rng.choice(names), data)
    data = buffer.getvalue()
    return _mutate_directory(data, rng) if rng.random() < 0.4 else data


def _cases(folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    xlsx = single_form(folder / "src.xlsx").read_bytes()
    consolidated = consolidated_form(folder / "src_c.xlsx", [
        ("30101", "Xã A", {"CL01": (3, 100), "CL02": (1, 100)}),
        ("30102", "Xã B", {"CL01": (5, 200), "CL06": (7, 90)})]).read_bytes()
    ods = (FIXTURES / "forms" / "single_two_row.ods").read_bytes()
    xls = (FIXTURES / "forms" / "single_two_row.xls").read_bytes()
    from tests.fixtures.hostile_formats import form_rows

    rows = form_rows(folder)
    paths = []
    for i in range(CASES):
        kind = i % 9
        if kind == 0:
            data, ext = _mutate_zip_member(rng.choice([xlsx, consolidated]), rng,
                                           r"^xl/.*\.xml$"), "xlsx"
        elif kind == 1:
            data, ext = _mutate_zip_member(ods, rng, r"^content\.xml$"), "ods"
        elif kind == 2:
            data, ext = _mutate_directory(rng.choice([xlsx, ods]), rng), rng.choice(["xlsx",
                                                                                     "ods"])
        elif kind == 3:
            data, ext = _mutate_xls(xls, rng), "xls"
        elif kind == 4:
            path = xls_writer.write(folder / f"f{i:04d}.xls", [])
            path.write_bytes(xls_writer._compound_file(xls_writer._workbook_stream(
                [_biff(rng)])))
            paths.append(path)
            continue
        elif kind == 5:
            data, ext = _mutate_zip_member(xlsx, rng, r"^(xl/workbook\.xml|xl/_rels/.*|"
                                                      r"\[Content_Types\]\.xml)$"), "xlsx"
        elif kind == 6:  # a web export named .xls: HTML or SpreadsheetML
            data, ext = _web_export(rows, rng), "xls"
            for _ in range(rng.randrange(1, 4)):
                data = _mutate_text(data, rng, _WEB_TOKENS)
        elif kind == 7:  # a CSV form, in one of the encodings clerks send
            data, ext = _csv(rows, rng), "csv"
            for _ in range(rng.randrange(1, 4)):
                data = _mutate_text(data, rng, _CSV_TOKENS)
        else:  # a zip archive of forms
            data, ext = _zip_of_forms([xlsx, ods, _csv(rows, rng)], rng), "zip"
        path = folder / f"f{i:04d}.{ext}"
        path.write_bytes(data)
        paths.append(path)
    return paths


_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from childlabour_metrics import read_reports
paths = json.load(open(sys.argv[1]))
out = {{}}
for path in paths:
    result = read_reports(path, workers=1, progress=False, lang="en")
    files = result.files["file"].tolist()
    # Every file the read names is the path itself or one of its members.
    inside = all(f == path or f.startswith(path + "/") for f in files)
    out[path] = [int(result.files["rows_read"].sum()), sorted(set(result.problems["code"])),
                 len(files), inside]
peak = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) / 1024
print(json.dumps({{"files": out, "peak_mb": peak}}))
"""


def test_mutated_workbooks_end_as_rows_or_named_problems(tmp_path: Path) -> None:
    paths = _cases(tmp_path)
    listing = tmp_path / "paths.json"
    listing.write_text(json.dumps([str(p) for p in paths]))
    child = subprocess.run([sys.executable, "-c", _CHILD.format(cap=CAP), str(listing)],
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout)
    got = result["files"]
    assert set(got) == {str(p) for p in paths}
    # Each file is in its result's files, read or named; none silently passed over.
    silent = [path for path, (rows, codes, files, _) in got.items()
              if not files or (not rows and not codes)]
    assert not silent
    assert all(inside for *_, inside in got.values())
    assert result["peak_mb"] < 1024
