"""Supplier follow-up on a generated month, through the command line on the built
workbook: the Suppliers ranking equals one computed independently from the generator's
ground truth (its IMS JSON and register amounts), the user's Status survives a
re-reconcile, and formula-looking supplier names arrive as text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Category
from gst_ims.samples import generate_month, write_register_xlsx
from gst_ims.workbook import layout as lay

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


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Month:
    folder = tmp_path_factory.mktemp("followup")
    sample = generate_month(docs=300, seed=11)
    payload, register, truth = sample.ims_payload, sample.register.copy(), sample.truth
    to_follow = truth.loc[truth["expected_category"].isin(
        [Category.MISMATCHED.value]), "supplier_gstin"].astype(str)
    planted = _plant_names(payload, register, sorted(set(to_follow))[:2])
    ims = folder / "ims.json"
    ims.write_text(json.dumps(payload), encoding="utf-8")
    books = folder / "register.xlsx"
    write_register_xlsx(register, books)
    workbook = folder / "GST.xlsm"
    assert cli(["new-workbook", str(workbook)]) == 0
    assert cli(["import-ims", "--workbook", str(workbook), str(ims)]) == 0
    assert cli(["import-books", "--workbook", str(workbook), str(books)]) == 0
    assert cli(["reconcile", "--workbook", str(workbook)]) == 0
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
