"""Default Word templates (report and plan) built from the house style, regenerated only while untouched."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reporter.core.errors import OutputError
from reporter.core.files import atomic_write
from reporter.document.docstyle import HouseStyle, apply_style, mm_to_twips

__all__ = ["KINDS", "MANIFEST_NAME", "build_template", "ensure_templates", "write_default_template"]

Kind = Literal["report", "plan"]
KINDS: tuple[Kind, ...] = ("report", "plan")
MANIFEST_NAME = ".generated.json"
# Recorded next to each hash, to tell later which generator wrote a template; bump on layout changes.
GENERATOR_VERSION = 1

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

_TITLES = {"report": "法治政府建设年度报告模板", "plan": "法治政府建设工作要点模板"}


# ---------------------------------------------------------------------------
# Body XML.  Every docxtpl tag sits alone in one run, so the renderer sees it whole.


def _run(text: str, rstyle: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(style: str | None, *runs: str, ppr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{pstyle}{ppr}</w:pPr>" if (pstyle or ppr) else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def _text(style: str, text: str) -> str:
    return _para(style, _run(text))


def _tag(statement: str) -> str:
    """A paragraph holding one docxtpl {%p %} statement; docxtpl removes the paragraph when rendering."""
    return _para(None, _run("{%p " + statement + " %}"))


def _blank(keep_next: bool = False) -> str:
    return _para(None, ppr="<w:keepNext/>" if keep_next else "")


def _blocks(var: str) -> list[str]:
    """The level-2 headings and body paragraphs of one section."""
    return [
        _tag(f"for entry in {var}.blocks"),
        _tag('if entry.kind == "h2"'),
        _text("GwHeading2", "{{ entry.text }}"),
        _tag('elif entry.kind == "item"'),
        _para("GwBody", _run("{{ entry.lead }}", "GwItemLead"), _run("{{ entry.text }}")),
        _tag('elif entry.kind == "task"'),
        _para("GwBody", _run("{{ entry.lead }}", "GwTaskLead"), _run("{{ entry.text }}")),
        _tag("else"),
        _para("GwBody", _run("{{ entry.lead }}"), _run("{{ entry.text }}")),
        _tag("endif"),
        _tag("endfor"),
    ]


def _sections() -> list[str]:
    return [
        _tag("for section in sections"),
        _text("GwHeading1", "{{ section.heading }}"),
        *_blocks("section"),
        _tag("endfor"),
    ]


def _paragraphs(var: str) -> list[str]:
    return [_tag(f"for para in {var}"), _text("GwBody", "{{ para }}"), _tag("endfor")]


# Widths in characters: full-width characters count 1, ASCII (Times New Roman digits) 1/2.
_WIDTH = '{0}|length - ({0}|select("le", "~")|list|length) / 2'


def _signature() -> list[str]:
    """署名 and 成文日期 (GB/T 9704 7.3.5.2): signature 右空二字, date starting two characters right of it.

    Both lines are right-aligned two characters in; the shorter one is padded on the
    right with en spaces (half a character each), computed here from the two texts,
    so the rule holds without code in the renderer.  En spaces, not 全角空格:
    LibreOffice drops trailing U+3000 from right-aligned lines.
    """
    pad = '{{ "\u2002" * ((%s) * 2)|round|int }}'
    return [
        _tag("if signature"),
        _tag("set signature_width = " + _WIDTH.format("signature")),
        _tag("set date_width = " + _WIDTH.format("date")),
        _blank(keep_next=True),
        _para("GwSignature", _run("{{ signature }}"), _run(pad % "date_width + 2 - signature_width")),
        _tag("if date"),
        _para("GwDate", _run("{{ date }}"), _run(pad % "signature_width - date_width - 2")),
        _tag("endif"),
        _tag("endif"),
    ]


def _attachment_note() -> list[str]:
    return [
        _tag("if attachment_note"),
        _blank(),
        _text("GwAttachNote", "{{ attachment_note }}"),
        _tag("endif"),
    ]


def _cell(width: int, text: str, style: str = "GwTableText", align: str | None = None) -> str:
    ppr = f'<w:jc w:val="{align}"/>' if align else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="top"/></w:tcPr>'
        f"{_para(style, _run(text) if text else '', ppr=ppr)}</w:tc>"
    )


def _table(style: HouseStyle, columns: list[tuple[str, float, str, str | None]], loop: str) -> str:
    """A full-width table: a header row repeated on every page and one {%tr for %} row per item.

    columns: (header, share of the width, cell expression, alignment of the cells).
    """
    total = style.text_width_twips
    shares = sum(c[1] for c in columns)
    widths = [int(total * c[1] / shares) for c in columns]
    widths[-1] += total - sum(widths)
    # Rows at least one line of body text high, so short tables do not look cramped.
    height = mm_to_twips(8)

    def row(cells: list[str], header: bool = False) -> str:
        trpr = f'<w:cantSplit/><w:trHeight w:val="{height}"/>' + ("<w:tblHeader/>" if header else "")
        return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"

    def tag_row(statement: str) -> str:
        first = _cell(widths[0], "{%tr " + statement + " %}")
        return row([first] + [_cell(w, "") for w in widths[1:]])

    header = row([_cell(w, c[0], "GwTableHeader") for w, c in zip(widths, columns, strict=True)], header=True)
    body = row([_cell(w, c[2], align=c[3]) for w, c in zip(widths, columns, strict=True)])
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # pct 5000 marks the table as full-width; apply_style rescales it when the margins change.
    tblpr = (
        '<w:tblPr><w:tblStyle w:val="GwTable"/><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    return f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>{header}{tag_row('for row in ' + loop)}{body}{tag_row('endfor')}</w:tbl>"


def _attachment(style: HouseStyle, table: str) -> list[str]:
    """附件 on a new page (GB/T 9704 8): 附件 top left in 黑体, the title centred on the third line, the table."""
    return [
        _tag("if attachment_note"),
        _text("GwAttachLabel", "{{ attachment_label }}"),
        _blank(keep_next=True),
        _text("GwAttachTitle", "{{ attachment_title }}"),
        _blank(keep_next=True),
        table,
        # Word needs a paragraph after a table; a hairline one cannot spill onto a new page.
        _para(None, ppr='<w:spacing w:line="20" w:lineRule="exact"/>'),
        _tag("endif"),
    ]


def _report_body(style: HouseStyle) -> list[str]:
    table = _table(
        style,
        [
            ("指标", 62, "{{ row.name }}", "left"),
            ("单位", 14, "{{ row.unit }}", None),
            ("本年", 20, "{{ row.value }}", None),
            ("上年", 20, "{{ row.previous }}", None),
            ("同比", 40, "{{ row.change }}", None),
        ],
        "metrics",
    )
    return [
        _text("GwTitle", "{{ title }}"),
        _blank(),
        _tag("if recipients"),
        _text("GwRecipients", "{{ recipients }}"),
        _tag("endif"),
        *_paragraphs("preface"),
        *_sections(),
        *_attachment_note(),
        *_signature(),
        *_attachment(style, table),
    ]


def _plan_body(style: HouseStyle) -> list[str]:
    table = _table(
        style,
        [
            ("序号", 12, "{{ row.number }}", None),
            ("工作任务", 48, "{{ row.title }}", "left"),
            ("牵头单位", 30, "{{ row.lead }}", "left"),
            ("责任单位", 42, "{{ row.responsible }}", "left"),
            ("完成时限", 24, "{{ row.due }}", None),
        ],
        "tasks_table",
    )
    return [
        _text("GwTitle", "{{ title }}"),
        _blank(),
        *_paragraphs("preface"),
        *_sections(),
        _tag("if closing_heading"),
        _text("GwHeading1", "{{ closing_heading }}"),
        _tag("endif"),
        *_paragraphs("closing"),
        *_attachment_note(),
        *_signature(),
        *_attachment(style, table),
    ]


# ---------------------------------------------------------------------------
# Package parts


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


def _clean_package(document: docx.document.Document, style: HouseStyle) -> None:
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


def _normalised_zip(data: bytes) -> bytes:
    """Same entries with fixed timestamps, so one style always yields the same bytes (and hash)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def build_template(kind: Kind, style: HouseStyle) -> bytes:
    """The bytes of the default template of `kind` in `style`; deterministic."""
    if kind not in KINDS:
        raise ValueError(f"unknown template kind: {kind!r}")
    document = docx.Document()
    _clean_package(document, style)
    document.core_properties.title = _TITLES[kind]
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    paragraphs = _report_body(style) if kind == "report" else _plan_body(style)
    for xml in paragraphs:
        # The namespace declaration is repeated per element; lxml folds it into the document's.
        tagged = xml.replace("<w:p>", f"<w:p {nsdecls('w')}>", 1) if xml.startswith("<w:p>") else xml
        if tagged.startswith("<w:tbl>"):
            tagged = tagged.replace("<w:tbl>", f"<w:tbl {nsdecls('w')}>", 1)
        sect.addprevious(parse_xml(tagged))
    apply_style(document, style)
    buf = io.BytesIO()
    document.save(buf)
    return _normalised_zip(buf.getvalue())


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise OutputError(f"无法写入模板 {path}：{exc.strerror or exc}") from exc


def write_default_template(kind: Kind, path: Path, style: HouseStyle) -> None:
    """Write the default template of `kind` to `path` (replacing it; see ensure_templates for the safe way)."""
    _write_atomic(Path(path), build_template(kind, style))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Unreadable record: treat every template as the user's, never overwrite.
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def ensure_templates(root: Path, style: HouseStyle) -> list[Path]:
    """Write templates/report.docx and templates/plan.docx under root when missing or still as generated.

    A template whose SHA-256 matches the one recorded in templates/.generated.json
    is ours and is regenerated when the code or the style would now produce
    something else; any other existing file is the user's and is left alone.
    Returns the paths written.
    """
    folder = Path(root) / "templates"
    manifest_path = folder / MANIFEST_NAME
    recorded = _read_manifest(manifest_path)
    written: list[Path] = []
    for kind in KINDS:
        path = folder / f"{kind}.docx"
        name = path.name
        entry = recorded.get(name) if isinstance(recorded.get(name), dict) else None
        if path.exists():
            if entry is None:
                continue
            try:
                current = _sha256(path.read_bytes())
            except OSError as exc:
                raise OutputError(f"无法读取模板 {path}：{exc.strerror or exc}") from exc
            if current != entry.get("sha256"):
                continue
        data = build_template(kind, style)
        digest = _sha256(data)
        if path.exists() and entry is not None and entry.get("sha256") == digest:
            continue
        _write_atomic(path, data)
        recorded[name] = {"sha256": digest, "generator": GENERATOR_VERSION}
        written.append(path)
    if written:
        text = json.dumps(
            {
                "说明": "reporter 生成的模板及其 SHA-256；与记录一致的模板可由 reporter 更新，改动过的模板不会被覆盖。",
                "files": dict(sorted(recorded.items())),
            },
            ensure_ascii=False,
            indent=2,
        )
        _write_atomic(manifest_path, (text + "\n").encode("utf-8"))
    return written
