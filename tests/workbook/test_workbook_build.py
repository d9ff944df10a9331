"""The built workbook as a file: reproducible, equal to the committed one, its VBA decodes
back to `vba/`, every button and ribbon control reaches a macro, and the layout's sheets,
tables, names, dropdowns and colour rules are where layout.py says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import xlwings

from gst_ims.cli import main
from gst_ims.domain import documents as d
from gst_ims.domain.documents import ACTION_LABELS
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import (
    DEFAULT_OUT,
    VBA_DIR,
    WorkbookBuildError,
    build_workbook,
    check_workbook,
    defined_macros,
    vba_modules,
    workbook_bytes,
)
from gst_ims.workbook.ribbon import (
    RIBBON_PART,
    ROOT_RELS,
    has_ribbon_relationship,
    read_package,
    ribbon_actions,
    write_package,
)
from gst_ims.workbook.vba_project import (
    DICTIONARY_CLS,
    XLWINGS_BAS,
    VbaBuildError,
    crlf,
    decoded_modules,
    project_stream_text,
    vba_project_version,
)


@pytest.fixture(scope="module")
def built(built_workbook: Path) -> Path:
    return built_workbook


@pytest.fixture(scope="module")
def parts(built: Path) -> dict[str, bytes]:
    return read_package(built.read_bytes())


@pytest.fixture(scope="module")
def decoded(parts: dict[str, bytes]) -> dict[str, str]:
    return decoded_modules(parts["xl/vbaProject.bin"])


@pytest.fixture(scope="module")
def book(built: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built, keep_vba=True)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = build_workbook(tmp_path / "again.xlsm")
    assert again.read_bytes() == built.read_bytes()


def test_committed_workbook_equals_a_fresh_build(built: Path) -> None:
    assert DEFAULT_OUT.exists(), "xlsx/GST_IMS_Reconciler.xlsm is missing: run gst-ims " \
        "build-workbook and commit it"
    assert DEFAULT_OUT.read_bytes() == built.read_bytes(), (
        "the committed workbook differs from a fresh build: run `gst-ims build-workbook` "
        "and commit xlsx/GST_IMS_Reconciler.xlsm"
    )


def test_cli_builds_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.xlsm"
    assert main(["build-workbook", "--out", str(out)]) == 0
    assert out.exists()
    assert "Workbook built" in capsys.readouterr().out


def test_package_is_sorted_and_dated_fixed(built: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built) as package:
        infos = package.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert names[0] == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(2025, 1, 1, 0, 0, 0)}


def test_olevba_decodes_every_module_to_its_source(decoded: dict[str, str]) -> None:
    for module in vba_modules():
        assert decoded[module.name] == module.source
    assert decoded["xlwings"] == crlf(XLWINGS_BAS.read_text(encoding="utf-8"))
    dictionary_body = crlf(DICTIONARY_CLS.read_text(encoding="utf-8")).split(
        "Attribute VB_Exposed = True\r\n", 1)[1]
    assert decoded["Dictionary"].endswith(dictionary_body)
    assert "VERSION 1.0 CLASS" not in decoded["Dictionary"]


def test_embedded_xlwings_is_the_pinned_version(decoded: dict[str, str]) -> None:
    assert xlwings.__version__ == "0.37.8"
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in decoded["xlwings"]
    assert f"xlwings64-{xlwings.__version__}.dll" in decoded["xlwings"]


def test_vba_project_is_source_only_with_a_document_module_per_sheet(
    parts: dict[str, bytes], decoded: dict[str, str]
) -> None:
    raw = parts["xl/vbaProject.bin"]
    assert vba_project_version(raw) == bytes.fromhex("cc61ffff000100")
    project = project_stream_text(raw)
    assert 'ID="{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}"' in project
    code_names = ["ThisWorkbook"] + [f"Sheet{n}" for n in range(1, len(lay.SHEET_ORDER) + 1)]
    for code_name in code_names:
        assert f"Document={code_name}/&H00000000" in project
        assert code_name in decoded
    for name in ("Jobs", "Launch", "Ribbon", "Dialogs", "xlwings"):
        assert f"Module={name}" in project
    assert "Class=Dictionary" in project
    workbook_xml = parts["xl/workbook.xml"].decode()
    assert 'codeName="ThisWorkbook"' in workbook_xml
    for number in range(1, len(lay.SHEET_ORDER) + 1):
        sheet_xml = parts[f"xl/worksheets/sheet{number}.xml"].decode()
        assert f'codeName="Sheet{number}"' in sheet_xml


def test_every_button_runs_a_macro_that_exists(
    parts: dict[str, bytes], decoded: dict[str, str]
) -> None:
    vml = parts["xl/drawings/vmlDrawing1.vml"].decode()
    bound = re.findall(r"<x:FmlaMacro>\[0\]!([\w.]+)</x:FmlaMacro>", vml)
    assert sorted(bound) == sorted(job.macro for job in lay.JOBS)
    macros = defined_macros(decoded)
    assert set(bound) <= macros


def test_every_ribbon_control_calls_a_callback_that_exists(
    parts: dict[str, bytes], decoded: dict[str, str]
) -> None:
    assert has_ribbon_relationship(parts[ROOT_RELS])
    actions = ribbon_actions(parts[RIBBON_PART])
    assert len(actions) == len(lay.JOBS) + 2  # the jobs, Settings and Help
    ribbon_subs = {m.split(".", 1)[1] for m in defined_macros(decoded) if m.startswith("Ribbon.")}
    assert set(actions.values()) <= ribbon_subs
    ribbon_xml = parts[RIBBON_PART].decode()
    assert 'label="GST IMS"' in ribbon_xml
    assert ribbon_xml.count("imageMso=") == len(actions)


def test_each_job_macro_hands_its_own_entry_point_to_run_python() -> None:
    jobs_source = (VBA_DIR / "Jobs.bas").read_text(encoding="utf-8")
    for job in lay.JOBS:
        sub = job.macro.split(".", 1)[1]
        body = jobs_source.split(f"Public Sub {sub}()", 1)[1].split("End Sub", 1)[0]
        assert f'RunJob "{lay.run_python_command(job)}"' in body
    # A picked path never goes into the RunPython text, and only Launch.RunJob calls
    # RunPython (it tidies the interpreter setting and puts Excel's calculation mode back).
    for path in VBA_DIR.glob("*.bas"):
        calls = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                 if "RunPython" in line and not line.lstrip().startswith("'")]
        assert calls == (["RunPython command"] if path.name == "Launch.bas" else []), path
    for line in jobs_source.splitlines():
        if "RunJob \"" in line and not line.lstrip().startswith("'"):
            assert "&" not in line


def test_vba_names_the_cells_and_sheets_the_layout_defines() -> None:
    names = {cell.name for cell in lay.ALL_NAMED_CELLS}
    for path in VBA_DIR.glob("*.bas"):
        text = path.read_text(encoding="utf-8")
        for used in re.findall(r'(?:SetNamedCell|NamedCellText)\(?\s*"(\w+)"', text):
            assert used in names, f"{path.name} uses undefined name {used}"
        for sheet in re.findall(r'Worksheets\("([^"]+)"\)', text):
            assert sheet in lay.SHEET_ORDER


def test_sheets_are_in_layout_order_with_xlwings_conf_hidden(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == list(lay.SHEET_ORDER)
    assert book[lay.XLWINGS_CONF].sheet_state == "hidden"
    conf = book[lay.XLWINGS_CONF]
    rows = [(conf.cell(row, 1).value, conf.cell(row, 2).value) for row in range(1, 20)]
    entries = rows[:rows.index((None, None))]  # xlwings reads from A1 down to a blank
    assert entries == [("ADD_WORKBOOK_TO_PYTHONPATH", False), ("USE UDF SERVER", False)]
    assert all(value not in (None, "") for _, value in entries)  # no blank key
    assert not any(key or value for key, value in rows[len(entries):])
    assert not {key.upper() for key, _ in entries} & {"INTERPRETER_WIN", "INTERPRETER_MAC",
                                                       "INTERPRETER"}


def test_data_sheets_have_the_layout_headers_and_formats(book: openpyxl.Workbook) -> None:
    for spec in lay.DATA_SHEETS.values():
        sheet = book[spec.name]
        headers = [sheet.cell(spec.header_row, i + 1).value for i in range(len(spec.columns))]
        assert tuple(headers) == spec.headers, spec.name
        assert sheet.freeze_panes == f"{lay.column_letter(spec.freeze_columns + 1)}2"
    books = book[lay.BOOKS]
    assert set(books.tables) == {"tblBooks"}
    assert set(book[lay.IMS].tables) == {"tblIMS"}
    gstin_letter = lay.BOOKS_SHEET.letter(d.SUPPLIER_GSTIN)
    assert books.column_dimensions[gstin_letter].width == pytest.approx(18, abs=1)


def test_hidden_columns_are_hidden(built: Path, parts: dict[str, bytes]) -> None:
    # Result sheet 4 (Matched): the last four columns are hidden.
    sheet_xml = parts["xl/worksheets/sheet4.xml"].decode()
    spec = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    hidden_of: dict[int, bool] = {}
    for col in re.finditer(r'<col min="(\d+)" max="(\d+)"[^>]*/>', sheet_xml):
        for index in range(int(col.group(1)), int(col.group(2)) + 1):
            hidden_of[index] = 'hidden="1"' in col.group(0)
    for column in spec.columns:
        assert hidden_of[spec.index(column.field)] is column.hidden, column.header


def test_dropdowns_cover_the_whole_usable_range(book: openpyxl.Workbook) -> None:
    for name in lay.RESULT_SHEETS:
        spec = lay.RESULT_SHEET_LAYOUTS[name]
        lists = {str(v.sqref): v.formula1 for v in book[name].data_validations.dataValidation}
        action = spec.letter(d.ACTION)
        assert lists[f"{action}2:{action}100001"] == '"' + ",".join(ACTION_LABELS) + '"'
        itc = spec.letter(d.ITC_RED_REQ)
        assert lists[f"{itc}2:{itc}100001"] == '"Y,N"'


def test_colour_rules_cover_every_result_column_once(book: openpyxl.Workbook) -> None:
    spec = lay.RESULT_SHEET_LAYOUTS[lay.MISMATCHED]
    sheet = book[lay.MISMATCHED]
    covered: list[str] = []
    formulas: list[str] = []
    for rng in sheet.conditional_formatting:
        for cell_range in str(rng.sqref).split():
            covered.append(cell_range)
        for rule in rng.rules:
            assert rule.stopIfTrue
            formulas.extend(rule.formula)
    columns = []
    for cell_range in covered:
        first, last = cell_range.split(":")
        assert first.endswith("2") and last.endswith("100001")
        start = openpyxl.utils.column_index_from_string(first.rstrip("0123456789"))
        end = openpyxl.utils.column_index_from_string(last.rstrip("0123456789"))
        columns.extend(range(start, end + 1))
    # Every column has exactly one rule set (LibreOffice applies only the first one).
    assert sorted(columns) == list(range(1, len(spec.columns) + 1))
    category = spec.letter(d.CATEGORY)
    for cat in lay.RESULT_SHEET_OF:
        assert f'${category}2="{cat.value}"' in formulas
    assert any("Ambiguous" in f for f in formulas)
    changed = spec.letter(d.CHANGED_SINCE_DECISION)
    assert any(f"${changed}2" in f for f in formulas)


def test_named_cells_point_where_the_layout_says(book: openpyxl.Workbook) -> None:
    for cell in lay.ALL_NAMED_CELLS:
        defined = book.defined_names[cell.name]
        assert defined.attr_text == cell.refers_to.lstrip("=")


def test_settings_rows_hold_keys_defaults_and_the_mapping(book: openpyxl.Workbook) -> None:
    sheet = book[lay.SETTINGS]
    for offset, setting in enumerate(lay.SETTING_ROWS):
        row = lay.SETTINGS_FIRST_ROW + offset
        assert sheet.cell(row, lay.SETTINGS_KEY_COLUMN).value == setting.key
        value = sheet.cell(row, lay.SETTINGS_VALUE_COLUMN).value
        assert value == (setting.default or None)
        assert sheet.cell(row, lay.SETTINGS_EXPLANATION_COLUMN).value
    for offset, field in enumerate(lay.MAPPED_FIELDS):
        row = lay.MAPPING_FIRST_ROW + offset
        assert sheet.cell(row, lay.MAPPING_FIELD_COLUMN).value == field
        assert sheet.cell(row, lay.MAPPING_VALUE_COLUMN).value is None
    assert set(sheet.tables) == {lay.SETTINGS_TABLE, lay.MAPPING_TABLE}


def test_document_properties_are_fixed(book: openpyxl.Workbook) -> None:
    assert book.properties.title == lay.WORKBOOK_TITLE
    assert book.properties.created is not None
    assert book.properties.created.year == 2025


def test_self_check_refuses_a_workbook_whose_module_differs(built: Path) -> None:
    modules = vba_modules()
    tampered = [type(m)(m.name, m.source.replace("import_ims", "import_imz")) for m in modules]
    with pytest.raises(WorkbookBuildError, match="olevba does not decode module Jobs"):
        check_workbook(built.read_bytes(), tampered)


def test_self_check_refuses_a_ribbon_without_its_relationship(built: Path) -> None:
    parts = read_package(built.read_bytes())
    parts[ROOT_RELS] = parts[ROOT_RELS].replace(b"rIdGstImsRibbon", b"x").replace(
        b"customUI/customUI14.xml", b"customUI/gone.xml")
    with pytest.raises(WorkbookBuildError, match="ribbon"):
        check_workbook(write_package(parts), vba_modules())


def test_a_broken_vba_source_is_refused(tmp_path: Path) -> None:
    vba = tmp_path / "vba"
    shutil.copytree(VBA_DIR, vba)
    text = (vba / "Jobs.bas").read_text(encoding="utf-8")
    (vba / "Jobs.bas").write_text(text.replace('VB_Name = "Jobs"', 'VB_Name = "Work"'),
                                  encoding="utf-8")
    with pytest.raises(VbaBuildError, match=r"Jobs\.bas"):
        workbook_bytes(vba)
