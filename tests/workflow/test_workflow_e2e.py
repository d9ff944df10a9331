"""End to end on the built workbook, through the command line, as a finance user runs a
month: generator data in -> categories agree with the ground truth -> upload files pass
the schema -> the workbook keeps its VBA, buttons, ribbon, validation and formats -> the
Books sheet is never rewritten by reconcile or export -> a newer IMS download keeps the
decisions made and flags the changed documents -> formula-like text stays text."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pandas as pd
import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.upload.check import load_schema
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import build_workbook
from gst_ims.workbook.file_port import FilePort

HYPERLINK = '=HYPERLINK("http://x","y")'
FORMULA_NO = "=1+1"
RIBBON_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"


@dataclass
class Month:
    folder: Path
    workbook: Path
    fresh: Path
    ims: Path
    register: Path
    truth: pd.DataFrame
    out: Path
    books_after_import: list[tuple[Any, ...]]


def _run(*argv: str) -> dict[str, Any]:
    return {"code": cli([*argv])}


def _plant_formula_text(ims_path: Path) -> None:
    """A supplier name and a document number that a spreadsheet would evaluate."""
    payload = json.loads(ims_path.read_text(encoding="utf-8"))
    record = payload["imsDetails"]["b2b"][0]
    record["tradenm"] = HYPERLINK
    record["inum"] = FORMULA_NO
    ims_path.write_text(json.dumps(payload), encoding="utf-8")


def _sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Month:
    folder = tmp_path_factory.mktemp("month")
    fresh = build_workbook(folder / "fresh.xlsm")
    paths = write_sample_month(folder / "in", docs=300, seed=11, dialect=Dialect.PORTAL)
    _plant_formula_text(paths["ims"])
    workbook = folder / "GST.xlsm"
    out = folder / "upload"
    assert cli(["new-workbook", str(workbook)]) == 0
    assert cli(["import-ims", "--workbook", str(workbook), str(paths["ims"])]) == 0
    assert cli(["import-books", "--workbook", str(workbook), str(paths["register"])]) == 0
    books = _sheet_rows(workbook, lay.BOOKS)
    assert cli(["reconcile", "--workbook", str(workbook)]) == 0
    assert cli(["accept-matched", "--workbook", str(workbook)]) == 0
    assert cli(["export", "--workbook", str(workbook), "--out", str(out), "--json"]) == 0
    truth = pd.read_csv(paths["truth"], dtype=str, keep_default_na=False)
    return Month(folder, workbook, fresh, paths["ims"], paths["register"], truth, out, books)


def _results(path: Path) -> pd.DataFrame:
    port = FilePort(path)
    frames = []
    for sheet in lay.RESULT_SHEETS:
        table = port.read_table(sheet)
        table["sheet"] = sheet
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def test_categories_agree_with_the_ground_truth(month: Month) -> None:
    results = _results(month.workbook)
    on_ims = results.loc[results["IMS Id"].notna()]
    got = {
        (str(r["Section"]), str(r["Supplier GSTIN"]), str(r["IMS Doc No"]),
         r["IMS Date"].strftime("%d-%m-%Y")): r["Category"]
        for r in on_ims.to_dict("records")
    }
    truth = month.truth.loc[month.truth["section"] != ""]
    expected = {(r["section"], r["supplier_gstin"], r["doc_no"], r["doc_date"]):
                r["expected_category"] for r in truth.to_dict("records")}
    planted = next(key for key in got if key[2] == FORMULA_NO)
    del got[planted]
    wrong = {key: (got.get(key), want) for key, want in expected.items()
             if key in got and got[key] != want}
    assert len(got) == len(expected) - 1  # every IMS document but the re-numbered one
    assert not wrong
    books_only = month.truth["expected_category"].eq("Not in IMS").sum()
    # The re-numbered document's books twin is Not in IMS unless paired by amounts.
    assert books_only <= (results["Category"] == "Not in IMS").sum() <= books_only + 1


def test_upload_files_pass_the_schema(month: Month) -> None:
    files = sorted(month.out.glob("*.json"))
    assert files
    for path in files:
        payload = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(payload, load_schema(payload["reqtyp"], Dialect.PORTAL))
        assert payload["rtin"] == FilePort(month.workbook).read_names(
            [lay.RECIPIENT_GSTIN.name])[lay.RECIPIENT_GSTIN.name]
    status = FilePort(month.workbook).read_names([lay.UPLOAD_FILES.name])
    assert sorted(status[lay.UPLOAD_FILES.name].split(lay.PATH_SEPARATOR)) == [
        str(p) for p in files]


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_workbook_keeps_vba_buttons_ribbon_validation_and_formats(month: Month) -> None:
    used, fresh = _parts(month.workbook), _parts(month.fresh)
    assert used["xl/vbaProject.bin"] == fresh["xl/vbaProject.bin"]
    assert RIBBON_TYPE.encode() in used["_rels/.rels"]
    ribbon = [name for name in fresh if name.startswith("customUI/")]
    assert ribbon and all(used[name] == fresh[name] for name in ribbon)
    vml = [name for name in fresh if name.endswith(".vml")]
    assert vml and all(name in used for name in vml)
    used_book, fresh_book = openpyxl.load_workbook(month.workbook), openpyxl.load_workbook(
        month.fresh)
    assert set(used_book.defined_names) == set(fresh_book.defined_names)
    for sheet in fresh_book.sheetnames:
        before, after = fresh_book[sheet], used_book[sheet]
        assert len(after.data_validations.dataValidation) == len(
            before.data_validations.dataValidation), sheet
        assert [r.sqref for r in after.conditional_formatting] == [
            r.sqref for r in before.conditional_formatting], sheet


def test_reconcile_and_export_never_rewrite_the_books_sheet(month: Month) -> None:
    assert _sheet_rows(month.workbook, lay.BOOKS) == month.books_after_import


def test_formula_like_text_is_stored_as_text(month: Month) -> None:
    parts = _parts(month.workbook)
    book = openpyxl.load_workbook(month.workbook)
    for sheet in (lay.IMS, *lay.RESULT_SHEETS):
        index = book.sheetnames.index(sheet) + 1
        xml = parts[f"xl/worksheets/sheet{index}.xml"].decode()
        assert not re.search(r"<f[ >]", xml), sheet
    ims = FilePort(month.workbook).read_table(lay.IMS)
    planted = ims.loc[ims["Doc No"] == FORMULA_NO]
    assert planted["Supplier Name"].tolist() == [HYPERLINK]
    results = _results(month.workbook)
    assert FORMULA_NO in results["IMS Doc No"].tolist()
    assert HYPERLINK in results["Supplier Name"].tolist()


def _decide_and_reimport(month: Month, tmp_path: Path) -> tuple[pd.DataFrame, str, str]:
    """Reject two matched b2b documents, then import a newer download in which the
    supplier changed the first one's taxable value, and reconcile. Returns the result
    rows by IMS Doc No and the two document numbers (changed, untouched)."""
    workbook = tmp_path / "again.xlsm"
    workbook.write_bytes(month.workbook.read_bytes())
    port = FilePort(workbook)
    layout = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]
    matched = port.read_table(lay.MATCHED)
    chosen = matched.loc[matched["Section"] == "b2b"].head(2)
    rejected, untouched = chosen.index[0], chosen.index[1]
    matched.loc[[rejected, untouched], "Action"] = "Reject"
    matched.loc[[rejected, untouched], "Remarks"] = "Goods returned"
    port.write_table(lay.MATCHED, matched, text_columns=layout.text_headers())
    port.save()
    newer = tmp_path / "ims_newer.json"
    payload = json.loads(month.ims.read_text(encoding="utf-8"))
    doc_no = str(matched.at[rejected, "IMS Doc No"])
    record = next(r for r in payload["imsDetails"]["b2b"] if r["inum"] == doc_no)
    record["txval"] = round(float(record["txval"]) + 500, 2)
    record["hash"] = "0" * 64
    newer.write_text(json.dumps(payload), encoding="utf-8")
    assert cli(["import-ims", "--workbook", str(workbook), str(newer)]) == 0
    assert cli(["reconcile", "--workbook", str(workbook)]) == 0
    results = _results(workbook).set_index("IMS Doc No")
    return results, doc_no, str(matched.at[untouched, "IMS Doc No"])


def test_a_newer_download_keeps_decisions_and_flags_changes(
    month: Month, tmp_path: Path
) -> None:
    results, changed_no, untouched_no = _decide_and_reimport(month, tmp_path)
    changed, kept = results.loc[changed_no], results.loc[untouched_no]
    assert changed["Action"] == "Reject" and changed["Remarks"] == "Goods returned"
    assert changed["Changed Since Decision"] == "Yes"
    assert "Changed by the supplier" in changed["Reason"]
    assert "taxable value changed" in changed["Reason"]
    assert kept["Action"] == "Reject" and kept["Remarks"] == "Goods returned"


def test_an_unchanged_document_is_not_flagged(month: Month, tmp_path: Path) -> None:
    results, _, untouched_no = _decide_and_reimport(month, tmp_path)
    assert results.loc[untouched_no, "Changed Since Decision"] == "No"
    assert (results["Changed Since Decision"] == "Yes").sum() == 1


def test_a_failed_job_leaves_the_workbook_as_it_was(month: Month, tmp_path: Path) -> None:
    workbook = tmp_path / "copy.xlsm"
    workbook.write_bytes(month.workbook.read_bytes())
    before = workbook.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert cli(["import-ims", "--workbook", str(workbook), str(broken)]) == 1
    assert cli(["import-books", "--workbook", str(workbook), str(broken)]) == 1
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    assert cli(["export", "--workbook", str(workbook), "--out", str(not_a_folder)]) == 1
    assert workbook.read_bytes() == before
