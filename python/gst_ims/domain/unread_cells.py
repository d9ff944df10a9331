"""Cells whose value, as a person sees it, is not there to read: an error value (``#N/A``)
or a formula saved without its result. Ports hand them over as these `str` subclasses, so
that every reader can report them on their row instead of reading 0, a blank or the
formula's text."""

from __future__ import annotations

from typing import Final

# The error values a spreadsheet cell can show instead of a result.
EXCEL_ERROR_CODES: Final = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})


class UnreadCell(str):
    """What the cell holds (an error code or a formula) as text, and `cell`, its address
    (``K5``; "" when unknown). A str, so it travels through frames and ports like any
    text; readers test for it with `isinstance` before converting cells."""

    cell: str

    def __new__(cls, text: str, cell: str = "") -> UnreadCell:
        made = super().__new__(cls, text)
        made.cell = cell
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.cell))

    def problem(self) -> str:
        """What is wrong with the cell and how to fix it, in words."""
        raise NotImplementedError


class CellError(UnreadCell):
    """A cell showing an error value (``#N/A``, ``#REF!``, ``#DIV/0!``…), not a result."""

    def problem(self) -> str:
        """Words for the Log."""
        where = f"cell {self.cell}" if self.cell else "the cell"
        return (f"{where} shows the error {self!s}, not a value: correct the formula or the "
                "value in that cell (an error is never read as 0 or blank)")


class FormulaWithoutValue(UnreadCell):
    """A formula cell saved without its result: the file was written by a program that
    does not calculate, and not opened and saved in Excel since."""

    def problem(self) -> str:
        """Words for the Log."""
        where = f"cell {self.cell}" if self.cell else "the cell"
        formula = self if len(self) <= 60 else self[:60] + "…"
        return (f"{where} holds the formula {formula} but no saved value: the file was "
                "written by a program that does not calculate. Open it in Excel and save "
                "it (or in LibreOffice Calc: Data > Calculate > Recalculate Hard, then "
                "save), and run the job again")


def cell_address(row: int, column: int) -> str:
    """1-based row and column -> ``K5``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"
