"""A draft's docProps/core.xml written from scratch: its title and unit, nothing naming the tool or a template."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from xml.sax.saxutils import escape

SUBJECT = "法治政府建设"


def draft_core_xml(title: str, author: str, when: datetime | None = None) -> bytes:
    """core.xml of a draft; the fast render path writes it without loading python-docx."""
    stamp = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{SUBJECT}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator><cp:keywords></cp:keywords><dc:description></dc:description>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "<cp:category></cp:category></cp:coreProperties>"
    )
    return xml.encode("utf-8")


# docProps/app.xml naming no application, template or version: Word, WPS and Excel fill in their own on saving.
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)


def with_properties(data: bytes, title: str, author: str) -> bytes:
    """An Office package (.docx, .xlsx) whose document properties carry its title and unit, nothing else:
    no python-docx or openpyxl, no template's 2013 dates, no application name."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/core.xml":
                dst.writestr(info, draft_core_xml(title, author))
            elif info.filename == "docProps/app.xml":
                dst.writestr(info, APP_XML)
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()
