"""What the words in a register's code columns mean: document type, reverse charge, ITC
eligibility and place of supply. Rules as data; `read_register` applies them once per
distinct cell value.

Every lookup folds the cell first (`fold`: case-folded, only letters and digits kept, ``&``
read as "and"), so "Debit Note", "DEBIT-NOTE" and "debit_note" are one spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from gst_ims.domain.documents import DocType
from gst_ims.domain.gstin import POS_CODES

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(value: object) -> str:
    """A cell -> lower-case letters and digits only (``"Purchase Return"`` ->
    ``"purchasereturn"``)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value == int(value):
            value = int(value)
    return _NON_ALNUM.sub("", str(value).casefold().replace("&", "and"))


# Document type, the supplier's document: (pattern on the folded cell, type), first match
# wins. SAP FI document types: KR vendor invoice, RE incoming invoice (MM), KG vendor
# credit memo. GSTN templates: Document Type C / D, Invoice Type Regular / SEZ supplies
# with(out) payment / Deemed Exp. "Return" and "credit" come before "purchase" so that
# "Purchase Return" is a credit note. A debit note here is the supplier's debit note; a
# purchase return booked as a debit note with negative amounts is read as a credit note
# (register.py), and the engine also compares a positive one with the supplier's credit
# notes (recon/rules.py).
DOC_TYPE_RULES: Final[tuple[tuple[re.Pattern[str], DocType], ...]] = (
    (re.compile(r"^(cn|crn|cr|crnote|c|kg)$|credit|return"), DocType.CREDIT_NOTE),
    (re.compile(r"^(dn|drn|dr|drnote|d)$|debit"), DocType.DEBIT_NOTE),
    (
        re.compile(
            r"^(inv|invoice|i|bill|b2b|r|regular|pi|sezwp|sezwop|sewp|sewop|de|deemedexports?"
            r"|cbw|kr|re)$|purchase|invoice|bill|journal|sez|deemed"
        ),
        DocType.INVOICE,
    ),
)

# Voucher type, the buyer's own voucher (Tally, Busy): a "Debit Note" voucher debits the
# supplier, which in a purchase register books a purchase return: the supplier's credit
# note. A voucher that names the supplier's debit note ("Supplier Debit Note", "Debit Note
# Received") is the supplier's debit note; a purchase voucher is an invoice (a supplier's
# debit note booked as a purchase is compared with IMS debit notes by the engine).
VOUCHER_TYPE_RULES: Final[tuple[tuple[re.Pattern[str], DocType], ...]] = (
    (re.compile(r"(supplier|vendor|party).*debit|debit.*(received|supplier|vendor|party)"),
     DocType.DEBIT_NOTE),
    (re.compile(r"^(cn|crn|cr|dn|drn|dr|kg)$|return|debit|credit"), DocType.CREDIT_NOTE),
    (re.compile(r"^(pi|inv|kr|re)$|purchase|invoice|bill|journal"), DocType.INVOICE),
)


def _by_rules(value: object,
              rules: tuple[tuple[re.Pattern[str], DocType], ...]) -> DocType | None:
    key = fold(value)
    if not key:
        return None
    return next((doc_type for pattern, doc_type in rules if pattern.search(key)), None)


def doc_type_of(value: object) -> DocType | None:
    """A document type cell -> DocType; None for blank or an unknown word."""
    return _by_rules(value, DOC_TYPE_RULES)


def voucher_type_of(value: object) -> DocType | None:
    """A voucher type cell (the buyer's voucher) -> the supplier's DocType it books; None
    for blank or an unknown word."""
    return _by_rules(value, VOUCHER_TYPE_RULES)


def sheet_type_of(name: str) -> DocType | None:
    """The type a sheet's name gives rows without a type column: CN for a sheet of credit
    notes or returns ("Vendor Credits", "Purchase Returns"); None otherwise (a "Debit Note
    Register" may hold the buyer's returns or the supplier's notes, so it says nothing)."""
    found = doc_type_of(name)
    return found if found is DocType.CREDIT_NOTE else None


YES_WORDS: Final = frozenset({"y", "yes", "true", "1", "rcm", "reversecharge", "applicable",
                              "rcmapplicable"})
NO_WORDS: Final = frozenset({"", "n", "no", "false", "0", "na", "notapplicable", "none",
                             "nil", "forwardcharge", "fcm"})


def yes_no(value: object) -> bool | None:
    """A reverse-charge style flag cell -> True / False; blank is False; None when the word
    is neither a yes nor a no."""
    if isinstance(value, bool):
        return value
    key = fold(value)
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None


# ITC eligibility. GSTR-2 spellings (Inputs / Input Services / Capital Goods / Ineligible,
# codes ip / is / cp / no) and plain yes/no. Blank means eligible: most registers only
# mark the exceptions.
ELIGIBLE_WORDS: Final = frozenset({
    "", "y", "yes", "true", "1", "eligible", "eligibleitc", "itceligible", "input", "inputs",
    "inputservices", "inputservice", "capitalgoods", "capitalgood", "inputscapitalgoods",
    "ip", "is", "cp", "cg", "allotheritc", "available",
})
INELIGIBLE_WORDS: Final = frozenset({
    "n", "no", "false", "0", "ineligible", "noteligible", "ineligibleitc", "blocked",
    "blockedcredit", "blockeditc", "none", "175", "ineligible175", "itcineligible",
    "notavailable", "notclaimable", "na",
})


def itc_eligible_of(value: object) -> bool | None:
    """An ITC eligibility cell -> True (eligible) / False; None for an unknown word."""
    if isinstance(value, bool):
        return value
    key = fold(value)
    if key in ELIGIBLE_WORDS:
        return True
    # Zoho writes the reason after the word: "ineligible_section17", "ineligible_others".
    if key in INELIGIBLE_WORDS or key.startswith(("ineligible", "blocked")):
        return False
    return None


# Place of supply by state name or the common two-letter (vehicle registration) code.
_STATE_ALIASES: Final[Mapping[str, str]] = {
    "orissa": "21", "pondicherry": "34", "newdelhi": "07", "nctofdelhi": "07",
    "jandk": "01", "jammuandkashmir": "01", "andhrapradesh": "37", "andhrapradeshnew": "37",
    "dadraandnagarhaveli": "26", "daman": "26", "uttaranchal": "05",
    "andamanandnicobar": "35", "andaman": "35", "othercountry": "96", "foreign": "96",
    "jk": "01", "hp": "02", "pb": "03", "ch": "04", "uk": "05", "ut": "05", "hr": "06",
    "dl": "07", "rj": "08", "up": "09", "br": "10", "sk": "11", "ar": "12", "nl": "13",
    "mn": "14", "mz": "15", "tr": "16", "ml": "17", "as": "18", "wb": "19", "jh": "20",
    "od": "21", "or": "21", "cg": "22", "ct": "22", "mp": "23", "gj": "24", "dd": "26",
    "dn": "26", "mh": "27", "ka": "29", "ga": "30", "ld": "31", "kl": "32", "tn": "33",
    "py": "34", "an": "35", "ts": "36", "tg": "36", "ap": "37", "la": "38", "ot": "97",
}
POS_BY_NAME: Final[Mapping[str, str]] = {
    **{fold(name): code for code, name in POS_CODES.items() if code != "28"},
    **_STATE_ALIASES,
}
_LEADING_CODE = re.compile(r"^\s*(\d{1,2})(?:\.0+)?(?:\s*[-–:.)/]\s*|\s+|$)")
_BRACKETED_CODE = re.compile(r"\((\d{1,2})\)\s*$")
_NAME_PART = re.compile(r"^\s*\d{1,2}\s*[-–:.)/]?\s*")


def pos_code_of(value: object) -> str | None:
    """A place-of-supply cell (``27``, ``"27"``, ``"27-Maharashtra"``, ``"Maharashtra"``,
    ``"Maharashtra (27)"``, ``"MH"``) -> 2-digit code; ``""`` for blank; None when it
    names no state."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value != int(value):
            return None
        value = int(value)
    text = str(value).strip()
    if not text:
        return ""
    match = _LEADING_CODE.match(text) or _BRACKETED_CODE.search(text)
    if match:
        code = match.group(1).zfill(2)
        return code if code in POS_CODES else None
    return POS_BY_NAME.get(fold(_NAME_PART.sub("", text)))
