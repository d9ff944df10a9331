"""Home's deadline: the return period, the days left to the GSTR-2B draft and the
GSTR-3B due date on a fixed clock (overridable on Settings), the documents with no action
chosen and the credit notes whose one Pending period runs out."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from gst_ims import workflow
from gst_ims.deadlines import RETURN_DATES, open_counts, return_dates, return_period
from gst_ims.domain import documents as d
from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import InputError
from gst_ims.samples import TAX_PERIOD, generate_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.memory_port import MemoryPort
from support import SampleMonth
from support.workflow import layout_memory_port

RECIPIENT = generate_month(docs=80, seed=4, dialect=Dialect.PORTAL).recipient_gstin
TODAY = datetime(2025, 11, 9, 10, 30)


@pytest.fixture(scope="module")
def inputs(sample_month: SampleMonth) -> dict[str, Path]:
    return sample_month(80, 4, Dialect.PORTAL)


def _reconciled(inputs: dict[str, Path], **settings: object) -> MemoryPort:
    port = layout_memory_port()
    port.names[lay.RECIPIENT_GSTIN.name] = RECIPIENT
    for key, value in settings.items():
        port.names[lay.setting_cell(key).name] = value  # type: ignore[assignment]
    workflow.import_ims(port, [inputs["ims"]])
    workflow.import_books(port, inputs["register"])
    workflow.reconcile(port, now=TODAY)
    return port


def _no_action_on_sheets(port: MemoryPort) -> int:
    count = 0
    for sheet in lay.RESULT_SHEETS:
        table = port.read_table(sheet)
        if table.empty:
            continue
        has_ims = table["IMS Id"].notna()
        count += int((has_ims & table["Action"].isin([None, "No action"])).sum())
    return count


def test_home_shows_the_period_its_dates_and_the_days_left(inputs: dict[str, Path]) -> None:
    port = _reconciled(inputs)
    names = port.saved_names
    assert names[lay.RETURN_PERIOD_SHOWN.name] == TAX_PERIOD == "102025"
    draft, draft_days = lay.DEADLINE_CELLS["gstr2b_date"]
    due, due_days = lay.DEADLINE_CELLS["gstr3b_due_date"]
    assert names[draft.name] == date(2025, 11, 14) and names[draft_days.name] == 5
    assert names[due.name] == date(2025, 11, 20) and names[due_days.name] == 11
    assert names[lay.NO_ACTION_LEFT.name] == _no_action_on_sheets(port) > 0


def test_an_extension_on_settings_moves_the_date(inputs: dict[str, Path]) -> None:
    port = _reconciled(inputs, gstr3b_due_date=datetime(2025, 11, 25), gstr2b_date="15-11-2025")
    due, due_days = lay.DEADLINE_CELLS["gstr3b_due_date"]
    draft, draft_days = lay.DEADLINE_CELLS["gstr2b_date"]
    assert port.saved_names[draft.name] == date(2025, 11, 15)
    assert port.saved_names[due.name] == date(2025, 11, 25)
    assert port.saved_names[due_days.name] == 16
    assert port.saved_names[draft_days.name] == 6


def _letter_bodies(port: MemoryPort, folder: Path) -> list[str]:
    from gst_ims.letters import CSV_NAME

    # On the computer's clock: the import stamped the Log with it, and letters refuse
    # results older than the last import. The dates depend on the period, not the clock.
    workflow.reconcile(port)
    workflow.supplier_letters(port, folder)
    letters = pd.read_csv(folder / CSV_NAME, dtype=str, keep_default_na=False,
                          encoding="utf-8-sig")
    assert len(letters) > 0
    return list(letters["Body"])


def test_letters_ask_for_action_by_the_gstr3b_date_home_shows(inputs: dict[str, Path],
                                                               tmp_path: Path) -> None:
    bodies = _letter_bodies(_reconciled(inputs), tmp_path / "plain")
    assert all("by 20-11-2025, the due date of our GSTR-3B" in body for body in bodies)
    moved = _letter_bodies(_reconciled(inputs, gstr3b_due_date=datetime(2025, 11, 25)),
                           tmp_path / "moved")
    assert all("by 25-11-2025, the due date of our GSTR-3B" in body for body in moved)
    assert not any("20th" in body for body in [*bodies, *moved])


def test_a_date_setting_that_is_no_date_stops_reconcile(inputs: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="GSTR-3B due date"):
        _reconciled(inputs, gstr3b_due_date="soon")


def test_accept_all_matched_brings_the_no_action_count_down(inputs: dict[str, Path]) -> None:
    port = _reconciled(inputs)
    before = port.saved_names[lay.NO_ACTION_LEFT.name]
    report = workflow.accept_matched(port, now=TODAY)
    after = port.saved_names[lay.NO_ACTION_LEFT.name]
    assert after == _no_action_on_sheets(port) < before
    assert report.counts["accepted"] >= before - after


def test_the_return_period_is_the_most_common_and_the_latest_on_a_tie() -> None:
    assert return_period(pd.Series(["092025", "102025", "102025", ""])) == "102025"
    assert return_period(pd.Series(["092025", "102025"])) == "102025"
    assert return_period(pd.Series(["122024", "012025"])) == "012025"
    assert return_period(pd.Series(["x", ""])) == ""
    assert return_period(pd.Series(["092025"]), "112025") == "112025"
    with pytest.raises(InputError, match="MMYYYY"):
        return_period(pd.Series(["092025"]), "2025-11")


def test_the_dates_fall_in_the_next_month_and_december_runs_into_january() -> None:
    assert [rule.day for rule in RETURN_DATES] == [14, 20]
    assert return_dates("122025") == {"gstr2b_date": date(2026, 1, 14),
                                      "gstr3b_due_date": date(2026, 1, 20)}
    moved = return_dates("102025", {"gstr3b_due_date": date(2025, 11, 25)})
    assert moved["gstr3b_due_date"] == date(2025, 11, 25)
    assert moved["gstr2b_date"] == date(2025, 11, 14)


def test_only_pending_credit_notes_of_an_earlier_period_are_counted() -> None:
    rows = pd.DataFrame({
        d.IMS_ID: pd.array([0, 1, 2, 3, 4, 5, None], dtype="Int64"),
        d.ACTION: ["P", "P", "P", "A", "N", None, None],
        "doc." + d.DOC_TYPE: ["CN", "CN", "INV", "CN", "CN", "INV", "CN"],
    })
    periods = pd.Series(["092025", "102025", "092025", "092025", "092025", "102025", ""])
    # Row 0 only: a credit note of September still Pending in the October period.
    assert open_counts(rows, periods, "102025") == (2, 1)
    # In the September period, its Pending may run one more period.
    assert open_counts(rows, periods, "092025") == (2, 0)
