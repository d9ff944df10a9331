"""The sample month's purchase register laid out as each accounting package exports it.

`samples.generate_month` makes the register in the plain style (one row per document, one
column per tax head, Tally's GST headers). `style_register` lays the same documents out as

* ``tally-columnar``: Tally's columnar purchase register, one column per ledger
  (``Purchase @ 18%``, ``Input CGST @ 9%``, ``Input IGST @ 18%``, ``Input Cess``), title
  rows and a Grand Total row;
* ``gstr2-template``: the GSTN GSTR-2 Excel template as Tally's GSTR-2 export fills it,
  one row per document and tax rate, invoices on ``b2b`` and notes on ``cdnr`` under their
  summary blocks, beside a help sheet and unregistered purchases (``b2bur``);
* ``busy``: Busy's purchase register, Dr / Cr on every amount, its own ``Vch/Bill No``
  beside ``Party Bill No.``, Busy's default ledgers (``IGST Input`` …);
* ``zoho``: Zoho Books' bill export, one row per item with one ``Tax Amount`` column and
  the bill's SubTotal / Total on each, vendor credits on their own sheet;
* ``sap``: an SAP purchase journal as tab-separated text, our ``Document Number`` and the
  supplier's ``Reference``, ``dd.mm.yyyy`` dates, one row per tax code, credit memos with
  a trailing minus;
* ``hand-kept``: a sheet kept by hand, a merged title, supplier subtotals and a grand
  total, Dr / Cr on the amounts.

Every style carries the same documents, amounts, reverse-charge and ITC flags, so a
correct reader and reconciliation give the same categories for every style. Some
documents are split over two rate lines (the second at a lower rate); the lines add up
to the document to the paisa. Deterministic for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from gst_ims.books.values import POS_BY_NAME
from gst_ims.domain.money import format_inr
from gst_ims.register_styles import REGISTER_STYLES

_RATES: Final = np.array([0, 5, 12, 18, 28])
_SPLIT_SHARE: Final = 0.3
_HEADS: Final = ("taxable", "igst", "cgst", "sgst", "cess")
_COMPANY: Final = "Shree Balaji Industries Pvt Ltd"
_MONTH: Final = "October 2025"
_LETTERS: Final = {code: key.upper() for key, code in POS_BY_NAME.items() if len(key) == 2}
_HOME: Final = "27"


@dataclass(frozen=True)
class StyledSheet:
    """One sheet: `titles` (rows above the header), `table` (the header is its columns;
    cells as written: str, float rupees, Timestamp, None), `trailing` rows below it,
    `merged` ranges ("A1:K1")."""

    name: str
    table: pd.DataFrame
    titles: tuple[tuple[object, ...], ...] = ()
    trailing: tuple[tuple[object, ...], ...] = ()
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class StyledRegister:
    """A register in one style: its `sheets`, the file `suffix` (.xlsx or .csv, tab
    separated) and `first_rows`: per plain register line, the sheet row where that
    document starts in this style (on its own sheet)."""

    sheets: tuple[StyledSheet, ...]
    first_rows: np.ndarray
    suffix: str = ".xlsx"


# ----------------------------------------------------------------------------------------
# documents and their rate lines


def _documents(register: pd.DataFrame) -> pd.DataFrame:
    """The plain register as paise and flags, one row per document (in register order)."""
    def paise(header: str) -> np.ndarray:
        return np.round(register[header].to_numpy(dtype="float64") * 100).astype(np.int64)

    return pd.DataFrame({
        "kind": np.where(register["Voucher Type"].to_numpy() == "Debit Note", "CN", "INV"),
        "voucher_date": pd.to_datetime(register["Voucher Date"]).to_numpy(),
        "voucher_no": register["Voucher No."].to_numpy(dtype=object),
        "name": register["Party Name"].to_numpy(dtype=object),
        "gstin": register["GSTIN/UIN of Supplier"].to_numpy(dtype=object),
        "number": register["Supplier Invoice No."].to_numpy(dtype=object),
        "date": pd.to_datetime(register["Supplier Invoice Date"]).to_numpy(),
        "taxable": paise("Taxable Value"), "igst": paise("Integrated Tax"),
        "cgst": paise("Central Tax"), "sgst": paise("State/UT Tax"), "cess": paise("Cess"),
        "value": paise("Invoice Value"),
        "rcm": (register["Reverse Charge"] == "Yes").to_numpy(),
        "eligibility": register["ITC Eligibility"].to_numpy(dtype=object),
    })


def _rate_lines(docs: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per document and tax rate: columns doc (position), line (0, 1), rate and
    the amounts of `_HEADS` in paise; each document's lines add up to it exactly."""
    count = len(docs)
    taxable = docs["taxable"].to_numpy()
    tax = (docs["igst"] + docs["cgst"] + docs["sgst"]).to_numpy()
    ratio = np.divide(tax * 100.0, taxable, out=np.zeros(count), where=taxable > 0)
    rate = _RATES[np.abs(ratio[:, None] - _RATES[None, :]).argmin(axis=1)]
    lower = _RATES[np.maximum(np.searchsorted(_RATES, rate) - 1, 0)]
    split = (rng.random(count) < _SPLIT_SHARE) & (taxable >= 20_000) & (rate > 0)
    share = rng.uniform(0.2, 0.45, count)
    second = {"taxable": np.where(split, np.round(taxable * share).astype(np.int64), 0)}
    for head, divisor in (("igst", 100), ("cgst", 200), ("sgst", 200)):
        wanted = (second["taxable"] * lower * 2 + divisor) // (2 * divisor)
        second[head] = np.where(split, np.minimum(wanted, docs[head].to_numpy()), 0)
    second["cess"] = np.zeros(count, dtype=np.int64)
    first = {head: docs[head].to_numpy() - second[head] for head in _HEADS}
    lines = pd.concat([
        pd.DataFrame({"doc": np.arange(count), "line": 0, "rate": rate, **first}),
        pd.DataFrame({"doc": np.arange(count), "line": 1, "rate": lower, **second})[split],
    ], ignore_index=True)
    ordered: pd.DataFrame = lines.sort_values(["doc", "line"], kind="stable")
    return ordered.reset_index(drop=True)


def _rupees(paise: np.ndarray) -> np.ndarray:
    """Paise -> float rupees for number cells (NaN kept)."""
    return np.asarray(paise, dtype="float64") / 100


def _texts(paise: np.ndarray, *, indian: bool = True) -> np.ndarray:
    """Paise -> amount texts ("1,18,000.00" Indian, or "118,000.00"), each distinct value
    formatted once."""
    codes, distinct = pd.factorize(np.asarray(paise, dtype=np.int64))
    if indian:
        texts = [format_inr(int(v), symbol=False) for v in distinct]
    else:
        texts = [f"{int(v) // 100:,}.{int(v) % 100:02d}" for v in distinct]
    return np.array(texts, dtype=object)[codes] if len(codes) else np.array([], object)


def _day_texts(days: np.ndarray, pattern: str) -> np.ndarray:
    return pd.DatetimeIndex(days).strftime(pattern).to_numpy(dtype=object)


def _rate_label(rate: float) -> str:
    return f"{rate:g}"


# ----------------------------------------------------------------------------------------
# the styles


def _tally_columnar(docs: pd.DataFrame, lines: pd.DataFrame) -> StyledRegister:
    table = pd.DataFrame({
        "Date": pd.DatetimeIndex(docs["voucher_date"]),
        "Particulars": docs["name"],
        "Voucher Type": np.where(docs["kind"] == "CN", "Debit Note", "Purchase"),
        "Voucher No.": docs["voucher_no"],
        "Supplier Invoice No.": docs["number"],
        "Supplier Invoice Date": pd.DatetimeIndex(docs["date"]),
        "GSTIN/UIN": docs["gstin"],
        "Is Reverse Charge Applicable": np.where(docs["rcm"], "Yes", "No"),
        "Eligible for Input Tax Credit": np.where(docs["eligibility"] == "Ineligible", "No",
                                                  "Yes"),
        "Gross Total": _rupees(docs["value"].to_numpy()),
    })
    labels = lines["rate"].map(_rate_label)
    halves = (lines["rate"] / 2).map(_rate_label)
    ledgers = {
        "taxable": "Purchase @ " + labels + "%", "igst": "Input IGST @ " + labels + "%",
        "cgst": "Input CGST @ " + halves + "%", "sgst": "Input SGST @ " + halves + "%",
        "cess": pd.Series("Input Cess", index=lines.index),
    }
    columns: list[pd.DataFrame] = []
    for head in _HEADS:
        used = lines[head] != 0
        if not used.any():
            continue
        pivot = lines[used].pivot_table(index="doc", columns=ledgers[head][used],
                                        values=head, aggfunc="sum")
        columns.append(pivot.reindex(range(len(docs))) / 100)
    table = pd.concat([table, *columns], axis=1)
    totals = ["", "Grand Total", *[""] * 7, float(table["Gross Total"].sum()),
              *[float(table[c].sum()) for c in table.columns[10:]]]
    titles = ((_COMPANY,), ("Plot 12, MIDC Bhosari, Pune 411026",), ("Purchase Register",),
              ("1-Oct-2025 to 31-Oct-2025",), ())
    sheet = StyledSheet("Purchase Register", table, titles, (tuple(totals),))
    return StyledRegister((sheet,), np.arange(len(docs)) + len(titles) + 2)


B2B_HEADERS: Final = (
    "GSTIN of Supplier", "Invoice Number", "Invoice date", "Invoice Value", "Place Of Supply",
    "Reverse Charge", "Invoice Type", "Rate", "Taxable Value", "Integrated Tax Paid",
    "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC",
    "Availed ITC Integrated Tax", "Availed ITC Central Tax", "Availed ITC State/UT Tax",
    "Availed ITC Cess")
CDNR_HEADERS: Final = (
    "GSTIN of Supplier", "Note/Refund Voucher Number", "Note/Refund Voucher date",
    "Invoice/Advance Payment Voucher Number", "Invoice/Advance Payment Voucher date",
    "Reverse Charge", "Document Type", "Reason For Issuing document", "Supply Type",
    "Note/Refund Voucher Value", "Rate", "Taxable Value", "Integrated Tax Paid",
    "Central Tax Paid", "State/UT Tax Paid", "Cess Paid", "Eligibility For ITC",
    "Availed ITC Integrated Tax", "Availed ITC Central Tax", "Availed ITC State/UT Tax",
    "Availed ITC Cess")
_ELIGIBILITY: Final = {"Inputs": "Inputs", "Input Services": "Input services",
                       "Capital Goods": "Capital goods", "Ineligible": "Ineligible"}


def _gstr2_rows(docs: pd.DataFrame, lines: pd.DataFrame) -> tuple[pd.DataFrame,
                                                                    pd.DataFrame]:
    """Every rate line as a b2b row and as a cdnr row (the caller keeps the right ones)."""
    doc = lines["doc"].to_numpy()
    eligible = (docs["eligibility"].to_numpy() != "Ineligible")[doc]

    def money(head: str) -> np.ndarray:
        values = _rupees(lines[head].to_numpy())
        return np.where(values != 0, values, np.nan)

    common = {
        "GSTIN of Supplier": docs["gstin"].to_numpy()[doc],
        "Rate": lines["rate"].to_numpy(),
        "Taxable Value": _rupees(lines["taxable"].to_numpy()),
        "Integrated Tax Paid": money("igst"), "Central Tax Paid": money("cgst"),
        "State/UT Tax Paid": money("sgst"), "Cess Paid": money("cess"),
        "Eligibility For ITC": pd.Series(docs["eligibility"].to_numpy()[doc]).map(
            _ELIGIBILITY).to_numpy(),
        **{f"Availed ITC {name}": np.where(eligible, money(head), np.nan)
           for name, head in (("Integrated Tax", "igst"), ("Central Tax", "cgst"),
                              ("State/UT Tax", "sgst"), ("Cess", "cess"))},
        "Reverse Charge": np.where(docs["rcm"].to_numpy()[doc], "Y", "N"),
    }
    number, day = docs["number"].to_numpy()[doc], _day_texts(docs["date"].to_numpy()[doc],
                                                             "%d-%b-%Y")
    value = _rupees(docs["value"].to_numpy()[doc])
    b2b = pd.DataFrame({**common, "Invoice Number": number, "Invoice date": day,
                        "Invoice Value": value, "Place Of Supply": "27-Maharashtra",
                        "Invoice Type": "Regular"})[list(B2B_HEADERS)]
    inter = docs["igst"].to_numpy()[doc] != 0
    cdnr = pd.DataFrame({**common, "Note/Refund Voucher Number": number,
                         "Note/Refund Voucher date": day,
                         "Invoice/Advance Payment Voucher Number": "",
                         "Invoice/Advance Payment Voucher date": "",
                         "Document Type": "C", "Reason For Issuing document": "01-Sales Return",
                         "Supply Type": np.where(inter, "Inter State", "Intra State"),
                         "Note/Refund Voucher Value": value})[list(CDNR_HEADERS)]
    return b2b, cdnr


def _gstr2_template(docs: pd.DataFrame, lines: pd.DataFrame) -> StyledRegister:
    doc = lines["doc"].to_numpy()
    b2b, cdnr = _gstr2_rows(docs, lines)
    is_note = docs["kind"].to_numpy()[doc] == "CN"
    sheets = []
    first_rows = np.zeros(len(docs), dtype=np.int64)
    for name, frame, title, mask in (
        ("b2b", b2b, "Summary Of Supplies From Registered Suppliers B2B(3)", ~is_note),
        ("cdnr", cdnr, "Summary For CDNR(6C)", is_note),
    ):
        part = frame[mask].reset_index(drop=True)
        titles = ((title,), ("No. of Documents", "", "", "Total Taxable Value"),
                  (int(pd.unique(doc[mask]).size), "", "",
                   float(np.round(part["Taxable Value"].sum(), 2))))
        sheets.append(StyledSheet(name, part, titles))
        positions = np.flatnonzero(mask)
        starts = np.r_[True, doc[positions][1:] != doc[positions][:-1]]
        first_rows[doc[positions][starts]] = np.flatnonzero(starts) + len(titles) + 2
    return StyledRegister((_GSTR2_HELP, sheets[0], _GSTR2_UNREGISTERED, sheets[1]),
                          first_rows)


# Sheets of the template that hold no register rows of registered suppliers.
_GSTR2_HELP: Final = StyledSheet("Help Instruction", pd.DataFrame({
    "Worksheet Name": ["b2b", "cdnr"],
    "Help Instruction": ["Details of invoices of taxable supplies received from registered "
                         "persons", "Debit / credit notes received"]}))
_GSTR2_UNREGISTERED: Final = StyledSheet("b2bur", pd.DataFrame({
    "Supplier Name": ["Local Kirana Store", "Sai Tea Stall"],
    "Invoice Number": ["77", "A-12"], "Invoice date": ["04-Oct-2025", "11-Oct-2025"],
    "Invoice Value": [118.0, 52.5], "Place Of Supply": "27-Maharashtra",
    "Supply Type": "Intra State", "Rate": [18, 5], "Taxable Value": [100.0, 50.0],
    "Integrated Tax Paid": np.nan, "Central Tax Paid": [9.0, 1.25],
    "State/UT Tax Paid": [9.0, 1.25], "Cess Paid": np.nan, "Eligibility For ITC": "Inputs"}),
    (("Summary Of Supplies From Unregistered Suppliers B2BUR(4B)",), ("No. of Invoices",),
     (2,)))


def _busy(docs: pd.DataFrame) -> StyledRegister:
    note = docs["kind"].to_numpy() == "CN"
    ledger_side = np.where(note, " Cr", " Dr").astype(object)
    party_side = np.where(note, " Dr", " Cr").astype(object)

    def marked(head: str, side: np.ndarray) -> np.ndarray:
        paise = docs[head].to_numpy()
        return np.where(paise != 0, _texts(paise) + side, "").astype(object)

    table = pd.DataFrame({
        "Date": _day_texts(docs["voucher_date"].to_numpy(), "%d-%m-%Y"),
        "Vch/Bill No": docs["voucher_no"], "Party Bill No.": docs["number"],
        "Bill Date": _day_texts(docs["date"].to_numpy(), "%d-%m-%Y"),
        "Particulars": docs["name"], "GSTIN/UIN": docs["gstin"],
        "Taxable Amt": marked("taxable", ledger_side),
        "IGST Input": marked("igst", ledger_side), "CGST Input": marked("cgst", ledger_side),
        "SGST Input": marked("sgst", ledger_side),
        "Cess on GST Input": marked("cess", ledger_side),
        "Bill Amount": marked("value", party_side),
        "RCM": np.where(docs["rcm"], "Y", "N"),
        "ITC Eligible": np.where(docs["eligibility"] == "Ineligible", "No", "Yes"),
    })
    titles = (("Shree Balaji Industries Pvt Ltd",), ("Purchase Register",),
              ("From 01-10-2025 To 31-10-2025",), ())
    sheet = StyledSheet("Purchase Register", table, titles)
    return StyledRegister((sheet,), np.arange(len(docs)) + len(titles) + 2)


def _zoho(docs: pd.DataFrame, lines: pd.DataFrame) -> StyledRegister:
    doc = lines["doc"].to_numpy()
    state = docs["gstin"].str.slice(0, 2).to_numpy(dtype=object)[doc]
    intra = ((docs["cgst"] + docs["sgst"]).to_numpy() != 0)[doc]
    # The place of supply that gives the heads as booked: the supplier's own state where
    # the books hold CGST + SGST (a planted inter-state bill booked as intra-state too),
    # else ours, or another where the booked GSTIN is of our state (a branch mix-up).
    destination = np.where(intra, state, np.where(state == _HOME, "29", _HOME))
    tax = lines[["igst", "cgst", "sgst"]].sum(axis=1).to_numpy()
    name = (pd.Series(np.where(intra, "GST", "IGST"), dtype=object)
            + lines["rate"].map(_rate_label).to_numpy(dtype=object)).to_numpy(dtype=object)
    table = pd.DataFrame({
        "Date": _day_texts(docs["date"].to_numpy()[doc], "%Y-%m-%d"),
        "ID": "1960001000" + pd.Series(doc + 100_000).astype(str).to_numpy(dtype=object),
        "Number": docs["number"].to_numpy()[doc], "Bill Status": "Open",
        "Source of Supply": pd.Series(state).map(_letters).to_numpy(),
        "Destination of Supply": pd.Series(destination).map(_letters).to_numpy(),
        "GST Treatment": "business_gst",
        "GST Identification Number (GSTIN)": docs["gstin"].to_numpy()[doc],
        "Vendor Name": docs["name"].to_numpy()[doc], "Currency Code": "INR",
        "Item Name": np.where(lines["line"].to_numpy() == 0, "Goods", "Other goods"),
        "Account": "Cost of Goods Sold", "Quantity": "1",
        "Rate": _texts(lines["taxable"].to_numpy(), indian=False),
        "Tax Name": name, "Tax Percentage": lines["rate"].to_numpy(),
        "Tax Amount": _rupees(tax), "Item Total": _rupees(lines["taxable"].to_numpy()),
        "ITC Eligibility": np.where(docs["eligibility"].to_numpy()[doc] == "Ineligible",
                                    "ineligible_section17", "eligible"),
        "Is Reverse Charge Applied": np.where(docs["rcm"].to_numpy()[doc], "true", "false"),
        "Cess Amount": _rupees(lines["cess"].to_numpy()),
        "SubTotal": _rupees(docs["taxable"].to_numpy()[doc]),
        "Total": _rupees(docs["value"].to_numpy()[doc]),
    })
    is_credit = docs["kind"].to_numpy()[doc] == "CN"
    bills = table[~is_credit].rename(columns={"Date": "Bill Date", "ID": "Bill ID",
                                              "Number": "Bill Number"})
    credits = table[is_credit].rename(columns={"Date": "Vendor Credit Date",
                                               "ID": "Vendor Credit ID",
                                               "Number": "Vendor Credit Number"})
    first_rows = np.zeros(len(docs), dtype=np.int64)
    for mask in (~is_credit, is_credit):
        positions = np.flatnonzero(mask)
        starts = np.r_[True, doc[positions][1:] != doc[positions][:-1]]
        first_rows[doc[positions][starts]] = np.flatnonzero(starts) + 2
    return StyledRegister((StyledSheet("Bills", bills.reset_index(drop=True)),
                           StyledSheet("Vendor Credits", credits.reset_index(drop=True))),
                          first_rows)


def _letters(code: str) -> str:
    return _LETTERS.get(code, code)


def _sap(docs: pd.DataFrame, lines: pd.DataFrame) -> StyledRegister:
    doc = lines["doc"].to_numpy()
    credit = docs["kind"].to_numpy()[doc] == "CN"
    minus = np.where(credit, "-", "").astype(object)
    serial = pd.Series(np.arange(len(docs))).astype(str).str.zfill(6).to_numpy(dtype=object)
    number = np.where(docs["kind"].to_numpy() == "CN", "1700" + serial, "5105" + serial)

    def amount(paise: np.ndarray) -> np.ndarray:
        return (_texts(paise, indian=False) + np.where(paise != 0, minus, "")).astype(object)

    gross = lines[list(_HEADS)].sum(axis=1).to_numpy()
    table = pd.DataFrame({
        "Company Code": "1000", "Document Number": number[doc], "Fiscal Year": "2025",
        "Document Type": np.where(credit, "KG", "RE"),
        "Document Date": _day_texts(docs["date"].to_numpy()[doc], "%d.%m.%Y"),
        "Posting Date": _day_texts(docs["voucher_date"].to_numpy()[doc], "%d.%m.%Y"),
        "Reference": docs["number"].to_numpy()[doc],
        "Vendor Name": docs["name"].to_numpy()[doc].astype(str),
        "Tax Number 3": docs["gstin"].to_numpy()[doc],
        "Tax Code": (pd.Series(np.where(lines["igst"].to_numpy() != 0, "I", "G"), dtype=object)
                     + (lines["rate"] // 2).clip(upper=9).astype(str).to_numpy(dtype=object)
                     ).to_numpy(dtype=object),
        "RCM Applicable": np.where(docs["rcm"].to_numpy()[doc], "Y", "N"),
        "ITC Eligibility": np.where(docs["eligibility"].to_numpy()[doc] == "Ineligible",
                                    "Ineligible", "Eligible"),
        "Base Amount": amount(lines["taxable"].to_numpy()),
        "CGST Amount": amount(lines["cgst"].to_numpy()),
        "SGST Amount": amount(lines["sgst"].to_numpy()),
        "IGST Amount": amount(lines["igst"].to_numpy()),
        "Comp. Cess Amount": amount(lines["cess"].to_numpy()),
        "Amount in LC": amount(gross),
    })
    table["Vendor Name"] = table["Vendor Name"].str.upper()
    starts = np.r_[True, doc[1:] != doc[:-1]]
    first_rows = np.zeros(len(docs), dtype=np.int64)
    first_rows[doc[starts]] = np.flatnonzero(starts) + 2
    return StyledRegister((StyledSheet("journal", table),), first_rows, suffix=".csv")


_HAND_KEPT_AMOUNTS: Final = {"Taxable Amt": "taxable", "CGST": "cgst", "SGST": "sgst",
                              "IGST": "igst", "Cess": "cess", "Total Amt": "value"}


def _marked_texts(paise: np.ndarray) -> np.ndarray:
    """Signed paise -> "1,180.00 Cr" (positive) / "1,180.00 Dr" (negative)."""
    side = np.where(paise < 0, " Dr", " Cr").astype(object)
    return np.asarray(_texts(np.abs(paise)) + side, dtype=object)


def _hand_kept_subtotals(docs: pd.DataFrame, group: np.ndarray) -> pd.DataFrame:
    """One "Sub Total - <party>" row per party group, returns netted off."""
    sign = np.where(docs["kind"] == "CN", -1, 1)
    sums = pd.DataFrame({head: sign * docs[head] for head in _HAND_KEPT_AMOUNTS.values()}
                        ).groupby(group).sum()
    names = pd.Series(docs["name"].to_numpy(dtype=str)).groupby(group).first()
    return pd.DataFrame({
        "Sr. No.": "", "Date": "", "Party Name": "Sub Total - " + names, "GSTIN No.": "",
        "Inv. No.": "", "Inv. Date": "",
        **{label: np.where(sums[head].to_numpy() != 0,
                           _marked_texts(sums[head].to_numpy()), "")
           for label, head in _HAND_KEPT_AMOUNTS.items()},
        "RCM": "", "ITC Eligible": "", "_order": sums.index.to_numpy() * 2.0 + 1})


def _hand_kept(docs: pd.DataFrame) -> StyledRegister:
    order = np.lexsort((docs["date"].to_numpy(), docs["name"].to_numpy(dtype=str)))
    docs = docs.iloc[order].reset_index(drop=True)
    sign = np.where(docs["kind"].to_numpy() == "CN", -1, 1)
    party = docs["name"].to_numpy(dtype=str)
    group = np.r_[0, np.cumsum(party[1:] != party[:-1])] if len(party) else party
    rows = pd.DataFrame({
        "Sr. No.": np.arange(1, len(docs) + 1).astype(object),
        "Date": _day_texts(docs["voucher_date"].to_numpy(), "%d/%m/%Y"),
        "Party Name": docs["name"], "GSTIN No.": docs["gstin"], "Inv. No.": docs["number"],
        "Inv. Date": _day_texts(docs["date"].to_numpy(), "%d/%m/%Y"),
        **{label: np.where(docs[head].to_numpy() != 0,
                           _marked_texts(sign * docs[head].to_numpy()), "")
           for label, head in _HAND_KEPT_AMOUNTS.items()},
        "RCM": np.where(docs["rcm"], "Y", ""),
        "ITC Eligible": np.where(docs["eligibility"] == "Ineligible", "No", "Yes"),
        "_order": np.asarray(group, dtype="float64") * 2.0,
    })
    table = pd.concat([rows.assign(_pos=np.arange(len(rows))),
                       _hand_kept_subtotals(docs, group).assign(_pos=-1)],
                      ignore_index=True).sort_values(["_order", "_pos"], kind="stable")
    positions = table["_pos"].to_numpy()
    first_rows = np.zeros(len(docs), dtype=np.int64)
    # Titles on rows 1-2, headers on row 3: the table starts on row 4.
    first_rows[order[positions[positions >= 0]]] = np.flatnonzero(positions >= 0) + 4
    table = table.drop(columns=["_order", "_pos"]).reset_index(drop=True)
    grand = _marked_texts(np.array([int(np.sum(sign * docs[head].to_numpy()))
                                    for head in _HAND_KEPT_AMOUNTS.values()]))
    width = _column_letter(len(table.columns))
    titles = ((f"{_COMPANY} - Purchase Register - {_MONTH}",), ("(All amounts in Rs.)",))
    sheet = StyledSheet("Oct 2025", table, titles,
                        ((), ("", "", "Grand Total", "", "", "", *grand, "", "")),
                        merged=(f"A1:{width}1", f"A2:{width}2"))
    return StyledRegister((sheet,), first_rows)


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def style_register(register: pd.DataFrame, style: str, *, seed: int) -> StyledRegister:
    """The plain register (`samples.REGISTER_HEADERS`, one row per document) -> the same
    documents in `style` (one of `REGISTER_STYLES` but ``plain``)."""
    if style not in REGISTER_STYLES or style == "plain":
        raise ValueError(f"unknown register style '{style}'; styles: "
                         + ", ".join(REGISTER_STYLES))
    docs = _documents(register)
    rng = np.random.default_rng(seed)
    lines = _rate_lines(docs, rng)
    if style == "tally-columnar":
        return _tally_columnar(docs, lines)
    if style == "gstr2-template":
        return _gstr2_template(docs, lines)
    if style == "busy":
        return _busy(docs)
    if style == "zoho":
        return _zoho(docs, lines)
    if style == "sap":
        return _sap(docs, lines)
    return _hand_kept(docs)


# ----------------------------------------------------------------------------------------
# files


def restyled_truth(truth: pd.DataFrame, first_rows: np.ndarray) -> pd.DataFrame:
    """The truth with its register rows (rows of the plain register: line i on row i + 2)
    moved to where each document starts in a styled register (`first_rows[i]`)."""
    out = truth.copy()
    for column in ("register_row", "must_not_pair_row"):
        rows = out[column].astype("Int64")
        known = rows.notna().to_numpy()
        moved = pd.array([pd.NA] * len(rows), dtype="Int64")
        moved[known] = first_rows[rows[known].to_numpy(dtype="int64") - 2]
        out[column] = moved
    return out


def write_styled_register(styled: StyledRegister, path: Path) -> None:
    """Write a styled register: .xlsx (every sheet, titles, merged ranges, dates shown
    dd-mm-yyyy, rupees as numbers, text as text) or tab-separated .csv (one sheet)."""
    if styled.suffix == ".csv":
        sheet = styled.sheets[0]
        sheet.table.to_csv(path, sep="\t", index=False, encoding="utf-8")
        return
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                               "nan_inf_to_errors": False})
    try:
        date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        bold = workbook.add_format({"bold": True})
        for sheet in styled.sheets:
            _write_sheet(workbook.add_worksheet(sheet.name), sheet, date_format, money, bold)
    finally:
        workbook.close()


def _write_sheet(worksheet: Any, sheet: StyledSheet, date_format: Any, money: Any,
                 bold: Any) -> None:
    worksheet.set_column(0, max(len(sheet.table.columns) - 1, 0), 16)
    row = 0
    merged = {int(cells.split(":")[0][1:]) - 1: cells for cells in sheet.merged}
    for title in sheet.titles:
        if row in merged and title:
            worksheet.merge_range(merged[row], str(title[0]), bold)
        else:
            _write_row(worksheet, row, title, date_format, money)
        row += 1
    for column, header in enumerate(sheet.table.columns):
        worksheet.write_string(row, column, str(header), bold)
    row += 1
    columns = [_cells(sheet.table[name]) for name in sheet.table.columns]
    for values in zip(*columns, strict=True):
        _write_row(worksheet, row, values, date_format, money)
        row += 1
    for trailing in sheet.trailing:
        _write_row(worksheet, row, trailing, date_format, money)
        row += 1


def _cells(column: pd.Series) -> list[object]:
    if pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(v) else v for v in column.dt.to_pydatetime()]
    return column.astype(object).where(column.notna(), None).tolist()


def _write_row(worksheet: Any, row: int, values: tuple[object, ...], date_format: Any,
               money: Any) -> None:
    for column, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, bool | np.bool_):
            worksheet.write_string(row, column, "Yes" if value else "No")
        elif isinstance(value, float | np.floating):
            if value == value:
                worksheet.write_number(row, column, float(value), money)
        elif isinstance(value, int | np.integer):
            worksheet.write_number(row, column, int(value))
        elif hasattr(value, "year") and hasattr(value, "month"):
            worksheet.write_datetime(row, column, value, date_format)
        else:
            worksheet.write_string(row, column, str(value))

