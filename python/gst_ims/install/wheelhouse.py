"""Is a folder of wheels complete for a target platform and Python? Requirements are
followed from gst-ims' own wheel through each wheel's ``Requires-Dist``, with the
environment markers judged as the target would judge them."""

from __future__ import annotations

import zipfile
from collections import deque
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename
from packaging.version import Version

Wheels = dict[NormalizedName, list[tuple[Version, Path]]]


def target_tags(platform: str | None, python: str) -> set[Tag]:
    """The wheel tags a CPython `python` ("3.12") on `platform` accepts (this machine's
    interpreter when `platform` is None)."""
    if platform is None:
        return set(sys_tags())
    major, minor = (int(part) for part in python.split("."))
    return (set(cpython_tags((major, minor), platforms=[platform]))
            | set(compatible_tags((major, minor), interpreter=f"cp{major}{minor}",
                                  platforms=[platform])))


def _environment(python: str, markers: dict[str, str]) -> dict[str, str]:
    environment: dict[str, str] = {key: str(value)
                                   for key, value in default_environment().items()}
    environment.update(python_version=python, python_full_version=f"{python}.0",
                       implementation_name="cpython", platform_python_implementation="CPython")
    environment.update(markers)
    return environment


def usable_wheels(folder: Path, tags: set[Tag]) -> Wheels:
    """Project -> (version, file) of the wheels in `folder` that `tags` accept."""
    found: Wheels = {}
    for path in sorted(folder.glob("*.whl")):
        name, version, _, wheel_tags = parse_wheel_filename(path.name)
        if wheel_tags & tags:
            found.setdefault(name, []).append((version, path))
    return found


def requirements_of(wheel: Path) -> list[Requirement]:
    """The ``Requires-Dist`` entries of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist()
                    if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(text) for text in metadata.get_all("Requires-Dist") or []]


def missing_requirements(folder: Path, platform: str | None, python: str,
                         markers: dict[str, str], root: str = "gst-ims") -> list[str]:
    """The requirements (``name<specifier>``) that `root`'s wheel in `folder` needs on
    the target and that no wheel in `folder` satisfies."""
    wheels = usable_wheels(folder, target_tags(platform, python))
    environment = _environment(python, markers)
    start = wheels.get(canonicalize_name(root))
    if not start:
        return [root]
    queue: deque[tuple[Path, frozenset[str]]] = deque([(max(start)[1], frozenset())])
    seen: set[tuple[Path, frozenset[str]]] = set()
    missing: list[str] = []
    while queue:
        wheel, extras = queue.popleft()
        if (wheel, extras) in seen:
            continue
        seen.add((wheel, extras))
        for requirement in requirements_of(wheel):
            wanted = requirement.marker is None or any(
                requirement.marker.evaluate({**environment, "extra": extra})
                for extra in (extras or {""}))
            if not wanted:
                continue
            candidates = [(version, path) for version, path in
                          wheels.get(canonicalize_name(requirement.name), [])
                          if requirement.specifier.contains(version, prereleases=True)]
            if not candidates:
                text = f"{requirement.name}{requirement.specifier}"
                if text not in missing:
                    missing.append(text)
                continue
            queue.append((max(candidates)[1], frozenset(requirement.extras)))
    return missing
