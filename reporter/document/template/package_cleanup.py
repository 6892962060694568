"""Package clean-up of a generated template: font table, parts python-docx brings along, fixed zip entries."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn

from reporter.data.housestyle import HouseStyle

_FIXED_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# English alternate names and GB2312 charset help Word and WPS pick a substitute
# on machines that lack the font (Windows 10 has 仿宋 but not 仿宋_GB2312).
_FONT_META: dict[str, tuple[str | None, str, str, str]] = {
    "仿宋_GB2312": ("FangSong_GB2312", "86", "modern", "fixed"),
    "仿宋": ("FangSong", "86", "modern", "fixed"),
    "楷体_GB2312": ("KaiTi_GB2312", "86", "modern", "fixed"),
    "楷体": ("KaiTi", "86", "modern", "fixed"),
    "黑体": ("SimHei", "86", "modern", "fixed"),
    "宋体": ("SimSun", "86", "auto", "variable"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "86", "auto", "variable"),
    "方正小标宋_GBK": ("FZXiaoBiaoSong-B05", "86", "auto", "variable"),
    "Times New Roman": (None, "00", "roman", "variable"),
}


def _font_table(style: HouseStyle) -> bytes:
    names = [
        style.body_font,
        style.title_font,
        style.h1_font,
        style.h2_font,
        style.page_number_font,
        style.latin_font,
    ]
    fonts = []
    for name in dict.fromkeys(names):
        alt, charset, family, pitch = _FONT_META.get(name, (None, "00" if name.isascii() else "86", "auto", "variable"))
        alt_xml = f'<w:altName w:val="{escape(alt)}"/>' if alt else ""
        fonts.append(
            f'<w:font w:name="{escape(name, {chr(34): "&quot;"})}">{alt_xml}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {nsdecls("w")}>{"".join(fonts)}</w:fonts>'
    return xml.encode("utf-8")


def clean_package(document: docx.document.Document, style: HouseStyle) -> None:
    """Strip what python-docx's own template brings along that a 公文 template must not carry."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        # stylesWithEffects repeats every style with theme fonts; customXml is Word-for-Mac residue.
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype == RT.CUSTOM_XML:
            del part.rels[rid]
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = _font_table(style)
    pkg_rels = part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rid]

    styles = document.styles.element
    for st in styles.findall(qn("w:style")):
        styles.remove(st)

    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    for cs in settings.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)

    props = document.core_properties
    props.title = ""
    props.subject = "法治政府建设"
    props.author = "reporter"
    props.last_modified_by = "reporter"
    props.comments = "由 reporter 生成的默认模板；可在 Word 或 WPS 中修改，修改后 reporter 不会覆盖。"
    props.revision = 1
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME


def normalised_zip(data: bytes) -> bytes:
    """Same entries with fixed timestamps, so one style always yields the same bytes (and hash)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
