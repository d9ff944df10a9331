"""The IMS side of a sample month: the download as the portal (or the offline tool)
spells it."""

from __future__ import annotations

from typing import Any

import numpy as np

from gst_ims.domain.documents import Dialect, Section
from gst_ims.samples.cases import RECIPIENT_STATE
from gst_ims.samples.parties import Parties
from gst_ims.samples.plan import Plan


def _json_amounts(paise: np.ndarray) -> list[int | float]:
    """Paise -> JSON numbers as the portal writes them: whole rupees as int, else a float
    whose repr has at most 2 decimals (integer / 100 rounds to the nearest double)."""
    whole = (paise % 100 == 0).tolist()
    ints = (paise // 100).tolist()
    floats = (paise / 100).tolist()
    return [i if w else f for w, i, f in zip(whole, ints, floats, strict=True)]


def ddmmyyyy(dates: np.ndarray) -> list[str]:
    """datetime64[D] -> dd-mm-yyyy texts."""
    iso = np.datetime_as_string(dates, unit="D").tolist()
    return [f"{d[8:10]}-{d[5:7]}-{d[0:4]}" for d in iso]


def ims_payload(rng: np.random.Generator, plan: Plan, parties: Parties,
                numbers: np.ndarray, orig_numbers: np.ndarray, dialect: Dialect,
                recipient: str) -> dict[str, Any]:
    """The download: one record per IMS document, spelled in `dialect` (docs/formats.md:
    Two dialects)."""
    n = plan.n_ims
    section = plan.section[:n]
    cn = np.isin(section, [Section.B2BCN.value, Section.B2BCNA.value])
    specified = cn | np.isin(section, [s.value for s in Section if s.is_amendment])
    pending_blocked = np.where(cn, rng.random(n) < 0.8, rng.random(n) < 0.02)
    action = rng.choice(np.asarray(["N", "A", "P", "R"], dtype=object), size=n,
                        p=[0.85, 0.09, 0.04, 0.02])
    action[pending_blocked & (action == "P")] = "N"
    unfiled = plan.case[:n] == "unfiled"
    portal = dialect is Dialect.PORTAL
    filing = np.where(unfiled, "SAVED" if portal else "Not Filed",
                      "FILED" if portal else "Filed").tolist()
    src_form = np.asarray(["R1", "IFF", "R1A"], dtype=object)[
        rng.choice(3, size=n, p=[0.9, 0.07, 0.03])].tolist()
    inv_type = np.asarray(["R", "DE", "SEWP"], dtype=object)[
        rng.choice(3, size=n, p=[0.98, 0.01, 0.01])].tolist()
    itc_blocked = np.where(rng.random(n) < 0.5, "Y", "N").tolist()
    remarks_blocked = np.where(rng.random(n) < 0.05, "Y", "N").tolist()
    hex_text = rng.bytes(32 * n).hex()
    hashes = [hex_text[i * 64:(i + 1) * 64] for i in range(n)]
    party = plan.party[:n]
    gstin = parties.gstin[party].tolist()
    name = parties.name[party].tolist()
    dates = ddmmyyyy(plan.date[:n])
    orig_dates = ddmmyyyy(plan.orig_date[:n])
    amounts = {key: _json_amounts(plan.amounts[key][:n])
               for key in ("taxable", "igst", "cgst", "sgst", "cess")}
    totals = np.zeros(n, dtype=np.int64)
    for key in ("taxable", "igst", "cgst", "sgst", "cess"):
        totals += plan.amounts[key][:n]
    values = _json_amounts(totals)
    keys = {
        "form": "rtnTyp" if portal else "srcform",
        "period": "sRtnPrd" if portal else "rtnprd",
        "itc": "itcRedReqBlocked" if portal else "isItcRedReqBlocked",
    }
    sections: dict[str, list[dict[str, Any]]] = {s.value: [] for s in Section}
    section_list = section.tolist()
    pending = np.where(pending_blocked, "Y", "N").tolist()
    actions = action.tolist()
    periods = plan.period[:n].tolist()
    specified_list = specified.tolist()
    for i in range(n):
        sec = Section(section_list[i])
        record: dict[str, Any] = {"stin": gstin[i]}
        if portal:
            record["tradenm"] = name[i]
        if sec.is_amendment:
            record[sec.orig_number_key or ""] = orig_numbers[i]
            record[sec.orig_date_key or ""] = orig_dates[i]
        record[sec.number_key] = numbers[i]
        record[sec.date_key] = dates[i]
        if sec.has_inv_type:
            record["inv_typ"] = inv_type[i]
        record["pos"] = RECIPIENT_STATE
        record["val"] = values[i]
        record["txval"] = amounts["taxable"][i]
        record["iamt"] = amounts["igst"][i]
        record["camt"] = amounts["cgst"][i]
        record["samt"] = amounts["sgst"][i]
        record["cess"] = amounts["cess"][i]
        record[keys["form"]] = src_form[i]
        record[keys["period"]] = periods[i]
        record["srcfilstatus"] = filing[i]
        record["action"] = actions[i]
        record["ispendactblocked"] = pending[i]
        if specified_list[i]:
            record[keys["itc"]] = itc_blocked[i]
        record["isRemarksBlocked"] = remarks_blocked[i]
        record["hash"] = hashes[i]
        sections[sec.value].append(record)
    if portal:
        # The recipient GSTIN next to the envelope is our assumption (no public source lists
        # it); the reader takes it when present and does without it otherwise.
        return {"gstin": recipient, "imsDetails": sections}
    return dict(sections)

