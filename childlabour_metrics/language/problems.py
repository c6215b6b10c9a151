"""The one problem registry: every problem code, its message and what to do.

Every problem the library reports (the reader's and completeness's alike) is
one row of a problems table with a stable upper-snake code from
:data:`PROBLEMS`.  A problems table keeps the code and the message's fields
(``cell``, ``value``, ``indicator``, ``period``, ``unit_code``, ``detail``) in
their own columns, so that the message is rendered at the output edge, in
the output's language, by :func:`render`.  Messages come from this one table
only: no other module writes user-facing text about problems.  Codes are a
contract (tests and users filter on them); never rename one, add a new one.

A placeholder with a format spec, ``{detail:why}``, holds a code of a word
family of the vocabulary (:mod:`childlabour_metrics.language.words`): it is rendered
as the word ``why_<code>`` in the output's language.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import ChildLabourMetricsError
from .words import check_lang, has_word, word

__all__ = [
    "OpenError",
    "FIELDS",
    "PROBLEMS",
    "PROBLEM_CODES",
    "PROBLEM_COLUMNS",
    "SEVERITIES",
    "Problem",
    "label",
    "problem_action",
    "problem_codes",
    "problem_message",
    "problems_markdown",
    "render",
]

#: Columns of the problems table, in this order.
PROBLEM_COLUMNS: list[str] = [
    "file",
    "sheet",
    "cell",
    "unit_code",
    "period",
    "indicator",
    "code",
    "severity",
    "message",
    "value",
    "detail",
]
#: The fields a message may name; each is a column of the problems table, so
#: that the message can be rendered again in any language (:func:`render`).
FIELDS: tuple[str, ...] = ("cell", "value", "indicator", "period", "unit_code", "detail")
#: Severities from the most to the least serious.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem code: its severity, what it means and what to do, in vi and en."""

    code: str
    severity: str
    message_vi: str
    message_en: str
    action_vi: str
    action_en: str


# One row per code: severity, message (vi, en; may use {placeholders}),
# what the clerk should do (vi, en).  Placeholders missing from a call are
# left as "?" so a message never fails to render.
_TABLE: list[tuple[str, str, str, str, str, str]] = [
    # -- files ---------------------------------------------------------------
    (
        "FILE_NOT_FOUND", "error",
        "Không tìm thấy tệp {detail}.",
        "File not found: {detail}.",
        "Kiểm tra lại đường dẫn hoặc tên tệp.",
        "Check the path or the file name.",
    ),
    (
        "FILE_EMPTY", "error",
        "Tệp rỗng (0 byte), không có dữ liệu.",
        "The file is empty (0 bytes).",
        "Gửi lại tệp báo cáo đầy đủ.",
        "Send the complete report file again.",
    ),
    (
        "NOT_A_SPREADSHEET", "error",
        "Tệp không phải bảng tính Excel/ODS ({detail}).",
        "The file is not an Excel/ODS spreadsheet ({detail}).",
        "Lưu báo cáo dưới dạng .xlsx (Excel) rồi gửi lại.",
        "Save the report as .xlsx (Excel) and send it again.",
    ),
    (
        "FILE_ENCRYPTED", "error",
        "Tệp được đặt mật khẩu nên không đọc được.",
        "The file is password-protected and cannot be read.",
        "Gỡ mật khẩu mở tệp (Tệp > Thông tin > Bảo vệ Sổ làm việc; Excel tiếng Anh: "
        '"File > Info > Protect Workbook") rồi gửi lại.',
        "Remove the opening password (File > Info > Protect Workbook) and send it again.",
    ),
    (
        "FILE_UNREADABLE", "error",
        "Tệp bị hỏng hoặc không mở được ({detail}).",
        "The file is damaged or cannot be opened ({detail}).",
        "Mở tệp bằng Excel, lưu lại dạng .xlsx và gửi lại.",
        "Open the file in Excel, save it again as .xlsx and send it again.",
    ),
    (
        "FILE_TOO_LARGE", "error",
        "Tệp quá lớn hoặc có kích thước bất thường ({detail}); không đọc để bảo đảm an toàn.",
        "The file is too large or has an abnormal size ({detail}); refused for safety.",
        "Xóa các dòng, cột thừa; chỉ giữ biểu mẫu báo cáo rồi gửi lại.",
        "Delete stray rows and columns, keep only the report form, and send it again.",
    ),
    (
        "NO_TABLE", "error",
        "Không tìm thấy bảng chỉ tiêu (dòng tiêu đề có cột Mã chỉ tiêu, Tử số, Mẫu số).",
        "No indicator table found (a header row with Code, Numerator and Denominator columns).",
        "Dùng đúng biểu mẫu báo cáo; không xóa hoặc đổi tên dòng tiêu đề của bảng.",
        "Use the report form; do not delete or rename the table's header row.",
    ),
    (
        "NO_ROWS", "error",
        "Bảng chỉ tiêu ở trang \"{detail}\" không có dòng chỉ tiêu nào (dòng có mã CL01…CL13).",
        "The indicator table on sheet \"{detail}\" has no indicator rows (rows with a code "
        "CL01…CL13).",
        "Điền mã chỉ tiêu và số liệu vào bảng, ngay dưới dòng tiêu đề.",
        "Fill in the indicator codes and figures right below the header row.",
    ),
    # -- metadata ------------------------------------------------------------
    (
        "MISSING_UNIT_CODE", "error",
        "Thiếu mã đơn vị; không xác định được số liệu của đơn vị nào.",
        "The unit code is missing; the figures cannot be attributed to a unit.",
        "Ghi mã đơn vị vào ô \"Mã đơn vị\".",
        "Fill in the \"Mã đơn vị\" (unit code) cell.",
    ),
    (
        "MISSING_PERIOD", "error",
        "Thiếu kỳ báo cáo.",
        "The reporting period is missing.",
        "Ghi kỳ báo cáo, ví dụ \"6 tháng đầu năm 2024\" hoặc \"Năm 2024\".",
        "Fill in the period, e.g. \"6 tháng đầu năm 2024\" or \"Năm 2024\".",
    ),
    (
        "BAD_PERIOD", "error",
        "Không đọc được kỳ báo cáo \"{value}\".",
        "The reporting period \"{value}\" cannot be read.",
        "Ghi kỳ báo cáo theo mẫu \"6 tháng đầu năm 2024\", \"6 tháng cuối năm 2024\" "
        "hoặc \"Năm 2024\".",
        "Write the period as \"6 tháng đầu năm 2024\", \"6 tháng cuối năm 2024\" "
        "or \"Năm 2024\".",
    ),
    (
        "MISSING_REPORT_DATE", "warning",
        "Thiếu ngày báo cáo; không kiểm tra được thời hạn nộp.",
        "The report date is missing; timeliness cannot be checked.",
        "Ghi ngày báo cáo, ví dụ 10/6/2024.",
        "Fill in the report date, e.g. 10/6/2024.",
    ),
    (
        "BAD_REPORT_DATE", "warning",
        "Không đọc được ngày báo cáo \"{value}\".",
        "The report date \"{value}\" cannot be read.",
        "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 10/6/2024.",
        "Write the date as day/month/year, e.g. 10/6/2024.",
    ),
    (
        "UNKNOWN_UNIT", "error",
        "Mã đơn vị \"{value}\" không có trong danh mục đơn vị.",
        "Unit code \"{value}\" is not in the unit registry.",
        "Kiểm tra mã đơn vị (giữ nguyên số 0 ở đầu; nhập dạng văn bản).",
        "Check the unit code (keep leading zeros; type it as text).",
    ),
    (
        "UNIT_CODE_LOST_ZEROS", "error",
        "Mã đơn vị \"{value}\" không có trong danh mục; có lẽ là \"{detail}\" bị mất số 0 ở "
        "đầu do ô được nhập dạng số.",
        "Unit code \"{value}\" is not in the registry; probably \"{detail}\" with its leading "
        "zeros lost because the cell holds a number.",
        "Định dạng ô mã đơn vị là Văn bản (\"Text\" trong Excel tiếng Anh) rồi nhập lại mã "
        "đầy đủ, kể cả số 0 ở đầu.",
        "Format the unit code cell as Text and type the full code, leading zeros included.",
    ),
    (
        "BAD_UNIT_CODE", "error",
        "\"{value}\" không phải mã đơn vị (mã gồm chữ, số, \"-\", \"_\" hoặc \".\", không có "
        "dấu cách, dấu gạch chéo hay ký tự điều khiển).",
        "\"{value}\" is not a unit code (a code is letters, digits, \"-\", \"_\" or \".\", "
        "with no spaces, slashes or control characters).",
        "Ghi mã đơn vị theo danh mục vào ô Mã đơn vị (tên đơn vị ghi ở ô Tên đơn vị).",
        "Write the unit's code from the registry in the unit code cell (its name goes in "
        "the unit name cell).",
    ),
    (
        "UNIT_NOT_VALID_IN_PERIOD", "error",
        "Đơn vị \"{value}\" không tồn tại trong kỳ {period} (theo danh mục đơn vị).",
        "Unit \"{value}\" did not exist in period {period} (per the unit registry).",
        "Kiểm tra mã đơn vị và kỳ báo cáo; đơn vị đã sáp nhập thì báo cáo theo đơn vị mới.",
        "Check the unit code and period; a merged unit reports under its new unit.",
    ),
    (
        "PERIOD_IN_FUTURE", "error",
        "Kỳ báo cáo {period} chưa bắt đầu (ngày báo cáo hoặc hôm nay: {value}).",
        "Period {period} has not started yet (report date or today: {value}).",
        "Sửa lại kỳ báo cáo.",
        "Correct the reporting period.",
    ),
    (
        "LATE_REPORT", "warning",
        "Báo cáo ngày {value}, sau hạn nộp {detail}.",
        "Report dated {value}, after the deadline {detail}.",
        "Nộp báo cáo đúng hạn theo lịch của kế hoạch.",
        "Send reports by the deadline in the plan's calendar.",
    ),
    (
        "DUPLICATE_REPORT", "warning",
        "Đơn vị {unit_code} có nhiều báo cáo cho kỳ {period} (các tệp khác: {detail}); "
        "chỉ dùng báo cáo có ngày muộn nhất, các bản còn lại bị thay thế để không cộng trùng.",
        "Unit {unit_code} sent more than one report for period {period} (other files: "
        "{detail}); only the latest report is used, the others are superseded so that "
        "nothing is counted twice.",
        "Xác nhận báo cáo nào là bản cuối cùng; hủy bản cũ.",
        "Confirm which report is final and withdraw the other.",
    ),
    # -- indicator rows -------------------------------------------------------
    (
        "UNKNOWN_INDICATOR", "error",
        "Mã chỉ tiêu \"{value}\" không có trong danh mục (CL01–CL13).",
        "Indicator code \"{value}\" is not in the catalogue (CL01–CL13).",
        "Sửa mã chỉ tiêu theo biểu mẫu (CL01 … CL13).",
        "Correct the indicator code as in the form (CL01 … CL13).",
    ),
    (
        "INDICATOR_NOT_IN_PLAN", "warning",
        "Chỉ tiêu {indicator} không thuộc kế hoạch {detail}.",
        "Indicator {indicator} is not tracked by plan {detail}.",
        "Không cần làm gì nếu chỉ tiêu được báo cáo thêm; nếu nhầm mã thì sửa lại.",
        "Nothing to do if reported in addition; if the code is a typo, correct it.",
    ),
    (
        # issue 22: the report's one line for every INDICATOR_NOT_IN_PLAN of a batch
        # (a national plan read on a province's folder gave 828 of them).
        "INDICATORS_NOT_IN_PLAN", "info",
        "{value} dòng có chỉ tiêu không thuộc kế hoạch {detail} ({indicator}); không dùng để "
        "đánh giá kế hoạch này.",
        "{value} rows hold indicators plan {detail} does not track ({indicator}); not used "
        "to judge this plan.",
        "Không cần làm gì nếu các chỉ tiêu được báo cáo thêm.",
        "Nothing to do if they are reported in addition.",
    ),
    (
        "DUPLICATE_INDICATOR", "error",
        "Chỉ tiêu {indicator} xuất hiện nhiều lần trong cùng một báo cáo.",
        "Indicator {indicator} appears more than once in the same report.",
        "Giữ một dòng cho mỗi chỉ tiêu; xóa dòng trùng.",
        "Keep one row per indicator; delete the duplicate.",
    ),
    (
        "NOT_A_NUMBER", "error",
        "Ô {cell} có giá trị \"{value}\", không phải là số.",
        "Cell {cell} holds \"{value}\", which is not a number.",
        "Nhập số nguyên, không kèm chữ (ví dụ 1234 hoặc 1.234).",
        "Enter a whole number without text (e.g. 1234 or 1.234).",
    ),
    (
        "FRACTIONAL_COUNT", "error",
        "Ô {cell} có số lẻ {value}; số người, số đơn vị phải là số nguyên.",
        "Cell {cell} holds the fraction {value}; a count must be a whole number.",
        "Nhập số nguyên (số người hoặc số đơn vị), không nhập tỷ lệ vào ô này.",
        "Enter a whole number (people or units), not a rate.",
    ),
    (
        "NEGATIVE_COUNT", "error",
        "Ô {cell} có số âm {value}.",
        "Cell {cell} holds the negative number {value}.",
        "Nhập số không âm.",
        "Enter a number of zero or more.",
    ),
    (
        "FORMULA_NO_VALUE", "error",
        "Ô {cell} có công thức nhưng chưa có giá trị tính sẵn.",
        "Cell {cell} holds a formula without a calculated value.",
        "Mở tệp bằng Excel, để Excel tính lại công thức, lưu lại rồi gửi (hoặc nhập số trực tiếp).",
        "Open the file in Excel so it recalculates, save and send again (or type the number).",
    ),
    (
        # issue 22: a returned template with every count blank is not a report.
        "EMPTY_FORM", "error",
        "Biểu mẫu không có số liệu: mọi ô tử số, mẫu số đều để trống; không tính là đã nộp.",
        "The form holds no figures: every numerator and denominator cell is blank; not "
        "counted as received.",
        "Điền số liệu của kỳ báo cáo vào biểu mẫu (nhập 0 nếu đúng là không có) rồi gửi lại.",
        "Fill in the period's figures (0 where there truly are none) and send the form again.",
    ),
    (
        "MISSING_DENOMINATOR", "error",
        "Chỉ tiêu {indicator} có tử số nhưng thiếu mẫu số (ô {cell}).",
        "Indicator {indicator} has a numerator but no denominator (cell {cell}).",
        "Nhập mẫu số.",
        "Enter the denominator.",
    ),
    (
        "MISSING_NUMERATOR", "warning",
        "Chỉ tiêu {indicator} có mẫu số nhưng thiếu tử số (ô {cell}); coi là chưa báo cáo.",
        "Indicator {indicator} has a denominator but no numerator (cell {cell}); "
        "treated as not reported.",
        "Nhập tử số (nhập 0 nếu đúng là không có).",
        "Enter the numerator (0 if there truly are none).",
    ),
    (
        "NUMERATOR_GT_DENOMINATOR", "error",
        "Chỉ tiêu {indicator}: tử số {value} lớn hơn mẫu số {detail}.",
        "Indicator {indicator}: numerator {value} exceeds denominator {detail}.",
        "Kiểm tra lại tử số và mẫu số (có thể nhập nhầm cột).",
        "Check the numerator and denominator (they may be in swapped columns).",
    ),
    (
        "ZERO_DENOMINATOR", "error",
        "Chỉ tiêu {indicator}: mẫu số bằng 0 nhưng tử số là {value}.",
        "Indicator {indicator}: the denominator is 0 but the numerator is {value}.",
        "Nhập mẫu số đúng.",
        "Enter the correct denominator.",
    ),
    (
        "CL02_GT_CL01", "error",
        "Tử số CL02 ({value}) lớn hơn tử số CL01 ({detail}); trẻ làm công việc nặng nhọc, "
        "độc hại là một phần của lao động trẻ em.",
        "CL02 numerator ({value}) exceeds CL01 numerator ({detail}); children in hazardous "
        "work are a subset of child labourers.",
        "Kiểm tra lại tử số của CL01 và CL02 (cả hai chỉ tiêu bị loại cho đến khi sửa).",
        "Check the numerators of CL01 and CL02 (both indicators are held until then).",
    ),
    (
        "CL01_CL02_DENOMINATOR", "error",
        "Mẫu số CL02 ({value}) khác mẫu số CL01 ({detail}); cả hai đều là số trẻ 5–17 tuổi.",
        "CL02 denominator ({value}) differs from CL01 denominator ({detail}); both are "
        "children aged 5–17.",
        "Nhập cùng một số trẻ em 5–17 tuổi cho mẫu số CL01 và CL02 (cả hai chỉ tiêu bị loại "
        "cho đến khi sửa).",
        "Use the same count of children aged 5–17 for both denominators (both indicators "
        "are held until then).",
    ),
    (
        "RATE_MISMATCH", "warning",
        "Ô {cell}: tỷ lệ ghi {value}% khác tỷ lệ tính từ tử số/mẫu số ({detail}%).",
        "Cell {cell}: the rate {value}% differs from numerator/denominator ({detail}%).",
        "Kiểm tra lại tử số, mẫu số và tỷ lệ.",
        "Check the numerator, denominator and rate.",
    ),
    (
        "TOTAL_MISMATCH", "warning",
        "Ô {cell}: dòng tổng ghi {value}, khác tổng các đơn vị ({detail}).",
        "Cell {cell}: the total row says {value}, the units sum to {detail}.",
        "Kiểm tra lại dòng tổng cộng và số liệu các đơn vị.",
        "Check the total row and the units' figures.",
    ),
    (
        "VALUE_JUMP", "warning",
        "Mẫu số {indicator} thay đổi hơn một nửa so với cùng kỳ năm trước ({detail} → {value}).",
        "The {indicator} denominator changed by more than half from the same period a year "
        "earlier ({detail} → {value}).",
        "Kiểm tra lại số liệu; nếu đúng, ghi chú lý do (ví dụ sáp nhập địa bàn).",
        "Check the figure; if it is right, note why (e.g. a boundary change).",
    ),
    # -- completeness ----------------------------------------------------------
    (
        "MISSING_REPORT", "info",
        "Chưa nhận được báo cáo của đơn vị {unit_code} kỳ {period}.",
        "No report received from unit {unit_code} for period {period}.",
        "Gửi báo cáo kỳ {period} theo lịch của kế hoạch.",
        "Send the report for period {period} as the plan's calendar asks.",
    ),
    (
        "UNEXPECTED_REPORT", "warning",
        "Báo cáo của đơn vị {unit_code} kỳ {period} không nằm trong danh sách phải báo cáo "
        "({detail:why}).",
        "The report of unit {unit_code} for period {period} was not expected "
        "({detail:why}).",
        "Kiểm tra mã đơn vị và kỳ báo cáo.",
        "Check the unit code and the period.",
    ),
    (
        "NUMBER_TOO_LARGE", "error",
        "Ô {cell} có số {value}, lớn bất thường (quá một nghìn tỷ) nên không thể là số đếm.",
        "Cell {cell} holds {value}, abnormally large (over a trillion) for a count.",
        "Kiểm tra lại ô này; nhập số người hoặc số đơn vị thực tế.",
        "Check the cell; enter the actual number of people or units.",
    ),
    (
        "FORMULA_NOT_CALCULATED", "error",
        "Ô {cell} có công thức chưa từng được tính (tệp do phần mềm tạo ra, giá trị lưu sẵn "
        "{value} chỉ là giá trị tạm).",
        "Cell {cell} holds a formula that was never calculated (the file was generated by a "
        "program; the stored value {value} is a placeholder).",
        "Mở tệp bằng Excel để Excel tính lại công thức, lưu lại rồi gửi (hoặc nhập số trực tiếp).",
        "Open the file in Excel so it recalculates, save and send again (or type the number).",
    ),
    (
        "UNIT_CODE_FROM_NAME", "warning",
        "Mã đơn vị trống hoặc không có trong danh mục; số liệu được gán cho đơn vị {detail} "
        "theo tên \"{value}\".",
        "The unit code is blank or not in the registry; the figures were attributed to unit "
        "{detail} by its name \"{value}\".",
        "Kiểm tra đúng đơn vị {detail}, rồi ghi mã đơn vị vào ô \"Mã đơn vị\".",
        "Check that unit {detail} is right, then fill in the unit code cell.",
    ),
    (
        "UNIT_NAME_AMBIGUOUS", "error",
        "Mã đơn vị trống hoặc không có trong danh mục, và tên \"{value}\" khớp với nhiều đơn "
        "vị: {detail}.",
        "The unit code is blank or not in the registry, and the name \"{value}\" matches "
        "several units: {detail}.",
        "Ghi mã của đúng đơn vị vào ô \"Mã đơn vị\".",
        "Fill in the code of the right unit in the unit code cell.",
    ),
    (
        "ROWS_BELOW_TABLE", "warning",
        "Các dòng chỉ tiêu ở ô {value} nằm dưới bảng, sau {detail} dòng trống liên tiếp, "
        "nên không được đọc.",
        "The indicator rows at {value} lie below the table, after {detail} blank rows in a "
        "row, and were not read.",
        "Xóa các dòng trống để các dòng này nằm trong bảng, hoặc xóa các dòng thừa.",
        "Delete the blank rows so these rows are part of the table, or delete the stray rows.",
    ),
    (
        "CELL_ERROR", "error",
        "Ô {cell} có lỗi Excel {value}, không có số liệu.",
        "Cell {cell} holds the Excel error {value}, not a figure.",
        "Sửa công thức trong ô (hoặc nhập số trực tiếp), lưu lại rồi gửi.",
        "Fix the cell's formula (or type the number), save and send again.",
    ),
    (
        "UNKNOWN_INDICATOR_LABEL", "error",
        "Ô {cell}: không nhận ra chỉ tiêu \"{value}\" ({detail}).",
        "Cell {cell}: indicator \"{value}\" not recognised ({detail}).",
        "Ghi tên chỉ tiêu đúng như biểu mẫu, hoặc thêm cột Mã chỉ tiêu (CL01 … CL13).",
        "Write the indicator's name as in the form, or add the Code column (CL01 … CL13).",
    ),
    (
        "CODE_LABEL_MISMATCH", "warning",
        "Ô {cell}: mã chỉ tiêu {indicator} không khớp với tên \"{value}\" (tên giống {detail}); "
        "đọc theo mã.",
        "Cell {cell}: indicator code {indicator} does not match the label \"{value}\" (which "
        "reads as {detail}); read by the code.",
        "Kiểm tra mã chỉ tiêu và tên chỉ tiêu trên cùng dòng.",
        "Check the indicator code and name on that row.",
    ),
    (
        "LEGACY_ENCODING", "info",
        "Văn bản trong tệp được gõ bằng bảng mã cũ {detail} (nhận ra {value:legacy_by}); "
        "đã chuyển sang Unicode.",
        "The file's text is typed in the legacy {detail} encoding (recognised "
        "{value:legacy_by}); converted to Unicode.",
        "Không cần làm gì; lần sau nên dùng phông Unicode (Times New Roman).",
        "Nothing to do; next time use a Unicode font (Times New Roman).",
    ),
    (
        "SHEET_SKIPPED", "warning",
        "Trang ẩn \"{detail}\" cũng có bảng chỉ tiêu nhưng không được đọc (đã đọc các trang "
        "đang hiện).",
        "The hidden sheet \"{detail}\" also holds an indicator table but was not read (the "
        "visible sheets were).",
        "Nếu trang này là báo cáo, hiện trang (Unhide) hoặc gửi thành tệp riêng.",
        "If this sheet is a report, unhide it or send it as a file of its own.",
    ),
    (
        "FILE_SKIPPED", "warning",
        "Tệp hoặc thư mục không được đọc: {detail}.",
        "File or folder not read: {detail}.",
        "Lưu báo cáo dạng .xlsx rồi gửi lại; kiểm tra quyền đọc thư mục.",
        "Save the report as .xlsx and send it again; check the folder's read permission.",
    )
]

PROBLEMS: dict[str, Problem] = {row[0]: Problem(*row) for row in _TABLE}


_FORMATTER = string.Formatter()


def _parts(template: str) -> list[tuple[str, str | None, str]]:
    """A message template as (literal, field or None, format spec) parts."""
    return [(literal, name, spec or "")
            for literal, name, spec, _ in _FORMATTER.parse(template)]


def _text(value: Any, spec: str, lang: str) -> str:
    """One field as message text: "?" when missing, the word ``<spec>_<value>`` for a spec."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "?"
    text = str(value)
    if spec and has_word(f"{spec}_{text}"):
        return word(f"{spec}_{text}", lang)
    return text


def problem_message(code: str, lang: str = "vi", **fields: Any) -> str:
    """Render the message for a problem code.

    Parameters
    ----------
    code : str
        A code from :data:`PROBLEMS`.
    lang : {"vi", "en"}
        Language of the message.
    **fields
        Values for the message's placeholders (``cell``, ``value``,
        ``indicator``, ``period``, ``unit_code``, ``detail``).

    Returns
    -------
    str

    Examples
    --------
    >>> problem_message("NOT_A_NUMBER", cell="D12", value="abc")
    'Ô D12 có giá trị "abc", không phải là số.'
    >>> problem_message("FILE_EMPTY", lang="en")
    'The file is empty (0 bytes).'
    """
    problem = PROBLEMS[code]
    en = check_lang(lang) == "en"
    return _filled(problem.message_en if en else problem.message_vi, lang, fields)


def problem_action(code: str, lang: str = "vi", **fields: Any) -> str:
    """What the clerk should do about a problem, in ``lang``.

    Examples
    --------
    >>> problem_action("FILE_EMPTY", "en")
    'Send the complete report file again.'
    """
    problem = PROBLEMS[code]
    en = check_lang(lang) == "en"
    return _filled(problem.action_en if en else problem.action_vi, lang, fields)


def _filled(template: str, lang: str, fields: dict[str, Any]) -> str:
    """``template`` with its ``{field}`` places filled from ``fields`` (``?`` when absent)."""
    return "".join(
        literal + ("" if name is None else _text(fields.get(name), spec, lang))
        for literal, name, spec in _parts(template)
    )


def _render_column(problems: pd.DataFrame, lang: str, which: str) -> pd.Series:
    """Messages (or actions) of a problems table, vectorised: one pass per code.

    Built on object arrays (a Python string concatenation per cell, in numpy):
    pandas' string operations cost several times more per placeholder.
    """
    codes = problems["code"].astype("str").to_numpy(dtype=object)
    out = np.full(len(problems), "", dtype=object)
    fields: dict[str, np.ndarray] = {}  # each field column once, as text ("?" when missing)
    for code in pd.unique(codes):
        if code not in PROBLEMS:
            continue  # a code from elsewhere keeps its own message
        rows = np.flatnonzero(codes == code)
        template = getattr(PROBLEMS[code], f"{which}_{lang}")
        text = np.full(len(rows), "", dtype=object)
        for literal, name, spec in _parts(template):
            text = text + literal
            if name is None:
                continue
            if name not in problems.columns:
                text = text + "?"
                continue
            if name not in fields:
                fields[name] = problems[name].astype("str").to_numpy(dtype=object,
                                                                     na_value="?")
            values = fields[name][rows]
            if spec:
                words = {k: word(f"{spec}_{k}", lang) for k in pd.unique(values)
                         if has_word(f"{spec}_{k}")}
                if words:
                    values = np.array([words.get(v, v) for v in values], dtype=object)
            text = text + values
        out[rows] = text
    return pd.Series(out, index=problems.index, dtype="str")


def render(problems: pd.DataFrame, lang: str = "vi", action: bool = False) -> pd.DataFrame:
    """A problems table with its ``message`` rendered in ``lang``.

    The output edge calls this: a problems table keeps its codes and fields,
    and every output (CLI, problem workbooks, reports) renders the messages
    in its own language, whatever the language of the read.

    Parameters
    ----------
    problems : DataFrame
        A problems table (columns :data:`PROBLEM_COLUMNS`; missing field
        columns render as "?").  Rows whose code is not in the registry keep
        their message.
    lang : {"vi", "en"}
        Language of the output.
    action : bool
        Also add an ``action`` column: what the clerk should do.

    Returns
    -------
    DataFrame
        A copy; ``message`` (and ``action``) in ``lang``.

    Examples
    --------
    >>> table = pd.DataFrame({"code": ["NOT_A_NUMBER"], "cell": ["D12"], "value": ["abc"]})
    >>> render(table, "en")["message"].item()
    'Cell D12 holds "abc", which is not a number.'
    >>> render(table, "vi", action=True)["action"].item()
    'Nhập số nguyên, không kèm chữ (ví dụ 1234 hoặc 1.234).'
    """
    check_lang(lang)
    out = problems.copy()
    known = out["code"].astype("str").isin(list(PROBLEMS))
    message = _render_column(out, lang, "message")
    if "message" in out.columns:
        out["message"] = out["message"].astype("str").where(~known, message)
    else:
        out["message"] = message.where(known)
    if action:
        out["action"] = _render_column(out, lang, "action").where(known)
    return out


def label(key: str, lang: str = "vi") -> str:
    """A column heading or short label for output written for clerks.

    Kept for compatibility: the words live in :mod:`childlabour_metrics.language.words`
    (keys ``col_<column>`` for columns, ``problems_<key>`` for the others).

    Examples
    --------
    >>> label("cell"), label("cell", "en")
    ('Ô', 'Cell')
    """
    if has_word(f"col_{key}"):
        return word(f"col_{key}", lang)
    return word(f"problems_{key}", lang)


def problem_codes() -> pd.DataFrame:
    """The problem codes as a table: code, severity, meaning and action in vi and en.

    Examples
    --------
    >>> codes = problem_codes()
    >>> codes.loc[codes["code"] == "FILE_ENCRYPTED", "severity"].item()
    'error'
    """
    frame = pd.DataFrame(
        [
            {
                "code": p.code,
                "severity": p.severity,
                "message_vi": p.message_vi,
                "message_en": p.message_en,
                "action_vi": p.action_vi,
                "action_en": p.action_en,
            }
            for p in PROBLEMS.values()
        ]
    )
    return frame.astype("str")


#: The problem codes table (see :func:`problem_codes`).
PROBLEM_CODES: pd.DataFrame = problem_codes()


def problems_markdown() -> str:
    """The documentation page ``docs/problems.md``, generated from :data:`PROBLEMS`.

    Examples
    --------
    >>> problems_markdown().splitlines()[0]
    '# Problem codes'
    """
    lines = [
        "# Problem codes",
        "",
        "Generated from `childlabour_metrics/language/problems.py` by",
        "`python -c \"from childlabour_metrics.language.problems import problems_markdown; "
        "print(problems_markdown())\" > docs/problems.md`.",
        "",
        "`read_reports` names every problem it finds as one row of `ReadResult.problems`",
        "(columns `file, sheet, cell, unit_code, period, indicator, code, severity, message,",
        "value, detail`): the code and the message's fields are kept, so that",
        "`childlabour_metrics.language.problems.render(problems, lang)` renders the messages",
        "in any language at the output edge. `completeness_problems` uses the same codes.",
        "An **error** excludes the value (or the whole file) from computation but keeps it in",
        "`ReadResult.observations` with status `error`; a **warning** keeps the value in and",
        "asks for a check. Messages are Vietnamese by default, English with `lang=\"en\"`.",
        "`{...}` stands for the cell, value or file named in the actual message.",
        "",
        "```python",
        "import childlabour_metrics as clm",
        "",
        "result = clm.read_reports(\"reports/2024H1\", units=clm.sample_units(),",
        "                          plan=\"hai-duong-2021\")",
        "result.problems                          # one row per problem",
        "result.problems.query(\"severity == 'error'\")",
        "clm.write_problems(result, \"to_send_back\")  # one Excel workbook per unit",
        "```",
        "",
        "Rules worth knowing: a blank count is missing, never 0; of two reports of one unit",
        "and period, the later report date wins (ties: the file read last) and the other is",
        "`superseded`; lateness and untracked indicators are judged only for units inside the",
        "plan's scope (when a unit registry is given); `VALUE_JUMP` compares a denominator with",
        "the same period a year earlier, among the reports read together.",
        "",
        "| code | severity | meaning | what the clerk should do |",
        "|---|---|---|---|",
    ]
    for p in PROBLEMS.values():
        en, vi = (re.sub(r":\w+}", "}", m) for m in (p.message_en, p.message_vi))
        lines.append(
            f"| `{p.code}` | {p.severity} | {en} <br> *{vi}* | "
            f"{p.action_en} <br> *{p.action_vi}* |"
        )
    return "\n".join(lines) + "\n"


class OpenError(ChildLabourMetricsError):
    """A workbook that cannot be read, with the problem code and a short detail.

    Its message is the problem's, from the one problem registry
    (:mod:`childlabour_metrics.language.problems`), with the detail (a value: a size,
    a part name) in its place.

    Examples
    --------
    >>> exc = OpenError("FILE_EMPTY", "0 bytes")
    >>> exc.code, exc.detail, isinstance(exc, ChildLabourMetricsError)
    ('FILE_EMPTY', '0 bytes', True)
    >>> exc.message("en")
    'The file is empty (0 bytes).'
    """

    code: str  # always given: the problem code a reader reports

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, code=code)
        self.detail = detail

    def message(self, lang: str = "vi") -> str:
        """The problem's message in ``lang``."""
        if self.code in PROBLEMS:
            return problem_message(self.code, lang, detail=self.detail)
        return f"{self.code}: {self.detail}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.detail))
