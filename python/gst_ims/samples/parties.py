"""The suppliers of a sample month (some with branch GSTINs of one PAN), the e-commerce
operators, and the recipient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from gst_ims.domain.gstin import STATE_CODES, make_gstin
from gst_ims.samples.cases import RECIPIENT_STATE

_NAME_HEADS: Final = ("Shree", "Sai", "Om", "Ganesh", "Laxmi", "Balaji", "Krishna", "Mahalaxmi",
                      "Sri Venkateswara", "Jai Ambe", "National", "Indian", "Bharat", "Deccan",
                      "Sahyadri", "Kaveri", "Narmada", "Pune", "Western", "Eastern", "Royal",
                      "Apex", "Prime", "Galaxy", "Unique", "Modern", "Popular", "Global")
_NAME_TRADES: Final = ("Traders", "Enterprises", "Steel", "Polymers", "Chemicals", "Packaging",
                       "Logistics", "Electricals", "Hardware", "Agro", "Textiles",
                       "Pharma", "Auto Parts", "Plastics", "Engineering", "Paper Mills",
                       "Tools", "Fasteners", "Foods", "Infotech", "Services", "Castings")
_NAME_FORMS: Final = ("Pvt Ltd", "Private Limited", "LLP", "& Co", "Industries", "Ltd", "",
                      "Corporation", "Brothers")
_PREFIXES: Final = ("INV", "BILL", "SI", "TI", "GST", "VD", "S", "KA", "MH", "TAX", "SL", "RV")
_ECO_NAMES: Final = ("QuickEats Online Pvt Ltd", "CityRide Mobility Ltd",
                     "StayEasy Hospitality LLP", "CloudKitchen Connect Pvt Ltd")
_OTHER_STATES: Final = ("29", "24", "07", "33", "06", "09", "36", "19", "08", "32", "23", "03")
_DIGITS: Final = np.frombuffer(b"0123456789", dtype=np.uint8)
_LETTERS: Final = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)


@dataclass(frozen=True)
class Parties:
    gstin: np.ndarray  # str objects
    pan_group: np.ndarray  # int: suppliers of the same PAN share it
    state: np.ndarray  # str objects
    name: np.ndarray  # str objects
    style: np.ndarray  # int number style
    prefix: np.ndarray  # str objects
    eco: np.ndarray  # bool: an e-commerce operator (ecom sections only)
    sibling: np.ndarray  # int: another GSTIN of the same PAN, -1 if none


def _random_pans(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct PANs: 5 letters (the 4th says company/firm/person...), 4 digits, a letter."""
    pans: list[str] = []
    seen: set[str] = set()
    while len(pans) < count:
        size = count - len(pans) + 8
        codes = np.empty((size, 10), dtype=np.uint8)
        codes[:, :5] = _LETTERS[rng.integers(0, 26, (size, 5))]
        codes[:, 3] = np.frombuffer(b"CFPHT", dtype=np.uint8)[rng.integers(0, 5, size)]
        codes[:, 5:9] = _DIGITS[rng.integers(0, 10, (size, 4))]
        codes[:, 9] = _LETTERS[rng.integers(0, 26, size)]
        for pan in codes.view("S10").ravel():
            text = pan.decode()
            if text not in seen and len(pans) < count:
                seen.add(text)
                pans.append(text)
    return pans


def make_parties(rng: np.random.Generator, docs: int) -> tuple[Parties, str]:
    """Suppliers (some with 2-3 branch GSTINs of one PAN), ECO operators, recipient."""
    n_pans = int(np.clip(docs // 8, 300, 3000))
    n_eco = len(_ECO_NAMES)
    pans = _random_pans(rng, n_pans + n_eco + 1)
    recipient = make_gstin(RECIPIENT_STATE, pans[-1])
    home = rng.random(n_pans) < 0.45
    states = np.where(home, RECIPIENT_STATE,
                      np.asarray(_OTHER_STATES, dtype=object)[
                          rng.integers(0, len(_OTHER_STATES), n_pans)])
    names = [
        " ".join(part for part in (_NAME_HEADS[h], _NAME_TRADES[t], _NAME_FORMS[f]) if part)
        for h, t, f in zip(rng.integers(0, len(_NAME_HEADS), n_pans).tolist(),
                           rng.integers(0, len(_NAME_TRADES), n_pans).tolist(),
                           rng.integers(0, len(_NAME_FORMS), n_pans).tolist(), strict=True)
    ]
    styles = rng.choice(5, size=n_pans, p=[0.35, 0.15, 0.15, 0.2, 0.15])
    prefixes = np.asarray(_PREFIXES, dtype=object)[rng.integers(0, len(_PREFIXES), n_pans)]
    # Branches: a quarter of the PANs hold one or two more GSTINs, in other states.
    extra = np.where(rng.random(n_pans) < 0.25, rng.integers(1, 3, n_pans), 0)
    group = np.concatenate([np.arange(n_pans), np.repeat(np.arange(n_pans), extra)])
    n_branch = len(group) - n_pans
    # Branches sit in real states: not "Other Territory", not the old Andhra code 28, not
    # 99 (a Centre Jurisdiction registration is a government office, not a supplier branch).
    all_states = np.asarray([code for code in STATE_CODES if code not in ("97", "28", "99")],
                            dtype=object)
    branch_states = all_states[rng.integers(0, len(all_states), n_branch)]
    state = np.concatenate([states, branch_states])
    # Same state as the main GSTIN -> entity number 2 or 3, else 1.
    entity = np.ones(len(group), dtype=np.int64)
    same_state = np.zeros(len(group), dtype=bool)
    same_state[n_pans:] = branch_states == states[group[n_pans:]]
    entity[n_pans:] = np.where(same_state[n_pans:], 2 + (np.arange(n_branch) % 2), 1)
    # Two branches drawn in one same other state would clash: make them distinct.
    gstins: list[str] = []
    taken: set[str] = set()
    for index, (g, st, ent) in enumerate(zip(group.tolist(), state.tolist(), entity.tolist(),
                                             strict=True)):
        gstin = make_gstin(st, pans[g], str(ent))
        while gstin in taken:
            ent += 1
            gstin = make_gstin(st, pans[g], str(ent))
        entity[index] = ent
        taken.add(gstin)
        gstins.append(gstin)
    eco_states = np.asarray(["29", "07", "27", "06"], dtype=object)[:n_eco]
    eco_gstins = [make_gstin(st, pans[n_pans + i]) for i, st in enumerate(eco_states)]
    total = len(group) + n_eco
    sibling = np.full(total, -1, dtype=np.int64)
    members: dict[int, list[int]] = {}
    for index, g in enumerate(group.tolist()):
        members.setdefault(g, []).append(index)
    for indexes in members.values():
        if len(indexes) > 1:  # each GSTIN's sibling: the next one of the same PAN
            sibling[indexes] = np.roll(indexes, -1)
    parties = Parties(
        gstin=np.asarray(gstins + eco_gstins, dtype=object),
        pan_group=np.concatenate([group, n_pans + np.arange(n_eco)]),
        state=np.concatenate([state, eco_states]),
        name=np.concatenate([np.asarray(names, dtype=object)[group],
                             np.asarray(_ECO_NAMES, dtype=object)]),
        style=np.concatenate([styles[group], np.full(n_eco, 1)]),
        prefix=np.concatenate([prefixes[group],
                               np.asarray(["ECO", "CR", "SE", "CK"], dtype=object)[:n_eco]]),
        eco=np.concatenate([np.zeros(len(group), dtype=bool), np.ones(n_eco, dtype=bool)]),
        sibling=sibling,
    )
    return parties, recipient

