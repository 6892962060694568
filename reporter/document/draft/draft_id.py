"""A draft's own id, kept as a custom document property (Word, WPS and LibreOffice keep those when they save)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

PROPERTY = "DraftID"
_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_NS = (
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"'
)
_ID = re.compile(r"^[0-9a-f]{8,64}$")


def _custom_xml(draft_id: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties {_NS}><property fmtid="{_FMTID}" pid="2" name="{PROPERTY}">'
        f"<vt:lpwstr>{escape(draft_id)}</vt:lpwstr></property></Properties>"
    ).encode()


def _with_type(types: bytes) -> bytes:
    text = types.decode("utf-8")
    if "/docProps/custom.xml" in text:
        return types
    override = f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_TYPE}"/>'
    return text.replace("</Types>", override + "</Types>").encode("utf-8")


def _with_rel(rels: bytes) -> bytes:
    text = rels.decode("utf-8")
    if _CUSTOM_REL in text:
        return rels
    ids = {int(n) for n in re.findall(r'Id="rId(\d+)"', text)}
    rel = f'<Relationship Id="rId{max(ids, default=0) + 1}" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
    return text.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")


def stamp(data: bytes, draft_id: str) -> bytes:
    """The .docx `data` carrying `draft_id` as its only custom property (a template's own are replaced)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = _with_type(body)
            elif info.filename == "_rels/.rels":
                body = _with_rel(body)
            elif info.filename == _CUSTOM:
                body = _custom_xml(draft_id)
            dst.writestr(info, body)
        if _CUSTOM not in names:
            dst.writestr(_CUSTOM, _custom_xml(draft_id))
    return out.getvalue()


def read_id(data: bytes) -> str | None:
    """The draft id a .docx carries, or None (not built by this tool, or the property was removed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if _CUSTOM not in archive.namelist() or archive.getinfo(_CUSTOM).file_size > 1 << 20:
                return None
            text = archive.read(_CUSTOM).decode("utf-8", "replace")
    except zipfile.BadZipFile:
        return None
    m = re.search(rf'name="{PROPERTY}"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', text)
    value = m[1].strip() if m else ""
    return value if _ID.match(value) else None
