"""The JSON documents inside the files a user gives: a `.json` file, or every `.json` in a
`.zip`, with guards, checked before anything is read, against a file or zip that would
expand beyond sane limits and against more documents than a workbook can take."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from gst_ims.domain.problems import Problem, Severity


@dataclass(frozen=True)
class SizeLimits:
    """How much one import may read. The portal splits large downloads into files of a
    few MB and a JSON download compresses about 10 to 1, so a zip expanding 100-fold, to
    half a gigabyte or to a thousand members is no real month. `max_documents` bounds the
    records of all files together (counted in the raw bytes before parsing): a job's
    memory grows with the rows it writes (about 14 KB per document in a workbook file),
    and half a million is far above the largest GSTIN's month."""

    max_total_bytes: int = 512 << 20  # expanded bytes of a zip, or one .json file
    max_members: int = 1000
    max_ratio: int = 100  # expanded / compressed size of a zip
    max_documents: int = 500_000


ZipLimits = SizeLimits  # the earlier name
_SMALL_EXPANSION: Final = 16 << 20
DEFAULT_ZIP_LIMITS: Final = SizeLimits()
# How a record's supplier GSTIN key is spelled in UTF-8 and UTF-16 text: one per record.
_RECORD_MARKS: Final = (b'"stin"', '"stin"'.encode("utf-16-le"), '"stin"'.encode("utf-16-be"))


@dataclass(frozen=True)
class JsonSource:
    """One JSON document to read: where it came from and its bytes."""

    path: str  # as given; ``archive.zip/member.json`` for a zip member
    name: str  # short name for problems and the source_file column
    data: bytes


def _fatal(name: str, message: str) -> Problem:
    return Problem(message, Severity.ERROR, file=name)


def _zip_sources(
    path: Path, limits: ZipLimits
) -> tuple[list[JsonSource], list[Problem]]:
    problems: list[Problem] = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [], [_fatal(path.name, f"not a readable zip file ({exc})")]
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_members:
            return [], [_fatal(
                path.name,
                f"the zip holds {len(members):,} files, more than the {limits.max_members:,} "
                "an IMS download can have; refused",
            )]
        total = sum(info.file_size for info in members)
        packed = max(sum(info.compress_size for info in members), 1)
        # The ratio matters only for a large expansion: a small file of blanks packs well.
        ratio_limit = max(packed * limits.max_ratio, _SMALL_EXPANSION)
        if total > limits.max_total_bytes or total > ratio_limit:
            return [], [_fatal(
                path.name,
                f"the zip would expand from {packed:,} to {total:,} bytes ({total // packed:,} "
                f"to 1); an IMS download expands at most {limits.max_ratio} to 1 and to "
                f"{limits.max_total_bytes:,} bytes; refused (download it again from the "
                "portal, or unzip it and import the .json files)",
            )]
        sources: list[JsonSource] = []
        for info in members:
            member_name = f"{path.name}/{info.filename}"
            if not info.filename.lower().endswith(".json"):
                problems.append(Problem(
                    "not a .json file; not read", Severity.INFO, file=member_name,
                ))
                continue
            try:
                with archive.open(info) as handle:
                    # Read at most the declared size (+1 to notice a lying header).
                    data = handle.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                problems.append(_fatal(member_name, f"cannot be extracted ({exc})"))
                continue
            if len(data) > info.file_size:
                problems.append(_fatal(member_name, "expands beyond its declared size; refused"))
                continue
            sources.append(JsonSource(f"{path}/{info.filename}", member_name, data))
        if not sources and not any(p.severity is Severity.ERROR for p in problems):
            problems.append(_fatal(path.name, "the zip holds no .json file"))
        return sources, problems


def load_sources(
    path: Path, limits: SizeLimits = DEFAULT_ZIP_LIMITS
) -> tuple[list[JsonSource], list[Problem]]:
    """A user's file -> the JSON documents in it, and problems (fatal ones name the file
    and carry no section)."""
    if not path.exists():
        return [], [_fatal(path.name, f"file not found: {path}")]
    if path.is_dir():
        return [], [_fatal(path.name, f"{path} is a folder, not a file")]
    if path.suffix.lower() == ".zip" or (path.is_file() and zipfile.is_zipfile(path)):
        return _zip_sources(path, limits)
    try:
        size = path.stat().st_size
        if size > limits.max_total_bytes:
            return [], [_fatal(path.name, f"the file has {size:,} bytes, more than the "
                               f"{limits.max_total_bytes:,} one import reads; refused")]
        data = path.read_bytes()
    except FileNotFoundError:
        return [], [_fatal(path.name, f"file not found: {path}")]
    except OSError as exc:
        return [], [_fatal(path.name, f"cannot read the file ({exc.strerror or exc})")]
    return [JsonSource(str(path), path.name, data)], []


def count_records(source: JsonSource) -> int:
    """About how many records `source` holds, from its bytes alone (one supplier GSTIN
    key per record), so that a download too large is refused before it is parsed."""
    found = source.data.count(_RECORD_MARKS[0])
    return found or max(source.data.count(mark) for mark in _RECORD_MARKS[1:])


def too_many_documents(sources: list[JsonSource], limits: SizeLimits) -> Problem | None:
    """A fatal problem when `sources` together hold more records than `limits` allow."""
    counts = [count_records(source) for source in sources]
    total = sum(counts)
    if total <= limits.max_documents:
        return None
    largest = max(range(len(sources)), key=counts.__getitem__)
    return _fatal(
        sources[largest].name,
        f"the file(s) hold about {total:,} documents, more than the "
        f"{limits.max_documents:,} one import takes (the largest month of a GSTIN has far "
        "fewer); refused. Import the download for one return period at a time.",
    )
