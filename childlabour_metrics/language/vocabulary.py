"""The vocabulary: every word and message the library shows a person, in Vietnamese and English.

This is the one vocabulary of the library: column headings, statuses, levels,
chart and report words, command-line messages.  Problem codes and their
messages live in the one problem registry (:mod:`childlabour_metrics.language.problems`)
and are rendered through :func:`~childlabour_metrics.language.words.word`
too.  Tables carry codes (``met``, ``superseded``, ``commune``); words are
chosen only at the output edge, in the output's language, by calling
:func:`~childlabour_metrics.language.words.word`.  No other module holds
user-facing literals in two languages.

The table is split into sections, one per part of the library, so that a key
is easy to find; keys are unique across sections (a test checks it).  A
message may hold ``{placeholders}``; a placeholder missing from a call is
rendered as ``?`` so that a message never fails to render.

All text is Unicode NFC.

This module is data and imports nothing of the library: the exception family
(:mod:`~childlabour_metrics.language.errors`) renders its messages from it,
and :mod:`~childlabour_metrics.language.words` checks languages with that
family, so neither can hold the table without a circle.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["LANGS", "WORDS", "text"]

#: Languages every word exists in; Vietnamese first, the users' language.
LANGS: tuple[str, ...] = ("vi", "en")

# --------------------------------------------------------------------------- common
# Words shared by several outputs: levels, statuses, column headings.
_COMMON: dict[str, tuple[str, str]] = {
    "lang_vi": ("Tiếng Việt", "Vietnamese"),
    "lang_en": ("Tiếng Anh", "English"),
    # Column headings of the tables every output shows (``col_<column>``).
    "col_file": ("Tệp", "File"),
    "col_sheet": ("Trang tính", "Sheet"),
    "col_cell": ("Ô", "Cell"),
    "col_unit_code": ("Mã đơn vị", "Unit code"),
    "col_unit_name": ("Tên đơn vị", "Unit name"),
    "col_period": ("Kỳ báo cáo", "Period"),
    "col_indicator": ("Chỉ tiêu", "Indicator"),
    "col_code": ("Mã vấn đề", "Problem code"),
    "col_severity": ("Mức độ", "Severity"),
    "col_message": ("Nội dung", "Message"),
    "col_action": ("Cách khắc phục", "What to do"),
    "col_value": ("Giá trị (%)", "Value (%)"),
    "col_detail": ("Chi tiết", "Detail"),
    # Severities of problems (``severity_<code>``).
    "severity_error": ("Lỗi", "Error"),
    "severity_warning": ("Cảnh báo", "Warning"),
    "severity_info": ("Thông tin", "Information"),
    # Statuses of observations and files (``status_<code>``).
    "status_ok": ("Hợp lệ", "Valid"),
    "status_warning": ("Cần kiểm tra", "To check"),
    "status_error": ("Bị loại do lỗi", "Excluded: error"),
    "status_superseded": ("Đã bị thay thế", "Superseded"),
    # Forms of a report (``form_<code>``).
    "form_single": ("Báo cáo một đơn vị", "Single-unit report"),
    "form_consolidated": ("Báo cáo tổng hợp", "Consolidated report"),
    # Periods as the forms and reports write them (``period_<kind>``).
    "period_H1": ("6 tháng đầu năm {year}", "First half of {year}"),
    "period_H2": ("6 tháng cuối năm {year}", "Second half of {year}"),
    "period_year": ("Năm {year}", "Year {year}"),
    # Administrative levels (``level_<code>``).
    "level_country": ("Cả nước", "Country"),
    "level_province": ("Tỉnh", "Province"),
    "level_district": ("Huyện", "District"),
    "level_commune": ("Xã", "Commune"),
    # More column headings, of the command line's tables.
    "col_plan_id": ("Mã kế hoạch", "Plan id"),
    "col_name": ("Tên", "Name"),
    "col_name_en": ("Tên tiếng Anh", "English name"),
    "col_scope": ("Phạm vi", "Scope"),
    "col_scope_code": ("Mã phạm vi", "Scope code"),
    "col_start": ("Từ năm", "From"),
    "col_end": ("Đến năm", "To"),
    "col_horizon": ("Định hướng đến", "Horizon"),
    "col_parent": ("Kế hoạch cấp trên", "Parent plan"),
    "col_n_targets": ("Số chỉ tiêu", "Targets"),
    "col_ref": ("Ký hiệu", "Ref"),
    "col_label": ("Chỉ tiêu", "Target"),
    "col_indicators": ("Mã chỉ số", "Indicators"),
    "col_target_year": ("Năm mục tiêu", "Target year"),
    "col_direction": ("Chiều tốt", "Better when"),
    "col_operator": ("Điều kiện", "Operator"),
    "col_target": ("Mục tiêu (%)", "Target value (%)"),
    "col_met": ("Đạt", "Met"),
    "col_status": ("Trạng thái", "Status"),
    "col_gap_pp": ("Chênh lệch (điểm %)", "Gap (pp)"),
    "col_pct_of_target": ("% so với chỉ tiêu", "% of target"),
    "col_numerator": ("Tử số", "Numerator"),
    "col_denominator": ("Mẫu số", "Denominator"),
    "col_reason": ("Lý do", "Reason"),
    "col_method": ("Phương pháp", "Method"),
    "col_base_year": ("Năm gốc", "Base year"),
    "col_latest_year": ("Năm gần nhất", "Latest year"),
    "col_latest_value": ("Giá trị gần nhất (%)", "Latest value (%)"),
    "col_ratio": ("Hệ số tiến độ", "Progress ratio"),
    "col_score": ("Điểm", "Score"),
    "col_projection": ("Dự báo năm mục tiêu (%)", "Projection at target year (%)"),
    "col_level": ("Cấp", "Level"),
    "col_parent_code": ("Đơn vị cấp trên", "Parent unit"),
    "col_parent_name": ("Tên đơn vị cấp trên", "Parent unit name"),
    "col_reports": ("Số báo cáo nhận được", "Reports received"),
    "col_latest_period": ("Kỳ gần nhất", "Latest period"),
    "col_deadline": ("Hạn nộp", "Deadline"),
    "col_expected": ("Phải nộp", "Expected"),
    "col_n_reports": ("Số báo cáo", "Reports"),
    "col_received": ("Đã nộp", "Received"),
    "col_report_date": ("Ngày báo cáo", "Report date"),
    "col_on_time": ("Đúng hạn", "On time"),
    "col_late": ("Muộn", "Late"),
    "col_missing": ("Chưa nộp", "Missing"),
    "col_duplicated": ("Nộp trùng", "Duplicated"),
    "col_duplicates": ("Nộp trùng", "Duplicates"),
    "col_unexpected": ("Không thuộc diện", "Unexpected"),
    "col_note": ("Ghi chú", "Note"),
    "col_files": ("Tệp", "Files"),
    "col_rate_received": ("Tỷ lệ đã nộp (%)", "Received (%)"),
    "col_rate_on_time": ("Tỷ lệ đúng hạn (%)", "On time (%)"),
    "col_rate_complete": ("Tỷ lệ đầy đủ (%)", "Completeness rate (%)"),
    # Yes and no, for true/false columns (``bool_<value>``).
    "bool_True": ("Có", "Yes"),
    "bool_False": ("Không", "No"),
    # Directions of an indicator (``direction_<code>``).
    "direction_increase": ("Càng cao càng tốt", "Higher is better"),
    "direction_decrease": ("Càng thấp càng tốt", "Lower is better"),
}

# --------------------------------------------------------------------------- cli
_CLI: dict[str, tuple[str, str]] = {
    "cli_no_registry": (
        "không có tệp danh mục đơn vị: {path}",
        "no such unit registry file: {path}",
    ),
    "cli_bad_registry": (
        "{path}: không đọc được danh mục đơn vị ({detail})",
        "{path}: the unit registry cannot be read ({detail})",
    ),
    "cli_bad_period": (
        "kỳ báo cáo {period} không hợp lệ: dùng ví dụ 2024H1, 2024H2 hoặc 2024",
        "bad period {period}: use e.g. 2024H1, 2024H2 or 2024",
    ),
    "cli_usage_required": (
        "thiếu tham số bắt buộc: {x}",
        "the following arguments are required: {x}",
    ),
    "cli_usage_unrecognized": ("tham số không hợp lệ: {x}", "unrecognized arguments: {x}"),
    "cli_usage_choice": (
        "tham số {arg}: giá trị {x} không hợp lệ (chọn một trong {choices})",
        "argument {arg}: invalid choice: {x} (choose from {choices})",
    ),
    "cli_usage_value": (
        "tham số {arg}: giá trị {x} không hợp lệ, cần {kind}",
        "argument {arg}: invalid {kind} value: {x}",
    ),
    "cli_kind_int": ("số nguyên", "whole number"),
    "cli_kind_float": ("số", "number"),
    "cli_usage_one": ("tham số {arg}: cần một giá trị", "argument {arg}: expected one argument"),
    "cli_usage_other": ("cách dùng không hợp lệ: {x}", "invalid usage: {x}"),
    "cli_error": ("lỗi", "error"),
    "cli_no_rows": ("(không có dòng nào)", "(no rows)"),
    "cli_need_units": (
        "cần danh mục đơn vị (--units FILE): danh mục mẫu không có mọi đơn vị báo cáo",
        "a unit registry is needed (--units FILE): the sample registry does not know "
        "every reporting unit",
    ),
    "cli_validate_summary": (
        "{files} tệp, {rows} dòng số liệu, {errors} lỗi, {warnings} cảnh báo",
        "{files} files, {rows} data rows, {errors} errors, {warnings} warnings",
    ),
    "cli_problems_written": (
        "Đã ghi {n} tệp lỗi, mỗi đơn vị một tệp, vào {path}",
        "Wrote {n} problem workbooks, one per unit, into {path}",
    ),
    "cli_template_done": ("Đã ghi mẫu báo cáo: {path}", "Template written: {path}"),
    # A file the operating system refused (``cli_os_<errno name>``).
    "cli_os_error": ("không đọc hoặc ghi được {path}: {reason}",
                     "cannot read or write {path}: {reason}"),
    "cli_os_ENOENT": ("không có tệp hoặc thư mục này", "no such file or folder"),
    "cli_os_EACCES": ("không có quyền truy cập", "permission denied"),
    "cli_os_EPERM": ("không có quyền truy cập", "permission denied"),
    "cli_os_ENOSPC": ("ổ đĩa đã đầy", "the disk is full"),
    "cli_os_EISDIR": ("đây là thư mục, không phải tệp", "it is a folder, not a file"),
    "cli_os_ENOTDIR": ("một phần của đường dẫn không phải thư mục",
                       "part of the path is not a folder"),
    "cli_os_EROFS": ("ổ đĩa chỉ cho đọc", "the disk is read-only"),
    "cli_os_EEXIST": ("đã có tệp hoặc thư mục trùng tên ở đó",
                      "a file or folder of that name is already there"),
    "cli_os_other": ("lỗi hệ thống {name}", "system error {name}"),
    # The command line's own help (--help), in the language of --lang.
    "cli_help_usage": ("cách dùng:", "usage:"),
    "cli_help_positionals": ("tham số", "positional arguments"),
    "cli_help_options": ("tùy chọn", "options"),
    "cli_help_help": ("hiện trợ giúp này rồi thoát", "show this help message and exit"),
    "cli_help_version": ("hiện số phiên bản rồi thoát",
                         "show program's version number and exit"),
    "cli_help_description": (
        "Đọc báo cáo của chương trình phòng ngừa, giảm thiểu lao động trẻ em, đối chiếu "
        "với kế hoạch và lập báo cáo. Hướng dẫn đầy đủ: childlabour-metrics docs "
        "(--help sau mỗi lệnh cho ví dụ).",
        "Read child-labour programme reports, check them against a plan, and write "
        "reports. The full guide: childlabour-metrics docs (--help after a command for "
        "examples)."),
    "cli_help_lang": ("ngôn ngữ của thông báo và báo cáo (mặc định vi)",
                      "language of messages and reports (default vi)"),
    "cli_help_format": ("định dạng kết quả (mặc định table)", "output format (default table)"),
    "cli_help_paths": ("tệp báo cáo hoặc thư mục (đọc cả thư mục con)",
                       "workbooks or folders (read recursively)"),
    "cli_help_units": ("danh mục đơn vị hành chính (CSV hoặc Excel)",
                       "unit registry (CSV or Excel)"),
    "cli_help_plans": ("liệt kê các kế hoạch có sẵn", "list the bundled plans"),
    "cli_help_validate": ("đọc báo cáo và liệt kê mọi vấn đề (mã thoát 1 khi có lỗi)",
                          "read reports and list every problem (exit 1 on errors)"),
    "cli_help_plan_checks": ("mã hoặc tệp kế hoạch (hạn nộp, chỉ số)",
                             "plan id or file (deadlines, indicators)"),
    "cli_help_problems_out": (
        "ghi thêm vào DIR mỗi đơn vị một sổ Excel các vấn đề, để gửi lại đơn vị",
        "also write one problems workbook per unit into DIR, to send back"),
    "cli_help_attainment": ("giá trị của từng đơn vị so với từng chỉ tiêu của kế hoạch",
                            "each unit's value against each target of a plan"),
    "cli_help_plan": ("mã hoặc tệp kế hoạch", "plan id or file"),
    "cli_help_year": ("chỉ các kỳ của năm này", "only periods of this year"),
    "cli_help_target_year": ("chỉ các chỉ tiêu của năm này", "only targets for this year"),
    "cli_help_level": ("cộng dồn số liệu lên cấp này trước (cần danh mục đơn vị)",
                       "roll counts up to this level first (needs a registry)"),
    "cli_help_progress": ("từng đơn vị có đang đi đúng hướng tới các chỉ tiêu không?",
                          "is each unit on its way to the plan's targets?"),
    "cli_help_method": ("phương pháp đánh giá tiến độ (mặc định sdg)",
                        "progress method (default sdg)"),
    "cli_help_completeness": ("báo cáo phải nộp, đã nhận, đúng hạn, nộp muộn và còn thiếu",
                              "expected, received, on-time, late and missing reports"),
    "cli_help_rates": ("tỷ lệ theo đơn vị cấp trên và theo kỳ",
                       "rates per parent unit and period"),
    "cli_help_departments": (
        "chỉ các sở, ngành (cấp department), mỗi đơn vị theo hạn nộp của cấp mình",
        "only the departments (level department), each against its level's deadline"),
    "cli_help_export": ("ghi các bảng CSV/Parquet gọn và từ điển dữ liệu của chúng",
                        "write tidy CSV/Parquet tables and their data dictionary"),
    "cli_help_plan_export": (
        "mã hoặc tệp kế hoạch: thêm các bảng đạt chỉ tiêu, tiến độ và tính đầy đủ",
        "plan id or file: adds attainment, progress and completeness"),
    "cli_help_out": ("thư mục để ghi vào", "folder to write into"),
    "cli_help_export_format": (
        "csv (UTF-8 có BOM, mặc định) hoặc parquet (cần pyarrow); ghi hai lần để có cả hai",
        "csv (UTF-8 with BOM, default) or parquet (needs pyarrow); repeat for both"),
    "cli_help_lang_messages": ("ngôn ngữ của thông báo (mặc định vi)",
                               "language of messages (default vi)"),
    "cli_help_template": ("ghi một biểu mẫu báo cáo trống", "write a blank report form"),
    "cli_help_unit": (
        "mã hoặc tên đơn vị (ví dụ 10507, \"Phường Cẩm Thượng\"), tìm trong danh mục đơn vị",
        "unit code or name (e.g. 10507, \"Phường Cẩm Thượng\"), looked up in the unit "
        "registry"),
    "cli_help_period": ("ví dụ 2024H1, 2024H2, 2024", "e.g. 2024H1, 2024H2, 2024"),
    "cli_help_output": ("tệp .xlsx sẽ ghi", "the .xlsx to write"),
    "cli_help_units_template": (
        "danh mục đơn vị (mặc định: danh mục chính thức, clm.official_units()); đơn vị phải "
        "có trong danh mục và tồn tại trong kỳ; sở, ngành cần danh mục của mình",
        "unit registry (default: the official registry, clm.official_units()); the unit "
        "must be in it and exist in the period; a department needs one's own registry"),
    "cli_help_report": ("ghi báo cáo Excel, biểu đồ và HTML theo một kế hoạch",
                        "write the Excel, figures and HTML report for a plan"),
    "cli_help_lang_report": ("ngôn ngữ của báo cáo (mặc định vi)",
                             "report language (default vi)"),
    "cli_help_check_form": ("cho biết biểu mẫu trong một sổ Excel được hiểu thế nào",
                            "say how one workbook's form was understood"),
    "cli_help_file": ("sổ Excel cần xem (.xlsx, .xls, .ods, .csv…)",
                      "the workbook (.xlsx, .xls, .ods, .csv…)"),
}

# --------------------------------------------------------------------------- analysis
# Reasons, progress statuses and methods, completeness statuses.
_ANALYSIS: dict[str, tuple[str, str]] = {
    # Why a value or a comparison is missing (``reason_<code>``).
    "reason_no_data": ("Không có số liệu", "No data"),
    "reason_no_numerator": ("Thiếu tử số", "Numerator missing"),
    "reason_no_denominator": ("Thiếu mẫu số", "Denominator missing"),
    "reason_zero_denominator": ("Mẫu số bằng 0", "Denominator is zero"),
    "reason_no_reports": ("Không đơn vị nào báo cáo", "No unit reported"),
    "reason_no_target": ("Chưa đặt chỉ tiêu", "No target set"),
    "reason_target_zero": (
        "Chỉ tiêu bằng 0, không tính được tỷ lệ đạt",
        "Target is zero: no ratio",
    ),
    "reason_value_zero": ("Giá trị bằng 0, không tính được tỷ lệ đạt", "Value is zero: no ratio"),
    "reason_no_period": ("Không rõ kỳ báo cáo", "Period missing"),
    "reason_missing_component": ("Thiếu số liệu thành phần", "A component is missing"),
    "crosswalk_rows_without_key": (
        "{n} dòng thiếu mã đơn vị, kỳ hoặc mã chỉ tiêu nên không chuyển đổi được và bị bỏ qua; "
        "hãy điền đủ các cột này",
        "{n} row(s) lack a unit code, period or indicator and cannot be carried onto the "
        "new map; they are left out: fill in those columns",
    ),
    "aggregate_no_period": (
        "{n} dòng không có kỳ báo cáo: được cộng riêng (kỳ để trống, lý do: không rõ kỳ), "
        "không tính giá trị; hãy điền kỳ báo cáo cho các dòng này",
        "{n} row(s) without a period are summed apart (empty period, reason no_period) "
        "and given no value; fill in their period",
    ),
    # Progress statuses (``progress_<status>``); sdg-build's keys.
    "progress_target_achieved": ("Đã đạt chỉ tiêu", "Target achieved"),
    "progress_substantial_progress": ("Tiến bộ rõ rệt", "Substantial progress"),
    "progress_moderate_progress": ("Tiến bộ vừa phải", "Moderate progress"),
    "progress_limited_progress": ("Tiến bộ hạn chế", "Limited progress"),
    "progress_deterioration": ("Đi xuống", "Deterioration"),
    "progress_not_available": ("Không tính được", "Not available"),
    "progress_on_track": ("Đúng lộ trình", "On track"),
    "progress_off_track": ("Chậm so với lộ trình", "Off track"),
    "progress_insufficient_data": ("Chưa đủ số liệu", "Insufficient data"),
    # Progress methods (``method_<code>``).
    "method_sdg": (
        "Phương pháp SDG (tốc độ tăng trưởng kép)",
        "SDG method (compound growth rate)",
    ),
    "method_trajectory": (
        "Theo lộ trình (đường thẳng đến chỉ tiêu)",
        "Trajectory (straight line to the target)",
    ),
    # Completeness statuses (``completeness_<status>``).
    "completeness_received": ("Đã nộp", "Received"),
    "completeness_on_time": ("Nộp đúng hạn", "On time"),
    "completeness_late": ("Nộp muộn", "Late"),
    "completeness_missing": ("Chưa nộp", "Missing"),
    "completeness_unexpected": ("Không thuộc diện báo cáo", "Not expected"),
    # Why a report was not expected (``why_<code>``; the UNEXPECTED_REPORT problem).
    "why_unknown_unit": ("mã đơn vị không có trong danh mục", "unit code not in the registry"),
    "why_unit_not_valid": (
        "đơn vị không tồn tại trong kỳ này, ví dụ đã sáp nhập",
        "the unit did not exist in this period, e.g. it was merged",
    ),
    "why_not_in_scope": ("đơn vị ngoài phạm vi kế hoạch", "unit outside the plan's scope"),
    "why_level_not_reporting": (
        "cấp này không phải báo cáo theo kế hoạch",
        "the plan does not ask this level to report",
    ),
    "why_period_not_expected": (
        "kỳ này không có trong lịch báo cáo",
        "the period is not in the reporting calendar",
    ),
}

# --------------------------------------------------------------------------- report
# The batch report, its figures, Excel workbook and HTML page.
_REPORT: dict[str, tuple[str, str]] = {
    # The report: sheet names, headings, column headings, statuses.
    "report_summary_sheet": ("Tổng hợp", "Summary"),
    "report_problems_sheet": ("Lỗi và cảnh báo", "Problems"),
    "report_completeness_sheet": ("Nộp báo cáo", "Completeness"),
    "report_rates_sheet": ("Tỷ lệ nộp báo cáo", "Reporting rates"),
    "report_progress_sheet": ("Tiến độ", "Progress"),
    "report_files_sheet": ("Tệp đã đọc", "Files read"),
    "report_title": (
        "Báo cáo kết quả thực hiện chỉ tiêu phòng ngừa, giảm thiểu lao động trẻ em",
        "Report on the child labour prevention and reduction targets",
    ),
    "report_plan": ("Kế hoạch", "Plan"),
    "report_scope": ("Phạm vi", "Scope"),
    "report_generated": ("Ngày lập", "Generated"),
    "report_files_read": ("Số tệp đã đọc", "Files read"),
    "report_data_rows": ("Số dòng số liệu", "Data rows"),
    "report_errors": ("Lỗi", "Errors"),
    "report_warnings": ("Cảnh báo", "Warnings"),
    "report_ref": ("Ký hiệu", "Ref"),
    "report_label": ("Chỉ tiêu", "Target"),
    "report_indicators": ("Mã chỉ số", "Indicators"),
    "report_indicator_name": ("Tên chỉ số", "Indicator"),
    "report_target_year": ("Năm mục tiêu", "Target year"),
    "report_operator": ("Điều kiện", "Operator"),
    "report_target": ("Mục tiêu", "Target value"),
    "report_period": ("Kỳ báo cáo", "Period"),
    "report_latest_period": ("Kỳ gần nhất", "Latest period"),
    "report_value": ("Giá trị", "Value"),
    "report_status": ("Trạng thái", "Status"),
    "report_gap_pp": ("Chênh lệch (điểm %)", "Gap (pp)"),
    "report_units_met": ("Số đơn vị đạt", "Units meeting it"),
    "report_units_with_data": ("Số đơn vị có số liệu", "Units with data"),
    "report_progress": ("Tiến độ", "Progress"),
    "report_method": ("Phương pháp", "Method"),
    "report_unit_code": ("Mã đơn vị", "Unit code"),
    "report_unit_name": ("Tên đơn vị", "Unit name"),
    "report_level": ("Cấp", "Level"),
    "report_country": ("Cả nước", "Country"),
    "report_province": ("Tỉnh", "Province"),
    "report_district": ("Huyện", "District"),
    "report_commune": ("Xã", "Commune"),
    "report_format": ("Định dạng", "Format"),
    "report_other_sheets": ("Trang tính khác", "Other sheets"),
    "report_form": ("Mẫu biểu", "Form"),
    "report_rows_read": ("Số dòng đọc được", "Rows read"),
    "report_numerator": ("Tử số", "Numerator"),
    "report_denominator": ("Mẫu số", "Denominator"),
    "report_source_text": ("Nguyên văn", "Source sentence"),
    "report_base_year": ("Năm gốc", "Base year"),
    "report_latest_year": ("Năm gần nhất", "Latest year"),
    "report_latest_value": ("Giá trị gần nhất", "Latest value"),
    "report_ratio": ("Hệ số tiến độ", "Progress ratio"),
    "report_score": ("Điểm", "Score"),
    "report_projection": ("Dự báo năm mục tiêu", "Projection at target year"),
    "report_deadline": ("Hạn nộp", "Deadline"),
    "report_n_reports": ("Số báo cáo", "Reports"),
    "report_report_date": ("Ngày báo cáo", "Report date"),
    "report_note": ("Ghi chú", "Note"),
    "report_files": ("Tệp", "Files"),
    "report_parent_code": ("Đơn vị cấp trên", "Parent unit"),
    "report_expected": ("Phải nộp", "Expected"),
    "report_received": ("Đã nộp", "Received"),
    "report_on_time": ("Đúng hạn", "On time"),
    "report_late": ("Muộn", "Late"),
    "report_missing": ("Chưa nộp", "Missing"),
    "report_duplicates": ("Nộp trùng", "Duplicates"),
    "report_unexpected": ("Không thuộc diện", "Unexpected"),
    "report_rate_received": ("Tỷ lệ đã nộp", "Received rate"),
    "report_rate_on_time": ("Tỷ lệ đúng hạn", "On-time rate"),
    "report_rate_complete": ("Tỷ lệ đầy đủ", "Completeness rate"),
    "report_file": ("Tệp", "File"),
    "report_sheet": ("Trang tính", "Sheet"),
    "report_cell": ("Ô", "Cell"),
    "report_indicator": ("Mã chỉ số", "Indicator"),
    "report_code": ("Mã lỗi", "Problem code"),
    "report_severity": ("Mức độ", "Severity"),
    "report_message": ("Nội dung", "Message"),
    "report_detail": ("Chi tiết", "Detail"),
    "report_summary_line": (
        "{files} tệp, {rows} dòng số liệu, {errors} lỗi, {warnings} cảnh báo; {scope}: đạt "
        "{met}/{with_data} chỉ tiêu có số liệu ({targets} chỉ tiêu); báo cáo: {html}",
        "{files} files, {rows} data rows, {errors} errors, {warnings} warnings; {scope}: "
        "{met} of {with_data} targets with data met ({targets} targets); report: {html}",
    ),
    # Codes of the tables, as the report shows them.
    "report_note_unknown_unit": ("Mã đơn vị không có trong danh mục",
                                 "Unit code not in the registry"),
    "report_note_unit_not_valid": ("Đơn vị không tồn tại trong kỳ này (ví dụ đã sáp nhập)",
                                   "The unit did not exist in this period (e.g. merged)"),
    "report_note_not_in_scope": ("Đơn vị ngoài phạm vi kế hoạch", "Unit outside the plan's scope"),
    "report_note_level_not_reporting": ("Cấp này không phải báo cáo theo kế hoạch",
                                        "The plan does not ask this level to report"),
    "report_note_period_not_expected": ("Kỳ này không có trong lịch báo cáo",
                                        "The period is not in the reporting calendar"),
    "report_form_single": ("Mẫu của một đơn vị", "One unit's form"),
    "report_form_consolidated": ("Mẫu tổng hợp nhiều đơn vị", "Consolidated form"),
    "report_status_ok": ("Đọc được", "Read"),
    "report_status_warning": ("Có cảnh báo", "With warnings"),
    "report_status_error": ("Có lỗi", "With errors"),
    "report_status_superseded": ("Đã được thay thế", "Superseded"),
    "report_method_sdg": ("Thước đo tiến độ SDG (Open SDG)",
                          "SDG progress measure (Open SDG)"),
    "report_method_trajectory": ("Lộ trình tuyến tính", "Linear trajectory"),
    "report_parent_name": ("Tên đơn vị cấp trên", "Parent unit name"),
    "report_reports": ("Số báo cáo nhận được", "Reports received"),
    "report_write_failed": (
        "không ghi được {file} ({why}); báo cáo trước đó vẫn còn nguyên.",
        "could not write {file} ({why}); the previous report is unchanged.",
    ),
    "report_busy": (
        "một báo cáo khác đang ghi vào thư mục này ({lock}). Chờ báo cáo đó xong, hoặc xoá "
        "tệp khoá nếu không còn báo cáo nào đang chạy.",
        "another report is writing into this folder ({lock}). Wait for it to finish, or "
        "delete the lock file if no report is running.",
    ),
    "report_rows_shown": (
        "Hiển thị {shown} trên {total} dòng; danh sách đầy đủ trong tệp Excel.",
        "Showing {shown} of {total} rows; the full list is in the Excel file.",
    ),
    "report_target_no_rows": (
        "Không có số liệu: không báo cáo nào đã đọc có chỉ số {codes} với số liệu dùng được.",
        "No data: no report read has usable figures for {codes}."),
    "report_error": ("Lỗi", "Error"),
    "report_warning": ("Cảnh báo", "Warning"),
    "report_info": ("Thông tin", "Information"),
    "report_dashboard": ("Tổng quan tiến độ", "Progress overview"),
    "report_heatmap": ("Kết quả các đơn vị", "Units’ attainment"),
    "report_comparison": ("So sánh các đơn vị theo chỉ tiêu", "Units compared, target by target"),
    "report_completeness": ("Tình hình nộp báo cáo", "Reporting completeness"),
    "report_no_registry": (
        "Không có danh mục đơn vị: không tính được tình hình nộp báo cáo.",
        "No unit registry: reporting completeness was not computed.",
    ),
    "report_problems_more": (
        "Danh sách đầy đủ trong tệp Excel.",
        "The full list is in the Excel file.",
    ),
    "report_none": ("Không có.", "None."),
    # The figures.
    "chart_not_expected": ("Không phải nộp", "Not expected to report"),
    "chart_on_time": ("Đúng hạn", "On time"),
    "chart_late": ("Muộn", "Late"),
    "chart_missing": ("Chưa nộp", "Missing"),
    "chart_unexpected": ("Không thuộc diện báo cáo", "Not expected"),
    "chart_duplicated": ("Số báo cáo nộp trùng", "Reports sent twice or more"),
    "chart_received": ("Đã nộp", "Received"),
    "chart_target": ("Mục tiêu", "Target"),
    "chart_trajectory": ("Lộ trình tuyến tính", "Linear trajectory"),
    "chart_year_series": ("Số liệu cả năm", "Yearly value"),
    "chart_half_series": ("Số liệu 6 tháng", "Half-year value"),
    "chart_value_pct": ("Tỷ lệ (%)", "Rate (%)"),
    "chart_year": ("Năm", "Year"),
    "chart_unit": ("Đơn vị", "Unit"),
    "chart_period": ("Kỳ báo cáo", "Period"),
    "chart_comparison": ("So sánh các đơn vị", "Units compared"),
    "chart_heatmap": ("Kết quả thực hiện các chỉ tiêu", "Attainment of the targets"),
    "chart_completeness": ("Tình hình nộp báo cáo", "Reporting completeness"),
    "chart_completeness_rates": ("Tỷ lệ đơn vị đã nộp báo cáo", "Share of units that reported"),
    "chart_rate_all": ("Đã nộp đủ (100%)", "All reported (100%)"),
    "chart_rate_most": ("Từ 90% đến dưới 100%", "90% to under 100%"),
    "chart_rate_half": ("Từ 50% đến dưới 90%", "50% to under 90%"),
    "chart_rate_few": ("Dưới 50%", "Under 50%"),
    "chart_dashboard": ("Tổng quan", "Overview"),
    "chart_no_rows": ("Không có số liệu để vẽ", "Nothing to plot"),
    "report_by_group": ("Kết quả từng đơn vị, theo đơn vị cấp trên",
                        "Each unit's results, by the unit above it"),
    "chart_others": ("… {n} đơn vị khác", "… {n} other units"),
    "chart_ranking": ("Xếp hạng các đơn vị", "Units ranked"),
}

# --------------------------------------------------------------------------- reader
# Words of the reader and of the forms it reads and writes (problem workbooks
# sent back to clerks; the blank forms' words are in _TEMPLATE).
_READER: dict[str, tuple[str, str]] = {
    # The reader's progress bar (``bar_<key>``).
    "bar_unit": ("tệp", "files"),
    "bar_reading": ("Đọc tệp", "Reading files"),
    "bar_rules": ("Kiểm tra số liệu", "Checking the figures"),
    "problems_sheet_title": ("Các vấn đề", "Problems"),
    "problems_file_prefix": ("van_de", "problems"),
    "problems_repr_head": (
        "{files} tệp, {obs} dòng số liệu, {problems} vấn đề.",
        "{files} files, {obs} observations, {problems} problems.",
    ),
    # check-form: how one workbook was understood
    "check_file": ("Tệp: {value}", "File: {value}"),
    "check_format": ("Định dạng: {value}", "Format: {value}"),
    "check_sheet": ("Trang đã đọc: {value}", "Sheet read: {value}"),
    "check_other_sheets": ("Các trang khác (không có bảng chỉ tiêu hoặc không đọc): {value}",
                           "Other sheets (no indicator table, or not read): {value}"),
    "check_form_single": ("Mẫu biểu: báo cáo của một đơn vị", "Form: one unit's report"),
    "check_form_consolidated": ("Mẫu biểu: tổng hợp nhiều đơn vị (mỗi dòng một đơn vị)",
                                "Form: consolidated (a row per unit)"),
    "check_meta": ("Đơn vị: {unit} {name} · Kỳ báo cáo: {period} · Ngày báo cáo: {date}",
                   "Unit: {unit} {name} · Period: {period} · Report date: {date}"),
    "check_encoding_unicode": ("Bảng mã: Unicode", "Encoding: Unicode"),
    "check_encoding_legacy": ("Bảng mã: {value} (phông cũ), đã chuyển sang Unicode",
                              "Encoding: {value} (legacy font), converted to Unicode"),
    "check_rows": ("Dòng chỉ tiêu đã đọc: {n}", "Indicator rows read: {n}"),
    "check_by_code": ("theo mã", "by its code"),
    "check_by_label": ("theo tên: {value}", "by its label: {value}"),
    "check_row": ("  dòng {row}: {indicator} ({how}) · tử số {num_cell} = {num} · "
                  "mẫu số {den_cell} = {den} · {status}",
                  "  row {row}: {indicator} ({how}) · numerator {num_cell} = {num} · "
                  "denominator {den_cell} = {den} · {status}"),
    "check_problems": ("Vấn đề: {n}", "Problems: {n}"),
    "check_problem": ("  [{severity}] {cell} {message}", "  [{severity}] {cell} {message}"),
    "check_none": ("(không có)", "(none)"),
    "check_verdict_ok": ("Kết luận: đọc được biểu mẫu, không có lỗi.",
                         "Verdict: the form reads, without errors."),
    "check_verdict_errors": ("Kết luận: đọc được biểu mẫu nhưng có {n} lỗi cần sửa.",
                             "Verdict: the form reads, but {n} errors need fixing."),
    "check_verdict_unread": ("Kết luận: không đọc được biểu mẫu.",
                             "Verdict: the form could not be read."),
    # How legacy text was recognised (LEGACY_ENCODING's value, ``legacy_by_<value>``).
    "legacy_by_font": ("theo phông chữ cũ của ô", "by the cells' legacy font"),
    "legacy_by_text": ("theo các ký tự trong ô", "by the characters in the cells"),
}

# --------------------------------------------------------------------------- departments
# Departments as reporting units, owners of targets, tidy exports.
_DEPARTMENTS: dict[str, tuple[str, str]] = {
    "level_department": ("Sở, ban, ngành", "Department"),
    "dept_labour": ("Sở Lao động - Thương binh và Xã hội",
                    "Department of Labour, Invalids and Social Affairs"),
    "dept_education": ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    "dept_health": ("Sở Y tế", "Department of Health"),
    "dept_justice": ("Sở Tư pháp", "Department of Justice"),
    "dept_culture": ("Sở Văn hóa, Thể thao (và Du lịch)",
                     "Department of Culture and Sports (and Tourism)"),
    "dept_tourism": ("Sở Du lịch", "Department of Tourism"),
    "dept_information": ("Sở Thông tin và Truyền thông",
                         "Department of Information and Communications"),
    "dept_home_affairs": ("Sở Nội vụ", "Department of Home Affairs"),
    "dept_finance": ("Sở Tài chính", "Department of Finance"),
    "dept_transport": ("Sở Giao thông vận tải", "Department of Transport"),
    "dept_ethnic": ("Ban Dân tộc tỉnh", "Provincial Committee for Ethnic Affairs"),
    "dept_police": ("Công an tỉnh", "Provincial Police"),
    "dept_court": ("Tòa án nhân dân tỉnh", "Provincial People's Court"),
    "dept_procuracy": ("Viện Kiểm sát nhân dân tỉnh", "Provincial People's Procuracy"),
    "dept_front": ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                   "Provincial Committee of the Viet Nam Fatherland Front"),
    "dept_youth_union": ("Tỉnh đoàn", "Provincial Youth Union"),
    "dept_women_union": ("Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union"),
    "dept_labour_federation": ("Liên đoàn Lao động tỉnh", "Provincial Federation of Labour"),
    "dept_media": ("Đài Phát thanh và Truyền hình tỉnh, báo tỉnh",
                   "Provincial radio, television and newspaper"),
    "dept_col_unit_code": ("Mã đơn vị", "Unit code"),
    "dept_col_unit_name": ("Tên đơn vị", "Unit name"),
    "dept_col_kind": ("Loại cơ quan", "Kind of department"),
    "dept_col_owns": ("Chỉ tiêu phụ trách", "Targets owned"),
    "dept_col_n_owned": ("Số chỉ tiêu phụ trách", "Number of targets owned"),
    "dept_col_periods_reported": ("Kỳ đã báo cáo", "Periods reported"),
    "dept_col_reported": ("Đã báo cáo", "Reported"),
    "dept_col_n_met": ("Số chỉ tiêu đạt", "Targets met"),
    "dept_col_n_not_met": ("Số chỉ tiêu chưa đạt", "Targets not met"),
    "dept_col_n_no_target": ("Số chỉ tiêu chưa đặt ngưỡng", "Targets with no value set"),
    "dept_col_met_all": ("Đạt mọi chỉ tiêu có ngưỡng", "Met every target with a value"),
    "col_kind": ("Loại cơ quan", "Kind of department"),
    "dept_cli_hierarchy": ("Đơn vị hành chính", "Administrative units"),
    "dept_cli_departments": (
        "Sở, ban, ngành (báo cáo riêng, không cộng vào số liệu của địa bàn)",
        "Departments (they report apart; never summed into an area's values)",
    ),
    "dept_cli_export_done": ("Đã ghi {n} tệp vào {path}", "Wrote {n} files to {path}"),
    "dept_section": ("Sở, ban, ngành: chỉ tiêu phụ trách và kết quả",
                     "Departments: the targets they own and their results"),
    "dept_section_note": (
        "Mỗi chỉ tiêu có cơ quan phụ trách được đánh giá trên báo cáo của chính cơ quan đó, "
        "ở kỳ báo cáo gần nhất; số liệu của sở, ban, ngành không cộng vào số liệu của địa bàn.",
        "Each owned target is judged on its owner's own reports, at the latest period it "
        "reported; departments' counts are never added to an area's values.",
    ),
    "dept_sheet": ("Sở ban ngành", "Departments"),
    "dept_none": ("Không có sở, ban, ngành nào trong phạm vi kế hoạch.",
                  "No department in the plan's scope."),
    "dept_col_result": ("Kết quả", "Result"),
    "dept_result_met": ("Đạt mọi chỉ tiêu có ngưỡng", "Met every target with a value"),
    "dept_result_not_met": ("Chưa đạt ít nhất một chỉ tiêu", "Missed at least one target"),
    "dept_result_no_target": ("Đã báo cáo, không có chỉ tiêu có ngưỡng để đánh giá",
                              "Reported; no target with a value to judge"),
    "dept_result_no_data": ("Chưa gửi báo cáo", "Sent no report"),
    # Data dictionary of the tidy exports: one description per column name,
    # or per table and column where a name means different things.
    "exp_unit_code": ("Mã đơn vị báo cáo (văn bản, giữ số 0 ở đầu)",
                      "Reporting unit's code (text, leading zeros kept)"),
    "exp_unit_name": ("Tên đơn vị", "Unit name"),
    "exp_level": ("Cấp của đơn vị", "Unit's level"),
    "exp_parent_code": ("Mã đơn vị cấp trên (hoặc địa bàn mà sở, ngành phục vụ)",
                        "Parent unit's code (or the area a department serves)"),
    "exp_period": ("Kỳ báo cáo: năm (2024) hoặc 6 tháng (2024H1, 2024H2)",
                   "Reporting period: a year (2024) or a half (2024H1, 2024H2)"),
    "exp_indicator": ("Mã chỉ số (CL01–CL13)", "Indicator code (CL01–CL13)"),
    "exp_indicators": ("Các mã chỉ số của chỉ tiêu, nối bằng '+'",
                       "The target's indicator codes, joined by '+'"),
    "exp_numerator": ("Tử số: số đếm được báo cáo", "Numerator: the count reported"),
    "exp_denominator": ("Mẫu số: tổng số được báo cáo", "Denominator: the total reported"),
    "exp_status_observations": ("Trạng thái của dòng số liệu", "Status of the data row"),
    "exp_status_attainment": ("Kết quả so với chỉ tiêu", "Result against the target"),
    "exp_status_progress": ("Đánh giá tiến độ", "Progress assessment"),
    "exp_status_completeness": ("Tình trạng báo cáo", "Report status"),
    "exp_report_date": ("Ngày báo cáo", "Report date"),
    "exp_source_file": ("Tệp nguồn", "Source file"),
    "exp_sheet": ("Trang tính nguồn", "Source sheet"),
    "exp_numerator_cell": ("Ô của tử số trong tệp nguồn", "Cell of the numerator in the source"),
    "exp_denominator_cell": ("Ô của mẫu số trong tệp nguồn",
                             "Cell of the denominator in the source"),
    "exp_row": ("Số dòng trong trang tính nguồn", "Row number in the source sheet"),
    "exp_form": ("Loại biểu mẫu", "Kind of form"),
    "exp_label_match": (
        "Nhãn chỉ tiêu đọc được trên biểu ≈ tên chỉ tiêu khớp với nó (độ khớp; vì sao: "
        "catalogue, alias, lexicon, confirmed hoặc assignment và căn cứ)",
        "The indicator label read on the form ≈ the indicator text it matched (score; why: "
        "catalogue, alias, lexicon, confirmed, or assignment and its evidence)",
    ),
    "exp_ref": ("Số hiệu chỉ tiêu trong kế hoạch", "Target's reference in the plan"),
    "exp_label": ("Tên chỉ tiêu", "Target's label"),
    "exp_target_year": ("Năm của chỉ tiêu", "Target year"),
    "exp_direction": ("Chiều tốt: tăng hay giảm", "Good direction: increase or decrease"),
    "exp_value": ("Giá trị chỉ số (tổng tử số / tổng mẫu số × 100)",
                  "Indicator value (sum of numerators / sum of denominators × 100)"),
    "exp_operator": ("Phép so sánh của chỉ tiêu", "The target's comparison"),
    "exp_target": ("Ngưỡng của chỉ tiêu", "The target's value"),
    "exp_met": ("Đạt chỉ tiêu", "Target met"),
    "exp_gap_pp": ("Khoảng cách tới chỉ tiêu (điểm phần trăm, dương là vượt)",
                   "Distance to the target (percentage points, positive is beyond)"),
    "exp_pct_of_target": ("Phần trăm so với chỉ tiêu", "Percent of the target"),
    "exp_reason": ("Lý do không có giá trị", "Why there is no value"),
    "exp_method": ("Phương pháp đánh giá tiến độ", "Progress method"),
    "exp_base_year": ("Năm gốc", "Base year"),
    "exp_latest_year": ("Năm gần nhất có số liệu", "Latest year with data"),
    "exp_latest_value": ("Giá trị năm gần nhất", "Latest value"),
    "exp_ratio": ("Tỷ số tiến độ", "Progress ratio"),
    "exp_score": ("Điểm tiến độ", "Progress score"),
    "exp_projection": ("Giá trị dự báo ở năm chỉ tiêu", "Projected value in the target year"),
    "exp_cagr_observed": ("Tốc độ thay đổi bình quân đã đạt", "Observed average rate of change"),
    "exp_cagr_required": ("Tốc độ thay đổi bình quân cần có", "Required average rate of change"),
    "exp_n_years": ("Số năm có số liệu", "Years with data"),
    "exp_expected_progress": ("Giá trị cần đạt theo lộ trình", "Value expected on the trajectory"),
    "exp_gap": ("Chênh lệch so với lộ trình", "Gap to the trajectory"),
    "exp_deadline": ("Hạn báo cáo theo lịch của kế hoạch, theo cấp của đơn vị",
                     "Deadline of the plan's calendar for the unit's level"),
    "exp_expected": ("Đơn vị phải báo cáo kỳ này", "The unit is expected to report"),
    "exp_n_reports": ("Số tệp báo cáo nhận được", "Report files received"),
    "exp_received": ("Đã nhận báo cáo", "Report received"),
    "exp_on_time": ("Đúng hạn", "On time"),
    "exp_late": ("Muộn", "Late"),
    "exp_missing": ("Thiếu báo cáo", "Report missing"),
    "exp_duplicated": ("Nhận hơn một tệp", "More than one file received"),
    "exp_unexpected": ("Báo cáo không được yêu cầu", "Report not expected"),
    "exp_note": ("Vì sao báo cáo không được yêu cầu", "Why the report was not expected"),
    "exp_files": ("Các tệp nhận được, nối bằng ';'", "Files received, joined by ';'"),
    "exp_owner": ("Người phụ trách chỉ tiêu (mã đơn vị hoặc loại cơ quan)",
                  "Owner of the target (a unit code or a department kind)"),
    "exp_other": ("Cột khác (không cam kết giữ ổn định)", "Other column (not kept stable)"),
    "export_no_pyarrow": (
        "Không ghi được tệp Parquet {path}: thiếu gói pyarrow. Cài bằng "
        "'pip install childlabour-metrics[parquet]' hoặc xuất CSV (format='csv').",
        "Cannot write the Parquet file {path}: the pyarrow package is missing. Install it "
        "with 'pip install childlabour-metrics[parquet]' or export CSV (format='csv').",
    ),
    "export_unknown_table": (
        "Không có bảng '{table}' để xuất; các bảng được xuất: {known}.",
        "There is no table '{table}' to export; the tables exported are: {known}.",
    ),
    "export_missing_columns": (
        "Bảng '{table}' thiếu cột {columns}; hãy truyền bảng do thư viện tạo ra.",
        "Table '{table}' lacks column(s) {columns}; pass the table the library made.",
    ),
}

# --------------------------------------------------------------------------- template
# The blank report forms (output/template.py and its parts): every word they write,
# and the messages about the unit a form is written for.
_TEMPLATE: dict[str, tuple[str, str]] = {
    # The report form the template writes (``template_<key>``).
    "template_title": (
        "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÒNG NGỪA, GIẢM THIỂU LAO ĐỘNG TRẺ EM",
        "REPORT ON THE CHILD LABOUR PREVENTION AND REDUCTION INDICATORS",
    ),
    "template_unit_code": ("Mã đơn vị:", "Unit code:"),
    "template_unit_name": ("Tên đơn vị:", "Unit name:"),
    "template_period": ("Kỳ báo cáo:", "Reporting period:"),
    "template_date": ("Ngày báo cáo:", "Report date:"),
    "template_sender": ("Đơn vị báo cáo:", "Unit name:"),
    "template_stt": ("STT", "No."),
    "template_code": ("Mã chỉ tiêu", "Code"),
    "template_name": ("Chỉ tiêu", "Indicator"),
    "template_uom": ("Đơn vị tính", "Unit of measure"),
    "template_result": ("Kết quả thực hiện", "Result"),
    "template_num": ("Tử số", "Numerator"),
    "template_den": ("Mẫu số", "Denominator"),
    "template_rate": ("Tỷ lệ (%)", "Rate (%)"),
    "template_note": ("Ghi chú", "Remarks"),
    "template_unit_col": ("Mã đơn vị", "Unit code"),
    "template_unit_name_col": ("Tên đơn vị", "Unit name"),
    "template_total": ("Tổng cộng", "Total"),
    "template_preparer": ("Người lập biểu", "Prepared by"),
    "template_head": ("Thủ trưởng đơn vị", "Head of unit"),
    "template_preparer_sign": ("(Ký, ghi rõ họ tên)", "(Signature, full name)"),
    "template_head_sign": ("(Ký tên, đóng dấu)", "(Signature and seal)"),
    "template_sheet": ("Báo cáo", "Report"),
    "template_error_title": ("Số liệu không hợp lệ", "Invalid figure"),
    "template_error": (
        "Chỉ nhập số nguyên không âm (0, 1, 2, ...). "
        "Để trống ô nếu chưa có số liệu; không ghi 0 thay cho ô trống.",
        "Enter a whole number of at least 0 (0, 1, 2, ...). "
        "Leave the cell blank when there is no figure; do not write 0 for a blank.",
    ),
    "template_date_error": (
        "Nhập ngày báo cáo theo dạng ngày/tháng/năm, ví dụ 10/06/2024.",
        "Enter the report date as day/month/year, e.g. 10/06/2024.",
    ),
    "template_prompt_num": ("Tử số", "Numerator"),
    "template_prompt_den": ("Mẫu số", "Denominator"),
    "template_plan": ("Theo {plan}", "Under {plan}"),
    # Objectives of the programme, as the form groups indicators (``objective_<n>``).
    "objective_1": ("Phòng ngừa, hỗ trợ, can thiệp", "Prevention, support and intervention"),
    "objective_2": ("Truyền thông, nâng cao nhận thức", "Communication and awareness"),
    "objective_3": ("Tập huấn, nâng cao năng lực", "Training and capacity building"),
    # Units of measure of the counts (``uom_<kind>``).
    "uom_child": ("Trẻ em", "children"),
    "uom_person": ("Người", "persons"),
    "uom_establishment": ("Cơ sở", "establishments"),
    # Words the writer puts only on the sample generator's variants of the form
    # (``_Layout``): the clerk's notes sheet and the lines a clerk adds above the table.
    "template_notes_sheet": ("Ghi chú", "Notes"),
    "template_notes_title": ("Ghi chú của cán bộ lập biểu", "Preparer's notes"),
    "template_notes_text": (
        "Số liệu lấy từ sổ theo dõi trẻ em của địa phương, cập nhật đến cuối kỳ.",
        "Figures are taken from the local child register at the end of the period.",
    ),
    "template_clerk_line_1": ("(Số liệu do cán bộ văn hóa - xã hội tổng hợp)",
                              "(Figures compiled by the social affairs officer)"),
    "template_clerk_line_2": ("Đơn vị: người, cơ sở", "In persons or establishments"),
    # The consolidated form (one row per unit) a district office sends up.
    "template_consolidated_title": (
        "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÒNG NGỪA, GIẢM THIỂU LAO ĐỘNG TRẺ EM",
        "CONSOLIDATED CHILD LABOUR INDICATORS",
    ),
    "template_consolidated_sheet": ("Tổng hợp", "Consolidated"),
    # The unit a form is written for, resolved through a registry (issue 23).
    "registry_official": (
        "danh mục đơn vị hành chính chính thức (clm.official_units())",
        "the official registry of administrative units (clm.official_units())",
    ),
    "template_unit_matched": (
        '"{typed}" → {name} ({code}): tên khớp gần đúng trong {file}; hãy kiểm tra đúng '
        "đơn vị trước khi gửi biểu mẫu.",
        '"{typed}" → {name} ({code}): a loose match of the name in {file}; check that it '
        "is the right unit before sending the form.",
    ),
    "err_template_unknown_unit": (
        '{file}: "{code}" không phải mã hay tên của đơn vị nào tồn tại trong kỳ {period}; '
        "kiểm tra lại mã hoặc tên. Sở, ngành hay đơn vị không có trong danh mục chính thức: "
        "đưa danh mục đơn vị của mình (units=..., --units).",
        '{file}: "{code}" is neither the code nor the name of a unit that existed in period '
        "{period}; check the code or the name. For a department or a unit the official "
        "registry lacks, give your own unit registry (units=..., --units).",
    ),
    "err_template_unit_outside_plan": (
        '{file}: tên "{code}" không khớp đơn vị nào trong phạm vi kế hoạch {plan}, chỉ khớp '
        "đơn vị ngoài phạm vi: {candidates}; chọn đơn vị trong phạm vi kế hoạch, hoặc ghi mã "
        "đơn vị.",
        '{file}: the name "{code}" matches no unit within the scope of plan {plan}, only '
        "units outside it: {candidates}; choose a unit within the plan's scope, or give the "
        "unit code.",
    ),
    "err_template_name_mismatch": (
        '{file}: tên đơn vị "{name}" (unit_name) không phải tên của đơn vị {code} '
        '("{registry_name}"); bỏ unit_name để dùng tên trong danh mục, hoặc kiểm tra mã.',
        '{file}: the unit name "{name}" (unit_name) is not the name of unit {code} '
        '("{registry_name}"); leave unit_name out to use the registry\'s name, or check '
        "the code.",
    ),
    # The command line's words for the form's unit (template, check-form).
    "template_cli_notice": ("lưu ý", "note"),
    "check_registry": ("Danh mục đơn vị: {value}", "Unit registry: {value}"),
    "cli_help_units_check": (
        "danh mục đơn vị để kiểm tra mã đơn vị của biểu mẫu (mặc định: danh mục chính "
        "thức, clm.official_units())",
        "unit registry to check the form's unit code against (default: the official "
        "registry, clm.official_units())",
    ),
}

# Messages of the library's exceptions (plan files, unit registries, periods).
# ``{at}`` is where in a file: its path, with the TOML table and its number
# ("plan.toml, [[targets]] #3"); values ({codes}, {operators}) are shown as
# given, the same in both languages.  Each message says what to do.
_ERRORS: dict[str, tuple[str, str]] = {
    # Plan files (plans.py).
    "err_plan_unknown": (
        "không có kế hoạch {value}: không phải mã kế hoạch có sẵn ({known}) và cũng không "
        "phải tệp kế hoạch; kiểm tra mã hoặc đường dẫn tệp.",
        "unknown plan {value}: neither a bundled plan id ({known}) nor an existing plan "
        "file; check the id or the file's path.",
    ),
    "err_plan_bad_toml": (
        "{file}, dòng {line}, cột {column}: không phải tệp kế hoạch TOML hợp lệ (thiếu dấu "
        "ngoặc, dấu nháy hoặc dấu bằng?); sửa chỗ này rồi chạy lại.",
        "{file}, line {line}, column {column}: not a valid TOML plan file (a missing bracket, "
        "quote or equals sign?); fix that place and run again.",
    ),
    "err_plan_unknown_keys": (
        "{at}: khóa không hợp lệ {keys}; tệp kế hoạch chỉ dùng các khóa {allowed}. "
        'Kiểm tra lỗi gõ (ví dụ "[[target]]" thay cho "[[targets]]"), sửa rồi chạy lại.',
        "{at}: unknown key(s) {keys}; a plan file uses only {allowed}. Check for a typo "
        '(such as "[[target]]" for "[[targets]]"), fix it and run again.',
    ),
    "err_plan_type_str": (
        '{at}: trường "{field}" phải là văn bản, không phải {value}; sửa rồi chạy lại.',
        '{at}: the field "{field}" must be text, not {value}; fix it and run again.',
    ),
    "err_plan_type_int": (
        '{at}: trường "{field}" phải là số nguyên, không phải {value}; sửa rồi chạy lại.',
        '{at}: the field "{field}" must be a whole number, not {value}; fix it and run again.',
    ),
    "err_plan_type_int_float": (
        '{at}: trường "{field}" phải là số, không phải {value}; sửa rồi chạy lại.',
        '{at}: the field "{field}" must be a number, not {value}; fix it and run again.',
    ),
    "err_plan_type_str_list": (
        '{at}: trường "{field}" phải là văn bản hoặc danh sách, không phải {value}; '
        "sửa rồi chạy lại.",
        '{at}: the field "{field}" must be text or a list, not {value}; fix it and run again.',
    ),
    "err_plan_type_list": (
        '{at}: trường "{field}" phải là danh sách, không phải {value}; sửa rồi chạy lại.',
        '{at}: the field "{field}" must be a list, not {value}; fix it and run again.',
    ),
    "err_plan_missing_field": (
        '{at}: thiếu trường "{field}"; hãy bổ sung rồi chạy lại.',
        '{at}: the field "{field}" is missing; add it and run again.',
    ),
    "err_plan_no_targets": (
        '{at}: kế hoạch không có chỉ tiêu nào ("[[targets]]"); cần ít nhất một chỉ tiêu.',
        '{at}: the plan has no targets ("[[targets]]"); add at least one.',
    ),
    "err_plan_target_not_table": (
        '{at}: mỗi chỉ tiêu phải là một bảng "[[targets]]"; sửa rồi chạy lại.',
        '{at}: each target must be a "[[targets]]" table; fix it and run again.',
    ),
    "err_plan_year_outside": (
        "{at} ({label}): năm {year} nằm ngoài thời gian của kế hoạch ({start}–{end}); "
        "sửa năm của chỉ tiêu.",
        "{at} ({label}): the year {year} is outside the plan ({start}–{end}); correct the "
        "target's year.",
    ),
    "err_plan_unknown_indicators": (
        "{at} ({label}): mã chỉ số không hợp lệ {codes}; dùng các mã {known}.",
        "{at} ({label}): unknown indicator code(s) {codes}; use the codes {known}.",
    ),
    "err_plan_mixed_directions": (
        "{at} ({label}): các chỉ số {codes} không cùng chiều tốt (tăng hay giảm); "
        "tách thành các chỉ tiêu riêng.",
        "{at} ({label}): the indicators {codes} do not share a direction (increase or "
        "decrease); split them into separate targets.",
    ),
    "err_plan_operator_value": (
        '{at} ({label}): cần có cả "operator" và "value", hoặc không có cả hai; '
        'thêm "{field}" hoặc bỏ trường còn lại.',
        '{at} ({label}): give both "operator" and "value", or neither; add "{field}" or '
        "remove the other one.",
    ),
    "err_plan_bad_operator": (
        "{at} ({label}): phép so sánh {operator} không hợp lệ; dùng một trong {operators}.",
        "{at} ({label}): the operator {operator} is not one of {operators}; use one of them.",
    ),
    "err_plan_value_not_number": (
        "{at} ({label}): ngưỡng {value} không phải là số; ghi ngưỡng bằng số, ví dụ 90.",
        "{at} ({label}): the value {value} is not a number; write it as a number, e.g. 90.",
    ),
    "err_plan_duplicate_targets": (
        '{file}: "{field}" của chỉ tiêu bị trùng: {values}; mỗi chỉ tiêu cần một "{field}" '
        "riêng.",
        '{file}: the target "{field}" {values} is used twice; each target needs its own.',
    ),
    "err_plan_bad_period": (
        "{at}: kỳ {value} không hợp lệ; dùng một trong {kinds}.",
        "{at}: the period {value} is not one of {kinds}; use one of them.",
    ),
    "err_plan_bad_deadline": (
        "{at}: hạn nộp {value} không đúng dạng tháng-ngày (MM-DD), ví dụ 06-15; sửa rồi "
        "chạy lại.",
        "{at}: the deadline {value} is not month-day (MM-DD), e.g. 06-15; fix it and run "
        "again.",
    ),
    "err_plan_bad_level": (
        "{at}: cấp {value} không hợp lệ; dùng một trong {levels}.",
        "{at}: the level {value} is not one of {levels}; use one of them.",
    ),
    "err_plan_bad_unit_kind": (
        "{at}: loại cơ quan {value} không hợp lệ; dùng một trong {kinds}.",
        "{at}: the department kind {value} is not one of {kinds}; use one of them.",
    ),
    "err_plan_bad_npa": (
        '{at} ({owner}): "npa_indicators" phải là các số nguyên, không phải {value}; '
        "sửa rồi chạy lại.",
        '{at} ({owner}): "npa_indicators" must be whole numbers, not {value}; fix it and '
        "run again.",
    ),
    "err_plan_unknown_levels": (
        "{file}: cấp không hợp lệ {levels}; dùng một trong {allowed}.",
        "{file}: unknown level(s) {levels}; use one of {allowed}.",
    ),
    "err_plan_end_before_start": (
        '{file}: năm kết thúc {end} trước năm bắt đầu {start}; sửa "start" hoặc "end".',
        '{file}: the end year {end} is before the start year {start}; correct "start" or '
        '"end".',
    ),
    "err_plan_no_target_year": (
        "{plan} không đặt chỉ tiêu nào cho năm {year}; các năm có chỉ tiêu: {years}. "
        "Chọn một trong các năm đó.",
        "{plan} sets no target for {year}; its target years are {years}. Choose one of "
        "those years.",
    ),
    # Unit registries (units.py, and the template's checks of a unit).
    "err_units_unreadable": (
        "{file}: không đọc được danh mục đơn vị ({detail}); mở tệp, lưu lại dạng CSV "
        "UTF-8 hoặc .xlsx rồi chạy lại.",
        "{file}: the unit registry cannot be read ({detail}); open it, save it as CSV "
        "UTF-8 or .xlsx and run again.",
    ),
    "err_units_bad_line": (
        "{file}, dòng {line}: số cột khác với dòng tiêu đề (thừa dấu phẩy hoặc dấu ngoặc "
        "kép?; đọc theo {read_as}). Sửa dòng này rồi chạy lại.",
        "{file}, line {line}: the number of fields differs from the header row (a stray "
        "comma or quote?; read as {read_as}). Fix that line and run again.",
    ),
    "err_units_missing_columns": (
        "{file}: thiếu cột {columns}; danh mục cần các cột {expected} (cột tìm thấy: "
        "{found}).",
        "{file}: missing column(s) {columns}; a registry has the columns {expected} "
        "(columns found: {found}).",
    ),
    "err_units_bad_level": (
        '{file}: cấp ("level") không hợp lệ ở đơn vị {codes} (ghi là {found}); dùng một '
        "trong {levels}.",
        '{file}: unknown level ("level") for unit(s) {codes} (written {found}); use one of '
        "{levels}.",
    ),
    "err_units_bad_date": (
        '{file}: không đọc được "{field}" của đơn vị {codes}; ghi ngày dạng YYYY-MM-DD, '
        "ví dụ 2025-07-01.",
        '{file}: unreadable "{field}" for unit(s) {codes}; write dates as YYYY-MM-DD, '
        "e.g. 2025-07-01.",
    ),
    "err_units_department_parent": (
        '{file}: sở, ban, ngành {codes} cần "parent_code" là mã của một đơn vị cấp '
        "{levels} (địa bàn mà cơ quan phục vụ).",
        '{file}: department(s) {codes} need a "parent_code" of a {levels} (the area the '
        "department serves).",
    ),
    "err_units_department_kind": (
        "{file}: loại cơ quan không hợp lệ ở {codes}; dùng một trong {kinds} hoặc để trống.",
        "{file}: unknown kind for department(s) {codes}; use one of {kinds} or leave it "
        "blank.",
    ),
    "err_units_empty_code": (
        "{file}: mã đơn vị để trống ở dòng {rows}; điền mã cho từng dòng.",
        "{file}: empty code on row(s) {rows}; give every row a code.",
    ),
    "err_units_duplicate": (
        "{file}: mã {codes} bị trùng với thời gian hiệu lực chồng lên nhau; mỗi đơn vị "
        'cần mã riêng, hoặc ghi "valid_from"/"valid_to" không chồng nhau cho các dòng '
        "cùng mã.",
        "{file}: duplicate code(s) {codes} with overlapping validity; each unit needs its "
        'own code, or give the rows sharing a code "valid_from"/"valid_to" dates that do '
        "not overlap.",
    ),
    "err_units_unknown_parent": (
        "{file}: mã đơn vị cấp trên không có trong danh mục: {pairs}; thêm đơn vị cấp "
        "trên hoặc sửa mã.",
        "{file}: unknown parent code(s): {pairs}; add the parent unit or correct the code.",
    ),
    "err_units_cycle": (
        "{file}: các đơn vị {codes} là cấp trên của nhau theo vòng; sửa mã cấp trên.",
        "{file}: cycle in parents among unit(s) {codes}; correct their parent codes.",
    ),
    "err_units_parent_not_above": (
        "{file}: đơn vị cấp trên không ở cấp cao hơn: {pairs}; sửa cấp hoặc mã cấp trên.",
        "{file}: parent not above child: {pairs}; correct the level or the parent code.",
    ),
    "err_units_dates_reversed": (
        '{file}: "valid_to" trước "valid_from" ở đơn vị {codes}; sửa các ngày này.',
        '{file}: "valid_to" before "valid_from" for {codes}; correct these dates.',
    ),
    "err_units_unknown_unit": (
        '{file}: mã đơn vị "{code}" không có trong danh mục đơn vị; kiểm tra mã.',
        '{file}: unit code "{code}" is not in the unit registry; check the code.',
    ),
    "err_units_unknown_unit_hint": (
        '{file}: mã đơn vị "{code}" không có trong danh mục đơn vị. Có phải là "{hint}"?',
        '{file}: unit code "{code}" is not in the unit registry. Did you mean "{hint}"?',
    ),
    "err_units_unit_not_valid": (
        '{file}: đơn vị "{code}" không tồn tại trong kỳ {period} theo danh mục (đã sáp '
        "nhập?); biểu mẫu này sẽ bị từ chối khi đọc. Chọn đơn vị mới hoặc kỳ khác.",
        '{file}: unit "{code}" did not exist in period {period} per the registry '
        "(merged?); the reader would reject this form. Choose the new unit or another "
        "period.",
    ),
    "err_units_ambiguous": (
        '{file}: tên đơn vị "{name}" khớp với {n} đơn vị: {candidates}. Hãy ghi mã đơn vị.',
        '{file}: unit name "{name}" matches {n} units: {candidates}. Give the unit code '
        "instead.",
    ),
    # Periods (periods.py).
    "err_period_not_a_period": (
        "{value} không phải là kỳ báo cáo: ghi ví dụ 2024H1, 2024H2 hoặc 2024.",
        "{value} is not a reporting period: write e.g. 2024H1, 2024H2 or 2024.",
    ),
    "err_period_year": (
        "năm {value} nằm ngoài khoảng 1900–2200; kiểm tra năm của kỳ báo cáo.",
        "the year {value} is out of range (1900–2200); check the period's year.",
    ),
    "err_period_half": (
        "nửa năm {value} không hợp lệ: dùng 1, 2 hoặc để trống (cả năm).",
        "the half {value} is not valid: use 1, 2 or none (the whole year).",
    ),
    # Crosswalks of unit codes (crosswalk.py).
    "err_crosswalk_missing_columns": (
        "{file}: thiếu cột {columns}; bảng chuyển đổi mã cần các cột {expected}.",
        "{file}: missing column(s) {columns}; a crosswalk has the columns {expected}.",
    ),
    "err_crosswalk_bad_date": (
        '{file}: không đọc được "effective_date" của mã cũ {codes}; ghi ngày dạng '
        "YYYY-MM-DD.",
        '{file}: unreadable "effective_date" for old code(s) {codes}; write dates as '
        "YYYY-MM-DD.",
    ),
    "err_crosswalk_empty_code": (
        '{file}: "old_code" để trống ở dòng {rows}; điền mã cũ cho từng dòng.',
        '{file}: empty "old_code" on row(s) {rows}; give every row its old code.',
    ),
    "err_crosswalk_bad_weight": (
        '{file}: "weight" của mã cũ {codes} không phải là số từ 0 đến 1; sửa tỷ lệ.',
        '{file}: the "weight" of old code(s) {codes} is not a number from 0 to 1; correct '
        "the shares.",
    ),
    "err_crosswalk_weights_sum": (
        "{file}: mã cũ được chia cho nhiều đơn vị mới với tỷ lệ có tổng khác 1: {sums}; "
        'ghi tỷ lệ của từng đơn vị mới ở cột "weight" sao cho tổng của một mã cũ trong '
        "một ngày bằng 1.",
        "{file}: old code(s) split between several successors with weights that do not "
        'sum to 1: {sums}; give each successor\'s share in a "weight" column so that the '
        "shares of one old unit on one day add up to 1.",
    ),
    "err_crosswalk_cycle": (
        "{file}: bảng chuyển đổi mã có vòng lặp giữa các mã {codes}: các bước không có "
        "ngày quay lại một mã đã đi qua; ghi ngày hiệu lực cho các bước hoặc bỏ một bước.",
        "{file}: cycle in the crosswalk among code(s) {codes}: undated steps lead back to "
        "a code already passed; give the steps effective dates or remove one.",
    ),
    "err_crosswalk_split": (
        "{file}: đơn vị được chia cho nhiều đơn vị mới: {codes}; dùng resolve_weights hoặc "
        "crosswalk, là các hàm chia số liệu theo tỷ lệ.",
        "{file}: unit(s) split between several successors: {codes}; use resolve_weights "
        "or crosswalk, which share their counts by weight.",
    ),
    "err_crosswalk_no_valid_row": (
        "{file}: mã đơn vị không có dòng nào trong danh mục còn hiệu lực trong kỳ: {pairs}; "
        "kiểm tra mã và kỳ, hoặc ngày hiệu lực trong danh mục.",
        "{file}: unit code(s) with no registry row valid in the period: {pairs}; check "
        "the code and the period, or the registry's validity dates.",
    ),
    "err_crosswalk_no_valid_row_unknown": (
        "{file}: mã đơn vị không có dòng nào trong danh mục còn hiệu lực trong kỳ: {pairs}; "
        "không có trong danh mục: {unknown}; kiểm tra mã và kỳ, hoặc ngày hiệu lực trong "
        "danh mục.",
        "{file}: unit code(s) with no registry row valid in the period: {pairs}; not in "
        "the registry at all: {unknown}; check the code and the period, or the registry's "
        "validity dates.",
    ),
    "err_crosswalk_old_not_valid": (
        '{file}: "old_code" {codes} không còn hiệu lực trong danh mục vào ngày trước bước '
        'chuyển đổi; kiểm tra mã, "effective_date" và ngày hiệu lực trong danh mục.',
        '{file}: "old_code" {codes} not valid the day before the step in the registry; '
        'check the code, the "effective_date" and the registry\'s validity dates.',
    ),
    "err_crosswalk_new_not_valid": (
        '{file}: "new_code" {codes} chưa có hiệu lực trong danh mục vào ngày của bước '
        'chuyển đổi; kiểm tra mã, "effective_date" và ngày hiệu lực trong danh mục.',
        '{file}: "new_code" {codes} not valid on the step\'s day in the registry; check '
        'the code, the "effective_date" and the registry\'s validity dates.',
    ),
    # Exports (export.py; its other messages are the ``export_`` words).
    "err_export_format": (
        "định dạng xuất không hợp lệ {formats}; dùng {known}.",
        "unknown export format(s) {formats}; use {known}.",
    ),
    # Wrong arguments or tables given to a function (errors.InputError).
    "err_input_bad_lang": (
        'ngôn ngữ {value} không hợp lệ: "lang" phải là "vi" hoặc "en".',
        'the language {value} is not supported: "lang" must be "vi" or "en".',
    ),
    "err_input_bad_level": (
        "cấp {value} không hợp lệ; dùng một trong {levels}.",
        "the level {value} is not one of {levels}; use one of them.",
    ),
    "err_input_from_level_above": (
        'cấp gốc {from_level} cao hơn cấp tổng hợp {level}; chọn "from_level" thấp hơn '
        '"level".',
        'the level summed from, {from_level}, is above the level {level}; choose a '
        '"from_level" below "level".',
    ),
    "err_input_needs_units": (
        'chọn cấp {level} cần có danh mục đơn vị: truyền "units=...".',
        'choosing the level {level} needs a unit registry: pass "units=...".',
    ),
    "err_input_owned_level": (
        "chỉ tiêu có cơ quan phụ trách được tính trên báo cáo của chính cơ quan đó; "
        'bỏ "level=".',
        "owned targets use their owners' own reports; do not pass \"level=\".",
    ),
    "err_input_no_such_path": (
        "không có tệp hoặc thư mục: {paths}; kiểm tra lại đường dẫn.",
        "no such file or folder: {paths}; check the path.",
    ),
    "err_input_bad_method": (
        "phương pháp {value} không hợp lệ; dùng một trong {allowed}.",
        "the method {value} is not one of {allowed}; use one of them.",
    ),
    "err_input_bad_direction": (
        "chiều {value} không hợp lệ; dùng một trong {allowed}.",
        "the direction {value} is not one of {allowed}; use one of them.",
    ),
    "err_input_bad_operator": (
        "phép so sánh {value} không hợp lệ; dùng một trong {allowed}.",
        "the operator {value} is not one of {allowed}; use one of them.",
    ),
    "err_input_bad_status": (
        "trạng thái tiến độ {value} không hợp lệ; dùng một trong {allowed}.",
        "the progress status {value} is not one of {allowed}; use one of them.",
    ),
    "err_input_lengths_differ": (
        "có {years} năm nhưng {values} giá trị; cho mỗi năm đúng một giá trị.",
        "{years} years but {values} values; give exactly one value per year.",
    ),
    "err_input_duplicate_year": (
        "năm {year} có hơn một giá trị; mỗi năm chỉ giữ một giá trị.",
        "duplicate value for year {year}; keep one value per year.",
    ),
    "err_input_bad_source": (
        "cần một bảng số liệu, danh sách tệp hoặc kết quả đọc (có \"observations\"), "
        "không phải {value}.",
        'expected a table of observations, a list of files or a read result (with '
        '"observations"), not {value}.',
    ),
    "err_input_missing_columns": (
        "bảng thiếu cột {columns}; bảng cần các cột {expected}.",
        "the table lacks the column(s) {columns}; it needs the columns {expected}.",
    ),
    "err_input_fractional_counts": (
        "cột {column} có số đếm không nguyên; số đếm phải là số nguyên, hãy sửa lại.",
        "the column {column} holds counts with a fraction; counts are whole numbers: "
        "correct them.",
    ),
    "err_input_unknown_indicator": (
        "mã chỉ số không hợp lệ {codes}; dùng một trong {known}.",
        "unknown indicator code(s) {codes}; use one of {known}.",
    ),
    "err_input_unknown_target": (
        "{value} không phải chỉ tiêu của kế hoạch {plan} cũng không phải mã chỉ số; "
        "dùng một trong {known}.",
        "{value} is neither a target of plan {plan} nor an indicator code; use one of "
        "{known}.",
    ),
    "err_input_chart_columns": (
        'bảng cần các cột "numerator" và "denominator" (hoặc "value" với một chỉ số); '
        "bổ sung rồi vẽ lại.",
        'the table needs the columns "numerator" and "denominator" (or "value", for a '
        "single indicator); add them and draw again.",
    ),
    "err_input_bad_day": (
        "không đọc được ngày {value}; ghi ngày dạng YYYY-MM-DD, ví dụ 2025-07-01.",
        "cannot read the day {value}; write it as YYYY-MM-DD, e.g. 2025-07-01.",
    ),
    "err_input_bad_basis": (
        "cách chia {value} không hợp lệ; dùng một trong {allowed}.",
        "the basis {value} is not one of {allowed}; use one of them.",
    ),
    "err_input_no_indicators": (
        "biểu mẫu cần ít nhất một chỉ số; ghi một hoặc nhiều mã chỉ số.",
        "a form needs at least one indicator; give one or more indicator codes.",
    ),
    "err_input_bad_count": (
        "số đếm phải là số nguyên, văn bản hoặc để trống, không phải {value}.",
        "a count must be a whole number, a text or empty, not {value}.",
    ),
    "err_input_empty_unit_code": (
        'mã đơn vị ("unit_code") để trống; ghi mã của đơn vị.',
        'the unit code ("unit_code") is empty; give the unit\'s code.',
    ),
    "err_input_not_a_form": (
        "trang tính {sheet} không phải biểu mẫu do write_template tạo (không có dòng tiêu "
        "đề mã, tử số, mẫu số); tạo lại biểu mẫu bằng write_template.",
        "the sheet {sheet} is not a form written by write_template (no header row of code, "
        "numerator and denominator); write the form again with write_template.",
    ),
    "err_input_no_form": (
        "{file}: không trang tính nào là biểu mẫu do write_template tạo; tạo lại biểu mẫu "
        "bằng write_template.",
        "{file}: no sheet is a form written by write_template; write the form again with "
        "write_template.",
    ),
    "err_input_not_on_form": (
        "{file}: chỉ số không có trên biểu mẫu: {codes}; dùng biểu mẫu có các chỉ số này.",
        "{file}: indicator(s) not on the form: {codes}; use a form that has them.",
    ),
}

# --------------------------------------------------------------------------- slips (issue 23)
# A slip in a registry, a plan, a table or a command line: a clear error, never a
# believable report.  Values ({codes}, {found}, {read_as}) are shown as given.
_SLIPS: dict[str, tuple[str, str]] = {
    # Unit registries (units.py).
    "err_units_encoding": (
        "{file}: không đọc được bảng mã của tệp (không phải UTF-8 hay Windows-1258); "
        'trong Excel chọn "Lưu thành" > "CSV UTF-8" rồi chạy lại.',
        "{file}: the file's encoding cannot be read (neither UTF-8 nor Windows-1258); in "
        'Excel choose "Save As" > "CSV UTF-8" and run again.',
    ),
    "err_units_missing_columns_read": (
        "{file}: thiếu cột {columns}; danh mục cần các cột {expected}. Tệp được đọc theo "
        "{read_as}; cột tìm thấy: {found}. Kiểm tra dòng tiêu đề và dấu phân cách (dấu "
        "phẩy, chấm phẩy hoặc TAB).",
        "{file}: missing column(s) {columns}; a registry has the columns {expected}. Read "
        "as {read_as}; columns found: {found}. Check the header row and the separator "
        "(comma, semicolon or TAB).",
    ),
    "err_units_duplicate_columns": (
        "{file}: cột {columns} xuất hiện hai lần; giữ một cột mỗi tên.",
        "{file}: the column(s) {columns} appear twice; keep one column of each name.",
    ),
    "err_units_code_type": (
        '{file}: cột "{field}" chứa {values}, không phải mã (số có phần thập phân đã mất '
        "các số 0 ở đầu); đọc danh mục với dtype=str hoặc ghi mã dạng văn bản.",
        '{file}: the column "{field}" holds {values}, not codes (a number with decimals '
        "has lost its leading zeros); read the registry with dtype=str or write the codes "
        "as text.",
    ),
    "err_units_bad_code": (
        '{file}: {codes} ở cột "{field}" không phải mã đơn vị (mã gồm chữ, số, "-", "_" '
        "hoặc \".\", tối đa 40 ký tự, không có dấu cách, dấu gạch chéo hay ký tự điều "
        "khiển); sửa các mã này.",
        '{file}: {codes} in the column "{field}" are not unit codes (a code is letters, '
        'digits, "-", "_" or ".", at most 40 characters, with no spaces, slashes or '
        "control characters); correct them.",
    ),
    "err_units_bad_name": (
        "{file}: tên của đơn vị {codes} chứa ký tự điều khiển (ví dụ NUL); gõ lại các "
        "tên này.",
        "{file}: the names of unit(s) {codes} hold control characters (such as NUL); type "
        "those names again.",
    ),
    "err_units_no_parent": (
        '{file}: đơn vị {codes} không có "parent_code" dù không ở cấp cao nhất ({top}); '
        "ghi mã đơn vị cấp trên, nếu không các đơn vị này nằm ngoài mọi kế hoạch.",
        '{file}: unit(s) {codes} have no "parent_code" but are below the top level '
        "({top}); give their parent's code, or they fall outside every plan.",
    ),
    # Plan files (plans.py).
    "err_plan_year_range": (
        '{at}: "{field}" = {value} không phải năm của một kế hoạch; ghi năm từ {low} đến '
        "{high}.",
        '{at}: "{field}" = {value} is not a plan\'s year; write a year from {low} to '
        "{high}.",
    ),
    "err_plan_value_range": (
        "{at} ({label}): ngưỡng {value} nằm ngoài 0–100; mọi chỉ số là tỷ lệ phần trăm, "
        "ghi ví dụ 90 cho 90%.",
        "{at} ({label}): the value {value} is outside 0–100; every indicator is a "
        "percentage: write e.g. 90 for 90%.",
    ),
    "err_plan_year_offset": (
        '{at}: "year_offset" = {value} không hợp lệ; hạn nộp rơi vào năm của kỳ báo cáo '
        "({low}) hoặc năm sau ({high}).",
        '{at}: "year_offset" = {value} is not allowed; a deadline falls in its period\'s '
        "year ({low}) or the next ({high}).",
    ),
    "err_plan_entry_not_table": (
        '{at}: {value} không phải một bảng "[[{section}]]"; ghi mỗi mục thành một bảng '
        '"[[{section}]]" với các trường của nó.',
        '{at}: {value} is not a "[[{section}]]" table; write each entry as a '
        '"[[{section}]]" table with its fields.',
    ),
    "err_plan_control_characters": (
        '{at}: trường "{field}" chứa ký tự điều khiển (ví dụ NUL): {value}; gõ lại giá '
        "trị này.",
        '{at}: the field "{field}" holds control characters (such as NUL): {value}; type '
        "it again.",
    ),
    "err_plan_bad_scope_code": (
        '{at}: "scope_code" = {value} không phải mã đơn vị; ghi mã của đơn vị của kế '
        "hoạch theo danh mục, ví dụ \"30\".",
        '{at}: "scope_code" = {value} is not a unit code; write the code of the plan\'s '
        'unit as the registry has it, e.g. "30".',
    ),
    # The command line (cli.py): --out folders, --force, examples, the guide.
    "cli_help_examples": ("ví dụ:", "examples:"),
    "cli_help_docs": ("in hướng dẫn dùng dòng lệnh (docs/cli.md, có sẵn trong gói)",
                      "print the command line's guide (docs/cli.md, shipped in the package)"),
    "cli_help_force": (
        "ghi vào thư mục --out cả khi thư mục có tệp khác (các tệp đó được giữ nguyên)",
        "write into the --out folder even when it holds other files (they are left as "
        "they are)"),
    "cli_out_not_a_folder": ("{path} là một tệp, không phải thư mục; chọn thư mục cho --out.",
                             "{path} is a file, not a folder; give --out a folder."),
    "cli_out_not_empty": (
        "thư mục {path} có {n} tệp không phải của một lần chạy trước ({files}); chọn thư "
        "mục trống hoặc thêm --force để vẫn ghi vào (các tệp đó được giữ nguyên).",
        "the folder {path} holds {n} file(s) no earlier run wrote ({files}); choose an "
        "empty folder, or add --force to write into it anyway (those files are left as "
        "they are)."),
    "cli_out_forced": (
        "ghi vào {path} dù có {n} tệp khác (--force); các tệp đó được giữ nguyên.",
        "writing into {path} although it holds {n} other file(s) (--force); they are left "
        "as they are."),
    "cli_out_replaced_report": (
        "báo cáo trước trong {path} được thay bằng báo cáo này.",
        "the earlier report in {path} is replaced by this one."),
    "cli_out_replaced_report_lang": (
        "báo cáo trước trong {path} (ngôn ngữ: {language}) được thay bằng báo cáo này.",
        "the earlier report in {path} (language: {language}) is replaced by this one."),
    "cli_out_replaced_export": (
        "các bảng xuất trước trong {path} được thay bằng bảng của lần này.",
        "the tables exported earlier into {path} are replaced by this run's."),
    # Tables given to a computation (schemas.py).
    "err_input_count_type": (
        "cột {column}, dòng {row}: {value} không phải số đếm; số đếm là số nguyên không "
        "âm hoặc để trống.",
        "the column {column}, row {row}: {value} is not a count; a count is a whole number "
        "or blank.",
    ),
    "err_input_count_not_finite": (
        "cột {column}, dòng {row}: {value} không phải số hữu hạn; ghi số đếm hoặc để trống.",
        "the column {column}, row {row}: {value} is not a finite number; write the count "
        "or leave it blank.",
    ),
    "err_input_count_too_large": (
        "cột {column}, dòng {row}: {value} vượt quá {limit}, không thể là số đếm; sửa "
        "số này.",
        "the column {column}, row {row}: {value} is beyond {limit}, not a count; correct "
        "it.",
    ),
    "err_input_duplicate_columns": (
        "bảng có cột {columns} hai lần; giữ một cột mỗi tên.",
        "the table has the column(s) {columns} twice; keep one column of each name.",
    ),
    "err_input_code_type": (
        'cột "unit_code", dòng {row}: {value} là số có phần thập phân, không phải mã '
        "(các số 0 ở đầu đã mất); đọc bảng với dtype=str.",
        'the column "unit_code", row {row}: {value} is a number with decimals, not a code '
        "(its leading zeros are gone); read the table with dtype=str.",
    ),
    "err_input_bad_row_status": (
        'trạng thái dòng {value} không hợp lệ; cột "status" dùng một trong {allowed}.',
        'the row status {value} is not allowed; the column "status" uses {allowed}.',
    ),
    "obs_rows_marked": (
        "{n} dòng của bảng không dùng được nên bị loại khỏi tính toán: {codes} (dòng {rows}"
        '…); check_observations(bảng) đánh dấu các dòng này (status "error", cột '
        '"problem").',
        "{n} row(s) of the table cannot be used and are left out of every computation: "
        "{codes} (rows {rows}…); check_observations(table) marks them (status \"error\", "
        'column "problem").',
    ),
}

# --------------------------------------------------------------------------- survey
# The survey wing (issue 26): rule sets, design-based estimates, their judgement
# against a plan's CL01 target, their chart; and its errors (``err_survey_*``).
_SURVEY: dict[str, tuple[str, str]] = {
    # Judgement of a survey estimate against a target (``survey_judge_<code>``).
    "survey_judge_met": ("Đạt", "Met"),
    "survey_judge_not_met": ("Chưa đạt", "Not met"),
    "survey_judge_indistinguishable": (
        "Chưa phân biệt được với chỉ tiêu (khoảng tin cậy chứa chỉ tiêu)",
        "Cannot be told apart from the target (the confidence interval straddles it)",
    ),
    "survey_judge_no_data": ("Không có ước lượng", "No estimate"),
    # Before the target's year a met or missed interval is worded as the judged table
    # words its verdicts (``verdict_on_track``, ``verdict_not_yet``); this one is the
    # survey's own.
    "survey_judge_ahead_indistinguishable": (
        "Chưa phân biệt được với chỉ tiêu (chưa đến năm mục tiêu)",
        "Cannot be told apart from the target (target year not reached)",
    ),
    # Confidence interval methods (``ci_method_<code>``).
    "ci_method_logit": ("Khoảng tin cậy logit", "Logit interval"),
    "ci_method_wald": ("Khoảng tin cậy Wald", "Wald interval"),
    # Reasons a child is in child labour (``cl_reason_<code>``).
    "cl_reason_economic_hours": (
        "Hoạt động kinh tế vượt ngưỡng giờ theo tuổi",
        "Economic activity at or above the age-specific hours",
    ),
    "cl_reason_chores_hours": (
        "Việc nhà vượt ngưỡng giờ theo tuổi",
        "Household chores at or above the age-specific hours",
    ),
    "cl_reason_hazardous": ("Điều kiện làm việc nguy hiểm", "Hazardous conditions"),
    # Column headings of the estimate and comparison tables (``col_<column>``).
    "col_se": ("Sai số chuẩn (điểm %)", "Standard error (pp)"),
    "col_ci_low": ("Cận dưới khoảng tin cậy", "Lower confidence limit"),
    "col_ci_high": ("Cận trên khoảng tin cậy", "Upper confidence limit"),
    "col_ci_method": ("Phương pháp khoảng tin cậy", "Interval method"),
    "col_deff": ("Hiệu ứng thiết kế", "Design effect"),
    "col_n": ("Số trẻ trong mẫu", "Children in the sample"),
    "col_population": ("Số trẻ ước tính", "Estimated children"),
    "col_count": ("Số lao động trẻ em ước tính", "Estimated children in child labour"),
    "col_age_group": ("Nhóm tuổi", "Age group"),
    "col_sex": ("Giới tính", "Sex"),
    "col_area": ("Khu vực", "Area"),
    "col_province": ("Tỉnh", "Province"),
    "col_survey_value": ("Tỷ lệ theo điều tra (%)", "Survey rate (%)"),
    "col_routine_value": ("Tỷ lệ theo báo cáo định kỳ (%)", "Routine rate (%)"),
    "col_difference_pp": ("Chênh lệch (điểm %)", "Difference (pp)"),
    # The survey chart.
    "survey_chart_title": (
        "Tỷ lệ lao động trẻ em theo điều tra ({rules}), khoảng tin cậy {level}%",
        "Child labour rate from the survey ({rules}), {level}% confidence intervals",
    ),
    "survey_chart_axis": ("Tỷ lệ lao động trẻ em (%)", "Child labour rate (%)"),
    "survey_chart_total": ("Toàn bộ", "All"),
    "survey_chart_target": ("Chỉ tiêu {year}: {value}", "Target {year}: {value}"),
    # A plan target's measure (plans.py), and the errors of the survey wing.
    "err_plan_unknown_measure": (
        "{at} ({label}): thước đo {value} không có; \"measure\" là tên một bộ quy tắc điều "
        "tra: {allowed}.",
        "{at} ({label}): unknown measure {value}; \"measure\" names a survey rule set: "
        "{allowed}.",
    ),
    "err_survey_unknown_rules": (
        "bộ quy tắc {value} không có; dùng một trong {allowed}.",
        "the rule set {value} is not one of {allowed}; use one of them.",
    ),
    "err_survey_unknown_concepts": (
        "khái niệm {values} không có; \"columns\" ánh xạ các khái niệm {allowed} sang tên cột "
        "của bảng.",
        "unknown concept(s) {values}; \"columns\" maps the concepts {allowed} to the table's "
        "column names.",
    ),
    "err_survey_unknown_survey": (
        "không có bảng ánh xạ biến cho cuộc điều tra {value}; dùng một trong {allowed} hoặc "
        "truyền \"columns\" của riêng bạn.",
        "no variable map for the survey {value}; use one of {allowed} or pass your own "
        "\"columns\".",
    ),
    "err_survey_bad_file": (
        "{file}: không đọc được tệp SPSS (.sav) hoặc Stata (.dta) ({detail}); kiểm tra tệp.",
        "{file}: not a readable SPSS (.sav) or Stata (.dta) file ({detail}); check the file.",
    ),
    "err_survey_bad_suffix": (
        "{file}: chỉ đọc tệp .sav (SPSS) hoặc .dta (Stata); lưu dữ liệu ở một trong hai dạng "
        "này.",
        "{file}: only .sav (SPSS) and .dta (Stata) files are read; save the data in one of "
        "them.",
    ),
    "err_survey_join_keys": (
        "{file}: thiếu cột khóa {columns} để ghép tệp hộ với tệp trẻ em; kiểm tra \"keys\".",
        "{file}: the key column(s) {columns} to join the household and child files are "
        "missing; check \"keys\".",
    ),
    "err_survey_duplicate_keys": (
        "{file}: khóa {columns} trùng ở các dòng {rows}; mỗi hộ (hoặc mỗi người) chỉ có một "
        "dòng.",
        "{file}: the key {columns} is repeated in rows {rows}; each household (or member) has "
        "one row.",
    ),
    "err_survey_missing_values": (
        "cột {field} thiếu giá trị ở các dòng {rows}; mọi dòng của thiết kế mẫu cần có "
        "{field}: điền vào hoặc bỏ các dòng đó.",
        "the column {field} is missing in rows {rows}; every row of the design needs its "
        "{field}: fill it in or drop those rows.",
    ),
    "err_survey_negative_weights": (
        "cột trọng số {field} có giá trị âm ở các dòng {rows}; trọng số phải ≥ 0.",
        "the weight column {field} is negative in rows {rows}; weights must be 0 or more.",
    ),
    "err_survey_not_binary": (
        "cột {field} có giá trị khác 0/1 (đúng/sai) ở các dòng {rows}; tỷ lệ cần một biến "
        "đúng/sai.",
        "the column {field} holds values other than 0/1 (true/false) in rows {rows}; a rate "
        "needs a true/false variable.",
    ),
    "err_survey_lonely_psu": (
        "tầng {strata} chỉ có một đơn vị mẫu cấp 1 (PSU) nên không tính được sai số; gộp tầng "
        "hoặc truyền lonely_psu= \"adjust\", \"average\" hoặc \"certainty\" (như tùy "
        "chọn survey.lonely.psu của R).",
        "stratum {strata} has a single PSU, so its variance cannot be estimated; collapse "
        "strata or pass lonely_psu= \"adjust\", \"average\" or \"certainty\" (as R's "
        "survey.lonely.psu option).",
    ),
    "err_survey_bad_option": (
        "{field} = {value} không hợp lệ; dùng một trong {allowed}.",
        "{field} = {value} is not allowed; use one of {allowed}.",
    ),
    "err_survey_bad_level": (
        "mức tin cậy {value} không hợp lệ; dùng một số giữa 0 và 1, ví dụ 0.95.",
        "the confidence level {value} is not allowed; use a number between 0 and 1, such as "
        "0.95.",
    ),
    "err_survey_no_replicates": (
        "không có cột trọng số lặp nào khớp {value}; kiểm tra tên cột hoặc tiền tố.",
        "no replicate weight column matches {value}; check the column names or prefix.",
    ),
    "err_survey_estimate_columns": (
        "bảng ước lượng thiếu cột {columns}; dùng bảng do clm.survey.estimate trả về.",
        "the estimate table lacks the column(s) {columns}; use the table clm.survey.estimate "
        "returns.",
    ),
    "err_survey_no_target": (
        "kế hoạch {plan} không có chỉ tiêu CL01 có số{year}; chọn kế hoạch hoặc năm khác.",
        "the plan {plan} sets no CL01 target with a number{year}; choose another plan or "
        "year.",
    ),
    "err_survey_measure_mismatch": (
        "chỉ tiêu {target} đo theo bộ quy tắc {measure}, nhưng ước lượng dùng {value}; phân "
        "loại lại theo {measure}.",
        "the target {target} is measured by the rule set {measure}, but the estimates use "
        "{value}; classify again by {measure}.",
    ),
}

# --------------------------------------------------------------------------- quality
# The data-quality review (analysis/quality, issue 25): its dimensions, methods, why a
# figure is flagged and what to ask the unit, the rules between indicators
# (reference/relations), its headings and its command.
_QUALITY: dict[str, tuple[str, str]] = {
    # What each rule between indicators means (``relation_<id>``, indicator_relations.csv).
    "relation_cl02_within_cl01": (
        "Số trẻ em làm công việc nặng nhọc, độc hại, nguy hiểm (tử số CL02) không thể lớn "
        "hơn số lao động trẻ em (tử số CL01)",
        "Children in heavy, hazardous or dangerous work (CL02 numerator) cannot outnumber "
        "child labourers (CL01 numerator)",
    ),
    "relation_cl02_denominator_is_cl01": (
        "CL01 và CL02 cùng lấy số trẻ em 5–17 tuổi trên địa bàn làm mẫu số: hai mẫu số phải "
        "bằng nhau",
        "CL01 and CL02 both divide by the children aged 5–17 in the unit: the two "
        "denominators must be equal",
    ),
    "relation_cl01_within_cl04": (
        "Lao động trẻ em (tử số CL01) nằm trong số trẻ em có nguy cơ và lao động trẻ em "
        "(mẫu số CL04): không thể nhiều hơn",
        "Child labourers (CL01 numerator) are among the at-risk children and child "
        "labourers (CL04 denominator): they cannot outnumber them",
    ),
    # The dimensions of the review (``quality_dim_<code>``), WHO DQR's.
    "quality_dim_outliers": ("Giá trị bất thường so với các đơn vị cùng cấp",
                             "Outliers among the units of a parent"),
    "quality_dim_over_time": ("Nhất quán theo thời gian", "Consistency over time"),
    "quality_dim_denominators": ("Mẫu số và dân số", "Denominators and population"),
    "quality_dim_consistency": ("Nhất quán giữa các chỉ tiêu",
                                "Consistency between indicators"),
    "quality_dim_external": ("Nhất quán với số liệu điều tra",
                             "Consistency with survey estimates"),
    # How a figure was checked (``quality_method_<code>``).
    "quality_method_modified_z": ("Điểm z hiệu chỉnh (trung vị, MAD)",
                                  "Modified z-score (median, MAD)"),
    "quality_method_z": ("Điểm z (trung bình, độ lệch chuẩn)",
                         "Z-score (mean, standard deviation)"),
    "quality_method_ratio_to_parent": (
        "Tỷ số với trung bình các kỳ trước, so với tỷ số của đơn vị cấp trên",
        "Ratio to the previous periods' mean, against the parent's ratio",
    ),
    "quality_method_ratio_to_history": ("Tỷ số với trung bình các kỳ trước",
                                        "Ratio to the previous periods' mean"),
    "quality_method_relation": ("Quy tắc giữa các chỉ tiêu", "Rule between indicators"),
    "quality_method_change": ("Thay đổi so với trung bình các kỳ trước",
                              "Change from the previous periods' mean"),
    "quality_method_population": ("So với dân số trong danh mục đơn vị",
                                  "Against the registry's population"),
    "quality_method_survey_interval": ("Khoảng tin cậy của ước lượng điều tra",
                                       "The survey estimate's confidence interval"),
    # Why a figure is flagged (``quality_why_<reason>``); a rule's reason is its id.
    "quality_why_outlier_high": (
        "{indicator} kỳ {period}: tỷ lệ {value}% cao bất thường so với các đơn vị cùng cấp "
        "trên ({reference}%)",
        "{indicator}, {period}: the rate {value}% is unusually high for the units of its "
        "parent ({reference}%)",
    ),
    "quality_why_outlier_low": (
        "{indicator} kỳ {period}: tỷ lệ {value}% thấp bất thường so với các đơn vị cùng cấp "
        "trên ({reference}%)",
        "{indicator}, {period}: the rate {value}% is unusually low for the units of its "
        "parent ({reference}%)",
    ),
    "quality_why_rise": (
        "{indicator} kỳ {period}: tỷ lệ {value}% tăng mạnh so với trung bình các kỳ trước "
        "({reference}%)",
        "{indicator}, {period}: the rate {value}% rose sharply from the previous periods' "
        "mean ({reference}%)",
    ),
    "quality_why_fall": (
        "{indicator} kỳ {period}: tỷ lệ {value}% giảm mạnh so với trung bình các kỳ trước "
        "({reference}%)",
        "{indicator}, {period}: the rate {value}% fell sharply from the previous periods' "
        "mean ({reference}%)",
    ),
    "quality_why_rise_vs_parent": (
        "{indicator} kỳ {period}: tỷ lệ {value}% (trung bình các kỳ trước {reference}%) "
        "tăng nhanh hơn hẳn, hoặc giảm chậm hơn hẳn, so với đơn vị cấp trên",
        "{indicator}, {period}: the rate {value}% (previous periods' mean {reference}%) "
        "rose much faster, or fell much slower, than its parent's",
    ),
    "quality_why_fall_vs_parent": (
        "{indicator} kỳ {period}: tỷ lệ {value}% (trung bình các kỳ trước {reference}%) "
        "giảm nhanh hơn hẳn, hoặc tăng chậm hơn hẳn, so với đơn vị cấp trên",
        "{indicator}, {period}: the rate {value}% (previous periods' mean {reference}%) "
        "fell much faster, or rose much slower, than its parent's",
    ),
    "quality_why_denominator_rise": (
        "Mẫu số {indicator} kỳ {period} ({value}) tăng mạnh so với trung bình các kỳ trước "
        "({reference})",
        "The {indicator} denominator for {period} ({value}) rose sharply from the previous "
        "periods' mean ({reference})",
    ),
    "quality_why_denominator_fall": (
        "Mẫu số {indicator} kỳ {period} ({value}) giảm mạnh so với trung bình các kỳ trước "
        "({reference})",
        "The {indicator} denominator for {period} ({value}) fell sharply from the previous "
        "periods' mean ({reference})",
    ),
    "quality_why_above_population": (
        "Mẫu số {indicator} kỳ {period} ({value}) lớn hơn cả dân số của đơn vị ({reference})",
        "The {indicator} denominator for {period} ({value}) exceeds the unit's whole "
        "population ({reference})",
    ),
    "quality_why_above_child_share": (
        "Mẫu số {indicator} kỳ {period} ({value}) là nhiều trẻ em hơn mức dân số "
        "{reference} người có thể có",
        "The {indicator} denominator for {period} ({value}) is more children than a "
        "population of {reference} can hold",
    ),
    "quality_why_survey_above": (
        "{indicator} kỳ {period}: tỷ lệ tổng hợp từ báo cáo {value}% cao hơn khoảng tin cậy "
        "của điều tra ({low}–{high}%)",
        "{indicator}, {period}: the rate from the reports, {value}%, lies above the survey's "
        "confidence interval ({low}–{high}%)",
    ),
    "quality_why_survey_below": (
        "{indicator} kỳ {period}: tỷ lệ tổng hợp từ báo cáo {value}% thấp hơn khoảng tin "
        "cậy của điều tra ({low}–{high}%)",
        "{indicator}, {period}: the rate from the reports, {value}%, lies below the survey's "
        "confidence interval ({low}–{high}%)",
    ),
    "quality_why_relation": ("{rule} ({left}: {value}; {right}: {reference})",
                             "{rule} ({left}: {value}; {right}: {reference})"),
    # What to ask the unit (``quality_ask_<reason>``; a rule's: ``quality_ask_relation``).
    "quality_ask_outlier": (
        "Đề nghị đơn vị kiểm tra lại tử số và mẫu số {indicator} kỳ {period}; nếu đúng, "
        "cho biết vì sao khác các đơn vị lân cận",
        "Ask the unit to check the {indicator} numerator and denominator for {period}; if "
        "they are right, ask why they differ from the neighbouring units'",
    ),
    "quality_ask_change": (
        "Hỏi đơn vị vì sao {indicator} kỳ {period} thay đổi nhiều so với các kỳ trước; "
        "kiểm tra lại số liệu của các kỳ này",
        "Ask the unit why {indicator} changed so much in {period} from the previous "
        "periods; check the figures of those periods",
    ),
    "quality_ask_denominator": (
        "Hỏi đơn vị mẫu số {indicator} kỳ {period} có đúng không (ví dụ do sáp nhập, chia "
        "tách địa bàn, hay đếm lại)",
        "Ask the unit whether the {indicator} denominator for {period} is right (e.g. a "
        "boundary change, or a new count)",
    ),
    "quality_ask_population": (
        "Đối chiếu mẫu số {indicator} kỳ {period} với dân số của đơn vị; sửa số trẻ em "
        "trong báo cáo hoặc dân số trong danh mục đơn vị",
        "Check the {indicator} denominator for {period} against the unit's population; "
        "correct the children counted in the report, or the registry's population",
    ),
    "quality_ask_relation": (
        "Đề nghị đơn vị kiểm tra lại {left} và {right} kỳ {period} trong cùng báo cáo",
        "Ask the unit to check {left} and {right} for {period} in the same report",
    ),
    "quality_ask_survey": (
        "Đối chiếu cách các đơn vị đếm {indicator} với định nghĩa của điều tra; tìm các "
        "đơn vị báo cáo thiếu hoặc thừa",
        "Compare how the units count {indicator} with the survey's definition; look for "
        "units that report too few or too many",
    ),
    # Scorecard rows (``quality_scope_<code>``) and cross-sections not compared
    # (``quality_section_<reason>``).
    "quality_scope_unit": ("Đơn vị", "Unit"),
    "quality_scope_parent": ("Đơn vị cấp trên", "Parent unit"),
    "quality_scope_all": ("Tất cả đơn vị", "All units"),
    "quality_section_too_few_units": (
        "ít hơn {min_units} đơn vị có mẫu số từ {min_denominator} trở lên: không so sánh",
        "fewer than {min_units} units with a denominator of {min_denominator} or more: "
        "not compared",
    ),
    "quality_section_no_parent": (
        "đơn vị không có trong danh mục: không biết đơn vị cấp trên",
        "units not in the registry: their parent is unknown",
    ),
    # Headings of the review's tables (``col_<column>``).
    "col_dimension": ("Khía cạnh", "Dimension"),
    "col_reference": ("Giá trị so sánh", "Compared with"),
    "col_threshold": ("Ngưỡng", "Threshold"),
    "col_history_ratio": ("Tỷ số với các kỳ trước", "Ratio to the previous periods"),
    "col_parent_ratio": ("Tỷ số của đơn vị cấp trên", "Parent's ratio"),
    "col_n_checks": ("Số phép kiểm tra", "Checks"),
    "col_n_failed": ("Số phép không đạt", "Checks failed"),
    "col_pct_failed": ("Tỷ lệ không đạt (%)", "Share failed (%)"),
    "col_n_units": ("Số đơn vị", "Units"),
    "col_n_units_pass": ("Số đơn vị đạt", "Units passing"),
    "col_pct_units_pass": ("Tỷ lệ đơn vị đạt (%)", "Units passing (%)"),
    "col_why": ("Vì sao cần kiểm tra", "Why"),
    "col_ask": ("Cần hỏi đơn vị", "What to ask"),
    "col_cells": ("Các ô", "Cells"),
    "col_source_file": ("Tệp", "File"),
    # The notebook view (repr) and the command.
    "quality_repr_head": (
        "Rà soát chất lượng số liệu: {units} đơn vị, {flags} điểm cần kiểm tra",
        "Data-quality review: {units} units, {flags} points to follow up",
    ),
    "quality_repr_summary": ("Tỷ lệ đơn vị đạt theo từng khía cạnh",
                             "Share of units passing, by dimension"),
    "quality_repr_follow_up": ("Cần kiểm tra ({shown} trên {n} dòng)",
                               "To follow up ({shown} of {n} rows)"),
    "cli_help_quality": (
        "rà soát chất lượng số liệu (giá trị bất thường, theo thời gian, mẫu số, giữa các "
        "chỉ tiêu) và in bảng tóm tắt",
        "review the data's quality (outliers, over time, denominators, related "
        "indicators) and print the scorecard",
    ),
    "cli_help_follow_up": ("ghi danh sách cần kiểm tra ra tệp CSV này",
                           "write the follow-up list to this CSV file"),
    "cli_help_within": (
        "so sánh các đơn vị trong cùng đơn vị cấp này (mặc định: đơn vị cấp trên trực tiếp)",
        "compare the units within their ancestor at this level (default: their parent)",
    ),
    "cli_help_survey": (
        "ước lượng điều tra (CSV: unit_code, period, value, ci_low, ci_high)",
        "survey estimates (CSV: unit_code, period, value, ci_low, ci_high)",
    ),
    "cli_quality_follow_up_written": ("đã ghi {n} dòng cần kiểm tra vào {path}",
                                      "wrote {n} rows to follow up to {path}"),
    # Errors of the review's arguments, and of a registry's population.
    "err_quality_unknown_threshold": (
        'không có ngưỡng "{field}"; các ngưỡng là {known}.',
        'there is no threshold "{field}"; the thresholds are {known}.',
    ),
    "err_quality_bad_threshold": (
        'ngưỡng "{field}" = {value} không hợp lệ: cần một số dương ("child_share" không quá '
        '1; "history", "min_units" và "min_denominator" là số nguyên).',
        'the threshold "{field}" = {value} is not valid: give a positive number '
        '("child_share" at most 1; "history", "min_units" and "min_denominator" whole '
        "numbers).",
    ),
    "err_quality_survey_columns": (
        "bảng ước lượng điều tra thiếu cột {columns}; cần các cột {expected} (đặt tên khác "
        'bằng "survey_columns=").',
        "the survey estimates lack the column(s) {columns}; they need {expected} (map "
        'other names with "survey_columns=").',
    ),
    "err_quality_no_observations": (
        'cần bảng số liệu (DataFrame) hoặc kết quả của "read_reports", không phải {value}.',
        'give an observations table (a DataFrame) or what "read_reports" returned, not '
        "{value}.",
    ),
    "err_units_bad_population": (
        '{file}: dân số ("population") không hợp lệ ở đơn vị {codes}; ghi số nguyên không '
        "âm hoặc để trống.",
        '{file}: unreadable population ("population") for unit(s) {codes}; write a whole '
        "number of at least 0, or leave it blank.",
    ),
}

# --------------------------------------------------------------------------- story
# Issue 22, one story in every output: the verdicts of the judged table
# (analysis.judged), the headline, coverage and the words every output shares.
_VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "met": ("Đạt", "Met"),
    "not_met": ("Chưa đạt", "Not met"),
    "on_track": ("Đang đạt (chưa đến năm mục tiêu)", "On track (target year ahead)"),
    "not_yet": ("Chưa đạt (chưa đến năm mục tiêu)", "Not yet (target year ahead)"),
    "incomplete": ("Thiếu số liệu thành phần", "A component is missing"),
    "not_reported": ("Chưa nộp", "Not reported"),
    "no_data": ("Không có số liệu", "No data"),
    "no_target": ("Không có chỉ tiêu số", "No numeric target"),
}
_STORY: dict[str, tuple[str, str]] = {
    # One word per verdict, whichever output shows it (``verdict_<status>``); the
    # older families (report_, chart_, attainment_) are the same words.
    **{f"{family}_{status}": words for status, words in _VERDICT_WORDS.items()
       for family in ("verdict", "report", "chart", "attainment")},
    "verdict_on_track_year_not_over": ("Đang đạt (chưa hết năm mục tiêu)",
                                       "On track (target year not over)"),
    "verdict_not_yet_year_not_over": ("Chưa đạt (chưa hết năm mục tiêu)",
                                      "Not yet (target year not over)"),
    "verdict_no_data_in": ("Không có số liệu {period}", "No data for {period}"),
    "verdict_not_reported_in": ("Chưa nộp báo cáo {period}", "No report for {period}"),
    "verdict_earlier": ("{period}: {value}", "{period}: {value}"),
    # A period inside a sentence ("no data for 2025").
    "period_in_year": ("năm {year}", "{year}"),
    "period_in_H1": ("6 tháng đầu năm {year}", "the first half of {year}"),
    "period_in_H2": ("6 tháng cuối năm {year}", "the second half of {year}"),
    # Why (``why_verdict_<reason>``): the method and the reason behind a verdict.
    "why_verdict_target_year": ("Giá trị năm mục tiêu so với chỉ tiêu",
                                "The target year's value against the target"),
    "why_verdict_before_target_year": ("Giá trị trước năm mục tiêu so với chỉ tiêu",
                                       "A value from before the target year, against the target"),
    "why_verdict_year_not_over": ("Mới có số liệu 6 tháng của năm mục tiêu",
                                  "Only the first half of the target year so far"),
    "why_verdict_missing_component": ("Chỉ tiêu gồm nhiều chỉ số, thiếu số liệu một chỉ số",
                                      "The target sums several indicators; one is missing"),
    "why_verdict_not_reported": ("Đơn vị chưa nộp báo cáo kỳ này",
                                 "The unit sent no report for this period"),
    "why_verdict_no_value": ("Báo cáo không có số liệu dùng được cho chỉ tiêu",
                             "The reports have no usable figure for the target"),
    "why_verdict_no_target": ("Kế hoạch không đặt con số", "The plan sets no number"),
    # Headings of the judged table's columns.
    "report_reason": ("Căn cứ", "Basis"),
    "report_earlier": ("Số liệu gần nhất trước đó", "Latest earlier value"),
    "report_coverage": ("Số đơn vị có số liệu", "Units with data"),
    "report_units_expected": ("Số đơn vị phải nộp", "Units expected"),
    "report_not_reported_units": ("Đơn vị chưa nộp", "Units not reported"),
    "report_progress_method": ("Phương pháp tính tiến độ", "Progress method"),
    "report_judged_period": ("Kỳ đánh giá", "Period judged"),
    # Coverage: "31/36 xã".
    "coverage": ("{n}/{of} {level}", "{n} of {of} {level}"),
    "coverage_level_commune": ("xã", "communes"),
    "coverage_level_district": ("huyện", "districts"),
    "coverage_level_province": ("tỉnh", "provinces"),
    "coverage_level_department": ("sở, ngành", "departments"),
    "coverage_level_unit": ("đơn vị", "units"),
    # The headline, at the top of the HTML and the workbook.
    "headline_period": ("{period}", "{period}"),
    "headline_targets": ("đạt {met}/{judged} chỉ tiêu", "{met} of {judged} targets met"),
    "headline_no_targets": ("chưa chỉ tiêu nào được đánh giá: —", "no target judged: —"),
    "headline_reported": ("{coverage} đã nộp", "{coverage} reported"),
    "headline_missing": ("chưa nộp: {names}", "not reported: {names}"),
    "headline_more": ("{names} và {n} đơn vị khác", "{names} and {n} more"),
    "headline_errors": ("{n} lỗi cần sửa", "{n} errors to fix"),
    "headline_no_errors": ("không có lỗi", "no errors"),
    "headline_partial": ("số liệu mới từ {coverage}, chưa đại diện cho {scope}",
                         "data from {coverage} only: not yet all of {scope}"),
    "headline_files": ("{files} tệp, {rows} dòng số liệu; báo cáo: {html}",
                       "{files} files, {rows} data rows; report: {html}"),
    "report_headline": ("Tóm tắt", "In one line"),
    # The report's progress bar (stderr, a terminal only).
    "report_bar_unit": ("bước", "step"),
    "report_bar_read": ("đọc, tính toán", "read, compute"),
    "report_bar_figures": ("vẽ hình", "figures"),
    "report_bar_excel": ("ghi Excel", "excel"),
    "report_bar_html": ("ghi trang HTML", "html"),
    # Progress is shown before the target year only: "target achieved" there means the
    # value is already at the target, not that the target (due later) is met.
    "report_progress_target_achieved": ("Đã ở mức chỉ tiêu", "Already at the target"),
    # The send-back workbook's head (output.forms).
    "sendback_title": ("Các vấn đề cần sửa trong báo cáo đã gửi",
                       "Problems to fix in the report you sent"),
    "sendback_unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "sendback_period": ("Kỳ báo cáo: {periods}", "Period: {periods}"),
    "sendback_todo": (
        "Việc cần làm: sửa từng ô nêu dưới đây trong tệp báo cáo, theo cột \"Việc cần làm\", "
        "rồi gửi lại tệp đã sửa. Lỗi phải sửa; cảnh báo cần kiểm tra lại.",
        "What to do: correct each cell listed below in the report file, as the \"What to "
        "do\" column says, and send the corrected file again. Errors must be fixed; "
        "warnings need checking."),
    # The judged table's columns in the data dictionary (``exp_<column>``).
    "exp_is_scope": ("Dòng của đơn vị của kế hoạch (tổng của các đơn vị trực thuộc)",
                     "The row of the plan's own unit (its units' counts summed)"),
    "exp_status_judged": (
        "Kết luận: đạt, đang đạt hoặc chưa đạt (trước năm mục tiêu), chưa đạt, thiếu số liệu "
        "thành phần, chưa nộp, không có số liệu, không có chỉ tiêu số",
        "Verdict: met, on track or not yet (before the target year), not met, a component "
        "missing, not reported, no data, no numeric target"),
    "exp_reason_judged": ("Căn cứ của kết luận", "Why the row has its verdict"),
    "exp_method_judged": ("Cách kết luận: giá trị so với chỉ tiêu theo điều kiện của kế hoạch",
                          "How the verdict is reached: the value against the target, by the "
                          "plan's operator"),
    "exp_period_judged": ("Kỳ đánh giá: năm mục tiêu khi đã có số liệu năm đó, nếu chưa thì kỳ "
                          "gần nhất", "The period judged: the target year once its data are "
                          "in, else the latest period"),
    "exp_earlier_period": ("Kỳ của số liệu gần nhất trước kỳ đánh giá (khi kỳ đánh giá không "
                           "có số liệu)", "Period of the latest earlier value (where the "
                           "period judged has none)"),
    "exp_earlier_value": ("Số liệu gần nhất trước kỳ đánh giá", "The latest earlier value"),
    "exp_progress": ("Tiến độ (chỉ trước năm mục tiêu)", "Progress (before the target year only)"),
    "exp_progress_method": ("Phương pháp tính tiến độ", "Progress method"),
    "exp_progress_ratio": ("Hệ số tiến độ", "Progress ratio"),
    "exp_n_reported": ("Số đơn vị có số liệu trong kỳ đánh giá (dòng của kế hoạch)",
                       "Units with a value in the period judged (the plan's row)"),
    "exp_n_expected": ("Số đơn vị phải nộp trong kỳ đánh giá (dòng của kế hoạch)",
                       "Units expected to report in the period judged (the plan's row)"),
    "exp_not_reported": ("Mã các đơn vị không có số liệu trong kỳ đánh giá",
                         "Codes of the units without a value in the period judged"),
    "exp_units_met": ("Số đơn vị đạt hoặc đang đạt (dòng của kế hoạch)",
                      "Units meeting the target or on track (the plan's row)"),
    "cli_help_svg": ("ghi thêm mỗi hình dạng SVG (ảnh véc-tơ, để in hoặc xuất bản)",
                     "also write each figure as SVG (vector, for print or publication)"),
    "chart_cell_not_reported": ("chưa nộp", "none sent"),
    "chart_path_sdg": ("Lộ trình cần đạt (tăng trưởng kép, SDG)",
                       "Path required (compound growth, SDG)"),
    # Indicators in two or three words, for a heatmap's column heads (``short_<code>``).
    "short_CL01": ("Lao động trẻ em", "Child labour"),
    "short_CL02": ("Công việc nguy hiểm", "Hazardous work"),
    "short_CL03": ("Được hỗ trợ", "Supported"),
    "short_CL04": ("Học, học nghề", "In school, training"),
    "short_CL05": ("Cán bộ, giáo viên", "Staff, teachers"),
    "short_CL06": ("Cha mẹ", "Parents"),
    "short_CL07": ("Trẻ em", "Children informed"),
    "short_CL08": ("DN, HTX (thông tin)", "Firms informed"),
    "short_CL09": ("Công chức tỉnh", "Province staff"),
    "short_CL10": ("Cán bộ xã", "Commune staff"),
    "short_CL11": ("Cơ quan liên quan", "Other bodies"),
    "short_CL12": ("Doanh nghiệp", "Enterprises"),
    "short_CL13": ("HTX, hộ gia đình", "Co-ops, households"),
    "report_method_note": (
        "Đánh giá: giá trị của năm mục tiêu so với chỉ tiêu, theo đúng điều kiện của kế "
        "hoạch (≤, <, ≥, >); trước năm mục tiêu là \"đang đạt\" hoặc \"chưa đạt\", kèm tiến "
        "độ tính theo {method}. Số đơn vị có số liệu: đơn vị có giá trị trong kỳ đánh giá "
        "trên số đơn vị phải nộp.",
        "Verdicts: the target year's value against the target, by the plan's own operator "
        "(≤, <, ≥, >); before the target year, \"on track\" or \"not yet\", with progress "
        "by the {method}. Units with data: units with a value in the period judged, of "
        "those expected to report.",
    ),
}

# --------------------------------------------------------------------------- report sections
# The report's sections from the survey and quality wings (output/quality_section.py,
# output/survey_section.py; issues 25 and 26): the page's sections, the workbook's sheets,
# their lines on the summary sheet and the send-back workbooks' warnings.
_REPORT_SECTIONS: dict[str, tuple[str, str]] = {
    # The data-quality section ("Chất lượng số liệu"), HTML and workbook.
    "report_quality_section": ("Chất lượng số liệu", "Data quality"),
    "report_quality_intro": (
        "Các số liệu đã báo cáo được rà soát như Bộ công cụ rà soát chất lượng số liệu "
        "(DQR) của WHO: {units} đơn vị, {checks} phép kiểm tra, {flags} điểm cần kiểm tra.",
        "The reported figures reviewed as the WHO Data Quality Review (DQR) toolkit does: "
        "{units} units, {checks} checks, {flags} points to follow up.",
    ),
    "report_quality_within_province": (
        "Mỗi đơn vị được so sánh với các đơn vị cùng cấp trong cùng tỉnh và với xu hướng "
        "chung của tỉnh.",
        "Each unit is compared with the units of its level in the same province, and with "
        "its province's trend.",
    ),
    "report_quality_within_parent": (
        "Mỗi đơn vị được so sánh với các đơn vị cùng cấp có cùng đơn vị cấp trên.",
        "Each unit is compared with the units of its level under the same parent.",
    ),
    "report_quality_within_all": (
        "Không có danh mục đơn vị: mọi đơn vị được so sánh với nhau.",
        "Without a unit registry, all units are compared together.",
    ),
    "report_quality_scorecard": (
        "Tỷ lệ đơn vị đạt theo từng khía cạnh, như bảng tóm tắt DQR: một đơn vị đạt khi "
        "không có phép kiểm tra nào không đạt.",
        "Units passing, by dimension, as the DQR summary shows them: a unit passes when "
        "none of its checks failed.",
    ),
    "report_quality_not_checked": ("Chưa kiểm tra", "Not checked"),
    "report_quality_not_checked_why": ("Chưa kiểm tra: {why}", "Not checked: {why}"),
    "report_quality_no_survey": ("không có ước lượng điều tra", "no survey estimates given"),
    "report_quality_by_parent": ("Tỷ lệ đơn vị đạt (%) theo {level}",
                                 "Units passing (%) by {level}"),
    "report_quality_follow_up": ("Danh sách cần kiểm tra", "To follow up"),
    "report_quality_follow_up_note": (
        "Mỗi dòng: đơn vị nào, số liệu nào (tệp, trang tính, ô), vì sao cần kiểm tra và cần "
        "hỏi đơn vị điều gì. Lỗi trước, rồi theo đơn vị và kỳ báo cáo.",
        "Each row: which unit, which figure (file, sheet, cells), why, and what to ask the "
        "unit. Errors first, then by unit and period.",
    ),
    "report_quality_none": ("Không có điểm nào cần kiểm tra.", "Nothing to follow up."),
    "report_quality_rows_shown": (
        "{shown} trên {total} dòng; toàn bộ danh sách ở trang tính \"{sheet}\" của tệp Excel.",
        "{shown} of {total} rows; the whole list is on the \"{sheet}\" sheet of the workbook.",
    ),
    "report_quality_sheet_capped": (
        "{shown} trên {total} dòng (lỗi trước); toàn bộ danh sách: childlabour-metrics "
        "quality … --follow-up DANH_SACH.csv",
        "{shown} of {total} rows (errors first); the whole list: childlabour-metrics "
        "quality … --follow-up LIST.csv",
    ),
    "report_quality_pointer": (
        "{flags} điểm cần kiểm tra: danh sách ở trang tính \"{sheet}\".",
        "{flags} points to follow up: the list is on the \"{sheet}\" sheet.",
    ),
    "report_quality_not_printed": (
        "Trang tính này không in (danh sách dài, để lọc trên máy); bảng tóm tắt được in ở "
        "trang đầu.",
        "This sheet is not printed (a long list, to filter on screen); its summary prints on "
        "the first page.",
    ),
    "report_figure": ("Số liệu", "Figure"),
    "report_value_compared": ("Giá trị", "Value"),
    # The survey section ("Ước lượng từ điều tra"), HTML and workbook.
    "report_survey_section": ("Ước lượng từ điều tra", "Survey estimates"),
    "report_survey_sheet": ("Điều tra", "Survey"),
    "report_survey_intro": (
        "Tỷ lệ lao động trẻ em 5–17 tuổi theo điều tra hộ gia đình, phân loại theo bộ quy tắc "
        "{rules}, với khoảng tin cậy {level}%. Một ước lượng được đánh giá trên cả khoảng tin "
        "cậy: đạt khi cả khoảng đạt chỉ tiêu, chưa đạt khi cả khoảng không đạt, còn khi "
        "khoảng chứa chỉ tiêu thì điều tra chưa phân biệt được.",
        "The child labour rate of children aged 5–17 from a household survey, classified by "
        "the {rules} rules, with {level}% confidence intervals. An estimate is judged on its "
        "whole interval: met when all of it meets the target, not met when none of it does, "
        "and when the interval straddles the target the survey cannot tell.",
    ),
    "report_survey_judgement": (
        "{area}: {value} (khoảng tin cậy {level}%: {low}–{high}). So với chỉ tiêu {year} "
        "({target}): {verdict}.",
        "{area}: {value} ({level}% confidence interval: {low}–{high}). Against the {year} "
        "target ({target}): {verdict}.",
    ),
    "report_survey_routine_below": (
        "Tỷ lệ theo báo cáo định kỳ {period}: {value} ({children} trẻ em được đếm), thấp hơn "
        "khoảng tin cậy của điều tra {gap} điểm %.",
        "The routine rate for {period}: {value} ({children} children counted), {gap} "
        "percentage points below the survey's interval.",
    ),
    "report_survey_routine_above": (
        "Tỷ lệ theo báo cáo định kỳ {period}: {value} ({children} trẻ em được đếm), cao hơn "
        "khoảng tin cậy của điều tra {gap} điểm %.",
        "The routine rate for {period}: {value} ({children} children counted), {gap} "
        "percentage points above the survey's interval.",
    ),
    "report_survey_routine_inside": (
        "Tỷ lệ theo báo cáo định kỳ {period}: {value} ({children} trẻ em được đếm), nằm "
        "trong khoảng tin cậy của điều tra.",
        "The routine rate for {period}: {value} ({children} children counted), inside the "
        "survey's interval.",
    ),
    "report_survey_routine_none": (
        "Không có tỷ lệ theo báo cáo định kỳ {period} của địa bàn này để so sánh.",
        "No routine rate for {period} of this area to compare with.",
    ),
    "report_survey_period_taken": (
        "Bảng ước lượng không ghi năm điều tra: so sánh với báo cáo định kỳ {period}, kỳ năm "
        "gần nhất có số liệu.",
        "The estimates give no survey year: they are compared with the routine figures for "
        "{period}, the latest year with data.",
    ),
    "report_survey_left_out": (
        "{n} ước lượng của địa bàn ngoài phạm vi kế hoạch (hoặc không có trong danh mục đơn "
        "vị) không được đưa vào.",
        "{n} estimates of areas outside the plan's scope (or not in the unit registry) are "
        "left out.",
    ),
    "report_survey_no_target": (
        "Kế hoạch không đặt chỉ tiêu CL01 bằng con số: các ước lượng không được đánh giá.",
        "The plan sets no CL01 target with a number: the estimates are not judged.",
    ),
    "report_survey_none": ("Không có ước lượng nào của địa bàn thuộc kế hoạch.",
                           "No estimate of an area in the plan's scope."),
    "report_survey_area": ("Địa bàn", "Area"),
    "report_survey_against": ("So với chỉ tiêu {year} ({target})",
                              "Against the {year} target ({target})"),
    "report_survey_interval": ("Khoảng tin cậy {level}%", "{level}% confidence interval"),
    "report_survey_routine_period": ("Kỳ báo cáo định kỳ", "Routine period"),
    "report_survey_all": ("Toàn bộ", "All"),
    "report_survey_group": ("Nhóm", "Group"),
    # An area column of the survey chart by its level (``col_province`` is the survey's).
    "col_country": ("Cả nước", "Country"),
    "col_district": ("Huyện", "District"),
    "col_commune": ("Xã", "Commune"),
    # Warnings of the data-quality review in the send-back workbooks (output/forms.py).
    "sendback_quality_sheet": ("Cần giải trình", "To explain"),
    "sendback_quality_title": ("Các số liệu cần đơn vị kiểm tra và giải trình",
                               "Figures the unit is asked to check and explain"),
    "sendback_quality_todo": (
        "Việc cần làm: các số liệu dưới đây khác thường so với các đơn vị khác, với các kỳ "
        "trước hoặc với các chỉ số khác. Kiểm tra lại ô nêu ở từng dòng; nếu số liệu sai thì "
        "sửa và gửi lại báo cáo, nếu đúng thì ghi lời giải trình vào cột \"Giải trình của "
        "đơn vị\" và gửi lại tệp này.",
        "What to do: the figures below look unusual against other units, earlier periods or "
        "other indicators. Check the cells each row names; if a figure is wrong, correct it "
        "and send the report again; if it is right, write why in the \"The unit's answer\" "
        "column and send this file back.",
    ),
    "sendback_answer": ("Giải trình của đơn vị", "The unit's answer"),
    "sendback_request": ("Đề nghị đơn vị", "What the unit is asked"),
    "cli_help_quality_sendback": (
        "với --problems-out: rà soát chất lượng số liệu và thêm các điểm cần giải trình vào "
        "tệp gửi lại của từng đơn vị",
        "with --problems-out: review the data's quality and add the figures to explain to "
        "each unit's send-back workbook",
    ),
    "cli_help_survey_report": (
        "ước lượng điều tra (CSV như clm.survey.estimate trả về, với các cột nhóm: "
        "province hoặc unit_code, sex, age_group…): thêm phần điều tra vào báo cáo và dùng "
        "để đối chiếu trong rà soát chất lượng số liệu",
        "survey estimates (CSV as clm.survey.estimate returns them, with their domain "
        "columns: province or unit_code, sex, age_group…): adds the survey section to the "
        "report and is the data-quality review's external check",
    ),
}

# --------------------------------------------------------------------------- labels
# Rows read by their label (issue 24): how a row was read, teaching labels, their errors.
_LABELS: dict[str, tuple[str, str]] = {
    # How a row's indicator was chosen (``label_how_<reason>``), shown by check-form.
    "label_how_catalogue": ("tên trong danh mục chỉ số", "a name in the indicator catalogue"),
    "label_how_alias": ("tên gọi khác trong danh mục", "an alias in the catalogue"),
    "label_how_lexicon": ("sau khi viết đầy đủ chữ viết tắt, từ đồng nghĩa",
                          "once abbreviations and synonyms were spelled out"),
    "label_how_confirmed": ("tên đã được xác nhận (--labels)", "a confirmed label (--labels)"),
    "label_how_assignment": ("cả biểu mẫu quyết định: {value}",
                             "the whole form decided: {value}"),
    "label_evidence_form": ("mỗi chỉ số chỉ một dòng", "each indicator on one row only"),
    "label_evidence_unit": ("đơn vị tính", "the unit of measure"),
    "label_evidence_section": ("tiêu đề mục", "the section title"),
    "label_evidence_order": ("thứ tự các dòng", "the order of the rows"),
    "label_evidence_denominator": ("mẫu số chung của CL01 và CL02",
                                   "the denominator CL01 and CL02 share"),
    "check_by_label_how": ("theo tên \"{label}\" ≈ {text}, độ khớp {score}, vì: {how}",
                           "by its label \"{label}\" ≈ {text}, score {score}, why: {how}"),
    "check_label_unknown": ("tên \"{label}\" chưa nhận ra; có thể là: {candidates}",
                            "label \"{label}\" not recognised; it could be: {candidates}"),
    # The ``labels`` command.
    "cli_help_labels": (
        "liệt kê các tên dòng chưa nhận ra trong các biểu mẫu, để điền mã một lần",
        "list the row labels the forms' reader did not recognise, to fill in their code once",
    ),
    "cli_help_labels_out": ("tệp CSV ghi ra (cột label, code, candidates, files)",
                            "the CSV file to write (columns label, code, candidates, files)"),
    "cli_help_labels_file": (
        "tệp CSV các tên dòng đã điền mã (cột label, code), từ lệnh labels",
        "a CSV file of row labels with their code filled in (columns label, code), from the "
        "labels command",
    ),
    "cli_labels_written": (
        "Đã ghi {n} tên dòng chưa nhận ra vào {path}: điền cột code rồi chạy lại với "
        "--labels {path}.",
        "Wrote {n} unrecognised row labels to {path}: fill in the code column, then run again "
        "with --labels {path}.",
    ),
    "cli_labels_none": ("Mọi tên dòng đều đã được nhận ra; {path} không có dòng nào.",
                        "Every row label was recognised; {path} has no rows."),
    # Errors of a table of labels.
    "err_labels_no_file": ("không có tệp tên dòng {file}; kiểm tra đường dẫn.",
                           "no such file of labels: {file}; check the path."),
    "err_labels_unknown_code": (
        "{file}, dòng {line}: {value} không phải mã chỉ số; dùng một mã {known} hoặc để "
        "trống cột code.",
        "{file}, line {line}: {value} is no indicator code; use a code {known}, or leave the "
        "code empty.",
    ),
    "err_labels_empty_label": (
        "{file}, dòng {line}: tên {value} không còn chữ nào sau khi chuẩn hóa; ghi tên dòng "
        "như trên biểu mẫu.",
        "{file}, line {line}: the label {value} has no words once normalised; write the row "
        "label as on the form.",
    ),
    "err_labels_two_codes": (
        "{file}, dòng {line}: tên \"{value}\" được gán {code}, nhưng dòng {other_line} gán "
        "{other} cho cùng tên đó; giữ một mã.",
        "{file}, line {line}: the label \"{value}\" is given {code}, but line {other_line} "
        "gives the same label {other}; keep one code.",
    ),
}

_SECTIONS = (_COMMON, _CLI, _ANALYSIS, _REPORT, _READER, _DEPARTMENTS, _TEMPLATE,
             _ERRORS, _SURVEY, _QUALITY, _STORY, _SLIPS, _REPORT_SECTIONS, _LABELS)

#: Every word: key -> (Vietnamese, English).
WORDS: dict[str, tuple[str, str]] = {}
for _section in _SECTIONS:
    _clash = WORDS.keys() & _section.keys()
    if _clash:  # pragma: no cover - caught by the tests at once
        raise RuntimeError(f"words defined twice: {sorted(_clash)}")
    WORDS.update(_section)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def text(key: str, lang: str, **fields: Any) -> str:
    """The text of ``key`` in ``lang``, NFC, placeholders filled; ``lang`` is not checked.

    The one formatting of a vocabulary entry; callers check the language first
    (:func:`~childlabour_metrics.language.words.word` does).  A placeholder
    missing from ``fields`` is rendered as ``?``.

    Examples
    --------
    >>> text("lang_vi", "en"), text("lang_vi", "vi")
    ('Vietnamese', 'Tiếng Việt')
    """
    vi, en = WORDS[key]
    out = en if lang == "en" else vi
    if fields:
        clean = {k: ("?" if v is None else v) for k, v in fields.items()}
        out = out.format_map(_Blank(clean))
    return unicodedata.normalize("NFC", out)
