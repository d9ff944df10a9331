"""The upload JSON Schemas are generated from the key map. They replace schemas that were
kept by hand (kept in tests/data/hand_kept_schemas as the reference): the generated ones
have the same structure, and accept and reject exactly what the hand-kept ones did on the
golden upload files and on every one-key mutation of their records."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from gst_ims.domain.documents import Dialect
from gst_ims.upload.check import load_schema

DATA = Path(__file__).resolve().parents[1] / "data"
HAND_KEPT = {
    ("SAVE", Dialect.API): "upload_save_api.schema.json",
    ("SAVE", Dialect.PORTAL): "upload_save_portal.schema.json",
    ("RESET", Dialect.API): "upload_reset.schema.json",
    ("RESET", Dialect.PORTAL): "upload_reset.schema.json",
}
GOLDEN = sorted((DATA / "upload").glob("expected_*.json"))
ODD_VALUES: tuple[Any, ...] = ("", "x", "12345678901234567", 12345, -1, 1e15, None, True,
                               "Y", "A", "N", "27", "01-04-2025", [], {})
ITC_KEYS = ("itcRedReq", "declIgst", "declCgst", "declSgst", "declCess", "itc_red_req",
            "decl_igst", "decl_cgst", "decl_sgst", "decl_cess")


def _hand_kept(request: str, dialect: Dialect) -> dict[str, Any]:
    text = (DATA / "hand_kept_schemas" / HAND_KEPT[(request, dialect)]).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _without_words(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_words(v) for k, v in node.items()
                if k not in ("description", "title")}
    if isinstance(node, list):
        return [_without_words(v) for v in node]
    return node


@pytest.mark.parametrize(("request_type", "dialect"), list(HAND_KEPT))
def test_the_generated_schema_has_the_hand_kept_structure(
        request_type: str, dialect: Dialect) -> None:
    generated = load_schema(request_type, dialect)
    hand_kept = _hand_kept(request_type, dialect)
    assert json.dumps(_without_words(generated)) == json.dumps(_without_words(hand_kept))


def _mutations(payload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The payload itself, then copies with one record changed in one way: a key dropped,
    a value replaced by an odd one, an unknown or ITC key added."""
    yield payload
    for section, records in payload["invdata"].items():
        for index, record in enumerate(records[:3]):
            changes: list[dict[str, Any]] = []
            for key in record:
                changes.append({k: v for k, v in record.items() if k != key})
                changes += [{**record, key: value} for value in ODD_VALUES]
            changes += [{**record, key: "Y" if "Red" in key or "red" in key else 10}
                        for key in (*ITC_KEYS, "hash", "foo")]
            changes.append({**record, "itc_red_req": "Y", "declIgst": 1})
            for changed in changes:
                mutated = copy.deepcopy(payload)
                mutated["invdata"][section][index] = changed
                yield mutated
    yield {**payload, "reqtyp": "SAVE" if payload["reqtyp"] == "RESET" else "RESET"}
    yield {**payload, "rtin": "27AAACN5555N1Z"}
    yield {**payload, "invdata": {}}


@pytest.mark.parametrize("golden", GOLDEN, ids=[path.stem for path in GOLDEN])
def test_the_generated_schemas_accept_and_reject_what_the_hand_kept_did(golden: Path) -> None:
    payloads = json.loads(golden.read_text("utf-8"))
    payloads = payloads if isinstance(payloads, list) else [payloads]
    tried = refused = 0
    for payload in payloads:
        for dialect in Dialect:
            request = payload["reqtyp"]
            generated = jsonschema_rs.validator_for(load_schema(request, dialect))
            hand_kept = jsonschema_rs.validator_for(_hand_kept(request, dialect))
            for candidate in _mutations(payload):
                verdict = hand_kept.is_valid(candidate)
                assert generated.is_valid(candidate) == verdict, candidate
                tried += 1
                refused += not verdict
    assert tried > 200 and 0 < refused < tried
