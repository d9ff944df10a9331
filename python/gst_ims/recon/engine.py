"""The reconciliation engine: prepare -> candidates per rule -> one-to-one assignment ->
outcome. Pure: frames in, a frame out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.problems import InputError, Problem
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon import candidates as c
from gst_ims.recon.assign import assign
from gst_ims.recon.cascade_result import CascadeResult
from gst_ims.recon.links import Manual, resolve
from gst_ims.recon.numbers import NumberLayer
from gst_ims.recon.outcome import build_outcome
from gst_ims.recon.rules import CASCADE, RULES_BY_ID, NumberTest, Rule, Source

# Nearest-candidate search for explaining non-matches compares every leftover pair of a
# supplier; a supplier with more leftover pairs than this gets a general reason instead.
NEAREST_BLOCK_LIMIT: Final = 20_000
# Pairs whose features the nearest-candidate search holds at once (whole blocks).
NEAREST_BATCH: Final = 250_000

_IMS_NEEDS: Final = (d.DOC_TYPE, d.SUPPLIER_GSTIN, d.DOC_NO, d.DOC_DATE, d.TAXABLE, d.IGST,
                     d.CGST, d.SGST, d.CESS, d.DOC_VALUE, d.RECORD_KEY)
_BOOKS_NEEDS: Final = (d.DOC_TYPE, d.SUPPLIER_GSTIN, d.DOC_NO, d.DOC_DATE, d.TAXABLE, d.IGST,
                       d.CGST, d.SGST, d.CESS, d.DOC_VALUE, d.REGISTER_ROW)


def reconcile(ims: pd.DataFrame, books: pd.DataFrame,
              settings: ReconSettings | None = None,
              links: pd.DataFrame | None = None,
              books_period: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> pd.DataFrame:
    """IMS frame (`IMS_COLUMNS`) and Books frame (`BOOKS_COLUMNS`) -> reconciliation frame
    (`RECON_COLUMNS`): one row per IMS document in IMS order, then one per unpaired
    register document in register order. `links` (`links.LINK_COLUMNS`): the pairings a
    person made, applied before the cascade. `books_period` (first and last day): an
    unpaired register document dated outside it is "Outside the books period", not "Not
    in IMS" (a wider register is loaded so that late filers' documents pair). Raises
    `InputError` for unusable settings or missing columns."""
    settings = (settings or ReconSettings()).check()
    _require(ims, _IMS_NEEDS, "IMS data")
    _require(books, _BOOKS_NEEDS, "books register")
    ims = ims.reset_index(drop=True)
    books = books.reset_index(drop=True)
    manual = resolve(links, ims, books) if links is not None and len(links) else None
    result = run_cascade(c.prepare(ims, books), settings, manual)
    return build_outcome(ims, books, result, settings, books_period)


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InputError(f"The {what} lacks columns needed to reconcile",
                         [Problem(f"column '{name}' is missing", field=name)
                          for name in missing])


def run_cascade(sides: c.Sides, settings: ReconSettings,
                manual: Manual | None = None) -> CascadeResult:
    """Apply `CASCADE` in order; each rule pairs only rows no earlier rule took. With
    `manual`, the person's links are paired first, excluded register rows never, and an
    unlinked pair never again."""
    free_i = np.ones(len(sides.left), dtype=bool)
    free_b = np.ones(len(sides.right), dtype=bool)
    taken: list[pd.DataFrame] = []
    tied: list[pd.DataFrame] = []
    forbidden = None
    if manual is not None:
        free_b &= ~manual.excluded
        if len(manual.forced):
            taken.append(_linked(sides, manual.forced, settings))
            free_i[manual.forced["ims_id"].to_numpy()] = False
            free_b[manual.forced["books_id"].to_numpy()] = False
        forbidden = manual.forbidden if len(manual.forbidden) else None
    by_number = _by_number(sides, free_i, free_b, settings, _SHALLOW)
    deep = False
    for rule in CASCADE:
        if not rule.enabled(settings):
            continue
        if not deep and rule.number is not NumberTest.AS_WRITTEN:
            # Most documents pair on the number as written; only the rest are normalised
            # further (the slow part), and their number candidates found again.
            del by_number  # the shallow candidates are spent; free them before deepening
            sides = c.deepen(sides, free_i, free_b)
            by_number = _by_number(sides, free_i, free_b, settings, _DEEP)
            deep = True
        candidates = _candidates(rule, sides, by_number, free_i, free_b, settings)
        if forbidden is not None:
            candidates = _without(candidates, forbidden)
        candidates = candidates[_accepted(rule, candidates, settings)]
        if candidates.empty:
            continue
        candidates = candidates.assign(score=c.pair_score(candidates))
        pairs, ties = assign(candidates[["ims_id", "books_id", "score", "books_rank"]],
                             unique_only=rule.unique_only)
        features = candidates[list(_KEPT_FEATURES)]
        taken.append(pairs.merge(features, on=["ims_id", "books_id"]).assign(rule_id=rule.id))
        tied.append(ties.assign(rule_id=rule.id))
        for frame in (pairs, ties):
            free_i[frame["ims_id"].to_numpy(dtype="int64")] = False
            free_b[frame["books_id"].to_numpy(dtype="int64")] = False
    pairs = (pd.concat(taken, ignore_index=True) if taken
             else _no_pairs(sides.left, sides.right))
    ties = (pd.concat(tied, ignore_index=True) if tied
            else pd.DataFrame({"ims_id": [], "books_id": [], "score": [], "rule_id": []}))
    if not deep:
        sides = c.deepen(sides, free_i, free_b)
    nearest = _nearest(sides, free_i, free_b)
    excluded = manual.excluded if manual is not None else None
    return CascadeResult(pairs, ties, nearest, excluded)


def _linked(sides: c.Sides, forced: pd.DataFrame, settings: ReconSettings) -> pd.DataFrame:
    """The person's pairs with their features, as "Matched by you" when every amount is
    within tolerance, else "Mismatched by you"."""
    rows_i = np.zeros(len(sides.left), dtype=bool)
    rows_b = np.zeros(len(sides.right), dtype=bool)
    rows_i[forced["ims_id"].to_numpy()] = True
    rows_b[forced["books_id"].to_numpy()] = True
    deep = c.deepen(sides, rows_i, rows_b)
    found = c.features(forced, deep.left, deep.right, score_numbers=True)
    within = RULES_BY_ID["linked_match"].amounts_ok(found, settings)
    return found[list(_KEPT_FEATURES)].assign(
        score=100.0, runner_up=pd.array([pd.NA] * len(found), dtype="Int64"),
        runner_up_score=np.nan,
        rule_id=np.where(within, "linked_match", "linked_mismatch").astype(object))


def _without(candidates: pd.DataFrame, forbidden: pd.DataFrame) -> pd.DataFrame:
    """Candidates other than the forbidden (unlinked) pairs."""
    marked = candidates[["ims_id", "books_id"]].merge(
        forbidden.assign(_forbidden=True), on=["ims_id", "books_id"], how="left")
    keep = marked["_forbidden"].isna().to_numpy()
    return candidates[keep]


def _accepted(rule: Rule, candidates: pd.DataFrame, settings: ReconSettings) -> np.ndarray:
    """The rule's verdict per candidate; for a `unique_only` rule only the pairs whose rows
    have no other candidate that passes the rule's other conditions (counted before the
    number test, so a near-serial the guard removes still makes a guess ambiguous)."""
    if not rule.unique_only:
        return rule.accepts(candidates, settings)
    pool = rule.accepts_but_number(candidates, settings)
    pooled = candidates[pool].drop_duplicates(["ims_id", "books_id"])
    per_i = pooled["ims_id"].value_counts()
    per_b = pooled["books_id"].value_counts()
    single = ((candidates["ims_id"].map(per_i) == 1).to_numpy()
              & (candidates["books_id"].map(per_b) == 1).to_numpy())
    return np.asarray(pool & single & rule.accepts(candidates, settings), dtype=bool)


# Pair features the outcome reads (the rest are dropped to save memory).
_KEPT_FEATURES: Final = ("ims_id", "books_id", "layer", "same_gstin", "date_gap", "near_number",
                         *(f"d_{column}" for column in c.AMOUNTS))
_SHALLOW: Final = ((NumberLayer.AS_WRITTEN, "k_n0"), (NumberLayer.SEPARATORS, "k_n1"))
_DEEP: Final = (*_SHALLOW, (NumberLayer.LEADING_ZEROS, "k_n2"),
                (NumberLayer.FISCAL_YEAR, "k_n3"), (NumberLayer.DIGITS_ONLY, "k_digits"))


def _by_number(sides: c.Sides, free_i: np.ndarray, free_b: np.ndarray,
               settings: ReconSettings, layers: tuple[tuple[NumberLayer, str], ...]
               ) -> pd.DataFrame:
    """Features of the free pairs whose numbers agree at one of `layers`."""
    left, right = sides.left, sides.right
    found = c.number_pairs(left[free_i], right[free_b], c.blocks(), layers)
    return c.features(found, left, right)


def _candidates(rule: Rule, sides: c.Sides, by_number: pd.DataFrame, free_i: np.ndarray,
                free_b: np.ndarray, settings: ReconSettings) -> pd.DataFrame:
    """The candidate pairs (with features) among rows still free, from the source that
    can produce what the rule asks for (`Rule.source`)."""
    if rule.source is Source.BY_NUMBER:
        keep = free_i[by_number["ims_id"].to_numpy()] & free_b[by_number["books_id"].to_numpy()]
        kept: pd.DataFrame = by_number[keep]
        return kept
    left, right = sides.left, sides.right
    found, scored = _SOURCES[rule.source](left[free_i], right[free_b], settings)
    return c.features(found, left, right, score_numbers=scored)


def _other_type_pairs(left: pd.DataFrame, right: pd.DataFrame,
                      settings: ReconSettings) -> tuple[pd.DataFrame, bool]:
    return c.number_pairs(left, c.as_other_type(right), c.blocks(), _DEEP), False


def _pan_pairs(left: pd.DataFrame, right: pd.DataFrame,
               settings: ReconSettings) -> tuple[pd.DataFrame, bool]:
    return c.number_pairs(left, right, c.blocks(by_pan=True)), False


def _fuzzy_pairs(left: pd.DataFrame, right: pd.DataFrame,
                 settings: ReconSettings) -> tuple[pd.DataFrame, bool]:
    return c.fuzzy_pairs(left, right, c.blocks()), True


def _amount_pairs(left: pd.DataFrame, right: pd.DataFrame,
                  settings: ReconSettings) -> tuple[pd.DataFrame, bool]:
    return c.amount_pairs(left, right, c.blocks(), settings), True


# Each candidate source (but the shared number candidates): free IMS rows, free books
# rows -> candidate pairs (ims_id, books_id, optional layer), and whether their numbers
# must be scored for similarity.
_SOURCES: Final[dict[Source, Callable[[pd.DataFrame, pd.DataFrame, ReconSettings],
                                      tuple[pd.DataFrame, bool]]]] = {
    Source.OTHER_TYPE: _other_type_pairs,
    Source.BY_PAN: _pan_pairs,
    Source.FUZZY: _fuzzy_pairs,
    Source.AMOUNTS: _amount_pairs,
}


def _no_pairs(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    empty = c.features(pd.DataFrame({"ims_id": np.array([], dtype="int64"),
                                     "books_id": np.array([], dtype="int64")}), left, right)
    return empty.assign(score=np.array([], dtype="float64"), runner_up=pd.array([], "Int64"),
                        runner_up_score=np.array([], dtype="float64"),
                        rule_id=np.array([], dtype=object))


def _nearest(sides: c.Sides, free_i: np.ndarray, free_b: np.ndarray) -> pd.DataFrame:
    """For each leftover row, the most alike leftover row of the same supplier GSTIN and
    document type (any fiscal year): highest number similarity, then nearest date, then
    smallest amount difference."""
    left, right = sides.left[free_i], sides.right[free_b]
    block = ["gstin", "dtype"]
    size_i = left.groupby(block).size().rename("n_i")
    size_b = right.groupby(block).size().rename("n_b")
    sizes = pd.concat([size_i, size_b], axis=1, join="inner")
    small = sizes[sizes["n_i"] * sizes["n_b"] <= NEAREST_BLOCK_LIMIT].reset_index()
    lhs = left[["id", *block]].merge(small[block], on=block)
    rhs = right[["id", *block]].merge(small[block], on=block)
    joined = lhs.merge(rhs, on=block, suffixes=("_i", "_b"))
    ranked = c.ranked_left(sides.left, free_i)
    # Every row's candidates lie in its own block, so blocks are taken a batch at a time
    # (whole blocks, about NEAREST_BATCH pairs): the pair features of all leftovers at
    # once would be the engine's largest frame.
    pair_block = pd.factorize(pd.MultiIndex.from_frame(joined[block]))[0]
    pairs_per_block = np.bincount(pair_block) if len(pair_block) else pair_block
    batch_of_block = np.cumsum(pairs_per_block) // NEAREST_BATCH
    batch = batch_of_block[pair_block] if len(pair_block) else pair_block
    best: dict[str, list[pd.DataFrame]] = {"ims": [], "books": []}
    for rows in ([np.arange(len(joined))] if not len(joined) else
                 np.split(np.argsort(batch, kind="stable"),
                          np.flatnonzero(np.diff(np.sort(batch, kind="stable"))) + 1)):
        pairs = pd.DataFrame({"ims_id": joined["id_i"].to_numpy(dtype="int64")[rows],
                              "books_id": joined["id_b"].to_numpy(dtype="int64")[rows]})
        for side, top in _nearest_of(pairs, ranked, sides.right):
            best[side].append(top)
    out = pd.concat([_by_owner(best["ims"], "ims_id"), _by_owner(best["books"], "books_id")],
                    ignore_index=True)
    out["layer"] = out["layer"].where(out["layer"] <= NumberLayer.FUZZY, NumberLayer.IGNORED)
    return out


def _by_owner(tops: list[pd.DataFrame], own: str) -> pd.DataFrame:
    """The batches' best pairs of one side in the order of their own row."""
    top = pd.concat(tops, ignore_index=True) if len(tops) > 1 else tops[0]
    return top.take(np.argsort(top[own].to_numpy(), kind="stable"))


def _nearest_of(pairs: pd.DataFrame, ranked_left: pd.DataFrame, right: pd.DataFrame
                ) -> list[tuple[str, pd.DataFrame]]:
    """Of the candidate `pairs` (whole blocks), each row's best one, per side."""
    # The reasons built from the nearest pair never name a slip (a slip with agreeing
    # amounts would have been suggested), so none is looked for among all leftovers.
    found = c.features(pairs, ranked_left, right, score_numbers=True, near=False)
    amount_gap = np.abs(found[[f"d_{x}" for x in c.AMOUNTS[:5]]].to_numpy()).sum(1)
    gap_sort = found["date_gap"].fillna(1e9).to_numpy()
    score = found["number_score"].to_numpy()
    best: list[tuple[str, pd.DataFrame]] = []
    for side, own, other_rank in (("ims", "ims_id", "books_rank"),
                                  ("books", "books_id", "ims_rank")):
        # Sort the keys only (stable, like sort_values) and take each row's first pair,
        # rather than sorting copies of the whole pair frame.
        owner = found[own].to_numpy()
        order = np.lexsort((found[other_rank].to_numpy(), amount_gap, gap_sort, -score, owner))
        ordered = owner[order]
        first = order[np.r_[True, ordered[1:] != ordered[:-1]]] if len(order) else order
        top = found.take(first)
        top = top.assign(amount_gap=amount_gap[first], gap_sort=gap_sort[first], side=side,
                         id=top[own].to_numpy(),
                         other_id=top["books_id" if side == "ims" else "ims_id"].to_numpy())
        best.append((side, top))
    return best
