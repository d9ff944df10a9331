"""`StagedWrites`: every write a job will make, gathered while it computes and made at the
end in one go.

A job that fails while it reads and computes has then written nothing, whatever port
it runs on; and in live Excel, where each write shows at once, the writes come one
after the other with nothing that can fail in between except the writes themselves.
Named cells are written last, so Home shows a job's result only when everything else
is in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from gst_ims.workbook.port import CellValue, WorkbookPort

Step = Callable[[WorkbookPort], None]


@dataclass
class StagedWrites:
    """Writes with the signatures of `WorkbookPort`'s, kept until `apply`."""

    steps: list[tuple[str, Step]] = field(default_factory=list)
    names: dict[str, CellValue] = field(default_factory=dict)

    def write_table(
        self,
        sheet: str,
        frame: pd.DataFrame,
        *,
        header_row: int = 1,
        first_column: int = 1,
        max_rows: int | None = None,
        text_columns: Collection[str] = (),
        number_formats: Mapping[str, str] | None = None,
    ) -> None:
        """Stage `WorkbookPort.write_table`."""
        text, formats = list(text_columns), dict(number_formats or {})
        self.steps.append((sheet, lambda port: port.write_table(
            sheet, frame, header_row=header_row, first_column=first_column,
            max_rows=max_rows, text_columns=text, number_formats=formats)))

    def write_column(
        self,
        sheet: str,
        header: str,
        values: Sequence[CellValue],
        *,
        header_row: int = 1,
        changed: Sequence[bool] | None = None,
    ) -> None:
        """Stage `WorkbookPort.write_column`."""
        cells, flags = list(values), None if changed is None else list(changed)
        self.steps.append((sheet, lambda port: port.write_column(
            sheet, header, cells, header_row=header_row, changed=flags)))

    def write_names(self, values: Mapping[str, CellValue]) -> None:
        """Stage named cells (a later value for the same name wins)."""
        self.names.update(values)

    def sheets(self) -> list[str]:
        """The sheets the staged table and column writes go to, in order."""
        return list(dict.fromkeys(sheet for sheet, _ in self.steps))

    def apply(self, port: WorkbookPort) -> None:
        """Make the writes on `port`: tables and columns in the order staged, then the
        named cells."""
        for _, step in self.steps:
            step(port)
        if self.names:
            port.write_names(self.names)
