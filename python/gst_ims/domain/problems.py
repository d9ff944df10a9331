"""Problems found in the user's input, and the one exception tree of the package.

Every reader reports what is wrong with a file as `Problem` rows (where, what, how bad)
instead of raising on the first one, so a user can fix a file in one go. Only a file that
cannot be read at all raises, as an `InputError` carrying the problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a problem is: `error` skips the record, `warning` keeps it flagged,
    `info` only tells (a skipped subtotal row, say)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located precisely enough to fix it.

    `file` is the file name; `sheet` the sheet (registers) or `section` (IMS JSON);
    `row` the 1-based sheet row or the 0-based index in the JSON array; `field` the
    column header or JSON key.
    """

    message: str
    severity: Severity = Severity.ERROR
    file: str = ""
    sheet: str = ""
    section: str = ""
    row: int | None = None
    field: str = ""

    def where(self) -> str:
        """Human location, e.g. ``ims.json, section b2b, record 12, field idt``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.section:
            parts.append(f"section {self.section}")
        if self.row is not None:
            parts.append(f"{'row' if self.sheet or not self.section else 'record'} {self.row}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{self.severity.value}: {where}: {self.message}" if where else (
            f"{self.severity.value}: {self.message}"
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output and the Log sheet."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class GstImsError(Exception):
    """Root of every error this package raises on purpose (shown to the user as-is)."""


class InputError(GstImsError):
    """The input cannot be used; `problems` says everything found wrong with it."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        shown = "\n".join(f"  - {problem}" for problem in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  … and {more} more" if more > 0 else ""
        return f"{head}\n{shown}{tail}"


def count_by_severity(problems: Iterable[Problem]) -> dict[str, int]:
    """Number of problems per severity value, every severity present as a key."""
    counts = {severity.value: 0 for severity in Severity}
    for problem in problems:
        counts[problem.severity.value] += 1
    return counts
