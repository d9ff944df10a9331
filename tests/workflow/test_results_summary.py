"""Summary figures: credit notes reduce ITC, so they are netted off, not added."""

from __future__ import annotations

from typing import Any

import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.sheets.results import summary_blocks
from gst_ims.workbook import layout as lay

GSTIN = "27AAPFU0939F1ZV"


def _row(doc_type: str, igst: int, category: str = "Matched", action: str = "A") -> dict[
        str, Any]:
    row: dict[str, Any] = {d.IMS_ID: 0, d.CATEGORY: category, d.ACTION: action,
                           lay.DOC_PREFIX + d.DOC_TYPE: doc_type,
                           lay.DOC_PREFIX + d.SUPPLIER_GSTIN: GSTIN,
                           lay.DOC_PREFIX + d.SUPPLIER_NAME: "Acme"}
    for side in (lay.IMS_PREFIX, lay.BOOKS_PREFIX):
        row |= {side + d.TAXABLE: igst * 10, side + d.IGST: igst, side + d.CGST: 0,
                side + d.SGST: 0, side + d.CESS: 0}
    return row


def test_credit_notes_are_netted_off_in_every_block() -> None:
    joined = pd.DataFrame([_row("INV", 100_00), _row("CN", 30_00), _row("DN", 5_00)])
    blocks = summary_blocks(joined)
    by_category = blocks[lay.SUMMARY_CATEGORY_BLOCK.title].set_index(d.CATEGORY)
    assert by_category.loc["Matched", "total_tax"] == 75_00
    assert by_category.loc["Matched", d.TAXABLE] == 750_00
    assert by_category.loc["Matched", "documents"] == 3
    by_action = blocks[lay.SUMMARY_ACTION_BLOCK.title].set_index(d.ACTION)
    assert by_action.loc["A", "total_tax"] == 75_00
    supplier = blocks[lay.SUMMARY_SUPPLIER_BLOCK.title].iloc[0]
    assert (supplier["ims_tax"], supplier["books_tax"]) == (75_00, 75_00)


def test_summary_money_columns_show_a_minus_sign() -> None:
    for block in lay.SUMMARY_BLOCKS:
        for column in block.columns:
            if column.kind is lay.ColumnKind.MONEY:
                assert column.number_format == lay.FORMAT_RUPEES_SIGNED, column.header
