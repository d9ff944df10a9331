"""The match cascade as data: an ordered tuple of frozen `Rule` objects.

A rule says, per field, how the two documents must compare: the supplier (same GSTIN, or
same PAN under another GSTIN), the number (up to which normalisation layer, fuzzy, or not
compared), the amounts (exact, within tolerance, outside it, total tax, not compared) and
the date (same day, within the window, not compared). Documents of two fiscal years pair
under any rule only when their dates are within the window (31-03 and 01-04: one
document on either side of the year end), unless the `cross_fy` setting lifts the wall;
far apart, the same number in two years is two documents (numbering restarts on 1 April).
The first rule that pairs two
documents wins; the pair records its `id`. Tolerances and the window come from
`ReconSettings`, so no number is hidden in the code.

A rule tests a *pair frame* (one row per candidate pair) with these columns:
``layer`` (int, the strictest `NumberLayer` at which the numbers agree, 6 when none),
``number_score`` (0-100 similarity of the layer-3 numbers), ``same_last_run`` (bool),
``confusable_equal`` (bool), ``near_number`` (int, `near_numbers.NearKind`: one swap or
one dropped suffix, 0 when not looked at), ``other_serial`` (bool: same series, other
last digit run),
``date_gap`` (float days, NaN when a date is unknown), ``same_fy`` (bool: both dates in
one fiscal year, or a date unknown),
``same_gstin`` (bool), ``same_type`` (bool: the same document type), ``other_type``
(bool: a pair of types in `OTHER_TYPES`) and ``d_taxable``, ``d_igst``, ``d_cgst``,
``d_sgst``, ``d_cess`` (int64 paise, IMS - books).

Documents of different types are compared by the rules marked `TypeTest.OTHER` only, and
only across the pairs of `OTHER_TYPES`: the supplier's credit note against a debit note in
the books (a purchase return the buyer entered as a debit note), and the supplier's debit
note against a purchase in the books (a debit note entered as a purchase voucher). Never
an invoice against a credit note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from gst_ims.domain.documents import Action, Category
from gst_ims.domain.match_status import MatchStatus
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon.numbers import NumberLayer

BoolArray = npt.NDArray[np.bool_]
HEAD_DIFFS: Final = ("d_igst", "d_cgst", "d_sgst", "d_cess")


class Source(StrEnum):
    """Where the engine finds the candidate pairs a rule tests (engine._candidates)."""

    BY_NUMBER = "numbers equal at some normalisation layer"
    OTHER_TYPE = "numbers equal, across the type pairs of OTHER_TYPES"
    BY_PAN = "numbers equal, same PAN"
    FUZZY = "same last digit run or the same confusable-folded number"
    AMOUNTS = "taxable values within tolerance"


class SupplierTest(StrEnum):
    """How the suppliers must compare."""

    SAME_GSTIN = "same GSTIN"
    SAME_PAN_OTHER_GSTIN = "same PAN, other GSTIN"

    def ok(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which pairs (a pair frame, module doc) pass this test."""
        same = pairs["same_gstin"].to_numpy(dtype=bool)
        return same if self is SupplierTest.SAME_GSTIN else ~same

    @property
    def source(self) -> Source | None:
        """The candidates this test needs, if it needs its own."""
        return Source.BY_PAN if self is SupplierTest.SAME_PAN_OTHER_GSTIN else None


class NumberTest(StrEnum):
    """How the document numbers must compare."""

    AS_WRITTEN = "equal ignoring case and separators"
    NORMALISED = "equal after normalisation"
    DIGITS = "same digits, and not one with a suffix the other lacks"
    FUZZY = "similar, same last digits"
    NEAR = "one adjacent swap or one dropped suffix"
    NOT_OTHER_SERIAL = "not another serial of the same series"
    IGNORED = "not compared"

    def ok(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which pairs (a pair frame, module doc) pass this test."""
        return _NUMBER_CHECKS[self](pairs, settings)

    @property
    def source(self) -> Source | None:
        """The candidates this test needs, if it needs its own."""
        return _NUMBER_SOURCES.get(self)


class AmountTest(StrEnum):
    """How taxable value and tax heads must compare."""

    EXACT = "exact"
    WITHIN = "within tolerance"
    OUTSIDE = "some outside tolerance"
    TOTAL_TAX = "taxable and total tax within tolerance"
    IGNORED = "not compared"

    def ok(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which pairs (a pair frame, module doc) pass this test."""
        return _AMOUNT_CHECKS[self](pairs, settings)


class TypeTest(StrEnum):
    """How the document types must compare."""

    SAME = "same type"
    OTHER = "the other type of a pair in OTHER_TYPES"

    def ok(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which pairs (a pair frame, module doc) pass this test."""
        column = "same_type" if self is TypeTest.SAME else "other_type"
        return _bools(pairs[column].to_numpy(dtype=bool))

    @property
    def source(self) -> Source | None:
        """The candidates this test needs, if it needs its own."""
        return Source.OTHER_TYPE if self is TypeTest.OTHER else None


# IMS document type -> the books type it may be booked as (module doc).
OTHER_TYPES: Final[dict[str, str]] = {"CN": "DN", "DN": "INV"}


class DateTest(StrEnum):
    """How the document dates must compare."""

    SAME = "same day"
    WINDOW = "within the date window"
    IGNORED = "not compared"

    def ok(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which pairs (a pair frame, module doc) pass this test."""
        if self is DateTest.IGNORED:
            return _everyone(pairs, settings)
        gap = pairs["date_gap"].to_numpy(dtype="float64")
        limit = 0 if self is DateTest.SAME else settings.date_window_days
        with np.errstate(invalid="ignore"):
            return _bools(np.nan_to_num(gap, nan=np.inf) <= limit)


Check = Callable[[pd.DataFrame, ReconSettings], BoolArray]


def _everyone(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    return np.ones(len(pairs), dtype=bool)


def _up_to(layer: NumberLayer) -> Check:
    """Numbers equal at `layer` or a stricter one."""
    def check(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        return _bools(pairs["layer"].to_numpy(dtype="int64") <= int(layer))
    return check


def _same_digits(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    # The same digits are no proof when one number is the other with a suffix
    # ("7894/A" and "7894"): that is a suggestion (rule near_number).
    layer = pairs["layer"].to_numpy(dtype="int64")
    slip = pairs["near_number"].to_numpy(dtype="int64") != 0
    return _bools((layer <= NumberLayer.DIGITS_ONLY)
                  & ((layer < NumberLayer.DIGITS_ONLY) | ~slip))


def _similar(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    score = pairs["number_score"].to_numpy(dtype="float64")
    guarded = (score >= settings.fuzzy_threshold) & pairs["same_last_run"].to_numpy(dtype=bool)
    return _bools(guarded | pairs["confusable_equal"].to_numpy(dtype=bool))


def _one_slip(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    return _bools(pairs["near_number"].to_numpy(dtype="int64") > 0)


def _not_other_serial(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    return _bools(~pairs["other_serial"].to_numpy(dtype=bool))


_NUMBER_CHECKS: Final[dict[NumberTest, Check]] = {
    NumberTest.AS_WRITTEN: _up_to(NumberLayer.SEPARATORS),
    NumberTest.NORMALISED: _up_to(NumberLayer.FISCAL_YEAR),
    NumberTest.DIGITS: _same_digits,
    NumberTest.FUZZY: _similar,
    NumberTest.NEAR: _one_slip,
    NumberTest.NOT_OTHER_SERIAL: _not_other_serial,
    NumberTest.IGNORED: _everyone,
}
# Number tests that accept unequal numbers find their candidates elsewhere.
_NUMBER_SOURCES: Final[dict[NumberTest, Source]] = {
    NumberTest.FUZZY: Source.FUZZY,
    NumberTest.NEAR: Source.AMOUNTS,
    NumberTest.NOT_OTHER_SERIAL: Source.AMOUNTS,
    NumberTest.IGNORED: Source.AMOUNTS,
}


def _exact(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    return _within(pairs, settings.exact_threshold, settings.exact_threshold)


def _within_tolerance(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    return _within(pairs, settings.tolerance_taxable, settings.tolerance_tax)


def _outside_tolerance(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    return ~_within_tolerance(pairs, settings)


def _total_tax(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    taxable = np.abs(pairs["d_taxable"].to_numpy(dtype="int64"))
    total = np.abs(pairs[list(HEAD_DIFFS)].to_numpy(dtype="int64").sum(axis=1))
    return _bools((taxable <= settings.tolerance_taxable) & (total <= settings.tolerance_tax))


def _within(pairs: pd.DataFrame, taxable_limit: int, head_limit: int) -> BoolArray:
    """Taxable value and every tax head within their limits (paise)."""
    taxable = np.abs(pairs["d_taxable"].to_numpy(dtype="int64"))
    heads = np.abs(pairs[list(HEAD_DIFFS)].to_numpy(dtype="int64"))
    return _bools((taxable <= taxable_limit) & (heads <= head_limit).all(axis=1))


_AMOUNT_CHECKS: Final[dict[AmountTest, Check]] = {
    AmountTest.EXACT: _exact,
    AmountTest.WITHIN: _within_tolerance,
    AmountTest.OUTSIDE: _outside_tolerance,
    AmountTest.TOTAL_TAX: _total_tax,
    AmountTest.IGNORED: _everyone,
}
assert set(_NUMBER_CHECKS) == set(NumberTest), "every number test needs its check"
assert set(_AMOUNT_CHECKS) == set(AmountTest), "every amount test needs its check"


@dataclass(frozen=True, slots=True)
class Rule:
    """One step of the cascade, carrying its own meaning: how the fields compare, the
    `status` it gives (and through it the category, suggested action and remark), and
    the opening of the `reason` a user reads for a pair it made.

    `reason` is a template; the reason builder (recon/reasons.py) fills its placeholders:
    ``{number}`` (how the numbers agree), ``{pair}`` (both numbers), ``{near}`` (the
    slip), ``{gstins}`` (both GSTINs), ``{booked_as}`` (what the books made of it).
    """

    id: str
    label: str
    status: MatchStatus
    supplier: SupplierTest
    number: NumberTest
    amounts: AmountTest
    dates: DateTest
    reason: str
    suggested_only: bool = False
    # Pair only when each side has exactly one candidate (amount-only guesses). Counted
    # over every pair the rule's other conditions accept, before the number test: a
    # candidate the serial guard rejects still shows that the amounts are not unique.
    unique_only: bool = False
    # Name of the boolean ReconSettings field that switches the rule on, if any.
    switch: str = ""
    types: TypeTest = TypeTest.SAME

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError(f"rule {self.id!r} has no reason text")

    @property
    def category(self) -> Category:
        """The result sheet of the pairs this rule makes."""
        return self.status.category

    @property
    def suggested_action(self) -> Action | None:
        """The action suggested for the pairs this rule makes (before overrides)."""
        return self.status.suggested_action

    @property
    def suggested_remark(self) -> str:
        """The remark suggested with that action ("" for none)."""
        return self.status.suggested_remark

    @property
    def source(self) -> Source:
        """Where the engine finds this rule's candidates: the first comparison (type,
        supplier, number) that needs its own, else pairs of equal numbers."""
        needs = (self.types.source, self.supplier.source, self.number.source)
        return next((source for source in needs if source is not None), Source.BY_NUMBER)

    def enabled(self, settings: ReconSettings) -> bool:
        """False when the rule's switch in the settings is off."""
        return not self.switch or bool(getattr(settings, self.switch))

    def accepts(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which candidate pairs (a pair frame, see module doc) this rule would pair."""
        return self.accepts_but_number(pairs, settings) & self.number.ok(pairs, settings)

    def accepts_but_number(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which candidate pairs pass every condition of the rule except the number test
        (the pool in which `unique_only` counts candidates)."""
        ok = self.types.ok(pairs, settings) & self.supplier.ok(pairs, settings)
        ok &= self.amounts.ok(pairs, settings) & self.dates.ok(pairs, settings)
        return ok & fiscal_year_ok(pairs, settings)

    def failure(self, pair: pd.DataFrame, settings: ReconSettings) -> str:
        """For a one-row pair frame: the first field this rule rejects (``type``,
        ``supplier``, ``fiscal year``, ``number``, ``amounts``, ``date``), or ``""`` when
        it accepts the pair."""
        checks = (
            ("type", self.types.ok(pair, settings)),
            ("supplier", self.supplier.ok(pair, settings)),
            ("fiscal year", fiscal_year_ok(pair, settings)),
            ("number", self.number.ok(pair, settings)),
            ("amounts", self.amounts.ok(pair, settings)),
            ("date", self.dates.ok(pair, settings)),
        )
        return next((name for name, ok in checks if not bool(ok[0])), "")

    def amounts_ok(self, pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
        """Which pairs pass the rule's amount test."""
        return self.amounts.ok(pairs, settings)


def fiscal_year_ok(pairs: pd.DataFrame, settings: ReconSettings) -> BoolArray:
    """The fiscal-year wall (module doc): same fiscal year, or dates within the window,
    or `cross_fy` on."""
    if settings.cross_fy:
        return np.ones(len(pairs), dtype=bool)
    gap = np.nan_to_num(pairs["date_gap"].to_numpy(dtype="float64"), nan=np.inf)
    return _bools(pairs["same_fy"].to_numpy(dtype=bool) | (gap <= settings.date_window_days))


def _bools(values: object) -> BoolArray:
    return np.asarray(values, dtype=bool)


S, N, A, D, T = SupplierTest, NumberTest, AmountTest, DateTest, TypeTest

# Highest confidence first (docs/formats.md: Matching). Number rules come
# before the amount-only guess so that a genuine same-number pair booked far apart is not
# cross-paired by amounts (the QKI/055190 false positive, india-compliance PR #4433).
CASCADE: Final[tuple[Rule, ...]] = (
    Rule("exact", "Exact match", MatchStatus.EXACT,
         S.SAME_GSTIN, N.AS_WRITTEN, A.EXACT, D.WINDOW,
         reason="{number}; every amount matches"),
    Rule("normalised", "Same number after normalisation", MatchStatus.NORMALISED,
         S.SAME_GSTIN, N.NORMALISED, A.EXACT, D.WINDOW,
         reason="{number}; every amount matches"),
    Rule("within_tolerance", "Amounts within tolerance", MatchStatus.WITHIN_TOLERANCE,
         S.SAME_GSTIN, N.NORMALISED, A.WITHIN, D.WINDOW,
         reason="{number}; amounts agree within tolerance"),
    # Many registers keep only the digits of the supplier's number; that is enough only
    # when the date is the same and every amount agrees.
    Rule("digits_only", "Same digits, same date and amounts", MatchStatus.DIGITS_ONLY,
         S.SAME_GSTIN, N.DIGITS, A.WITHIN, D.SAME,
         reason=("Only the digits of the number match {pair}; the date and every "
                 "amount agree")),
    # The supplier's credit note booked as a debit note (a purchase return), or its debit
    # note booked as a purchase: number, amounts and date agree, which is stronger than a
    # same-type pair whose values differ.
    Rule("other_type", "Same number, booked as another type", MatchStatus.OTHER_TYPE,
         S.SAME_GSTIN, N.NORMALISED, A.WITHIN, D.WINDOW,
         reason="{number}; amounts agree within tolerance; {booked_as}", types=T.OTHER),
    Rule("value_mismatch", "Same number, values differ", MatchStatus.VALUE_MISMATCH,
         S.SAME_GSTIN, N.NORMALISED, A.OUTSIDE, D.WINDOW,
         reason="{number}, but values differ"),
    Rule("digits_value_mismatch", "Same digits and date, values differ",
         MatchStatus.VALUE_MISMATCH, S.SAME_GSTIN, N.DIGITS, A.OUTSIDE, D.SAME,
         reason=("The digits of the number {pair} and the date match, but values "
                 "differ")),
    # One slip of the keyboard (TR-4521 keyed as TR-4512, 456-1 as 456) with every amount
    # and the date agreeing: a suggestion the user confirms, never a match. Before the
    # fuzzy rule (whose words are vaguer) and the amount-only guess (whose serial guard
    # rightly refuses these numbers).
    Rule("near_number", "Number differs by one swap or a dropped suffix",
         MatchStatus.NEAR_NUMBER, S.SAME_GSTIN, N.NEAR, A.WITHIN, D.WINDOW,
         reason="Suggested: {near} {pair}; amounts and date agree; please confirm",
         suggested_only=True),
    Rule("fuzzy", "Similar number, amounts and date agree", MatchStatus.SUGGESTED,
         S.SAME_GSTIN, N.FUZZY, A.WITHIN, D.WINDOW,
         reason=("Suggested: document number is similar, not equal {pair}; amounts and "
                 "date agree; please confirm"), suggested_only=True),
    Rule("number_date_ignored", "Same number, date differs", MatchStatus.DATE_DIFFERS,
         S.SAME_GSTIN, N.NORMALISED, A.IGNORED, D.IGNORED,
         reason="{number}, but the dates are far apart"),
    # The same document booked as another type with values that differ: after every
    # same-type rule that trusts the number.
    Rule("other_type_value_mismatch", "Same number, booked as another type, values differ",
         MatchStatus.VALUE_MISMATCH, S.SAME_GSTIN, N.NORMALISED, A.OUTSIDE, D.WINDOW,
         reason="{number}, but values differ; {booked_as}",
         types=T.OTHER),
    # Amounts and date alone suggest a pair, unless the numbers are two serials of one
    # series (SI-25-00895 vs SI-25-00900): those are two documents, whatever the amounts.
    Rule("amount_only", "Only amounts and date agree", MatchStatus.AMOUNT_ONLY,
         S.SAME_GSTIN, N.NOT_OTHER_SERIAL, A.WITHIN, D.WINDOW,
         reason=("Suggested: numbers differ {pair}; only the amounts and the date agree; "
                 "please confirm"),
         suggested_only=True, unique_only=True, switch="amount_only_pass"),
    Rule("pan", "Same PAN, other GSTIN", MatchStatus.GSTIN_DIFFERS,
         S.SAME_PAN_OTHER_GSTIN, N.NORMALISED, A.TOTAL_TAX, D.WINDOW,
         reason=("Booked under another GSTIN of the same PAN {gstins}; number and total "
                 "tax agree"), switch="pan_pass"),
)
# Pairs a person linked by hand are not found by the cascade; these rows only say what
# such a pair is called (the amount test decides between them).
BY_YOU: Final[tuple[Rule, ...]] = (
    Rule("linked_match", "Paired by you, amounts agree", MatchStatus.LINKED_MATCH,
         S.SAME_GSTIN, N.IGNORED, A.WITHIN, D.IGNORED,
         reason="Paired by you {pair}; amounts agree within tolerance"),
    Rule("linked_mismatch", "Paired by you, values differ", MatchStatus.LINKED_MISMATCH,
         S.SAME_GSTIN, N.IGNORED, A.OUTSIDE, D.IGNORED,
         reason="Paired by you {pair}, but values differ"),
)
RULES_BY_ID: Final = {rule.id: rule for rule in (*CASCADE, *BY_YOU)}
assert len(RULES_BY_ID) == len(CASCADE) + len(BY_YOU), "rule ids must be unique"


def rule_rank(rule_id: str) -> int:
    """Position of a rule in the cascade (0 = strongest)."""
    return next(i for i, rule in enumerate(CASCADE) if rule.id == rule_id)
