"""Supplier letters: for each supplier with something to follow up, one .xlsx listing
its documents (our record, what it uploaded, the difference, what we ask it to do), and
one ``letters.csv`` for a mail merge (GSTIN, name, e-mail, subject, body, file).

Built from result-row fields (see `suppliers`), so every amount in a letter is the one
on the result sheets. Text from the data (names, numbers) is written as text: in the
.xlsx through XlsxWriter's `write_string` (never evaluated), in the CSV with a leading
apostrophe when it would start a formula in a spreadsheet program that opens the file.
Every file is written atomically; letters of an earlier run for suppliers that have
nothing left to follow up are removed (only the files that run's ``letters.csv`` named).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import xlsxwriter

from gst_ims.domain import documents as d
from gst_ims.domain.documents import DocType
from gst_ims.domain.money import format_inr
from gst_ims.domain.safe_text import cell_text
from gst_ims.suppliers import (
    CREDIT_NOTE_AWAITED,
    DIFFERS,
    DOC_TYPE,
    GSTIN,
    NOT_REPORTED,
    follow_up_rows,
    supplier_table,
)
from gst_ims.workbook import layout as lay
from gst_ims.workbook.port import FORMULA_STARTS

CSV_NAME: Final = "letters.csv"
CSV_HEADERS: Final[tuple[str, ...]] = ("GSTIN", "Name", "E-mail", "Subject", "Body", "File")
# What each kind of follow-up is called, and what we ask the supplier to do (rules as
# data; the letter shows them word for word).
WHAT: Final[dict[str, str]] = {
    NOT_REPORTED: "In our books, not reported by you",
    CREDIT_NOTE_AWAITED: "Credit note in our books, not reported by you",
    DIFFERS: "Reported by you with differences",
}
ASK: Final[dict[str, str]] = {
    NOT_REPORTED: "Please report this document in your GSTR-1 / IFF (or GSTR-1A of the "
                  "same period) with the details shown under 'Ours', so that it reaches "
                  "our GSTR-2B.",
    CREDIT_NOTE_AWAITED: "Please report this credit note in your GSTR-1 / IFF (or GSTR-1A "
                         "of the same period) with the details shown under 'Ours'.",
    DIFFERS: "Please check this document against our record. If your upload is wrong, "
             "amend it (GSTR-1A of the same period, or the amendment table of your next "
             "GSTR-1 / IFF); if our record is wrong, tell us.",
}
LETTER_HEADERS: Final[tuple[str, ...]] = (
    "What", "Doc Type", "Our Doc No", "Our Date", "Your Doc No", "Your Date",
    "Our Taxable", "Your Taxable", "Our Tax", "Your Tax", "Difference (yours - ours)",
    "What differs", "What we ask",
)
MONEY_HEADERS: Final = frozenset({"Our Taxable", "Your Taxable", "Our Tax", "Your Tax",
                                  "Difference (yours - ours)"})
_TABLE_ROW: Final = 8  # 0-based row of the table's header in a letter
_EMAIL_HEADER: Final = re.compile(r"^\s*e[\s_-]*mail(\s*(id|address))?\s*$|^\s*mail\s*id\s*$",
                                  re.IGNORECASE)


@dataclass(frozen=True)
class Letter:
    """One supplier's letter: who, the subject and body of the e-mail, the file name and
    its rows (`LETTER_HEADERS` fields; amounts in paise)."""

    gstin: str
    name: str
    email: str
    subject: str
    body: str
    file_name: str
    rows: pd.DataFrame
    itc_at_stake: int


def email_header(headers: list[str]) -> str | None:
    """The header among `headers` that holds e-mail addresses (``E-mail``, ``Email ID``,
    ``Mail id``...), None when the register has none."""
    return next((h for h in headers if _EMAIL_HEADER.match(str(h))), None)


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _texts(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.strip()


def _paise(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.normalize()


def _differ(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Element-wise "not the same", a missing value equal only to a missing one."""
    both_missing = (left.isna() & right.isna()).to_numpy()
    same = (left == right).fillna(False).astype(bool).to_numpy()
    return ~(same | both_missing)


def _differs(rows: pd.DataFrame) -> pd.Series:
    """What differs on each Mismatched row, in words ("Date, tax")."""
    ims, books = lay.IMS_PREFIX, lay.BOOKS_PREFIX
    tax_differs = (rows["ims_tax"] != rows["books_tax"]).to_numpy()
    heads = [(h.upper(), _differ(_paise(rows[ims + h]), _paise(rows[books + h])))
             for h in d.TAX_HEADS]
    checks = [
        ("GSTIN", _texts(rows[d.MATCH_STATUS]).str.contains("GSTIN", regex=False).to_numpy()),
        ("document number", _differ(_texts(rows[ims + d.DOC_NO]),
                                    _texts(rows[books + d.DOC_NO]))),
        ("date", _differ(_dates(rows[ims + d.DOC_DATE]), _dates(rows[books + d.DOC_DATE]))),
        ("taxable value", _differ(_paise(rows[ims + d.TAXABLE]),
                                  _paise(rows[books + d.TAXABLE]))),
        ("tax", tax_differs),
    ]
    text = np.full(len(rows), "", dtype=object)
    for name, flag in checks:
        text = np.where(flag, text + ", " + name, text)
    split = np.full(len(rows), "", dtype=object)
    for name, flag in heads:
        split = np.where(flag & ~tax_differs, split + ", " + name, split)
    text = np.where(split != "", text + ", tax heads (" + pd.Series(split).str[2:] + ")", text)
    words = pd.Series(text, index=rows.index, dtype="string").str[2:]
    # Upper-case the first letter only: "GSTIN" stays as it is written.
    return (words.str[:1].str.upper() + words.str[1:]).where(words != "", "Details")


def letter_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """A supplier's follow-up rows (`suppliers.follow_up_rows`) -> the letter's rows
    (`LETTER_HEADERS`, amounts in paise, dates as Timestamps, missing where a side is
    absent), in the same order."""
    ims, books = lay.IMS_PREFIX, lay.BOOKS_PREFIX
    kind = rows["kind"].astype(str)
    has_ims = kind == DIFFERS
    labels = {t.value: t.label for t in DocType}
    doc_type = _texts(rows[DOC_TYPE])
    out = pd.DataFrame({
        "What": kind.map(WHAT),
        "Doc Type": doc_type.map(lambda code: labels.get(code, code)),
        "Our Doc No": _texts(rows[books + d.DOC_NO]),
        "Our Date": _dates(rows[books + d.DOC_DATE]),
        "Your Doc No": _texts(rows[ims + d.DOC_NO]).where(has_ims),
        "Your Date": _dates(rows[ims + d.DOC_DATE]).where(has_ims),
        "Our Taxable": _paise(rows[books + d.TAXABLE]),
        "Your Taxable": _paise(rows[ims + d.TAXABLE]).where(has_ims),
        "Our Tax": rows["books_tax"].astype("Int64"),
        "Your Tax": rows["ims_tax"].astype("Int64").where(has_ims),
        "Difference (yours - ours)": (rows["ims_tax"] - rows["books_tax"]).astype(
            "Int64").where(has_ims),
        "What differs": _differs(rows).where(has_ims, "Not in your return"),
        "What we ask": kind.map(ASK),
    }, index=rows.index)
    return out.reset_index(drop=True)[list(LETTER_HEADERS)]


def _file_name(rank: int, gstin: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9]", "", gstin)[:20] or "supplier"
    return f"{rank:03d}-{safe}.xlsx"


def _by_when(reply_by: date | None) -> str:
    # The date Home shows (Settings may move it); words only when no period is known.
    if reply_by is None:
        return "before the due date of our GSTR-3B"
    return f"by {reply_by.strftime('%d-%m-%Y')}, the due date of our GSTR-3B"


def _body(name: str, rows: pd.DataFrame, stake: int, recipient: str,
          reply_by: date | None = None) -> str:
    counts = rows["What"].value_counts()
    lines = [f"Dear {name or 'Sir / Madam'},", "",
             "While matching our purchase records with what the GST portal shows us (IMS), "
             f"we found {len(rows)} of your document(s) that need your attention. Input "
             f"tax credit of {format_inr(stake)} depends on them.", ""]
    lines += [f"- {count} x {what}" for what, count in counts.items()]
    lines += ["", "The attached file lists each document: our record, what you "
              "reported, the difference and what we ask you to do. Please act on it "
              f"{_by_when(reply_by)}, or tell us where our record is wrong.", "",
              "Regards,",
              f"Accounts (GSTIN {recipient})" if recipient else "Accounts"]
    return "\n".join(lines)


def build_letters(fields: pd.DataFrame, emails: dict[str, str] | None = None,
                  recipient: str = "", reply_by: date | None = None) -> list[Letter]:
    """One `Letter` per supplier with something to follow up, in the Suppliers sheet's
    order. `fields`: result-row fields (see `suppliers`); `emails`: GSTIN -> address;
    `reply_by`: the GSTR-3B due date the letters ask for action by (None: named, not
    dated)."""
    follow = follow_up_rows(fields)
    if follow.empty:
        return []
    table = supplier_table(fields)
    # Every letter's rows in one pass, then each supplier's slice (a month may have
    # thousands of suppliers to write to).
    lines = letter_rows(follow)
    gstins = follow[GSTIN].astype("string").fillna("").to_numpy()
    positions = pd.Series(range(len(lines))).groupby(gstins).indices
    letters = []
    for supplier in table.loc[table["follow_ups"] > 0].to_dict("records"):
        gstin = str(supplier[d.SUPPLIER_GSTIN])
        name = _text(supplier[d.SUPPLIER_NAME])
        rows = lines.iloc[positions[gstin]].reset_index(drop=True)
        stake = int(supplier["itc_at_stake"])
        subject = (f"GST: {len(rows)} document(s) to settle with us"
                   + (f", ITC {format_inr(stake)}" if stake else ""))
        letters.append(Letter(gstin, name, (emails or {}).get(gstin, ""), subject,
                              _body(name, rows, stake, recipient, reply_by),
                              _file_name(int(supplier["rank"]), gstin), rows, stake))
    return letters


def letter_xlsx(letter: Letter, recipient: str, today: date) -> bytes:
    """The letter's workbook: who and why above, the documents as a table, amounts in
    rupees with Indian grouping; every text written as text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sheet = book.add_worksheet("Documents")
    bold = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3864",
                            "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@", "valign": "top"})
    money = book.add_format({"num_format": lay.FORMAT_RUPEES_SIGNED, "valign": "top"})
    when = book.add_format({"num_format": lay.FORMAT_DATE, "valign": "top", "align": "left"})
    sheet.write_string(0, 0, "Documents to settle", bold)
    lines = [("From (GSTIN)", recipient), ("To", letter.name), ("Supplier GSTIN", letter.gstin),
             ("Input tax credit at stake", format_inr(letter.itc_at_stake)),
             ("Date", today.strftime("%d-%m-%Y"))]
    for offset, (label, value) in enumerate(lines, start=2):
        sheet.write_string(offset, 0, label)
        sheet.write_string(offset, 2, cell_text(value), text)
    for column, header in enumerate(LETTER_HEADERS):
        sheet.write_string(_TABLE_ROW, column, header, head)
    for offset, record in enumerate(letter.rows.to_dict("records"), start=_TABLE_ROW + 1):
        for column, header in enumerate(LETTER_HEADERS):
            value = record[header]
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if header in MONEY_HEADERS:
                sheet.write_number(offset, column, int(value) / 100, money)
            elif isinstance(value, datetime | date):
                sheet.write_datetime(offset, column, datetime(value.year, value.month,
                                                              value.day), when)
            else:
                sheet.write_string(offset, column, cell_text(str(value)),
                                   wrap if header in ("What", "What differs", "What we ask")
                                   else text)
    widths = (26, 11, 18, 11, 18, 11, 14, 14, 13, 13, 14, 26, 60)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(_TABLE_ROW + 1, 0)
    book.set_properties({"title": letter.subject, "created": datetime(today.year, today.month,
                                                                       today.day)})
    book.close()
    return buffer.getvalue()


def csv_text(value: str) -> str:
    """A CSV field that a spreadsheet program opening the file shows as the text it is:
    text starting like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith((*FORMULA_STARTS, "\t", "\r")) else value


def _previous_files(folder: Path) -> set[str]:
    """The letter files an earlier run's letters.csv named (file names only)."""
    path = folder / CSV_NAME
    if not path.is_file():
        return set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return {Path(row.get("File", "")).name for row in csv.DictReader(stream)
                    if row.get("File", "").endswith(".xlsx")}
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()


def write_letters(letters: list[Letter], folder: Path, recipient: str,
                  today: date) -> list[Path]:
    """Write each letter's .xlsx and then ``letters.csv`` into `folder` (made when
    missing), each file atomically; remove the letters of an earlier run that this run
    does not write. Returns the paths written, letters.csv last."""
    from gst_ims.upload.files import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    stale = _previous_files(folder) - {letter.file_name for letter in letters}
    written = []
    for letter in letters:
        path = folder / letter.file_name
        write_atomically(path, letter_xlsx(letter, recipient, today))
        written.append(path)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for letter in letters:
        writer.writerow([csv_text(letter.gstin), csv_text(letter.name), csv_text(letter.email),
                         csv_text(letter.subject), csv_text(letter.body), letter.file_name])
    # UTF-8 with a byte-order mark: Excel and Word's mail merge then read the rupee sign.
    write_atomically(folder / CSV_NAME, out.getvalue().encode("utf-8-sig"))
    written.append(folder / CSV_NAME)
    for name in stale:
        (folder / name).unlink(missing_ok=True)
    return written


__all__ = ["ASK", "CSV_HEADERS", "CSV_NAME", "LETTER_HEADERS", "WHAT", "Letter",
           "build_letters", "csv_text", "email_header", "letter_rows", "letter_xlsx",
           "write_letters"]
