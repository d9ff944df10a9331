"""Read IMS JSON downloads (API or portal offline dialect, `.json` or `.zip`) into the IMS
frame (`domain.documents.IMS_COLUMNS`).

What the reader promises:

* every record of every actionable section is either a frame row or a `Problem` with
  severity error (skipped); per file and section ``in_file == read + skipped``;
* `raw` is the record's JSON text as downloaded (all keys, file order, numbers in their
  original text), so the upload can echo it;
* amounts are int64 paise parsed from the JSON text as decimals, never through floats;
* document numbers are text exactly as in the file, also when the file has a number;
* the same document twice (same `record_key`) within or across files: the copy read last
  is kept (files are taken in the order given, so a re-download given after the first one
  wins) and the earlier copy is counted as skipped, with a warning naming both places.

Problems found per record and the severity policy: `records`; the values: `values`; the
frame and the steps over it: `frame`; the files and zips: `sources`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gst_ims.domain.documents import Dialect, Section
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.safe_text import shown
from gst_ims.ims.envelope import EnvelopeError, unwrap
from gst_ims.ims.frame import (
    SectionCounts,
    drop_duplicates,
    empty_ims_frame,
    gstin_warnings,
    ims_frame,
)
from gst_ims.ims.jsontext import loads_exact
from gst_ims.ims.records import RecordReader
from gst_ims.ims.sources import (
    DEFAULT_ZIP_LIMITS,
    JsonSource,
    ZipLimits,
    load_sources,
    too_many_documents,
)
from gst_ims.ims.text_checks import clean_text_columns

__all__ = ["ImsFileInfo", "ImsRead", "empty_ims_frame", "read_ims_files", "read_ims_payload"]


@dataclass(frozen=True)
class ImsFileInfo:
    """What one JSON document held and what became of its records (per section key)."""

    path: str  # as given; ``archive.zip/member.json`` for a zip member
    dialect: Dialect
    recipient_gstin: str  # "" when the file does not say
    in_file: dict[str, int]  # records per section in the file
    read: dict[str, int]  # records read per section
    skipped: dict[str, int]  # records skipped per section (in_file == read + skipped)


@dataclass(frozen=True)
class ImsRead:
    """The IMS frame (columns exactly `IMS_COLUMNS`), the problems found, and one
    `ImsFileInfo` per JSON document read (files that could not be read at all appear only
    as problems)."""

    frame: pd.DataFrame
    problems: list[Problem]
    files: list[ImsFileInfo]


# ----------------------------------------------------------------------------------------
# files


@dataclass
class _Collected:
    frames: list[pd.DataFrame] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    infos: list[tuple[str, Dialect, str, SectionCounts]] = field(default_factory=list)
    fatal_files: int = 0
    with_raw: bool = True


def _read_parsed(payload: Any, source: JsonSource, collected: _Collected) -> None:
    try:
        envelope = unwrap(payload)
    except EnvelopeError as exc:
        collected.problems.append(Problem(str(exc), Severity.ERROR, file=source.name))
        collected.fatal_files += 1
        return
    reader = RecordReader(source.name, envelope, with_raw=collected.with_raw)
    reader.read_sections()
    frame, text_problems = clean_text_columns(
        ims_frame(reader.columns, envelope.dialect, source.name), source.name)
    problems = reader.problems + reader.notes_as_problems() + text_problems + (
        gstin_warnings(frame, source.name))
    if not sum(reader.counts.in_file.values()) and not reader.problems:
        problems.append(Problem(
            "the file holds no IMS records (its sections are empty or absent): nothing to "
            "import from it. Check that it is the download of the right return period",
            Severity.WARNING, file=source.name))
    if envelope.upload_type:
        problems.insert(0, Problem(
            f"this is an upload ({envelope.upload_type}) file, not a download: the actions "
            "read are the ones it asks for", Severity.INFO, file=source.name,
        ))
    section_order = {s.value: i for i, s in enumerate(Section)}
    problems.sort(key=lambda p: (section_order.get(p.section, -1), p.row or 0))
    collected.problems.extend(problems)
    collected.frames.append(frame)
    collected.infos.append(
        (source.path, envelope.dialect, envelope.recipient_gstin, reader.counts)
    )


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is parsed and read: the records
    form no cycles, and its full passes over millions of fresh objects made reading a
    large file several times slower (reference counting still frees everything)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_and_read(source: JsonSource, collected: _Collected) -> None:
    if not source.data.strip():
        collected.problems.append(Problem("the file is empty", Severity.ERROR,
                                          file=source.name))
        collected.fatal_files += 1
        return
    try:
        payload = loads_exact(source.data)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        collected.problems.append(Problem(
            f"not JSON ({shown(str(exc), 200)}); download the file again from the portal",
            Severity.ERROR, file=source.name,
        ))
        collected.fatal_files += 1
        return
    except RecursionError:
        # An IMS download nests four levels deep; the parser stops near a thousand.
        collected.problems.append(Problem(
            "the JSON nests lists or objects hundreds of levels deep; no IMS download "
            "does: download the file again from the portal", Severity.ERROR,
            file=source.name))
        collected.fatal_files += 1
        return
    _read_parsed(payload, source, collected)


def _finish(collected: _Collected, total_sources: int) -> ImsRead:
    if total_sources == 0 or collected.fatal_files >= total_sources or not collected.infos:
        raise InputError("no IMS data could be read", collected.problems)
    frames = collected.frames
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    file_ids = np.repeat(np.arange(len(frames)), [len(part) for part in frames])
    counts = [info[3] for info in collected.infos]
    problems = collected.problems
    frame = drop_duplicates(frame, file_ids, counts, problems)
    files = [
        ImsFileInfo(path, dialect, recipient, dict(c.in_file), dict(c.read), dict(c.skipped))
        for path, dialect, recipient, c in collected.infos
    ]
    return ImsRead(frame, problems, files)


def read_ims_files(
    paths: Sequence[Path], *, zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    with_raw: bool = True,
) -> ImsRead:
    """Read IMS downloads (`.json`, or `.zip` of `.json`) into one IMS frame.

    A file that cannot be read at all is a fatal `Problem` and the others are still read;
    `InputError` (carrying every problem) only when nothing at all is readable.
    `with_raw` False: the `raw` column is "" for every record, for a reader that does not
    echo the records (the IMS sheet and the engine do not; the upload does), which saves
    writing and holding every record's JSON text again.
    """
    collected = _Collected(with_raw=with_raw)
    total = 0
    loaded = [load_sources(Path(path), zip_limits) for path in paths]
    too_many = too_many_documents([s for sources, _ in loaded for s in sources], zip_limits)
    if too_many is not None:
        raise InputError("the IMS download is too large to import", [too_many])
    for sources, problems in loaded:
        collected.problems.extend(problems)
        fatal = [p for p in problems if p.severity is Severity.ERROR]
        total += len(sources) + len(fatal)
        collected.fatal_files += len(fatal)
        for source in sources:
            with _no_gc_pauses():
                _parse_and_read(source, collected)
    return _finish(collected, total)


def read_ims_payload(payload: Any, name: str, *, with_raw: bool = True) -> ImsRead:
    """Read one already-parsed IMS download (from `jsontext.loads_exact`, or a plain
    `json.load` result) named `name`; `InputError` when it is no IMS download.
    `with_raw`: as for `read_ims_files`."""
    collected = _Collected(with_raw=with_raw)
    with _no_gc_pauses():
        _read_parsed(payload, JsonSource(name, Path(name).name or name, b""), collected)
    return _finish(collected, 1)
