"""The sample generator writes the month's register in every style; each reads back to the
same documents as the plain style, and the month reconciles to the same categories."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gst_ims.books.sheets import read_register_file
from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import Severity
from gst_ims.ims.reader import read_ims_files
from gst_ims.recon.engine import reconcile
from gst_ims.register_styles import REGISTER_STYLES
from gst_ims.samples import write_sample_month

DOCS, SEED = 400, 5
STYLES = [style for style in REGISTER_STYLES if style != "plain"]
KEY = ["supplier_gstin", "doc_type", "doc_no", "doc_date"]
EXACT = ["taxable", "igst", "cess", "doc_value", "rcm", "itc_eligible"]


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    root = tmp_path_factory.mktemp("styles")
    return {style: write_sample_month(root / style, docs=DOCS, seed=SEED,
                                      dialect=Dialect.PORTAL, register_style=style)
            for style in REGISTER_STYLES}


def _documents(paths: dict[str, Path]) -> pd.DataFrame:
    read = read_register_file(paths["register"])
    assert [p.message for p in read.problems if p.severity is not Severity.INFO] == []
    frame = read.frame.assign(cgst_sgst=read.frame["cgst"] + read.frame["sgst"])
    return frame.sort_values(KEY).reset_index(drop=True)


@pytest.mark.parametrize("style", STYLES)
def test_every_style_reads_back_to_the_plain_styles_documents(
    months: dict[str, dict[str, Path]], style: str,
) -> None:
    plain, styled = _documents(months["plain"]), _documents(months[style])
    assert styled[KEY].equals(plain[KEY])
    for column in [*EXACT, "cgst_sgst"]:
        assert styled[column].tolist() == plain[column].tolist(), column
    if style != "zoho":  # one tax column: the split puts an odd paisa on SGST
        assert styled[["cgst", "sgst"]].equals(plain[["cgst", "sgst"]])
    else:
        assert ((styled["cgst"] - plain["cgst"]).abs() <= 50).all()


@pytest.mark.parametrize("style", ["tally-columnar", "gstr2-template", "zoho", "sap"])
def test_line_wise_and_columnar_styles_really_are(months: dict[str, dict[str, Path]],
                                                  style: str) -> None:
    read = read_register_file(months[style]["register"])
    if style == "tally-columnar":
        assert {"taxable", "igst", "cgst", "sgst"} <= set(read.sums)
        assert all("@" in column for column in read.sums["cgst"])
    else:
        assert read.lines > len(read.frame) * 1.1  # about a third of documents split
    if style == "gstr2-template":
        assert read.sheets == ("b2b", "cdnr")


@pytest.mark.parametrize("style", STYLES)
def test_truth_rows_point_at_where_each_document_starts(
    months: dict[str, dict[str, Path]], style: str,
) -> None:
    read = read_register_file(months[style]["register"])
    truth = pd.read_csv(months[style]["truth"], dtype=str, keep_default_na=False)
    booked = truth[(truth["doc_no"] != "") & (truth["register_row"] != "")]
    first = read.frame["register_rows"].str.split(", ").str[0].str.split(": ").str[-1]
    starts = set(first.astype(int)) | set(read.frame["register_row"])
    assert set(booked["register_row"].astype(int)) <= starts


def test_line_wise_or_columnar_months_reconcile_as_the_plain_month(
    months: dict[str, dict[str, Path]],
) -> None:
    ims = read_ims_files([months["plain"]["ims"]]).frame
    plain = reconcile(ims, read_register_file(months["plain"]["register"]).frame)
    for style in STYLES:
        out = reconcile(ims, read_register_file(months[style]["register"]).frame)
        on_ims = out[out["ims_id"].notna()]
        assert on_ims["category"].tolist() == plain.loc[plain["ims_id"].notna(),
                                                        "category"].tolist(), style
        assert on_ims["match_status"].tolist() == plain.loc[plain["ims_id"].notna(),
                                                            "match_status"].tolist(), style
        assert (out.loc[out["ims_id"].isna(), "category"].value_counts().to_dict()
                == plain.loc[plain["ims_id"].isna(), "category"].value_counts().to_dict())
        truth = pd.read_csv(months[style]["truth"], dtype=str)
        assert out["category"].value_counts().to_dict() == truth[
            "expected_category"].value_counts().to_dict(), style


def test_sample_data_command_writes_each_style(tmp_path: Path) -> None:
    assert cli(["sample-data", "--out", str(tmp_path / "sap"), "--docs", "30",
                "--register-style", "sap"]) == 0
    assert (tmp_path / "sap" / "register.csv").exists()
    assert not (tmp_path / "sap" / "register.xlsx").exists()
    assert cli(["sample-data", "--out", str(tmp_path / "sap"), "--docs", "30",
                "--register-style", "busy"]) == 0
    assert sorted(p.name for p in (tmp_path / "sap").glob("register.*")) == ["register.xlsx"]
    with pytest.raises(SystemExit):
        cli(["sample-data", "--out", str(tmp_path / "x"), "--register-style", "tally"])
