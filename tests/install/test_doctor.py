"""`gst-ims doctor` and `gst-ims setup-excel`: the interpreter as xlwings' VBA resolves
it, the per-user settings file, and each finding with what to do."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest

from gst_ims.cli import main
from gst_ims.install import xlwings_config as conf
from gst_ims.install.doctor import (
    WorkbookFacts,
    all_well,
    check_interpreter,
    check_python,
    check_settings_sheet,
    check_xlwings,
    run_doctor,
)
from gst_ims.install.facts import facts_from_file
from gst_ims.install.packaged import PACKAGED_WORKBOOK, copy_packaged_workbook
from gst_ims.install.setup_excel import setup_excel
from gst_ims.workbook import layout as lay

WINDOWS_PYTHON = r"C:\Users\Priya\AppData\Local\GST_IMS_Reconciler\venv\Scripts\python.exe"


def _answer(_: str) -> str:
    return "0.1.0 0.37.8"


def test_python_versions() -> None:
    assert check_python((3, 12)).ok
    assert not check_python((3, 10)).ok and "python.org" in check_python((3, 10)).todo
    assert not check_python((3, 14)).ok


def test_xlwings_must_equal_the_workbooks_vba() -> None:
    assert check_xlwings("0.37.8", "0.37.8", "0.37.8").ok
    wrong = check_xlwings("0.38.0", "0.37.8", "0.37.8")
    assert not wrong.ok and "xlwings==0.37.8" in wrong.todo
    assert not check_xlwings(None, None, "0.37.8").ok


def test_the_interpreter_is_resolved_as_xlwings_vba_does(tmp_path: Path) -> None:
    user = tmp_path / "user.conf"
    folder = tmp_path / "folder.conf"
    conf.write_config_value(user, "INTERPRETER_WIN", WINDOWS_PYTHON)
    assert conf.interpreter("win32", {}, None, user) == conf.Setting(
        "INTERPRETER_WIN", WINDOWS_PYTHON, "user")
    folder.write_text('"Interpreter_Win","D:\\\\py\\\\python.exe"\n', encoding="utf-8")
    assert conf.interpreter("win32", {}, folder, user).source == "folder"
    # A key on the sheet wins even when blank: then the old INTERPRETER key, then python.
    blank = conf.interpreter("win32", {"Interpreter_Win": None}, folder, user)
    assert blank == conf.Setting("INTERPRETER", "python", "default")
    assert conf.interpreter("darwin", {}, None, user).value == "python"


def test_writing_the_user_settings_keeps_the_other_lines(tmp_path: Path) -> None:
    user = tmp_path / ".xlwings" / "xlwings.conf"
    user.parent.mkdir()
    user.write_text('"LICENSE_KEY","abc"\n"interpreter_win","C:\\\\old\\\\python.exe"\n\n',
                    encoding="utf-8")
    conf.write_config_value(user, "INTERPRETER_WIN", WINDOWS_PYTHON)
    assert conf.read_config_file(user) == {"LICENSE_KEY": "abc",
                                           "INTERPRETER_WIN": WINDOWS_PYTHON}
    assert user.read_bytes().count(b"\r\n") == 2  # the format VBA's Input # reads


def test_interpreter_findings(tmp_path: Path) -> None:
    def check(value: str, which: str | None = None) -> list[str]:
        found = check_interpreter(conf.Setting("INTERPRETER_WIN", value, "sheet"),
                                  platform="win32", expected_xlwings="0.37.8",
                                  current=sys.executable, which=lambda _: which,
                                  probe=_answer)
        return [f.found + " " + f.todo for f in found if not f.ok]

    assert "quotes" in check(f'"{WINDOWS_PYTHON}"')[0]
    assert "No file is there" in check(WINDOWS_PYTHON)[0]
    assert "No such program" in check("python")[0]
    store = r"C:\Users\Priya\AppData\Local\Microsoft\WindowsApps\python.exe"
    assert "Microsoft Store" in check("python", store)[0]
    here = tmp_path / "python.exe"
    here.write_text("")
    assert check(str(here)) == []
    assert check(sys.executable) == []
    old = check_interpreter(conf.Setting("INTERPRETER_WIN", str(here), "user"),
                            platform="win32", expected_xlwings="0.37.8", current="x",
                            probe=lambda _: "0.1.0 0.34.0")
    assert not old[0].ok and "0.34.0" in old[0].found


def test_the_settings_sheet_of_an_old_workbook_is_flagged() -> None:
    old = {"Interpreter_Win": None, "Interpreter_Mac": None, "Show Console": False}
    found = check_settings_sheet(old)
    assert not all_well(found)
    assert "INTERPRETER_WIN" in found[0].found and "delete those rows" in found[0].todo
    shipped = dict(lay.XLWINGS_CONF_ENTRIES)
    assert all_well(check_settings_sheet(shipped))


def test_the_packaged_workbook_passes_the_file_checks(tmp_path: Path) -> None:
    copy = copy_packaged_workbook(tmp_path / "GST.xlsm")
    assert copy.read_bytes() == PACKAGED_WORKBOOK.read_bytes()
    facts = facts_from_file(copy)
    assert facts.vba_xlwings == "0.37.8" and facts.folder == tmp_path
    assert facts.settings == {"ADD_WORKBOOK_TO_PYTHONPATH": False, "USE UDF SERVER": False}
    home = tmp_path / "home"
    conf.write_config_value(conf.user_config_path("win32", home), "INTERPRETER_WIN",
                            sys.executable)
    findings = run_doctor(facts, platform="win32", home=home, version=(3, 12))
    assert all_well(findings), findings


def test_a_cloud_workbook_is_flagged() -> None:
    facts = WorkbookFacts("https://contoso-my.sharepoint.com/personal/p/Documents/GST.xlsm",
                          None, cloud_only=True)
    findings = run_doctor(facts, platform="win32", home=Path("/nowhere"), version=(3, 12),
                          which=lambda _: None)
    location = [f for f in findings if f.topic == "Workbook location"]
    assert not location[0].ok and "synced" in location[0].todo


def test_setup_excel_writes_the_interpreter_and_says_what_to_do(tmp_path: Path) -> None:
    workbook = copy_packaged_workbook(tmp_path / "GST.xlsm")
    report, text = setup_excel(workbook=workbook, platform="win32", home=tmp_path,
                               interpreter=sys.executable)
    user = tmp_path / ".xlwings" / "xlwings.conf"
    assert conf.read_config_file(user) == {"INTERPRETER_WIN": sys.executable}
    assert report["all_well"] is True
    assert "Unblock" in text and "Recipient GSTIN" in text and "Check set-up" in text
    with pytest.raises(Exception, match="Windows and macOS"):
        setup_excel(platform="linux", home=tmp_path)


def test_the_doctor_command_exits_1_when_something_is_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    old = tmp_path / "old.xlsm"
    book = openpyxl.load_workbook(copy_packaged_workbook(tmp_path / "x.xlsm"), keep_vba=True)
    book[lay.XLWINGS_CONF]["A3"] = "Interpreter_Win"  # a blank key, as old workbooks had
    book[lay.XLWINGS_CONF]["B3"] = None
    book.save(old)
    code = main(["doctor", "--workbook", str(old)])
    out = capsys.readouterr().out
    assert code == 1 and "INTERPRETER_WIN" in out and "What to do:" in out
    if sys.platform not in ("win32", "darwin"):  # no interpreter to check here
        assert main(["doctor", "--json", "--workbook", str(tmp_path / "x.xlsm")]) == 0
