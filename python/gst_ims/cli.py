"""The `gst-ims` command line.

Every command prints a plain-words report, or with ``--json`` a machine-readable one.
Exit codes: 0 success, 1 input problems (a clear message, no traceback), 2 usage, 3 an
unexpected error (one line; the traceback goes to ``gst_ims_errors.log``), 130 cancelled
with Ctrl-C. What is printed never carries terminal control sequences from a file.
Handlers import their job lazily so that ``gst-ims --help`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gst_ims import __version__
from gst_ims.domain.documents import Dialect
from gst_ims.domain.problems import GstImsError
from gst_ims.domain.safe_text import display_text
from gst_ims.register_styles import REGISTER_STYLES

Report = tuple[dict[str, Any], str]
Handler = Callable[[argparse.Namespace], Report]
EXIT_UNEXPECTED = 3
EXIT_CANCELLED = 130  # the shell's code for a run ended by Ctrl-C

# Workbooks opened by this run: their job locks are given up when the command ends.
_OPENED: list[Any] = []


def _sample_data(args: argparse.Namespace) -> Report:
    from gst_ims.samples import write_sample_month

    paths = write_sample_month(
        Path(args.out), docs=args.docs, seed=args.seed, dialect=Dialect(args.dialect),
        register_style=args.register_style,
    )
    summary = {"files": {name: str(path) for name, path in paths.items()}}
    text = "Sample month written:\n" + "\n".join(
        f"  {name:<12} {path}" for name, path in paths.items()
    )
    return summary, text


def _inspect_ims(args: argparse.Namespace) -> Report:
    from gst_ims.ims.download_report import format_ims_report, inspect_ims

    report = inspect_ims([Path(p) for p in args.files])
    return report, format_ims_report(report)


def _inspect_register(args: argparse.Namespace) -> Report:
    from gst_ims.books.register_report import format_register_report, inspect_register

    report = inspect_register(Path(args.file), sheet=args.sheet,
                              recipient_gstin=args.recipient_gstin,
                              decimal_comma=args.decimal_comma)
    return report, format_register_report(report)


def _export_actions(args: argparse.Namespace) -> Report:
    from gst_ims.upload.export_actions import export_actions, format_export_report

    report = export_actions(
        [Path(p) for p in args.ims],
        Path(args.decisions),
        rtin=args.rtin,
        out_dir=Path(args.out),
        max_bytes=args.max_bytes,
        all_or_nothing=args.all_or_nothing,
        key_style=_key_style(args.key_style),
    )
    return report, format_export_report(report)


def _key_style(word: str) -> Any:
    from gst_ims.domain.problems import InputError
    from gst_ims.upload.dialects import KeyStyle

    try:
        return KeyStyle.parse(word)
    except ValueError as exc:
        raise InputError(f"--key-style: {exc}") from exc


def _build_workbook(args: argparse.Namespace) -> Report:
    from gst_ims.workbook.build import DEFAULT_OUT, build_workbook

    path = build_workbook(Path(args.out) if args.out else DEFAULT_OUT)
    return {"workbook": str(path)}, f"Workbook built: {path}"


# --- the workbook jobs --------------------------------------------------------------------
def _progress_printer(enabled: bool) -> Callable[[str, float | None], None] | None:
    """A one-line progress bar on stderr when it is a terminal (never under --json)."""
    if not enabled or not sys.stderr.isatty():
        return None

    def show(message: str, fraction: float | None) -> None:
        width = 24
        done = int(width * (fraction or 0.0))
        bar = "#" * done + "-" * (width - done)
        end = "\n" if fraction is not None and fraction >= 1.0 else ""
        print(f"\r[{bar}] {message[:70]:<70}", end=end, file=sys.stderr, flush=True)

    return show


def _open_workbook(args: argparse.Namespace) -> Any:
    from gst_ims.workbook.file_port import FilePort
    from gst_ims.workbook.version import check_layout_version

    port = FilePort(Path(args.workbook), on_progress=_progress_printer(not args.json))
    _OPENED.append(port)
    check_layout_version(port, Path(args.workbook).name)
    return port


def _report_text(report: Any) -> str:
    """A job report in plain words: the message, the files, the first problems."""
    from gst_ims.domain.problems import Severity

    lines = [report.message]
    lines += [f"  file: {name}" for name in report.files]
    serious = [p for p in report.problems if p.severity is not Severity.INFO]
    lines += [f"  {problem}" for problem in serious[:10]]
    if len(serious) > 10:
        lines.append(f"  … and {len(serious) - 10} more (see the Log sheet or --json)")
    return "\n".join(lines)


def _job(run: Callable[[Any], Any]) -> Handler:
    def handler(args: argparse.Namespace) -> Report:
        report = run(args)
        return report.as_dict(), _report_text(report)

    return handler


def _run_import_ims(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import import_ims

    return import_ims(_open_workbook(args), [Path(p) for p in args.files])


def _run_import_books(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import import_books

    return import_books(_open_workbook(args), Path(args.file), sheet=args.sheet)


def _run_reconcile(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import reconcile

    return reconcile(_open_workbook(args))


def _run_accept_matched(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import accept_matched

    return accept_matched(_open_workbook(args))


def _run_confirm_suggestions(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import confirm_suggestions

    return confirm_suggestions(_open_workbook(args))


def _run_link(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import link

    return link(_open_workbook(args), args.ims_doc_no, args.register_row,
                supplier=args.supplier)


def _run_unlink(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import unlink

    return unlink(_open_workbook(args), args.ims_doc_no, supplier=args.supplier)


def _run_exclude(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import exclude

    return exclude(_open_workbook(args), args.register_row, undo=args.undo)


def _set_recipient(port: Any, rtin: str | None) -> None:
    """Put ``--rtin`` into Settings > Recipient GSTIN: the only way from the command line
    to name the GSTIN of an API download, which does not state it. Refused when it is
    not a valid GSTIN or Settings already holds another one."""
    from gst_ims.domain.gstin import check_gstin, normalise_gstin
    from gst_ims.domain.problems import InputError
    from gst_ims.workbook import layout as lay

    if not rtin:
        return
    wanted = normalise_gstin(rtin)
    verdict = check_gstin(wanted)
    if not verdict.ok:
        raise InputError(f"--rtin {rtin}: {verdict.reason}")
    cell = lay.RECIPIENT_GSTIN.name
    current = normalise_gstin(port.read_names([cell])[cell])
    if current and current != wanted:
        raise InputError(f"--rtin {wanted} differs from the Recipient GSTIN on the Settings "
                         f"sheet ({current}); correct the Settings sheet if it is wrong.")
    if not current:
        port.write_names({cell: wanted})


def _run_export(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import export_upload

    port = _open_workbook(args)
    _set_recipient(port, args.rtin)
    return export_upload(port, Path(args.out), only_failed=args.only_failed)


def _run_supplier_letters(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import supplier_letters

    return supplier_letters(_open_workbook(args), Path(args.out))


def _run_import_errors(args: argparse.Namespace) -> Any:
    from gst_ims.workflow import import_errors

    return import_errors(_open_workbook(args), [Path(p) for p in args.files])


def _doctor(args: argparse.Namespace) -> Report:
    from gst_ims.install.doctor import all_well, finding_dict, format_findings, run_doctor
    from gst_ims.install.facts import facts_from_file

    facts = facts_from_file(Path(args.workbook)) if args.workbook else None
    findings = run_doctor(facts)
    args.exit_code = 0 if all_well(findings) else 1
    return ({"all_well": all_well(findings),
             "findings": [finding_dict(finding) for finding in findings]},
            format_findings(findings))


def _setup_excel(args: argparse.Namespace) -> Report:
    from gst_ims.install.setup_excel import setup_excel

    return setup_excel(workbook=Path(args.workbook) if args.workbook else None)


def _release(args: argparse.Namespace) -> Report:
    from gst_ims.install.release import build_release

    built = build_release(Path(args.out))
    return ({"zip": str(built.archive), "wheels": built.wheels},
            f"Release written: {built.archive} ({len(built.wheels)} wheels for "
            f"{', '.join(built.pythons)} on {built.platform}).")


def _new_workbook(args: argparse.Namespace) -> Report:
    from gst_ims.install.packaged import copy_packaged_workbook

    path = copy_packaged_workbook(Path(args.out), replace=args.force)
    return {"workbook": str(path)}, f"New workbook: {path}"


def _upgrade_workbook(args: argparse.Namespace) -> Report:
    """A fresh workbook of this release's layout with the old one's contents; the old one
    is only read."""
    from gst_ims import workflow
    from gst_ims.domain.problems import InputError
    from gst_ims.install.packaged import copy_packaged_workbook
    from gst_ims.workbook.file_port import FilePort
    from gst_ims.workbook.version import LAYOUT_VERSION, layout_version

    old_path = Path(args.workbook)
    out = Path(args.out) if args.out else old_path.with_name(
        f"{old_path.stem} (layout {LAYOUT_VERSION}).xlsm")
    if out.exists() or out.resolve() == old_path.resolve():
        raise InputError(f"{out} exists already: name a new file with --out (the upgrade "
                         "never writes over a workbook).")
    old = FilePort(old_path)
    _OPENED.append(old)
    version = layout_version(old)
    if version is not None and version >= LAYOUT_VERSION:
        raise InputError(f"{old_path.name} has layout {version}, not older than this "
                         f"release's ({LAYOUT_VERSION}): there is nothing to upgrade.")
    copy_packaged_workbook(out, replace=False)
    new: FilePort | None = None
    try:
        new = FilePort(out)
        report = workflow.upgrade_workbook(old, new)
    except BaseException:
        if new is not None:
            new.close()
        out.unlink(missing_ok=True)  # no half-made workbook is left to be mistaken
        raise
    _OPENED.append(new)
    return report.as_dict(), _report_text(report)


def _run_all(args: argparse.Namespace) -> Report:
    """Every job in order on one workbook, opened once and saved once at the end: when a
    job fails, the workbook is left as it was before the run."""
    from gst_ims import workflow
    from gst_ims.sheets.export_checks import discard_uploads

    port = _open_workbook(args)
    _set_recipient(port, args.rtin)
    jobs: list[Callable[[], Any]] = [
        lambda: workflow.import_ims(port, [Path(p) for p in args.ims]),
    ]
    if args.books:
        jobs.append(lambda: workflow.import_books(port, Path(args.books), sheet=args.sheet))
    jobs.append(lambda: workflow.reconcile(port))
    if args.accept_matched:
        jobs.append(lambda: workflow.accept_matched(port))
    jobs.append(lambda: workflow.export_upload(port, Path(args.out), only_failed=False))
    reports: list[Any] = []
    try:
        with port.one_save():
            for job in jobs:
                reports.append(job())
    except BaseException:
        discard_uploads(reports)  # the workbook was not saved: no upload either
        raise
    return ({"jobs": [report.as_dict() for report in reports]},
            "\n".join(f"{report.job}: {_report_text(report)}" for report in reports))


def _add_setting_options(sub: argparse.ArgumentParser) -> None:
    """The options that stand in for the workbook's export settings (the settings table's
    rows with a command-line flag), with the table's defaults and help."""
    from gst_ims.domain.settings_table import SETTINGS, SettingKind

    for row in SETTINGS:
        if row.cli_flag is None:
            continue
        what = f"Settings > {row.label}: {row.explanation}"
        if row.kind is SettingKind.YES_NO:
            sub.add_argument(row.cli_flag, action="store_true", help=what)
        elif row.kind is SettingKind.INTEGER:
            sub.add_argument(row.cli_flag, type=int, default=row.default,
                             help=f"{what} (default {row.default})")
        elif row.default == "":
            sub.add_argument(row.cli_flag, required=True, help=what)
        else:
            sub.add_argument(row.cli_flag, default=row.default,
                             help=f"{what} (default: {row.default})")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gst-ims",
        description="Reconcile GST IMS data with the books ITC register and write the "
        "IMS upload JSON.",
    )
    parser.add_argument("--version", action="version", version=f"gst-ims {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        sub.add_argument("--json", action="store_true", help="print a JSON report")
        return sub

    sub = add("sample-data", _sample_data, "write a realistic synthetic month of IMS JSON, "
              "a books register and the ground truth")
    sub.add_argument("--out", required=True, help="folder to write into")
    sub.add_argument("--docs", type=int, default=1000, help="number of IMS documents")
    sub.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    sub.add_argument("--dialect", choices=[d.value for d in Dialect], default="portal")
    sub.add_argument("--register-style", choices=REGISTER_STYLES, default="plain",
                     help="lay the register out as Tally, the GSTR-2 template, Busy, Zoho, "
                     "SAP or a hand-kept sheet exports it (same documents)")

    sub = add("inspect-ims", _inspect_ims, "show what is in IMS JSON files and what is wrong")
    sub.add_argument("files", nargs="+", help="IMS JSON (or .zip of JSON) files")

    sub = add("inspect-register", _inspect_register,
              "show what is in a books register file and what is wrong")
    sub.add_argument("file", help="register .xlsx, .xlsm, .xls or .csv")
    sub.add_argument("--sheet", default=None,
                     help="sheet name (default: Books, else every sheet with register rows)")
    sub.add_argument("--recipient-gstin", default="",
                     help="your GSTIN: splits a single tax column where a line has no "
                     "place of supply")
    sub.add_argument("--decimal-comma", action="store_true",
                     help="the register writes amounts with a decimal comma (1.234,50)")

    sub = add("export-actions", _export_actions,
              "write IMS upload JSON from a decisions CSV, without a workbook")
    sub.add_argument("--ims", nargs="+", required=True, help="the downloaded IMS JSON file(s)")
    sub.add_argument("--decisions", required=True, help="decisions CSV")
    sub.add_argument("--out", required=True, help="folder for the upload files")
    _add_setting_options(sub)

    sub = add("build-workbook", _build_workbook,
              "build the macro workbook from vba/ and the layout")
    sub.add_argument("--out", default=None,
                     help="output .xlsm (default: the workbook packaged with gst_ims, which a "
                     "source checkout commits)")

    sub = add("doctor", _doctor, "check this PC's set-up for the Excel edition (exit status "
              "0 when all is well)")
    sub.add_argument("--workbook", default=None, help="the workbook to check as well")

    sub = add("setup-excel", _setup_excel, "make Excel's buttons use this Python (the "
              "per-user xlwings settings) and say what else to do")
    sub.add_argument("--workbook", default=None, help="the workbook to check afterwards")

    sub = add("release", _release, "build the Windows release zip: workbook, install.cmd "
              "and a wheelhouse (needs a source checkout and the package index)")
    sub.add_argument("--out", default="dist", help="folder for the zip")

    sub = add("new-workbook", _new_workbook, "create a new, empty reconciler workbook")
    sub.add_argument("out", help="the .xlsm file to create")
    sub.add_argument("--force", action="store_true", help="replace an existing file")

    def add_job(name: str, run: Callable[[Any], Any], help_text: str) -> argparse.ArgumentParser:
        sub = add(name, _job(run), help_text)
        sub.add_argument("--workbook", required=True, help="the reconciler workbook (.xlsm)")
        return sub

    sub = add_job("import-ims", _run_import_ims, "import IMS JSON file(s) into the workbook")
    sub.add_argument("files", nargs="+", help="IMS JSON (or .zip of JSON) files")
    sub = add_job("import-books", _run_import_books,
                  "load a purchase register file into the Books sheet")
    sub.add_argument("file", help="register .xlsx, .xlsm, .xls or .csv")
    sub.add_argument("--sheet", default=None,
                     help="sheet name (default: Books, else every sheet with register rows)")
    add_job("reconcile", _run_reconcile,
            "reconcile IMS with Books into the result sheets and Summary")
    add_job("accept-matched", _run_accept_matched, "choose Accept on every matched document")
    add_job("confirm-suggestions", _run_confirm_suggestions,
            "pair the suggestions left ticked (Confirm) on the Suggested sheet, then reconcile")
    sub = add_job("link", _run_link, "pair an IMS document with a register document by "
                  "hand (kept over re-imports), then reconcile")
    sub.add_argument("ims_doc_no", help="the IMS document number")
    sub.add_argument("register_row", type=int, help="the register document's Books row")
    sub.add_argument("--supplier", default=None,
                     help="supplier GSTIN, when several suppliers use the number")
    sub = add_job("unlink", _run_unlink, "undo the pairing of an IMS document (never made "
                  "again), then reconcile")
    sub.add_argument("ims_doc_no", help="the IMS document number")
    sub.add_argument("--supplier", default=None,
                     help="supplier GSTIN, when several suppliers use the number")
    sub = add_job("exclude", _run_exclude, "take a register document out of the "
                  "reconciliation, then reconcile")
    sub.add_argument("register_row", type=int, help="the register document's Books row")
    sub.add_argument("--undo", action="store_true", help="put it back instead")
    sub = add_job("export", _run_export, "write the IMS upload JSON from the chosen actions")
    sub.add_argument("--out", required=True, help="folder for the upload files")
    sub.add_argument("--rtin", default=None,
                     help="your (recipient) GSTIN, when Settings does not hold it yet "
                     "(an API download does not state it)")
    sub.add_argument("--only-failed", action="store_true",
                     help="send only the rows the portal refused (as shown by import-errors)")
    sub = add_job("supplier-letters", _run_supplier_letters,
                  "write one .xlsx per supplier with documents to follow up, and a "
                  "letters.csv for a mail merge")
    sub.add_argument("--out", required=True, help="folder for the letters")
    sub = add_job("import-errors", _run_import_errors,
                  "show the portal's error file (or API status) on the rows it refused")
    sub.add_argument("files", nargs="+", help="error JSON file(s) from the portal or a GSP")

    sub = add("upgrade-workbook", _upgrade_workbook,
              "carry Books, IMS data, decisions and Settings of a workbook made by an older "
              "release into a new workbook of this release (the old one is only read)")
    sub.add_argument("--workbook", required=True, help="the older workbook (.xlsm)")
    sub.add_argument("--out", default=None,
                     help="the new workbook (default: beside the old one, named with the "
                     "layout version)")

    sub = add("run", _run_all, "all jobs in order: import IMS (and books), reconcile, export")
    sub.add_argument("--workbook", required=True, help="the reconciler workbook (.xlsm)")
    sub.add_argument("--ims", nargs="+", required=True, help="IMS JSON file(s)")
    sub.add_argument("--books", default=None, help="register file (default: the Books sheet)")
    sub.add_argument("--sheet", default=None, help="register sheet name")
    sub.add_argument("--accept-matched", action="store_true",
                     help="choose Accept on every matched document before exporting")
    sub.add_argument("--out", required=True, help="folder for the upload files")
    sub.add_argument("--rtin", default=None,
                     help="your (recipient) GSTIN, when Settings does not hold it yet "
                     "(an API download does not state it)")
    return parser


def _emit(text: str, *, error: bool = False) -> None:
    """Print `text` safely: no control sequence from a file reaches the terminal, and a
    console that cannot show a character gets its escape instead of an error."""
    stream = sys.stderr if error else sys.stdout
    safe = display_text(text)
    try:
        print(safe, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(safe.encode(encoding, "backslashreplace").decode(encoding), file=stream)


def _input_error(args: argparse.Namespace, exc: GstImsError) -> int:
    if getattr(args, "json", False):
        problems = [p.as_dict() for p in getattr(exc, "problems", [])]
        _emit(json.dumps({"ok": False, "error": str(exc).split("\n")[0],
                          "problems": problems}, ensure_ascii=False, indent=2))
    else:
        _emit(f"gst-ims {args.command}: {exc}", error=True)
    return 1


def _unexpected(args: argparse.Namespace, exc: BaseException) -> int:
    """The one catch-all: the traceback to the error log, one line to the user."""
    from gst_ims.error_log import write_error_log

    workbook = getattr(args, "workbook", None)
    folder = Path(workbook).expanduser().resolve().parent if workbook else Path.cwd()
    log = write_error_log(folder, f"gst-ims {args.command}")
    _emit(f"gst-ims {args.command}: stopped on an unexpected error ({type(exc).__name__}: "
          f"{str(exc)[:200]}); nothing was changed. Details are in {log}: "
          "please send that file to your support.", error=True)
    return EXIT_UNEXPECTED


def _run(args: argparse.Namespace) -> int:
    try:
        summary, text = args.handler(args)
    except GstImsError as exc:
        return _input_error(args, exc)
    except KeyboardInterrupt:
        _emit(f"gst-ims {args.command}: cancelled (Ctrl-C); nothing was changed.",
              error=True)
        return EXIT_CANCELLED
    except FileNotFoundError as exc:
        _emit(f"gst-ims {args.command}: file not found: {exc.filename}", error=True)
        return 1
    except MemoryError:
        _emit(f"gst-ims {args.command}: not enough memory for this job; nothing was "
              "changed. Close other programs, or import fewer files at once.", error=True)
        return 1
    except OSError as exc:
        # A folder that cannot be created, a file open in another program, a full disk.
        _emit(f"gst-ims {args.command}: {exc.strerror or exc}: {exc.filename or ''}; "
              "nothing was changed.", error=True)
        return 1
    except Exception as exc:
        return _unexpected(args, exc)
    code = int(getattr(args, "exit_code", 0))  # a check that found something to do
    if args.json:
        _emit(json.dumps({"ok": code == 0, **summary}, ensure_ascii=False, indent=2,
                         default=str))
    else:
        _emit(text)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    finally:
        while _OPENED:
            _OPENED.pop().close()


if __name__ == "__main__":
    sys.exit(main())
