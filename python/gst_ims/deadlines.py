"""The month's dates and what is still open before them, for Home: counts, not alarms.

* The return period (MMYYYY) the IMS data is for: Settings' when given, else the most
  common source period of the IMS documents (the latest on a tie).
* The return dates of that period, in one table (`RETURN_DATES`): the GSTR-2B draft on
  the 14th and the GSTR-3B due date on the 20th of the next month, each overridable on
  Settings when the government extends it.
* How many IMS documents still have no action chosen (left so, they are deemed accepted
  when GSTR-2B is generated).
* How many credit notes kept Pending will be deemed accepted after this period: since
  the Oct-2025 period a credit note may stay Pending for one tax period after its own,
  until that period's GSTR-3B due date (reference/ims-format.md, 6.3); so a credit note
  of an earlier period than the return period that is still Pending is at its last
  period.

The clock is the caller's (the job's time), so a test fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.dates import parse_ddmmyyyy, parse_return_period
from gst_ims.domain.documents import Action, DocType
from gst_ims.domain.problems import InputError


@dataclass(frozen=True, slots=True)
class ReturnDate:
    """A date of the month's returns: its Settings key (the override), its name, and
    the day of the month after the return period on which it falls."""

    key: str
    name: str
    day: int


RETURN_DATES: Final[tuple[ReturnDate, ...]] = (
    ReturnDate("gstr2b_date", "GSTR-2B draft", 14),
    ReturnDate("gstr3b_due_date", "GSTR-3B due", 20),
)


@dataclass(frozen=True)
class Deadline:
    """What Home shows: the period, each return date and the days left to it (negative
    once passed), and the two counts."""

    period: str
    dates: dict[str, date]
    days_left: dict[str, int]
    no_action: int
    pending_credit_notes_deemed: int


def _period_order(period: str) -> int:
    year, month = parse_return_period(period)
    return year * 12 + month


def _valid_period(text: str) -> bool:
    try:
        parse_return_period(text)
    except ValueError:
        return False
    return True


def return_period(src_periods: pd.Series, setting: str = "") -> str:
    """The return period: `setting` (MMYYYY) when given, else the most common valid
    source period of the IMS documents, the latest among equals ("" when none).
    `InputError` when `setting` is not MMYYYY."""
    setting = setting.strip()
    if setting:
        if not _valid_period(setting):
            raise InputError(f"Settings > Return period: '{setting}' is not MMYYYY "
                             "(e.g. 102025 for October 2025).")
        return setting
    counts = src_periods.astype("string").fillna("").str.strip().value_counts()
    counts = counts.loc[[_valid_period(str(text)) for text in counts.index]]
    if counts.empty:
        return ""
    best = counts.loc[counts == counts.max()].index
    return str(max(best, key=_period_order))


def return_dates(period: str, overrides: dict[str, date | None] | None = None
                 ) -> dict[str, date]:
    """`RETURN_DATES` key -> the date for `period` (the day in the next month), or the
    override given for it."""
    year, month = parse_return_period(period)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {rule.key: (overrides or {}).get(rule.key) or date(year, month, rule.day)
            for rule in RETURN_DATES}


def override_date(value: object, label: str) -> date | None:
    """A date cell on Settings (a date, or dd-mm-yyyy text) -> a date, None when blank.
    `InputError` for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_ddmmyyyy(str(value))
    except ValueError:
        raise InputError(f"Settings > {label}: '{value}' is not a date (dd-mm-yyyy). "
                         "Leave it blank for the usual date.") from None


def open_counts(rows: pd.DataFrame, src_period: pd.Series, period: str) -> tuple[int, int]:
    """(IMS documents with no action chosen, credit notes at Pending of a period before
    `period`). `rows`: result-row fields (``ims_id``, ``action``, ``doc.doc_type``);
    `src_period`: each row's IMS source period (same index; blank without one)."""
    has_ims = rows[d.IMS_ID].notna()
    action = rows[d.ACTION].astype("string").fillna("")
    no_action = has_ims & action.isin(["", Action.NO_ACTION.value])
    if not period:
        return int(no_action.sum()), 0
    credit = rows["doc." + d.DOC_TYPE].astype("string").fillna("") == DocType.CREDIT_NOTE.value
    pending = has_ims & credit & (action == Action.PENDING.value)
    periods = src_period.astype("string").fillna("")
    # Each distinct period is parsed once: a month's documents carry a handful.
    limit = _period_order(period)
    earlier_of = {text: _valid_period(text) and _period_order(text) < limit
                  for text in periods.unique().tolist()}
    earlier = periods.map(earlier_of).astype(bool).to_numpy()
    return int(no_action.sum()), int((pending.to_numpy() & earlier).sum())


def deadline(rows: pd.DataFrame, src_period: pd.Series, today: date, *,
             period_setting: str = "", overrides: dict[str, date | None] | None = None
             ) -> Deadline:
    """Everything Home shows about the deadline (see the module's text)."""
    period = return_period(src_period.loc[rows[d.IMS_ID].notna()], period_setting)
    dates = return_dates(period, overrides) if period else {}
    no_action, deemed = open_counts(rows, src_period, period)
    return Deadline(period, dates, {key: (when - today).days for key, when in dates.items()},
                    no_action, deemed)


__all__ = ["RETURN_DATES", "Deadline", "ReturnDate", "deadline", "open_counts",
           "override_date", "return_dates", "return_period"]
