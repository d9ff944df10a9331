"""A workbook a user has edited, as the command line meets it: formula and error cells read
as the user sees them, the user's own work (columns, notes, rows deleted) respected, one
job at a time, a failed export leaving no upload file, and every refusal in words with
the workbook unchanged."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gst_ims.cli import main as cli
from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import build_workbook
from gst_ims.workbook.file_port import FilePort
from gst_ims.workbook.job_lock import lock_path
from support import NewWorkbook, SampleMonth
from support.sheet_xml import plant_cells, sheet_xml

BOOKS_TAXABLE = lay.BOOKS_SHEET.letter("taxable")
MATCHED = lay.RESULT_SHEET_LAYOUTS[lay.MATCHED]


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory, sample_month: SampleMonth,
          new_workbook: NewWorkbook) -> dict[str, Path]:
    """A reconciled workbook of a small sample month, and its inputs."""
    paths = sample_month(60, 21, Dialect.PORTAL)
    workbook = new_workbook(tmp_path_factory.mktemp("hostile_month"))
    for command in (["import-ims", "--workbook", str(workbook), str(paths["ims"])],
                    ["import-books", "--workbook", str(workbook), str(paths["register"])],
                    ["reconcile", "--workbook", str(workbook)]):
        assert cli(command) == 0
    return {**paths, "workbook": workbook}


@pytest.fixture
def book(month: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "GST.xlsm"
    shutil.copyfile(month["workbook"], copy)
    return copy


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = cli([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _books_taxable(path: Path, row: int) -> Any:
    return openpyxl.load_workbook(path)[lay.BOOKS][f"{BOOKS_TAXABLE}{row}"].value


# --- cells as a person sees them -------------------------------------------------------
def test_a_books_formula_is_read_by_its_saved_value(book: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    value = _books_taxable(book, 4)
    plant_cells(book, lay.BOOKS, {f"{BOOKS_TAXABLE}4": f"|<f>{value}-1+1</f><v>{value}</v>"})
    code, report = _json(capsys, "reconcile", "--workbook", str(book))
    assert code == 0
    assert not [p for p in report["problems"] if p["row"] == 4 and p["severity"] == "error"]


@pytest.mark.parametrize("cell", ["|<f>I4+J4</f>", '|<f>I4+J4</f><v></v>',
                                  't="e"|<f>1/0</f><v>#DIV/0!</v>', 't="e"|<v>#N/A</v>',
                                  't="e"|<f>Sheet9!A1</f><v>#REF!</v>'])
def test_a_books_formula_without_value_or_an_error_cell_is_an_error_on_its_row(
        book: Path, cell: str, capsys: pytest.CaptureFixture[str]) -> None:
    plant_cells(book, lay.BOOKS, {f"{BOOKS_TAXABLE}4": cell})
    code, report = _json(capsys, "reconcile", "--workbook", str(book))
    assert code == 0
    (error,) = [p for p in report["problems"] if p["row"] == 4 and p["severity"] == "error"]
    assert f"cell {BOOKS_TAXABLE}4" in error["message"] and "row skipped" in error["message"]
    assert report["counts"]["Not in Books"] >= 1  # the purchase is not read as taxable 0


def test_saved_formula_results_survive_a_command_line_save(
        book: Path, month: dict[str, Path]) -> None:
    value = _books_taxable(book, 5)
    plant_cells(book, lay.BOOKS, {f"{BOOKS_TAXABLE}5": f"|<f>{value}*1</f><v>{value}</v>"})
    assert cli(["import-ims", "--workbook", str(book), str(month["ims"])]) == 0
    xml = sheet_xml(book, lay.BOOKS)
    assert f"<f>{value}*1</f><v>{value}</v>" in xml
    port = FilePort(book)
    assert port.read_table(lay.BOOKS)["Taxable Value"].iloc[3] == value
    port.close()


def _decide(book: Path, row: int, **cells: Any) -> None:
    port = FilePort(book)
    table = port.read_table(lay.MATCHED)
    for header, value in cells.items():
        table.loc[row - MATCHED.first_data_row, header] = value
    port.write_table(lay.MATCHED, table)
    port.save()
    port.close()


def test_a_remark_typed_as_a_formula_is_uploaded_as_its_value(
        book: Path, tmp_path: Path) -> None:
    _decide(book, 2, Action="Reject", Remarks="placeholder")
    remarks = f"{MATCHED.letter('remarks')}2"
    plant_cells(book, lay.MATCHED, {remarks: 't="str"|<f>"Short supply "&amp;"of 2"</f>'
                                              "<v>Short supply of 2</v>"})
    out = tmp_path / "up"
    assert cli(["export", "--workbook", str(book), "--out", str(out)]) == 0
    (upload,) = out.iterdir()
    texts = [r.get("remarks") for records in json.loads(upload.read_text())["invdata"].values()
             for r in records]
    assert "Short supply of 2" in texts and not any(t and t.startswith("=") for t in texts)


def test_a_huge_declared_amount_stops_the_export_naming_the_cell(
        book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _decide(book, 2, **{"Declared IGST": "1E+300"})
    before = book.read_bytes()
    code, report = _json(capsys, "export", "--workbook", str(book), "--out",
                         str(tmp_path / "up"))
    assert code == 1 and report["problems"][0]["field"] == "Declared IGST"
    assert report["problems"][0]["row"] == 2
    assert book.read_bytes() == before and not (tmp_path / "up").exists()


# --- the user's own work --------------------------------------------------------------
def test_columns_a_user_appended_are_kept_by_the_next_reconcile(book: Path) -> None:
    port = FilePort(book)
    table = port.read_table(lay.MATCHED)
    key = table["Record Key"].iloc[0]
    table["My notes"] = None
    table.loc[0, "My notes"] = "call the supplier"
    port.write_table(lay.MATCHED, table)
    sheet = port.book[lay.MATCHED]
    sheet.cell(row=5, column=len(table.columns) + 3, value="a note beside the table")
    port.save()
    port.close()
    assert cli(["reconcile", "--workbook", str(book)]) == 0
    port = FilePort(book)
    after = port.read_table(lay.MATCHED)
    assert after.loc[after["Record Key"] == key, "My notes"].tolist() == ["call the supplier"]
    assert port.book[lay.MATCHED].cell(row=5, column=len(table.columns) + 3).value == (
        "a note beside the table")
    port.close()


def test_a_column_inserted_among_the_tools_columns_is_refused_by_name(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = FilePort(book)
    table = port.read_table(lay.MATCHED)
    table.insert(5, "Follow up", "yes")
    port.write_table(lay.MATCHED, table)
    port.save()
    port.close()
    before = book.read_bytes()
    assert cli(["reconcile", "--workbook", str(book)]) == 1
    err = capsys.readouterr().err
    assert "'Follow up' (column F)" in err and "nothing was changed" in err
    assert book.read_bytes() == before


def test_export_counts_imported_documents_that_lost_their_row(
        book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = FilePort(book)
    table = port.read_table(lay.MATCHED)
    port.write_table(lay.MATCHED, table.iloc[1:])
    port.save()
    port.close()
    code, report = _json(capsys, "export", "--workbook", str(book), "--out",
                         str(tmp_path / "up"))
    assert code == 0 and report["counts"]["without_result_row"] == 1
    assert "1 IMS document(s) have no row" in report["message"]
    assert sum("has no row on the result sheets" in p["message"]
               for p in report["problems"]) == 1


def test_a_job_failing_after_the_upload_is_written_leaves_no_upload_file(
        book: Path, tmp_path: Path) -> None:
    from gst_ims.domain.problems import InputError
    from gst_ims.workflow import export_upload

    class WorkbookMadeReadOnly(FilePort):
        """While the export asks to go ahead, the workbook turns read-only (a sync client
        or a colleague), so its save fails after the upload files were written."""

        def confirm(self, message: str, *, title: str = "GST IMS") -> bool:
            self.path.chmod(stat.S_IRUSR)
            return True

    out = tmp_path / "up"
    port = WorkbookMadeReadOnly(book)
    with pytest.raises(InputError, match="read-only"):
        export_upload(port, out)
    port.close()
    assert out.is_dir() and list(out.iterdir()) == []


def test_a_run_whose_final_save_fails_leaves_no_upload_file(
        book: Path, month: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "up"
    lock = book.with_name(f"~${book.name}")

    class OpenedInExcelMeanwhile(FilePort):
        def confirm(self, message: str, *, title: str = "GST IMS") -> bool:
            lock.write_text("excel")  # the user opens the workbook while the run works
            return True

    from gst_ims import workflow
    from gst_ims.domain.problems import InputError
    from gst_ims.sheets.export_checks import discard_uploads

    port = OpenedInExcelMeanwhile(book)
    reports: list[Any] = []
    with pytest.raises(InputError, match="open in Excel"):
        try:
            with port.one_save():
                reports.append(workflow.reconcile(port))
                # Accepting gives History rows, so the export copies History beside the
                # upload: that copy must go too.
                reports.append(workflow.accept_matched(port))
                reports.append(workflow.export_upload(port, out))
        except BaseException:
            discard_uploads(reports)
            raise
    port.close()
    assert reports[-1].copies and reports[-1].files
    assert not any(Path(f).exists() for f in (*reports[-1].files, *reports[-1].copies))
    assert list(out.iterdir()) == []


# --- refusals in words, the workbook unchanged ----------------------------------------
def test_a_workbook_saved_as_xlsx_is_refused_and_left_alone(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = book.with_suffix(".xlsx")
    book.rename(xlsx)
    before = xlsx.read_bytes()
    assert cli(["reconcile", "--workbook", str(xlsx)]) == 1
    assert "not a macro workbook (.xlsm)" in capsys.readouterr().err
    assert xlsx.read_bytes() == before


def test_a_damaged_workbook_is_named_damaged(book: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with zipfile.ZipFile(book) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:200]
    with zipfile.ZipFile(book, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert cli(["reconcile", "--workbook", str(book)]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "restore a copy" in err and "Traceback" not in err


def test_excels_lock_file_is_seen_before_the_workbook_is_loaded(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A damaged body proves the refusal came first: loading would say "damaged".
    book.write_bytes(b"PK\x03\x04 not really a workbook")
    book.with_name(f"~${book.name}").write_text("owner")
    assert cli(["reconcile", "--workbook", str(book)]) == 1
    assert "open in Excel or LibreOffice" in capsys.readouterr().err


@pytest.fixture
def other_job() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_a_second_job_on_the_same_workbook_is_refused_while_the_first_runs(
        book: Path, other_job: subprocess.Popen[bytes],
        capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    lock_path(book).write_text(json.dumps({"pid": other_job.pid, "host": socket.gethostname(),
                                           "started": time.time(), "token": "x"}))
    before = book.read_bytes()
    assert cli(["reconcile", "--workbook", str(book)]) == 1
    err = capsys.readouterr().err
    assert f"process {other_job.pid}" in err and "nothing was changed" in err
    assert book.read_bytes() == before
    other_job.kill()
    other_job.wait()
    assert cli(["reconcile", "--workbook", str(book)]) == 0  # a lock of a job gone
    assert not lock_path(book).exists()


def test_a_new_workbook_gets_the_mode_of_any_new_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert cli(["new-workbook", str(tmp_path / "new.xlsm")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.xlsm").stat().st_mode) == 0o644


def test_settings_far_beyond_sense_are_named_not_a_traceback(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = FilePort(book)
    port.write_names({lay.setting_cell("amount_tolerance_taxable").name: "1e400",
                      lay.setting_cell("date_window_days").name: "9" * 29})
    port.save()
    port.close()
    assert cli(["reconcile", "--workbook", str(book)]) == 1
    err = capsys.readouterr().err
    assert "amount_tolerance_taxable" in err and "date_window_days" in err


def test_decimal_commas_in_books_are_refused_unless_settings_say_so(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = FilePort(book)
    table = port.read_table(lay.BOOKS)
    rupees = table["Taxable Value"].iloc[2]
    table.loc[2, "Taxable Value"] = f"{rupees:.2f}".replace(".", ",")
    port.write_table(lay.BOOKS, table)
    port.save()
    port.close()
    code, report = _json(capsys, "reconcile", "--workbook", str(book))
    (error,) = [p for p in report["problems"] if p["row"] == 4 and p["severity"] == "error"]
    assert code == 0 and "decimal comma" in error["message"]
    port = FilePort(book)
    port.write_names({lay.setting_cell("decimal_comma").name: "Yes"})
    port.save()
    port.close()
    code, report = _json(capsys, "reconcile", "--workbook", str(book))
    assert code == 0
    assert not [p for p in report["problems"] if p["row"] == 4 and p["severity"] == "error"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_a_job_is_cancelled_with_nothing_changed(tmp_path: Path) -> None:
    big = write_sample_month(tmp_path / "big", docs=20_000, seed=3, dialect=Dialect.PORTAL)
    book = build_workbook(tmp_path / "GST.xlsm")
    before = book.read_bytes()
    run = subprocess.Popen([sys.executable, "-m", "gst_ims.cli", "import-ims", "--workbook",
                            str(book), str(big["ims"])], stderr=subprocess.PIPE)
    time.sleep(4)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=120)
    if run.returncode == 0:
        pytest.skip("the job finished before Ctrl-C on this machine")
    assert run.returncode == 130, err
    assert b"cancelled" in err and b"Traceback" not in err
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir()) == ["GST.xlsm", "big"]


def test_an_unexpected_error_is_one_line_and_a_log(
        book: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from gst_ims import workflow

    def broken(_port: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(workflow, "reconcile", broken)
    assert cli(["reconcile", "--workbook", str(book)]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "RuntimeError: a bug" in err
    log = (book.parent / "gst_ims_errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "a bug" in log


def test_what_is_printed_carries_no_terminal_escape_sequences(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = {"stin": "29AAECK1234M1ZD", "inum": "A-1", "idt": "01-11-2024", "txval": 1,
              "pos": "\x1b[2J\x1b[31m27\u202e", "tradenm": "\x9b31m\ud800"}
    path = tmp_path / "escape.json"
    path.write_text(json.dumps({"b2b": [record]}, ensure_ascii=True), encoding="utf-8")
    for extra in ([], ["--json"]):
        assert cli(["inspect-ims", str(path), *extra]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
        assert "\\u001b" in out
    json.loads(cli_json_text(path, capsys))


def cli_json_text(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli(["inspect-ims", str(path), "--json"]) == 0
    return capsys.readouterr().out


def test_one_unusable_document_number_never_blocks_the_month(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_sample_month(tmp_path / "in", docs=30, seed=12, dialect=Dialect.PORTAL)
    payload = json.loads(paths["ims"].read_text(encoding="utf-8"))
    records = payload["imsDetails"]["b2b"]
    for record, number in zip(records, ["INV\x07-1", "A\u202eB", "N\x00", "9" * 40_000],
                              strict=False):
        record["inum"] = number
    paths["ims"].write_text(json.dumps(payload, ensure_ascii=True), encoding="utf-8")
    book = build_workbook(tmp_path / "GST.xlsm")
    for command in (["import-ims", "--workbook", str(book), str(paths["ims"])],
                    ["import-books", "--workbook", str(book), str(paths["register"])],
                    ["reconcile", "--workbook", str(book)],
                    ["accept-matched", "--workbook", str(book)]):
        assert cli(command) == 0
    capsys.readouterr()
    code, report = _json(capsys, "export", "--workbook", str(book), "--out",
                         str(tmp_path / "up"))
    assert code == 0 and report["files"]
    code, report = _json(capsys, "inspect-ims", str(paths["ims"]))
    skipped = [p for p in report["problems"] if p["field"] == "inum"]
    assert len(skipped) == 4 and all("skipped" in p["message"] for p in skipped)


def test_an_empty_download_is_refused_naming_the_file_and_the_sheet_kept(
        book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "november.json"
    empty.write_text('{"imsDetails": {}}', encoding="utf-8")
    before = book.read_bytes()
    assert cli(["import-ims", "--workbook", str(book), str(empty)]) == 1
    err = capsys.readouterr().err
    assert "november.json" in err and "left as it was" in err
    assert book.read_bytes() == before
