"""Which register column is read as which field: aliases, the user's explicit mapping,
the supplier's-number precedence, per-rate ledger columns and a single tax column; and
the message when a required column is missing.

`resolve_headers` returns a `HeaderPlan` or raises `InputError`. The plan's `notes` are
the reader's report on its choices (INFO / WARNING problems): which column gave the
supplier's number, which ledger columns went into which head, how one tax column is
split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from gst_ims.books.aliases import (
    FIELD_LABELS,
    HEADER_ALIASES,
    POSTING_DATE,
    REQUIRED_FIELDS,
    TAX_FIELDS_ONE_OF,
    TAX_TOTAL,
    VOUCHER_NO,
    closest_alias,
    header_key,
    headers_meaning,
    match_headers,
)
from gst_ims.books.ledgers import plan_ledgers
from gst_ims.domain.documents import DOC_DATE, DOC_NO, POS, TAXABLE
from gst_ims.domain.problems import InputError, Problem, Severity

PER_RATE_HINT: Final = (
    "Tax may also come from per-rate ledger columns, summed per head (e.g. 'Input CGST @ "
    "9%', 'CGST Input 2.5%', 'Input IGST @ 18%', 'Cess on GST Input'), with the taxable "
    "value from purchase ledger columns ('Purchase @ 18%'); or from one tax column ('Tax "
    "Amount', 'GST Amount') split into IGST or CGST + SGST by the place of supply.")


@dataclass(frozen=True)
class ColumnMapping:
    """Explicit user mapping; overrides alias recognition.

    `columns`: canonical field name (domain.documents, or ``posting_date``) -> header text
    in the file.
    """

    columns: Mapping[str, str]


@dataclass(frozen=True)
class HeaderPlan:
    """How the register's columns are read.

    `header_map`: field -> the one header read for it; `sums`: amount field -> ledger
    headers summed into it (ledgers.py); `tax_column`: the single tax column to split
    (``""`` when the register has tax heads); `notes`: the reader's report on its choices.
    """

    header_map: dict[str, str]
    sums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tax_column: str = ""
    notes: tuple[Problem, ...] = ()

    def sources(self, name: str) -> tuple[str, ...]:
        """The headers an amount field is read from (none when the register lacks it)."""
        if name in self.sums:
            return self.sums[name]
        return (self.header_map[name],) if name in self.header_map else ()

    @property
    def used(self) -> frozenset[str]:
        """Headers consumed into Books columns (ledger and tax columns included)."""
        summed = {h for headers in self.sums.values() for h in headers}
        return frozenset(summed | ({self.tax_column} - {""}))


def at(where: Problem, message: str, *, severity: Severity = Severity.ERROR,
       row: int | None = None, field: str = "") -> Problem:
    """A problem at `where`'s file and sheet."""
    return Problem(message, severity, file=where.file, sheet=where.sheet, row=row, field=field)


def resolve_headers(headers: list[str], mapping: ColumnMapping | None, where: Problem,
                    *, recipient_state: str = "") -> HeaderPlan:
    """Headers of the table -> `HeaderPlan`: aliases first, the explicit mapping on top,
    ledger columns where a head has no column of its own, a single tax column where the
    register has no head at all.

    Raises `InputError` when the mapping names an unknown field or a header that is not
    there, when a required field has no column, or when one tax column cannot be split
    (no place of supply and no recipient state).
    """
    problems: list[Problem] = []
    mapped = _mapped(headers, mapping, where, problems)
    taken = set(mapped.values())
    header_map = match_headers(h for h in headers if h not in taken)
    header_map = {k: v for k, v in header_map.items() if k not in mapped} | mapped
    by_key = {header_key(header): header for header in reversed(headers)}
    # Tally's bare "Date" is the voucher date: when the document date has its own, more
    # specific column, a bare "Date" column gives the posting date (the period).
    bare_date = by_key.get(header_key("Date"))
    if (POSTING_DATE not in header_map and bare_date is not None
            and header_map.get(DOC_DATE) not in (None, bare_date)
            and bare_date not in header_map.values()):
        header_map[POSTING_DATE] = bare_date
    notes = [*_number_notes(header_map, where)]
    ledgers = plan_ledgers(headers, header_map, frozenset(header_map.values()))
    for name in ledgers.sums:
        header_map.pop(name, None)
    heads = any(h in header_map or h in ledgers.sums for h in TAX_FIELDS_ONE_OF)
    tax_column = header_map[TAX_TOTAL] if not heads and TAX_TOTAL in header_map else ""
    missing = [n for n in REQUIRED_FIELDS if n not in header_map and n not in ledgers.sums]
    no_tax = not heads and not tax_column
    if missing or no_tax:
        problems.extend(_missing_column_problems(headers, header_map, missing, no_tax, where))
    if problems:
        raise InputError(_missing_message(headers, header_map, missing, no_tax), problems)
    if tax_column and POS not in header_map and not recipient_state:
        raise InputError(
            f"The register has one tax column ('{tax_column}') and no place-of-supply "
            "column, so its tax cannot be split into IGST or CGST + SGST. Add a 'Place of "
            "Supply' column (state code or name), or set the Recipient GSTIN on the "
            "Settings sheet so that each supplier's state can be compared with yours.",
            [at(where, f"'{tax_column}' cannot be split: no place of supply and no "
                "recipient GSTIN", field=tax_column)])
    notes += _ledger_notes(ledgers.sums, ledgers.unsummed, header_map, where)
    if tax_column:
        basis = (f"the place of supply ('{header_map[POS]}')" if POS in header_map
                 else "each supplier's state against yours (no place-of-supply column)")
        notes.append(at(where, f"one tax column '{tax_column}': split into IGST, or CGST + "
                        f"SGST, by {basis}; every split line is marked in the 'Tax Split' "
                        "column", severity=Severity.INFO, field=tax_column))
    return HeaderPlan(header_map, dict(ledgers.sums), tax_column, tuple(notes))


def _mapped(headers: list[str], mapping: ColumnMapping | None, where: Problem,
            problems: list[Problem]) -> dict[str, str]:
    mapped: dict[str, str] = {}
    by_key = {header_key(header): header for header in reversed(headers)}
    for canonical, wanted in (mapping.columns if mapping else {}).items():
        if canonical not in HEADER_ALIASES:
            problems.append(at(where, f"mapping names '{canonical}', which is no register "
                               f"field; fields are: {', '.join(HEADER_ALIASES)}"))
            continue
        found = wanted if wanted in headers else by_key.get(header_key(wanted))
        if found is None:
            problems.append(at(where, f"mapping says {FIELD_LABELS[canonical]} is in column "
                               f"'{wanted}', but there is no such header", field=wanted))
            continue
        mapped[canonical] = found
    return mapped


def _number_notes(header_map: dict[str, str], where: Problem) -> list[Problem]:
    """The supplier's number: which column, and a warning when only the company's own
    voucher number exists (it then stands in)."""
    own = header_map.get(VOUCHER_NO)
    if DOC_NO not in header_map and own is not None:
        header_map[DOC_NO] = header_map.pop(VOUCHER_NO)
        return [at(where, f"no column for the supplier's document number: read from "
                   f"'{own}', which looks like your own voucher number. Matching needs the "
                   "number printed on the supplier's invoice; if this is not it, add that "
                   "column (e.g. 'Supplier Invoice No.') or map it on Settings",
                   severity=Severity.WARNING, field=own)]
    if DOC_NO not in header_map:
        return []
    besides = f" (not from '{own}', your own voucher number)" if own else ""
    return [at(where, f"supplier's document number read from '{header_map[DOC_NO]}'"
               + besides, severity=Severity.INFO, field=header_map[DOC_NO])]


def _ledger_notes(sums: Mapping[str, tuple[str, ...]],
                  unsummed: Mapping[str, tuple[str, ...]], header_map: Mapping[str, str],
                  where: Problem) -> list[Problem]:
    notes = []
    for name, columns in sums.items():
        listed = " + ".join(f"'{c}'" for c in columns)
        notes.append(at(where, f"{FIELD_LABELS[name]} = {listed} (ledger columns summed)",
                        severity=Severity.INFO, field=FIELD_LABELS[name]))
    for name, columns in unsummed.items():
        listed = ", ".join(f"'{c}'" for c in columns)
        notes.append(at(where, f"{listed} not added to {FIELD_LABELS[name]}: the register "
                        f"has its total in '{header_map[name]}' (carried through)",
                        severity=Severity.INFO, field=FIELD_LABELS[name]))
    return notes


def _missing_column_problems(
    headers: Sequence[str], header_map: Mapping[str, str], missing: list[str], no_tax: bool,
    where: Problem,
) -> list[Problem]:
    unused = [h for h in headers if h not in header_map.values()]
    wanted = [*missing, *(TAX_FIELDS_ONE_OF if no_tax else ())]
    problems: list[Problem] = []
    for name in wanted:
        near = headers_meaning(name, unused)
        hint = ("; close headers in the file (by meaning): " + ", ".join(
            f"'{c.header}' (like '{c.alias}')" for c in near)) if near else ""
        aliases = ", ".join(f"'{a}'" for a in HEADER_ALIASES[name][:6])
        extra = f"; {PER_RATE_HINT}" if name in TAX_FIELDS_ONE_OF or name == TAXABLE else ""
        problems.append(at(where, f"no column for the {FIELD_LABELS[name]} ({name}); "
                           f"headers read as it include {aliases}{hint}{extra}"))
    return problems


def _missing_message(
    headers: Sequence[str], header_map: Mapping[str, str], missing: list[str], no_tax: bool
) -> str:
    required = ", ".join(f"{FIELD_LABELS[n]} ({n})" for n in REQUIRED_FIELDS)
    lines = [
        f"the register lacks required columns. Required: {required}, and at least one of "
        "IGST / CGST / SGST.",
    ]
    if missing:
        lines.append("Missing: " + ", ".join(FIELD_LABELS[n] for n in missing) + ".")
    if no_tax:
        lines.append("Missing: every tax head (IGST, CGST, SGST).")
    if no_tax or TAXABLE in missing:
        lines.append(PER_RATE_HINT)
    lines.append("Headers found (and what each is read as, or the closest known header of "
                 "the same meaning):")
    reverse = {header: name for name, header in header_map.items()}
    for header in headers:
        if header in reverse:
            lines.append(f"  '{header}' -> {reverse[header]}")
            continue
        near = closest_alias(header)
        lines.append(
            f"  '{header}' -> not recognised; closest: '{near.alias}' ({near.field})"
            if near else f"  '{header}' -> not recognised (carried through as is)"
        )
    lines.append("Rename the headers, or map them explicitly (Settings sheet / ColumnMapping).")
    return "\n".join(lines)
