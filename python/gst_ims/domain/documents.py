"""Canonical vocabulary of documents: column names of every frame, and the code enums.

The names here are the contract between the readers (ims/, books/), the engine (recon/),
the upload writer and the workbook. Everything else imports them; nothing repeats them.

Frames:

* IMS frame (`IMS_COLUMNS`): one row per downloaded IMS document.
* Books frame (`BOOKS_COLUMNS` plus any extra register columns carried through): one row
  per register document.

* Reconciliation frame (`RECON_COLUMNS`): one row per IMS document and per unmatched
  books document; `ims_id` / `books_id` are positions (0-based) in the IMS and Books frames
  so that a sheet can show both sides' values next to each other.

Dtypes: text columns are pandas ``string``; amounts are ``int64`` integer paise (see
domain/money.py); dates are ``datetime64[ns]`` at midnight (NaT when unknown); flags are
``bool``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class DocType(StrEnum):
    """Kind of document. Never compared across kinds."""

    INVOICE = "INV"
    DEBIT_NOTE = "DN"
    CREDIT_NOTE = "CN"

    @property
    def label(self) -> str:
        """Plain-words name shown to a user."""
        return _DOC_TYPE_LABELS[self]


_DOC_TYPE_LABELS: Final = {
    DocType.INVOICE: "Invoice",
    DocType.DEBIT_NOTE: "Debit note",
    DocType.CREDIT_NOTE: "Credit note",
}


class Section(StrEnum):
    """The eight actionable IMS sections (JSON keys, lower case)."""

    B2B = "b2b"
    B2BA = "b2ba"
    B2BDN = "b2bdn"
    B2BDNA = "b2bdna"
    B2BCN = "b2bcn"
    B2BCNA = "b2bcna"
    ECOM = "ecom"
    ECOMA = "ecoma"

    @property
    def doc_type(self) -> DocType:
        """Invoice, debit note or credit note."""
        if self in (Section.B2BDN, Section.B2BDNA):
            return DocType.DEBIT_NOTE
        if self in (Section.B2BCN, Section.B2BCNA):
            return DocType.CREDIT_NOTE
        return DocType.INVOICE

    @property
    def is_amendment(self) -> bool:
        """True for b2ba, b2bdna, b2bcna, ecoma."""
        return self.value.endswith("a")

    @property
    def is_note(self) -> bool:
        """Notes carry `nt_num`/`nt_dt`; invoices `inum`/`idt`."""
        return self.doc_type is not DocType.INVOICE

    @property
    def number_key(self) -> str:
        """JSON key of the document number."""
        return "nt_num" if self.is_note else "inum"

    @property
    def date_key(self) -> str:
        """JSON key of the document date."""
        return "nt_dt" if self.is_note else "idt"

    @property
    def orig_number_key(self) -> str | None:
        """JSON key of the original document's number on an amendment, else None."""
        if not self.is_amendment:
            return None
        return "ont_num" if self.is_note else "oinum"

    @property
    def orig_date_key(self) -> str | None:
        """JSON key of the original document's date on an amendment, else None."""
        if not self.is_amendment:
            return None
        return "ont_dt" if self.is_note else "oidt"

    @property
    def has_inv_type(self) -> bool:
        """ECO sections carry no `inv_typ`."""
        return self not in (Section.ECOM, Section.ECOMA)

    @property
    def original(self) -> Section:
        """The section of the original a record amends (b2ba -> b2b); itself if original."""
        return Section(self.value[:-1]) if self.is_amendment else self

    @property
    def label(self) -> str:
        """Plain-words name, e.g. 'Credit notes (amended)'."""
        return _SECTION_LABELS[self]


# Sections whose Accept carries the ITC-reduction declaration (flag Y/N, and for a partial
# reduction the amounts per head) when the record does not block it: credit notes and the
# amendments that can reduce ITC (invoices, debit notes and e-commerce documents amended
# downwards; credit notes amended). These are the sections whose save objects carry the
# keys in two independent GSP/ERP code bases, and the portal refuses an Accept without the
# flag there ("Please enter value for the column itcRedReq"). Whether a record is one
# that reduces ITC (e.g. an amendment downwards, not upwards) is the portal's verdict,
# carried on each record by its "ITC reduction blocked" flag; the download does not carry
# the original's values, so this tool cannot tell direction itself.
ITC_REDUCTION_SECTIONS: Final[frozenset[Section]] = frozenset({
    Section.B2BA, Section.B2BDNA, Section.B2BCN, Section.B2BCNA, Section.ECOMA,
})

_SECTION_LABELS: Final = {
    Section.B2B: "B2B invoices",
    Section.B2BA: "B2B invoices (amended)",
    Section.B2BDN: "Debit notes",
    Section.B2BDNA: "Debit notes (amended)",
    Section.B2BCN: "Credit notes",
    Section.B2BCNA: "Credit notes (amended)",
    Section.ECOM: "E-commerce operator documents",
    Section.ECOMA: "E-commerce operator documents (amended)",
}


class Action(StrEnum):
    """IMS action codes. The portal takes codes, never labels."""

    ACCEPT = "A"
    REJECT = "R"
    PENDING = "P"
    NO_ACTION = "N"

    @property
    def label(self) -> str:
        """The word a user sees in the Action dropdown."""
        return _ACTION_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> Action:
        """A code (``A``) or a label (``Accept``, any case) -> Action; blank -> NO_ACTION.

        Raises `ValueError` naming the accepted spellings.
        """
        text = "" if value is None else str(value).strip()
        if text == "" or text.lower() in ("nan", "none"):
            return cls.NO_ACTION
        folded = text.casefold().replace("_", " ").replace("-", " ")
        for action in cls:
            if folded in (action.value.casefold(), action.label.casefold()):
                return action
        if folded in ("noaction", "no action taken"):
            return cls.NO_ACTION
        spellings = ", ".join(f"{a.label} ({a.value})" for a in cls)
        raise ValueError(f"'{text}' is not an action; use one of {spellings}")


_ACTION_LABELS: Final = {
    Action.ACCEPT: "Accept",
    Action.REJECT: "Reject",
    Action.PENDING: "Pending",
    Action.NO_ACTION: "No action",
}
ACTION_LABELS: Final[tuple[str, ...]] = tuple(a.label for a in Action)


class Category(StrEnum):
    """Reconciliation category; each has its own result sheet."""

    MATCHED = "Matched"
    MISMATCHED = "Mismatched"
    # A pair the engine only suggests (number nearly equal, amounts alone): a person
    # confirms it or leaves it.
    SUGGESTED = "Suggested"
    NOT_IN_BOOKS = "Not in Books"
    NOT_IN_IMS = "Not in IMS"
    # Reverse-charge and ITC-ineligible register lines: the portal never shows them in
    # IMS, so they are not "Not in IMS"; they are counted on Summary only.
    NOT_EXPECTED = "Not expected in IMS"
    # Register lines the user took out of this reconciliation, and unpaired ones dated
    # outside the books period (older lines loaded for late filers): no follow-up, so no
    # sheet; counted on Summary.
    EXCLUDED = "Excluded by you"
    OUTSIDE_PERIOD = "Outside the books period"


class Dialect(StrEnum):
    """Which JSON dialect a file was: the GSP/API one or the portal's offline one."""

    API = "api"
    PORTAL = "portal"


class FilingStatus(StrEnum):
    """Supplier's return filing status, normalised from both dialects' spellings."""

    FILED = "Filed"
    NOT_FILED = "Not Filed"


# --- column names -------------------------------------------------------------------
# Document columns shared by the IMS and Books frames.
SUPPLIER_GSTIN: Final = "supplier_gstin"
SUPPLIER_PAN: Final = "supplier_pan"
SUPPLIER_NAME: Final = "supplier_name"
DOC_TYPE: Final = "doc_type"
DOC_NO: Final = "doc_no"
DOC_DATE: Final = "doc_date"
POS: Final = "pos"
DOC_VALUE: Final = "doc_value"
TAXABLE: Final = "taxable"
IGST: Final = "igst"
CGST: Final = "cgst"
SGST: Final = "sgst"
CESS: Final = "cess"

TAX_HEADS: Final[tuple[str, ...]] = (IGST, CGST, SGST, CESS)
AMOUNT_COLUMNS: Final[tuple[str, ...]] = (DOC_VALUE, TAXABLE, IGST, CGST, SGST, CESS)

# IMS-only columns.
SECTION: Final = "section"
IS_AMENDMENT: Final = "is_amendment"
ORIG_DOC_NO: Final = "orig_doc_no"
ORIG_DOC_DATE: Final = "orig_doc_date"
INV_TYPE: Final = "inv_type"
SRC_FORM: Final = "src_form"
SRC_PERIOD: Final = "src_period"
FILING_STATUS: Final = "filing_status"
PORTAL_ACTION: Final = "portal_action"
PENDING_BLOCKED: Final = "pending_blocked"
ITC_RED_BLOCKED: Final = "itc_red_blocked"
REMARKS_BLOCKED: Final = "remarks_blocked"
HASH: Final = "hash"
RECORD_KEY: Final = "record_key"
RAW: Final = "raw"
DIALECT: Final = "dialect"
SOURCE_FILE: Final = "source_file"
SOURCE_INDEX: Final = "source_index"

IMS_COLUMNS: Final[tuple[str, ...]] = (
    SECTION, DOC_TYPE, IS_AMENDMENT, SUPPLIER_GSTIN, SUPPLIER_PAN, SUPPLIER_NAME,
    DOC_NO, DOC_DATE, ORIG_DOC_NO, ORIG_DOC_DATE, INV_TYPE, POS,
    DOC_VALUE, TAXABLE, IGST, CGST, SGST, CESS,
    SRC_FORM, SRC_PERIOD, FILING_STATUS, PORTAL_ACTION,
    PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED,
    HASH, RECORD_KEY, RAW, DIALECT, SOURCE_FILE, SOURCE_INDEX,
)

# Books-only columns.
REGISTER_ROW: Final = "register_row"
# Every sheet row the document was read from, as text ("12, 13"; "cdnr: 5, 6" when the
# register spans several sheets): a line-wise register books one document on several rows.
REGISTER_ROWS: Final = "register_rows"
RCM: Final = "rcm"
ITC_ELIGIBLE: Final = "itc_eligible"
PERIOD: Final = "period"

BOOKS_COLUMNS: Final[tuple[str, ...]] = (
    SUPPLIER_GSTIN, SUPPLIER_PAN, SUPPLIER_NAME, DOC_TYPE, DOC_NO, DOC_DATE, POS,
    DOC_VALUE, TAXABLE, IGST, CGST, SGST, CESS, RCM, ITC_ELIGIBLE, PERIOD, REGISTER_ROW,
    REGISTER_ROWS,
)

# Reconciliation outcome columns (recon/outcome.py fills them; workflow.py writes them).
IMS_ID: Final = "ims_id"  # Int64 position in the IMS frame, <NA> for books-only rows
BOOKS_ID: Final = "books_id"  # Int64 position in the Books frame, <NA> for IMS-only rows
CATEGORY: Final = "category"  # Category value
MATCH_STATUS: Final = "match_status"  # short plain label, e.g. "Matched within tolerance"
MATCH_RULE: Final = "match_rule"  # id of the cascade rule that paired the documents
# Stable identity of a register document (GSTIN|type|number|date), for links the user
# makes; the IMS side's is record_key.
BOOKS_KEY: Final = "books_key"
NUMBER_LAYER: Final = "number_layer"  # normalisation layer the number match needed
SCORE: Final = "score"  # float 0-100, how alike the pair is (100 for exact)
DIFF_PREFIX: Final = "diff_"  # diff_taxable, diff_igst, ... : Int64 paise, IMS - books
DIFF_COLUMNS: Final[tuple[str, ...]] = tuple(
    f"diff_{name}" for name in (TAXABLE, IGST, CGST, SGST, CESS, DOC_VALUE)
)
DATE_GAP_DAYS: Final = "date_gap_days"  # Int64, |IMS date - books date|
MISMATCH_FIELDS: Final = "mismatch_fields"  # comma-separated plain field names
REASON: Final = "reason"  # plain-words explanation a clerk understands
SUGGESTED_ACTION: Final = "suggested_action"  # Action code
ACTION: Final = "action"  # Action code chosen (starts as the suggestion)
REMARKS: Final = "remarks"  # text sent with Reject / Pending
ITC_RED_REQ: Final = "itc_red_req"  # "Y" / "N" / "" for accepted credit notes
DECL_COLUMNS: Final[tuple[str, ...]] = ("decl_igst", "decl_cgst", "decl_sgst", "decl_cess")
CHANGED_SINCE_DECISION: Final = "changed_since_decision"  # bool
WARNING: Final = "warning"  # text, e.g. "Supplier has not filed the return yet"

RECON_COLUMNS: Final[tuple[str, ...]] = (
    IMS_ID, BOOKS_ID, RECORD_KEY, BOOKS_KEY, REGISTER_ROW, CATEGORY, MATCH_STATUS, MATCH_RULE,
    NUMBER_LAYER, SCORE, *DIFF_COLUMNS, DATE_GAP_DAYS, MISMATCH_FIELDS, REASON,
    SUGGESTED_ACTION, ACTION, REMARKS, ITC_RED_REQ, *DECL_COLUMNS,
    CHANGED_SINCE_DECISION, WARNING,
)
