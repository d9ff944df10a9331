"""What the rule cascade hands to the outcome: its own module so that the engine (which
produces it) and the outcome (which reads it) need not import each other."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class CascadeResult:
    """What the cascade decided.

    `pairs`: ims_id, books_id, rule_id, score, runner_up, runner_up_score and the pair
    features (layer, date_gap, d_* …). `ties`: ims_id, books_id, score, rule_id of tied
    candidates (all those rows are ambiguous). `nearest`: for leftover rows, the most alike
    leftover document of the same supplier and type (side "ims" or "books", id, other_id,
    and the pair features).
    """

    pairs: pd.DataFrame
    ties: pd.DataFrame
    nearest: pd.DataFrame
    # Per books row: excluded by the user (never paired, no follow-up).
    excluded: np.ndarray | None = None
