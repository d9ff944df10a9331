"""THE table of differences between the two upload dialects, and the per-section key lists.

Everything the upload writer spells differently for the GSP/API dialect and the portal's
offline dialect lives in `DIALECTS`; nothing else in the package repeats these spellings.
Facts and their certainty: docs/formats.md (Two dialects, Upload records, ITC reduction).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Final

from gst_ims.domain.documents import Dialect, Section
from gst_ims.ims import key_map


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
    # API SAVE/RESET (confirmed); the 2025 ITC-reduction keys are likely (formats.md).
    Dialect.API: DialectSpelling(
        itc_red_req=key_map.itc_spelling(Dialect.API)[0],
        decl=MappingProxyType(key_map.itc_spelling(Dialect.API)[1]),
        save_prev_status=True,
        reset_note="",
    ),
    # Offline utility v1.1 (uncertain, formats.md: Two dialects). Its per-record upload
    # list has no `prev_status`; mirroring the official tool's output is the safest
    # reading, so SAVE records of this dialect carry none. How the tool sends "back to
    # No action" is unknown: we write the API's RESET envelope, whose
    # records carry `prev_status` (a RESET without it says nothing), and say so.
    Dialect.PORTAL: DialectSpelling(
        itc_red_req=key_map.itc_spelling(Dialect.PORTAL)[0],
        decl=MappingProxyType(key_map.itc_spelling(Dialect.PORTAL)[1]),
        save_prev_status=False,
        reset_note=(
            "How the portal's offline upload takes 'back to No action' is not published; "
            "the RESET file uses the API's RESET format. If the portal rejects it, reset "
            "these documents on the IMS dashboard instead."
        ),
    ),
})



class KeyStyle(StrEnum):
    """How the ITC-reduction keys are spelled in an upload of the portal dialect: the
    least certain part of that format (the offline utility's extraction says snake_case,
    one public app that claims an official sample writes camelCase), so a user whose
    upload the portal refuses can switch without a new release. Values are the Settings
    sheet's words."""

    AS_DOWNLOADED = "as downloaded"
    API = "API camelCase"
    PORTAL = "portal snake_case"

    @classmethod
    def parse(cls, text: object) -> KeyStyle:
        """A Settings cell or command-line word -> KeyStyle (blank = as downloaded; the
        short words `as-downloaded`, `api`/`camel`, `portal`/`snake` too); ValueError
        naming the choices otherwise."""
        word = " ".join(str(text or "").strip().casefold().replace("-", " ").split())
        for style, words in _KEY_STYLE_WORDS.items():
            if word in words:
                return style
        raise ValueError(f"'{text}' is not an upload key style; choose one of: "
                         + ", ".join(style.value for style in cls))


_KEY_STYLE_WORDS: Final[Mapping[KeyStyle, frozenset[str]]] = MappingProxyType({
    KeyStyle.AS_DOWNLOADED: frozenset({"", "as downloaded", "downloaded", "default"}),
    KeyStyle.API: frozenset({"api camelcase", "api", "camelcase", "camel"}),
    KeyStyle.PORTAL: frozenset({"portal snake_case", "portal", "snake_case", "snake"}),
})


# The API's keys, and the portal's as the offline utility spells them (the keys of a style).
_STYLE_OF_DIALECT: Final[Mapping[KeyStyle, Dialect]] = MappingProxyType(
    {KeyStyle.API: Dialect.API, KeyStyle.PORTAL: Dialect.PORTAL}
)


def key_style_of_download(raws: Sequence[str]) -> KeyStyle | None:
    """The style the downloaded records' own ITC-reduction keys use (a record acted on
    earlier carries them): API or PORTAL, the more frequent one; None when no record
    carries any (or both equally often)."""
    counts = {style: 0 for style in _STYLE_OF_DIALECT}
    for style, dialect in _STYLE_OF_DIALECT.items():
        key = f'"{DIALECTS[dialect].itc_red_req}"'
        counts[style] = sum(1 for raw in raws if key in raw)
    api, portal = counts[KeyStyle.API], counts[KeyStyle.PORTAL]
    if api == portal:
        return None
    return KeyStyle.API if api > portal else KeyStyle.PORTAL


def spelling_for(dialect: Dialect, style: KeyStyle,
                 raws: Sequence[str] = ()) -> tuple[DialectSpelling, str]:
    """The spelling to write for `dialect` under `style`, and one sentence saying which
    ITC-reduction keys that is and why. The API dialect is confirmed camelCase and keeps
    it; the style decides the portal dialect (`raws`: its downloaded records, for
    "as downloaded", which falls back to the offline utility's snake_case)."""
    base = DIALECTS[dialect]
    if dialect is Dialect.API:
        why = ("the API dialect's confirmed spelling"
               + ("" if style in (KeyStyle.AS_DOWNLOADED, KeyStyle.API) else
                  f"; Settings > Upload key style '{style.value}' applies to portal "
                  "downloads only"))
        return base, _keys_sentence(base, why)
    chosen = style
    if style is KeyStyle.AS_DOWNLOADED:
        found = key_style_of_download(raws)
        chosen = found or KeyStyle.PORTAL
        why = ("as downloaded: the download spells them this way" if found else
               "as downloaded: the download carries none, so the offline utility's "
               "spelling is used")
    else:
        why = f"Settings > Upload key style is '{style.value}'"
    source = DIALECTS[_STYLE_OF_DIALECT[chosen]]
    spelling = replace(base, itc_red_req=source.itc_red_req, decl=source.decl)
    return spelling, _keys_sentence(spelling, why)


def _keys_sentence(spelling: DialectSpelling, why: str) -> str:
    return (f"ITC-reduction keys written as {spelling.itc_red_req}, "
            f"{', '.join(spelling.decl.values())} ({why}).")

# Keys written by the writer itself, in either spelling: dropped from the echo and
# replaced by the decision's values.
ACTION_KEYS: Final[frozenset[str]] = frozenset(
    {"action", "prev_status", "remarks"}
    | {key for spelling in DIALECTS.values() for key in spelling.itc_keys}
)

# Keys that exist only on the download side, and the other spellings of echoed fields:
# dropped by design; any other key the writer does not know is dropped with a note.
DOWNLOAD_ONLY_KEYS: Final[frozenset[str]] = key_map.download_only_keys()

# Upload key -> download key that carries the same value when the upload key itself is
# missing from the download (offline dialect, formats.md: Two dialects). The value is
# echoed unchanged.
FALLBACK_KEYS: Final[Mapping[str, str]] = MappingProxyType(key_map.fallback_keys())

AMOUNT_KEYS: Final[tuple[str, ...]] = tuple(key for _, key in key_map.amount_keys())

# JSON tax key of each domain tax head (formats.md: Record fields).
TAX_KEYS: Final[Mapping[str, str]] = MappingProxyType(key_map.tax_keys())


@cache
def number_keys(section: Section) -> tuple[str, ...]:
    """The document-number keys of a section (always written as JSON strings)."""
    orig = section.orig_number_key
    return (section.number_key,) if orig is None else (orig, section.number_key)


@cache
def record_keys(section: Section) -> tuple[str, ...]:
    """The identity and value keys a SAVE/RESET record of `section` echoes, in order
    (required keys besides `action`/`prev_status`; formats.md: Upload records)."""
    return key_map.echo_keys(section)
