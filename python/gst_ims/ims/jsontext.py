"""JSON text with numbers kept exactly as written.

The portal compares an uploaded record with the one it holds, so the upload echoes the
downloaded values. Parsing decimals as `Decimal` and writing them back with `str` keeps
``118000.50`` as ``118000.50`` (a float would print ``118000.5`` and could drift).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def loads_exact(text: str | bytes) -> Any:
    """Parse JSON text; non-integer numbers become `Decimal` (integers stay `int`)."""
    return json.loads(text, parse_float=Decimal)


def _dump(value: Any, out: list[str], ensure_ascii: bool) -> None:
    if isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=ensure_ascii))
    elif isinstance(value, bool) or value is None:
        out.append("true" if value is True else "false" if value is False else "null")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as JSON")
        out.append(str(value) if "E" not in str(value) else format(value, "f"))
    elif isinstance(value, float):
        out.append(json.dumps(value))
    elif isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=ensure_ascii))
            out.append(":")
            _dump(item, out, ensure_ascii)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _dump(item, out, ensure_ascii)
        out.append("]")
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps_exact(value: Any, *, ensure_ascii: bool = False) -> str:
    """Compact JSON text of `value`; `Decimal` numbers are written exactly as held."""
    out: list[str] = []
    _dump(value, out, ensure_ascii)
    return "".join(out)
