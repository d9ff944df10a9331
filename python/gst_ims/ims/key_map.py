"""THE map of an IMS record's JSON keys: for every field, the domain column it becomes, the
keys a download may spell it with (both dialects, first present wins), the key an upload
writes it with (per dialect where they differ; none for a download-only field), the JSON
Schema type an upload checks it against, and which sections carry it.

The reader's key look-ups (`ims/fields.py`), the upload writer's key lists and dialect
spellings (`upload/dialects.py`) and the upload JSON Schemas (`ims/schemas_gen.py`) are all
derived from `RECORD_FIELDS`: adding or respelling a key is a change here alone. Facts and
their certainty: docs/formats.md (Two dialects, Record fields, Upload records).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from gst_ims.domain import documents as d
from gst_ims.domain.documents import ITC_REDUCTION_SECTIONS, Dialect, Section


def _every(_section: Section) -> bool:
    return True


def _amendments(section: Section) -> bool:
    return section.is_amendment


def _with_inv_type(section: Section) -> bool:
    return section.has_inv_type


def _itc_reduction(section: Section) -> bool:
    return section in ITC_REDUCTION_SECTIONS


@dataclass(frozen=True, slots=True)
class RecordField:
    """One field of an IMS record.

    `column`: the domain column (documents.py). `download`: the keys a download may spell
    it with, in order of preference; a callable gives them per section (document numbers
    and dates). `role`: what an upload does with it — ``echo`` (copied from the download
    verbatim), ``decision`` (written from the user's decision) or ``download`` (never
    sent). `upload`: the key an upload writes, the same in both dialects (a str) or per
    dialect (a mapping); None for an echoed field means its download key. `schema_type`:
    the `$defs` entry of the upload schemas. `sections`: which sections carry it. `read`:
    whether the reader takes it into a column. `inverted`: download keys whose Y means the
    opposite of the column (allowed vs blocked). `portal_only`: keys only the portal's
    offline dialect uses (their presence says which dialect a file was written in).
    """

    column: str
    download: tuple[str, ...] | Callable[[Section], tuple[str, ...]]
    upload: str | Mapping[Dialect, str] | None
    schema_type: str | None
    role: str = "echo"
    sections: Callable[[Section], bool] = _every
    read: bool = True
    inverted: frozenset[str] = field(default_factory=frozenset)
    portal_only: frozenset[str] = field(default_factory=frozenset)

    def download_keys(self, section: Section) -> tuple[str, ...]:
        """The download keys of this field in `section`, first preferred."""
        return self.download(section) if callable(self.download) else self.download

    def upload_key(self, dialect: Dialect) -> str | None:
        """The key written on upload in `dialect` (None: never written)."""
        if self.upload is None or isinstance(self.upload, str):
            return self.upload
        return self.upload[dialect]


def _orig_number(section: Section) -> tuple[str, ...]:
    return (section.orig_number_key,) if section.orig_number_key else ()


def _orig_date(section: Section) -> tuple[str, ...]:
    return (section.orig_date_key,) if section.orig_date_key else ()


def _number(section: Section) -> tuple[str, ...]:
    return (section.number_key,)


def _date(section: Section) -> tuple[str, ...]:
    return (section.date_key,)


def _decl(head: str) -> RecordField:
    api = "decl" + head.capitalize()
    return RecordField("decl_" + head, (api, "decl_" + head),
                       MappingProxyType({Dialect.API: api, Dialect.PORTAL: "decl_" + head}),
                       "amount", role="decision", sections=_itc_reduction, read=False,
                       portal_only=frozenset({"decl_" + head}))


# Upload order is the order of this table (the order the schemas list properties in).
RECORD_FIELDS: Final[tuple[RecordField, ...]] = (
    RecordField(d.SUPPLIER_GSTIN, ("stin",), "stin", "supplierGstin"),
    RecordField(d.ORIG_DOC_NO, _orig_number, None, "docNumber", sections=_amendments),
    RecordField(d.ORIG_DOC_DATE, _orig_date, None, "date", sections=_amendments),
    RecordField(d.DOC_NO, _number, None, "docNumber"),
    RecordField(d.DOC_DATE, _date, None, "date"),
    RecordField(d.INV_TYPE, ("inv_typ",), "inv_typ", "invType", sections=_with_inv_type),
    RecordField(d.POS, ("pos",), "pos", "pos"),
    RecordField(d.DOC_VALUE, ("val",), "val", "docValue"),
    RecordField(d.TAXABLE, ("txval",), "txval", "amount"),
    RecordField(d.IGST, ("iamt",), "iamt", "amount"),
    RecordField(d.CGST, ("camt",), "camt", "amount"),
    RecordField(d.SGST, ("samt",), "samt", "amount"),
    RecordField(d.CESS, ("cess",), "cess", "amount"),
    # The offline download reportedly spells these rtnTyp / sRtnPrd (uncertain); the
    # upload always writes the API's srcform / rtnprd, echoing whichever was downloaded.
    RecordField(d.SRC_FORM, ("srcform", "rtnTyp"), "srcform", "srcForm",
                portal_only=frozenset({"rtnTyp"})),
    RecordField(d.SRC_PERIOD, ("rtnprd", "sRtnPrd"), "rtnprd", "returnPeriod",
                portal_only=frozenset({"sRtnPrd"})),
    RecordField(d.PORTAL_ACTION, ("action",), "action", "action", role="decision"),
    RecordField("prev_status", (), "prev_status", "prevStatus", role="decision", read=False),
    RecordField(d.REMARKS, (), "remarks", "remarks", role="decision", read=False),
    RecordField(d.ITC_RED_REQ, ("itcRedReq", "itc_red_req"),
                MappingProxyType({Dialect.API: "itcRedReq", Dialect.PORTAL: "itc_red_req"}),
                "yn", role="decision", sections=_itc_reduction, read=False,
                portal_only=frozenset({"itc_red_req"})),
    *(_decl(head) for head in ("igst", "cgst", "sgst", "cess")),
    # The supplier's name is on the portal side only.
    RecordField(d.SUPPLIER_NAME, ("tradenm", "trdnm"), None, None, role="download",
                portal_only=frozenset({"tradenm"})),
    RecordField(d.FILING_STATUS, ("srcfilstatus",), None, None, role="download"),
    # `ispendactnallwd` ("is pending action allowed") is the legacy spelling older GSP and
    # ERP code read as "allowed": its Y means Pending is NOT blocked.
    RecordField(d.PENDING_BLOCKED, ("ispendactblocked", "ispendactnallwd"), None, None,
                role="download", inverted=frozenset({"ispendactnallwd"})),
    RecordField(d.ITC_RED_BLOCKED, ("isItcRedReqBlocked", "itcRedReqBlocked"), None, None,
                role="download", portal_only=frozenset({"itcRedReqBlocked"})),
    RecordField(d.REMARKS_BLOCKED, ("isRemarksBlocked",), None, None, role="download"),
    RecordField(d.HASH, ("hash",), None, None, role="download"),
    RecordField("error_msg", ("error_msg",), None, None, role="download", read=False,
                portal_only=frozenset({"error_msg"})),
)


def _field(column: str) -> RecordField:
    return next(f for f in RECORD_FIELDS if f.column == column)


# The ITC-reduction declaration's columns: the flag, then the declared amount per head.
ITC_COLUMNS: Final[tuple[str, ...]] = (d.ITC_RED_REQ, *d.DECL_COLUMNS)


def record_value(record: Mapping[str, Any], column: str,
                 section: Section | None = None) -> Any:
    """The value of domain `column` in a record shaped like a download or an upload (the
    portal's error file echoes either): the first of the field's download keys present, then
    its upload keys. For a record of no known `section`, the invoice's number and date keys
    are tried, as the portal's error answers do for every section. None when absent."""
    record_field = _field(column)
    if callable(record_field.download):
        keys = (*(record_field.download(section) if section else ()),
                *record_field.download(Section.B2B))
    else:
        keys = record_field.download
    uploads = ((record_field.upload,) if isinstance(record_field.upload, str)
               else tuple(record_field.upload.values()) if record_field.upload else ())
    for key in (*keys, *uploads):
        if key in record:
            return record[key]
    return None


def echo_fields(section: Section) -> list[tuple[RecordField, str]]:
    """The fields an upload record of `section` echoes from the download, with the key it
    writes each under, in order (every SAVE and RESET record carries them)."""
    out = []
    for record_field in RECORD_FIELDS:
        if record_field.role != "echo" or not record_field.sections(section):
            continue
        key = record_field.upload_key(Dialect.API) or record_field.download_keys(section)[0]
        out.append((record_field, key))
    return out


def echo_keys(section: Section) -> tuple[str, ...]:
    """The keys of `echo_fields`, in order."""
    return tuple(key for _, key in echo_fields(section))


def read_aliases() -> dict[str, tuple[str, ...]]:
    """Domain column -> download keys looked for (first present wins), for the fields the
    reader takes whose keys do not depend on the section."""
    return {f.column: f.download for f in RECORD_FIELDS
            if f.read and not callable(f.download)}


def inverted_flag_keys() -> frozenset[str]:
    """Download flag keys whose Y says the opposite of their column."""
    return frozenset(key for f in RECORD_FIELDS for key in f.inverted)


def portal_only_keys() -> frozenset[str]:
    """Keys only the portal's offline dialect uses."""
    return frozenset(key for f in RECORD_FIELDS for key in f.portal_only)


def download_only_keys() -> frozenset[str]:
    """Keys a download may carry that an upload never sends as such: download-only fields
    and the other spellings of echoed fields (the upload writes the API's key)."""
    keys: set[str] = set()
    for record_field in RECORD_FIELDS:
        if callable(record_field.download):
            continue
        if record_field.role == "download":
            keys.update(record_field.download)
        elif record_field.role == "echo":
            keys.update(record_field.download[1:])
    return frozenset(keys)


def fallback_keys() -> dict[str, str]:
    """Upload key -> the other download spelling that carries its value when the upload
    key itself is missing from the download."""
    return {str(f.upload): f.download[1] for f in RECORD_FIELDS
            if f.role == "echo" and isinstance(f.upload, str) and not callable(f.download)
            and len(f.download) > 1}


def amount_keys() -> tuple[tuple[str, str], ...]:
    """(domain column, JSON key) of the document value, taxable value and each tax head."""
    return tuple((column, str(_field(column).upload)) for column in d.AMOUNT_COLUMNS)


def tax_keys() -> dict[str, str]:
    """Tax head (domain column) -> its JSON key."""
    return {head: str(_field(head).upload) for head in d.TAX_HEADS}


def itc_spelling(dialect: Dialect) -> tuple[str, dict[str, str]]:
    """The ITC-reduction flag key and tax head -> declared-amount key, in `dialect`."""
    flag = _field(d.ITC_RED_REQ).upload_key(dialect)
    decl = {head: _field("decl_" + head).upload_key(dialect) for head in d.TAX_HEADS}
    assert flag is not None and all(decl.values())
    return flag, {head: str(key) for head, key in decl.items()}
