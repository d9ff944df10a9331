"""The one text sanitiser: what text from a file may become in a cell, a record key, a
message or a terminal line.

A workbook is XML 1.0, which cannot hold most control characters, the UTF-16 surrogate
halves (a lone ``"\\ud800"`` is legal in JSON text) or U+FFFE / U+FFFF: one such character
in a sheet makes the saved file unreadable ("repair" in Excel, a parse error here). Every
reader passes the text it hands on through `cell_text` / `clean_column`, which put the
visible `MARKER` in place of such a character so that the reader can report the record,
and `portal_number_problem` refuses a document number that cannot be one the portal
issued. `display_text` makes text safe to print (no terminal escape sequences, no
direction overrides); `shown` quotes a value in a message, bounded in length.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import pandas as pd

# U+FFFD REPLACEMENT CHARACTER: the standard visible stand-in for a character that
# cannot be represented; Excel and LibreOffice show it as a diamond with a question mark.
MARKER: Final = "\ufffd"
MAX_CELL_CHARS: Final = 32_767  # Excel's limit on the characters of one cell
# The portal's document numbers: 1 to 16 characters (GSTR-1 validation).
MAX_PORTAL_NUMBER: Final = 16

# Characters XML 1.0 cannot hold (tab, line feed and carriage return it can).
XML_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What must not reach a terminal: C0/C1 controls (ESC starts colour and cursor
# sequences), DEL, surrogates, and the bidirectional overrides that reorder the text
# around them (U+202A-U+202E, U+2066-U+2069).
_TERMINAL_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_SHOWN_CHARS: Final = 80


def cell_text(text: str) -> str:
    """Text as a cell can hold it: characters XML cannot hold become `MARKER`, and text
    longer than Excel's cell limit is cut to it."""
    if XML_ILLEGAL.search(text):
        text = XML_ILLEGAL.sub(MARKER, text)
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS]


def cell_text_problem(text: str) -> str | None:
    """Why `cell_text` would change `text` (None when it would not), in words for the
    user's Log."""
    found = XML_ILLEGAL.search(text)
    if found:
        return (f"holds {describe_char(found.group())}, which a workbook cannot store; "
                f"shown as {MARKER}")
    if len(text) > MAX_CELL_CHARS:
        return (f"is {len(text):,} characters long, more than a cell holds "
                f"({MAX_CELL_CHARS:,}); cut there")
    return None


def clean_column(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column of text (``string`` dtype, or object holding text among other values) ->
    (the column with `cell_text` applied to every text, bool Series: that text changed).
    The common case, nothing to change, costs one join and one regex scan in C."""
    unchanged = pd.Series(False, index=values.index)
    text_dtype = isinstance(values.dtype, pd.StringDtype)
    every = values.dropna().tolist() if text_dtype else [
        v for v in values.tolist() if isinstance(v, str)]
    joined = "\n".join(every)
    if not XML_ILLEGAL.search(joined) and (len(joined) <= MAX_CELL_CHARS
                                           or max(map(len, every)) <= MAX_CELL_CHARS):
        return values, unchanged
    is_text = values.notna() if text_dtype else values.map(
        lambda v: isinstance(v, str)).astype(bool)
    texts = values[is_text].astype(str)
    changed_text = texts.str.contains(XML_ILLEGAL, regex=True) | (
        texts.str.len() > MAX_CELL_CHARS)
    changed = pd.Series(False, index=values.index)
    changed[is_text] = changed_text.to_numpy(dtype=bool)
    if not changed.any():
        return values, changed
    out = values.copy()
    out[changed] = texts[changed_text].map(cell_text).to_numpy()
    return out, changed


def describe_char(char: str) -> str:
    """One character for a message: ``U+0007 (a control character)``."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a UTF-16 surrogate pair"
    elif unicodedata.category(char) == "Cf":
        kind = "an invisible formatting character"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    else:
        kind = "a non-character"
    return f"U+{code:04X} ({kind})"


def portal_number_problem(number: str) -> str | None:
    """Why `number` cannot be a document number the portal issued (None when it can):
    longer than 16 characters, or holding a control, formatting (e.g. a direction
    override), surrogate or unassigned character. Anything else (a space, ``#``) is left
    to the upload's own checks, which refuse that document alone."""
    text = number.strip()
    if len(text) > MAX_PORTAL_NUMBER:
        return (f"is {len(text):,} characters long; a GST document number has at most "
                f"{MAX_PORTAL_NUMBER}")
    for char in text:
        if unicodedata.category(char)[0] == "C":
            return f"holds {describe_char(char)}, which no GST document number has"
    return None


def display_text(text: str) -> str:
    """Text safe to print on a terminal: every control character (except line feed and
    tab), surrogate and direction override is shown as its ``\\uXXXX`` escape."""
    if not _TERMINAL_UNSAFE.search(text):
        return text
    return _TERMINAL_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def shown(value: object, limit: int = _SHOWN_CHARS) -> str:
    """A value from a file as a message quotes it: a list or object is named, not
    printed (it may nest thousands deep), and long text is cut with its length."""
    if isinstance(value, dict):
        return f"an object of {len(value)} key(s)"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item(s)"
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text):,} characters)"
    return cell_text(text)
