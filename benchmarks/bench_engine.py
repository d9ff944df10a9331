"""Reconciliation engine benchmark: accuracy on the sample generator's ground truth, and
speed against two baselines measured in the same run.

    .venv/bin/python -m benchmarks.bench_engine              # 10^3 … 10^5 (+ accuracy)
    .venv/bin/python -m benchmarks.bench_engine --sizes 1000 10000 100000 1000000

Baselines: the *floor* is a bare ``pandas.merge`` of the two frames on the exact key
(supplier GSTIN + document number), which any reconciliation must at least do. The
*nested loop* is the per-supplier cascade typical tools run, modelled on india-compliance's
purchase reconciliation (docs/formats.md: Matching): the documents as Python dicts
bucketed by (supplier GSTIN, type); its 11 rules in order (exact number + exact amounts; fuzzy
number + exact amounts; exact number + each amount within ₹1; fuzzy + within ₹1; exact
number alone; fuzzy number alone; amounts within ₹1 + dates within 10 days; then the same
ideas by PAN under another GSTIN, comparing total tax); for each rule, for each supplier,
for each unmatched IMS document, a scan of that supplier's unmatched register documents
taking the first that passes every field test (FY, place of supply, number, amounts,
date) with plain Python comparisons; the fuzzy number test is india-compliance's: dates
within 10 days, then rapidfuzz ``partial_ratio == 100`` or ``WRatio >= 90`` per pair, on
numbers cleaned once per document. It builds no reasons, actions or ties, so it does
less than the engine; it runs at 10^3 and 10^4 only. The "20-supplier" column runs both on
the same documents folded into 20 suppliers (big blocks: the loop's cost grows with the
square of a supplier's documents, the engine's does not).

Each size runs in a fresh process so that peak memory (ru_maxrss) belongs to that size;
generation and reading run in yet another process, so the peak is the inputs plus the
engine.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from gst_ims.books.register import read_register
from gst_ims.domain import documents as d
from gst_ims.domain.dates import format_ddmmyyyy
from gst_ims.ims.reader import read_ims_payload
from gst_ims.recon.engine import reconcile
from gst_ims.samples import REGISTER_SHEET, generate_month
from gst_ims.sheets.pairings import books_period

NESTED_LOOP_LIMIT = 10_000
PROFILE_FROM, PROFILE_UP_TO = 10_000, 100_000  # the profile table's sizes
BIG_SUPPLIERS = 20  # the concentrated variant: every document from one of 20 suppliers


def concentrate(ims: pd.DataFrame, books: pd.DataFrame, suppliers: int
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same frames with every supplier GSTIN folded into one of `suppliers` GSTINs
    (speed only: big blocks, as for a company with a few large vendors)."""
    names = sorted(set(ims[d.SUPPLIER_GSTIN]) | set(books[d.SUPPLIER_GSTIN]))
    fold = {name: names[index % suppliers] for index, name in enumerate(names)}
    return (ims.assign(**{d.SUPPLIER_GSTIN: ims[d.SUPPLIER_GSTIN].map(fold)}),
            books.assign(**{d.SUPPLIER_GSTIN: books[d.SUPPLIER_GSTIN].map(fold)}))


def timed(func: Any, *args: Any) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


@dataclass
class Row:
    docs: int
    engine_s: float
    floor_s: float
    nested_s: float | None
    big_engine_s: float | None
    big_nested_s: float | None
    peak_mb: float
    precision: float
    recall: float
    must_not_pair_matched: int
    must_not_pair_paired: int
    planted_found: float
    category_accuracy: float
    slips_planted: int = 0
    slips_suggested: int = 0
    slips_matched: int = 0
    fy_boundary_planted: int = 0
    fy_boundary_matched: int = 0
    profile: list[tuple[str, float]] | None = None
    # CPU seconds of the same two runs: on a machine shared with other work the wall
    # clock of a long run takes more of the others' load than a short one's does.
    engine_cpu_s: float = 0.0
    floor_cpu_s: float = 0.0


PROFILED_STEPS = 14  # rows of the profile table


def profile_steps(ims: pd.DataFrame, books: pd.DataFrame) -> list[tuple[str, float]]:
    """Where the engine's time goes: the engine's own functions (recon/) by cumulative
    seconds under cProfile (which slows every call, so read the shares, not the
    seconds), largest first, the whole `reconcile` first."""
    profiler = cProfile.Profile()
    profiler.enable()
    reconcile(ims, books)
    profiler.disable()
    stats: Any = pstats.Stats(profiler)
    steps = [(f"{Path(file).stem}.{name}", row[3])
             for (file, _, name), row in stats.stats.items()
             if "gst_ims/recon/" in file.replace("\\", "/")]
    return sorted(steps, key=lambda step: -step[1])[:PROFILED_STEPS]


def profile_table(row: Row) -> str:
    """The profile of one size as a text table (seconds and share of `reconcile`)."""
    if not row.profile:
        return ""
    total = row.profile[0][1]
    lines = [f"\nwhere the engine's time goes at {row.docs:,} documents (cProfile, "
             "cumulative; steps nest):", f"{'step':<42}{'seconds':>9}{'share':>8}"]
    lines += [f"{name:<42}{seconds:>9.2f}{seconds / total:>8.0%}"
              for name, seconds in row.profile]
    return "\n".join(lines)


def load(docs: int, seed: int = 11) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """IMS frame, Books frame and truth of one generated month, through the real readers."""
    month = generate_month(docs=docs, seed=seed)
    # As the product hands the IMS frame to the engine: without the records' JSON text
    # (the IMS sheet does not hold it; only the upload re-reads it from the files).
    ims = read_ims_payload(month.ims_payload, "ims.json", with_raw=False).frame
    books = read_register(month.register, sheet=REGISTER_SHEET).frame
    return ims, books, month.truth


def floor(ims: pd.DataFrame, books: pd.DataFrame) -> tuple[float, float]:
    """Seconds (wall clock, CPU) for a bare exact-key merge of the same frames."""
    start, cpu = time.perf_counter(), time.process_time()
    pd.merge(ims[[d.SUPPLIER_GSTIN, d.DOC_NO]], books[[d.SUPPLIER_GSTIN, d.DOC_NO]],
             on=[d.SUPPLIER_GSTIN, d.DOC_NO], how="outer")
    return time.perf_counter() - start, time.process_time() - cpu


_SEPARATORS = re.compile(r"[/\\-]")
_SPACES = re.compile(r"\\s+")


def _cleaner_bill_no(number: str, fy: int | None) -> str:
    """india-compliance's `get_cleaner_bill_no`: the document's own FY tokens
    (``2024-2025``, ``2024/25``, ``24-25`` …) to a space, ``/`` and ``-`` to spaces,
    whitespace collapsed, leading zeros of the whole string dropped (no upper-casing)."""
    if fy is not None:
        y4, n4 = f"{fy}", f"{fy + 1}"
        y2, n2 = y4[2:], n4[2:]
        for token in (f"{y4}-{n4}", f"{y4}/{n4}", f"{y4}-{n2}", f"{y4}/{n2}", f"{y2}-{n2}",
                      f"{y2}/{n2}"):
            number = number.replace(token, " ")
    number = _SEPARATORS.sub(" ", number)
    return _SPACES.sub(" ", number).strip().lstrip("0")


def _fuzzy_bill_no(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """india-compliance's `fuzzy_match`: both numbers present, dates at most 10 days
    apart, then the cleaned numbers (cleaned once per document and cached, as there) are a
    substring of one another (`partial_ratio` 100) or WRatio >= 90."""
    if not a["no"] or not b["no"] or abs(a["day"] - b["day"]) > 10:
        return False
    for doc in (a, b):
        if doc["clean"] is None:
            doc["clean"] = _cleaner_bill_no(doc["no"], doc["fy"])
    if fuzz.partial_ratio(a["clean"], b["clean"]) == 100:
        return True
    return bool(fuzz.WRatio(a["clean"], b["clean"]) >= 90)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The fields the nested loop compares, one dict per document (as a tool fetches them
    from its database): GSTIN, PAN, type, number, day number, FY, place of supply and the
    amounts in paise."""
    dates = pd.to_datetime(frame[d.DOC_DATE])
    fy = dates.dt.year - (dates.dt.month < 4)
    columns = {"gstin": frame[d.SUPPLIER_GSTIN], "pan": frame[d.SUPPLIER_PAN],
               "type": frame[d.DOC_TYPE], "no": frame[d.DOC_NO].fillna(""),
               "day": (dates - pd.Timestamp("1970-01-01")).dt.days, "fy": fy,
               "pos": frame[d.POS]}
    columns.update({head: frame[head] for head in _HEADS})
    return [{**record, "clean": None}
            for record in pd.DataFrame(columns).to_dict("records")]


_HEADS = (d.TAXABLE, d.CGST, d.SGST, d.IGST, d.CESS)
_TAX = (d.CGST, d.SGST, d.IGST)
Test = Callable[[dict[str, Any], dict[str, Any]], bool]


def _exact_no(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["no"] == b["no"])


def _same_terms(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["fy"] == b["fy"] and a["pos"] == b["pos"])


def _heads_exact(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a[h] == b[h] for h in _HEADS)


def _heads_within(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(abs(a[h] - b[h]) <= 100 for h in _HEADS)


def _total_tax_within(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (abs(a[d.TAXABLE] - b[d.TAXABLE]) <= 100 and abs(a[d.CESS] - b[d.CESS]) <= 100
            and abs(sum(a[h] for h in _TAX) - sum(b[h] for h in _TAX)) <= 100)


def _near_dates(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(abs(a["day"] - b["day"]) <= 10)


# india-compliance's 11 rules (formats.md: Matching, Baseline), each a list of field tests in
# their order (FY first, then number, place of supply, amounts): 1-7 inside a supplier
# GSTIN, 8-11 inside a PAN (another GSTIN of it).
NESTED_RULES: tuple[tuple[str, tuple[Test, ...]], ...] = (
    ("gstin", (_same_terms, _exact_no, _heads_exact)),
    ("gstin", (_same_terms, _fuzzy_bill_no, _heads_exact)),
    ("gstin", (_same_terms, _exact_no, _heads_within)),
    ("gstin", (_same_terms, _fuzzy_bill_no, _heads_within)),
    ("gstin", (lambda a, b: a["fy"] == b["fy"], _exact_no)),
    ("gstin", (lambda a, b: a["fy"] == b["fy"], _fuzzy_bill_no)),
    ("gstin", (_same_terms, _heads_within, _near_dates)),
    ("pan", (_same_terms, _exact_no, _total_tax_within)),
    ("pan", (_same_terms, _fuzzy_bill_no, _total_tax_within)),
    ("pan", (lambda a, b: a["fy"] == b["fy"], _fuzzy_bill_no)),
    ("pan", (_same_terms, _total_tax_within, _near_dates)),
)


def nested_loop(ims: pd.DataFrame, books: pd.DataFrame) -> float:
    """Seconds for the per-supplier nested-loop cascade typical tools run, written the way
    india-compliance's purchase reconciliation does it: both sides as Python dicts bucketed
    by (supplier GSTIN, document type); for each of the 11 rules in turn, for each supplier
    bucket, for each unmatched IMS document, scan that supplier's unmatched register
    documents and take the FIRST one whose fields all pass the rule's tests (plain Python
    comparisons; the fuzzy number test calls rapidfuzz `partial_ratio` and `WRatio` per
    pair, on numbers cleaned once per document); a pair leaves both pools. Rules 8-11
    re-bucket the leftovers by (PAN, type). No reasons, actions or ties are produced."""
    start = time.perf_counter()
    pools: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = {}
    left = _records(ims)
    right = _records(books)
    for level in ("gstin", "pan"):
        pools[level] = {}
        for record in right:
            pools[level].setdefault((record[level], record["type"]), []).append(record)
    taken: set[int] = set()
    pending = left
    for level, tests in NESTED_RULES:
        by_supplier: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for doc in pending:
            by_supplier.setdefault((doc[level], doc["type"]), []).append(doc)
        unmatched: list[dict[str, Any]] = []
        for key, docs in by_supplier.items():
            lines = [line for line in pools[level].get(key, []) if id(line) not in taken]
            for doc in docs:
                for line in lines:
                    if id(line) in taken:
                        continue
                    if level == "pan" and line["gstin"] == doc["gstin"]:
                        continue
                    if all(test(doc, line) for test in tests):
                        taken.add(id(line))
                        break
                else:
                    unmatched.append(doc)
        pending = unmatched
    return time.perf_counter() - start


def accuracy(out: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame,
             truth: pd.DataFrame) -> dict[str, float | int]:
    """Precision/recall of Matched pairs, must-not-pair violations, planted pairs found."""
    rows = out[out[d.IMS_ID].notna()].copy()
    position = rows[d.IMS_ID].astype(int).to_numpy()
    keys = pd.DataFrame({
        "section": ims[d.SECTION].to_numpy()[position],
        "supplier_gstin": ims[d.SUPPLIER_GSTIN].to_numpy()[position],
        "doc_no": ims[d.DOC_NO].to_numpy()[position],
        "doc_date": [format_ddmmyyyy(x) for x in ims[d.DOC_DATE].to_numpy()[position]
                     .astype("datetime64[ms]").tolist()],
        "got_row": rows[d.REGISTER_ROW].to_numpy(), "category": rows[d.CATEGORY].to_numpy(),
    })
    for column in ("section", "supplier_gstin", "doc_no", "doc_date"):
        keys[column] = keys[column].astype("string")
    ims_truth = truth[truth["section"] != ""]
    joined = keys.merge(ims_truth, on=["section", "supplier_gstin", "doc_no", "doc_date"],
                        how="left", validate="one_to_one")
    got = joined["got_row"].astype("Int64")
    want = joined["register_row"].astype("Int64")
    right_pair = (got == want).fillna(False)
    matched = joined["category"] == "Matched"
    should = joined["expected_category"] == "Matched"
    books_rows = out[out[d.IMS_ID].isna()][[d.REGISTER_ROW, d.CATEGORY]]
    books_truth = truth[truth["section"] == ""][["register_row", "expected_category"]]
    lonely = books_rows.merge(books_truth, left_on=d.REGISTER_ROW, right_on="register_row",
                              how="left")
    category_ok = (joined["category"] == joined["expected_category"]).sum() + (
        lonely[d.CATEGORY] == lonely["expected_category"]).sum()
    bad = joined["must_not_pair_row"].astype("Int64")
    # Keyboard slips (swapped digits, dropped suffix): suggested with their true partner,
    # never matched; fiscal-year-boundary pairs: matched with their true partner.
    slips = joined["case"].isin(["number_swapped", "number_suffix_dropped"]).to_numpy()
    boundary = (joined["case"] == "fy_boundary").to_numpy()
    return {
        "slips_planted": int(slips.sum()),
        "slips_suggested": int((slips & right_pair & (joined["category"] == "Suggested")
                                ).sum()),
        "slips_matched": int((slips & matched).sum()),
        "fy_boundary_planted": int(boundary.sum()),
        "fy_boundary_matched": int((boundary & right_pair & matched).sum()),
        "precision": float(right_pair[matched].mean()) if matched.any() else 1.0,
        "recall": float((right_pair & matched)[should].mean()) if should.any() else 1.0,
        "must_not_pair_matched": int(((got == bad).fillna(False) & matched).sum()),
        "must_not_pair_paired": int((got == bad).fillna(False).sum()),
        "planted_found": float(right_pair[want.notna()].mean()),
        "category_accuracy": float(category_ok / (len(joined) + len(lonely))),
    }


def run_one(docs: int, frames: tuple[pd.DataFrame, pd.DataFrame] | None = None,
            truth_of: Callable[[], pd.DataFrame] | None = None) -> Row:
    """Benchmark one size in this process (`frames` = IMS, Books if already loaded, and
    `truth_of` giving the truth: read only after the peak memory is taken, since the
    engine never holds it)."""
    if frames is None or truth_of is None:
        ims, books, truth = load(docs)
        frames, truth_of = (ims, books), lambda: truth
    ims, books = frames
    # The product's default books period: the months of the download's return periods.
    period = books_period({}, ims)
    start, cpu = time.perf_counter(), time.process_time()
    out = reconcile(ims, books, books_period=period)
    engine_s, engine_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    floors = [floor(ims, books) for _ in range(3)]
    floor_s, floor_cpu_s = min(f[0] for f in floors), min(f[1] for f in floors)
    nested_s = big_engine_s = big_nested_s = None
    if docs <= NESTED_LOOP_LIMIT:
        nested_s = nested_loop(ims, books)
        big_ims, big_books = concentrate(ims, books, BIG_SUPPLIERS)
        big_engine_s = timed(reconcile, big_ims, big_books)
        big_nested_s = nested_loop(big_ims, big_books)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Profiled after the peak is taken, at the sizes where the profile means something.
    profile = profile_steps(ims, books) if PROFILE_FROM <= docs <= PROFILE_UP_TO else None
    return Row(docs, engine_s, floor_s, nested_s, big_engine_s, big_nested_s, peak_mb,
               **accuracy(out, ims, books, truth_of()),  # type: ignore[arg-type]
               profile=profile, engine_cpu_s=engine_cpu_s, floor_cpu_s=floor_cpu_s)


def table(rows: list[Row]) -> str:
    """The results as a text table (times as ratios to the baselines)."""
    lines = [
        f"{'docs':>9} {'engine s':>9} {'x floor':>8} {'x CPU':>8} {'nested s':>9} "
        f"{'speed-up':>9} "
        f"{'20-supplier speed-up':>20} "
        f"{'peak MB':>8} {'precision':>9} {'recall':>7} {'mnp M/P':>8} {'planted':>8} "
        f"{'category':>8} {'slips S/M of N':>14} {'FY-end M of N':>13}",
    ]
    for r in rows:
        nested = f"{r.nested_s:9.2f}" if r.nested_s is not None else f"{'-':>9}"
        speed = f"{r.nested_s / r.engine_s:8.1f}x" if r.nested_s is not None else f"{'-':>9}"
        big = "-"
        if r.big_nested_s is not None and r.big_engine_s:
            ratio = r.big_nested_s / r.big_engine_s
            big = f"{r.big_nested_s:.2f}s/{r.big_engine_s:.2f}s={ratio:.1f}x"
        cpu = (f"{r.engine_cpu_s / r.floor_cpu_s:7.1f}x" if r.floor_cpu_s
               else f"{'-':>8}")
        lines.append(
            f"{r.docs:>9} {r.engine_s:9.2f} {r.engine_s / r.floor_s:7.1f}x {cpu} {nested} "
            f"{speed} "
            f"{big:>20} "
            f"{r.peak_mb:8.0f} {r.precision:9.4%} {r.recall:7.2%} "
            f"{r.must_not_pair_matched:>3}/{r.must_not_pair_paired:<4} {r.planted_found:8.2%} "
            f"{r.category_accuracy:8.2%} "
            f"{f'{r.slips_suggested}/{r.slips_matched} of {r.slips_planted}':>14} "
            f"{f'{r.fy_boundary_matched} of {r.fy_boundary_planted}':>13}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        # Generation and reading happen in their own process, so the measuring process
        # holds only the inputs and the engine's work.
        size, folder = int(args.prepare[0]), Path(args.prepare[1])
        for name, frame in zip(("ims", "books", "truth"), load(size), strict=True):
            frame.to_pickle(folder / f"{name}.pkl")
        return
    if args.one:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([sys.executable, "-m", "benchmarks.bench_engine", "--prepare",
                            str(args.one), folder], check=True)
            ims, books = (pd.read_pickle(Path(folder) / f"{n}.pkl") for n in ("ims", "books"))
            truth_file = Path(folder) / "truth.pkl"
            inputs_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            row = run_one(args.one, (ims, books), lambda: pd.read_pickle(truth_file))
        print(json.dumps({**asdict(row), "inputs_mb": inputs_mb}))
        return
    rows: list[Row] = []
    inputs: list[float] = []
    for size in args.sizes:
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_engine", "--one",
                               str(size)], capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        inputs.append(result.pop("inputs_mb"))
        if result.get("profile"):
            result["profile"] = [tuple(step) for step in result["profile"]]
        rows.append(Row(**result))
        print(f"  {size} done", file=sys.stderr)
    print(table(rows))
    for row in rows:
        if row.profile:
            print(profile_table(row))
    print("peak MB with the inputs alone loaded: "
          + ", ".join(f"{r.docs}: {mb:.0f}" for r, mb in zip(rows, inputs, strict=True)))
    print("x floor: engine time / bare pandas.merge on the exact key (wall clock; x CPU: "
          "the same in CPU seconds, steadier on a shared machine); speed-up: nested-loop "
          "time / engine time (generator's suppliers, about 7 documents each at 10^4); "
          "20-supplier "
          "speed-up: the same with all documents folded into 20 suppliers (nested s / "
          "engine s); mnp M/P: must-not-pair lines Matched / paired at all; "
          "planted: true pairs found (matched or suggested); peak MB: ru_maxrss of a "
          "process that loads the IMS and Books frames (the readers ran in another) and "
          "reconciles; category: rows given the expected category; slips S/M of N: planted "
          "swapped digits and dropped suffixes suggested with the true partner / wrongly "
          "Matched, of N planted; FY-end M of N: documents dated 29-31 March booked in "
          "April, matched with the true partner.")


if __name__ == "__main__":
    main()
