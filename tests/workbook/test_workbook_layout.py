"""The layout contract holds together: every field it names exists, names are unique and
usable as Excel names, and the Books headers are ones the register reader recognises."""

from __future__ import annotations

import itertools
import re

import pytest

from gst_ims.books.aliases import field_of
from gst_ims.domain import documents as d
from gst_ims.domain.documents import ACTION_LABELS, Action, Category
from gst_ims.workbook import layout as lay

# A defined name that looks like a cell reference (A1, XFD1048576, R1C1) is refused.
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$")


def test_sheet_order_is_the_documented_one() -> None:
    assert lay.SHEET_ORDER == (
        "Home", "Books", "IMS", "Matched", "Mismatched", "Suggested", "Not in Books",
        "Not in IMS", "Summary", "Suppliers", "Settings", "Log", "Links", "History",
        "xlwings.conf",
    )
    assert set(lay.RESULT_SHEET_OF.values()) == set(lay.RESULT_SHEETS)
    assert all(name in lay.SHEET_ORDER for name in lay.DATA_SHEETS)


@pytest.mark.parametrize("spec", list(lay.DATA_SHEETS.values()), ids=lambda s: s.name)
def test_headers_and_fields_are_unique(spec: lay.DataSheet) -> None:
    assert len(set(spec.headers)) == len(spec.headers)
    assert len(set(spec.fields)) == len(spec.fields)
    assert spec.first_data_row == spec.header_row + 1
    assert spec.last_data_row >= 100_001


def test_result_fields_follow_the_naming_convention() -> None:
    sources = {
        lay.IMS_PREFIX: set(d.IMS_COLUMNS),
        lay.BOOKS_PREFIX: set(d.BOOKS_COLUMNS),
        lay.DOC_PREFIX: set(d.IMS_COLUMNS) & set(d.BOOKS_COLUMNS),
    }
    for column in lay.RESULT_COLUMNS:
        prefix, dot, name = column.field.partition(".")
        if dot:
            assert name in sources[prefix + "."], column
        else:
            assert column.field in d.RECON_COLUMNS or column.field in lay.SHEET_ONLY_FIELDS, column


def test_result_sheets_share_one_column_list_with_the_decision_columns() -> None:
    for spec in lay.RESULT_SHEET_LAYOUTS.values():
        # One field list; only the tick column's name and what is hidden differ.
        assert spec.fields == tuple(c.field for c in lay.RESULT_COLUMNS)
    ticks = {name: spec.column(lay.TICK) for name, spec in lay.RESULT_SHEET_LAYOUTS.items()}
    assert {name: c.header for name, c in ticks.items() if not c.hidden} == {
        "Matched": "Unlink", "Mismatched": "Unlink", "Suggested": "Confirm",
        "Not in IMS": "Exclude"}
    shown_link = [name for name, spec in lay.RESULT_SHEET_LAYOUTS.items()
                  if not spec.column(lay.LINK_TO).hidden]
    assert shown_link == [lay.NOT_IN_BOOKS]
    spec = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    assert spec.headers[:3] == ("Status", "Category", "Action")
    assert spec.column(d.ACTION).dropdown == ACTION_LABELS
    assert spec.column(d.ITC_RED_REQ).dropdown == ("Y", "N")
    hidden = {c.header for c in lay.RESULT_COLUMNS if c.hidden}
    assert hidden == {"Record Key", "Books Key", "Hash", "IMS Id", "Books Id"}
    assert {f"diff_{n}" for n in ("taxable", "igst", "cgst", "sgst", "cess")} <= set(
        spec.fields
    )


def test_ims_sheet_holds_every_ims_column_but_the_raw_record() -> None:
    assert set(lay.IMS_SHEET.fields) == set(d.IMS_COLUMNS) - {d.RAW}
    assert lay.IMS_SHEET.column(d.RECORD_KEY).hidden
    assert lay.IMS_SHEET.column(d.HASH).hidden


_BOOKS_HEADER_CASES = [
    pytest.param(column, id=column.header) for column in lay.BOOKS_SHEET.columns
]


@pytest.mark.parametrize("column", _BOOKS_HEADER_CASES)
def test_books_headers_are_recognised_by_the_register_reader(column: lay.Column) -> None:
    assert field_of(column.header) == column.field
    assert lay.BOOKS_SHEET.table_name == "tblBooks"


def test_text_money_and_date_columns_have_the_right_formats() -> None:
    books = lay.BOOKS_SHEET
    assert books.column(d.SUPPLIER_GSTIN).number_format == "@"
    assert books.column(d.DOC_NO).number_format == "@"
    assert books.column(d.DOC_DATE).number_format == "dd-mm-yyyy"
    assert "##\\,##\\,##0.00" in books.column(d.TAXABLE).number_format
    assert books.text_headers() == tuple(c.header for c in books.columns if c.is_text)
    assert books.number_formats()["Taxable Value"] == lay.FORMAT_RUPEES


def test_named_cells_are_unique_valid_excel_names_in_distinct_cells() -> None:
    names = [cell.name for cell in lay.ALL_NAMED_CELLS]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name), name
        assert not _CELL_LIKE.match(name), name
    places = [(cell.sheet, cell.row, cell.column) for cell in lay.ALL_NAMED_CELLS]
    assert len(set(places)) == len(places)
    assert lay.PICKED_IMS_FILES.refers_to == "='Home'!$H$6"


def test_settings_cover_the_engine_keys_and_the_mapping_sits_below() -> None:
    keys = [setting.key for setting in lay.SETTING_ROWS]
    assert len(set(keys)) == len(keys)
    assert set(lay.RECON_SETTING_KEYS) <= set(keys)
    assert {"recipient_gstin", "output_folder"} <= set(keys)
    assert lay.setting_cell("date_window_days").name == "Setting_date_window_days"
    last_setting_row = lay.SETTING_CELLS[-1].row
    assert last_setting_row + 1 < lay.MAPPING_HEADER_ROW
    assert lay.BOOKS_SHEET.fields == lay.MAPPED_FIELDS
    with pytest.raises(KeyError):
        lay.setting_cell("no_such_setting")


def test_summary_blocks_do_not_overlap() -> None:
    blocks = lay.SUMMARY_BLOCKS
    for upper, lower in itertools.pairwise(blocks):
        assert upper.max_rows is not None
        assert upper.first_data_row + upper.max_rows < lower.header_row - 1
    assert blocks[-1].max_rows is None


def test_every_category_and_action_has_its_place() -> None:
    assert set(lay.CATEGORY_COLOURS) == set(Category)
    assert set(lay.COUNT_CELLS) == set(Category)
    assert tuple(a.label for a in Action) == ACTION_LABELS


def test_jobs_call_fixed_entry_points() -> None:
    assert [job.python_function for job in lay.JOBS] == [
        "import_ims", "reconcile", "export_upload", "import_books", "accept_matched",
        "confirm_suggestions", "import_errors", "supplier_letters", "check_setup",
    ]
    assert [job.step for job in lay.JOBS if job.step] == [1, 2, 3]
    job = lay.JOBS[0]
    assert lay.run_python_command(job) == "import gst_ims.excel as x; x.import_ims()"


@pytest.mark.parametrize(("index", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"),
                                                 (703, "AAA")])
def test_column_letter(index: int, letters: str) -> None:
    assert lay.column_letter(index) == letters


def test_column_letter_refuses_zero() -> None:
    with pytest.raises(ValueError):
        lay.column_letter(0)


def test_upload_key_styles_are_the_writer_s_words() -> None:
    from gst_ims.upload.dialects import KeyStyle

    assert tuple(style.value for style in KeyStyle) == lay.UPLOAD_KEY_STYLES
    setting = next(s for s in lay.SETTING_ROWS if s.key == "upload_key_style")
    assert setting.kind is lay.SettingKind.CHOICE
    assert setting.choices == lay.UPLOAD_KEY_STYLES and setting.default == "as downloaded"


def test_red_upload_statuses_are_the_ones_the_jobs_write() -> None:
    assert lay.UPLOAD_RED_PREFIXES == (lay.UPLOAD_REFUSED, lay.UPLOAD_PORTAL_ERROR)
    assert not lay.UPLOAD_WRITTEN.startswith(lay.UPLOAD_RED_PREFIXES)
