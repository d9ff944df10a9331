"""Supplier follow-up on a generated month, through the command line on the built
workbook: the Suppliers ranking equals one computed independently from the generator's
ground truth (its IMS JSON and register amounts), the user's Status survives a
re-reconcile, and formula-looking supplier names arrive as text."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Category
from gst_ims.letters import CSV_NAME, LETTER_HEADERS
from gst_ims.samples import generate_month, write_register_xlsx
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import DEFAULT_OUT
from gst_ims.workbook.render import libreoffice_missing, probe

HYPERLINK_NAME = '=HYPERLINK("http://x.example","pay here")'
SIGNED_NAME = "+1-2"
_TAX_KEYS = ("iamt", "camt", "samt", "cess")
_REGISTER_TAX = ("Integrated Tax", "Central Tax", "State/UT Tax", "Cess")


@dataclass
class Month:
    folder: Path
    workbook: Path
    truth: pd.DataFrame
    register: pd.DataFrame
    payload: dict[str, Any]
    planted: dict[str, str]  # GSTIN -> the formula-looking name given to it


def _paise(rupees: float) -> int:
    return round(float(rupees) * 100)


def _ims_tax(payload: dict[str, Any]) -> dict[tuple[str, str, str, str], int]:
    """(section, GSTIN, number, date) -> tax in paise, straight from the JSON."""
    out = {}
    for section, records in payload["imsDetails"].items():
        for record in records:
            number = record.get("inum", record.get("nt_num"))
            date = record.get("idt", record.get("nt_dt"))
            out[(section, record["stin"], number, date)] = sum(
                _paise(record.get(key, 0)) for key in _TAX_KEYS)
    return out


def _register_tax(register: pd.DataFrame, sheet_row: int) -> int:
    line = register.iloc[sheet_row - 2]
    return sum(_paise(line[column]) for column in _REGISTER_TAX)


def expected_ranking(month: Month) -> list[tuple[str, int]]:
    """(GSTIN, ITC at stake in paise) of every supplier with something at stake, ranked,
    from the truth: the tax of each register line the supplier did not report, and the
    IMS − books tax gap (without its sign) of each document that differs."""
    ims_tax = _ims_tax(month.payload)
    stake: dict[str, int] = {}
    follow: dict[str, int] = {}
    for row in month.truth.to_dict("records"):
        category = row["expected_category"]
        if category == Category.NOT_IN_IMS.value:
            line = month.register.iloc[int(row["register_row"]) - 2]
            gstin = str(line["GSTIN/UIN of Supplier"])
            amount = _register_tax(month.register, int(row["register_row"]))
        elif category == Category.MISMATCHED.value:
            gstin = row["supplier_gstin"]
            key = (row["section"], gstin, row["doc_no"], row["doc_date"])
            amount = abs(ims_tax[key] - _register_tax(month.register, int(row["register_row"])))
        else:
            continue
        stake[gstin] = stake.get(gstin, 0) + amount
        follow[gstin] = follow.get(gstin, 0) + 1
    ranked = sorted(stake, key=lambda g: (-stake[g], -follow[g], g))
    return [(gstin, stake[gstin]) for gstin in ranked if stake[gstin] > 0]


def _plant_names(payload: dict[str, Any], register: pd.DataFrame,
                 gstins: list[str]) -> dict[str, str]:
    planted = dict(zip(gstins, (HYPERLINK_NAME, SIGNED_NAME), strict=False))
    for records in payload["imsDetails"].values():
        for record in records:
            if record["stin"] in planted:
                record["tradenm"] = planted[record["stin"]]
    for gstin, name in planted.items():
        register.loc[register["GSTIN/UIN of Supplier"] == gstin, "Party Name"] = name
    return planted


def _email_of(gstin: str) -> str:
    return f"accounts.{gstin.lower()}@example.in"


def _add_emails(register: pd.DataFrame) -> None:
    """An E-mail column (as some registers keep) for every other supplier."""
    gstins = sorted(set(register["GSTIN/UIN of Supplier"].astype(str)))[::2]
    register["E-mail"] = register["GSTIN/UIN of Supplier"].map(
        {g: _email_of(g) for g in gstins}).fillna("")


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Month:
    folder = tmp_path_factory.mktemp("followup")
    sample = generate_month(docs=300, seed=11)
    payload, register, truth = sample.ims_payload, sample.register.copy(), sample.truth
    to_follow = truth.loc[truth["expected_category"].isin(
        [Category.MISMATCHED.value]), "supplier_gstin"].astype(str)
    planted = _plant_names(payload, register, sorted(set(to_follow))[:2])
    _add_emails(register)
    ims = folder / "ims.json"
    ims.write_text(json.dumps(payload), encoding="utf-8")
    books = folder / "register.xlsx"
    write_register_xlsx(register, books)
    workbook = folder / "GST.xlsm"
    assert cli(["new-workbook", str(workbook)]) == 0
    assert cli(["import-ims", "--workbook", str(workbook), str(ims)]) == 0
    assert cli(["import-books", "--workbook", str(workbook), str(books)]) == 0
    assert cli(["reconcile", "--workbook", str(workbook)]) == 0
    assert cli(["supplier-letters", "--workbook", str(workbook), "--out",
                str(folder / "letters")]) == 0
    return Month(folder, workbook, truth, register, payload, planted)


def suppliers_sheet(workbook: Path) -> pd.DataFrame:
    """The Suppliers sheet as a frame under its headers (cell values as stored)."""
    sheet = openpyxl.load_workbook(workbook)[lay.SUPPLIERS]
    rows = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0] if h is not None]
    data = [row[:len(headers)] for row in rows[1:] if any(v is not None for v in row)]
    return pd.DataFrame(data, columns=headers)


def test_the_ranking_equals_the_one_computed_from_the_truth(month: Month) -> None:
    sheet = suppliers_sheet(month.workbook)
    at_stake = sheet.loc[sheet["ITC at Stake"].fillna(0) > 0]
    got = [(str(g), round(float(v) * 100)) for g, v in
           zip(at_stake["Supplier GSTIN"], at_stake["ITC at Stake"], strict=True)]
    expected = expected_ranking(month)
    assert len(expected) >= 10
    assert got == expected
    assert list(sheet["Rank"]) == list(range(1, len(sheet) + 1))
    # Every supplier of the month has its line, once.
    suppliers = set(month.truth["supplier_gstin"].dropna()) - {""}
    assert suppliers <= set(sheet["Supplier GSTIN"])
    assert sheet["Supplier GSTIN"].is_unique


def test_a_supplier_to_follow_up_starts_as_to_contact(month: Month) -> None:
    sheet = suppliers_sheet(month.workbook)
    follow = sheet["To Follow Up"] > 0
    assert set(sheet.loc[follow, "Status"]) == {lay.SUPPLIER_STATUSES[0]}
    assert sheet.loc[~follow, "Status"].isna().all()


def test_the_users_status_survives_a_reconcile(month: Month, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsm"
    copy.write_bytes(month.workbook.read_bytes())
    book = openpyxl.load_workbook(copy, keep_vba=True)
    sheet = book[lay.SUPPLIERS]
    status_column = lay.SUPPLIERS_SHEET.index(lay.SUPPLIER_STATUS)
    gstin_column = lay.SUPPLIERS_SHEET.index("supplier_gstin")
    chosen = {sheet.cell(2, gstin_column).value: "contacted",
              sheet.cell(4, gstin_column).value: "resolved"}
    sheet.cell(2, status_column).value = "contacted"
    sheet.cell(4, status_column).value = "resolved"
    book.save(copy)
    assert cli(["reconcile", "--workbook", str(copy)]) == 0
    after = suppliers_sheet(copy).set_index("Supplier GSTIN")["Status"]
    assert {gstin: after[gstin] for gstin in chosen} == chosen


def test_formula_looking_names_arrive_as_text(month: Month) -> None:
    sheet = openpyxl.load_workbook(month.workbook)[lay.SUPPLIERS]
    name_column = lay.SUPPLIERS_SHEET.index("supplier_name")
    cells = {sheet.cell(row, name_column).value: sheet.cell(row, name_column).data_type
             for row in range(2, sheet.max_row + 1)}
    for name in month.planted.values():
        assert cells[name] == "s"


# --- supplier letters -------------------------------------------------------------------
def _letters_csv(month: Month) -> pd.DataFrame:
    return pd.read_csv(month.folder / "letters" / CSV_NAME, dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")


def _letter_table(path: Path) -> tuple[pd.DataFrame, Any]:
    sheet = openpyxl.load_workbook(path)["Documents"]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == LETTER_HEADERS[0])
    table = pd.DataFrame([r for r in rows[start + 1:] if any(v is not None for v in r)],
                         columns=list(rows[start]))
    return table, sheet


def _result_sheets(workbook: Path) -> pd.DataFrame:
    book = openpyxl.load_workbook(workbook)
    frames = []
    for name in lay.RESULT_SHEETS:
        rows = list(book[name].iter_rows(values_only=True))
        frames.append(pd.DataFrame(rows[1:], columns=list(rows[0])))
    return pd.concat(frames, ignore_index=True)


def test_one_letter_per_supplier_with_follow_ups_and_none_for_the_rest(month: Month) -> None:
    sheet = suppliers_sheet(month.workbook)
    to_follow = set(sheet.loc[sheet["To Follow Up"] > 0, "Supplier GSTIN"])
    letters = _letters_csv(month)
    assert set(letters["GSTIN"]) == to_follow
    files = {p.name for p in (month.folder / "letters").glob("*.xlsx")}
    assert files == set(letters["File"])
    assert len(files) == len(to_follow)
    # Each file is its supplier's: the GSTIN in the file name and on the letter.
    for row in letters.to_dict("records"):
        assert row["GSTIN"] in row["File"]
        _, letter = _letter_table(month.folder / "letters" / row["File"])
        assert row["GSTIN"] in [c.value for c in letter["C"]]


def test_every_amount_in_a_letter_equals_the_result_sheets(month: Month) -> None:
    results = _result_sheets(month.workbook)
    results = results.loc[results["Category"].isin(["Mismatched", "Not in IMS"])]
    heads = ("IGST", "CGST", "SGST", "Cess")
    by_doc = {}
    for row in results.to_dict("records"):
        ours = round(sum((row[f"Books {h}"] or 0) * 100 for h in heads))
        yours = round(sum((row[f"IMS {h}"] or 0) * 100 for h in heads))
        by_doc[(row["Supplier GSTIN"], row["Books Doc No"], row["IMS Doc No"] or None)] = (
            row["Books Taxable"], row["IMS Taxable"], ours, yours)
    seen = 0
    for row in _letters_csv(month).to_dict("records"):
        table, _ = _letter_table(month.folder / "letters" / row["File"])
        for line in table.astype(object).where(table.notna(), None).to_dict("records"):
            key = (row["GSTIN"], line["Our Doc No"], line["Your Doc No"])
            our_taxable, your_taxable, ours, yours = by_doc[key]
            assert line["Our Taxable"] == our_taxable
            assert line["Your Taxable"] == your_taxable
            assert round(line["Our Tax"] * 100) == ours
            if line["Your Doc No"] is None:
                assert line["Your Tax"] is None and line["Difference (yours - ours)"] is None
            else:
                assert round(line["Your Tax"] * 100) == yours
                assert round(line["Difference (yours - ours)"] * 100) == yours - ours
            seen += 1
    assert seen == len(results)


def test_the_csv_carries_register_emails_and_plain_words(month: Month) -> None:
    letters = _letters_csv(month)
    for row in letters.to_dict("records"):
        assert row["E-mail"] in ("", _email_of(row["GSTIN"]))
        assert row["Subject"].startswith("GST: ")
        assert "attached file" in row["Body"]
        # The date Home shows, read back from the saved workbook's cell.
        assert "by 20-11-2025, the due date of our GSTR-3B" in row["Body"]
    assert (letters["E-mail"] != "").any()


def test_formula_looking_names_stay_text_in_letters(month: Month) -> None:
    letters = _letters_csv(month).set_index("GSTIN")
    for gstin, name in month.planted.items():
        # A spreadsheet program opening the CSV shows the name, not a formula's result.
        assert letters.loc[gstin, "Name"] == "'" + name
        _, sheet = _letter_table(month.folder / "letters" / letters.loc[gstin, "File"])
        cells = [c for c in sheet["C"] if c.value == name]
        assert cells and all(c.data_type == "s" for c in cells)


def test_letters_of_an_earlier_run_that_are_no_longer_due_are_removed(
        month: Month, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    out.mkdir()
    (out / "999-OLDSUPPLIER.xlsx").write_bytes(b"old")
    (out / "mine.xlsx").write_bytes(b"the user's own file")
    (out / CSV_NAME).write_text("GSTIN,Name,E-mail,Subject,Body,File\r\n"
                                "X,Old,,s,b,999-OLDSUPPLIER.xlsx\r\n", encoding="utf-8")
    copy = tmp_path / "copy.xlsm"
    copy.write_bytes(month.workbook.read_bytes())
    assert cli(["supplier-letters", "--workbook", str(copy), "--out", str(out)]) == 0
    assert not (out / "999-OLDSUPPLIER.xlsx").exists()
    assert (out / "mine.xlsx").read_bytes() == b"the user's own file"


# --- Summary charts ---------------------------------------------------------------------
def _chart_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.startswith("xl/charts/")}


def _chart_ranges(path: Path) -> list[list[str]]:
    charts = openpyxl.load_workbook(path)[lay.SUMMARY]._charts
    return [[str(ref) for series in chart.series
             for ref in (series.cat.strRef.f if series.cat.strRef else series.cat.numRef.f,
                         series.val.numRef.f)] for chart in charts]


def test_the_built_workbook_has_the_summary_charts() -> None:
    expected = [[chart.labels.lstrip("="), chart.values.lstrip("=")]
                for chart in lay.SUMMARY_CHARTS]
    assert _chart_ranges(DEFAULT_OUT) == expected


def test_the_charts_survive_jobs_run_through_the_file_port(month: Month) -> None:
    # Import, import, reconcile and the letters job each saved the workbook.
    assert _chart_parts(month.workbook) == _chart_parts(DEFAULT_OUT)
    assert len(_chart_ranges(month.workbook)) == len(lay.SUMMARY_CHARTS)


def test_the_top_ten_block_under_the_chart_follows_the_suppliers_sheet(month: Month) -> None:
    block = lay.SUMMARY_TOP_SUPPLIERS_BLOCK
    sheet = openpyxl.load_workbook(month.workbook)[lay.SUMMARY]
    rows = [[sheet.cell(row, block.first_column + offset).value for offset in range(3)]
            for row in range(block.first_data_row, block.first_data_row + block.max_rows)]
    ranking = expected_ranking(month)[:block.max_rows]
    assert [(gstin, round(stake * 100)) for _, gstin, stake in rows] == ranking
    # A name that looks like a formula is shown as the text it is.
    names = [sheet.cell(row, block.first_column) for row in range(
        block.first_data_row, block.first_data_row + block.max_rows)]
    assert all(cell.data_type == "s" for cell in names)


@pytest.mark.libreoffice
@pytest.mark.skipif(bool(libreoffice_missing()), reason=libreoffice_missing() or "ok")
def test_libreoffice_shows_the_charts_after_the_jobs(month: Month) -> None:
    report = probe(month.workbook)
    assert report["sheets"][lay.SUMMARY]["charts"] == len(lay.SUMMARY_CHARTS)


def test_what_differs_names_each_difference_in_words() -> None:
    from gst_ims.letters import _differs

    rows = pd.DataFrame({
        "match_status": ["GSTIN differs (same PAN)", "Value mismatch", "Tax heads"],
        "ims.doc_no": ["A1", "A2", "A3"], "books.doc_no": ["A1", "a-2", "A3"],
        "ims.doc_date": pd.to_datetime(["2025-10-01", "2025-10-02", "2025-10-03"]),
        "books.doc_date": pd.to_datetime(["2025-10-01", "2025-10-05", "2025-10-03"]),
        "ims.taxable": [100, 200, 300], "books.taxable": [100, 250, 300],
        "ims.igst": [18, 0, 54], "books.igst": [18, 0, 0],
        "ims.cgst": [0, 18, 0], "books.cgst": [0, 22, 27],
        "ims.sgst": [0, 18, 0], "books.sgst": [0, 22, 27],
        "ims.cess": [0, 0, 0], "books.cess": [0, 0, 0],
        "ims_tax": [18, 36, 54], "books_tax": [18, 44, 54],
    })
    assert _differs(rows).tolist() == [
        "GSTIN", "Document number, date, taxable value, tax",
        "Tax heads (IGST, CGST, SGST)"]
