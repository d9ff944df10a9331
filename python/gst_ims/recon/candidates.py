"""Stages before the rules: prepare both sides, generate candidate pairs by blocking, and
compute the features every rule reads.

Prepared side (`Sides.left` for IMS, `Sides.right` for books), one row per input row in
input order: ``id`` (position), ``gstin``/``pan``/``dtype``/``fy`` (int32 codes shared by
both sides; -1 when unknown; the books side also has ``xtype``, the code of the IMS type
a document of its type may be booked for, `rules.OTHER_TYPES`, -1 for none), ``day``
(float days since 1970, NaN when unknown), the
layer keys of `numbers.LAYER_COLUMNS` as int32 codes shared by both sides (``k_n0`` …,
-1 for blank or not yet computed, see `deepen`) plus ``n0`` and ``n3`` text, the amounts
(int64 paise) and ``rank`` (stable order of the row's identity). Books rows are ranked
by register_row up front (the assignment reads it); IMS rows carry their record_key as
``identity`` and get ranks only where asked (`ranked_left`: the nearest-candidate search
over leftovers is the one reader, and sorting every record_key costs ~1.5 s at 10^6).

Candidates are generated only inside blocks (supplier GSTIN or PAN + document type;
the rules keep fiscal years apart), by equi-joins on integer codes; fuzzy numbers are
scored with rapidfuzz `process.cpdist` on the joined pairs only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from gst_ims.domain import documents as d
from gst_ims.domain.dates import fiscal_year_starts
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon.near_numbers import near_kind
from gst_ims.recon.numbers import LAYER_COLUMNS, NumberLayer, normalise_distinct
from gst_ims.recon.rules import OTHER_TYPES

AMOUNTS: Final = (d.TAXABLE, d.IGST, d.CGST, d.SGST, d.CESS, d.DOC_VALUE)
KEYS: Final = tuple(f"k_{column}" for column in LAYER_COLUMNS)
_NOT_ALNUM_RE: Final = re.compile(r"[^0-9A-Z]+")
_NOT_ALNUM_BYTES: Final = bytes(c for c in range(128) if not (48 <= c <= 57 or 65 <= c <= 90))
_EQUALITY_LAYERS: Final = (
    (NumberLayer.AS_WRITTEN, "k_n0"), (NumberLayer.SEPARATORS, "k_n1"),
    (NumberLayer.LEADING_ZEROS, "k_n2"), (NumberLayer.FISCAL_YEAR, "k_n3"),
    (NumberLayer.DIGITS_ONLY, "k_digits"),
)


@dataclass(frozen=True, slots=True)
class Sides:
    """Both prepared sides."""

    left: pd.DataFrame
    right: pd.DataFrame


def prepare(ims: pd.DataFrame, books: pd.DataFrame) -> Sides:
    """IMS and Books frames -> prepared sides (see module doc). Only layers 0-1 of the
    numbers are keyed here; `deepen` adds the others for the rows that need them."""
    n_left = len(ims)
    # Only the needed columns are read, both sides at once, and every text is cleaned
    # once per distinct value; the wide input frames are never copied.
    out = pd.DataFrame({"id": np.r_[np.arange(n_left), np.arange(len(books))].astype("int64")})
    gstin_rows, gstin_raw = pd.factorize(_texts(ims, books, d.SUPPLIER_GSTIN))
    gstin = np.array([x.strip().upper() for x in gstin_raw], dtype=object)
    out["gstin"] = _codes_of_distinct(gstin, gstin_rows)
    # PAN: the one given, else characters 3-12 of the GSTIN.
    pan_rows, pan_raw = pd.factorize(_texts(ims, books, d.SUPPLIER_PAN))
    given = np.array([x.strip().upper() for x in pan_raw], dtype=object)
    from_gstin = np.array([x[2:12] for x in gstin], dtype=object)
    use_given = np.asarray(given != "", dtype=bool)[pan_rows] if len(pan_rows) else pan_rows
    out["pan"] = _codes_of_distinct(np.r_[given, from_gstin],
                                    np.where(use_given, pan_rows, len(given) + gstin_rows))
    type_rows, type_raw = pd.factorize(_texts(ims, books, d.DOC_TYPE))
    types = np.array([x.upper() for x in type_raw], dtype=object)
    booked_for = {books_type: ims_type for ims_type, books_type in OTHER_TYPES.items()}
    other = np.array([booked_for.get(x, "") for x in types], dtype=object)
    # One code space for the types and the types a books document may stand for.
    type_codes = _codes_of_distinct(np.r_[types, other],
                                    np.r_[type_rows, len(types) + type_rows[n_left:]])
    out["dtype"] = type_codes[:len(type_rows)]
    dates = pd.to_datetime(pd.Series(np.r_[pd.to_datetime(ims[d.DOC_DATE]).to_numpy(),
                                           pd.to_datetime(books[d.DOC_DATE]).to_numpy()]))
    out["fy"] = fiscal_year_starts(dates).fillna(-1).to_numpy(dtype="int32")
    out["day"] = (dates - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype="float64",
                                                                        na_value=np.nan)
    # Each distinct number is cleaned once; codes follow first appearance as before.
    number_codes, distinct = pd.factorize(_texts(ims, books, d.DOC_NO))
    # A number already trimmed and upper case keeps its own text object (no copy of a
    # million numbers).
    n0_distinct = np.array([x if (y := x.strip().upper()) == x else y for x in distinct],
                           dtype=object)
    n1_distinct = np.array([_alnum_only(x) for x in n0_distinct], dtype=object)
    out["n0"] = n0_distinct[number_codes] if len(number_codes) else np.array([], object)
    out["k_n0"] = _codes_of_distinct(n0_distinct, number_codes)
    out["k_n1"] = _codes_of_distinct(n1_distinct, number_codes)
    del n1_distinct, distinct
    for column in LAYER_COLUMNS[2:]:
        out[f"k_{column}"] = np.int32(-1)
    out["n3"] = ""
    for column in AMOUNTS:
        out[column] = np.r_[ims[column].fillna(0).to_numpy(dtype="int64"),
                            books[column].fillna(0).to_numpy(dtype="int64")]
    out["rank"] = np.r_[np.zeros(n_left, dtype="int64"), _rank(books[d.REGISTER_ROW])]
    left = out.iloc[:n_left].reset_index(drop=True)
    left["identity"] = ims[d.RECORD_KEY].astype("string").fillna("").to_numpy(dtype=object)
    right = out.iloc[n_left:].reset_index(drop=True)
    right["xtype"] = type_codes[len(type_rows):]
    return Sides(left, right)


def _alnum_only(text: str) -> str:
    """`text` (upper case) without what is not a letter or digit: for ASCII text a byte
    translation, which is faster than the regex."""
    if text.isascii():
        return text.encode("ascii").translate(None, _NOT_ALNUM_BYTES).decode("ascii")
    return _NOT_ALNUM_RE.sub("", text)


def _texts(ims: pd.DataFrame, books: pd.DataFrame, column: str) -> np.ndarray:
    """A column of both sides as one object array of str ("" for missing, and for a side
    without the column)."""
    parts = [frame[column].astype("string").fillna("").to_numpy(dtype=object)
             if column in frame else np.full(len(frame), "", dtype=object)
             for frame in (ims, books)]
    return np.concatenate(parts)


def deepen(sides: Sides, rows_left: np.ndarray, rows_right: np.ndarray) -> Sides:
    """Sides with every normalisation layer keyed for the chosen rows (boolean masks);
    numbers are normalised once per distinct (number, fiscal year)."""
    # Shallow copies: only the layer columns are replaced, with new arrays.
    left, right = sides.left.copy(deep=False), sides.right.copy(deep=False)
    numbers = np.r_[left["n0"].to_numpy(dtype=object)[rows_left],
                    right["n0"].to_numpy(dtype=object)[rows_right]]
    years = np.r_[left["fy"].to_numpy(dtype="int64")[rows_left],
                  right["fy"].to_numpy(dtype="int64")[rows_right]]
    rows, layers = normalise_distinct(numbers, np.where(years >= 0, years, -1))
    split = int(rows_left.sum())
    for column in LAYER_COLUMNS[2:]:
        codes = _codes_of_distinct(layers[column].to_numpy(dtype=object), rows)
        _put(left, f"k_{column}", rows_left, codes[:split])
        _put(right, f"k_{column}", rows_right, codes[split:])
    n3 = layers["n3"].to_numpy(dtype=object)[rows] if len(rows) else np.array([], object)
    _put(left, "n3", rows_left, n3[:split])
    _put(right, "n3", rows_right, n3[split:])
    return Sides(left, right)


def _put(frame: pd.DataFrame, column: str, rows: np.ndarray, values: np.ndarray) -> None:
    """Set `values` on the chosen rows of `column`, in a new array (the frame is a shallow
    copy whose other columns are shared)."""
    updated = frame[column].to_numpy().copy()
    updated[rows] = values
    frame[column] = updated


def _codes_of_distinct(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`_codes` of ``values[rows]`` without factorizing every row's text: equal values
    share a code, codes follow first appearance in row order, blank is -1."""
    if not len(rows):
        return np.array([], dtype="int32")
    inner, uniques = pd.factorize(values)
    codes, firsts = pd.factorize(inner[rows])
    blank = np.asarray(uniques[firsts] == "", dtype=bool)
    # int32: codes only ever meet each other in joins and equality tests.
    return np.where(blank[codes], -1, codes).astype("int32")


def ranked_left(left: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """The IMS side with ``rank`` set for the chosen rows (boolean mask): dense rank of
    their record_key among themselves, which orders them exactly as a rank over every
    row would."""
    rank = np.zeros(len(left), dtype="int64")
    rank[rows] = _rank(pd.Series(left["identity"].to_numpy(dtype=object)[rows], dtype=object))
    return left.assign(rank=rank)


def _rank(identity: pd.Series) -> np.ndarray:
    """Dense rank (1 = smallest) of each identity as text: its place among the sorted
    distinct texts."""
    if pd.api.types.is_integer_dtype(identity.dtype) and not identity.hasnans:
        # Whole numbers: each distinct one is written as text once, not every row.
        codes, numbers = pd.factorize(identity.to_numpy(dtype="int64"))
        distinct = numbers.astype(str)
    else:
        codes, distinct = pd.factorize(
            identity.astype("string").fillna("").to_numpy(dtype=object))
    if pd.api.types.is_integer_dtype(identity.dtype):
        # Digits only: numpy's fixed-width sort gives the same order, far faster than
        # sorting Python strings.
        order = np.argsort(distinct.astype(str), kind="stable")
    else:
        order = np.argsort(distinct, kind="stable")
    place = np.empty(len(order), dtype="int64")
    place[order] = np.arange(1, len(order) + 1)
    return place[codes] if len(codes) else np.array([], dtype="int64")


def as_other_type(right: pd.DataFrame) -> pd.DataFrame:
    """The books side with each document's type replaced by the IMS type it may stand
    for (`rules.OTHER_TYPES`), so that type blocks pair across those types only."""
    return right.assign(dtype=right["xtype"].to_numpy())


def blocks(*, by_pan: bool = False) -> list[str]:
    """Join columns of a block: supplier and document type. The fiscal year is no block
    (a document dated 31-03 may be booked on 01-04); the rules keep the years apart
    (`rules.fiscal_year_ok`)."""
    return ["pan" if by_pan else "gstin", "dtype"]


def number_pairs(left: pd.DataFrame, right: pd.DataFrame, block: list[str],
                 layers: tuple[tuple[NumberLayer, str], ...] = _EQUALITY_LAYERS
                 ) -> pd.DataFrame:
    """Pairs whose numbers agree at some equality layer inside a block -> frame ims_id,
    books_id (int64), layer (strictest layer that agrees)."""
    found: list[pd.DataFrame] = []
    for layer, key in layers:
        columns = [*block, key]
        lhs = left.loc[(left[columns] >= 0).all(axis=1), ["id", *columns]]
        rhs = right.loc[(right[columns] >= 0).all(axis=1), ["id", *columns]]
        joined = lhs.merge(rhs, on=columns, suffixes=("_i", "_b"))
        found.append(pd.DataFrame({"ims_id": joined["id_i"].to_numpy(),
                                   "books_id": joined["id_b"].to_numpy(),
                                   "layer": np.int64(layer)}))
    pairs = pd.concat(found, ignore_index=True)
    return pairs.groupby(["ims_id", "books_id"], as_index=False, sort=True).agg(
        layer=("layer", "min"))


def fuzzy_pairs(left: pd.DataFrame, right: pd.DataFrame, block: list[str]) -> pd.DataFrame:
    """Pairs in a block with the same last digit run or the same confusable-folded number
    (the only ones the fuzzy rule could accept) -> ims_id, books_id."""
    found = [number_pairs(left, right, block, ((NumberLayer.FUZZY, key),))
             for key in ("k_last_run", "k_confusable")]
    pairs = pd.concat(found, ignore_index=True).drop_duplicates(["ims_id", "books_id"])
    return pairs[["ims_id", "books_id"]]


def amount_pairs(left: pd.DataFrame, right: pd.DataFrame, block: list[str],
                 settings: ReconSettings) -> pd.DataFrame:
    """Pairs in a block whose taxable values are within tolerance -> ims_id, books_id.
    Buckets wider than the tolerance, joined with the neighbouring bucket, find them all
    without comparing every pair of a block."""
    width = settings.tolerance_taxable + 1
    lhs = left[["id", *block]].assign(bucket=left[d.TAXABLE].to_numpy() // width)
    rhs_bucket = right[d.TAXABLE].to_numpy() // width
    found: list[pd.DataFrame] = []
    for shift in (-1, 0, 1):
        rhs = right[["id", *block]].assign(bucket=rhs_bucket + shift)
        joined = lhs.merge(rhs, on=[*block, "bucket"], suffixes=("_i", "_b"))
        found.append(pd.DataFrame({"ims_id": joined["id_i"].to_numpy(),
                                   "books_id": joined["id_b"].to_numpy()}))
    return pd.concat(found, ignore_index=True)


def features(pairs: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame,
             *, score_numbers: bool = False, near: bool | None = None) -> pd.DataFrame:
    """Candidate pairs (ims_id, books_id, optional layer) -> the pair frame the rules read
    (see rules.py), plus ``books_rank`` and ``ims_rank``. `near` (default: as
    `score_numbers`): look for one slip between unequal numbers."""
    i = pairs["ims_id"].to_numpy(dtype="int64")
    b = pairs["books_id"].to_numpy(dtype="int64")
    out = pd.DataFrame({"ims_id": i, "books_id": b})
    if "layer" in pairs:
        out["layer"] = pairs["layer"].to_numpy(dtype="int64")
    else:
        out["layer"] = _layer_of(left, right, i, b)
    out["same_last_run"] = _same(left, right, "k_last_run", i, b)
    out["confusable_equal"] = _same(left, right, "k_confusable", i, b)
    out["other_serial"] = _same(left, right, "k_series", i, b) & ~out["same_last_run"].to_numpy()
    out["same_gstin"] = _same(left, right, "gstin", i, b)
    out["same_type"] = _same(left, right, "dtype", i, b)
    ims_type = left["dtype"].to_numpy()[i]
    out["other_type"] = (ims_type >= 0) & (ims_type == right["xtype"].to_numpy()[b])
    out["date_gap"] = np.abs(left["day"].to_numpy()[i] - right["day"].to_numpy()[b])
    fy_i, fy_b = left["fy"].to_numpy()[i], right["fy"].to_numpy()[b]
    out["same_fy"] = (fy_i == fy_b) | (fy_i < 0) | (fy_b < 0)
    for column in AMOUNTS:
        out[f"d_{column}"] = left[column].to_numpy()[i] - right[column].to_numpy()[b]
    equal = out["layer"].to_numpy() <= NumberLayer.DIGITS_ONLY
    number_score = np.where(equal, 100.0 - 0.5 * out["layer"].to_numpy(), 0.0)
    if score_numbers and len(out):
        fuzzy = process.cpdist(left["n3"].to_numpy()[i], right["n3"].to_numpy()[b],
                               scorer=fuzz.WRatio, workers=1)
        number_score = np.where(equal, number_score, np.asarray(fuzzy, dtype="float64"))
    out["number_score"] = number_score
    # One slip (swap, dropped suffix) only among pairs whose numbers differ after
    # normalisation (a dropped letter suffix leaves the digits equal); looked at with the
    # similarity, i.e. only on the leftover pairs of the suggesting rules.
    # Pairs equal in their digits only are always looked at: "7894/A" is not "7894".
    slips = np.zeros(len(out), dtype="int8")
    layer = out["layer"].to_numpy()
    look = score_numbers if near is None else near
    unequal = (layer > NumberLayer.FISCAL_YEAR) if look else (
        layer == NumberLayer.DIGITS_ONLY)
    if unequal.any():
        slips[unequal] = near_kind(left["n0"].to_numpy()[i[unequal]],
                                   right["n0"].to_numpy()[b[unequal]])
    out["near_number"] = slips
    out["ims_rank"] = left["rank"].to_numpy()[i]
    out["books_rank"] = right["rank"].to_numpy()[b]
    return out


def _same(left: pd.DataFrame, right: pd.DataFrame, column: str,
          i: np.ndarray, b: np.ndarray) -> np.ndarray:
    lhs = left[column].to_numpy()[i]
    return np.asarray((lhs == right[column].to_numpy()[b]) & (lhs >= 0), dtype=bool)


def _layer_of(left: pd.DataFrame, right: pd.DataFrame,
              i: np.ndarray, b: np.ndarray) -> np.ndarray:
    layer = np.full(len(i), int(NumberLayer.IGNORED), dtype="int64")
    for number_layer, key in reversed(_EQUALITY_LAYERS):
        layer = np.where(_same(left, right, key, i, b), int(number_layer), layer)
    fuzzy = (layer == NumberLayer.IGNORED) & (
        _same(left, right, "k_last_run", i, b) | _same(left, right, "k_confusable", i, b)
    )
    return np.where(fuzzy, int(NumberLayer.FUZZY), layer)


def pair_score(pairs: pd.DataFrame) -> np.ndarray:
    """How alike a pair is, 0-100: number similarity (equal numbers lose half a point per
    normalisation layer), less up to 5 points for the date gap (30 days or more cost 5)
    and up to 5 for the amounts (₹1,000 or more costs 5).
    Rounded so that equal inputs give exactly equal scores (ties are detected)."""
    gap = np.nan_to_num(pairs["date_gap"].to_numpy(dtype="float64"), nan=30.0)
    amount = np.abs(pairs[[f"d_{c}" for c in AMOUNTS[:5]]].to_numpy(dtype="int64")).sum(axis=1)
    score = (pairs["number_score"].to_numpy(dtype="float64")
             - 5.0 * np.minimum(gap, 30.0) / 30.0
             - 5.0 * np.minimum(amount, 100_000) / 100_000)
    return np.asarray(np.round(np.clip(score, 0.0, 100.0), 6), dtype="float64")
