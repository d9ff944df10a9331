"""A sample month written to files: the IMS JSON, the register (in any register style)
and the truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from gst_ims.domain.documents import Dialect
from gst_ims.samples.month import generate_month
from gst_ims.samples.register import REGISTER_SHEET


def write_register_xlsx(register: pd.DataFrame, path: Path) -> None:
    """The register as an .xlsx: sheet `REGISTER_SHEET`, header row 1, numbers as text
    cells, dates as real dates shown dd-mm-yyyy, amounts as numbers.

    XlsxWriter (fast, streaming) when installed, else openpyxl's write-only mode.
    """
    headers = list(register.columns)
    kinds = ["date" if "Date" in h else "money" if register[h].dtype.kind == "f"
             else "text" for h in headers]
    columns = [register[h].dt.to_pydatetime().tolist() if kind == "date"
               else register[h].tolist() for h, kind in zip(headers, kinds, strict=True)]
    try:
        import xlsxwriter  # in the dev extra; the runtime install may lack it
    except ImportError:
        _write_register_openpyxl(headers, kinds, columns, path)
        return
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(REGISTER_SHEET)
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        write_string, write_number = sheet.write_string, sheet.write_number
        write_datetime = sheet.write_datetime
        for row, values in enumerate(zip(*columns, strict=True), start=1):
            for col, (kind, value) in enumerate(zip(kinds, values, strict=True)):
                if kind == "money":
                    write_number(row, col, value, money)
                elif kind == "date":
                    write_datetime(row, col, value, date_format)
                else:
                    write_string(row, col, str(value))
        sheet.set_column(0, len(headers) - 1, 16)
    finally:
        workbook.close()


def _write_register_openpyxl(headers: list[str], kinds: list[str],
                             columns: list[list[Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(REGISTER_SHEET)
    sheet.append(headers)
    formats = {"date": "dd-mm-yyyy", "money": "#,##0.00", "text": "@"}
    for values in zip(*columns, strict=True):
        row = []
        for kind, value in zip(kinds, values, strict=True):
            cell = WriteOnlyCell(sheet, value=str(value) if kind == "text" else value)
            cell.number_format = formats[kind]
            row.append(cell)
        sheet.append(row)
    workbook.save(path)


def write_sample_month(out_dir: Path, *, docs: int, seed: int, dialect: Dialect,
                       register_style: str = "plain") -> dict[str, Path]:
    """Generate a month and write ``ims.json``, the register (``register.xlsx``, or
    ``register.csv`` for the tab-separated SAP style) and ``truth.csv`` into `out_dir`
    (created if needed); returns their paths by kind.

    `register_style`: one of `sample_registers.REGISTER_STYLES`; every style holds the
    same documents. The truth's ``register_row`` / ``must_not_pair_row`` are the sheet rows
    where the document starts in the file written (on the sheet of its kind)."""
    from gst_ims.sample_registers import restyled_truth, style_register, write_styled_register

    month = generate_month(docs=docs, seed=seed, dialect=dialect)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("register.*"):
        stale.unlink()
    truth = month.truth
    if register_style == "plain":
        register = out_dir / "register.xlsx"
        write_register_xlsx(month.register, register)
    else:
        styled = style_register(month.register, register_style, seed=seed)
        register = out_dir / f"register{styled.suffix}"
        write_styled_register(styled, register)
        truth = restyled_truth(truth, styled.first_rows)
    paths = {"ims": out_dir / "ims.json", "register": register,
             "truth": out_dir / "truth.csv"}
    with paths["ims"].open("w", encoding="utf-8") as handle:
        json.dump(month.ims_payload, handle, ensure_ascii=False, separators=(",", ":"))
    truth.to_csv(paths["truth"], index=False)
    return paths

