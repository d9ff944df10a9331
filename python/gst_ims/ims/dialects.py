"""THE table of differences between the two upload dialects, and the per-section key lists.

Everything the upload writer spells differently for the GSP/API dialect and the portal's
offline dialect lives in `DIALECTS`; nothing else in the package repeats these spellings.
Sources: ims-format.md §2, §5.2 (API SAVE/RESET) and §12 (offline utility v1.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Final

from gst_ims.domain.documents import CESS, CGST, IGST, SGST, Dialect, Section


@dataclass(frozen=True, slots=True)
class DialectSpelling:
    """How one dialect spells the fields the writer adds to each echoed record.

    `itc_red_req`: key of the ITC-reduction flag (Y/N). `decl`: tax head (domain column
    name igst/cgst/sgst/cess) -> key of the declared reduction. `save_prev_status`: whether
    SAVE records carry `prev_status`. `reset_note`: shown to the user with every RESET
    file of this dialect (empty when the format is confirmed).
    """

    itc_red_req: str
    decl: Mapping[str, str]
    save_prev_status: bool
    reset_note: str

    @property
    def itc_keys(self) -> tuple[str, ...]:
        """Every ITC-reduction key of this dialect, flag first."""
        return (self.itc_red_req, *self.decl.values())


DIALECTS: Final[Mapping[Dialect, DialectSpelling]] = MappingProxyType({
    # API SAVE/RESET: ims-format §5.2/§5.7 [CONFIRMED]; 2025 keys from S3/S6 [LIKELY].
    Dialect.API: DialectSpelling(
        itc_red_req="itcRedReq",
        decl=MappingProxyType(
            {IGST: "declIgst", CGST: "declCgst", SGST: "declSgst", CESS: "declCess"}
        ),
        save_prev_status=True,
        reset_note="",
    ),
    # Offline utility v1.1 (§12, UNCERTAIN). Its per-record upload list has no
    # `prev_status`; the reference recommends mirroring the official tool's output
    # (§5.2, §7), so SAVE records of this dialect carry none. How the tool sends "back
    # to No action" is unknown (§9.7, §12): we write the API's RESET envelope, whose
    # records carry `prev_status` (a RESET without it says nothing), and say so.
    Dialect.PORTAL: DialectSpelling(
        itc_red_req="itc_red_req",
        decl=MappingProxyType(
            {IGST: "decl_igst", CGST: "decl_cgst", SGST: "decl_sgst", CESS: "decl_cess"}
        ),
        save_prev_status=False,
        reset_note=(
            "How the portal's offline upload takes 'back to No action' is not published; "
            "the RESET file uses the API's RESET format. If the portal rejects it, reset "
            "these documents on the IMS dashboard instead."
        ),
    ),
})

# Keys written by the writer itself, in either spelling: dropped from the echo and
# replaced by the decision's values.
ACTION_KEYS: Final[frozenset[str]] = frozenset(
    {"action", "prev_status", "remarks"}
    | {key for spelling in DIALECTS.values() for key in spelling.itc_keys}
)

# Keys that exist only on the download side (§5.2 "do not send", §12 extra keys). They
# are dropped by design; any other key the writer does not know is dropped with a note.
DOWNLOAD_ONLY_KEYS: Final[frozenset[str]] = frozenset({
    "hash", "ispendactblocked", "srcfilstatus",
    "isItcRedReqBlocked", "itcRedReqBlocked", "isRemarksBlocked",
    "tradenm", "error_msg",
    # §12: the offline download's own spellings of the source form / period. The upload
    # takes `srcform` / `rtnprd` (see FALLBACK_KEYS).
    "rtnTyp", "sRtnPrd",
})

# Upload key -> download key that carries the same value when the upload key itself is
# missing from the download (offline dialect, §3.10/§12). The value is echoed unchanged.
FALLBACK_KEYS: Final[Mapping[str, str]] = MappingProxyType(
    {"srcform": "rtnTyp", "rtnprd": "sRtnPrd"}
)

AMOUNT_KEYS: Final[tuple[str, ...]] = ("val", "txval", "iamt", "camt", "samt", "cess")

# JSON tax key of each domain tax head (ims-format §2).
TAX_KEYS: Final[Mapping[str, str]] = MappingProxyType(
    {IGST: "iamt", CGST: "camt", SGST: "samt", CESS: "cess"}
)

# Sections where the ITC-reduction keys may be sent (§5.2 "Optional 2025 keys"): credit
# notes and the amendments that can be downward. Whether a given record is a "specified
# record" is the portal's verdict, carried by its itc-reduction-blocked flag.
ITC_REDUCTION_SECTIONS: Final[frozenset[Section]] = frozenset({
    Section.B2BA, Section.B2BDNA, Section.B2BCN, Section.B2BCNA, Section.ECOMA,
})


@cache
def number_keys(section: Section) -> tuple[str, ...]:
    """The document-number keys of a section (always written as JSON strings)."""
    orig = section.orig_number_key
    return (section.number_key,) if orig is None else (orig, section.number_key)


@cache
def record_keys(section: Section) -> tuple[str, ...]:
    """The identity and value keys a SAVE/RESET record of `section` echoes, in order
    (ims-format §5.2, required keys besides `action`/`prev_status`)."""
    keys = ["stin"]
    if section.orig_number_key is not None and section.orig_date_key is not None:
        keys += [section.orig_number_key, section.orig_date_key]
    keys += [section.number_key, section.date_key]
    if section.has_inv_type:
        keys.append("inv_typ")
    keys += ["pos", *AMOUNT_KEYS, "srcform", "rtnprd"]
    return tuple(keys)
