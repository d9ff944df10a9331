"""One parsed IMS JSON document's section arrays -> column lists, one value per record
read (`frame.LIST_COLUMNS`), with the problems found.

Severity policy (why: a record the upload cannot identify must not be acted on, anything
else is better kept and flagged than lost):

* error, record skipped: not an object; missing or empty supplier GSTIN, document number,
  document date, original number/date (amendments) or taxable value; a date that is not a
  real dd-mm-yyyy date; an amount that is no number; an action code that is none of A/R/P/N;
* warning, record kept: invalid GSTIN (check digit, format); negative amount; a missing
  tax head or document value (taken as 0); a missing or unknown invoice type, place of
  supply, source form, return period, filing status, pending-blocked flag or action
  (taken as "N"), or hash (API dialect only: the portal download is not known to carry one).
  Repeated warnings of one kind in one section are reported once with their count.

`record_key` = ``section|STIN|DOC NO|dd-mm-yyyy|rtnprd`` with the GSTIN and document
number trimmed and upper-cased, plus ``|ORIG NO|orig date`` for amendments. It identifies a
document across re-downloads so that decisions carry over; `hash` tells whether the
supplier changed it since.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from gst_ims.domain.dates import parse_ddmmyyyy
from gst_ims.domain.documents import (
    CESS,
    CGST,
    DOC_DATE,
    DOC_NO,
    DOC_VALUE,
    FILING_STATUS,
    HASH,
    IGST,
    INV_TYPE,
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
    SOURCE_INDEX,
    SRC_FORM,
    SRC_PERIOD,
    SUPPLIER_GSTIN,
    SUPPLIER_NAME,
    TAXABLE,
    Action,
    Dialect,
    Section,
)
from gst_ims.domain.problems import Problem, Severity
from gst_ims.domain.safe_text import shown
from gst_ims.ims.envelope import Envelope
from gst_ims.ims.fields import (
    AMOUNT_KEYS,
    ENVELOPE_META_KEYS,
    INVERTED_FLAG_KEYS,
    NOT_ACTIONABLE_SECTIONS,
    READ_ALIASES,
    SECTION_ALIASES,
)
from gst_ims.ims.frame import LIST_COLUMNS, SectionCounts
from gst_ims.ims.rawtext import record_text
from gst_ims.ims.text_checks import number_refusal
from gst_ims.ims.values import (
    MAX_PAISE,
    Lookup,
    doc_number,
    normalise_action,
    normalise_filing,
    normalise_flag,
    normalise_gstin_text,
    normalise_inv_type,
    normalise_inverted_flag,
    normalise_period,
    normalise_pos,
    normalise_src_form,
    paise_of,
    text_of,
)

_MISSING: Final = object()
# The keys every record is read by first (the key map's preferred spellings).
_GSTIN_KEY: Final = READ_ALIASES[SUPPLIER_GSTIN][0]
_ACTION_KEY: Final = READ_ALIASES[PORTAL_ACTION][0]
_HASH_KEY: Final = READ_ALIASES[HASH][0]
_MAX_RUPEES: Final = MAX_PAISE // 100
_MAX_NOTE: Final = 300
# No GST document is dated outside these years; a date there is a corrupt field.
_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2100
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



class RecordReader:
    """Reads the records of one parsed JSON document into column lists (`with_raw`
    False: ``raw`` is "" for every record)."""

    def __init__(self, name: str, envelope: Envelope, *, with_raw: bool = True) -> None:
        self.name = name
        self.envelope = envelope
        self.with_raw = with_raw
        self.columns: dict[str, list[Any]] = {column: [] for column in LIST_COLUMNS}
        self.problems: list[Problem] = []
        # (section, field, message, severity) -> [count, first index]
        self._notes: dict[tuple[str, str, str, Severity], list[int]] = {}
        self.counts = SectionCounts()
        self._dates: dict[Any, str | None] = {}
        self._action = Lookup(normalise_action)
        self._filing = Lookup(normalise_filing)
        self._flag = Lookup(normalise_flag)
        self._inverted_flag = Lookup(normalise_inverted_flag)
        self._pos = Lookup(normalise_pos)
        self._inv_type = Lookup(normalise_inv_type)
        self._src_form = Lookup(normalise_src_form)
        self._period = Lookup(normalise_period)
        self._gstin = Lookup(normalise_gstin_text)

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
        col = {name: cols[name].append for name in LIST_COLUMNS}
        amount_appends = [col[column] for column, _ in AMOUNT_KEYS]
        # (append, (key looked for, its normaliser) in order, value when absent) of the
        # coded fields.
        field_plan: list[tuple[Callable[[Any], None], tuple[tuple[str, Lookup], ...], Any]] = [
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
            number = doc_number(record.get(num_key))
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
                orig_number = doc_number(record.get(orig_num_key))
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
                paise = paise_of(value) if value is not None else 0
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
            col[SUPPLIER_NAME]("" if name is _MISSING or name is None else text_of(name))
            col[DOC_NO](number)
            col[DOC_DATE](date_text)
            col[ORIG_DOC_NO](orig_number)
            col[ORIG_DOC_DATE](orig_date)
            for append, paise in zip(amount_appends, amounts, strict=True):
                append(paise)
            col[PORTAL_ACTION](action)
            col[HASH](hash_value if isinstance(hash_value, str) else str(hash_value))
            col[RECORD_KEY](record_key)
            col[RAW](record_text(record) if self.with_raw else "")
            col[SOURCE_INDEX](index)
            read += 1
        counts.in_file[sec] += len(records)
        counts.read[sec] += read
        counts.skipped[sec] += skipped

    def _keyed(self, column: str, lookup: Lookup) -> tuple[tuple[str, Lookup], ...]:
        """The keys of `column` in order of preference, each with its normaliser (an
        inverted flag key reads through the inverting one)."""
        return tuple((key, self._inverted_flag if key in INVERTED_FLAG_KEYS else lookup)
                     for key in READ_ALIASES[column])

    def _value(self, lookup: Lookup, record: dict[str, Any], key: str, section: str,
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
