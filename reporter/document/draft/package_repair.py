"""Repair a rendered .docx package: one part per name, one core-properties relationship, every part typed.

A template re-saved by LibreOffice names its core-properties relationship with a legacy type
(…/officedocument/2006/relationships/metadata/core-properties). python-docx does not recognise it,
adds its own core properties under the standard type, and the package ends up with docProps/core.xml
twice: Word reports such a file as damaged. Bytes in, valid bytes out; a sound package is returned as it was.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from lxml import etree

CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_LEGACY_CORE_TYPE = "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties"
_CT = "[Content_Types].xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

# Content types of parts a template may hold without listing them (by extension).
_BY_EXTENSION = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xml": "application/xml",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "emf": "image/x-emf",
    "wmf": "image/x-wmf",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
    "odttf": "application/vnd.openxmlformats-officedocument.obfuscatedFont",
    "bin": "application/vnd.openxmlformats-officedocument.oleObject",
}


def _entries(data: bytes) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], bool]:
    """Every entry once (the first of duplicate names) and whether a duplicate was dropped."""
    seen: set[str] = set()
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        for info in infos:
            if info.filename not in seen:
                seen.add(info.filename)
                out.append((info, z.read(info)))
    return out, len(out) != len(infos)


def _fix_rels(xml: bytes) -> bytes | None:
    """One relationship per (type, target), the core-properties type standard; None when nothing changed."""
    root = etree.fromstring(xml)
    changed = False
    seen: set[tuple[str, str]] = set()
    for rel in list(root):
        if rel.get("Type") == _LEGACY_CORE_TYPE:
            rel.set("Type", CORE_TYPE)
            changed = True
        key = (rel.get("Type", ""), rel.get("Target", ""))
        if key in seen:
            root.remove(rel)
            changed = True
        seen.add(key)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def _fix_types(xml: bytes, parts: list[str]) -> bytes | None:
    """Every part typed: overrides for missing parts dropped, defaults added for unlisted extensions."""
    root = etree.fromstring(xml)
    changed = False
    present = {"/" + p for p in parts}
    defaults = {d.get("Extension", "").lower() for d in root.findall(f"{{{_CT_NS}}}Default")}
    overrides = set()
    for override in root.findall(f"{{{_CT_NS}}}Override"):
        name = override.get("PartName", "")
        if name not in present or name in overrides:
            root.remove(override)
            changed = True
        overrides.add(name)
    for part in parts:
        base = posixpath.basename(part)
        ext = base.rpartition(".")[2].lower() if "." in base else ""  # "_rels/.rels" has the extension rels
        if part == _CT or part.endswith("/") or "/" + part in overrides or ext in defaults:
            continue
        if ext:
            node = etree.SubElement(root, f"{{{_CT_NS}}}Default", Extension=ext)
            defaults.add(ext)
        else:
            node = etree.SubElement(root, f"{{{_CT_NS}}}Override", PartName="/" + part)
        node.set("ContentType", _BY_EXTENSION.get(ext, "application/octet-stream"))
        changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def repair(data: bytes) -> bytes:
    """A valid package from a rendered one: see the module docstring. Unchanged input comes back as the same bytes."""
    entries, dropped = _entries(data)
    names = [info.filename for info, _ in entries]
    fixed: dict[str, bytes] = {}
    for name, body in ((info.filename, body) for info, body in entries):
        if name.endswith(".rels"):
            new = _fix_rels(body)
            if new is not None:
                fixed[name] = new
    if _CT in names:
        new = _fix_types(entries[names.index(_CT)][1], names)
        if new is not None:
            fixed[_CT] = new
    if not fixed and not dropped:
        return data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info, body in entries:
            out.writestr(info, fixed.get(info.filename, body))
    return buf.getvalue()


def resync_parts(document: Any) -> None:
    """Point python-docx's part lookup at the parts docxtpl rendered.

    docxtpl swaps each header and footer for a rendered copy behind python-docx's cache of related
    parts: a house style written afterwards would land in the discarded copy, and the page numbers
    of a user's template stay as they were.
    """
    rels = document.part.rels
    rels.related_parts.update({rId: rel.target_part for rId, rel in rels.items() if not rel.is_external})
