"""The `gst-ims` command line.

Every command prints a plain-words report, or with ``--json`` a machine-readable one.
Exit codes: 0 success, 1 input problems (a clear message, no traceback), 2 usage.
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

Report = tuple[dict[str, Any], str]
Handler = Callable[[argparse.Namespace], Report]


def _sample_data(args: argparse.Namespace) -> Report:
    from gst_ims.samples import write_sample_month

    paths = write_sample_month(
        Path(args.out), docs=args.docs, seed=args.seed, dialect=Dialect(args.dialect)
    )
    summary = {"files": {name: str(path) for name, path in paths.items()}}
    text = "Sample month written:\n" + "\n".join(
        f"  {name:<12} {path}" for name, path in paths.items()
    )
    return summary, text


def _inspect_ims(args: argparse.Namespace) -> Report:
    from gst_ims.ims.inspect import format_ims_report, inspect_ims

    report = inspect_ims([Path(p) for p in args.files])
    return report, format_ims_report(report)


def _inspect_register(args: argparse.Namespace) -> Report:
    from gst_ims.books.inspect import format_register_report, inspect_register

    report = inspect_register(Path(args.file), sheet=args.sheet)
    return report, format_register_report(report)


def _export_actions(args: argparse.Namespace) -> Report:
    from gst_ims.ims.export_actions import export_actions, format_export_report

    report = export_actions(
        [Path(p) for p in args.ims],
        Path(args.decisions),
        rtin=args.rtin,
        out_dir=Path(args.out),
        max_bytes=args.max_bytes,
        all_or_nothing=args.all_or_nothing,
    )
    return report, format_export_report(report)


def _build_workbook(args: argparse.Namespace) -> Report:
    from gst_ims.workbook.build import build_workbook

    path = build_workbook(Path(args.out))
    return {"workbook": str(path)}, f"Workbook built: {path}"


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

    sub = add("inspect-ims", _inspect_ims, "show what is in IMS JSON files and what is wrong")
    sub.add_argument("files", nargs="+", help="IMS JSON (or .zip of JSON) files")

    sub = add("inspect-register", _inspect_register,
              "show what is in a books register file and what is wrong")
    sub.add_argument("file", help="register .xlsx, .xlsm, .xls or .csv")
    sub.add_argument("--sheet", default=None, help="sheet name (default: the first)")

    sub = add("export-actions", _export_actions,
              "write IMS upload JSON from a decisions CSV, without a workbook")
    sub.add_argument("--ims", nargs="+", required=True, help="the downloaded IMS JSON file(s)")
    sub.add_argument("--decisions", required=True, help="decisions CSV")
    sub.add_argument("--rtin", required=True, help="your (recipient) GSTIN")
    sub.add_argument("--out", required=True, help="folder for the upload files")
    sub.add_argument("--max-bytes", type=int, default=4_000_000,
                     help="largest upload file in bytes (portal limit about 4 MB)")
    sub.add_argument("--all-or-nothing", action="store_true",
                     help="write nothing if any row is refused")

    sub = add("build-workbook", _build_workbook,
              "build the macro workbook from vba/ and the layout")
    sub.add_argument("--out", default="xlsx/GST_IMS_Reconciler.xlsm", help="output .xlsm")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        summary, text = args.handler(args)
    except GstImsError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False, indent=2))
        else:
            print(f"gst-ims {args.command}: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"gst-ims {args.command}: file not found: {exc.filename}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"ok": True, **summary}, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
