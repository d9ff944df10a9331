"""Typed frames survive the trip to cells and back, per column kind; what a person may
type instead is read too, and what cannot be read is a located problem."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from gst_ims.workbook.layout import Column, ColumnKind
from gst_ims.workbook.sheet_values import from_cells, to_cells

MONEY = Column("Taxable", "taxable", ColumnKind.MONEY)
COLUMNS = (
    Column("Doc No", "doc_no", ColumnKind.DOC_NO),
    MONEY,
    Column("Date", "doc_date", ColumnKind.DATE),
    Column("Flag", "pending_blocked", ColumnKind.FLAG),
    Column("Action", "action", ColumnKind.ACTION),
    Column("Row", "register_row", ColumnKind.INTEGER),
)


@given(st.lists(st.integers(min_value=-10**15, max_value=10**15), min_size=1, max_size=30))
def test_paise_survive_rupee_cells(paise: list[int]) -> None:
    frame = pd.DataFrame({"taxable": pd.Series(paise, dtype="int64")})
    back, problems = from_cells(to_cells(frame, [MONEY]), [MONEY], sheet="S", first_row=2)
    assert not problems
    assert back["taxable"].tolist() == paise


def test_every_kind_round_trips() -> None:
    frame = pd.DataFrame({
        "doc_no": pd.array(["00123", "=1+1"], dtype="string"),
        "taxable": [118050, 0],
        "doc_date": pd.to_datetime(["2024-11-05", None]),
        "pending_blocked": [True, False],
        "action": pd.array(["A", "N"], dtype="string"),
        "register_row": pd.array([5, None], dtype="Int64"),
    })
    cells = to_cells(frame, COLUMNS)
    assert cells.iloc[0].tolist()[:2] == ["00123", 1180.5]
    assert cells["Action"].tolist() == ["Accept", "No action"]
    assert cells["Flag"].tolist() == ["Yes", "No"]
    back, problems = from_cells(cells, COLUMNS, sheet="S", first_row=2)
    assert not problems
    assert back["doc_no"].tolist() == ["00123", "=1+1"]
    assert back["taxable"].tolist() == [118050, 0]
    assert back["doc_date"].iloc[0] == pd.Timestamp("2024-11-05")
    assert pd.isna(back["doc_date"].iloc[1])
    assert back["pending_blocked"].tolist() == [True, False]
    assert back["action"].tolist() == ["A", "N"]
    assert back["register_row"].iloc[0] == 5


def test_what_people_and_excel_type_is_read() -> None:
    table = pd.DataFrame({
        "Doc No": [123.0, "A/1"], "Taxable": ["1,18,050.50", 99],
        "Date": ["05-11-2024", datetime(2024, 11, 6)], "Flag": ["Y", True],
        "Action": ["reject", "P"], "Row": [7.0, None],
    }, dtype=object)
    back, problems = from_cells(table, COLUMNS, sheet="S", first_row=2)
    assert not problems
    assert back["doc_no"].tolist() == ["123", "A/1"]
    assert back["taxable"].tolist() == [11805050, 9900]
    assert back["doc_date"].dt.day.tolist() == [5, 6]
    assert back["pending_blocked"].tolist() == [True, True]
    assert back["action"].tolist() == ["R", "P"]


def test_unreadable_cells_are_located_problems() -> None:
    table = pd.DataFrame({"Doc No": ["x"], "Taxable": ["lots"], "Date": ["31-02-2024"],
                          "Flag": ["maybe"], "Action": ["Acept"], "Row": [1.5]},
                         dtype=object)
    back, problems = from_cells(table, COLUMNS, sheet="Matched", first_row=2)
    assert {(p.field, p.row, p.sheet) for p in problems} == {
        (h, 2, "Matched") for h in ("Taxable", "Date", "Flag", "Action", "Row")}
    assert pd.isna(back["taxable"].iloc[0]) and pd.isna(back["action"].iloc[0])
