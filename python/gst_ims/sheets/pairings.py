"""The user's say on pairings, between the sheets and the engine's links frame.

* `statements`: what the result sheets ask for now (a register row typed in Link To on
  Not in Books, an Unlink tick on Matched or Mismatched, an Exclude tick on Not in IMS,
  and, for Confirm suggestions, the Confirm ticks on Suggested), as link statements by
  stable keys (`recon.links`).
* `links_from_sheet` / `links_to_sheet`: the hidden Links sheet's rows <-> links frame.
* `books_period`: the period of Settings, or the months of the IMS download's return
  periods.
* `link_problems`: the links in effect, as Log lines.

No workbook here: frames in, frames out (the workflow reads and writes the sheets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.dates import parse_return_period
from gst_ims.domain.problems import Problem, Severity
from gst_ims.recon.links import LINK_COLUMNS, LinkKind, add, books_keys, empty_links
from gst_ims.workbook import layout as lay

_ROW_LIST: Final = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Statement:
    """One thing the user said: `kind` about the IMS document `ims_key` (blank for an
    exclusion) and the register document `books_key`; `shown` names them in words."""

    kind: LinkKind
    ims_key: str
    books_key: str
    shown: str


def _ticked(values: pd.Series) -> pd.Series:
    return values.map(lambda v: v is True or str(v).strip().lower() in ("yes", "y", "true"))


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.strip()


def register_row_keys(books: pd.DataFrame) -> dict[int, str]:
    """Every sheet row a register document was read from -> the document's books key
    (a line-wise register books one document on several rows)."""
    keys = books_keys(books)
    out: dict[int, str] = {}
    rows_text = (books[d.REGISTER_ROWS].astype("string").fillna("")
                 if d.REGISTER_ROWS in books else pd.Series("", index=books.index))
    for first, listed, key in zip(books[d.REGISTER_ROW].tolist(), rows_text.tolist(),
                                  keys.tolist(), strict=True):
        # Only "12, 13"-style lists name rows of the Books sheet; "cdnr: 5" names another
        # sheet of a register file.
        rows = [int(x) for x in _ROW_LIST.findall(listed)] if ":" not in listed else []
        for row in (int(first), *rows):
            out.setdefault(row, str(key))
    return out


def statements(sheets: dict[str, pd.DataFrame], books: pd.DataFrame | None, *,
               confirm: bool = False) -> tuple[list[Statement], list[Problem]]:
    """Result-sheet rows (their fields, per sheet name) -> the statements they make, and
    a Problem for each Link To that names no register row. With `confirm`, the Confirm
    ticks of Suggested are statements too (links)."""
    said: list[Statement] = []
    problems: list[Problem] = []
    by_row = register_row_keys(books) if books is not None else {}
    for sheet, rows in sheets.items():
        if rows.empty:
            continue
        record = _text(rows[d.RECORD_KEY]) if d.RECORD_KEY in rows else None
        books_key = _text(rows[d.BOOKS_KEY]) if d.BOOKS_KEY in rows else None
        number = _text(rows.get(lay.IMS_PREFIX + d.DOC_NO, pd.Series("", index=rows.index)))
        if record is None or books_key is None:
            continue
        ticked = (_ticked(rows[lay.TICK]) if lay.TICK in rows
                  else pd.Series(False, index=rows.index))
        paired = (record != "") & (books_key != "") & rows[d.IMS_ID].notna()
        if sheet in (lay.MATCHED, lay.MISMATCHED):
            for i in rows.index[ticked & paired]:
                said.append(Statement(LinkKind.UNLINK, record[i], books_key[i],
                                      f"{number[i]} unlinked from {books_key[i]}"))
        elif sheet == lay.SUGGESTED and confirm:
            for i in rows.index[ticked & paired]:
                said.append(Statement(LinkKind.LINK, record[i], books_key[i],
                                      f"{number[i]} confirmed with {books_key[i]}"))
        elif sheet == lay.NOT_IN_IMS:
            alone = (books_key != "") & rows[d.IMS_ID].isna()
            for i in rows.index[ticked & alone]:
                said.append(Statement(LinkKind.EXCLUDE, "", books_key[i],
                                      f"{books_key[i]} excluded"))
        elif sheet == lay.NOT_IN_BOOKS and lay.LINK_TO in rows:
            target = pd.to_numeric(rows[lay.LINK_TO], errors="coerce")
            for i in rows.index[target.notna() & (record != "")]:
                row = int(target[i])
                key = by_row.get(row)
                if key is None:
                    problems.append(Problem(
                        f"Link To {row}: the Books sheet has no register document on row "
                        f"{row}; {number[i]} was not linked", Severity.WARNING,
                        sheet=lay.NOT_IN_BOOKS, field=lay.LINK_TO))
                    continue
                said.append(Statement(LinkKind.LINK, record[i], key,
                                      f"{number[i]} linked with register row {row}"))
    return said, problems


def apply(links: pd.DataFrame, said: list[Statement]) -> pd.DataFrame:
    """`links` with the statements added in order."""
    for statement in said:
        links = add(links, statement.kind, statement.ims_key, statement.books_key)
    return links.reset_index(drop=True)


def links_from_sheet(rows: pd.DataFrame) -> pd.DataFrame:
    """The Links sheet's rows (its fields) -> links frame (rows of unknown kind dropped)."""
    if rows.empty:
        return empty_links()
    frame = pd.DataFrame({name: _text(rows[name]).to_numpy(dtype=object)
                          if name in rows else "" for name in LINK_COLUMNS})
    known = frame["kind"].isin([kind.value for kind in LinkKind])
    return frame[known].reset_index(drop=True)


def link_changes(before: pd.DataFrame, after: pd.DataFrame, job: str,
                 when: datetime) -> pd.DataFrame:
    """History rows (`layout.HISTORY_SHEET` fields) for the pairings a job made, undid or
    changed: links frames `before` and `after` (`LINK_COLUMNS`) compared per pair of
    documents; field "Pairing", old and new the kind (blank when there was none). The
    row is the statement's row on the Links sheet (blank for one removed)."""
    from gst_ims.sheets.history import change_rows

    pair = ["ims_key", "books_key"]
    old = before[list(LINK_COLUMNS)].drop_duplicates(pair, keep="last")
    new = after[list(LINK_COLUMNS)].reset_index(drop=True)
    new["row"] = lay.LINKS_SHEET.first_data_row + new.index
    new = new.drop_duplicates(pair, keep="last")
    both = old.merge(new, on=pair, how="outer", suffixes=("_old", "_new"), sort=False)
    parts = both["books_key"].astype("string").fillna("").str.split("|", expand=True)
    documents = pd.DataFrame({
        "sheet": lay.LINKS, "row": both["row"].astype("Int64"),
        d.RECORD_KEY: both["ims_key"].replace("", pd.NA),
        d.SUPPLIER_GSTIN: parts.get(0, ""), d.DOC_NO: parts.get(2, ""),
    })
    return change_rows(job, when, documents, "Pairing", both["kind_old"], both["kind_new"])


def link_problems(links: pd.DataFrame, recon: pd.DataFrame) -> list[Problem]:
    """The links in effect as Log lines (info), with a warning for each whose documents
    are not both present now."""
    problems: list[Problem] = []
    if links.empty:
        return problems
    present_ims = set(_text(recon[d.RECORD_KEY]))
    present_books = set(_text(recon[d.BOOKS_KEY]))
    words = {LinkKind.LINK: "Linked by you", LinkKind.UNLINK: "Unlinked by you",
             LinkKind.EXCLUDE: "Excluded by you"}
    for kind, ims_key, books_key in links[list(LINK_COLUMNS)].itertuples(index=False):
        link_kind = LinkKind(kind)
        found = books_key in present_books and (
            link_kind is LinkKind.EXCLUDE or ims_key in present_ims)
        about = f"IMS {ims_key} and register {books_key}" if ims_key else (
            f"register {books_key}")
        if found:
            problems.append(Problem(f"{words[link_kind]}: {about}", Severity.INFO,
                                    sheet=lay.LINKS))
        else:
            problems.append(Problem(
                f"{words[link_kind]}: {about}, but the document is not in this "
                "reconciliation now; the statement is kept", Severity.WARNING,
                sheet=lay.LINKS))
    return problems


def books_period(values: dict[str, object], ims: pd.DataFrame
                 ) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The books period: Settings' from / to (a date, or a month as mm-yyyy / MMYYYY),
    each blank one taken from the months of the IMS download's return periods. None when
    neither gives one."""
    months = sorted({parse_return_period(p) for p in _text(ims[d.SRC_PERIOD])
                     if _is_period(p)}) if d.SRC_PERIOD in ims else []
    first = _day(values.get("books_period_from"), end=False)
    last = _day(values.get("books_period_to"), end=True)
    if first is None and months:
        first = pd.Timestamp(year=months[0][0], month=months[0][1], day=1)
    if last is None and months:
        last = pd.Timestamp(year=months[-1][0], month=months[-1][1], day=1) + pd.offsets.MonthEnd(0)
    if first is None or last is None:
        return None
    return first, last


def _is_period(text: str) -> bool:
    try:
        parse_return_period(text)
    except ValueError:
        return False
    return True


def _day(value: object, *, end: bool) -> pd.Timestamp | None:
    """A Settings cell -> a day: a date as it is; a month (mm-yyyy, MMYYYY) as its first
    (or, with `end`, last) day; None when blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp) or hasattr(value, "year"):
        return pd.Timestamp(value).normalize()  # type: ignore[arg-type]
    text = str(value).strip()
    if not text:
        return None
    month = re.fullmatch(r"(\d{1,2})[-/ ]?(\d{4})", text)
    if month:
        day = pd.Timestamp(year=int(month.group(2)), month=int(month.group(1)), day=1)
        return day + pd.offsets.MonthEnd(0) if end else day
    parsed = pd.to_datetime(text, dayfirst=True, errors="coerce")
    if pd.isna(parsed):
        raise ValueError(f"'{text}' is neither a date nor a month (mm-yyyy)")
    return pd.Timestamp(parsed).normalize()
