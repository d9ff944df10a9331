"""The settings table is the one definition of every setting: the Settings sheet of the
built workbook, ReconSettings, the export-actions options and docs/settings.md all follow
it, and every row is complete."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import openpyxl
import pytest

from gst_ims.cli import _parser
from gst_ims.domain.match_status import IMS_STATUSES
from gst_ims.domain.settings import ReconSettings
from gst_ims.domain.settings_table import (
    SETTINGS,
    Reader,
    SettingKind,
    keys_read_by,
    settings_markdown,
)
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import build_workbook

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_row_is_complete_and_keys_are_unique() -> None:
    keys = [row.key for row in SETTINGS]
    assert len(keys) == len(set(keys))
    for row in SETTINGS:
        assert row.label and row.explanation.strip(), row.key
        assert (row.kind is SettingKind.CHOICE) == bool(row.choices), row.key
        if row.choices and row.default != "":
            assert row.default in row.choices, row.key
        if row.minimum is not None and isinstance(row.default, int | float):
            assert row.minimum <= row.default <= (row.maximum or row.default), row.key


def test_recon_settings_take_their_fields_and_defaults_from_the_table() -> None:
    attributes = {row.attribute for row in SETTINGS if row.attribute}
    assert attributes | {"default_actions"} == {f.name for f in fields(ReconSettings)}
    sheet_defaults = {row.key: row.default for row in SETTINGS
                      if row.reader is Reader.RECONCILE and row.default != ""}
    assert ReconSettings.from_mapping(sheet_defaults) == ReconSettings()
    outcomes = {row.key for row in SETTINGS if row.key.startswith("default_action_")}
    assert outcomes == {"default_action_" + status.key for status in IMS_STATUSES}


def test_the_settings_sheet_shows_every_row_with_its_default(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(build_workbook(tmp_path / "GST.xlsm"))
    sheet = book[lay.SETTINGS]
    for row in SETTINGS:
        cell = lay.setting_cell(row.key)
        assert sheet.cell(cell.row, lay.SETTINGS_KEY_COLUMN).value == row.key
        assert sheet.cell(cell.row, lay.SETTINGS_LABEL_COLUMN).value == row.label
        value = sheet.cell(cell.row, cell.column).value
        assert (value if value is not None else "") == row.default, row.key


@pytest.mark.parametrize("row", [row for row in SETTINGS if row.cli_flag],
                         ids=lambda row: row.key)
def test_export_actions_takes_the_tables_options(row: object) -> None:
    from gst_ims.domain.settings_table import Setting

    assert isinstance(row, Setting) and row.cli_flag
    parser = _parser()
    base = ["export-actions", "--ims", "x.json", "--decisions", "d.csv", "--out", "o",
            "--rtin", "27AAACM4321L1ZJ"]
    args = parser.parse_args(base)
    dest = row.cli_flag.removeprefix("--").replace("-", "_")
    if row.kind is SettingKind.YES_NO:
        assert getattr(args, dest) is False
    elif row.default != "":
        assert getattr(args, dest) == row.default


def test_the_docs_page_is_the_table() -> None:
    assert DOCS.read_text(encoding="utf-8") == settings_markdown()


def test_jobs_read_the_keys_the_table_gives_them() -> None:
    assert keys_read_by(Reader.RECONCILE, optional=False) == lay.RECON_SETTING_KEYS
    assert set(keys_read_by(Reader.EXPORT)) == {
        "recipient_gstin", "output_folder", "all_or_nothing_export",
        "confirm_accept_not_in_books", "max_upload_bytes", "upload_key_style"}
