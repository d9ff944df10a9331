"""Helpers of the upload tests: the IMS frame of a fixture (through the real reader) and
decisions named by document number."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gst_ims.domain.documents import Action
from gst_ims.ims.reader import ImsRead, read_ims_files
from gst_ims.upload.writer import Decision

DATA = Path(__file__).resolve().parents[1] / "data" / "upload"
RTIN = "27AAACM4321L1ZJ"
OTHER_RTIN = "27AAACN5555N1Z0"


def read_fixture(name: str) -> ImsRead:
    """Read one fixture download with the package's IMS reader."""
    return read_ims_files([DATA / name])


def ims_frame(name: str) -> pd.DataFrame:
    """The IMS frame of one fixture download."""
    return read_fixture(name).frame


def row_of(ims: pd.DataFrame, section: str, doc_no: str) -> int:
    """Position of the one row with this section and document number."""
    hits = ims.index[(ims["section"] == section) & (ims["doc_no"] == doc_no)]
    assert len(hits) == 1, f"{section} {doc_no}: {len(hits)} rows"
    return int(ims.index.get_loc(hits[0]))


def decide(ims: pd.DataFrame, section: str, doc_no: str, action: str,
           **fields: Any) -> Decision:
    """A Decision for the document (section, doc_no) of `ims`."""
    return Decision(row_of(ims, section, doc_no), Action.parse(action), **fields)


# The decisions the golden payloads are built from (same as decisions.csv).
GOLDEN: tuple[tuple[str, str, str, Mapping[str, Any]], ...] = (
    ("b2b", "KA/24-25/01873", "A", {}),
    ("b2b", "TN0091", "R", {"remarks": "Not our purchase - wrong recipient GSTIN"}),
    ("b2b", "1234567890123456", "A", {}),
    ("b2b", "9876543210987654", "N", {}),
    ("b2b", "MH/778", "P", {}),
    ("b2ba", "KA/24-25/01800", "A", {"itc_red_req": "N"}),
    ("b2bdn", "DN-0042", "P", {"remarks": "Goods in transit"}),
    ("b2bdna", "DN-0040A", "A", {}),
    ("b2bcn", "CN/25-26/0193", "A",
     {"itc_red_req": "Y", "decl": {"igst": 0, "cgst": 45000, "sgst": 45000, "cess": 0}}),
    ("b2bcna", "CN/25-26/0150", "R", {"remarks": "Credit note not agreed"}),
    ("ecom", "ECO9-000781", "A", {}),
    ("ecoma", "ECO9-000700", "R", {"remarks": "Amount differs from order"}),
)


def golden_decisions(ims: pd.DataFrame) -> list[Decision]:
    """The GOLDEN decisions on `ims`."""
    return [decide(ims, section, doc_no, action, **dict(fields))
            for section, doc_no, action, fields in GOLDEN]
