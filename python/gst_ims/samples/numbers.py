"""Document numbers as suppliers write them and as registers book them, and tax heads
in paise."""

from __future__ import annotations

import numpy as np

from gst_ims.samples.cases import FY_SHORT, FY_YY, SUFFIXES


def _round_div(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """Integer division rounding half up (amounts are never negative here)."""
    result: np.ndarray = (numerator * 2 + denominator) // (2 * denominator)
    return result


def format_numbers(style: np.ndarray, prefix: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """Document numbers in the supplier's style; all distinct for distinct `seq`."""
    out: list[str] = []
    append = out.append
    for st, pre, sq in zip(style.tolist(), prefix.tolist(), seq.tolist(), strict=True):
        if st == 0:
            append(f"{pre}/{FY_SHORT}/{sq:04d}")
        elif st == 1:
            append(f"{pre}-{FY_YY}-{sq:05d}")
        elif st == 2:
            append(str(sq))
        elif st == 3:
            append(f"{pre}-{sq}")
        else:
            append(f"{sq:07d}")
    return np.asarray(out, dtype=object)


def book_numbers(case: np.ndarray, numbers: np.ndarray, prefix: np.ndarray,
                 seq: np.ndarray, coin: np.ndarray) -> np.ndarray:
    """How the register wrote each number: as issued, or one of the planted variants."""
    out = numbers.copy()
    for index in np.flatnonzero(np.char.startswith(case.astype(str), "number_")):
        name, number, sq = case[index], numbers[index], int(seq[index])
        if name == "number_case":
            out[index] = number.lower()
        elif name == "number_slash_dash":
            out[index] = number.replace("/", "-")
        elif name == "number_leading_zeros":
            out[index] = str(sq)
        elif name == "number_fy_token":
            out[index] = f"{prefix[index]}-{sq}" if coin[index] else str(sq)
        elif name == "number_prefix_dropped":
            out[index] = str(sq)
        elif name == "number_swapped":
            out[index] = number[:-2] + number[-1] + number[-2]
        elif name == "number_suffix_dropped":
            out[index] = next(number.removesuffix(x) for x in SUFFIXES if number.endswith(x))
    return out


def with_suffixes(case: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """The supplier's numbers, a suffix added where the register leaves it out."""
    out = numbers.copy()
    for index in np.flatnonzero(case == "number_suffix_dropped").tolist():
        out[index] = numbers[index] + SUFFIXES[index % len(SUFFIXES)]
    return out


def taxes(taxable: np.ndarray, rate: np.ndarray, inter: np.ndarray,
          cess_rate: np.ndarray) -> dict[str, np.ndarray]:
    """Tax heads in paise: IGST when inter-state, else CGST + SGST halves."""
    total = _round_div(taxable * rate, 100)
    half = _round_div(taxable * rate, 200)
    igst = np.where(inter, total, 0)
    cgst = np.where(inter, 0, half)
    cess = _round_div(taxable * cess_rate, 100)
    return {"taxable": taxable, "igst": igst, "cgst": cgst, "sgst": cgst.copy(),
            "cess": cess}


def sequence_numbers(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """Per PAN, numbers base + 10*k: distinct, and +2 / +5 never hit another document."""
    bases = rng.integers(1, 9000, int(group.max()) + 1 if len(group) else 1)
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
    lengths = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, lengths)
    seq = np.empty(len(group), dtype=np.int64)
    seq[order] = bases[sorted_group] + 10 * rank
    return seq

