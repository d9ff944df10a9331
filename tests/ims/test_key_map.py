"""The key map answers look-ups for records in either dialect and for records of no known
section (the portal's error answers)."""

from __future__ import annotations

import pytest

from gst_ims.domain import documents as d
from gst_ims.domain.documents import Section
from gst_ims.ims.key_map import RECORD_FIELDS, echo_keys, record_value


@pytest.mark.parametrize("section", list(Section))
def test_record_value_reads_the_sections_own_number_and_date(section: Section) -> None:
    # An invoice number beside a note's own number must not win.
    record = {"inum": "wrong", "idt": "wrong"}
    record |= {section.number_key: "CN/01", section.date_key: "05-09-2026"}
    assert record_value(record, d.DOC_NO, section) == "CN/01"
    assert record_value(record, d.DOC_DATE, section) == "05-09-2026"


def test_record_value_without_a_section_tries_the_invoice_keys() -> None:
    assert record_value({"inum": "INV-9", "idt": "01-09-2026"}, d.DOC_NO) == "INV-9"
    assert record_value({"inum": "INV-9", "idt": "01-09-2026"}, d.DOC_DATE) == "01-09-2026"
    assert record_value({"nt_num": "CN-1"}, d.DOC_NO) is None


@pytest.mark.parametrize(("record", "expected"), [
    ({"rtnprd": "092026"}, "092026"),
    ({"sRtnPrd": "092026"}, "092026"),
    ({"rtnprd": "082026", "sRtnPrd": "092026"}, "082026"),  # the API spelling first
    ({}, None),
])
def test_record_value_reads_either_dialect(record: dict[str, str], expected: str | None
                                           ) -> None:
    assert record_value(record, d.SRC_PERIOD) == expected


def test_record_value_reads_an_upload_spelling() -> None:
    # An error file echoes the uploaded record: the portal dialect's ITC flag key.
    assert record_value({"itc_red_req": "Y"}, d.ITC_RED_REQ) == "Y"
    assert record_value({"itcRedReq": "N"}, d.ITC_RED_REQ) == "N"


def test_every_echoed_key_is_unique_per_section() -> None:
    for section in Section:
        keys = echo_keys(section)
        assert len(keys) == len(set(keys)), section
    assert len({f.column for f in RECORD_FIELDS}) == len(RECORD_FIELDS)
