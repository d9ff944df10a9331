"""Register files as they really arrive, with one hostile thing each: formulas a program
that does not calculate wrote (a result of 0, or none), error cells, decimal commas, the
CSV flavours Excel saves (UTF-16, Windows-1252), a 1 MB field, a million rows of spaces,
text a workbook cannot store. Each costs its own row at most, with the cell named."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from gst_ims.books.register import RegisterRead, read_register
from gst_ims.books.sheets import read_register_file
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.safe_text import MARKER, XML_ILLEGAL
from gst_ims.domain.unread_cells import CellError, FormulaWithoutValue

HEADERS = ["Date", "Particulars", "GSTIN/UIN", "Supplier Invoice No.", "Supplier Invoice Date",
           "Taxable Value", "Integrated Tax", "Central Tax", "State Tax", "Invoice Value"]
ROWS = [
    ["01-11-2024", "Kaveri Traders", "29AAECK1234M1ZD", "KA/24-25/01873", "05-11-2024",
     100000.5, 18000, 0, 0, 118000.5],
    ["02-11-2024", "Acme Industries", "27AAGCR4321L1Z8", "AC-77", "06-11-2024",
     1000, 0, 90, 90, 1180],
    ["03-11-2024", "Tamil Textiles", "33AAGCT7777B1Z8", "TN0091", "07-11-2024",
     5000, 900, 0, 0, 5900],
]
TAXABLE = HEADERS.index("Taxable Value")  # column F


def _errors(read: RegisterRead) -> list[Problem]:
    return [p for p in read.problems if p.severity is Severity.ERROR]


def _xlsxwriter_register(path: Path, *, formula_row: int | None = None,
                         error_row: int | None = None, result: object = None) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Purchase Register")
    sheet.write_row(0, 0, HEADERS)
    for row, values in enumerate(ROWS, start=1):
        sheet.write_row(row, 0, values)
    if formula_row is not None:
        value = ROWS[formula_row - 1][TAXABLE]
        if result is None:
            sheet.write_formula(formula_row, TAXABLE, f"={value}/2*2")  # result written: 0
        else:
            sheet.write_formula(formula_row, TAXABLE, f"={value}/2*2", None, result)
    if error_row is not None:
        sheet.write_formula(error_row, TAXABLE, "=1/0", None, "#DIV/0!")
    book.close()
    return path


def test_formulas_of_a_program_that_does_not_calculate_are_refused_not_zero(
        tmp_path: Path) -> None:
    read = read_register_file(_xlsxwriter_register(tmp_path / "r.xlsx", formula_row=2))
    (error,) = _errors(read)
    assert error.row == 3 and error.field == "Taxable Value"
    assert "cell F3" in error.message and "no saved value" in error.message
    assert "LibreOffice" in error.message
    assert 0 not in read.frame["taxable"].tolist()
    assert len(read.frame) == 2


def test_a_formula_with_its_result_saved_by_a_calculating_program_is_read_by_value(
        tmp_path: Path) -> None:
    path = _xlsxwriter_register(tmp_path / "r.xlsx", formula_row=2, result=1000)
    _calculated_by_excel(path)
    read = read_register_file(path)
    assert not _errors(read) and read.frame["taxable"].tolist()[1] == 100000


def _calculated_by_excel(path: Path) -> None:
    """Drop the 'calculate on load' flag, as a file Excel saved has none."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_error_cell_is_refused_naming_it(tmp_path: Path) -> None:
    path = _xlsxwriter_register(tmp_path / "r.xlsx", error_row=1)
    _calculated_by_excel(path)
    read = read_register_file(path)
    (error,) = _errors(read)
    assert "cell F2 shows the error #DIV/0!" in error.message and error.row == 2


def test_formulas_saved_without_a_value_are_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for values in ROWS:
        sheet.append(values)
    sheet["F4"] = "=G4*5"
    book.save(tmp_path / "r.xlsx")
    read = read_register_file(tmp_path / "r.xlsx")
    (error,) = _errors(read)
    assert "cell F4 holds the formula =G4*5 but no saved value" in error.message


def test_cells_handed_over_as_unread_are_refused_on_their_row() -> None:
    table = pd.DataFrame([list(row) for row in ROWS], columns=HEADERS, dtype=object)
    table.iloc[0, TAXABLE] = CellError("#N/A", "F2")
    table.iloc[1, 3] = FormulaWithoutValue("=A3&B3", "D3")
    table.iloc[2, 2] = "#REF!"  # an error as Excel writes it into a CSV
    read = read_register(table)
    assert read.frame.empty
    assert [p.row for p in _errors(read)] == [2, 3, 4]
    assert "cell D3 holds the formula =A3&B3" in _errors(read)[1].message


@pytest.mark.parametrize("amount", ["100000,50", "1.00.000,50", "1 00 000,5", "(1.200,00)"])
def test_a_decimal_comma_is_refused_unless_the_register_says_so(amount: str) -> None:
    table = pd.DataFrame([list(row) for row in ROWS], columns=HEADERS, dtype=object)
    table.iloc[0, TAXABLE] = amount
    read = read_register(table)
    (error,) = _errors(read)
    assert "decimal comma" in error.message and error.row == 2
    assert len(read.frame) == 2
    read = read_register(table, decimal_comma=True)
    assert not _errors(read)
    assert abs(read.frame["taxable"].iloc[0]) in (10000050, 120000)


def test_indian_grouping_is_no_decimal_comma() -> None:
    table = pd.DataFrame([list(row) for row in ROWS], columns=HEADERS, dtype=object)
    table.iloc[0, TAXABLE] = "1,00,000.50"
    table.iloc[1, TAXABLE] = "1,000"
    read = read_register(table)
    assert not _errors(read)
    assert read.frame["taxable"].tolist()[:2] == [10000050, 100000]


def _csv(rows: list[list[object]], sep: str = ",") -> str:
    buffer = io.StringIO()
    pd.DataFrame(rows, columns=HEADERS).to_csv(buffer, index=False, sep=sep)
    return buffer.getvalue()


@pytest.mark.parametrize(("encoding", "sep", "named"), [
    ("utf-16", "\t", "UTF-16 little-endian (Excel's Unicode Text)"),
    ("utf-16-le", ",", "UTF-16"),
    ("cp1252", ",", "Windows-1252 (Excel's CSV)"),
    ("utf-8-sig", ",", "UTF-8 (with byte-order mark)"),
])
def test_a_csv_in_any_of_excels_encodings_is_read_and_the_encoding_named(
        tmp_path: Path, encoding: str, sep: str, named: str) -> None:
    rows = [list(row) for row in ROWS]
    rows[0][1] = "Café Müller"
    path = tmp_path / "register.csv"
    path.write_bytes(_csv(rows, sep).encode(encoding))
    read = read_register_file(path)
    assert len(read.frame) == 3 and read.frame["supplier_name"].iloc[0] == "Café Müller"
    assert any(p.message == f"read as {named} text" for p in read.problems)


def test_a_one_megabyte_field_is_refused_naming_the_line(tmp_path: Path) -> None:
    rows = [list(row) for row in ROWS]
    rows[1][1] = "y" * 1_000_000
    path = tmp_path / "register.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    with pytest.raises(InputError, match=r"register.csv \(read as UTF-8\), line 3"):
        read_register_file(path)


def test_a_million_rows_of_spaces_after_the_register_are_no_rows(tmp_path: Path) -> None:
    # A Tally-style register with a voucher type column, every row of the sheet below it
    # holding spaces (a fill-down of " " to the bottom): the type column was read over
    # all 1,048,576 rows while the rest stopped at the last filled one.
    rows = [[*row, "Purchase"] for row in ROWS]
    buffer = io.StringIO()
    pd.DataFrame(rows, columns=[*HEADERS, "Voucher Type"]).to_csv(buffer, index=False)
    path = tmp_path / "register.csv"
    path.write_text(buffer.getvalue() + (" ," * 10 + " \n") * 1_048_576, encoding="utf-8")
    read = read_register_file(path)
    assert len(read.frame) == 3 and read.data_rows == 3


def test_text_a_workbook_cannot_store_is_marked_and_reported() -> None:
    table = pd.DataFrame([list(row) for row in ROWS], columns=HEADERS, dtype=object)
    table.iloc[0, 1] = "Kaveri\ud800\x07Traders"
    table.iloc[1, 3] = "AC\x0b77"
    table["Notes\x00"] = ["ok", "\udfff", None]
    read = read_register(table)
    frame = read.frame
    texts = [v for column in frame.columns for v in frame[column] if isinstance(v, str)]
    assert not any(XML_ILLEGAL.search(text) for text in texts)
    assert not any(XML_ILLEGAL.search(str(column)) for column in frame.columns)
    warned = {(p.row, p.field) for p in read.problems if MARKER in p.message}
    assert {(2, "Particulars"), (3, "Supplier Invoice No."), (3, f"Notes{MARKER}")} <= warned
