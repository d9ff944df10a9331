"""Plain-English reasons and mismatch field lists, built column-wise.

Sentences are assembled from parts (Series of text, ``""`` where a part does not apply);
amounts go through `format_inr` once per distinct value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from gst_ims.domain import documents as d
from gst_ims.domain.dates import fiscal_year_starts, format_ddmmyyyy
from gst_ims.domain.documents import DocType
from gst_ims.domain.money import format_inr
from gst_ims.domain.settings import ReconSettings
from gst_ims.recon.near_numbers import near_words
from gst_ims.recon.numbers import NumberLayer
from gst_ims.recon.rules import RULES_BY_ID

FIELD_LABELS: Final = {
    d.TAXABLE: "taxable value", d.IGST: "IGST", d.CGST: "CGST", d.SGST: "SGST",
    d.CESS: "cess", d.DOC_VALUE: "document value",
}
_COMPARED: Final = (d.TAXABLE, d.IGST, d.CGST, d.SGST, d.CESS)

# The placeholders a rule's reason (`Rule.reason`) may use; `_heads` fills each. In
# every template "document number" and "Document" become the kind of document (Invoice,
# Credit note …).
REASON_PLACEHOLDERS: Final = frozenset({"{number}", "{pair}", "{near}", "{gstins}",
                                        "{booked_as}"})
# What the books made of a document of another type (rules.OTHER_TYPES): books type ->
# the words of the reason.
BOOKED_AS: Final = {
    "DN": "booked as a purchase return (debit note) in your books",
    "INV": "booked as a purchase in your books",
}


def join(parts: Sequence[pd.Series], sep: str = "; ") -> pd.Series:
    """Join text parts row-wise, skipping empty ones."""
    if not parts:
        return pd.Series([], dtype=object)
    return pd.Series(join_arrays([texts(part) for part in parts], sep),
                     index=parts[0].index, dtype=object)


def join_arrays(parts: Sequence[np.ndarray], sep: str = "; ") -> np.ndarray:
    """`join` over object arrays of str: only the rows a part adds to are touched."""
    out = parts[0].copy()
    for part in parts[1:]:
        where = np.flatnonzero(part != "")
        if not len(where):
            continue
        before = out[where]
        glue = np.where(before != "", sep, "").astype(object)
        out[where] = before + glue + part[where]
    return out


def flag_text(flags: np.ndarray, text: str) -> np.ndarray:
    """`text` where `flags` is set, else "" (an object array sharing the one str)."""
    out = np.full(len(flags), "", dtype=object)
    out[np.asarray(flags, dtype=bool)] = text
    return out


def texts(part: pd.Series) -> np.ndarray:
    """A text Series as an object array of str ("" for missing)."""
    values = part.to_numpy(dtype=object, na_value="")
    if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
        values = part.fillna("").astype(str).to_numpy(dtype=object)
    return values


def inr(values: pd.Series) -> pd.Series:
    """Paise -> '₹1,200.00' text, formatting each distinct value once ("" for <NA>)."""
    return pd.Series(inr_array(values.astype("Int64").to_numpy(dtype="float64",
                                                                 na_value=np.nan)),
                     index=values.index, dtype=object)


def inr_array(paise: np.ndarray) -> np.ndarray:
    """Paise (float array, NaN for missing) -> object array of '₹1,200.00' texts."""
    codes, distinct = pd.factorize(paise)
    formatted = np.array([_inr_text(int(v)) for v in distinct] + [""], dtype=object)
    return formatted[codes]


def _inr_text(paise: int) -> str:
    """`format_inr`, with a fast path: below ₹1,00,000 Indian and Western digit grouping
    agree, so Python's own grouping gives the same text."""
    if 0 <= paise < 10_000_000:
        rupees, rest = divmod(paise, 100)
        return f"₹{rupees:,}.{rest:02d}"
    return format_inr(paise)


def diff_text(rows: pd.DataFrame, *, only_outside: ReconSettings | None = None) -> pd.Series:
    """'taxable value differs by ₹1,200.00 (IMS higher)'-style parts for the non-zero
    d_* columns (all, or with `only_outside` only those outside tolerance)."""
    parts: list[np.ndarray] = []
    for column in (*_COMPARED, d.DOC_VALUE):
        name = f"d_{column}"
        if name not in rows:
            continue
        diff = _ints(rows[name])
        show = diff != 0
        if column == d.DOC_VALUE:
            books_value = rows.get("books_doc_value", pd.Series(0, index=rows.index))
            show &= (_ints(books_value) > 0)
        if only_outside is not None:
            show &= np.abs(diff) > _tolerance(column, only_outside)
        text = np.full(len(rows), "", dtype=object)
        # The whole phrase once per distinct difference.
        codes, distinct = pd.factorize(diff[show])
        phrases = np.array([_differs(FIELD_LABELS[column], int(value)) for value in distinct],
                           dtype=object)
        text[show] = phrases[codes]
        parts.append(text)
    if not parts:
        return join([])
    return pd.Series(join_arrays(parts), index=rows.index, dtype=object)


def _differs(label: str, diff: int) -> str:
    """'taxable value differs by ₹1,200.00 (IMS higher)' for a non-zero difference."""
    side = " (IMS higher)" if diff > 0 else " (books higher)"
    return f"{label} differs by {_inr_text(abs(diff))}{side}"


def _ints(values: pd.Series) -> np.ndarray:
    """Numbers as int64 (missing as 0)."""
    return np.asarray(values.astype("Float64").fillna(0).astype("int64").to_numpy(),
                      dtype="int64")


def _tolerance(column: str, settings: ReconSettings) -> int:
    return settings.tolerance_taxable if column == d.TAXABLE else settings.tolerance_tax


def mismatch_fields(rows: pd.DataFrame, settings: ReconSettings) -> pd.Series:
    """Comma-separated plain field names that disagree beyond tolerance on paired rows."""
    paired = (rows["books_id"].notna() & rows["ims_id"].notna()).to_numpy()
    layer = rows["layer"].astype("Float64").fillna(0).to_numpy(dtype="float64")
    gap = rows["date_gap"].astype("Float64").fillna(np.inf).to_numpy(dtype="float64")
    same = rows["same_gstin"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    flags = [("document number", layer >= NumberLayer.DIGITS_ONLY),
             ("document date", gap > settings.date_window_days),
             ("supplier GSTIN", ~same)]
    flags += [(FIELD_LABELS[column],
               np.abs(rows[f"d_{column}"].astype("Float64").fillna(0).to_numpy(
                   dtype="float64")) > _tolerance(column, settings))
              for column in _COMPARED]
    # One text per distinct combination of failing fields (a bit each).
    pattern = np.zeros(len(rows), dtype="int64")
    for bit, (_, failing) in enumerate(flags):
        pattern |= (paired & failing).astype("int64") << bit
    distinct, codes = np.unique(pattern, return_inverse=True)
    worded = np.array([", ".join(name for bit, (name, _) in enumerate(flags)
                                 if int(value) >> bit & 1) for value in distinct], dtype=object)
    return pd.Series(worded[codes.reshape(-1)] if len(rows) else np.array([], dtype=object),
                     index=rows.index, dtype=object)


def _describe(frame: pd.DataFrame, ids: pd.Series, *, books: bool) -> pd.Series:
    """'row 12 (INV-1, 05-11-2024)' for books ids; 'INV-1 of 05-11-2024 from <GSTIN>' for
    IMS ids."""
    valid = ids.notna().to_numpy()
    position = ids.fillna(0).astype("int64").to_numpy()
    if not len(frame) or not valid.any():
        return pd.Series("", index=ids.index, dtype=object)
    # Only the described rows are read and formatted (each distinct date once).
    position = position[valid]
    number = _picked(frame[d.DOC_NO], position, "")
    date = _date_texts(pd.to_datetime(frame[d.DOC_DATE]).take(position))
    if books:
        row = _picked(frame[d.REGISTER_ROW], position, "?")
        described = "register row " + row + " (" + number + ", " + date + ")"
    else:
        gstin = _picked(frame[d.SUPPLIER_GSTIN], position, "")
        described = number + " dated " + date + " from " + gstin
    text = np.full(len(ids), "", dtype=object)
    text[valid] = described
    return pd.Series(text, index=ids.index, dtype=object)


def _picked(column: pd.Series, position: np.ndarray, missing: str) -> np.ndarray:
    """The column's values at `position` as text (`missing` for <NA>)."""
    return np.asarray(column.take(position).astype("string").fillna(missing).to_numpy(
        dtype=object), dtype=object)


def _date_texts(dates: pd.Series) -> np.ndarray:
    """dd-mm-yyyy per date ("no date" when missing), formatting each distinct date once."""
    codes, distinct = pd.factorize(dates)
    formatted = [*pd.DatetimeIndex(distinct).strftime("%d-%m-%Y"), "no date"]
    return np.asarray(np.array(formatted, dtype=object)[codes], dtype=object)


def _doc_label(ims: pd.DataFrame, ims_id: pd.Series) -> pd.Series:
    labels = {t.value: t.label for t in DocType}
    if not len(ims):
        return pd.Series("Document", ims_id.index)
    codes, types = pd.factorize(ims[d.DOC_TYPE].astype("string").to_numpy(dtype=object,
                                                                          na_value=""))
    kinds = np.array([labels.get(str(t), "Document") for t in types] + ["Document"],
                     dtype=object)
    return pd.Series(kinds[codes[ims_id.fillna(0).astype("int64").to_numpy()]],
                     index=ims_id.index)


def _heads(rows: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame) -> pd.Series:
    """Opening sentence of paired rows, one text per distinct (rule, layer, kind)."""
    kind = _doc_label(ims, rows["ims_id"]).to_numpy(dtype=object)
    layer = rows["layer"].astype("Float64").fillna(NumberLayer.IGNORED).astype("int64")
    rule_id = rows["rule_id"].to_numpy(dtype=object, na_value="")
    # One sentence per distinct (rule, layer, kind), found through integer codes.
    rule_codes, rule_values = pd.factorize(rule_id)
    kind_codes, kind_values = pd.factorize(kind)
    layer_codes, layer_values = pd.factorize(layer.to_numpy(dtype="int64"))
    combos, firsts = pd.factorize(
        (rule_codes.astype("int64") * len(layer_values) + layer_codes) * len(kind_values)
        + kind_codes)
    worded: list[str] = []
    for combo in firsts.tolist():
        rest, kind_code = divmod(combo, max(len(kind_values), 1))
        rule_code, layer_code = divmod(rest, max(len(layer_values), 1))
        rule_text, kind_text = str(rule_values[rule_code]), str(kind_values[kind_code])
        if rule_text == "":
            worded.append("")
            continue
        template = RULES_BY_ID[rule_text].reason
        number = NumberLayer(int(layer_values[layer_code])).explanation.replace(
            "Document", kind_text)
        worded.append(template.replace("{number}", number).replace(
            "document number", kind_text.lower() + " number"))
    worded_array = np.array(worded, dtype=object)
    head = pd.Series(worded_array[combos] if len(rows) else np.array([], dtype=object),
                     index=rows.index, dtype=object)
    if len(rows) and any("{booked_as}" in text for text in worded):
        has = np.array(["{booked_as}" in text for text in worded], dtype=bool)[combos]
        booked = _column(books, d.DOC_TYPE, rows.loc[has, "books_id"]).map(BOOKED_AS).fillna(
            "booked as another type in your books")
        head[has] = [h.replace("{booked_as}", v)
                     for h, v in zip(head[has], booked, strict=True)]
    has_near = np.array(["{near}" in text for text in worded], dtype=bool)
    if len(rows) and has_near[combos].any():
        near = has_near[combos]
        sub = rows[near]
        slip = near_words(_column(ims, d.DOC_NO, sub["ims_id"]).to_numpy(dtype=object),
                          _column(books, d.DOC_NO, sub["books_id"]).to_numpy(dtype=object))
        slip = np.where(slip != "", slip, "document number differs slightly").astype(object)
        head[near] = [h.replace("{near}", v) for h, v in zip(head[near], slip, strict=True)]
    for placeholder, column in (("{pair}", d.DOC_NO), ("{gstins}", d.SUPPLIER_GSTIN)):
        has = np.array([placeholder in text for text in worded], dtype=bool)
        if not len(rows) or not has[combos].any():
            continue
        has = has[combos]
        sub = rows[has]
        both = ("(IMS " + _column(ims, column, sub["ims_id"]) + ", books "
                + _column(books, column, sub["books_id"]) + ")")
        head[has] = [h.replace(placeholder, v)
                     for h, v in zip(head[has], both, strict=True)]
    return head


def _column(frame: pd.DataFrame, column: str, ids: pd.Series) -> pd.Series:
    if not len(frame):
        return pd.Series("", index=ids.index, dtype=object)
    values = frame[column].astype("string").fillna("").to_numpy()
    return pd.Series(values[ids.fillna(0).astype("int64").to_numpy()], index=ids.index,
                     dtype=object).where(ids.notna(), "")


def _gap_text(gap: pd.Series) -> pd.Series:
    days = gap.astype("Float64").fillna(0).round().astype("int64")
    text = "dates are " + days.astype(str) + " days apart"
    return text.where(days > 0, "")


def ims_reasons(rows: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame,
                ties: pd.DataFrame, nearest: pd.DataFrame, settings: ReconSettings
                ) -> pd.Series:
    """Reason per IMS row (rows: ims_id, books_id, rule_id, status and pair features).
    Each kind of sentence is built only for the rows it concerns."""
    reason = pd.Series("", index=rows.index, dtype=object)
    paired = rows["books_id"].notna().to_numpy()
    if paired.any():
        reason[paired] = _paired_text(rows[paired], ims, books)
    tied = ~paired & rows["ims_id"].isin(ties["ims_id"]).to_numpy()
    if tied.any():
        reason[tied] = _ties_text(rows.loc[tied, "ims_id"], ties, books, own="ims_id",
                                  other="books_id", books_side=True)
    lonely = ~paired & ~tied
    if lonely.any():
        sub = rows[lonely]
        reason[lonely] = _nearest_text(sub["ims_id"], nearest, "ims", ims, books,
                                       books_side=True,
                                       settings=settings,
                                       supplier_known=_supplier_in(ims, books, sub))
    return reason


def _paired_text(rows: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame) -> pd.Series:
    head = _heads(rows, ims, books)
    diffs = rows[[f"d_{c}" for c in _COMPARED]].astype("Float64").fillna(0).to_numpy()
    more = ((rows["date_gap"].astype("Float64").fillna(0) > 0).to_numpy()
            | (diffs != 0).any(axis=1) | rows["runner_up"].notna().to_numpy())
    more |= (rows["d_doc_value"].astype("Float64").fillna(0) != 0).to_numpy() & (
        rows.get("books_doc_value", pd.Series(0, index=rows.index)).fillna(0) > 0).to_numpy()
    if more.any():
        sub = rows[more]
        runner = _describe(books, sub["runner_up"], books=True)
        runner = ("next best candidate: " + runner).where(runner != "", "")
        head[more] = join([head[more], _gap_text(sub["date_gap"]), diff_text(sub), runner])
    return head


def books_reasons(rows: pd.DataFrame, ims: pd.DataFrame, books: pd.DataFrame,
                  ties: pd.DataFrame, nearest: pd.DataFrame, settings: ReconSettings
                  ) -> pd.Series:
    """Reason per unpaired register row (rows: books_id, status)."""
    position = rows["books_id"].astype("int64").to_numpy()
    rcm = (books[d.RCM].fillna(False).astype(bool).to_numpy()[position]
           if d.RCM in books and len(books) else np.zeros(len(rows), bool))
    reason_texts = np.full(
        len(rows), "ITC not eligible: the portal does not show such documents in IMS for "
        "action", dtype=object)
    reason_texts[rcm] = "Reverse-charge purchase: the portal never shows these in IMS"
    reason = pd.Series(reason_texts, index=rows.index, dtype=object)
    tied = rows["books_id"].isin(ties["books_id"]).to_numpy()
    if tied.any():
        reason[tied] = _ties_text(rows.loc[tied, "books_id"], ties, ims, own="books_id",
                                  other="ims_id", books_side=False)
    lonely = ~tied & (rows["status"] != "Not expected in IMS").to_numpy()
    if lonely.any():
        reason[lonely] = _nearest_text(rows.loc[lonely, "books_id"], nearest, "books",
                                       books, ims, books_side=False, settings=settings,
                                       supplier_known=None)
    return reason


def _supplier_in(ims: pd.DataFrame, books: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    known = {str(x).upper() for x in pd.unique(
        books[d.SUPPLIER_GSTIN].astype("string").fillna("").to_numpy(dtype=object))}
    gstin = _column(ims, d.SUPPLIER_GSTIN, rows["ims_id"]).str.upper()
    return gstin.isin(known)


def _ties_text(own_ids: pd.Series, ties: pd.DataFrame, other_frame: pd.DataFrame, *,
               own: str, other: str, books_side: bool) -> pd.Series:
    if ties.empty:
        return pd.Series("", index=own_ids.index, dtype=object)
    edges = ties[[own, other]].astype("int64").drop_duplicates()
    edges = edges.assign(text=_describe(other_frame, edges[other], books=books_side).to_numpy())
    edges = edges.sort_values([own, "text"], kind="stable")
    listed = edges.groupby(own)["text"].agg("; ".join)
    counts = edges.groupby(own).size()
    if books_side:
        text = ("Ambiguous: " + counts.astype(str) + " register lines fit equally well ("
                + listed + "); choose the right one")
    else:
        text = ("Ambiguous: fits " + listed + " as well as another register line does; "
                "choose the right one")
    return own_ids.astype("Int64").map(text).fillna("").astype(object)


def _nearest_text(own_ids: pd.Series, nearest: pd.DataFrame, side: str,
                  own_frame: pd.DataFrame, other_frame: pd.DataFrame, *, books_side: bool,
                  settings: ReconSettings,
                  supplier_known: pd.Series | None) -> pd.Series:
    none_found = ("Not in the books: no unpaired register line of this supplier and "
                  "document type comes close" if books_side else
                  "Not in the IMS download: no unpaired IMS document of this supplier and "
                  "document type comes close")
    base = pd.Series(none_found, index=own_ids.index, dtype=object)
    if supplier_known is not None:
        base = base.where(supplier_known, "Not in the books: the register has no document "
                          "from this supplier GSTIN")
    mine = nearest[nearest["side"] == side].set_index("id")
    if mine.empty:
        return base
    near = mine.reindex(own_ids.astype("int64").to_numpy())
    near.index = own_ids.index
    found = near["other_id"].notna()
    who = _describe(other_frame, near["other_id"], books=books_side)
    why = _first_failure(near, own_dates=_dates_of(own_frame, own_ids),
                         other_dates=_dates_of(other_frame, near["other_id"]),
                         settings=settings)
    prefix = "Not in the books" if books_side else "Not in the IMS download"
    text = prefix + "; closest: " + who + ", not paired because " + why
    return pd.Series(np.where(found, text, base), index=own_ids.index, dtype=object)


def _dates_of(frame: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """The document dates of the rows `ids` (NaT where the id or the date is missing)."""
    valid = ids.notna().to_numpy()
    out = pd.Series(pd.NaT, index=ids.index, dtype="datetime64[ns]")
    if len(frame) and valid.any():
        dates = pd.to_datetime(frame[d.DOC_DATE]).to_numpy(dtype="datetime64[ns]")
        out[valid] = dates[ids[valid].astype("int64").to_numpy()]
    return out


def _first_failure(near: pd.DataFrame, *, own_dates: pd.Series, other_dates: pd.Series,
                   settings: ReconSettings) -> pd.Series:
    """Why the nearest leftover pair was not paired, first failed condition first: the
    fiscal-year wall, then the number, the date window and the amounts; a pair that
    fails none of those has numbers that differ while more than one document fits the
    amounts and date (or the amount-only pass is off).

    `near`: the nearest-pair features (layer, number_score, other_serial, near_number,
    date_gap, d_*), on the index of the two date Series."""
    layer = near["layer"].astype("Float64").fillna(NumberLayer.IGNORED).to_numpy(dtype="float64")
    score = near["number_score"].astype("Float64").fillna(0).round().astype("int64")
    gap = near["date_gap"].astype("Float64")
    far = (gap.fillna(np.inf) > settings.date_window_days).to_numpy() & gap.notna().to_numpy()
    years_own = fiscal_year_starts(own_dates)
    years_other = fiscal_year_starts(other_dates)
    other_year = (years_own != years_other).fillna(False).to_numpy(dtype=bool)
    wall = other_year & far & (not settings.cross_fy)
    own_text, other_text = _date_texts(own_dates), _date_texts(other_dates)
    fiscal = flag_text(wall, "")
    fiscal[wall] = ("dates " + own_text[wall] + " and " + other_text[wall]
                    + " fall in different fiscal years")
    numbers_differ = layer > NumberLayer.DIGITS_ONLY
    serial = numbers_differ & near.get("other_serial", pd.Series(False, index=near.index)
                                       ).fillna(False).to_numpy(dtype=bool)
    amounts = diff_text(near, only_outside=settings)
    # Numbers that differ fail by themselves only when the amounts or dates fail too;
    # otherwise the amount-only guess could have paired them (see the last case).
    differ_too = numbers_differ & (far | wall | (amounts != "").to_numpy())
    number = flag_text(differ_too, "")
    number[differ_too] = ("number differs (similarity "
                          + score[differ_too].astype(str) + " of 100)").to_numpy()
    number[serial] = "the numbers are two serials of one series"
    digits_only = (layer == NumberLayer.DIGITS_ONLY) & ~far & (
        gap.fillna(np.inf) > 0).to_numpy()
    number[digits_only] = "only the digits of the numbers agree, which needs the same date"
    date = flag_text(far & ~wall, "")
    date[far & ~wall] = ("dates are " + gap[far & ~wall].round().astype("int64").astype(str)
                         + " days apart").to_numpy()
    why = join([pd.Series(fiscal, index=near.index), pd.Series(number, index=near.index),
                pd.Series(date, index=near.index), amounts])
    rest = ("the numbers differ and the amount-only pass is switched off"
            if not settings.amount_only_pass else
            "the numbers differ and another document fits the amounts and date as well")
    return why.where(why != "", rest)


def format_date(value: pd.Timestamp) -> str:
    """dd-mm-yyyy for a reason text (``no date`` when missing)."""
    return "no date" if pd.isna(value) else format_ddmmyyyy(value)
