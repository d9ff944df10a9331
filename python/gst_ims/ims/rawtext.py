"""The verbatim text of one downloaded record, fast.

`jsontext.dumps_exact` is the definition of the `raw` column; this writes the same text for
the flat records IMS downloads are made of (string, integer, Decimal and float values) in one
pass, because a million records go through it, and hands anything else to `dumps_exact`.
"""

from __future__ import annotations

from decimal import Decimal
from json.encoder import encode_basestring  # the C one when available; keeps non-ASCII
from typing import Any

from gst_ims.ims.jsontext import dumps_exact

# '"key":' per key seen: a download has a few dozen distinct keys and millions of records.
_KEY_TEXT: dict[str, str] = {}


def _key_text(key: str) -> str:
    text = _KEY_TEXT.get(key)
    if text is None:
        text = f"{encode_basestring(key)}:"
        if len(_KEY_TEXT) < 10_000:  # bounded: keys of a hostile file must not grow it
            _KEY_TEXT[key] = text
    return text


def record_text(record: dict[str, Any]) -> str:
    """A parsed record (from `loads_exact`) -> compact JSON text, byte-identical to
    ``dumps_exact(record)``."""
    parts: list[str] = []
    for key, value in record.items():
        kind = type(value)
        if kind is str:
            text = encode_basestring(value)
        elif kind is int:  # `type is`, so booleans go the general way
            text = str(value)
        elif kind is Decimal:
            text = str(value)
            if "E" in text or not value.is_finite():
                return dumps_exact(record)
        elif kind is float and value - value == 0:  # finite: json.dumps writes its repr
            text = repr(value)
        else:
            return dumps_exact(record)
        parts.append(_key_text(key) + text)
    return "{" + ",".join(parts) + "}"
