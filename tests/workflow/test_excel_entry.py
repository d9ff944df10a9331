"""The entry points the VBA calls: every job the layout names exists, expected errors are
shown plainly, unexpected ones are logged next to the workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gst_ims import excel
from gst_ims.domain.problems import InputError
from gst_ims.workbook import layout as lay
from gst_ims.workflow import JobReport
from support.workflow import layout_memory_port


def test_every_button_job_has_an_entry_point() -> None:
    for job in lay.JOBS:
        assert callable(getattr(excel, job.python_function)), job.python_function


def test_an_expected_error_is_shown_and_nothing_else_happens(tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)

    def job(_: object) -> JobReport:
        raise InputError("Pick the IMS file first.")

    assert excel.run_job("Import IMS", job, port) is None
    assert port.events == [("alert", "Pick the IMS file first.", True)]
    assert not (tmp_path / excel.ERROR_LOG).exists()


def test_an_unexpected_error_is_logged_next_to_the_workbook(tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)

    def job(_: object) -> JobReport:
        raise KeyError("surprise")

    assert excel.run_job("Reconcile", job, port) is None
    log = (tmp_path / excel.ERROR_LOG).read_text(encoding="utf-8")
    assert "KeyError: 'surprise'" in log and "Traceback" in log
    (kind, message, error), = port.events
    assert kind == "alert" and error and str(tmp_path / excel.ERROR_LOG) in str(message)


def test_a_finished_job_shows_its_message(tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)
    report = excel.run_job("Accept matched", lambda _: JobReport("x", "Done: 3."), port)
    assert report is not None and port.events == [("alert", "Done: 3.", False)]


def test_a_job_that_fails_after_writing_names_the_sheets_it_changed(tmp_path: Path) -> None:
    port = layout_memory_port(tmp_path)

    def job(_: object) -> JobReport:
        port.write_table(lay.MATCHED, pd.DataFrame({"Status": ["x"]}))
        port.write_names({lay.LAST_MESSAGE.name: "half"})
        raise InputError("The disk is full.")

    assert excel.run_job("Reconcile", job, port) is None
    (_, message, error), = [e for e in port.events if e[0] == "alert"]
    assert error and message.startswith("The disk is full.")
    assert "already changed: Matched, Home" in message
    assert "close the workbook without saving" in message

