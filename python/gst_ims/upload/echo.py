"""One downloaded record (`raw`) -> its upload record: the section's keys echoed with
their downloaded values, plus the action fields in the dialect's spelling."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from gst_ims.domain.documents import PORTAL_ACTION, RAW, SECTION, Section
from gst_ims.domain.money import paise_to_decimal
from gst_ims.ims.jsontext import loads_exact
from gst_ims.upload.check import RESET
from gst_ims.upload.dialects import (
    ACTION_KEYS,
    DOWNLOAD_ONLY_KEYS,
    FALLBACK_KEYS,
    DialectSpelling,
    number_keys,
    record_keys,
)
from gst_ims.upload.fields import DECL_SEND, ITC_SEND, REMARKS_SEND


def _json_amount(paise: int) -> int | Decimal:
    # Whole rupees as an integer, otherwise exactly 2 decimals: never a float.
    return int(paise) // 100 if int(paise) % 100 == 0 else paise_to_decimal(int(paise))


@dataclass
class RecordEcho:
    """Builds the records; remembers keys dropped because the writer does not know them."""

    spelling: DialectSpelling
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)

    def record(self, row: Mapping[Hashable, Any], request: str) -> tuple[dict[str, Any], str]:
        """The upload record of one work row, and ``""`` or why it cannot be sent."""
        section = Section(row[SECTION])
        raw = loads_exact(row[RAW])
        wanted = record_keys(section)
        numbers = number_keys(section)
        for key in raw:
            if key not in wanted and key not in ACTION_KEYS and key not in DOWNLOAD_ONLY_KEYS:
                self.dropped[(section.value, key)] += 1
        out: dict[str, Any] = {}
        for key in wanted:
            value = raw.get(key, raw.get(FALLBACK_KEYS.get(key, ""), None))
            if value is None:
                return out, f"the downloaded record has no value for '{key}'"
            if key in numbers and isinstance(value, int | Decimal):
                value = str(value)  # a numeric-looking number goes out as a JSON string
            out[key] = value
        self._add_action_fields(out, row, request)
        return out, ""

    def _add_action_fields(self, out: dict[str, Any], row: Mapping[Hashable, Any],
                           request: str) -> None:
        if request == RESET:
            out["prev_status"] = row[PORTAL_ACTION]
            return
        out["action"] = row["new_action"]
        if self.spelling.save_prev_status:
            out["prev_status"] = row[PORTAL_ACTION]
        # What is sent was decided for every row at once (upload_fields.plan_fields).
        if row[REMARKS_SEND]:
            out["remarks"] = row["remarks"]
        if row[ITC_SEND]:
            out[self.spelling.itc_red_req] = row[ITC_SEND]
        if row[DECL_SEND]:
            for head, key in self.spelling.decl.items():
                value = row[f"decl_{head}"]
                out[key] = _json_amount(0 if pd.isna(value) else int(value))

    def notes(self) -> list[str]:
        """One note per (section, key) dropped because it is not part of the upload."""
        return [f"key '{key}' of section {section} ({count} record(s)) is not part of the "
                "upload format and was not sent"
                for (section, key), count in sorted(self.dropped.items())]
