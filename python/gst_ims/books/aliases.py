"""The header alias table: which header spellings of a purchase register mean which field.

Registers come from Tally, SAP, Busy, Zoho or a hand-kept Excel sheet, each with its own
header words. A header matches an alias after `header_key` folds both: case-folded, with
spaces, dots, underscores, hyphens, slashes, brackets, colons and ``#`` dropped (so
"Supplier Invoice No." = "supplier_invoice_no" = "SUPPLIER INVOICE NO").

Within a field the aliases are in order of preference: when a file has two headers for the
same field, the one whose alias comes first wins ("Supplier Invoice No." beats "Invoice No."
beats "Voucher No." never: the voucher number is the company's own, not the supplier's).

`POSTING_DATE` is not a Books column: it is the voucher (posting) date that decides the
register `period`; the document date is the supplier's date on the document. A `PERIOD`
column (the workbook's Books sheet has one) wins over both.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from gst_ims.domain.documents import (
    CESS,
    CGST,
    DOC_DATE,
    DOC_NO,
    DOC_TYPE,
    DOC_VALUE,
    IGST,
    ITC_ELIGIBLE,
    PERIOD,
    POS,
    RCM,
    SGST,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    TAXABLE,
)

POSTING_DATE: Final = "posting_date"

# canonical field -> header spellings, most preferred first. Keep each list in plain words
# a user would type; `header_key` does the folding.
HEADER_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    SUPPLIER_GSTIN: (
        "GSTIN of Supplier", "GSTIN/UIN of Supplier", "Supplier GSTIN/UIN", "Supplier GSTIN",
        "Party GSTIN", "Party GSTIN/UIN", "Vendor GSTIN", "GSTIN/UIN", "GSTIN", "GST No",
        "GST Number", "GSTIN No", "CTIN", "Supplier GST No", "Vendor GST No",
        "GST Identification Number (GSTIN)", "GST Identification Number",
        "GST Registration Number",
    ),
    SUPPLIER_NAME: (
        "Supplier Name", "Party Name", "Vendor Name", "Trade/Legal Name", "Trade Name",
        "Legal Name", "Name of Supplier", "Name of Party", "Party's Name", "Supplier",
        "Vendor", "Party", "Particulars",
        "Ledger Name", "Account Name",
    ),
    DOC_TYPE: (
        "Document Type", "Doc Type", "Voucher Type", "Invoice Type", "Note Type",
        "Transaction Type", "Vch Type", "Type",
    ),
    DOC_NO: (
        "Supplier Invoice No.", "Supplier Invoice No", "Supplier Invoice Number",
        "Supplier Bill No", "Vendor Invoice No", "Vendor Invoice Number", "Party Invoice No",
        "Invoice No.", "Invoice Number", "Inv No", "Bill No", "Bill Number",
        "Document No", "Document Number", "Doc No", "Note No", "Note Number",
        "Reference No.", "Ref No", "Reference", "Invoice/Note No",
    ),
    DOC_DATE: (
        "Supplier Invoice Date", "Supplier Bill Date", "Vendor Invoice Date",
        "Party Invoice Date", "Invoice Date", "Inv Date", "Bill Date", "Document Date",
        "Doc Date", "Note Date", "Reference Date", "Ref Date", "Invoice/Note Date",
        # "Dt" is how Busy, Marg and many hand-kept sheets abbreviate "date".
        "Supplier Invoice Dt", "Invoice Dt", "Inv Dt", "Bill Dt", "Doc Dt", "Date",
    ),
    POSTING_DATE: (
        "Voucher Date", "Posting Date", "Vch Date", "Entry Date", "Booking Date", "GL Date",
        "Accounting Date",
    ),
    POS: ("Place of Supply", "POS", "Place of Supply (State)", "Supply State", "State"),
    DOC_VALUE: (
        "Invoice Value", "Document Value", "Note Value", "Gross Total", "Total Amount",
        "Bill Amount", "Invoice Amount", "Total Invoice Value", "Gross Amount", "Total Value",
        "Invoice Total", "Grand Total", "Total",
    ),
    TAXABLE: (
        "Taxable Value", "Taxable Amount", "Taxable Amt", "Assessable Value", "Taxable",
        "Base Amount", "Value of Supply", "Sub Total",
    ),
    IGST: (
        "Integrated Tax", "Integrated Tax Amount", "IGST Amount", "IGST Amt", "IGST",
        "Integrated Tax Paid", "Input IGST",
    ),
    CGST: (
        "Central Tax", "Central Tax Amount", "CGST Amount", "CGST Amt", "CGST",
        "Central Tax Paid", "Input CGST",
    ),
    SGST: (
        "State/UT Tax", "State/UT Tax Amount", "State Tax", "State Tax Amount",
        "SGST/UTGST", "SGST/UTGST Amount", "SGST Amount", "SGST Amt", "SGST", "UTGST",
        "UTGST Amount", "State/UT Tax Paid", "Input SGST",
    ),
    CESS: ("Cess", "Cess Amount", "Cess Amt", "Compensation Cess", "Cess Paid", "GST Cess"),
    RCM: (
        "Reverse Charge", "Reverse Charge Applicable", "RCM", "RCM Applicable",
        "Is Reverse Charge", "Reverse Charge (Y/N)", "Supply Attract Reverse Charge",
    ),
    PERIOD: (
        "Period", "Tax Period", "Return Period", "ITC Period", "GSTR-3B Period",
        "Books Period", "Accounting Period", "Month",
    ),
    ITC_ELIGIBLE: (
        "ITC Eligibility", "Eligibility For ITC", "ITC Eligible", "Eligible ITC",
        "ITC Availability", "ITC Available", "ITC Claimable", "Eligible for ITC",
    ),
}

# The fields without which a register cannot be reconciled at all. At least one tax head
# (`TAX_FIELDS_ONE_OF`) must be present too: a register of an all-inter-state business has
# IGST only, so no single head is required on its own.
REQUIRED_FIELDS: Final[tuple[str, ...]] = (SUPPLIER_GSTIN, DOC_NO, DOC_DATE, TAXABLE)
TAX_FIELDS_ONE_OF: Final[tuple[str, ...]] = (IGST, CGST, SGST)

FIELD_LABELS: Final[Mapping[str, str]] = {
    SUPPLIER_GSTIN: "supplier GSTIN",
    SUPPLIER_NAME: "supplier name",
    DOC_TYPE: "document / voucher type",
    DOC_NO: "supplier's document number",
    DOC_DATE: "supplier's document date",
    POSTING_DATE: "voucher (posting) date",
    PERIOD: "books period (month)",
    POS: "place of supply",
    DOC_VALUE: "document (invoice) value",
    TAXABLE: "taxable value",
    IGST: "IGST",
    CGST: "CGST",
    SGST: "SGST/UTGST",
    CESS: "cess",
    RCM: "reverse charge",
    ITC_ELIGIBLE: "ITC eligibility",
}

_FOLD = re.compile(r"[\s._\-/\\()\[\]{}:#]+")


def header_key(header: object) -> str:
    """A header cell -> the folded key aliases are compared on (``"Bill No."`` -> ``"billno"``)."""
    if header is None:
        return ""
    return _FOLD.sub("", str(header)).casefold()


# folded alias -> (field, rank in that field's list); an alias spelled under two fields
# would be ambiguous, which `_build_index` refuses at import time.
def _build_index() -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for field, spellings in HEADER_ALIASES.items():
        for rank, spelling in enumerate(spellings):
            key = header_key(spelling)
            if key in index and index[key][0] != field:
                raise AssertionError(f"alias '{spelling}' listed under two fields")
            index.setdefault(key, (field, rank))
    return index


ALIAS_INDEX: Final[Mapping[str, tuple[str, int]]] = _build_index()


def field_of(header: object) -> str | None:
    """The canonical field a header spells, or None when it is no known alias."""
    found = ALIAS_INDEX.get(header_key(header))
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class ClosestAlias:
    """The alias nearest to a header that matched none: for "did you mean" messages."""

    header: str
    alias: str
    field: str
    score: float


def closest_alias(header: str) -> ClosestAlias | None:
    """The alias (and its field) most like `header`, or None when nothing is close (score
    below 0.6 on difflib's ratio of the folded texts)."""
    key = header_key(header)
    if not key:
        return None
    best: ClosestAlias | None = None
    for field, spellings in HEADER_ALIASES.items():
        for spelling in spellings:
            score = difflib.SequenceMatcher(None, key, header_key(spelling)).ratio()
            if best is None or score > best.score:
                best = ClosestAlias(header, spelling, field, score)
    return best if best is not None and best.score >= 0.6 else None


def match_headers(headers: Iterable[str]) -> dict[str, str]:
    """Headers of a file -> {canonical field: header}, the most preferred alias winning when
    several headers spell the same field. Headers that match nothing are left out."""
    chosen: dict[str, tuple[int, str]] = {}
    for header in headers:
        found = ALIAS_INDEX.get(header_key(header))
        if found is None:
            continue
        field, rank = found
        if field not in chosen or rank < chosen[field][0]:
            chosen[field] = (rank, header)
    return {field: header for field, (_, header) in chosen.items()}
