"""A folder of malformed, hostile or merely unlucky inputs, shaped like the real ones (a
portal download, a Tally-style register, Excel's CSV flavours, the reconciler workbook a
user has edited) with one thing wrong in each. `build_corpus` writes them and returns
each path with its kind (ims, register, decisions, workbook), for the hostile-directory
test to run every command over."""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import xlsxwriter

from gst_ims.domain.documents import Dialect
from gst_ims.samples import write_sample_month
from gst_ims.workbook import layout as lay
from gst_ims.workbook.build import build_workbook

HOSTILE_TEXTS = ("A\ud800B", "\udfff", "NUL\x00", "bell\x07", "\x1b[2J\x1b[31mred",
                 "rtl\u202egnp.exe", "zero\u200bwidth", "\ufffe\uffff", "=HYPERLINK(\"x\")",
                 "+91", "@SUM(A1)", "-1+1", "#N/A", "x" * 40_000)


@dataclass(frozen=True)
class Hostile:
    """One input: its path, kind and what is wrong with it."""

    path: Path
    kind: str  # ims | register | decisions | workbook
    why: str


@dataclass(frozen=True)
class Base:
    """The good inputs the hostile ones are made from."""

    ims: Path
    register: Path
    workbook: Path
    decisions: Path
    recipient: str


def base_inputs(folder: Path) -> Base:
    """A small sample month, the workbook, and a decisions CSV naming its documents."""
    paths = write_sample_month(folder / "base", docs=30, seed=8, dialect=Dialect.PORTAL)
    payload = json.loads(paths["ims"].read_text(encoding="utf-8"))
    rows = [{"section": "b2b", "supplier_gstin": r["stin"], "doc_no": r["inum"],
             "doc_date": r["idt"], "action": "Accept"}
            for r in payload["imsDetails"]["b2b"][:5]]
    decisions = folder / "base" / "decisions.csv"
    pd.DataFrame(rows).to_csv(decisions, index=False)
    workbook = build_workbook(folder / "base" / "GST.xlsm")
    return Base(paths["ims"], paths["register"], workbook, decisions, payload["gstin"])


def _records(base: Base) -> list[dict[str, Any]]:
    payload = json.loads(base.ims.read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = payload["imsDetails"]["b2b"]
    return records


def _download(records: list[dict[str, Any]], gstin: str, **extra: Any) -> dict[str, Any]:
    return {"gstin": gstin, "imsDetails": {"b2b": records}, **extra}


def _every_text(records: list[dict[str, Any]], texts: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for index, record in enumerate(records):
        changed = dict(record)
        for offset, key in enumerate(k for k, v in record.items() if isinstance(v, str)):
            if (index + offset) % 3 == 0:
                changed[key] = texts[(index + offset) % len(texts)]
        out.append(changed)
    return out


def _ims_files(base: Base, folder: Path) -> list[Hostile]:
    records = _records(base)
    gstin = base.recipient
    made: list[Hostile] = []

    def text(name: str, body: str | bytes, why: str) -> None:
        path = folder / name
        path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        made.append(Hostile(path, "ims", why))

    def payload(name: str, value: Any, why: str, **dump: Any) -> None:
        text(name, json.dumps(value, **dump), why)

    text("empty.json", b"", "zero bytes")
    text("blank.json", "  \n\t ", "only white space")
    text("prose.json", "This is the IMS file you asked for.", "not JSON")
    text("binary.json", bytes(range(256)) * 40, "binary garbage")
    payload("list.json", [], "a list, not an object")
    payload("number.json", 42, "a number")
    payload("no_keys.json", {}, "an empty object")
    payload("empty_details.json", {"imsDetails": {}}, "an empty download")
    payload("section_object.json", {"imsDetails": {"b2b": {}}}, "a section that is no list")
    payload("not_records.json", {"imsDetails": {"b2b": [1, "x", None, [], True]}},
            "records that are not objects")
    text("deep.json", "[" * 100_000 + "]" * 100_000, "100,000 levels of nesting")
    text("deep_field.json", '{"b2b": [{"stin": ' + "[" * 5000 + "]" * 5000 + "}]}",
         "a field nested 5,000 deep")
    payload("surrogates.json", _download(_every_text(records, HOSTILE_TEXTS[:2]), gstin),
            "lone UTF-16 surrogates in every text field", ensure_ascii=True)
    payload("controls.json", _download(_every_text(records, HOSTILE_TEXTS[2:9]), gstin),
            "controls, NUL, bidi, escapes, formula text in every text field",
            ensure_ascii=True)
    payload("long_number.json",
            _download([{**records[0], "inum": "9" * 40_000}, *records[1:]], gstin),
            "a 40,000-character document number")
    payload("long_name.json",
            _download([{**records[0], "tradenm": "N" * 1_048_576}, *records[1:]], gstin),
            "a 1 MB supplier name")
    amounts = json.dumps(_download(records[:4], gstin))
    for literal in ("1e400", "-1E+999", "NaN", "Infinity", "1" + "0" * 5000):
        amounts = amounts.replace('"txval": ', f'"txval": {literal}, "x": ', 1)
    text("amounts.json", amounts, "1e400, -1E+999, NaN, Infinity, a 5,000-digit number")
    payload("dates.json", _download([{**r, "idt": d} for r, d in zip(
        records, ["31-12-9999", "00-00-0000", "29-02-2023", "01-01-0001", "", 5], strict=False)],
        gstin), "impossible and out-of-range dates")
    payload("gsp_failed.json", {"status_cd": "0", "error": {
        "message": "No document found", "error_cd": "RET13509"}}, "a GSP failure")
    payload("gsp_failed_with_data.json", {"status_cd": 0, "error": {"message": "Stale"},
                                          "data": {"b2b": records}},
            "a GSP failure with stale data beside it")
    payload("error_file.json", {"imsDetailsErr": {"b2b": records[:2]}},
            "the portal's error file")
    text("utf16.json", json.dumps(_download(records, gstin)).encode("utf-16"),
         "UTF-16 with a byte-order mark")
    text("bom.json", codecs.BOM_UTF8 + json.dumps(_download(records, gstin)).encode(),
         "UTF-8 with a byte-order mark")
    text("latin1.json", json.dumps(_download(records, gstin), ensure_ascii=False)
         .replace(records[0]["tradenm"], "Café Ré").encode("latin-1", "replace"),
         "Latin-1 bytes, not UTF-8")
    text("duplicate_keys.json", '{"imsDetails": {"b2b": [], "b2b": [' +
         json.dumps(records[0]) + "]}}", "a key twice")
    payload("all_lists.json", _download([{k: [v] for k, v in r.items()} for r in records[:3]],
                                        gstin), "every field a list")
    payload("upload_file.json", {"rtin": gstin, "reqtyp": "SAVE", "invdata": {
        "b2b": records[:3]}}, "an upload file given as a download")
    payload("twice.json", _download(records + records, gstin), "every document twice")
    made += _zips(folder, records, gstin)
    return made


def _zips(folder: Path, records: list[dict[str, Any]], gstin: str) -> list[Hostile]:
    made: list[Hostile] = []

    def archive(name: str, members: dict[str, bytes | str], why: str,
                method: int = zipfile.ZIP_DEFLATED) -> None:
        path = folder / name
        with zipfile.ZipFile(path, "w", method) as handle:
            for member, data in members.items():
                handle.writestr(member, data)
        made.append(Hostile(path, "ims", why))

    good = json.dumps(_download(records, gstin))
    archive("bomb.zip", {"ims.json": '{"b2b": []}' + " " * (48 << 20)},
            "a zip expanding 48 MB of blanks (over 1000 to 1)")
    archive("many.zip", {f"part{i}.json": "{}" for i in range(1001)}, "1,001 members")
    archive("traversal.zip", {"../../evil.json": good, "/abs/ims.json": good},
            "member names climbing out of the folder")
    archive("mixed.zip", {"readme.txt": "hello", "broken.json": "{", "ims.json": good},
            "a text file and a broken JSON beside a good one")
    archive("no_json.zip", {"readme.txt": "nothing here"}, "no JSON inside")
    truncated = folder / "truncated.zip"
    shutil.copyfile(folder / "mixed.zip", truncated)
    truncated.write_bytes(truncated.read_bytes()[:-40])
    made.append(Hostile(truncated, "ims", "a zip cut short"))
    return made


def _register_frame(base: Base) -> pd.DataFrame:
    return pd.read_excel(base.register, engine="calamine", dtype=object)


def _csv_bytes(frame: pd.DataFrame, encoding: str, sep: str = ",") -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, sep=sep, quoting=csv.QUOTE_MINIMAL)
    errors = "surrogatepass" if encoding.startswith("utf-16") else "replace"
    return buffer.getvalue().encode(encoding, errors)


def _register_files(base: Base, folder: Path) -> list[Hostile]:
    frame = _register_frame(base)
    made: list[Hostile] = []

    def write(name: str, data: bytes, why: str) -> None:
        path = folder / name
        path.write_bytes(data)
        made.append(Hostile(path, "register", why))

    write("register_utf16.csv", _csv_bytes(frame, "utf-16", "\t"),
          "Excel's Unicode Text (UTF-16, tabs)")
    write("register_utf16_nobom.csv", _csv_bytes(frame, "utf-16-le"), "UTF-16 without a BOM")
    named = frame.copy()
    named.iloc[:, 3] = "Café Müller & Søn"
    write("register_cp1252.csv", _csv_bytes(named, "cp1252"), "Windows-1252 CSV")
    big = frame.astype(str).copy()
    big.iloc[0, 3] = "y" * 1_000_000
    write("register_1mb_field.csv", _csv_bytes(big, "utf-8"), "a 1 MB field")
    write("register_nul.csv", _csv_bytes(frame, "utf-8").replace(b",", b"\x00,", 5),
          "NUL bytes in a CSV")
    comma = frame.astype(object).copy()
    comma.iloc[:, 8] = [f"{float(v):.2f}".replace(".", ",") for v in comma.iloc[:, 8]]
    write("register_decimal_comma.csv", _csv_bytes(comma, "utf-8"), "decimal commas")
    hostile = frame.astype(object).copy()
    for column in (3, 4, 5, 7):
        hostile.iloc[:, column] = [HOSTILE_TEXTS[i % len(HOSTILE_TEXTS)]
                                   for i in range(len(hostile))]
    hostile["=cmd|' /C calc'!A0"] = "=cmd|' /C calc'!A0"
    write("register_hostile_text.csv", _csv_bytes(hostile, "utf-16", "\t"),
          "surrogates, controls and formula text in every text column and a header")
    write("register_headers_only.csv", _csv_bytes(frame.iloc[:0], "utf-8"), "headers only")
    write("register_unknown_headers.csv",
          _csv_bytes(frame.set_axis([f"c{i}" for i in range(frame.shape[1])], axis=1),
                     "utf-8"), "no header it knows")
    errors = frame.astype(object).copy()
    errors.iloc[::2, 8] = "#N/A"
    errors.iloc[1::2, 6] = "#REF!"
    write("register_error_texts.csv", _csv_bytes(errors, "utf-8"),
          "error values as Excel saves them in a CSV")
    wild = frame.astype(object).copy()
    wild.iloc[:, 6] = ["31-12-9999", 1e12, "00-00-0000", -5] * (len(wild) // 4) + [""] * (
        len(wild) % 4)
    wild.iloc[:, 8] = ["1e400", "1E+300", "-1E+999", "NaN"] * (len(wild) // 4) + [""] * (
        len(wild) % 4)
    write("register_wild_values.csv", _csv_bytes(wild, "utf-8"), "dates and amounts beyond")
    write("register_binary.csv", bytes(range(256)) * 100, "binary garbage named .csv")
    made.append(_formula_register(frame, folder / "register_formulas.xlsx"))
    made.append(_unsaved_register(frame, folder / "register_unsaved.xlsx"))
    damaged = folder / "register_damaged.xlsx"
    damaged.write_bytes((folder / "register_formulas.xlsx").read_bytes()[:3000])
    made.append(Hostile(damaged, "register", "an xlsx cut short"))
    write("register_text.xlsx", b"just text", "a text file named .xlsx")
    write("register_garbage.xls", bytes(range(256)) * 10, "garbage named .xls")
    return made


def _formula_register(frame: pd.DataFrame, path: Path) -> Hostile:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Purchase Register")
    sheet.write_row(0, 0, list(frame.columns))
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for column, value in enumerate(values):
            if not pd.isna(value):
                sheet.write(row, column, str(value) if isinstance(value, pd.Timestamp) else value)
        sheet.write_formula(row, 8, f"={float(values[8]) / 2}*2")  # written with result 0
        if row % 3 == 0:
            sheet.write_formula(row, 9, "=1/0", None, "#DIV/0!")
        if row % 4 == 0:
            sheet.write(row, 5, "_x0007_bell\x0b\x1b[31m")
    book.close()
    return Hostile(path, "register", "formulas a program that does not calculate wrote, "
                   "error cells, controls")


def _unsaved_register(frame: pd.DataFrame, path: Path) -> Hostile:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in values])
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=9, value=f"=J{row}+K{row}")
    book.save(path)
    return Hostile(path, "register", "formulas without saved values")


def _decision_files(base: Base, folder: Path) -> list[Hostile]:
    frame = pd.read_csv(base.decisions, dtype=str, keep_default_na=False)
    made: list[Hostile] = []

    def write(name: str, data: bytes, why: str) -> None:
        path = folder / name
        path.write_bytes(data)
        made.append(Hostile(path, "decisions", why))

    remarks = frame.assign(remarks=["Café – short supply"] * len(frame), action="Reject")
    write("decisions_cp1252.csv", _csv_bytes(remarks, "cp1252"), "Excel's CSV (Windows-1252)")
    write("decisions_utf16.csv", _csv_bytes(frame, "utf-16", "\t"), "Excel's Unicode Text")
    long = frame.assign(remarks=["r" * 1_000_000] + [""] * (len(frame) - 1))
    write("decisions_1mb.csv", _csv_bytes(long, "utf-8"), "a 1 MB remark")
    wild = frame.assign(decl_igst="1E+300", doc_date="31-12-9999", action="\x1b[31mAccept")
    write("decisions_wild.csv", _csv_bytes(wild, "utf-8"), "1E+300, 9999, escapes")
    write("decisions_binary.csv", bytes(range(256)) * 50, "binary garbage")
    write("decisions_empty.csv", b"", "zero bytes")
    return made


def _workbooks(base: Base, folder: Path) -> list[Hostile]:
    made: list[Hostile] = []

    def copy(name: str, why: str, change: Callable[[Path], None]) -> None:
        path = folder / name
        shutil.copyfile(base.workbook, path)
        change(path)
        made.append(Hostile(path, "workbook", why))

    copy("saved_as.xlsx", "the workbook saved as .xlsx", lambda p: None)

    def damage(path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:300]
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)

    copy("damaged.xlsm", "workbook.xml cut short", damage)
    copy("open_in_excel.xlsm", "Excel's owner file beside it",
         lambda p: p.with_name(f"~${p.name}").write_text("owner"))
    copy("read_only.xlsm", "read-only", lambda p: p.chmod(0o444))
    copy("zero.xlsm", "zero bytes", lambda p: p.write_bytes(b""))
    copy("text.xlsm", "a text file named .xlsm", lambda p: p.write_text("hello"))

    def settings(path: Path) -> None:
        book = openpyxl.load_workbook(path, keep_vba=True)
        sheet = book[lay.SETTINGS]
        for key, value in (("amount_tolerance_taxable", "1e400"),
                           ("date_window_days", "9" * 29), ("max_upload_bytes", 1e300)):
            cell = lay.setting_cell(key)
            sheet.cell(row=cell.row, column=cell.column, value=value)
        book.save(path)

    copy("wild_settings.xlsm", "Settings of 1e400 and 29 digits", settings)
    return made


def build_corpus(folder: Path) -> tuple[Base, list[Hostile]]:
    """Write the whole corpus into `folder`; the good inputs and every hostile one."""
    folder.mkdir(parents=True, exist_ok=True)
    base = base_inputs(folder)
    bad = folder / "bad"
    bad.mkdir()
    made = [*_ims_files(base, bad), *_register_files(base, bad), *_decision_files(base, bad),
            *_workbooks(base, bad)]
    made.append(Hostile(bad / "does_not_exist.json", "ims", "a path that does not exist"))
    (bad / "a_folder.json").mkdir()
    made.append(Hostile(bad / "a_folder.json", "ims", "a folder, not a file"))
    return base, made
