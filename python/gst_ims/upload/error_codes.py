"""THE table of the portal's upload error codes this tool knows: what each means in plain
words and what the user does about it.

Codes come with an API status answer (`error_cd`); the portal's offline error file is
reported to carry only the message (`error_msg`), so a known message is recognised by a
distinctive part of its text. Sources: GSTN answers seen in GSP documentation and in
public issue trackers of GSP/ERP products (the GSTN has published no list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class KnownError:
    """One portal error code: `code`, `words` (lower-case text its message contains,
    to recognise it without the code), `meaning` and `what_to_do` in plain words."""

    code: str
    words: str
    meaning: str
    what_to_do: str


KNOWN_ERRORS: Final[tuple[KnownError, ...]] = (
    KnownError(
        "IMSSAV0054", "please enter value for the column itcredreq",
        "Accepting this credit note or amended document needs the ITC-reduction "
        "declaration (ITC Reduction Y or N) and the upload did not carry it in a form the "
        "portal read.",
        "Check the row's ITC Reduction and Declared cells (blank = Y, full reduction), "
        "then export only the rows that failed and upload again. If every such row "
        "failed, the portal may spell the keys the other way: change Settings > Upload "
        "key style and export again.",
    ),
    KnownError(
        "IMSSAV0010", "previous action is incorrect",
        "The portal holds another action for this document than the download said (it "
        "was acted on since), or the supplier changed the document after your download.",
        "Download the IMS JSON again, import it and reconcile (your decisions are kept), "
        "then export only the rows that failed.",
    ),
    KnownError(
        "IMSSAV0015", "already under progress",
        "An earlier upload (or reset) for your GSTIN was still being processed.",
        "Wait a few minutes and upload the same file again.",
    ),
    KnownError(
        "IMSSAV005", "schema validation failure",
        "The portal could not read the upload file as a whole; nothing in it was saved.",
        "Upload the file exactly as exported (not opened and saved in another program). "
        "If it is refused again, change Settings > Upload key style, export again, and "
        "keep both files and this message for your support.",
    ),
)
_BY_CODE: Final = {error.code: error for error in KNOWN_ERRORS}
_CODE_IN_TEXT: Final = re.compile(r"\b(IMSSAV\d{3,5})\b", re.IGNORECASE)


def known_error(code: str, message: str) -> tuple[str, KnownError | None]:
    """The error code (as given, else one written in the message, else the code of a
    known message) and its table row (None when the code is not known). `("", None)`
    when nothing says which error it is."""
    code = code.strip().upper()
    if not code:
        found = _CODE_IN_TEXT.search(message)
        code = found.group(1).upper() if found else ""
    if code:
        return code, _BY_CODE.get(code)
    text = message.casefold()
    for error in KNOWN_ERRORS:
        if error.words in text:
            return error.code, error
    return "", None


def explain(code: str, message: str) -> str:
    """One line for a user: code, the portal's message, and (for a known error) what it
    means and what to do."""
    code, known = known_error(code, message)
    head = f"{code}: {message}" if code else message
    if known is None:
        return (f"{head.rstrip('.')}. Fix what the message says, then export only the rows "
                "that failed and upload again.")
    return f"{head.rstrip('.')}. {known.meaning} {known.what_to_do}"
