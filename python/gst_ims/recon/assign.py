"""Deterministic one-to-one assignment that reports ties instead of breaking them.

Input: the candidate pairs one rule accepted, as a frame with int64 ``ims_id``,
``books_id``, float ``score`` and int64 ``books_rank`` / ``ims_rank`` (stable identities
of the rows, used only to order runner-ups so that input order never matters).

Rounds: every pair that is the unique best of both its rows is taken (with distinct scores
this equals a greedy pass over pairs sorted by score); the taken rows leave; repeat. When
no pair is the unique best of both rows, the best pairs are exact ties: those rows are set
aside as ambiguous, with every tied candidate, and never paired arbitrarily.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

PAIR_COLUMNS: Final = ("ims_id", "books_id", "score")


def assign(candidates: pd.DataFrame, *, unique_only: bool = False
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates -> (pairs, ties).

    `pairs`: one row per paired document, columns ims_id, books_id, score, runner_up
    (Int64 books_id of the next best candidate of the IMS row, <NA> if none),
    runner_up_score (float, NaN if none). `ties`: the tied top candidates, columns
    ims_id, books_id, score; every row in it is ambiguous. With `unique_only`, a pair is
    taken only when both rows have exactly one candidate, and nothing is a tie.
    """
    ranked = candidates.sort_values("score", ascending=False, kind="stable")
    ranked = ranked.drop_duplicates(["ims_id", "books_id"], keep="first")
    if unique_only:
        single_i = ranked.groupby("ims_id")["ims_id"].transform("size") == 1
        single_b = ranked.groupby("books_id")["books_id"].transform("size") == 1
        chosen = ranked[single_i & single_b]
        return _with_runner_up(chosen, ranked), _empty_ties()
    taken: list[pd.DataFrame] = []
    tied: list[pd.DataFrame] = []
    remaining = ranked
    while len(remaining):
        picked, is_tie = _one_round(remaining)
        (tied if is_tie else taken).append(picked)
        remaining = remaining[
            ~remaining["ims_id"].isin(picked["ims_id"])
            & ~remaining["books_id"].isin(picked["books_id"])
        ]
    chosen = pd.concat(taken) if taken else ranked.iloc[0:0]
    ties = pd.concat(tied)[list(PAIR_COLUMNS)] if tied else _empty_ties()
    return _with_runner_up(chosen, ranked), ties.reset_index(drop=True)


def _one_round(remaining: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The pairs that are the unique best of both rows; else the tied best pairs."""
    score = remaining["score"]
    best_i = remaining.groupby("ims_id")["score"].transform("max")
    best_b = remaining.groupby("books_id")["score"].transform("max")
    at_best_i = score == best_i
    at_best_b = score == best_b
    count_i = at_best_i.groupby(remaining["ims_id"]).transform("sum")
    count_b = at_best_b.groupby(remaining["books_id"]).transform("sum")
    top = at_best_i & at_best_b
    unique = top & (count_i == 1) & (count_b == 1)
    if bool(unique.any()):
        return remaining[unique], False
    return remaining[top], True


def _with_runner_up(chosen: pd.DataFrame, ranked: pd.DataFrame) -> pd.DataFrame:
    """Add the IMS row's next-best candidate (highest score, then stable rank)."""
    out = chosen[list(PAIR_COLUMNS)].reset_index(drop=True)
    others = ranked.merge(out[["ims_id", "books_id"]].rename(columns={"books_id": "chosen"}),
                          on="ims_id")
    others = others[others["books_id"] != others["chosen"]]
    others = others.sort_values(["ims_id", "score", "books_rank"],
                                ascending=[True, False, True], kind="stable")
    best = others.drop_duplicates("ims_id")[["ims_id", "books_id", "score"]]
    best = best.rename(columns={"books_id": "runner_up", "score": "runner_up_score"})
    out = out.merge(best, on="ims_id", how="left")
    out["runner_up"] = out["runner_up"].astype("Int64")
    out["runner_up_score"] = out["runner_up_score"].astype("float64")
    return out


def _empty_ties() -> pd.DataFrame:
    return pd.DataFrame({"ims_id": np.array([], dtype="int64"),
                         "books_id": np.array([], dtype="int64"),
                         "score": np.array([], dtype="float64")})
