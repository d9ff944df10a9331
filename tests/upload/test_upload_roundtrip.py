"""Round trip: read a download, decide, write, read the written files back with the IMS
reader: the same documents (identity and amounts) carry the decided actions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gst_ims.domain.documents import AMOUNT_COLUMNS, Action
from gst_ims.ims.reader import read_ims_files
from gst_ims.upload.writer import Decision, build_upload, write_upload
from support.upload import RTIN, golden_decisions, ims_frame

IDENTITY = ["section", "supplier_gstin", "doc_no", "doc_date", "orig_doc_no",
            "orig_doc_date", "src_period", *AMOUNT_COLUMNS]


def _round_trip(ims: pd.DataFrame, decisions: list[Decision], out: Path) -> pd.DataFrame:
    result = write_upload(build_upload(ims, decisions, RTIN), out, RTIN)
    assert result.refusals == []
    back = read_ims_files([file.path for file in result.files])
    return back.frame


def _expected(ims: pd.DataFrame, decisions: list[Decision]) -> pd.DataFrame:
    chosen = pd.Series({d.ims_id: d.action.value for d in decisions}, dtype="string")
    changed = chosen[chosen.to_numpy() != ims.loc[chosen.index, "portal_action"].to_numpy()]
    expected = ims.loc[changed.index, IDENTITY].copy()
    expected["portal_action"] = changed
    return expected


def _same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    key = ["section", "supplier_gstin", "doc_no"]
    columns = [*IDENTITY, "portal_action"]
    pd.testing.assert_frame_equal(
        left[columns].sort_values(key).reset_index(drop=True),
        right[columns].sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )


@pytest.mark.parametrize("dialect", ["api", "portal"])
def test_golden_decisions_survive_the_round_trip(dialect: str, tmp_path: Path) -> None:
    ims = ims_frame(f"download_{dialect}.json")
    decisions = golden_decisions(ims)
    back = _round_trip(ims, decisions, tmp_path)
    assert len(back) == 11
    _same(back, _expected(ims, decisions))
    assert set(back.loc[back["section"] == "b2b", "doc_no"]) >= {"1234567890123456"}


ACTIONS = st.sampled_from([Action.ACCEPT, Action.REJECT, Action.PENDING, Action.NO_ACTION])


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_allowed_decisions_survive_the_round_trip(data: st.DataObject) -> None:
    dialect = data.draw(st.sampled_from(["api", "portal"]))
    ims = ims_frame(f"download_{dialect}.json")
    positions = data.draw(st.lists(st.integers(0, len(ims) - 1), unique=True, min_size=1))
    decisions = []
    for position in positions:
        action = data.draw(ACTIONS)
        if action is Action.PENDING and ims.at[position, "pending_blocked"]:
            action = Action.REJECT
        decisions.append(Decision(position, action))
    expected = _expected(ims, decisions)
    with tempfile.TemporaryDirectory() as out:
        if expected.empty:
            assert build_upload(ims, decisions, RTIN).payloads == []
            return
        _same(_round_trip(ims, decisions, Path(out)), expected)
