"""The published JSON Schema of a download agrees with what the reader accepts."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gst_ims.domain.documents import Dialect
from gst_ims.samples import generate_month

DATA = Path(__file__).resolve().parents[1] / "data" / "ims"


def _validator() -> jsonschema.Draft202012Validator:
    text = files("gst_ims.ims").joinpath("schemas/ims_download.schema.json").read_text("utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", ["api_all_sections.json", "portal_all_sections.json",
                                  "gsp_wrapped.json"])
def test_fixtures_are_valid(name: str) -> None:
    _validator().validate(json.loads((DATA / name).read_text("utf-8")))


@pytest.mark.parametrize("dialect", list(Dialect))
def test_generated_months_are_valid(dialect: Dialect) -> None:
    payload: Any = json.loads(json.dumps(generate_month(docs=300, seed=4,
                                                        dialect=dialect).ims_payload))
    _validator().validate(payload)


@pytest.mark.parametrize("name", ["bad_records.json", "unknown_envelope.json"])
def test_bad_files_are_invalid(name: str) -> None:
    assert not _validator().is_valid(json.loads((DATA / name).read_text("utf-8")))
