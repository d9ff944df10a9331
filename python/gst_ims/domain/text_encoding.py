"""The one encoding detector for the CSV files a user gives (registers, decisions): the
bytes of a file -> its text and the name of the encoding read, in words.

Excel saves CSV as "CSV UTF-8" (UTF-8 with a byte-order mark), "CSV (Comma delimited)"
(the Windows code page, cp1252 in India and the West) or "Unicode Text" (UTF-16 with a
byte-order mark, tab-separated). Tried in that order of certainty: a byte-order mark
decides; UTF-16 without one shows as NUL bytes between ASCII letters; UTF-8 is strict, so
text that decodes as UTF-8 almost surely is; cp1252 takes nearly any other byte.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Final

from gst_ims.domain.problems import InputError

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with byte-order mark)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 little-endian (Excel's Unicode Text)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 big-endian"),
)


@dataclass(frozen=True)
class DecodedText:
    """A file's text and the encoding it was read as (`encoding` a codec name, `label`
    the same in words for messages)."""

    text: str
    encoding: str
    label: str


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the first bytes look like ASCII text in UTF-16
    (every other byte NUL), else None."""
    head = data[:4096]
    if len(head) < 4:
        return None
    pairs = len(head) // 2
    zero_odd = sum(1 for byte in head[1:pairs * 2:2] if byte == 0)
    zero_even = sum(1 for byte in head[0:pairs * 2:2] if byte == 0)
    if zero_odd > 0.4 * pairs and zero_even < 0.1 * pairs:
        return "utf-16-le"
    if zero_even > 0.4 * pairs and zero_odd < 0.1 * pairs:
        return "utf-16-be"
    return None


def decode_text_file(data: bytes, name: str) -> DecodedText:
    """The bytes of a text file -> `DecodedText`; `InputError` naming the file when it is
    none of UTF-8, UTF-16 or Windows-1252 text (a binary file, say)."""
    body = data
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            return DecodedText(_strict(body, codec, name, label), codec, label)
    codec16 = _utf16_without_bom(data)
    if codec16 is not None:
        return DecodedText(_strict(body, codec16, name, "UTF-16"), codec16, "UTF-16")
    try:
        return DecodedText(body.decode("utf-8"), "utf-8", "UTF-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in body[:4096]:
        raise InputError(f"{name}: not a text file (it holds binary data); save it from "
                         "Excel as CSV UTF-8 and try again")
    return DecodedText(_strict(body, "cp1252", name, "Windows-1252 (Excel's CSV)"),
                       "cp1252", "Windows-1252 (Excel's CSV)")


def _strict(body: bytes, codec: str, name: str, label: str) -> str:
    try:
        # UTF-16 keeps a lone surrogate as one: what a spreadsheet program wrote for a cell
        # holding one; the text sanitiser marks it where it reaches a cell.
        errors = "surrogatepass" if codec.startswith("utf-16") else "strict"
        return body.decode(codec, errors)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: starts like {label} text but byte {exc.start:,} is not "
                         f"{label}; save it from Excel as CSV UTF-8 and try again") from None
