"""Key spellings of a downloaded IMS record in both dialects, and the code tables the
reader normalises values with.

The API dialect (GSTN `returns/ims`, GSPs) and the portal's offline download spell some
keys differently (docs/formats.md: Two dialects, Record fields). The reader accepts
either spelling in either envelope, because the portal's offline schema is not published
and the two are reported to be mixed; `READ_ALIASES` lists, per canonical field, every
key it looks for, in order of preference (from `ims/key_map.py`).
"""

from __future__ import annotations

from typing import Final

from gst_ims.domain.documents import Action, FilingStatus, Section
from gst_ims.ims import key_map

# Canonical column -> JSON keys looked for (first present wins); flags whose Y means the
# opposite; (column, key) of each amount; keys only the portal's dialect uses. All from
# the one key map. Document number and date keys depend on the section
# (`Section.number_key` etc.) and are not listed here.
READ_ALIASES: Final[dict[str, tuple[str, ...]]] = key_map.read_aliases()
INVERTED_FLAG_KEYS: Final[frozenset[str]] = key_map.inverted_flag_keys()
AMOUNT_KEYS: Final[tuple[tuple[str, str], ...]] = key_map.amount_keys()
PORTAL_ONLY_KEYS: Final[frozenset[str]] = key_map.portal_only_keys()

# Section keys as they may appear in a file -> Section. The GET query spellings (CN, DN...)
# and upper case are tolerated: `dn` was seen in a real error report (formats.md: The
# portal's error answer).
SECTION_ALIASES: Final[dict[str, Section]] = {
    **{section.value: section for section in Section},
    "cn": Section.B2BCN,
    "cna": Section.B2BCNA,
    "dn": Section.B2BDN,
    "dna": Section.B2BDNA,
}

# An API error report may name its sections by the short GET spellings (`dn`, `cn` ...)
# and, in one GSP's code, e-commerce ones by supply type (`e_b2b`, `e_c2b` = ecom, with
# an `a` for the amendments).
ERROR_REPORT_SECTION_ALIASES: Final[dict[str, Section]] = {
    **SECTION_ALIASES,
    "e_b2b": Section.ECOM,
    "e_c2b": Section.ECOM,
    "e_b2ba": Section.ECOMA,
    "e_c2ba": Section.ECOMA,
}

# Sections IMS has that this tool does not act on (imports, ISD): reported, not read.
NOT_ACTIONABLE_SECTIONS: Final[frozenset[str]] = frozenset(
    {"impg", "impga", "impgsez", "impgseza", "isd", "isda", "isdcn", "isdcna"}
)

# Envelope keys that carry no records and need no warning.
ENVELOPE_META_KEYS: Final[frozenset[str]] = frozenset(
    {"gstin", "rtin", "rtnprd", "fp", "ret_period", "status_cd", "chksum", "version",
     "gendt", "reqtyp", "code", "timestamp", "transaction_id", "message", "status"}
)

INV_TYPES: Final[frozenset[str]] = frozenset({"R", "DE", "SEWP", "SEWOP", "CBW"})
SRC_FORMS: Final[frozenset[str]] = frozenset({"R1", "R1A", "IFF", "R5", "GSTR1", "GSTR1A"})

# Filing status spellings, upper-cased (formats.md: Record fields): "Filed"/"Not Filed"
# in the API; FILED/SAVED and F reported for the portal. A record that is only saved by
# the supplier is "Not Filed".
FILING_STATUS_SPELLINGS: Final[dict[str, FilingStatus]] = {
    "FILED": FilingStatus.FILED,
    "F": FilingStatus.FILED,
    "Y": FilingStatus.FILED,
    "YES": FilingStatus.FILED,
    "TRUE": FilingStatus.FILED,
    "NOT FILED": FilingStatus.NOT_FILED,
    "NOTFILED": FilingStatus.NOT_FILED,
    "NOT_FILED": FilingStatus.NOT_FILED,
    "NF": FilingStatus.NOT_FILED,
    "SAVED": FilingStatus.NOT_FILED,
    "S": FilingStatus.NOT_FILED,
    "N": FilingStatus.NOT_FILED,
    "NO": FilingStatus.NOT_FILED,
    "FALSE": FilingStatus.NOT_FILED,
}

# Y/N flag spellings, upper-cased; JSON booleans are taken as they are.
FLAG_SPELLINGS: Final[dict[str, bool]] = {
    "Y": True, "YES": True, "TRUE": True, "1": True,
    "N": False, "NO": False, "FALSE": False, "0": False,
}

# Action spellings beyond `Action.parse` (codes and labels), upper-cased.
ACTION_SPELLINGS: Final[dict[str, Action]] = {
    "ACCEPTED": Action.ACCEPT,
    "REJECTED": Action.REJECT,
    "PENDING": Action.PENDING,
    "NO ACTION": Action.NO_ACTION,
    "NOACTION": Action.NO_ACTION,
}
