"""`gst-ims doctor` (and *Check set-up* in the workbook): is this PC ready for the Excel
edition? Each check gives a `Finding`: what was found and, when something is wrong,
what to do about it, in plain words.

Checked: the Python version; that the installed xlwings is exactly the version of the
VBA module inside the workbook (its DLL and its calls are matched by version); the
interpreter Excel will start (as xlwings' VBA resolves it) and that it has gst-ims and
that xlwings; the workbook's own xlwings settings; and where the workbook is kept
(a OneDrive / SharePoint web address without a local copy, a downloaded file that
Windows still marks as coming from the internet).
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from gst_ims.install import xlwings_config as conf

SUPPORTED_PYTHONS: Final[tuple[tuple[int, int], ...]] = ((3, 11), (3, 12), (3, 13))
EXCEL_PLATFORMS: Final = ("win32", "darwin")
_FALSE_WORDS: Final = ("FALSE", "0", "NO")
Probe = Callable[[str], str]  # interpreter path -> "gst-ims <v> xlwings <v>" or raises


@dataclass(frozen=True, slots=True)
class Finding:
    """One check: `ok`, the `topic`, what was `found`, and `todo` when not ok."""

    ok: bool
    topic: str
    found: str
    todo: str = ""


@dataclass(frozen=True)
class WorkbookFacts:
    """What the checks need to know about one workbook, from its file or from Excel:
    where it is (`location`, its local `folder` if any, `cloud_only` when it is open from
    a web address with no local copy), its ``xlwings.conf`` sheet and the xlwings version
    its VBA was built with."""

    location: str
    folder: Path | None
    cloud_only: bool
    settings: Mapping[str, object] = field(default_factory=dict)
    vba_xlwings: str | None = None


def pinned_xlwings() -> str | None:
    """The xlwings version gst-ims requires (its ``xlwings==`` dependency)."""
    for requirement in importlib.metadata.requires("gst-ims") or []:
        match = re.fullmatch(r"xlwings\s*==\s*([\w.]+)", requirement.split(";")[0].strip())
        if match:
            return match.group(1)
    return None


def installed_xlwings() -> str | None:
    """The version of the xlwings installed beside gst-ims (None if missing)."""
    try:
        return importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        return None


def check_python(version: tuple[int, int]) -> Finding:
    """Python `version` against the versions the release carries wheels for."""
    shown = f"{version[0]}.{version[1]}"
    supported = ", ".join(f"{major}.{minor}" for major, minor in SUPPORTED_PYTHONS)
    if version in SUPPORTED_PYTHONS:
        return Finding(True, "Python", f"Python {shown}.")
    if version < SUPPORTED_PYTHONS[0]:
        return Finding(False, "Python", f"Python {shown} is too old.",
                       f"Install Python {SUPPORTED_PYTHONS[-1][0]}.{SUPPORTED_PYTHONS[-1][1]} "
                       "from python.org (no administrator rights needed: choose 'Install "
                       "for me only') and run install.cmd again.")
    return Finding(False, "Python", f"Python {shown} is newer than the versions tested "
                   f"({supported}); the release has no packages for it.",
                   f"Install one of Python {supported} and run install.cmd again.")


def check_xlwings(installed: str | None, vba: str | None, pinned: str | None) -> Finding:
    """The installed xlwings against the workbook's VBA module (or gst-ims' pin)."""
    expected = vba or pinned
    if installed is None:
        return Finding(False, "xlwings", "xlwings is not installed.",
                       "Reinstall gst-ims (install.cmd): it brings the xlwings it needs.")
    if expected is None or installed == expected:
        return Finding(True, "xlwings", f"xlwings {installed}, the version of the workbook's "
                       "VBA module.")
    where = "the workbook's VBA module" if vba else "gst-ims"
    return Finding(False, "xlwings", f"xlwings {installed} is installed, but {where} needs "
                   f"xlwings {expected}.",
                   f"Run: python -m pip install xlwings=={expected} (or reinstall gst-ims with "
                   "install.cmd). Do not upgrade xlwings on its own.")


def check_settings_sheet(settings: Mapping[str, object]) -> list[Finding]:
    """The workbook's own xlwings.conf sheet: no key without a value, the UDF server off,
    the workbook's folder kept off Python's import path."""
    keys = {str(key).strip().upper(): value for key, value in settings.items()}
    findings: list[Finding] = []
    blank = [key for key, value in keys.items() if value in (None, "")]
    if blank:
        findings.append(Finding(
            False, "Workbook settings", "The hidden xlwings.conf sheet has key(s) without a "
            f"value: {', '.join(blank)}. A key there wins over your own settings even when "
            "blank.", "Unhide the xlwings.conf sheet (right-click a sheet tab > Unhide), "
            "delete those rows, and hide it again."))
    if _truthy(keys.get("USE UDF SERVER")):
        findings.append(Finding(False, "Workbook settings", "USE UDF SERVER is on.",
                                "Set USE UDF SERVER to FALSE on the xlwings.conf sheet."))
    if not _falsy(keys.get("ADD_WORKBOOK_TO_PYTHONPATH")):
        findings.append(Finding(
            False, "Workbook settings", "ADD_WORKBOOK_TO_PYTHONPATH is not FALSE: a file "
            "beside the workbook could be imported in place of gst-ims, and a workbook "
            "opened from OneDrive or SharePoint stops every button.",
            "Set ADD_WORKBOOK_TO_PYTHONPATH to FALSE on the xlwings.conf sheet."))
    if not findings:
        findings.append(Finding(True, "Workbook settings",
                                "The workbook's xlwings settings are as shipped."))
    return findings


def _truthy(value: object) -> bool:
    return value is True or str(value).strip().upper() in ("TRUE", "1", "YES")


def _falsy(value: object) -> bool:
    return value is False or str(value).strip().upper() in _FALSE_WORDS


def probe_interpreter(path: str) -> str:
    """Ask the interpreter at `path` for its gst-ims and xlwings versions."""
    code = ("import importlib.metadata as m; "
            "print(m.version('gst-ims'), m.version('xlwings'))")
    done = subprocess.run([path, "-c", code], capture_output=True, text=True, timeout=120,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                           else f"exit status {done.returncode}")
    return done.stdout.strip()


def check_interpreter(setting: conf.Setting, *, platform: str, expected_xlwings: str | None,
                      current: str, which: Callable[[str], str | None] = shutil.which,
                      probe: Probe = probe_interpreter) -> list[Finding]:
    """The interpreter `RunPython` will start: a usable path, with gst-ims and the
    expected xlwings installed. `current` is the interpreter running this check."""
    fix = ("Run gst-ims setup-excel (install.cmd does), or put the full path of python.exe "
           "of the gst-ims installation in your xlwings settings.")
    value = setting.value
    where = {"sheet": "the workbook's xlwings.conf sheet", "folder": "xlwings.conf beside the "
             "workbook", "user": "your xlwings settings file", "default": "xlwings' default"}
    said = f"Excel will start: {value} (from {where[setting.source]})."
    if value.strip() != value.strip().strip('"'):
        return [Finding(False, "Interpreter", said + " The path has quotes around it, so "
                        "xlwings says 'Could not find Interpreter!'.",
                        "Remove the quotes (the buttons remove them from the xlwings.conf "
                        "sheet themselves; in a settings file, edit it or run gst-ims "
                        "setup-excel).")]
    path = value
    if value in ("python", "pythonw"):
        located = which(value)
        if located is None:
            return [Finding(False, "Interpreter", said + " No such program is on the PATH.",
                            fix)]
        if platform == "win32" and "windowsapps" in located.lower():
            return [Finding(False, "Interpreter", said + " On this PC that is the Microsoft "
                            "Store shortcut, not a Python.", fix)]
        path = located
    elif not Path(path).is_file():
        return [Finding(False, "Interpreter", said + " No file is there.", fix)]
    return [_probed(path, said, expected_xlwings, current, probe, fix)]


def _probed(path: str, said: str, expected: str | None, current: str, probe: Probe,
            fix: str) -> Finding:
    if _same_file(path, current):
        return Finding(True, "Interpreter", said + " It is the Python running this check.")
    try:
        answer = probe(path).split()
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        return Finding(False, "Interpreter", said + f" It could not report gst-ims ({exc}).",
                       fix)
    if len(answer) != 2:
        return Finding(False, "Interpreter", said + " It did not report gst-ims.", fix)
    if expected and answer[1] != expected:
        return Finding(False, "Interpreter", said + f" It has xlwings {answer[1]}, the "
                       f"workbook needs {expected}.", fix)
    return Finding(True, "Interpreter", said + f" It has gst-ims {answer[0]} and xlwings "
                   f"{answer[1]}.")


def _same_file(first: str, second: str) -> bool:
    try:
        return Path(first).resolve() == Path(second).resolve()
    except OSError:
        return False


def check_location(facts: WorkbookFacts, *, platform: str) -> list[Finding]:
    """Where the workbook is kept."""
    findings: list[Finding] = []
    if facts.cloud_only:
        findings.append(Finding(
            False, "Workbook location", f"The workbook is open from a web address "
            f"({facts.location}) and has no copy on this PC that Python can find.",
            "Open it from the synced OneDrive/SharePoint folder in File Explorer (so it has "
            "a local path), or save a copy in a folder on this PC. Until then, choose an "
            "output folder on the Settings sheet for the upload files."))
    elif facts.folder is None:
        findings.append(Finding(False, "Workbook location", "The workbook has not been "
                                "saved yet.", "Save it in a folder of your own first."))
    else:
        findings.append(Finding(True, "Workbook location", f"In {facts.folder}."))
    if platform == "win32" and not facts.cloud_only and _downloaded(facts.location):
        findings.append(Finding(
            False, "Blocked macros", "Windows marks the workbook as downloaded from the "
            "internet, so Excel blocks its macros.", "Close it, right-click the file > "
            "Properties > tick Unblock > OK; or keep it in a Trusted Location (File > "
            "Options > Trust Center > Trust Center Settings > Trusted Locations)."))
    return findings


def _downloaded(location: str) -> bool:
    """True when the file carries the Mark of the Web (a Zone.Identifier stream, NTFS)."""
    try:
        return Path(f"{location}:Zone.Identifier").exists()
    except (OSError, ValueError):
        return False


def run_doctor(facts: WorkbookFacts | None, *, platform: str = sys.platform,
               home: Path | None = None, version: tuple[int, int] | None = None,
               which: Callable[[str], str | None] = shutil.which,
               probe: Probe = probe_interpreter) -> list[Finding]:
    """Every check, for `facts` (a workbook) or for gst-ims alone when None."""
    pinned = pinned_xlwings()
    vba = facts.vba_xlwings if facts else None
    findings = [check_python(version or (sys.version_info[0], sys.version_info[1])),
                check_xlwings(installed_xlwings(), vba, pinned)]
    settings = facts.settings if facts else {}
    if platform not in EXCEL_PLATFORMS:
        findings.append(Finding(True, "Excel", f"This is not Windows or macOS ({platform}): "
                                "the Excel edition does not run here (its interpreter is not "
                                "checked); the gst-ims command line does."))
    else:
        folder_file = facts.folder / conf.CONFIG_NAME if facts and facts.folder else None
        user_file = conf.user_config_path(platform, home or Path.home())
        setting = conf.interpreter(platform, settings, folder_file, user_file)
        findings += check_interpreter(setting, platform=platform,
                                      expected_xlwings=vba or pinned, current=sys.executable,
                                      which=which, probe=probe)
    if facts is not None:
        findings += check_settings_sheet(settings)
        findings += check_location(facts, platform=platform)
    return findings


def finding_dict(finding: Finding) -> dict[str, object]:
    """A finding as plain data (for ``--json``)."""
    return {"ok": finding.ok, "topic": finding.topic, "found": finding.found,
            "todo": finding.todo}


def all_well(findings: Sequence[Finding]) -> bool:
    """True when no finding asks for something to be done."""
    return all(finding.ok for finding in findings)


def format_findings(findings: Sequence[Finding]) -> str:
    """The findings as lines a person reads: OK or TO DO, what was found, what to do."""
    lines = []
    for finding in findings:
        lines.append(f"[{'OK' if finding.ok else 'TO DO'}] {finding.topic}: {finding.found}")
        if finding.todo:
            lines.append(f"        What to do: {finding.todo}")
    lines.append("All is well." if all_well(findings)
                 else "Fix the TO DO items above, then check again.")
    return "\n".join(lines)

