"""What a sample month plants: the month and recipient, each situation (`CASES`,
`REGISTER_ONLY_CASES`) with its share and expected category, the section mix and
which sections and cases go together (rules as data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from gst_ims.domain.documents import Category, Section

RECIPIENT_STATE: Final = "27"
TAX_PERIOD: Final = "102025"
MONTH_START: Final = np.datetime64("2025-10-01")
FY_SHORT: Final = "25-26"
FY_YY: Final = "25"


@dataclass(frozen=True)
class SampleCase:
    """A planted situation: its name (the truth's `case`), share of IMS documents and the
    category a correct reconciliation gives the IMS document."""

    name: str
    share: float
    category: Category
    note: str


CASES: Final[tuple[SampleCase, ...]] = (
    SampleCase("exact", 0.570, Category.MATCHED, "same number, date and amounts"),
    SampleCase("rounding", 0.050, Category.MATCHED,
               "taxable value or one tax head off by 1 paisa to ₹1"),
    SampleCase("number_case", 0.015, Category.MATCHED, "number in other letter case"),
    SampleCase("number_slash_dash", 0.015, Category.MATCHED, "'/' booked as '-'"),
    SampleCase("number_leading_zeros", 0.015, Category.MATCHED, "'000123' booked as '123'"),
    SampleCase("number_fy_token", 0.015, Category.MATCHED,
               "'INV/25-26/0012' booked as 'INV-12' or '12'"),
    SampleCase("number_prefix_dropped", 0.015, Category.MATCHED,
               "'VD-1001' booked as '1001'"),
    SampleCase("date_shift", 0.030, Category.MATCHED, "same number, date 1-5 days off"),
    SampleCase("fy_boundary", 0.010, Category.MATCHED,
               "dated 29-31 March, booked 3 days later in the next fiscal year"),
    SampleCase("number_swapped", 0.010, Category.SUGGESTED,
               "the last two digits swapped in the books ('4521' booked as '4512')"),
    SampleCase("number_suffix_dropped", 0.010, Category.SUGGESTED,
               "the supplier's '-1' or '/A' suffix left out in the books"),
    SampleCase("unfiled", 0.030, Category.MATCHED,
               "supplier saved but has not filed the return"),
    SampleCase("value_mismatch", 0.040, Category.MISMATCHED, "taxable 5-30% off"),
    SampleCase("igst_as_cgst_sgst", 0.020, Category.MISMATCHED,
               "inter-state IGST booked as CGST+SGST"),
    SampleCase("branch_gstin", 0.020, Category.MISMATCHED,
               "booked under another branch GSTIN of the same PAN"),
    SampleCase("ims_only", 0.040, Category.NOT_IN_BOOKS, "not booked at all"),
    SampleCase("decoy", 0.015, Category.NOT_IN_BOOKS,
               "not booked; the register has the same supplier's next bill, similar amount"),
)
# Lines only in the register, as a share of the IMS document count.
REGISTER_ONLY_CASES: Final[tuple[SampleCase, ...]] = (
    SampleCase("register_only", 0.030, Category.NOT_IN_IMS, "booked, supplier did not report"),
    SampleCase("rcm", 0.010, Category.NOT_EXPECTED, "reverse charge: never in IMS"),
    SampleCase("ineligible", 0.010, Category.NOT_EXPECTED, "ITC ineligible, no IMS document"),
)
DECOY_LINE_CASE: Final = "decoy"
# Keyboard slips and the fiscal-year boundary, planted on original invoices and credit
# notes only (an amendment or an ECO document carries them no differently).
SLIP_CASES: Final = ("number_swapped", "number_suffix_dropped", "fy_boundary")
SLIP_SECTIONS: Final = (Section.B2B.value, Section.B2BCN.value)
SUFFIXES: Final = ("-1", "/A")
MAX_DOC_NO: Final = 16  # characters of a document number, as the portal allows

# Section mix of IMS documents, and of register-only lines.
SECTION_SHARES: Final[dict[Section, float]] = {
    Section.B2B: 0.80, Section.B2BA: 0.03, Section.B2BDN: 0.03, Section.B2BDNA: 0.005,
    Section.B2BCN: 0.08, Section.B2BCNA: 0.01, Section.ECOM: 0.035, Section.ECOMA: 0.01,
}
REGISTER_ONLY_SECTIONS: Final[dict[Section, float]] = {
    Section.B2B: 0.88, Section.B2BDN: 0.04, Section.B2BCN: 0.08,
}
# Cases an ECO document (few operators, no branches, number styles of their own) can be.
ECO_CASES: Final = frozenset({"exact", "rounding", "date_shift", "unfiled", "ims_only",
                              "value_mismatch"})
# Cases a supplier's debit note booked as a purchase can be: the engine compares across
# the two types on the normalised number only (no digits-only or other-GSTIN pass).
DN_CASES: Final = frozenset({c.name for c in CASES} - {"branch_gstin", "number_fy_token",
                                                       "number_prefix_dropped", *SLIP_CASES})
