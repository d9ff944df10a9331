"""Splitting a request into files under a byte limit, naming them, and writing atomically.

The size of a request is computed from the serialised records without building the whole
text first: the envelope is `{"rtin":..,"reqtyp":..,"invdata":{"b2b":[r,r],"b2bcn":[r]}}`
in compact JSON, so every byte is accounted for exactly.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gst_ims.domain.problems import InputError


@dataclass(frozen=True, slots=True)
class SizedRecord:
    """One record ready to go: its section, compact JSON text and UTF-8 size."""

    section: str
    text: str
    size: int


def envelope_size(rtin: str, request_type: str) -> int:
    """Bytes of a request with an empty `invdata` (``{"rtin":..,"invdata":{}}``)."""
    head = f'{{"rtin":{json.dumps(rtin)},"reqtyp":{json.dumps(request_type)},"invdata":{{'
    return len(head.encode("utf-8")) + len("}}")


def _section_cost(section: str, first: bool) -> int:
    # '"b2b":[' + ']' and a comma before every section but the first.
    return len(json.dumps(section)) + 3 + (0 if first else 1)


def chunk_records(records: Sequence[SizedRecord], rtin: str, request_type: str,
                  max_bytes: int) -> list[list[int]]:
    """Greedy split of `records` (already in section order) into files of at most
    `max_bytes` bytes each; returns the record positions of each file, in order.

    Raises `InputError` when one record alone does not fit.
    """
    base = envelope_size(rtin, request_type)
    chunks: list[list[int]] = []
    current: list[int] = []
    size = base
    sections: set[str] = set()
    for position, record in enumerate(records):
        if record.section in sections:
            added = 1 + record.size
        else:
            added = _section_cost(record.section, not sections) + record.size
        if current and size + added > max_bytes:
            chunks.append(current)
            current, size, sections = [], base, set()
            added = _section_cost(record.section, True) + record.size
        if size + added > max_bytes:
            raise InputError(
                f"one {request_type} record of section {record.section} needs "
                f"{base + added} bytes, more than the {max_bytes}-byte file limit"
            )
        current.append(position)
        sections.add(record.section)
        size += added
    if current:
        chunks.append(current)
    return chunks


def assemble(records: Sequence[SizedRecord], rtin: str, request_type: str) -> str:
    """Compact request text of `records` (sections in the order first met)."""
    by_section: dict[str, list[str]] = {}
    for record in records:
        by_section.setdefault(record.section, []).append(record.text)
    body = ",".join(f"{json.dumps(name)}:[{','.join(texts)}]"
                    for name, texts in by_section.items())
    return (f'{{"rtin":{json.dumps(rtin)},"reqtyp":{json.dumps(request_type)},'
            f'"invdata":{{{body}}}}}')


def file_names(rtin: str, request_type: str, count: int, now: datetime) -> list[str]:
    """Numbered names carrying the recipient GSTIN, request type and timestamp, e.g.
    ``IMS_27AAACM4321L1ZP_SAVE_20261127-101500_part1of2.json``."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return [f"IMS_{rtin}_{request_type}_{stamp}_part{index}of{count}.json"
            for index in range(1, count + 1)]


def _umask() -> int:
    # The process umask can only be read by setting it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename
    it over `path` (os.replace), so a reader never sees a partial file; the temporary
    file is removed on any failure."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    temp = Path(temp_name)
    try:
        # mkstemp makes the file private (0600); an upload file is an ordinary document
        # the user may hand to a colleague or a GSP, so give it the mode any new file gets.
        temp.chmod(0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.replace(path)  # os.replace: atomic within one folder
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
