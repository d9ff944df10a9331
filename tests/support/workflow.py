"""Helpers shared by the workflow tests: a small real .xlsm made with XlsxWriter."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import xlsxwriter
import xlwings

from gst_ims.workbook import layout as lay
from gst_ims.workbook.memory_port import MemoryPort
from gst_ims.workbook.port import CellValue

QUICKSTART = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
RIBBON_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CUSTOM_UI = (
    '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">'
    '<ribbon><tabs><tab id="t" label="T"/></tabs></ribbon></customUI>'
)


def vba_project() -> bytes:
    """The VBA project of xlwings' own quickstart workbook (a real, Office-made one)."""
    with zipfile.ZipFile(QUICKSTART) as archive:
        return archive.read("xl/vbaProject.bin")



def make_small_xlsm(path: Path) -> Path:
    """A macro workbook like the product's: a Table whose headers sit on row 3, a text
    and a date column format, a dropdown, a conditional format, a button, named cells,
    the VBA project and a ribbon (customUI14 + its relationship)."""
    book = xlsxwriter.Workbook(str(path))
    book.add_vba_project(io.BytesIO(vba_project()), is_stream=True)
    sheet = book.add_worksheet("Data")
    sheet.write("A1", "Title above the table")
    sheet.write("A2", "Recipient")
    sheet.write("B2", "")
    text = book.add_format({"num_format": "@"})
    sheet.set_column("A:A", 18, text)
    sheet.set_column("C:C", 12, book.add_format({"num_format": "dd-mm-yyyy"}))
    sheet.add_table("A3:D4", {"name": "tblData", "columns": [
        {"header": "Doc No"}, {"header": "Amount"}, {"header": "Date"}, {"header": "Action"},
    ]})
    sheet.data_validation("D4:D1000", {"validate": "list",
                                       "source": ["Accept", "Reject", "Pending", "No action"]})
    sheet.conditional_format("A4:D1000", {"type": "formula", "criteria": '=$D4="Reject"',
                                           "format": book.add_format({"bg_color": "#FFC7CE"})})
    sheet.insert_button("F2", {"macro": "Module1.SampleCall", "caption": "Run"})
    book.add_worksheet("Other")
    book.define_name("RecipientGstin", "=Data!$B$2")
    book.define_name("Picked_File", "=Other!$A$1")
    book.define_name("Stamp_Version", '="7"')
    book.close()
    add_ribbon(path)
    return path


def add_ribbon(path: Path) -> None:
    """Add customUI/customUI14.xml and its relationship in _rels/.rels."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rels = parts["_rels/.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdUI" Type="{RIBBON_TYPE}" '
        'Target="customUI/customUI14.xml"/></Relationships>',
    )
    parts["_rels/.rels"] = rels.encode()
    parts["customUI/customUI14.xml"] = CUSTOM_UI.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def layout_memory_port(folder: Path | None = None) -> MemoryPort:
    """An in-memory workbook shaped like the product's: every sheet and named cell of the
    layout, the Settings defaults and the empty register column mapping."""
    names: dict[str, CellValue] = {cell.name: None for cell in lay.ALL_NAMED_CELLS}
    for setting in lay.SETTING_ROWS:
        value = setting.default
        names[lay.setting_cell(setting.key).name] = value if value != "" else None
    port = MemoryPort(sheets=list(lay.SHEET_ORDER), names=names, location=folder,
                      name_sheets={cell.name: cell.sheet for cell in lay.ALL_NAMED_CELLS},
                      constants={lay.LAYOUT_VERSION_NAME: str(lay.LAYOUT_VERSION)})
    mapping = pd.DataFrame({
        lay.MAPPING_HEADERS[0]: list(lay.MAPPED_FIELDS),
        lay.MAPPING_HEADERS[1]: [lay.BOOKS_SHEET.column(f).header for f in lay.MAPPED_FIELDS],
        lay.MAPPING_HEADERS[2]: [None] * len(lay.MAPPED_FIELDS),
    })
    port.write_table(lay.SETTINGS, mapping, header_row=lay.MAPPING_HEADER_ROW,
                     first_column=lay.MAPPING_FIELD_COLUMN)
    port.events.clear()
    port.changed.clear()
    return port
