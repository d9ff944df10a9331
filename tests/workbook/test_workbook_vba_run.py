"""Run the job macros of the built workbook in pyOpenVBA's VBA interpreter.

`RunPython` (xlwings) and the pickers (Dialogs) are replaced by stubs: RunPython prints
the command it was given, the pickers return what a user might pick, or "" for Cancel.
This proves that each button and ribbon item puts the picked path into the right named
cell, hands xlwings an entry point that exists in `gst_ims.excel`, and does nothing at
all when the user cancels.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from pyopenvba.apps.excel import ExcelApplication

from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import VBA_DIR
from support import NewWorkbook

# A path with the characters that break a command line passed through cmd.exe.
AWKWARD_IMS = r"C:\Users\Priya & Co\GST 100%\^IMS\27AABCZ9999Q1ZT_112026.json"
SECOND_IMS = r"D:\IMS\second.json"
REGISTER = r"C:\Books\Purchase register ""Nov"".xlsx"
FOLDER = r"C:\GST\Upload"
ERRORS = r"C:\GST\Upload\Portal errors 100% & co\error_report.json"

RUN_PYTHON_STUB = """Attribute VB_Name = "xlwings"
Public Function RunPython(PythonCommand As String)
    Debug.Print "RunPython:" & PythonCommand
End Function
"""


def _dialogs_stub(ims: str, register: str, folder: str, errors: str = "") -> str:
    def vba_text(value: str) -> str:
        return '"' + value.replace('"', '""').replace("\n", '" & vbLf & "') + '"'

    return f"""Attribute VB_Name = "Dialogs"
Public Function PickImsFiles() As String
    Debug.Print "Picker:PickImsFiles"
    PickImsFiles = {vba_text(ims)}
End Function
Public Function PickRegisterFile() As String
    Debug.Print "Picker:PickRegisterFile"
    PickRegisterFile = {vba_text(register)}
End Function
Public Function PickFolder() As String
    Debug.Print "Picker:PickFolder"
    PickFolder = {vba_text(folder)}
End Function
Public Function PickErrorFiles() As String
    Debug.Print "Picker:PickErrorFiles"
    PickErrorFiles = {vba_text(errors)}
End Function
"""


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, new_workbook: NewWorkbook) -> Path:
    return new_workbook(tmp_path_factory.mktemp("vba"), "book.xlsm")


def _app(workbook: Path, *, ims: str = "", register: str = "", folder: str = "",
         errors: str = "") -> ExcelApplication:
    app = ExcelApplication.open(workbook, with_vba=False)
    for name in ("Jobs", "Launch", "Ribbon"):
        app.add_module((VBA_DIR / f"{name}.bas").read_text(encoding="utf-8"), name=name)
    app.add_module(RUN_PYTHON_STUB, name="xlwings")
    app.add_module(_dialogs_stub(ims, register, folder, errors), name="Dialogs")
    return app


def _commands(app: ExcelApplication) -> list[str]:
    return [line.removeprefix("RunPython:") for line in app.console
            if line.startswith("RunPython:")]


def _named(app: ExcelApplication, cell: lay.NamedCell) -> object:
    return app.sheet(cell.sheet).value(cell.address.replace("$", ""))


def _function_of(command: str) -> str:
    match = re.fullmatch(r"import gst_ims\.excel as x; x\.(\w+)\(\)", command)
    assert match, command
    return match.group(1)


def test_the_entry_points_exist_in_gst_ims_excel() -> None:
    excel = importlib.import_module("gst_ims.excel")
    for job in lay.JOBS:
        assert callable(getattr(excel, job.python_function, None)), job.python_function


@pytest.mark.parametrize("job", lay.JOBS, ids=lambda job: job.macro)
def test_each_button_macro_calls_its_entry_point(workbook: Path, job: lay.Job) -> None:
    app = _app(workbook, ims=AWKWARD_IMS + lay.PATH_SEPARATOR + SECOND_IMS,
               register=REGISTER, folder=FOLDER, errors=ERRORS)
    app.run(job.macro.split(".", 1)[1])
    assert _commands(app) == [lay.run_python_command(job)]
    assert _function_of(_commands(app)[0]) == job.python_function


def test_import_ims_puts_the_picked_paths_in_the_named_cell(workbook: Path) -> None:
    app = _app(workbook, ims=AWKWARD_IMS + lay.PATH_SEPARATOR + SECOND_IMS)
    app.run("ImportIMS")
    assert _named(app, lay.PICKED_IMS_FILES) == AWKWARD_IMS + "\n" + SECOND_IMS
    assert "Priya" not in _commands(app)[0]


def test_import_register_puts_the_picked_path_in_the_named_cell(workbook: Path) -> None:
    app = _app(workbook, register=REGISTER)
    app.run("ImportRegister")
    assert _named(app, lay.PICKED_REGISTER_FILE) == REGISTER
    assert _commands(app) == ["import gst_ims.excel as x; x.import_books()"]


def test_import_errors_puts_the_picked_paths_in_the_named_cell(workbook: Path) -> None:
    app = _app(workbook, errors=ERRORS + lay.PATH_SEPARATOR + SECOND_IMS)
    app.run("ImportErrors")
    assert _named(app, lay.PICKED_ERROR_FILES) == ERRORS + "\n" + SECOND_IMS
    assert _commands(app) == ["import gst_ims.excel as x; x.import_errors()"]


@pytest.mark.parametrize("macro", ["ImportIMS", "ImportRegister", "ExportUpload",
                                   "ImportErrors"])
def test_cancelling_a_picker_does_nothing(workbook: Path, macro: str) -> None:
    app = _app(workbook)  # every picker answers "" (Cancel)
    before = {cell.name: _named(app, cell) for cell in lay.ALL_NAMED_CELLS
              if cell not in lay.FORMULA_CELLS}
    app.run(macro)
    assert _commands(app) == []
    after = {cell.name: _named(app, cell) for cell in lay.ALL_NAMED_CELLS
             if cell not in lay.FORMULA_CELLS}
    assert after == before


def test_export_asks_for_a_folder_once_and_keeps_it_in_settings(workbook: Path) -> None:
    app = _app(workbook, folder=FOLDER)
    app.run("ExportUpload")
    assert _named(app, lay.OUTPUT_FOLDER) == FOLDER
    app.run("ExportUpload")
    assert [line for line in app.console if line.startswith("Picker:")] == [
        "Picker:PickFolder"
    ]
    assert _commands(app) == ["import gst_ims.excel as x; x.export_upload()"] * 2


@pytest.mark.parametrize(
    ("callback", "job"),
    [("OnImportIMS", "import_ims"), ("OnImportRegister", "import_books"),
     ("OnReconcile", "reconcile"), ("OnAcceptMatched", "accept_matched"),
     ("OnExportUpload", "export_upload"), ("OnImportErrors", "import_errors"),
     ("OnCheckSetup", "check_setup")],
)
def test_each_ribbon_callback_runs_the_same_job(workbook: Path, callback: str,
                                                job: str) -> None:
    app = _app(workbook, ims=AWKWARD_IMS, register=REGISTER, folder=FOLDER, errors=ERRORS)
    app.run(callback, app.workbook)  # any object stands in for the IRibbonControl
    assert [_function_of(c) for c in _commands(app)] == [job]


def test_ribbon_settings_and_help(workbook: Path) -> None:
    app = _app(workbook)
    app.run("OnSettings", app.workbook)
    assert app.evaluate("ActiveSheet.Name") == lay.SETTINGS
    app.answer_dialogs(1)
    app.run("OnHelp", app.workbook)
    assert app.evaluate("ActiveSheet.Name") == lay.HOME
    (kind, prompt, title, _buttons) = app.dialogs[-1]
    assert kind == "MsgBox" and title == lay.WORKBOOK_TITLE
    assert "Import IMS JSON" in prompt and "Upload JSON" in prompt
    assert "Import portal errors" in prompt
    assert _commands(app) == []


CRASHING_RUN_PYTHON = """Attribute VB_Name = "xlwings"
Public Function RunPython(PythonCommand As String)
    Debug.Print "RunPython:" & PythonCommand
    Application.Calculation = -4135
    Application.EnableEvents = False
    Application.ScreenUpdating = False
End Function
"""


def test_a_quoted_interpreter_path_loses_its_quotes_before_python_runs(workbook: Path) -> None:
    app = _app(workbook)
    conf = app.sheet(lay.XLWINGS_CONF)
    keys = len(lay.XLWINGS_CONF_ENTRIES)
    conf.set_value(f"A{keys + 1}", "Interpreter_Win")
    conf.set_value(f"B{keys + 1}", '  "C:\\Users\\Priya\\venv\\Scripts\\python.exe" ')
    conf.set_value(f"A{keys + 2}", "PYTHONPATH")
    conf.set_value(f"B{keys + 2}", '"kept as it is"')
    app.run("Reconcile")
    assert conf.value(f"B{keys + 1}") == "C:\\Users\\Priya\\venv\\Scripts\\python.exe"
    assert conf.value(f"B{keys + 2}") == '"kept as it is"'
    assert conf.value("A1") == "ADD_WORKBOOK_TO_PYTHONPATH"
    assert _commands(app) == ["import gst_ims.excel as x; x.reconcile()"]


def test_excel_is_put_back_as_it_was_even_if_python_did_not(workbook: Path) -> None:
    app = ExcelApplication.open(workbook, with_vba=False)
    for name in ("Jobs", "Launch", "Ribbon"):
        app.add_module((VBA_DIR / f"{name}.bas").read_text(encoding="utf-8"), name=name)
    app.add_module(CRASHING_RUN_PYTHON, name="xlwings")
    app.add_module(_dialogs_stub("", "", ""), name="Dialogs")
    assert app.evaluate("Application.Calculation") == -4105  # automatic
    app.run("Reconcile")
    assert app.evaluate("Application.Calculation") == -4105
    assert app.evaluate("Application.EnableEvents") is True
    assert app.evaluate("Application.ScreenUpdating") is True

