"""Benchmark: writing the IMS upload for 10^5 decisions.

Builds an API-dialect IMS download of N documents (the eight sections of the upload
fixtures, with unique numbers), reads it with the package's reader (not timed), decides
every document, then times in the same run:

* ``json.dumps`` of the same records (the baseline: plain serialisation of the payloads
  that end up in the files, as Python floats/str),
* `build_upload` (guard rails over the frame, echo from `raw`, per-record schema check,
  chunking),
* `write_upload` (whole-payload schema validation, exact serialisation, atomic writes),

and prints each as a ratio of the baseline. Run:
``.venv/bin/python -m benchmarks.bench_upload [DOCS ...]`` (default 100000).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from gst_ims.domain.documents import Action, Section
from gst_ims.ims.jsontext import loads_exact
from gst_ims.ims.reader import read_ims_payload
from gst_ims.upload.writer import Decision, UploadResult, build_upload, write_upload

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "upload" / (
    "download_api.json")
RTIN = "27AAACM4321L1ZJ"
T = TypeVar("T")


def synthetic_download(docs: int) -> dict[str, list[dict[str, Any]]]:
    """An API-dialect download of `docs` records cycling over the fixture's records,
    each with its own document number (at most 16 characters)."""
    templates = [(section, record) for section, records in
                 loads_exact(FIXTURE.read_bytes()).items() for record in records]
    payload: dict[str, list[dict[str, Any]]] = {}
    for index in range(docs):
        section, template = templates[index % len(templates)]
        record = dict(template)
        record[Section(section).number_key] = f"BN/{index:09d}"
        payload.setdefault(section, []).append(record)
    return payload


def decisions_for(frame: Any) -> list[Decision]:
    """A decision on every row: a change of action (SAVE) on most, a reset on some."""
    cycle = {"N": ["A", "R", "P"], "A": ["R", "N"], "R": ["A", "N"], "P": ["A", "R"]}
    decisions = []
    for position, (portal, blocked) in enumerate(zip(
            frame["portal_action"].tolist(), frame["pending_blocked"].tolist(), strict=True)):
        choices = [c for c in cycle[portal] if not (c == "P" and blocked)]
        action = Action(choices[position % len(choices)])
        remarks = "Not as per purchase order" if action is Action.REJECT else ""
        decisions.append(Decision(position, action, remarks=remarks))
    return decisions


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """Result and wall seconds of one call."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def run(docs: int) -> list[tuple[str, float]]:
    """Time every stage for `docs` documents; returns (stage, seconds) rows, the
    baseline first."""
    frame = read_ims_payload(synthetic_download(docs), "bench.json").frame
    decisions = decisions_for(frame)
    built: UploadResult
    built, build_seconds = timed(lambda: build_upload(frame, decisions, RTIN))
    with tempfile.TemporaryDirectory() as out:
        written, write_seconds = timed(lambda: write_upload(built, Path(out), RTIN))
        plain = [json.loads(file.path.read_bytes()) for file in written.files]
    _, baseline = timed(lambda: [json.dumps(payload, separators=(",", ":"))
                                 for payload in plain])
    records = sum(file.records for file in written.files)
    assert records + built.counts["refused"] + built.counts["unchanged"] == docs
    return [("json.dumps of the same records (baseline)", baseline),
            ("build_upload", build_seconds),
            ("write_upload (schema check + write)", write_seconds),
            ("build + write", build_seconds + write_seconds)]


def main(argv: list[str]) -> None:
    """Print the table for each size given (default 10^5)."""
    for docs in [int(arg) for arg in argv] or [100_000]:
        rows = run(docs)
        baseline = rows[0][1]
        print(f"\nUpload of {docs:,} decisions")
        print(f"{'stage':<44} {'seconds':>9} {'records/s':>11} {'x baseline':>11}")
        for stage, seconds in rows:
            rate = docs / seconds if seconds else float("inf")
            print(f"{stage:<44} {seconds:>9.3f} {rate:>11,.0f} {seconds / baseline:>11.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
