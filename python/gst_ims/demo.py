"""`make demo`: a realistic month end to end, through the command line, as a user runs it.

Generates a month of sample data, creates a workbook in ``demo/``, runs every job with
``gst-ims`` (import IMS, import the register, reconcile, accept matched, export), prints
the Summary next to the generator's ground truth, and, where LibreOffice is installed,
renders the Summary and result sheets to PNG in ``demo/images``.

``--register-style NAME`` lays the register out as an accounting package exports it
(``all``: every style, each in ``demo/<style>``); ``--check`` makes the run fail (exit
code 1) unless the Summary agrees with the ground truth in every category, for every
style run (`make demo-styles`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from gst_ims.cli import main as cli_main
from gst_ims.domain.money import format_inr
from gst_ims.register_styles import REGISTER_STYLES
from gst_ims.workbook import layout as lay
from gst_ims.workbook.render import (
    HOME_AREA,
    PNG_DPI,
    SUMMARY_AREA,
    LibreOfficeMissingError,
    Picture,
    RenderError,
    render_pictures,
)

DEMO_DIR = Path("demo")
RENDERED_SHEETS = (lay.HOME, lay.SUMMARY, lay.MATCHED, lay.MISMATCHED, lay.NOT_IN_BOOKS,
                   lay.NOT_IN_IMS)
_RENDER_ROWS = 28
# Status, Category, Action, Suggested Action, Reason, Remarks, supplier, document: what a
# picture shows legibly (the full width shrinks the text to a blur).
_RENDER_COLUMNS = 13


def _steps(folder: Path, docs: int, seed: int,
           style: str = "plain") -> tuple[Path, list[list[str]]]:
    inputs, workbook = folder / "input", folder / "GST_IMS_Reconciler.xlsm"
    book = ["--workbook", str(workbook)]
    # The SAP style is tab-separated text (register.csv); the others are workbooks.
    register = inputs / ("register.csv" if style == "sap" else "register.xlsx")
    return workbook, [
        ["sample-data", "--out", str(inputs), "--docs", str(docs), "--seed", str(seed),
         "--register-style", style],
        ["new-workbook", str(workbook), "--force"],
        ["import-ims", *book, str(inputs / "ims.json")],
        ["import-books", *book, str(register)],
        ["reconcile", *book],
        ["accept-matched", *book],
        ["export", *book, "--out", str(folder / "upload")],
    ]


def _summary_counts(workbook: Path) -> dict[str, int]:
    """Documents per category on the workbook's Summary."""
    from gst_ims.workbook.file_port import FilePort

    block = lay.SUMMARY_CATEGORY_BLOCK
    table = FilePort(workbook).read_table(lay.SUMMARY, header_row=block.header_row,
                                          first_column=block.first_column,
                                          max_rows=block.max_rows)
    return {str(row["Category"]): int(row["Documents"] or 0)
            for row in table.to_dict("records") if str(row["Category"]) != "Total"}


def disagreements(workbook: Path, truth_csv: Path) -> list[str]:
    """Categories whose Summary count differs from the ground truth's ("" list: agrees)."""
    truth = pd.read_csv(truth_csv, dtype=str)["expected_category"].value_counts()
    counts = _summary_counts(workbook)
    names = sorted(set(counts) | set(truth.index))
    return [f"{name}: {counts.get(name, 0)} on Summary, {int(truth.get(name, 0))} expected"
            for name in names if counts.get(name, 0) != int(truth.get(name, 0))]


def summary_text(workbook: Path, truth_csv: Path) -> str:
    """The Summary's category table beside the ground truth's counts."""
    from gst_ims.workbook.file_port import FilePort

    block = lay.SUMMARY_CATEGORY_BLOCK
    table = FilePort(workbook).read_table(lay.SUMMARY, header_row=block.header_row,
                                          first_column=block.first_column,
                                          max_rows=block.max_rows)
    truth = pd.read_csv(truth_csv, dtype=str)["expected_category"].value_counts()
    lines = [f"{'Category':<26}{'Documents':>10}{'Expected':>10}{'Total tax':>20}"]
    for row in table.to_dict("records"):
        name = str(row["Category"])
        expected = "" if name == "Total" else str(int(truth.get(name, 0)))
        tax = format_inr(round(float(row["Total Tax"] or 0) * 100))
        lines.append(f"{name:<26}{int(row['Documents'] or 0):>10}{expected:>10}{tax:>20}")
    return "\n".join(lines)


def _picture(sheet: str) -> Picture:
    """How the demo pictures a sheet: Home's buttons and status, Summary's blocks with its
    charts, a result sheet's top rows and first columns."""
    name = f"{sheet.replace(' ', '-').lower()}.png"
    if sheet == lay.HOME:
        return Picture(sheet, name, *HOME_AREA)
    if sheet == lay.SUMMARY:
        return Picture(sheet, name, *SUMMARY_AREA)
    return Picture(sheet, name, rows=_RENDER_ROWS + 1, columns=_RENDER_COLUMNS)


def render_sheets(workbook: Path, out_dir: Path, sheets: Sequence[str] = RENDERED_SHEETS,
                  dpi: int = PNG_DPI) -> list[Path]:
    """PNG of each sheet, as LibreOffice headless shows it (charts and buttons included).
    Raises `LibreOfficeMissingError` where LibreOffice cannot run."""
    return render_pictures(workbook, out_dir, [_picture(sheet) for sheet in sheets], dpi)


def _run_style(folder: Path, docs: int, seed: int, style: str, render: bool) -> list[str]:
    """One month in one register style, through the command line -> disagreements."""
    shutil.rmtree(folder / "upload", ignore_errors=True)
    workbook, steps = _steps(folder, docs, seed, style)
    for step in steps:
        print(f"\n$ gst-ims {' '.join(step)}", flush=True)
        code = cli_main(step)
        if code:
            return [f"'gst-ims {step[0]}' failed (exit code {code})"]
    truth = folder / "input" / "truth.csv"
    print(f"\nSummary (from the workbook) and the generator's ground truth ({style} "
          "register):\n")
    print(summary_text(workbook, truth))
    wrong = disagreements(workbook, truth)
    print("\nAgrees with the ground truth in every category: "
          + ("yes" if not wrong else "NO (" + "; ".join(wrong) + ")"))
    if render:
        try:
            images = render_sheets(workbook, folder / "images")
        except (LibreOfficeMissingError, RenderError) as why:
            print(f"\n(No PNG rendering: {why})")
        else:
            print("\nSheets rendered by LibreOffice:")
            print("\n".join(f"  {path}" for path in images))
    print(f"\nOpen {workbook} in Excel to see the sheets and buttons.")
    return wrong


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo steps through the command line, as a user would."""
    parser = argparse.ArgumentParser(prog="gst_ims.demo", description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="IMS documents to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", default=str(DEMO_DIR))
    parser.add_argument("--no-render", action="store_true", help="skip the PNG rendering")
    parser.add_argument("--register-style", choices=[*REGISTER_STYLES, "all"],
                        default="plain", help="the register's layout (all: every one)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless the Summary agrees with the ground truth")
    args = parser.parse_args(argv)
    styles = REGISTER_STYLES if args.register_style == "all" else (args.register_style,)
    results: dict[str, list[str]] = {}
    for style in styles:
        folder = Path(args.folder) / style if len(styles) > 1 else Path(args.folder)
        results[style] = _run_style(folder, args.docs, args.seed, style,
                                    render=not args.no_render and len(styles) == 1)
    if len(styles) > 1:
        print("\nEvery register style against the ground truth:")
        for style, wrong in results.items():
            print(f"  {style:<16} {'agrees' if not wrong else 'DIFFERS: ' + '; '.join(wrong)}")
    failed = any(results.values())
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
