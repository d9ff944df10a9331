"""End to end on a real workbook, through the command line: suggestions on their own
sheet and confirmed by the Confirm ticks; a pair linked by hand survives a re-import
and a re-reconcile; unlinked, both halves go back to their sheets and stay apart; a
register line typed into Link To, or ticked Exclude, is kept the same way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.domain.match_status import MatchStatus
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.file_port import FilePort


@dataclass
class Month:
    workbook: Path
    ims: Path
    truth: pd.DataFrame


@pytest.fixture()
def month(tmp_path: Path) -> Month:
    paths = write_sample_month(tmp_path / "in", docs=400, seed=5, dialect=Dialect.PORTAL)
    workbook = tmp_path / "GST.xlsm"
    assert cli(["new-workbook", str(workbook)]) == 0
    assert cli(["import-ims", "--workbook", str(workbook), str(paths["ims"])]) == 0
    assert cli(["import-books", "--workbook", str(workbook), str(paths["register"])]) == 0
    assert cli(["reconcile", "--workbook", str(workbook)]) == 0
    truth = pd.read_csv(paths["truth"], dtype=str, keep_default_na=False)
    return Month(workbook, paths["ims"], truth)


def sheet(path: Path, name: str) -> pd.DataFrame:
    return FilePort(path).read_table(name)


def where(path: Path, ims_doc_no: str) -> tuple[str, pd.Series]:
    """The result sheet holding the IMS document, and its row."""
    for name in lay.RESULT_SHEETS:
        table = sheet(path, name)
        found = table[table["IMS Doc No"].astype(str) == ims_doc_no]
        if len(found):
            return name, found.iloc[0]
    raise AssertionError(f"{ims_doc_no} is on no result sheet")


def swapped_pair(month: Month) -> tuple[str, int]:
    """A planted swapped-digits document and the register row of its true partner."""
    row = month.truth[month.truth["case"] == "number_swapped"].iloc[0]
    return str(row["doc_no"]), int(row["register_row"])


def test_suggestions_have_their_own_sheet_and_are_confirmed_by_their_ticks(
        month: Month) -> None:
    suggested = sheet(month.workbook, lay.SUGGESTED)
    planted = month.truth["case"].isin(["number_swapped", "number_suffix_dropped"]).sum()
    assert len(suggested) >= planted > 0
    assert (suggested["Confirm"] == "Yes").all()
    assert set(suggested["Category"]) == {"Suggested"}
    # Untick one: it stays a suggestion; the others become pairs made by the user.
    kept = str(suggested["IMS Doc No"].iloc[0])
    port = FilePort(month.workbook)
    ticks = ["No"] + ["Yes"] * (len(suggested) - 1)
    port.write_column(lay.SUGGESTED, "Confirm", ticks)
    port.save()
    assert cli(["confirm-suggestions", "--workbook", str(month.workbook)]) == 0
    after = sheet(month.workbook, lay.SUGGESTED)
    assert after["IMS Doc No"].astype(str).tolist() == [kept]
    matched = sheet(month.workbook, lay.MATCHED)
    by_you = matched[matched["Status"] == MatchStatus.LINKED_MATCH.value]
    assert len(by_you) == len(suggested) - 1
    links = sheet(month.workbook, lay.LINKS)
    assert (links["Kind"] == "link").sum() == len(suggested) - 1


def test_a_pair_linked_by_hand_survives_a_reimport_and_unlinking_undoes_it(
        month: Month) -> None:
    number, register_row = swapped_pair(month)
    assert where(month.workbook, number)[0] == lay.SUGGESTED
    assert cli(["link", "--workbook", str(month.workbook), number, str(register_row)]) == 0
    name, row = where(month.workbook, number)
    assert (name, row["Status"]) == (lay.MATCHED, MatchStatus.LINKED_MATCH.value)
    assert "Paired by you" in row["Reason"]
    # The same download again, then Reconcile: the link holds.
    assert cli(["import-ims", "--workbook", str(month.workbook), str(month.ims)]) == 0
    assert cli(["reconcile", "--workbook", str(month.workbook)]) == 0
    name, row = where(month.workbook, number)
    assert (name, row["Status"]) == (lay.MATCHED, MatchStatus.LINKED_MATCH.value)
    log = sheet(month.workbook, lay.LOG)
    assert log["Message"].astype(str).str.startswith("Linked by you").any()
    # Unlinked: the IMS document goes to Not in Books, its partner to Not in IMS, and
    # the engine does not suggest the pair again.
    assert cli(["unlink", "--workbook", str(month.workbook), number]) == 0
    assert where(month.workbook, number)[0] == lay.NOT_IN_BOOKS
    alone = sheet(month.workbook, lay.NOT_IN_IMS)
    assert str(register_row) in alone["Register Row"].astype(str).tolist()


def test_link_to_and_the_unlink_and_exclude_ticks_on_the_sheets(month: Month) -> None:
    number, register_row = swapped_pair(month)
    # Confirm nothing; unlink the suggestion by typing nothing, then link through the
    # sheet: the register row typed into Link To on Not in Books.
    assert cli(["unlink", "--workbook", str(month.workbook), number]) == 0
    port = FilePort(month.workbook)
    lonely = port.read_table(lay.NOT_IN_BOOKS)
    link_to = [register_row if str(x) == number else None for x in lonely["IMS Doc No"]]
    port.write_column(lay.NOT_IN_BOOKS, "Link To Register Row", link_to)
    port.save()
    assert cli(["reconcile", "--workbook", str(month.workbook)]) == 0
    name, row = where(month.workbook, number)
    assert (name, row["Status"]) == (lay.MATCHED, MatchStatus.LINKED_MATCH.value)
    # Exclude a register-only line by its tick on Not in IMS.
    port = FilePort(month.workbook)
    alone = port.read_table(lay.NOT_IN_IMS)
    first = str(alone["Register Row"].iloc[0])
    port.write_column(lay.NOT_IN_IMS, "Exclude", ["Yes"] + [None] * (len(alone) - 1))
    port.save()
    assert cli(["reconcile", "--workbook", str(month.workbook)]) == 0
    assert first not in sheet(month.workbook, lay.NOT_IN_IMS)["Register Row"].astype(
        str).tolist()
    # Unlink tick on Matched: the linked pair comes apart again.
    port = FilePort(month.workbook)
    matched = port.read_table(lay.MATCHED)
    port.write_column(lay.MATCHED, "Unlink",
                      ["Yes" if str(x) == number else None for x in matched["IMS Doc No"]])
    port.save()
    assert cli(["reconcile", "--workbook", str(month.workbook)]) == 0
    assert where(month.workbook, number)[0] == lay.NOT_IN_BOOKS
    assert cli(["exclude", "--workbook", str(month.workbook), first, "--undo"]) == 0
    assert first in sheet(month.workbook, lay.NOT_IN_IMS)["Register Row"].astype(
        str).tolist()


def test_pairings_made_and_undone_are_on_the_history(month: Month) -> None:
    # History names each change of a pair: none -> link by the link job, then
    # link -> unlink by the unlink job, about the same IMS document, with the register
    # document's GSTIN and number.
    number, register_row = swapped_pair(month)
    assert cli(["link", "--workbook", str(month.workbook), number, str(register_row)]) == 0
    assert cli(["unlink", "--workbook", str(month.workbook), number]) == 0
    history = sheet(month.workbook, lay.HISTORY)
    pairing = history.loc[history["Field"] == "Pairing"].fillna("")
    linked = pairing.loc[pairing["Job"] == "link"]
    unlinked = pairing.loc[pairing["Job"] == "unlink"]
    assert linked[["Old", "New"]].values.tolist() == [["", "link"]]
    assert unlinked[["Old", "New"]].values.tolist() == [["link", "unlink"]]
    assert set(unlinked["Record Key"]) == set(linked["Record Key"]) != {""}
    assert (linked["Supplier GSTIN"].str.len() == 15).all()
    assert (linked["Doc No"] != "").all() and (linked["Row"] != "").all()
