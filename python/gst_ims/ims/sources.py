"""The JSON documents inside the files a user gives: a `.json` file, or every `.json` in a
`.zip`, with a guard against a zip that would expand beyond sane limits."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from gst_ims.domain.problems import Problem, Severity


@dataclass(frozen=True)
class ZipLimits:
    """How big a zip may expand. The portal splits large downloads into files of a few MB,
    so a gigabyte or a thousand members is far beyond any real month."""

    max_total_bytes: int = 1 << 30
    max_members: int = 1000


DEFAULT_ZIP_LIMITS: Final = ZipLimits()


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
        if total > limits.max_total_bytes:
            return [], [_fatal(
                path.name,
                f"the zip would expand to {total:,} bytes, more than the limit of "
                f"{limits.max_total_bytes:,}; refused",
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
    path: Path, limits: ZipLimits = DEFAULT_ZIP_LIMITS
) -> tuple[list[JsonSource], list[Problem]]:
    """A user's file -> the JSON documents in it, and problems (fatal ones name the file
    and carry no section)."""
    if not path.exists():
        return [], [_fatal(path.name, f"file not found: {path}")]
    if path.suffix.lower() == ".zip" or (path.is_file() and zipfile.is_zipfile(path)):
        return _zip_sources(path, limits)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], [_fatal(path.name, f"file not found: {path}")]
    except OSError as exc:
        return [], [_fatal(path.name, f"cannot read the file ({exc.strerror or exc})")]
    return [JsonSource(str(path), path.name, data)], []
