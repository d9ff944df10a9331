"""THE table of settings: each setting defined once.

A row says everything about one setting: its key (what the code reads), its type, its
default, the range a value must fall in, the words the Settings sheet shows (label and
help), which job reads it, whether `ReconSettings` holds it (and as which attribute),
the command-line option that overrides it, and whether workbooks made before it existed
may lack it. The Settings sheet (`workbook/layout/`, `workbook/build_settings.py`), the
validation of the values, the command-line options of `export-actions` and
docs/settings.md are all made from `SETTINGS`: a new setting is a new row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from gst_ims.domain.documents import Action
from gst_ims.domain.match_status import IMS_STATUSES, MatchStatus

YES: Final = "Yes"
NO: Final = "No"
DEFAULT_ACTION_PREFIX: Final = "default_action_"
# The ITC-reduction key spellings of a portal-dialect upload (upload.dialects.KeyStyle
# parses the same words).
UPLOAD_KEY_STYLES: Final[tuple[str, ...]] = (
    "as downloaded", "API camelCase", "portal snake_case",
)
# The portal's upload limit (formats.md: Upload records).
PORTAL_UPLOAD_BYTES: Final = 4_000_000


class SettingKind(StrEnum):
    """What a setting's value cell holds."""

    RUPEES = "rupees"  # an amount in rupees (1.00); read into paise
    INTEGER = "integer"
    YES_NO = "yes_no"  # "Yes" / "No"
    GSTIN = "gstin"
    PATH = "path"
    CHOICE = "choice"  # one of the setting's `choices` (a dropdown)
    MONTH = "month"  # a month (mm-yyyy) or a day (dd-mm-yyyy), as text
    PERIOD = "period"  # a return period MMYYYY, as text
    DATE = "date"  # a date (blank: the usual one)


class Reader(StrEnum):
    """The job that reads a setting."""

    IMPORT = "import"  # the IMS and register imports
    RECONCILE = "reconcile"
    EXPORT = "export"


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting. `default` is what a new workbook holds ("" = blank). `minimum` /
    `maximum` bound a number (inclusive). `attribute`: the `ReconSettings` field it sets
    (None for a job's own setting). `cli_flag`: the `export-actions` option that stands
    in for it without a workbook. `optional`: added after workbooks were in use, so a
    workbook may lack it (its default applies)."""

    key: str
    label: str
    default: str | int | float
    kind: SettingKind
    explanation: str
    reader: Reader
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    attribute: str | None = None
    cli_flag: str | None = None
    optional: bool = False


def _default_actions() -> tuple[Setting, ...]:
    """One row per outcome of an IMS document: the action to pre-fill instead of the
    tool's own suggestion (blank keeps it). Accept is not offered where nothing was booked
    (`ReconSettings` refuses it there too)."""
    rows = []
    for status in MatchStatus:
        if status not in IMS_STATUSES:
            continue
        actions = [a for a in Action
                   if not (a is Action.ACCEPT and status is MatchStatus.NOT_IN_BOOKS)]
        rows.append(Setting(
            DEFAULT_ACTION_PREFIX + status.key, f"Default action: {status.value}", "",
            SettingKind.CHOICE,
            f"Blank: the tool suggests the action. Otherwise every '{status.value}' row "
            "is pre-filled with this action when you reconcile.",
            Reader.RECONCILE, choices=tuple(a.label for a in actions), optional=True))
    return tuple(rows)


SETTINGS: Final[tuple[Setting, ...]] = (
    Setting("recipient_gstin", "Recipient GSTIN", "", SettingKind.GSTIN,
            "Your own GSTIN: the IMS file must be for it, and the upload file is made for it. "
            "Filled from the IMS file when blank.", Reader.EXPORT, cli_flag="--rtin"),
    Setting("output_folder", "Output folder", "", SettingKind.PATH,
            "Where the upload JSON is written. Blank: you are asked for a folder the first "
            "time, or the workbook's own folder is used.", Reader.EXPORT),
    Setting("decimal_comma", "Register amounts use a decimal comma", NO, SettingKind.YES_NO,
            "Yes: in the register, 1.234,50 means one thousand two hundred thirty-four "
            "rupees fifty paise. No: such an amount is refused, never read 100 times larger.",
            Reader.IMPORT, optional=True),
    Setting("amount_tolerance_taxable", "Tolerance on taxable value (₹)", 1.00,
            SettingKind.RUPEES,
            "A taxable-value difference up to this is still Matched (rounding).",
            Reader.RECONCILE, minimum=0, attribute="tolerance_taxable"),
    Setting("amount_tolerance_tax", "Tolerance on each tax (₹)", 1.00, SettingKind.RUPEES,
            "An IGST / CGST / SGST / cess difference up to this is still Matched.",
            Reader.RECONCILE, minimum=0, attribute="tolerance_tax"),
    Setting("exact_threshold", "Exact-match threshold (₹)", 0.01, SettingKind.RUPEES,
            "Differences below this count as exactly equal.",
            Reader.RECONCILE, minimum=0, attribute="exact_threshold"),
    Setting("date_window_days", "Date window (days)", 10, SettingKind.INTEGER,
            "Books and IMS dates this many days apart can still be the same document.",
            Reader.RECONCILE, minimum=0, maximum=366, attribute="date_window_days"),
    Setting("cross_fy", "Match across financial years", NO, SettingKind.YES_NO,
            "No: documents of two financial years pair only when their dates are within "
            "the date window (31-03 and 01-04). Yes: however far apart.",
            Reader.RECONCILE, attribute="cross_fy"),
    Setting("fuzzy_threshold", "Fuzzy number score (0-100)", 90, SettingKind.INTEGER,
            "How alike two document numbers must be for a suggested match.",
            Reader.RECONCILE, minimum=50, maximum=100, attribute="fuzzy_threshold"),
    Setting("pan_pass", "Match on PAN (other GSTIN of the supplier)", YES, SettingKind.YES_NO,
            "Yes: a document booked under another GSTIN of the same PAN is suggested.",
            Reader.RECONCILE, attribute="pan_pass"),
    Setting("amount_only_pass", "Match on amount when numbers differ", YES,
            SettingKind.YES_NO,
            "Yes: same supplier, same amounts, close dates, different number -> suggested.",
            Reader.RECONCILE, attribute="amount_only_pass"),
    Setting("all_or_nothing_export", "Export all or nothing", NO, SettingKind.YES_NO,
            "Yes: no upload file is written when any row is refused.", Reader.EXPORT,
            cli_flag="--all-or-nothing"),
    Setting("confirm_accept_not_in_books", "Ask before accepting Not in Books", NO,
            SettingKind.YES_NO,
            "Yes: the export asks before accepting documents missing from your books.",
            Reader.EXPORT),
    Setting("max_upload_bytes", "Largest upload file (bytes)", PORTAL_UPLOAD_BYTES,
            SettingKind.INTEGER,
            "The portal takes upload files up to about 4 MB; larger exports are split.",
            Reader.EXPORT, minimum=1, maximum=10**9, cli_flag="--max-bytes"),
    Setting("upload_key_style", "Upload key style", UPLOAD_KEY_STYLES[0], SettingKind.CHOICE,
            "How the ITC-reduction keys are spelled in an upload for the portal's offline "
            "JSON (not yet published by the GSTN): as downloaded (the download's own "
            "spelling, else itc_red_req / decl_igst ...), API camelCase (itcRedReq / "
            "declIgst ...) or portal snake_case. Change it only if the portal refuses "
            "the upload's ITC reduction (error IMSSAV0054 on every credit note).",
            Reader.EXPORT, choices=UPLOAD_KEY_STYLES, cli_flag="--key-style", optional=True),
    Setting("books_period_from", "Books period from", "", SettingKind.MONTH,
            "First month (mm-yyyy) or day (dd-mm-yyyy) of the register lines to follow up. "
            "Older lines still pair with IMS documents (late filers); unpaired, they are "
            "counted on Summary as outside the books period instead of Not in IMS. Blank: "
            "the first return period of the IMS download.", Reader.RECONCILE, optional=True),
    Setting("books_period_to", "Books period to", "", SettingKind.MONTH,
            "Last month (mm-yyyy) or day of the books period. Blank: the last return "
            "period of the IMS download.", Reader.RECONCILE, optional=True),
    Setting("return_period", "Return period (MMYYYY)", "", SettingKind.PERIOD,
            "The month the IMS data is for (102025 = October 2025), shown on Home with its "
            "dates. Blank: the most common period of the IMS documents.", Reader.RECONCILE,
            optional=True),
    Setting("gstr2b_date", "GSTR-2B draft date", "", SettingKind.DATE,
            "Blank: the 14th of the month after the return period. Enter another date "
            "(dd-mm-yyyy) when the government moves it.", Reader.RECONCILE, optional=True),
    Setting("gstr3b_due_date", "GSTR-3B due date", "", SettingKind.DATE,
            "Blank: the 20th of the month after the return period. Enter the extended "
            "date (dd-mm-yyyy) when the due date is extended.", Reader.RECONCILE,
            optional=True),
    *_default_actions(),
)


def setting(key: str) -> Setting:
    """The row of `key`; `KeyError` when there is none."""
    for row in SETTINGS:
        if row.key == key:
            return row
    raise KeyError(f"no setting {key!r}")


def keys_read_by(reader: Reader, *, optional: bool | None = None) -> tuple[str, ...]:
    """The keys `reader` reads, in table order; `optional` True / False keeps only the
    settings a workbook may / must have (None: both)."""
    return tuple(row.key for row in SETTINGS
                 if row.reader is reader and (optional is None or row.optional is optional))


def _default_text(row: Setting) -> str:
    if row.default == "":
        return "blank"
    if row.kind is SettingKind.RUPEES:
        return f"₹{row.default:.2f}"
    return str(row.default)


def settings_markdown() -> str:
    """docs/settings.md: every setting, its default, range and what it does."""
    lines = [
        "# Settings",
        "",
        "Made from `python/gst_ims/domain/settings_table.py` (a test keeps this page equal "
        "to it). The Settings sheet shows the same rows; blank cells keep the default.",
        "",
        "| Key | Setting | Default | Allowed | Read by | What it does |",
        "|---|---|---|---|---|---|",
    ]
    for row in SETTINGS:
        allowed = ", ".join(row.choices) if row.choices else {
            SettingKind.YES_NO: "Yes, No", SettingKind.GSTIN: "a GSTIN",
            SettingKind.PATH: "a folder",
        }.get(row.kind, "")
        if row.minimum is not None or row.maximum is not None:
            low = "" if row.minimum is None else f"{row.minimum:g}"
            high = "" if row.maximum is None else f"{row.maximum:g}"
            allowed = f"{low} to {high}" if high else f"{low} or more"
        flag = f" (`{row.cli_flag}`)" if row.cli_flag else ""
        lines.append(f"| `{row.key}` | {row.label} | {_default_text(row)} | {allowed} | "
                     f"{row.reader.value}{flag} | {row.explanation} |")
    return "\n".join(lines) + "\n"
