"""Read IMS JSON downloads (API or portal offline dialect, `.json` or `.zip`) into the IMS
frame (`domain.documents.IMS_COLUMNS`).

What the reader promises:

* every record of every actionable section is either a frame row or a `Problem` with
  severity error (skipped); per file and section ``in_file == read + skipped``;
* `raw` is the record's JSON text as downloaded (all keys, file order, numbers in their
  original text), so the upload can echo it;
* amounts are int64 paise parsed from the JSON text as decimals, never through floats;
* document numbers are text exactly as in the file, also when the file has a number.

Severity policy (why: a record the upload cannot identify must not be acted on, anything
else is better kept and flagged than lost):

* error, record skipped: not an object; missing or empty supplier GSTIN, document number,
  document date, original number/date (amendments) or taxable value; a date that is not a
  real dd-mm-yyyy date; an amount that is no number; an action code that is none of A/R/P/N;
* warning, record kept: invalid GSTIN (check digit, format); negative amount; a missing
  tax head or document value (taken as 0); a missing or unknown invoice type, place of
  supply, source form, return period, filing status, pending-blocked flag or action
  (taken as "N"), or hash (API dialect only: the portal download is not known to carry one).
  Repeated warnings of one kind in one section are reported once with their count;
* the same document twice (same `record_key`) within or across files: the copy read last
  is kept (files are taken in the order given, so a re-download given after the first one
  wins) and the earlier copy is counted as skipped, with a warning naming both places.

`record_key` = ``section|STIN|DOC NO|dd-mm-yyyy|rtnprd`` with the GSTIN and document
number trimmed and upper-cased, plus ``|ORIG NO|orig date`` for amendments. It identifies a
document across re-downloads so that decisions carry over; `hash` tells whether the
supplier changed it since.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from gst_ims.domain.dates import parse_ddmmyyyy
from gst_ims.domain.documents import (
    AMOUNT_COLUMNS,
    CESS,
    CGST,
    DIALECT,
    DOC_DATE,
    DOC_NO,
    DOC_TYPE,
    DOC_VALUE,
    FILING_STATUS,
    HASH,
    IGST,
    IMS_COLUMNS,
    INV_TYPE,
    IS_AMENDMENT,
    ITC_RED_BLOCKED,
    ORIG_DOC_DATE,
    ORIG_DOC_NO,
    PENDING_BLOCKED,
    PORTAL_ACTION,
    POS,
    RAW,
    RECORD_KEY,
    REMARKS_BLOCKED,
    SECTION,
    SGST,
    SOURCE_FILE,
    SOURCE_INDEX,
    SRC_FORM,
    SRC_PERIOD,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    SUPPLIER_PAN,
    TAXABLE,
    Action,
    Dialect,
    FilingStatus,
    Section,
)
from gst_ims.domain.gstin import POS_CODES, gstin_problems, normalise_gstin
from gst_ims.domain.money import decimal_to_paise, within_limit
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.safe_text import shown
from gst_ims.ims.envelope import Envelope, EnvelopeError, unwrap
from gst_ims.ims.fields import (
    ACTION_SPELLINGS,
    AMOUNT_KEYS,
    ENVELOPE_META_KEYS,
    FILING_STATUS_SPELLINGS,
    FLAG_SPELLINGS,
    INV_TYPES,
    INVERTED_FLAG_KEYS,
    NOT_ACTIONABLE_SECTIONS,
    READ_ALIASES,
    SECTION_ALIASES,
    SRC_FORMS,
)
from gst_ims.ims.jsontext import loads_exact
from gst_ims.ims.rawtext import record_text
from gst_ims.ims.sources import (
    DEFAULT_ZIP_LIMITS,
    JsonSource,
    ZipLimits,
    load_sources,
    too_many_documents,
)
from gst_ims.ims.text_checks import clean_text_columns, number_refusal


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
# value normalisation (each keeps a cache: a month has few distinct codes)

_MISSING: Final = object()
# The keys every record is read by first (the key map's preferred spellings).
_GSTIN_KEY: Final = READ_ALIASES[SUPPLIER_GSTIN][0]
_ACTION_KEY: Final = READ_ALIASES[PORTAL_ACTION][0]
_HASH_KEY: Final = READ_ALIASES[HASH][0]
_MAX_PAISE: Final = 10**17  # far above the portal's 9999999999999.99 and below int64
_MAX_RUPEES: Final = _MAX_PAISE // 100
# No GST document is dated outside these years; a date there is a corrupt field.
_MAX_NOTE: Final = 300
_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2100
_PERIOD = re.compile(r"^(0[1-9]|1[0-2])((19|20)\d\d)?$")
_POS_PREFIX = re.compile(r"^(\d{1,2})(\s*-.*)?$")

Normalised = tuple[Any, str | None]  # (value for the frame, warning message or None)


def _text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def _normalise_action(value: Any) -> Normalised:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Action.NO_ACTION.value, "action is empty; taken as N (no action)"
    text = _text_of(value)
    spelled = ACTION_SPELLINGS.get(text.upper())
    if spelled is not None:
        return spelled.value, None
    try:
        return Action.parse(text).value, None
    except ValueError:
        return None, f"unknown action '{text}'; expected A, R, P or N"


def _normalise_filing(value: Any) -> Normalised:
    if isinstance(value, bool):
        return (FilingStatus.FILED if value else FilingStatus.NOT_FILED).value, None
    status = FILING_STATUS_SPELLINGS.get(_text_of(value).upper())
    if status is None:
        return "", f"unknown filing status '{value}'; left blank"
    return status.value, None


def _normalise_flag(value: Any) -> Normalised:
    if isinstance(value, bool):
        return value, None
    flag = FLAG_SPELLINGS.get(_text_of(value).upper())
    if flag is None:
        return False, f"'{value}' is not Y or N; taken as N"
    return flag, None


def _normalise_inverted_flag(value: Any) -> Normalised:
    flag, message = _normalise_flag(value)
    return not flag, message


def _normalise_pos(value: Any) -> Normalised:
    text = _text_of(value)
    match = _POS_PREFIX.match(text)
    if match:
        code = match.group(1).zfill(2)
        if code in POS_CODES:
            note = None if code == text else f"place of supply '{text}' read as '{code}'"
            return code, note
    return text, f"unknown place-of-supply code '{text}'; kept as is"


def _normalise_inv_type(value: Any) -> Normalised:
    text = _text_of(value).upper()
    if text in INV_TYPES:
        return text, None
    return text, f"unknown invoice type '{value}'; expected R, DE, SEWP, SEWOP or CBW"


def _normalise_src_form(value: Any) -> Normalised:
    text = _text_of(value)
    if text.upper() in SRC_FORMS:
        return text, None
    return text, f"unknown source form '{text}'; expected R1, R1A, IFF or R5"


def _normalise_period(value: Any) -> Normalised:
    text = _text_of(value)
    # The portal dialect is reported to carry a bare MM on the upload side (formats.md:
    # Record fields): accepted.
    if _PERIOD.match(text):
        return text, None
    return text, f"return period '{text}' is not MMYYYY"


def _normalise_gstin_text(value: Any) -> Normalised:
    return normalise_gstin(value), None


class _Lookup:
    """A cached normaliser: raw JSON value -> (frame value, warning or None)."""

    def __init__(self, normalise: Callable[[Any], Normalised]) -> None:
        self._normalise = normalise
        self._cache: dict[Any, Normalised] = {}

    def __call__(self, value: Any) -> Normalised:
        try:
            return self._cache[value]
        except KeyError:
            result: Normalised = self._normalise(value)
            self._cache[value] = result
            return result
        except TypeError:  # a list or object where a scalar belongs
            return self._normalise(shown(value))


def _paise(value: Any) -> int | None:
    """A JSON amount -> paise; None when it is no number. Numeric text is accepted."""
    kind = type(value)
    if kind is int:
        paise = value * 100
    elif kind is float:
        # A payload parsed without `loads_exact`: the shortest repr is the text the JSON
        # had for any amount with at most 2 decimals.
        if value != value or value in (float("inf"), float("-inf")):
            return None
        paise = decimal_to_paise(Decimal(repr(value)))
    elif kind is Decimal:
        if not within_limit(value):
            return None
        paise = decimal_to_paise(value)
    elif kind is str:
        try:
            number = Decimal(value.strip()[:64])
        except InvalidOperation:
            return None
        if not within_limit(number):
            return None
        paise = decimal_to_paise(number)
    else:
        return None
    return paise if abs(paise) < _MAX_PAISE else None


def _doc_number(value: Any) -> str | None:
    """A document number as text exactly as in the file; None when missing or blank."""
    if isinstance(value, str):
        return value if value.strip() else None
    if type(value) is int or type(value) is Decimal:
        return str(value)
    return None


# ----------------------------------------------------------------------------------------
# one file


_STRING_COLUMNS: Final = (
    SECTION, DOC_TYPE, SUPPLIER_GSTIN, SUPPLIER_PAN, SUPPLIER_NAME, DOC_NO, ORIG_DOC_NO,
    INV_TYPE, POS, SRC_FORM, SRC_PERIOD, FILING_STATUS, PORTAL_ACTION, HASH, RECORD_KEY,
    RAW, DIALECT, SOURCE_FILE,
)
_BOOL_COLUMNS: Final = (IS_AMENDMENT, PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED)
_LIST_COLUMNS: Final = (
    SECTION, SUPPLIER_GSTIN, SUPPLIER_NAME, DOC_NO, DOC_DATE, ORIG_DOC_NO, ORIG_DOC_DATE,
    INV_TYPE, POS, DOC_VALUE, TAXABLE, IGST, CGST, SGST, CESS, SRC_FORM, SRC_PERIOD,
    FILING_STATUS, PORTAL_ACTION, PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED,
    HASH, RECORD_KEY, RAW, SOURCE_INDEX,
)
# Fields whose absence skips the record (besides number/date keys of the section).
_SKIP_IF_MISSING: Final = (SUPPLIER_GSTIN, TAXABLE)
# Fields whose absence is a warning, with the value used instead.
_DEFAULT_IF_MISSING: Final[dict[str, Any]] = {
    DOC_VALUE: 0, IGST: 0, CGST: 0, SGST: 0, CESS: 0,
    INV_TYPE: "", POS: "", SRC_FORM: "", SRC_PERIOD: "", FILING_STATUS: "",
    PORTAL_ACTION: Action.NO_ACTION.value, PENDING_BLOCKED: False, HASH: "",
}
_DEFAULT_WORDS: Final[dict[str, str]] = {
    DOC_VALUE: "taken as 0", IGST: "taken as 0", CGST: "taken as 0", SGST: "taken as 0",
    CESS: "taken as 0", PORTAL_ACTION: "taken as N (no action)",
    PENDING_BLOCKED: "taken as N (pending allowed)",
}
# Download-only fields (formats.md: Upload records): an upload-shaped file does not carry them.
_DOWNLOAD_ONLY: Final = frozenset({FILING_STATUS, PENDING_BLOCKED, HASH})


def _first_key(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in record:
            return record[key]
    return _MISSING


@dataclass
class _SectionCounts:
    in_file: dict[str, int] = field(default_factory=dict)
    read: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


class _FileReader:
    """Reads the records of one parsed JSON document into column lists."""

    def __init__(self, name: str, envelope: Envelope) -> None:
        self.name = name
        self.envelope = envelope
        self.columns: dict[str, list[Any]] = {column: [] for column in _LIST_COLUMNS}
        self.problems: list[Problem] = []
        # (section, field, message, severity) -> [count, first index]
        self._notes: dict[tuple[str, str, str, Severity], list[int]] = {}
        self.counts = _SectionCounts()
        self._dates: dict[Any, str | None] = {}
        self._action = _Lookup(_normalise_action)
        self._filing = _Lookup(_normalise_filing)
        self._flag = _Lookup(_normalise_flag)
        self._inverted_flag = _Lookup(_normalise_inverted_flag)
        self._pos = _Lookup(_normalise_pos)
        self._inv_type = _Lookup(_normalise_inv_type)
        self._src_form = _Lookup(_normalise_src_form)
        self._period = _Lookup(_normalise_period)
        self._gstin = _Lookup(_normalise_gstin_text)

    # -- problems ---------------------------------------------------------------------
    def _error(self, section: str, index: int, key: str, message: str) -> None:
        self.problems.append(
            Problem(message, Severity.ERROR, file=self.name, section=section, row=index,
                    field=key)
        )

    def _note(self, section: str, index: int, key: str, message: str,
              severity: Severity = Severity.WARNING) -> None:
        if len(message) > _MAX_NOTE:  # a value quoted from a hostile file
            message = message[:_MAX_NOTE] + "…"
        slot = self._notes.get((section, key, message, severity))
        if slot is None:
            self._notes[(section, key, message, severity)] = [1, index]
        else:
            slot[0] += 1

    def notes_as_problems(self) -> list[Problem]:
        """Aggregated warnings: one per kind and section, with how many records."""
        out = []
        for (section, key, message, severity), (count, first) in self._notes.items():
            text = message if count == 1 else (
                f"{message} (in {count:,} records; the first is record {first})"
            )
            out.append(Problem(text, severity, file=self.name, section=section, row=first,
                               field=key))
        return out

    # -- values -----------------------------------------------------------------------
    def _date(self, value: Any) -> str | None:
        """dd-mm-yyyy text of a real date, or None."""
        try:
            return self._dates[value]
        except KeyError:
            pass
        except TypeError:
            return None
        result: str | None = None
        if isinstance(value, str):
            try:
                year = parse_ddmmyyyy(value).year
                result = value.strip() if _FIRST_YEAR <= year <= _LAST_YEAR else None
            except ValueError:
                result = None
        self._dates[value] = result
        return result

    # -- sections ---------------------------------------------------------------------
    def read_sections(self) -> None:
        """Read every section of the envelope; warn about keys that are no section."""
        for key, records in self.envelope.sections.items():
            lowered = key.lower()
            section = SECTION_ALIASES.get(lowered)
            if section is not None:
                self.read_section(key, section, records)
            elif lowered in NOT_ACTIONABLE_SECTIONS:
                count = len(records) if isinstance(records, list) else 0
                self.problems.append(Problem(
                    f"section '{key}' ({count:,} records) is not one this tool acts on "
                    "(imports and ISD are read-only in IMS); not read",
                    Severity.WARNING, file=self.name, section=key,
                ))
            elif lowered not in ENVELOPE_META_KEYS:
                self.problems.append(Problem(
                    f"unknown key '{shown(key)}' next to the sections; not read",
                    Severity.WARNING, file=self.name, field=key,
                ))

    def _required_keys(self, section: Section) -> list[tuple[str, tuple[str, ...], bool]]:
        """(field, keys, skip-if-missing) for every field a record of `section` needs."""
        upload = bool(self.envelope.upload_type)
        fields: list[tuple[str, tuple[str, ...], bool]] = [
            (SUPPLIER_GSTIN, READ_ALIASES[SUPPLIER_GSTIN], True),
            (DOC_NO, (section.number_key,), True),
            (DOC_DATE, (section.date_key,), True),
        ]
        if section.orig_number_key and section.orig_date_key:
            fields.append((ORIG_DOC_NO, (section.orig_number_key,), True))
            fields.append((ORIG_DOC_DATE, (section.orig_date_key,), True))
        for column in (TAXABLE, *_DEFAULT_IF_MISSING):
            if column == INV_TYPE and not section.has_inv_type:
                continue
            if upload and column in _DOWNLOAD_ONLY:
                continue
            if column == HASH and self.envelope.dialect is Dialect.PORTAL:
                continue
            fields.append((column, READ_ALIASES[column], column in _SKIP_IF_MISSING))
        return fields

    def read_section(self, key: str, section: Section, records: Any) -> None:
        """Append the records of one section array to the column lists."""
        sec = section.value
        counts = self.counts
        for bucket in (counts.in_file, counts.read, counts.skipped):
            bucket.setdefault(sec, 0)
        if not isinstance(records, list):
            self.problems.append(Problem(
                f"section '{key}' holds {type(records).__name__}, not a list of records; "
                "not read", Severity.ERROR, file=self.name, section=sec,
            ))
            return
        required = self._required_keys(section)
        fast_sets = [
            frozenset(keys[0] for _, keys, _ in required),
            frozenset(keys[-1] for _, keys, _ in required),
        ]
        num_key, date_key = section.number_key, section.date_key
        orig_num_key, orig_date_key = section.orig_number_key, section.orig_date_key
        upload_reset = self.envelope.upload_type == "RESET"
        prefix = f"{sec}|"
        cols = self.columns
        col = {name: cols[name].append for name in _LIST_COLUMNS}
        amount_appends = [col[column] for column, _ in AMOUNT_KEYS]
        # (append, (key looked for, its normaliser) in order, value when absent) of the
        # coded fields.
        field_plan: list[tuple[Callable[[Any], None], tuple[tuple[str, _Lookup], ...], Any]] = [
            (col[INV_TYPE], self._keyed(INV_TYPE, self._inv_type), ""),
            (col[POS], self._keyed(POS, self._pos), ""),
            (col[SRC_FORM], self._keyed(SRC_FORM, self._src_form), ""),
            (col[FILING_STATUS], self._keyed(FILING_STATUS, self._filing), ""),
            (col[PENDING_BLOCKED], self._keyed(PENDING_BLOCKED, self._flag), False),
            (col[ITC_RED_BLOCKED], self._keyed(ITC_RED_BLOCKED, self._flag), False),
            (col[REMARKS_BLOCKED], self._keyed(REMARKS_BLOCKED, self._flag), False),
        ]
        period_keys = READ_ALIASES[SRC_PERIOD]
        append_period = col[SRC_PERIOD]
        name_keys = READ_ALIASES[SUPPLIER_NAME]
        read = skipped = 0
        for index, record in enumerate(records):
            if type(record) is not dict:
                self._error(sec, index, "", "record is not a JSON object; skipped")
                skipped += 1
                continue
            keys = record.keys()
            if not (fast_sets[0] <= keys or fast_sets[1] <= keys) and not self._check_required(
                sec, index, record, required
            ):
                skipped += 1
                continue
            bad = False
            stin, _ = self._gstin(record.get(_GSTIN_KEY))
            if not stin:
                self._error(sec, index, _GSTIN_KEY, "supplier GSTIN is empty; skipped")
                bad = True
            number = _doc_number(record.get(num_key))
            if number is None:
                self._error(sec, index, num_key, "document number is empty or not text; "
                            "skipped")
                bad = True
            elif (refusal := number_refusal(number)) is not None:
                self._error(sec, index, num_key, refusal)
                bad = True
            date_text = self._date(record.get(date_key))
            if date_text is None:
                self._error(sec, index, date_key,
                            f"'{shown(record.get(date_key))}' is not a dd-mm-yyyy date "
                            "from 1900 to 2100; skipped")
                bad = True
            orig_number: str | None = ""
            orig_date: str | None = ""
            if orig_num_key and orig_date_key:
                orig_number = _doc_number(record.get(orig_num_key))
                if orig_number is None:
                    self._error(sec, index, orig_num_key,
                                "original document number is empty or not text; skipped")
                    bad = True
                elif (refusal := number_refusal(orig_number)) is not None:
                    self._error(sec, index, orig_num_key, "original: " + refusal)
                    bad = True
                orig_date = self._date(record.get(orig_date_key))
                if orig_date is None:
                    self._error(sec, index, orig_date_key,
                                f"original date '{shown(record.get(orig_date_key))}' is "
                                "not a dd-mm-yyyy date from 1900 to 2100; skipped")
                    bad = True
            amounts: list[int] = []
            for _column, amount_key in AMOUNT_KEYS:
                value = record.get(amount_key, 0)
                if type(value) is int and 0 <= value < _MAX_RUPEES:
                    amounts.append(value * 100)
                    continue
                paise = _paise(value) if value is not None else 0
                if paise is None:
                    self._error(sec, index, amount_key,
                                f"'{shown(value)}' is not an amount the portal takes (at "
                                "most 15 digits before the decimal point); skipped")
                    bad = True
                    paise = 0
                elif paise < 0:
                    self._note(sec, index, amount_key,
                               f"negative amount {value}: IMS amounts are positive even for "
                               "credit notes; kept as it is")
                amounts.append(paise)
            raw_action = record.get(_ACTION_KEY, _MISSING)
            if raw_action is _MISSING:
                action = Action.NO_ACTION.value
            else:
                action, message = self._action(raw_action)
                if action is None:
                    self._error(sec, index, "action", f"{message}; skipped")
                    bad = True
                elif message:
                    self._note(sec, index, "action", message)
            if upload_reset:
                action = Action.NO_ACTION.value
            if bad:
                skipped += 1
                continue
            period = ""
            for period_key in period_keys:
                if period_key in record:
                    found = self._value(self._period, record, period_key, sec, index)
                    # A bare month (reported for the portal's `rtnprd`) gives way to a
                    # full MMYYYY under the other spelling (`sRtnPrd`).
                    if not period or (len(period) == 2 and len(found) > 2):
                        period = found
                    if len(period) > 2:
                        break
            for append, keyed, default in field_plan:
                value = default
                for field_key, lookup in keyed:
                    if field_key in record:
                        value, message = lookup(record[field_key])
                        if message:
                            self._note(sec, index, field_key, message)
                        break
                append(value)
            append_period(period)
            name = _first_key(record, name_keys)
            hash_value = record.get(_HASH_KEY, "")
            assert number is not None and date_text is not None  # bad is False
            record_key = f"{prefix}{stin}|{number.strip().upper()}|{date_text}|{period}"
            if orig_num_key:
                assert orig_number is not None
                record_key += f"|{orig_number.strip().upper()}|{orig_date}"
            col[SECTION](sec)
            col[SUPPLIER_GSTIN](stin)
            col[SUPPLIER_NAME]("" if name is _MISSING or name is None else _text_of(name))
            col[DOC_NO](number)
            col[DOC_DATE](date_text)
            col[ORIG_DOC_NO](orig_number)
            col[ORIG_DOC_DATE](orig_date)
            for append, paise in zip(amount_appends, amounts, strict=True):
                append(paise)
            col[PORTAL_ACTION](action)
            col[HASH](hash_value if isinstance(hash_value, str) else str(hash_value))
            col[RECORD_KEY](record_key)
            col[RAW](record_text(record))
            col[SOURCE_INDEX](index)
            read += 1
        counts.in_file[sec] += len(records)
        counts.read[sec] += read
        counts.skipped[sec] += skipped

    def _keyed(self, column: str, lookup: _Lookup) -> tuple[tuple[str, _Lookup], ...]:
        """The keys of `column` in order of preference, each with its normaliser (an
        inverted flag key reads through the inverting one)."""
        return tuple((key, self._inverted_flag if key in INVERTED_FLAG_KEYS else lookup)
                     for key in READ_ALIASES[column])

    def _value(self, lookup: _Lookup, record: dict[str, Any], key: str, section: str,
               index: int) -> Any:
        """Normalised value of `key`; "" / False when absent (already warned about)."""
        if key not in record:
            return False if lookup is self._flag else ""
        value, message = lookup(record[key])
        if message:
            self._note(section, index, key, message)
        return value

    def _check_required(self, section: str, index: int, record: dict[str, Any],
                        required: list[tuple[str, tuple[str, ...], bool]]) -> bool:
        """Report missing fields; False when one of them makes the record unusable."""
        usable = True
        for column, keys, skip in required:
            if any(key in record for key in keys):
                continue
            spelled = " / ".join(keys)
            if skip:
                self._error(section, index, keys[0], f"required field {spelled} is missing; "
                            "skipped")
                usable = False
            else:
                words = _DEFAULT_WORDS.get(column, "left blank")
                self._note(section, index, keys[0], f"field {spelled} is missing; {words}")
        return usable

    # -- frame ------------------------------------------------------------------------
    def frame(self, source_file: str) -> pd.DataFrame:
        """The column lists as a frame with the IMS dtypes."""
        cols = self.columns
        size = len(cols[SECTION])
        sections = pd.Series(cols[SECTION], dtype="string")
        section_info = {s.value: s for s in Section}
        doc_types = {key: section.doc_type.value for key, section in section_info.items()}
        amendment = {key: section.is_amendment for key, section in section_info.items()}
        gstins = pd.Series(cols[SUPPLIER_GSTIN], dtype="string")
        data: dict[str, Any] = {
            SECTION: sections,
            DOC_TYPE: sections.map(doc_types).astype("string"),
            IS_AMENDMENT: sections.map(amendment).astype(bool),
            SUPPLIER_GSTIN: gstins,
            SUPPLIER_PAN: gstins.str.slice(2, 12),
            DOC_DATE: _dates(cols[DOC_DATE]),
            ORIG_DOC_DATE: _dates(cols[ORIG_DOC_DATE]),
            DIALECT: pd.Series([self.envelope.dialect.value] * size, dtype="string"),
            SOURCE_FILE: pd.Series([source_file] * size, dtype="string"),
            SOURCE_INDEX: pd.Series(cols[SOURCE_INDEX], dtype="Int64"),
        }
        for column in AMOUNT_COLUMNS:
            data[column] = pd.Series(np.asarray(cols[column], dtype=np.int64), dtype="int64")
        for column in (PENDING_BLOCKED, ITC_RED_BLOCKED, REMARKS_BLOCKED):
            data[column] = pd.Series(np.asarray(cols[column], dtype=bool), dtype=bool)
        for column in _STRING_COLUMNS:
            if column not in data:
                data[column] = pd.Series(cols[column], dtype="string")
        return pd.DataFrame({column: data[column] for column in IMS_COLUMNS})


def _dates(texts: list[str]) -> pd.Series:
    """dd-mm-yyyy texts (already validated; "" for none) -> datetime64[ns]."""
    parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="%d-%m-%Y",
                            errors="coerce")
    return parsed.astype("datetime64[ns]")


def empty_ims_frame() -> pd.DataFrame:
    """An IMS frame with no rows and the right dtypes."""
    reader = _FileReader("", Envelope({}, Dialect.API, ""))
    return reader.frame("")


# ----------------------------------------------------------------------------------------
# files


@dataclass
class _Collected:
    frames: list[pd.DataFrame] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    infos: list[tuple[str, Dialect, str, _SectionCounts]] = field(default_factory=list)
    fatal_files: int = 0


def _gstin_warnings(frame: pd.DataFrame, name: str) -> list[Problem]:
    """One warning per section and invalid supplier GSTIN (records are kept: a portal
    download with a wrong supplier GSTIN is near impossible, and dropping it would lose
    the document)."""
    reasons = gstin_problems(frame[SUPPLIER_GSTIN])
    bad = reasons != ""
    if not bad.any():
        return []
    rows = frame.loc[bad, [SECTION, SUPPLIER_GSTIN, SOURCE_INDEX]].assign(reason=reasons[bad])
    problems = []
    for (section, _gstin, reason), group in rows.groupby(
        [SECTION, SUPPLIER_GSTIN, "reason"], sort=False
    ):
        count = len(group)
        first = int(group[SOURCE_INDEX].iloc[0])
        tail = "" if count == 1 else f" (in {count:,} records; the first is record {first})"
        problems.append(Problem(f"{reason}; record kept{tail}", Severity.WARNING,
                                file=name, section=str(section), row=first, field="stin"))
    return problems


def _read_parsed(payload: Any, source: JsonSource, collected: _Collected) -> None:
    try:
        envelope = unwrap(payload)
    except EnvelopeError as exc:
        collected.problems.append(Problem(str(exc), Severity.ERROR, file=source.name))
        collected.fatal_files += 1
        return
    reader = _FileReader(source.name, envelope)
    reader.read_sections()
    frame, text_problems = clean_text_columns(reader.frame(source.name), source.name)
    problems = reader.problems + reader.notes_as_problems() + text_problems + (
        _gstin_warnings(frame, source.name))
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


def _drop_duplicates(frame: pd.DataFrame, file_ids: np.ndarray,
                     counts: list[_SectionCounts], problems: list[Problem]) -> pd.DataFrame:
    """Keep the copy of a document read last; count the others as skipped."""
    earlier = frame.duplicated(RECORD_KEY, keep="last").to_numpy()
    if not earlier.any():
        return frame
    keys = frame[RECORD_KEY].to_numpy(dtype=object)
    files = frame[SOURCE_FILE].to_numpy(dtype=object)
    sections = frame[SECTION].to_numpy(dtype=object)
    numbers = frame[DOC_NO].to_numpy(dtype=object)
    indexes = frame[SOURCE_INDEX].to_numpy(dtype=np.int64)
    repeated = frame[RECORD_KEY].isin(frame.loc[earlier, RECORD_KEY]).to_numpy()
    kept = {keys[row]: row for row in np.flatnonzero(repeated & ~earlier)}
    for row in np.flatnonzero(earlier):
        kept_row = kept[keys[row]]
        same_file = file_ids[kept_row] == file_ids[row]
        where = "later in the same file" if same_file else f"in {files[kept_row]}"
        section = str(sections[row])
        problems.append(Problem(
            f"document {numbers[row]} appears again {where} (record {indexes[kept_row]}); "
            "that copy is kept and this one skipped", Severity.WARNING, file=str(files[row]),
            section=section, row=int(indexes[row]), field=RECORD_KEY,
        ))
        file_counts = counts[int(file_ids[row])]
        file_counts.read[section] -= 1
        file_counts.skipped[section] += 1
    return frame.loc[~earlier].reset_index(drop=True)


def _finish(collected: _Collected, total_sources: int) -> ImsRead:
    if total_sources == 0 or collected.fatal_files >= total_sources or not collected.infos:
        raise InputError("no IMS data could be read", collected.problems)
    frames = collected.frames
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    file_ids = np.repeat(np.arange(len(frames)), [len(part) for part in frames])
    counts = [info[3] for info in collected.infos]
    problems = collected.problems
    frame = _drop_duplicates(frame, file_ids, counts, problems)
    files = [
        ImsFileInfo(path, dialect, recipient, dict(c.in_file), dict(c.read), dict(c.skipped))
        for path, dialect, recipient, c in collected.infos
    ]
    return ImsRead(frame, problems, files)


def read_ims_files(
    paths: Sequence[Path], *, zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS
) -> ImsRead:
    """Read IMS downloads (`.json`, or `.zip` of `.json`) into one IMS frame.

    A file that cannot be read at all is a fatal `Problem` and the others are still read;
    `InputError` (carrying every problem) only when nothing at all is readable.
    """
    collected = _Collected()
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


def read_ims_payload(payload: Any, name: str) -> ImsRead:
    """Read one already-parsed IMS download (from `jsontext.loads_exact`, or a plain
    `json.load` result) named `name`; `InputError` when it is no IMS download."""
    collected = _Collected()
    with _no_gc_pauses():
        _read_parsed(payload, JsonSource(name, Path(name).name or name, b""), collected)
    return _finish(collected, 1)
