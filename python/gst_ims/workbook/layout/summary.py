"""Summary: its blocks (by category, by chosen action, by supplier, the top ten
suppliers), the charts over them and the stamp of when it was made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from gst_ims.domain import documents as d
from gst_ims.domain.documents import ACTION_LABELS, Category
from gst_ims.workbook.layout.columns import Column, ColumnKind, NamedCell, column_letter
from gst_ims.workbook.layout.sheet_names import SUMMARY

# --- Summary ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryBlock:
    """A table on Summary: a title above, headers on `header_row`, rows below."""

    title: str
    header_row: int
    first_column: int
    columns: tuple[Column, ...]
    max_rows: int | None  # None: grows downwards (nothing is placed below it)

    @property
    def first_data_row(self) -> int:
        """First row under the headers."""
        return self.header_row + 1

    @property
    def headers(self) -> tuple[str, ...]:
        """Header texts, left to right."""
        return tuple(column.header for column in self.columns)


# Summary amounts are ITC effects: credit notes count negative (they reduce ITC).
_TAX_COLUMNS: Final[tuple[Column, ...]] = (
    Column("Taxable Value", d.TAXABLE, ColumnKind.MONEY, 16, signed=True),
    Column("IGST", d.IGST, ColumnKind.MONEY, 14, signed=True),
    Column("CGST", d.CGST, ColumnKind.MONEY, 14, signed=True),
    Column("SGST", d.SGST, ColumnKind.MONEY, 14, signed=True),
    Column("Cess", d.CESS, ColumnKind.MONEY, 12, signed=True),
    Column("Total Tax", "total_tax", ColumnKind.MONEY, 16, signed=True),
)
SUMMARY_CATEGORY_BLOCK: Final = SummaryBlock(
    title="By category (credit notes subtract)",
    header_row=4,
    first_column=2,
    columns=(
        Column("Category", d.CATEGORY, ColumnKind.TEXT, 30),
        Column("Documents", "documents", ColumnKind.INTEGER, 12),
        *_TAX_COLUMNS,
    ),
    max_rows=len(Category) + 1,  # one per category and a Total row
)
SUMMARY_ACTION_BLOCK: Final = SummaryBlock(
    title="By chosen action (IMS documents)",
    header_row=SUMMARY_CATEGORY_BLOCK.first_data_row + len(Category) + 3,
    first_column=2,
    columns=(
        Column("Action", d.ACTION, ColumnKind.ACTION, 30),
        Column("Documents", "documents", ColumnKind.INTEGER, 12),
        *_TAX_COLUMNS,
    ),
    max_rows=len(ACTION_LABELS) + 1,
)
SUMMARY_SUPPLIER_BLOCK: Final = SummaryBlock(
    title="By supplier",
    header_row=SUMMARY_ACTION_BLOCK.first_data_row + len(ACTION_LABELS) + 3,
    first_column=2,
    columns=(
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 30),
        Column("Supplier Name", d.SUPPLIER_NAME, ColumnKind.TEXT, 28),
        Column("IMS Docs", "ims_documents", ColumnKind.INTEGER, 10),
        Column("Matched", "matched", ColumnKind.INTEGER, 10),
        Column("Mismatched", "mismatched", ColumnKind.INTEGER, 11),
        Column("Not in Books", "not_in_books", ColumnKind.INTEGER, 11),
        Column("Not in IMS", "not_in_ims", ColumnKind.INTEGER, 11),
        Column("IMS Tax", "ims_tax", ColumnKind.MONEY, 16, signed=True),
        Column("Books Tax", "books_tax", ColumnKind.MONEY, 16, signed=True),
        Column("Diff Tax", "diff_tax", ColumnKind.MONEY, 14, signed=True),
    ),
    max_rows=None,
)
SUMMARY_BLOCKS: Final[tuple[SummaryBlock, ...]] = (
    SUMMARY_CATEGORY_BLOCK, SUMMARY_ACTION_BLOCK, SUMMARY_SUPPLIER_BLOCK,
)
# Beside the blocks above (right of the supplier block, which grows downwards): the ten
# suppliers with the most ITC at stake, from the Suppliers sheet, for the chart.
SUMMARY_TOP_SUPPLIERS_BLOCK: Final = SummaryBlock(
    title="Top ten suppliers by ITC at stake",
    header_row=SUMMARY_CATEGORY_BLOCK.header_row,
    first_column=14,  # N
    columns=(
        Column("Supplier", "label", ColumnKind.TEXT, 30),
        Column("Supplier GSTIN", d.SUPPLIER_GSTIN, ColumnKind.GSTIN, 18),
        Column("ITC at Stake", "itc_at_stake", ColumnKind.MONEY, 16),
    ),
    max_rows=10,
)


@dataclass(frozen=True, slots=True)
class SummaryChart:
    """A native chart the builder places on Summary over a block's rows (so it follows
    the data): the block, the field of the bar labels and of the values, how many data
    rows it covers (a Total row below is left out), the cell of its top-left corner."""

    title: str
    block: SummaryBlock
    label_field: str
    value_field: str
    rows: int
    anchor: str
    kind: str = "column"  # XlsxWriter chart type: column (upright) or bar (across)

    def _range(self, field_name: str) -> str:
        fields = [column.field for column in self.block.columns]
        letter = column_letter(self.block.first_column + fields.index(field_name))
        first, last = self.block.first_data_row, self.block.first_data_row + self.rows - 1
        return f"='{SUMMARY}'!${letter}${first}:${letter}${last}"

    @property
    def labels(self) -> str:
        """The formula of the bar labels' cells."""
        return self._range(self.label_field)

    @property
    def values(self) -> str:
        """The formula of the values' cells."""
        return self._range(self.value_field)


SUMMARY_CHARTS: Final[tuple[SummaryChart, ...]] = (
    SummaryChart("Tax by category (₹, credit notes subtract)", SUMMARY_CATEGORY_BLOCK,
                 d.CATEGORY, "total_tax", len(Category), "N17"),
    SummaryChart("Tax by chosen action (₹, IMS documents)", SUMMARY_ACTION_BLOCK, d.ACTION,
                 "total_tax", len(ACTION_LABELS), "N35"),
    SummaryChart("Top ten suppliers by ITC at stake (₹)", SUMMARY_TOP_SUPPLIERS_BLOCK,
                 "label", "itc_at_stake", 10, "N53", kind="bar"),
)
SUMMARY_TITLE_CELL: Final = (2, 2)  # B2
SUMMARY_STAMP: Final = NamedCell(
    "Summary_Made_At", SUMMARY, 2, 5, "Made at", ColumnKind.DATETIME
)
