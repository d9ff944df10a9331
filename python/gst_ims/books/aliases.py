"""The header alias table: which header spellings of a purchase register mean which field.

Registers come from Tally, SAP, Busy, Zoho, the GSTN returns templates or a hand-kept Excel
sheet, each with its own header words. A header matches an alias after `header_key` folds
both: case-folded, with spaces, dots, underscores, hyphens, slashes, brackets, colons and
``#`` dropped (so "Supplier Invoice No." = "supplier_invoice_no" = "SUPPLIER INVOICE NO").

Within a field the aliases are in order of preference: when a file has two headers for the
same field, the one whose alias comes first wins.

The supplier's document number (`DOC_NO`) follows one precedence list, top tier first:
the supplier's / party's / vendor's own invoice or bill number (including the GSTN
templates' revised and note numbers), then a plain invoice / note number, then a
reference, then a bill number. The company's own voucher or document number
(`VOUCHER_NO`: Tally's "Voucher No.", Busy's "Vch/Bill No", SAP's "Document Number") is
never preferred to any of them: matching on our own number matches nothing. It stands in
for the supplier's number only when no `DOC_NO` header exists, and the reader warns then.

A voucher type (`VOUCHER_TYPE`, the buyer's own voucher: Purchase, Debit Note …) and a
document type (`DOC_TYPE`, the supplier's document: invoice, credit note C, debit note D)
are different fields: a "Debit Note" voucher in a purchase register books a purchase
return, the supplier's credit note (see values.py).

`POSTING_DATE` is not a Books column: it is the voucher (posting) date that decides the
register `period`; the document date is the supplier's date on the document. A `PERIOD`
column (the workbook's Books sheet has one) wins over both. `RATE` (the tax rate of a
line) and `TAX_TOTAL` (one column holding all the tax, split by tax_split.py) are read
but are no Books columns either.

Missing-column hints are by meaning, not spelling (`meaning_of`): a header whose words
say it is a date is only ever offered for a date field, a rate never for a date.
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
VOUCHER_NO: Final = "voucher_no"
VOUCHER_TYPE: Final = "voucher_type"
RATE: Final = "rate"
TAX_TOTAL: Final = "tax_total"

# The supplier's number, in tiers (module docstring). Each tier is one tuple so that the
# order is visible here and nowhere else.
SUPPLIER_NUMBER_TIERS: Final[tuple[tuple[str, ...], ...]] = (
    (  # the supplier's own number, said in so many words
        "Supplier Invoice No.", "Supplier Invoice Number", "Supplier Inv No",
        "Supplier Bill No", "Supplier Bill Number", "Party Bill No.", "Party Bill Number",
        "Party Invoice No", "Party Invoice Number", "Party Inv No", "Vendor Invoice No",
        "Vendor Invoice Number", "Vendor Inv No", "Vendor Bill No", "Vendor Bill Number",
        "Revised Invoice Number", "Revised Invoice No",
        "Revised Note/Refund Voucher Number", "Note/Refund Voucher Number",
    ),
    (  # an invoice or note number
        "Invoice No.", "Invoice Number", "Inv No", "Invoice/Note No", "Note No",
        "Note Number", "Debit/Credit Note No", "Credit Note No", "Credit Note Number",
        "Vendor Credit Number",
    ),
    ("Reference No.", "Reference Number", "Ref No", "Reference", "Supplier Reference"),
    ("Bill No", "Bill Number"),
)

# canonical field -> header spellings, most preferred first. Keep each list in plain words
# a user would type; `header_key` does the folding.
HEADER_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    SUPPLIER_GSTIN: (
        "GSTIN of Supplier", "GSTIN/UIN of Supplier", "Supplier GSTIN/UIN", "Supplier GSTIN",
        "Party GSTIN", "Party GSTIN/UIN", "Vendor GSTIN", "GSTIN/UIN", "GSTIN", "GST No",
        "GST Number", "GSTIN No", "GSTIN Number", "CTIN", "Supplier GST No", "Vendor GST No",
        "Vendor GST Number", "Party GST No", "GST Identification Number (GSTIN)",
        "GST Identification Number", "GST Registration Number",
        # SAP keeps an Indian vendor's GSTIN in the vendor master's tax number 3.
        "Tax Number 3",
    ),
    SUPPLIER_NAME: (
        "Supplier Name", "Party Name", "Vendor Name", "Trade/Legal Name", "Trade Name",
        "Legal Name", "Name of Supplier", "Name of Party", "Party's Name", "Supplier",
        "Vendor", "Party", "Particulars", "Ledger Name", "Account Name",
    ),
    DOC_TYPE: (
        "Document Type", "Doc Type", "Note Type", "Invoice Type", "Transaction Type",
        "Type of Document", "Bill Type", "Type",
    ),
    VOUCHER_TYPE: ("Voucher Type", "Vch Type", "Vch/Bill Type", "Voucher Type Name"),
    DOC_NO: tuple(alias for tier in SUPPLIER_NUMBER_TIERS for alias in tier),
    VOUCHER_NO: (
        "Voucher No.", "Voucher Number", "Vch No", "Vch/Bill No", "Document No",
        "Document Number", "Doc No", "Doc Number", "Entry No", "Bill ID",
    ),
    DOC_DATE: (
        "Supplier Invoice Date", "Supplier Bill Date", "Supplier Inv Date",
        "Party Bill Date", "Party Invoice Date", "Vendor Invoice Date", "Vendor Bill Date",
        "Revised Invoice Date", "Revised Note/Refund Voucher Date",
        "Note/Refund Voucher Date", "Invoice Date", "Inv Date", "Bill Date",
        "Credit Note Date", "Vendor Credit Date",
        "Document Date", "Doc Date", "Note Date", "Reference Date", "Ref Date",
        "Invoice/Note Date",
        # "Dt" is how Busy, Marg and many hand-kept sheets abbreviate "date".
        "Supplier Invoice Dt", "Party Bill Dt", "Invoice Dt", "Inv Dt", "Bill Dt", "Doc Dt",
        "Date",
    ),
    POSTING_DATE: (
        "Voucher Date", "Posting Date", "Vch Date", "Voucher Dt", "Entry Date",
        "Booking Date", "GL Date", "Accounting Date",
    ),
    POS: (
        "Place of Supply", "POS", "Place of Supply (State)", "Place Of Supply(POS)",
        "Destination of Supply", "Supply State", "State",
    ),
    DOC_VALUE: (
        "Invoice Value", "Document Value", "Note Value", "Note/Refund Voucher Value",
        "Revised Invoice Value", "Gross Total", "Total Amount", "Bill Amount",
        "Invoice Amount", "Total Invoice Value", "Total Invoice Amount", "Total Inv Amount",
        "Gross Amount", "Total Value", "Bill Value", "Invoice Total", "Grand Total",
        "Total Amt", "Total",
    ),
    TAXABLE: (
        "Taxable Value", "Taxable Amount", "Taxable Amt", "Assessable Value",
        "Assessable Amount", "Taxable", "Base Amount", "Basic Amount", "Basic Value",
        "Value of Supply", "Sub Total",
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
    CESS: (
        "Cess", "Cess Amount", "Cess Amt", "Compensation Cess", "Compensation Cess Amount",
        "Comp Cess Amount", "Cess Paid", "GST Cess",
    ),
    TAX_TOTAL: (
        "Tax Amount", "Total Tax", "Total Tax Amount", "GST Amount", "Total GST",
        "Total GST Amount", "Tax Amt", "GST Amt", "Tax",
    ),
    # Zoho's "Rate" is an item's price, its tax rate is "Tax Percentage": the words that
    # say "tax" come first.
    RATE: (
        "Tax Rate", "GST Rate", "Rate of Tax", "Tax Percentage", "Tax %", "GST %",
        "Rate (%)", "Rate",
    ),
    RCM: (
        "Reverse Charge", "Reverse Charge Applicable", "RCM", "RCM Applicable",
        "Is Reverse Charge", "Reverse Charge (Y/N)", "Supply Attract Reverse Charge",
        "Is Reverse Charge Applicable", "Is Reverse Charge Applied",
    ),
    PERIOD: (
        "Period", "Tax Period", "Return Period", "ITC Period", "GSTR-3B Period",
        "Books Period", "Accounting Period", "Month",
    ),
    ITC_ELIGIBLE: (
        "ITC Eligibility", "Eligibility For ITC", "ITC Eligible", "Eligible ITC",
        "ITC Availability", "ITC Available", "ITC Claimable", "Eligible for ITC",
        "Eligible for Input Tax Credit",
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
    DOC_TYPE: "document type",
    VOUCHER_TYPE: "voucher type",
    DOC_NO: "supplier's document number",
    VOUCHER_NO: "your own voucher number",
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
    TAX_TOTAL: "tax (one column for all heads)",
    RATE: "tax rate",
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


# --- meaning ---------------------------------------------------------------------------
# What kind of value each field holds; a header is only ever offered for a field of its
# own kind.
FIELD_KINDS: Final[Mapping[str, str]] = {
    SUPPLIER_GSTIN: "gstin", SUPPLIER_NAME: "name", DOC_TYPE: "type", VOUCHER_TYPE: "type",
    DOC_NO: "number", VOUCHER_NO: "number", DOC_DATE: "date", POSTING_DATE: "date",
    POS: "place", DOC_VALUE: "amount", TAXABLE: "amount", IGST: "amount", CGST: "amount",
    SGST: "amount", CESS: "amount", TAX_TOTAL: "amount", RATE: "rate", RCM: "flag",
    ITC_ELIGIBLE: "flag", PERIOD: "period",
}
_WORDS = re.compile(r"[a-z]+|\d+|%")
# Checked in this order: the first kind whose words occur in the header wins ("Supplier
# Invoice Date" is a date, "Party Bill No." a number, "Tax Rate" a rate, not an amount).
_KIND_WORDS: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    ("date", frozenset({"date", "dt", "dated", "day"})),
    ("rate", frozenset({"rate", "percent", "percentage", "%"})),
    ("gstin", frozenset({"gstin", "gstn", "uin", "ctin", "stcd3"})),
    ("period", frozenset({"period", "month"})),
    ("number", frozenset({"no", "number", "num", "nr", "ref", "reference", "id", "vch"})),
    ("place", frozenset({"place", "pos", "state", "destination", "region"})),
    ("type", frozenset({"type", "kind", "nature"})),
    ("flag", frozenset({"reverse", "rcm", "eligible", "eligibility", "itc", "applicable",
                        "claimable"})),
    ("amount", frozenset({"value", "amount", "amt", "total", "taxable", "tax", "igst",
                          "cgst", "sgst", "utgst", "cess", "gross", "net", "basic",
                          "subtotal", "sub", "assessable", "debit", "credit", "dr", "cr"})),
    ("name", frozenset({"name", "party", "vendor", "supplier", "particulars", "ledger",
                        "creditor", "account"})),
)


def meaning_of(header: object) -> str:
    """What a header's words say its column holds: ``date``, ``rate``, ``gstin``,
    ``period``, ``number``, ``place``, ``type``, ``flag``, ``amount``, ``name``; ``""``
    when the words say nothing known. A header spelling a known alias has its field's
    kind."""
    field = field_of(header)
    if field is not None:
        return FIELD_KINDS[field]
    words = set(_WORDS.findall(str(header or "").casefold()))
    if "gst" in words and words & {"no", "number", "registration"}:
        return "gstin"
    return next((kind for kind, vocabulary in _KIND_WORDS if words & vocabulary), "")


@dataclass(frozen=True, slots=True)
class ClosestAlias:
    """The alias nearest to a header that matched none: for "did you mean" messages."""

    header: str
    alias: str
    field: str
    score: float


def closest_alias(header: str, *, fields: Iterable[str] | None = None) -> ClosestAlias | None:
    """The alias (and its field) most like `header` among the fields of the header's own
    kind (`meaning_of`; `fields` narrows them further), or None when the header's words
    say nothing known or nothing is close (difflib ratio of the folded texts below 0.5)."""
    key, kind = header_key(header), meaning_of(header)
    if not key or not kind:
        return None
    allowed = set(fields) if fields is not None else set(HEADER_ALIASES)
    best: ClosestAlias | None = None
    for field, spellings in HEADER_ALIASES.items():
        if FIELD_KINDS[field] != kind or field not in allowed:
            continue
        for spelling in spellings:
            score = difflib.SequenceMatcher(None, key, header_key(spelling)).ratio()
            if best is None or score > best.score:
                best = ClosestAlias(header, spelling, field, score)
    return best if best is not None and best.score >= 0.5 else None


def headers_meaning(field: str, headers: Iterable[str], limit: int = 3) -> list[ClosestAlias]:
    """Headers whose meaning is `field`'s kind, nearest first (at most `limit`): the close
    candidates a missing-column message offers."""
    found = [near for header in headers
             if (near := closest_alias(header, fields=(field,))) is not None]
    return sorted(found, key=lambda near: -near.score)[:limit]
