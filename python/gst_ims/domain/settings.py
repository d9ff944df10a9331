"""Reconciliation settings: tolerances, date window, fiscal-year policy, optional passes and
default actions, with validation that names every bad value at once.

The workbook's Settings sheet holds them as key/value pairs; `ReconSettings.from_mapping`
reads those. Keys (amounts in rupees on the sheet, held here in integer paise):

=============================  ===========  ===============================================
key                            default      meaning
=============================  ===========  ===============================================
amount_tolerance_taxable       1.00         taxable value may differ by this much (₹)
amount_tolerance_tax           1.00         each tax head (IGST, CGST, SGST, cess) (₹)
exact_threshold                0.01         a difference up to this is "exact" (₹)
date_window_days               10           relaxed rules need dates this close (days)
cross_fy                       No           Yes: pair across fiscal years whatever the dates
                                            (No: only dates within the date window)
fuzzy_threshold                90           least similarity (0-100) of a fuzzy number
pan_pass                       Yes          try same-PAN, other-GSTIN pairs
amount_only_pass               Yes          suggest pairs by amounts and date alone
default_action_<status key>    (table)      Accept / Reject / Pending / No action for an
                                            outcome, e.g. default_action_value_mismatch
=============================  ===========  ===============================================

Status keys are `MatchStatus.key` values (``exact``, ``value_mismatch``, ``not_in_books``…).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final

from gst_ims.domain.documents import Action
from gst_ims.domain.match_status import IMS_STATUSES, MatchStatus
from gst_ims.domain.money import decimal_to_paise, format_inr, within_limit
from gst_ims.domain.problems import InputError, Problem, Severity
from gst_ims.domain.safe_text import shown

SETTINGS_SHEET: Final = "Settings"
DEFAULT_ACTION_PREFIX: Final = "default_action_"
_TRUE: Final = frozenset({"yes", "y", "true", "1", "on"})
_FALSE: Final = frozenset({"no", "n", "false", "0", "off"})
# Statuses the user can give a default action to; an Accept on a document not in the
# books would claim credit for something never bought, so it is refused below.
_NO_ACCEPT: Final = frozenset({MatchStatus.NOT_IN_BOOKS})
_MAX_COUNT: Final = 10**9  # days, scores: read into ints and floats, never this large


@dataclass(frozen=True, slots=True)
class ReconSettings:
    """Everything that tunes the engine. Amounts are integer paise."""

    tolerance_taxable: int = 100
    tolerance_tax: int = 100
    exact_threshold: int = 1
    date_window_days: int = 10
    cross_fy: bool = False
    fuzzy_threshold: float = 90.0
    pan_pass: bool = True
    amount_only_pass: bool = True
    # Overrides of the suggested-action table, per status; empty = the built-in table.
    default_actions: Mapping[MatchStatus, Action] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def validate(self) -> list[Problem]:
        """Every inconsistent value as a `Problem` (empty when the settings are usable)."""
        problems: list[Problem] = []

        def bad(key: str, message: str) -> None:
            problems.append(Problem(message, Severity.ERROR, sheet=SETTINGS_SHEET, field=key))

        for key, value in (("amount_tolerance_taxable", self.tolerance_taxable),
                           ("amount_tolerance_tax", self.tolerance_tax),
                           ("exact_threshold", self.exact_threshold)):
            if value < 0:
                bad(key, f"{key} must not be negative (it is {format_inr(value)})")
        if self.exact_threshold > min(self.tolerance_taxable, self.tolerance_tax):
            bad("exact_threshold", "exact_threshold must not exceed the amount tolerances "
                f"({format_inr(self.exact_threshold)} is more than "
                f"{format_inr(min(self.tolerance_taxable, self.tolerance_tax))})")
        if not 0 <= self.date_window_days <= 366:
            bad("date_window_days",
                f"date_window_days must be 0 to 366 days (it is {self.date_window_days})")
        if not 50 <= self.fuzzy_threshold <= 100:
            bad("fuzzy_threshold",
                f"fuzzy_threshold must be 50 to 100 (it is {self.fuzzy_threshold:g}); "
                "below 50 different numbers would be suggested as the same")
        for status, action in self.default_actions.items():
            key = DEFAULT_ACTION_PREFIX + status.key
            if status not in IMS_STATUSES:
                bad(key, f"'{status.value}' rows are register lines, they take no IMS action")
            elif action is Action.ACCEPT and status in _NO_ACCEPT:
                bad(key, f"Accept is not allowed for '{status.value}': nothing was booked")
        return problems

    def check(self) -> ReconSettings:
        """Return self when valid, else raise `InputError` listing every problem."""
        problems = self.validate()
        if problems:
            raise InputError("The reconciliation settings are not usable", problems)
        return self

    def action_for(self, status: MatchStatus) -> Action | None:
        """The user's default action for `status`, or None to use the built-in table."""
        return self.default_actions.get(status)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str | float | int | bool | None]) -> ReconSettings:
        """Settings-sheet key/value pairs -> validated settings. Unknown keys, unreadable
        values and inconsistent settings raise one `InputError` naming each key and value.
        Missing keys keep their defaults."""
        parser = _Parser()
        changes: dict[str, object] = {}
        actions: dict[MatchStatus, Action] = {}
        for raw_key, value in values.items():
            key = str(raw_key).strip().lower()
            if key.startswith(DEFAULT_ACTION_PREFIX):
                parser.action(key, value, actions)
            elif key in _KEYS:
                attribute, kind = _KEYS[key]
                parsed = parser.value(key, value, kind)
                if parsed is not None:
                    changes[attribute] = parsed
            else:
                parser.fail(key, value, "is not a setting; known keys: "
                            + ", ".join([*_KEYS, DEFAULT_ACTION_PREFIX + "<status>"]))
        if parser.problems:
            raise InputError("The Settings sheet has values that cannot be read",
                             parser.problems)
        settings = replace(cls(), **changes)  # type: ignore[arg-type]
        settings = replace(settings, default_actions=MappingProxyType(actions))
        return settings.check()

    def as_mapping(self) -> dict[str, str]:
        """The settings as Settings-sheet text (the inverse of `from_mapping`)."""
        out: dict[str, str] = {}
        for key, (attribute, kind) in _KEYS.items():
            value = getattr(self, attribute)
            if kind == "money":
                out[key] = format_inr(value, symbol=False).replace(",", "")
            elif kind == "bool":
                out[key] = "Yes" if value else "No"
            else:
                out[key] = f"{value:g}" if isinstance(value, float) else str(value)
        for status, action in self.default_actions.items():
            out[DEFAULT_ACTION_PREFIX + status.key] = action.label
        return out


# sheet key -> (attribute, kind)
_KEYS: Final[dict[str, tuple[str, str]]] = {
    "amount_tolerance_taxable": ("tolerance_taxable", "money"),
    "amount_tolerance_tax": ("tolerance_tax", "money"),
    "exact_threshold": ("exact_threshold", "money"),
    "date_window_days": ("date_window_days", "int"),
    "cross_fy": ("cross_fy", "bool"),
    "fuzzy_threshold": ("fuzzy_threshold", "float"),
    "pan_pass": ("pan_pass", "bool"),
    "amount_only_pass": ("amount_only_pass", "bool"),
}
assert {attribute for attribute, _ in _KEYS.values()} | {"default_actions"} == {
    f.name for f in fields(ReconSettings)
}


class _Parser:
    """Parses sheet values, collecting a `Problem` per unreadable one."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, value: object, message: str) -> None:
        self.problems.append(Problem(f"'{key}' = '{shown(value)}' {message}", Severity.ERROR,
                                     sheet=SETTINGS_SHEET, field=key))

    def value(self, key: str, value: object, kind: str) -> object | None:
        text = "" if value is None else str(value).strip()
        if text == "":
            return None  # blank cell: keep the default
        try:
            if kind == "bool":
                return _parse_bool(value)
            number = Decimal(text.replace(",", "").replace("₹", "")[:64])
            if not number.is_finite():
                raise InvalidOperation
            if not within_limit(number) or (kind != "money" and abs(number) > _MAX_COUNT):
                self.fail(key, value, "is far beyond any sensible value for this setting")
                return None
        except (InvalidOperation, ValueError):
            expected = "Yes or No" if kind == "bool" else "a number"
            self.fail(key, value, f"is not {expected}")
            return None
        if kind == "money":
            return decimal_to_paise(number)
        if kind == "int":
            if number != number.to_integral_value():
                self.fail(key, value, "must be a whole number of days")
                return None
            return int(number)
        return float(number)

    def action(self, key: str, value: object, actions: dict[MatchStatus, Action]) -> None:
        status_key = key.removeprefix(DEFAULT_ACTION_PREFIX)
        statuses = {status.key: status for status in MatchStatus}
        if status_key not in statuses:
            self.fail(key, value, "names no outcome; use one of "
                      + ", ".join(DEFAULT_ACTION_PREFIX + s for s in statuses))
            return
        if value is None or str(value).strip() == "":
            return
        try:
            actions[statuses[status_key]] = Action.parse(value)
        except ValueError as exc:
            self.fail(key, value, str(exc))


def _parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)
