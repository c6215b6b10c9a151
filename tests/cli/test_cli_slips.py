"""A slip on the command line ends in exit 2 with a clear message, never a believable report.

Issue 23: each slip is run as a user runs it (``cli.main`` in process).
"""

from __future__ import annotations

import argparse
import shlex
from importlib import resources
from pathlib import Path

import pytest

from childlabour_metrics.cli import EXAMPLES, _parser
from tests.fixtures.io_forms import single_form
from tests.support import REPO, CliRun, cp1258_bytes, run_cli

PLAN = "hai-duong-2021"
REGISTRY = ["code,name,level,parent_code", "30,Tỉnh Hải Dương,province,",
            "288,Thành phố Hải Dương,district,30", "10507,Phường Cẩm Thượng,commune,288",
            "10543,Xã Tứ Minh,commune,288"]


def run(*args: object, cwd: Path = REPO) -> CliRun:
    return run_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two communes of Hải Dương, 2024."""
    folder = tmp_path_factory.mktemp("reports")
    for code in ("10507", "10543"):
        single_form(folder / f"{code}.xlsx", unit=code, period="Năm 2024", date="10/12/2024",
                    rows=[("CL01", 14, 1000), ("CL03", 48, 50)])
    return folder


# --------------------------------------------------------------------------- registries


def test_a_registry_without_parent_code_stops_the_report(reports: Path, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("\n".join(line.rsplit(",", 1)[0] for line in REGISTRY), encoding="utf-8")
    out = tmp_path / "report"
    done = run("report", reports, "--plan", PLAN, "--units", units, "--out", out,
               "--lang", "en")
    assert done.returncode == 2
    assert "missing column(s) parent_code" in done.stderr
    assert "columns found: 'code', 'name', 'level'" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()  # no report to forward


def test_a_registry_saved_by_excel_on_vietnamese_windows_is_read(reports: Path,
                                                                   tmp_path: Path) -> None:
    units = tmp_path / "units.csv"  # ";" and Windows-1258, as Excel saves a plain CSV there
    text = "\r\n".join(line.replace(",", ";") for line in REGISTRY) + "\r\n"
    units.write_bytes(cp1258_bytes(text))
    done = run("completeness", reports, "--plan", PLAN, "--units", units, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "10507,Phường Cẩm Thượng" in done.stdout


def test_a_plan_with_a_year_out_of_range_is_exit_2(reports: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = (REPO / "childlabour_metrics" / "data" / "plans" / f"{PLAN}.toml").read_text(
        encoding="utf-8")
    plan.write_text(text.replace("start = 2021", "start = -99999999999999"), encoding="utf-8")
    done = run("attainment", reports, "--plan", plan, "--lang", "en")
    assert done.returncode == 2 and '"start" = -99999999999999' in done.stderr


# --------------------------------------------------------------------------- --out


def test_an_earlier_report_is_replaced_with_a_notice(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    first = run("report", reports, "--plan", PLAN, "--out", out, "--lang", "en")
    assert first.returncode == 0, first.stderr
    second = run("report", reports, "--plan", PLAN, "--out", out)  # Vietnamese, this time
    assert second.returncode == 0, second.stderr
    assert f"báo cáo trước trong {out} (ngôn ngữ: Tiếng Anh) được thay" in second.stderr
    assert '<html lang="vi"' in (out / "report.html").read_text(encoding="utf-8")


def test_a_folder_holding_anything_else_is_refused_without_force(reports: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"the user's own")
    done = run("report", reports, "--plan", PLAN, "--out", out, "--lang", "en")
    assert done.returncode == 2
    assert "holds 1 file(s) no earlier run wrote (notes.docx)" in done.stderr
    assert "--force" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.docx"]  # nothing written
    forced = run("report", reports, "--plan", PLAN, "--out", out, "--force", "--lang", "en")
    assert forced.returncode == 0, forced.stderr
    assert "(--force); they are left as they are" in forced.stderr
    assert (out / "notes.docx").read_bytes() == b"the user's own"
    assert (out / "report.html").is_file()


def test_a_users_picture_among_the_figures_is_anything_else(reports: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert run("report", reports, "--plan", PLAN, "--out", out).returncode == 0
    (out / "figures" / "logo.png").write_bytes(b"png")
    done = run("report", reports, "--plan", PLAN, "--out", out, "--lang", "en")
    assert done.returncode == 2 and "figures/logo.png" in done.stderr


def test_export_refuses_a_report_folder_and_replaces_its_own(reports: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert run("export", reports, "--out", out).returncode == 0
    again = run("export", reports, "--out", out, "--lang", "en")
    assert again.returncode == 0 and "exported earlier into" in again.stderr
    (out / "budget.xlsx").write_bytes(b"x")
    refused = run("export", reports, "--out", out, "--lang", "en")
    assert refused.returncode == 2 and "budget.xlsx" in refused.stderr


def test_an_out_that_is_a_file_is_refused(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("x", encoding="utf-8")
    done = run("report", reports, "--plan", PLAN, "--out", out, "--lang", "en")
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr


# --------------------------------------------------------------------------- --lang, help


@pytest.mark.parametrize(
    "args",
    [("--lang", "en", "--help"), ("--help", "--lang", "en"), ("--lang=en", "--help"),
     ("--lang", "en", "report", "--help"), ("report", "--help", "--lang", "en"),
     ("--lang", "vi", "report", "--lang", "en", "--help")],
)
def test_lang_before_or_after_the_subcommand_help_included(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: childlabour-metrics")  # English, not "cách dùng:"


def test_lang_before_the_subcommand_sets_the_run(tmp_path: Path) -> None:
    done = run("--lang", "en", "plans")
    assert done.returncode == 0 and "Hải Dương" in done.stdout
    assert "Plan" in done.stdout.splitlines()[0]  # headings in English
    error = run("--lang", "en", "attainment", tmp_path, "--plan", "no-such-plan")
    assert error.returncode == 2 and "error: unknown plan" in error.stderr


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_every_subcommand_has_examples_and_each_example_parses() -> None:
    commands = _subcommands()
    assert set(EXAMPLES) == set(commands)
    parser = _parser()
    for name in commands:
        shown = run(name, "--help", "--lang", "en").stdout
        assert "\nexamples:\n" in shown, name
        for example in EXAMPLES[name]:
            assert f"  {example}\n" in shown + "\n"
            words = shlex.split(example.split(" > ")[0])
            assert words[0] == "childlabour-metrics"
            args = parser.parse_args(words[1:])  # an example is a valid command line
            assert args.command == name


def test_the_guide_the_help_points_to_is_shipped_and_printed() -> None:
    shipped = resources.files("childlabour_metrics").joinpath("docs", "cli.md")
    assert shipped.is_file()
    done = run("docs")
    assert done.returncode == 0
    assert done.stdout == shipped.read_text(encoding="utf-8")
    assert "childlabour-metrics docs" in run("--help", "--lang", "en").stdout
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"docs/*.md"' in pyproject  # in the wheel's package data, for a pip user
