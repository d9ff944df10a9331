"""The small parts the hostile-input handling is made of, each by itself: the text
sanitiser, the encoding detector, error cells handed over as text, the job lock."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from gst_ims.domain.problems import InputError
from gst_ims.domain.safe_text import (
    MARKER,
    MAX_CELL_CHARS,
    cell_text,
    display_text,
    portal_number_problem,
    shown,
)
from gst_ims.domain.text_encoding import decode_text_file
from gst_ims.domain.unread_cells import CellError, cell_address
from gst_ims.workbook.job_lock import JobLock, lock_path
from gst_ims.workbook.port import error_texts_as_cells


@pytest.mark.parametrize(("text", "expected"), [
    ("A\ud800B", f"A{MARKER}B"), ("\x00\x07\x0b", MARKER * 3), ("tab\tline\nok", "tab\tline\nok"),
    ("\ufffe", MARKER), ("₹ Café", "₹ Café"),
])
def test_cell_text_keeps_what_a_cell_can_hold_and_marks_the_rest(text: str,
                                                                  expected: str) -> None:
    assert cell_text(text) == expected
    assert len(cell_text("x" * 50_000)) == MAX_CELL_CHARS


def test_display_text_shows_escapes_instead_of_obeying_them() -> None:
    assert display_text("\x1b[2J\x9b31m\u202eok\n") == "\\u001b[2J\\u009b31m\\u202eok\n"
    assert display_text("\ud800") == "\\ud800"
    assert display_text("₹ 1,00,000 Café") == "₹ 1,00,000 Café"


def test_a_portal_number_is_short_and_visible() -> None:
    assert portal_number_problem("KA/24-25/01873") is None
    assert portal_number_problem("12345678901234567") is not None
    assert portal_number_problem("A\u200bB") is not None


def test_shown_never_prints_a_nested_or_endless_value() -> None:
    nested: object = []
    for _ in range(5000):
        nested = [nested]
    assert shown(nested) == "a list of 1 item(s)"
    assert shown({"a": 1}) == "an object of 1 key(s)"
    assert shown("z" * 1000).endswith("(1,000 characters)")


@pytest.mark.parametrize(("data", "label"), [
    ("a,b\n".encode("utf-16"), "UTF-16 little-endian (Excel's Unicode Text)"),
    ("a,b\n".encode("utf-16-be"), "UTF-16"),
    ("a,b\n".encode("utf-8-sig"), "UTF-8 (with byte-order mark)"),
    ("a,é\n".encode(), "UTF-8"),
    ("a,é\n".encode("cp1252"), "Windows-1252 (Excel's CSV)"),
])
def test_the_encoding_detector_names_what_it_read(data: bytes, label: str) -> None:
    decoded = decode_text_file(data, "f.csv")
    assert decoded.label == label and decoded.text.startswith("a,")


def test_the_encoding_detector_refuses_binary_and_broken_utf16() -> None:
    with pytest.raises(InputError, match="not a text file"):
        decode_text_file(bytes(range(256)), "f.csv")
    with pytest.raises(InputError, match="byte"):
        decode_text_file(b"\xff\xfea\x00b", "f.csv")


def test_error_codes_handed_over_as_text_become_error_cells() -> None:
    rows: list[list[object]] = [["#N/A", "text", 5], [None, "#DIV/0!", "#n/a"]]
    error_texts_as_cells(rows, top=4, left=2)  # type: ignore[arg-type]
    assert isinstance(rows[0][0], CellError) and rows[0][0].cell == "B4"
    assert isinstance(rows[1][1], CellError) and rows[1][1].cell == "C5"
    assert rows[0][1] == "text" and not isinstance(rows[1][2], CellError)
    assert cell_address(1, 28) == "AB1"


def test_a_lock_older_than_any_job_is_taken_over(tmp_path: Path) -> None:
    book = tmp_path / "GST.xlsm"
    book.write_bytes(b"")
    lock_path(book).write_text(json.dumps({"pid": 1, "host": "another-pc",
                                           "started": time.time() - 13 * 3600}))
    lock = JobLock(book).acquire()
    assert json.loads(lock_path(book).read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock_path(book).exists()


def test_a_fresh_lock_of_another_computer_is_respected(tmp_path: Path) -> None:
    book = tmp_path / "GST.xlsm"
    book.write_bytes(b"")
    lock_path(book).write_text(json.dumps({"pid": 1, "host": "another-pc",
                                           "started": time.time()}))
    with pytest.raises(InputError, match="another-pc"):
        JobLock(book).acquire()
