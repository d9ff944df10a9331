"""The shapes of the layout: number formats, how a column looks (`ColumnKind`,
`Column`), a sheet holding one table (`DataSheet`), a named cell (`NamedCell`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from gst_ims.domain.settings_table import NO, YES

# --- number formats -------------------------------------------------------------------
# Indian digit grouping (1,23,45,678.00). Excel allows two conditions per format, so
# crores and lakhs get their own sections; negatives (differences) fall to the last one.
FORMAT_RUPEES: Final = (
    r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"
)
# Differences can be negative. In a format with conditions Excel adds the minus sign in
# the last section and LibreOffice does not, so negatives get a section of their own with
# the sign written out (Indian grouping for positive lakhs, plain grouping below zero).
FORMAT_RUPEES_SIGNED: Final = r"[>=100000]##\,##\,##0.00;[<0]-#,##0.00;#,##0.00"
FORMAT_DATE: Final = "dd-mm-yyyy"
FORMAT_DATETIME: Final = "dd-mm-yyyy hh:mm"
FORMAT_TEXT: Final = "@"
FORMAT_INTEGER: Final = "#,##0"
FORMAT_GENERAL: Final = "General"


class ColumnKind(StrEnum):
    """How a column's values are held in cells (and so converted by the workflow)."""

    TEXT = "text"  # free text, stored as text
    CODE = "code"  # a short code (INV, b2b, A, 27): text, never a label
    GSTIN = "gstin"  # 15-character GSTIN: text
    DOC_NO = "doc_no"  # document number: text, never a number
    MONEY = "money"  # rupees (paise / 100), Indian grouping
    DATE = "date"  # a date shown dd-mm-yyyy
    DATETIME = "datetime"  # a timestamp shown dd-mm-yyyy hh:mm
    INTEGER = "integer"  # a count or a row number
    FLAG = "flag"  # Yes / No
    ACTION = "action"  # an Action shown by its label (Accept / Reject / Pending / No action)
    YES_NO = "yes_no"  # Y / N code (ITC reduction required)
    # Free text that may pass 255 characters (a message, a reason, joined paths): General,
    # because Excel shows #### for such text in a Text-formatted cell.
    NOTE = "note"


_KIND_FORMATS: Final[dict[ColumnKind, str]] = {
    ColumnKind.TEXT: FORMAT_TEXT,
    ColumnKind.CODE: FORMAT_TEXT,
    ColumnKind.GSTIN: FORMAT_TEXT,
    ColumnKind.DOC_NO: FORMAT_TEXT,
    ColumnKind.MONEY: FORMAT_RUPEES,
    ColumnKind.DATE: FORMAT_DATE,
    ColumnKind.DATETIME: FORMAT_DATETIME,
    ColumnKind.INTEGER: FORMAT_GENERAL,
    ColumnKind.FLAG: FORMAT_TEXT,
    ColumnKind.ACTION: FORMAT_TEXT,
    ColumnKind.YES_NO: FORMAT_TEXT,
    ColumnKind.NOTE: FORMAT_GENERAL,
}

FLAG_TRUE: Final = YES
FLAG_FALSE: Final = NO
YES_NO_CODES: Final[tuple[str, ...]] = ("Y", "N")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: its header text, the field it holds, how it looks."""

    header: str
    field: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 14.0
    hidden: bool = False
    dropdown: tuple[str, ...] = ()  # a list validation over the usable range
    signed: bool = False  # money that can be negative (differences)

    @property
    def number_format(self) -> str:
        """Excel number format of the column's cells."""
        if self.signed and self.kind is ColumnKind.MONEY:
            return FORMAT_RUPEES_SIGNED
        return _KIND_FORMATS[self.kind]

    @property
    def is_text(self) -> bool:
        """True when the cells must be stored as text ('@')."""
        return self.number_format == FORMAT_TEXT


@dataclass(frozen=True, slots=True)
class DataSheet:
    """A sheet holding one table: header row, data rows, optional Excel Table."""

    name: str
    columns: tuple[Column, ...]
    table_name: str | None = None
    header_row: int = 1
    first_data_row: int = 2
    last_data_row: int = 100_001
    tab_colour: str = ""
    freeze_columns: int = 0  # columns kept in view when scrolling right
    hidden: bool = False  # a sheet the jobs keep and the user seldom needs to see

    @property
    def headers(self) -> tuple[str, ...]:
        """Header texts, left to right."""
        return tuple(column.header for column in self.columns)

    @property
    def fields(self) -> tuple[str, ...]:
        """Fields, left to right."""
        return tuple(column.field for column in self.columns)

    def column(self, field_name: str) -> Column:
        """The column holding `field_name`; `KeyError` if none."""
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(f"sheet {self.name!r} has no column for field {field_name!r}")

    def index(self, field_name: str) -> int:
        """1-based column number of `field_name`."""
        return self.fields.index(self.column(field_name).field) + 1

    def letter(self, field_name: str) -> str:
        """Column letter of `field_name` (``A``, ``AB``)."""
        return column_letter(self.index(field_name))

    def header_map(self) -> dict[str, str]:
        """field -> header text."""
        return {column.field: column.header for column in self.columns}

    def text_headers(self) -> tuple[str, ...]:
        """Headers of the columns stored as text (for `WorkbookPort.write_table`)."""
        return tuple(column.header for column in self.columns if column.is_text)

    def number_formats(self) -> dict[str, str]:
        """header -> number format of the non-text columns (for `write_table`)."""
        return {c.header: c.number_format for c in self.columns if not c.is_text}


def column_letter(index: int) -> str:
    """1-based column number -> Excel letters (1 -> A, 28 -> AB)."""
    if index < 1:
        raise ValueError(f"column numbers start at 1, got {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters



@dataclass(frozen=True, slots=True)
class NamedCell:
    """A workbook-level defined name for one cell, with the label shown next to it."""

    name: str
    sheet: str
    row: int
    column: int
    label: str
    kind: ColumnKind = ColumnKind.TEXT

    @property
    def address(self) -> str:
        """Absolute A1 reference within the sheet, e.g. ``$E$6``."""
        return f"${column_letter(self.column)}${self.row}"

    @property
    def refers_to(self) -> str:
        """The defined name's formula, e.g. ``='Home'!$E$6``."""
        return f"='{self.sheet}'!{self.address}"

