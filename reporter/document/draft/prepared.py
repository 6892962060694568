"""Prepared templates: docxtpl's data-independent work done once (and cached on disk), each render fills the body only."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from reporter.document.draft.core_properties import draft_core_xml
from reporter.document.draft.render import environment, protect, render
from reporter.document.draft.render_bounds import bounded
from reporter.document.draft.template_cache import CacheStore, Refused, open_store

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from reporter.data.housestyle import HouseStyle

__all__ = ["DraftProperties", "Finish", "HouseStylePost", "PreparedTemplate", "cache_folder", "prepare_template", "with_document"]

# A last step on a rendered word/document.xml (as text), returning the new text.
Finish = Callable[[str], str]

# Bump when what is stored changes shape; the code digest below covers behaviour changes.
FORMAT = 3
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_EMPTY_BODY = b"<w:body/>"
_TAG = re.compile(r"\{[{%#]")
# docxtpl puts each paragraph on its own line before Jinja (for error context) and joins them after.
_SPLIT_P = re.compile(r"<w:p([ >])")
_JOIN_P = re.compile(r"\n<w:p([ >])")
# Constructs docxtpl post-processes per render (drawing ids) or that need its objects: left to docxtpl.
_UNSUPPORTED = (
    ("wp:docPr", "图片或图形"),
    ("<w:drawing", "图片或图形"),
    ("<w:pict", "图片或图形"),
    ("<w:object", "嵌入对象"),
    ("<w:altChunk", "子文档"),
    ("<w:subDoc", "子文档"),
)
# The sources whose change changes a prepared template; hashed into the cache key.
_CODE_FILES = (
    "document/draft/prepared.py",
    "document/draft/render.py",
    "document/draft/render_bounds.py",
    "document/draft/template_cache.py",
    "document/draft/package_repair.py",
    "document/template/style_writer.py",
    "document/template/word_styles.py",
    "data/housestyle.py",
)


@dataclass(frozen=True)
class HouseStylePost:
    """The house style as a `post` step: applied to the template once, with a digest for the cache key."""

    style: HouseStyle
    fields: frozenset[str] | None = None  # None: every setting; else only these (what unit.yaml sets)

    @property
    def digest(self) -> str:
        from reporter.data.housestyle import style_digest

        return style_digest(self.style, self.fields)

    def __call__(self, document: Any) -> None:
        from reporter.document.template.style_writer import apply_style

        apply_style(document, self.style, fields=self.fields)


@dataclass
class _Parts:
    """What a render needs besides the data: Jinja of the body, document.xml around it, every other part zipped."""

    source: str  # the body as Jinja source: compiled in this process, never code read from the cache
    prefix: bytes
    suffix: bytes
    package: bytes  # a complete .docx minus word/document.xml and docProps/core.xml, parts already compressed
    core: bytes  # docProps/core.xml: each draft gets its own title, author and time
    compiled: jinja2.Template | None = field(default=None, compare=False)  # per process, never stored


class PreparedTemplate:
    """A template made ready once; `render` fills it, falling back to docxtpl for anything it cannot do itself."""

    def __init__(self, template: Path, shown: str, post: Callable[[Any], None] | None, parts: _Parts | None, reason: str = "") -> None:
        self.template = template
        self.shown = shown
        self.post = post
        self.fallback_reason = reason  # why renders go through docxtpl ("" on the fast path)
        self._parts = parts
        self.cache_note: Refused | None = None  # why the disk cache was not used, for the user

    @property
    def fast(self) -> bool:
        return self._parts is not None

    def render(self, context: dict[str, Any], properties: DraftProperties | None = None, finish: Finish | None = None) -> bytes:
        """The .docx bytes of the template filled with `context` (plain data: str, numbers, lists, dicts).

        properties: the draft's own title and author (document properties), when given.
        finish: a last step on the rendered word/document.xml (the 版记's place, table widths), done
        before the package is zipped, so that it costs no second pass over the package.
        """
        with bounded(self.shown):
            return self._render(context, properties, finish)

    def _render(self, context: dict[str, Any], properties: DraftProperties | None, finish: Finish | None = None) -> bytes:
        body = self._body(context)
        if self._parts is None or body is None:
            return with_document(self._docxtpl(context, properties), finish)
        core = self._parts.core
        if properties is not None and core:  # a template without core.xml gets none
            core = draft_core_xml(properties.title, properties.author)
        document = self._parts.prefix + body.encode("utf-8") + self._parts.suffix
        if finish is not None:
            document = finish(document.decode("utf-8")).encode("utf-8")
        return _package(self._parts, document, core)

    def _body(self, context: dict[str, Any]) -> str | None:
        """The rendered body on the fast path; None when docxtpl must render it (and say what is wrong)."""
        if self._parts is None:
            return None
        try:
            xml = self._template(self._parts).render(protect(context))
        except MemoryError:
            raise  # the size bound's message (render_bounds.bounded), not a second try with docxtpl
        except Exception:
            # docxtpl reports template errors with the nearby text users know: let it say so
            return None
        try:
            return _finish(xml)
        except Exception:  # e.g. docxtpl's fix_tables on a table without a grid: docxtpl reports it its way
            return None

    def _template(self, parts: _Parts) -> jinja2.Template:
        if parts.compiled is None:
            parts.compiled = environment().from_string(parts.source)
        return parts.compiled

    def _docxtpl(self, context: dict[str, Any], properties: DraftProperties | None = None) -> bytes:
        data = render(self.template, context, self.shown, post=self.post)
        return _with_core(data, properties) if properties is not None else data


@dataclass(frozen=True)
class DraftProperties:
    """A draft's document properties: its title and its unit (they show when a PDF is published)."""

    title: str
    author: str


def with_document(data: bytes, finish: Finish | None) -> bytes:
    """DATA (a .docx) with `finish` applied to its word/document.xml; unchanged when it changes nothing."""
    if finish is None:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        xml = src.read(_DOCUMENT).decode("utf-8")
        done = finish(xml)
        if done == xml:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, done.encode("utf-8") if info.filename == _DOCUMENT else src.read(info))
    return out.getvalue()


def _with_core(data: bytes, properties: DraftProperties) -> bytes:
    """The docxtpl path's package with the draft's own core.xml, the same one the fast path writes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, draft_core_xml(properties.title, properties.author) if info.filename == _CORE else body)
    return out.getvalue()


# ------------------------------------------------------------------ per render


def _finish(xml: str) -> str | None:
    """docxtpl's clean-up of a rendered body; None when only docxtpl itself can finish it."""
    xml = _JOIN_P.sub(r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(c in xml for c in _LISTING):
        xml = _PARAGRAPH.sub(_resolve_paragraph, xml)
    if not _well_formed(xml):
        return None  # not well-formed: docxtpl's forgiving parser decides what such a body becomes
    plain = _plain_tables_regular(xml)
    if plain is True or (plain is None and _tables_regular(xml)):
        return xml
    from docxtpl import DocxTemplate
    from lxml import etree

    return str(etree.tostring(DocxTemplate.fix_tables(None, xml), encoding="unicode"))  # fix_tables never uses self


def _parsed(xml: str) -> Any | None:
    """The rendered body as an ElementTree (C parser, no lxml to import); None when it is not well-formed."""
    import xml.etree.ElementTree as ET

    try:
        return ET.fromstring(xml)  # namespace-aware: an unbound prefix is an error too
    except ET.ParseError:
        return None


def _well_formed(xml: str) -> bool:
    """expat without callbacks: the whole body checked at C speed."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")  # namespace-aware: an unbound prefix is an error
    try:
        parser.Parse(xml, True)
    except expat.ExpatError:
        return False
    return True


_W_URI = '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# What makes a table more than rows of cells: then the element tree decides (_tables_regular).
_NOT_PLAIN = ("<w:gridSpan", "<w:sdt", "<w:customXml", "<w:tblGridChange", "<w:smartTag", "AlternateContent")
_PLAIN_TABLE = re.compile(r"<w:tbl[ >].*?</w:tbl>", re.DOTALL)
_CELL = re.compile(r"<w:tc[ >]")
_GRID_COL = re.compile(r"<w:gridCol[ />]")


def _plain_tables_regular(xml: str) -> bool | None:
    """The verdict of _tables_regular by counting, for a well-formed body whose tables are plain rows of cells.

    None when that does not hold (another prefix, nested tables, spans, content controls): ask the tree.
    """
    if xml.count(_W_URI) != 1 or "xmlns:w=" + _W_URI not in xml or any(s in xml for s in _NOT_PLAIN):
        return None
    for match in _PLAIN_TABLE.finditer(xml):
        table = match.group(0)
        if table.count("<w:tbl>") + table.count("<w:tbl ") > 1:
            return None  # a table inside a table
        if "<w:tblGrid>" not in table and "<w:tblGrid " not in table:
            return False
        columns = len(_GRID_COL.findall(table))
        widths = [len(_CELL.findall(row)) for row in table.split("</w:tr>")[:-1]]
        if any(cells > columns for cells in widths) or max(widths, default=0) < columns:
            return False
    return True


def _tables_regular(xml: str) -> bool:
    """Would docxtpl's fix_tables leave every table as it is (no row wider than the grid, the widest as wide)?"""
    tree = _parsed(xml)
    return tree is not None and _tree_regular(tree)


def _tree_regular(tree: Any) -> bool:
    return all(_table_regular(tbl) for tbl in tree.iter(_Q + "tbl"))


_Q = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _table_regular(tbl: Any) -> bool:
    """docxtpl counts the rows of nested tables for every table around them, as iter() does."""
    grids = tbl.findall(_Q + "tblGrid")
    columns = sum(len(grid.findall(_Q + "gridCol")) for grid in grids)
    widest = 0
    for tr in tbl.iter(_Q + "tr"):
        cells = tr.findall(_Q + "tc")
        if len(cells) > columns:
            return False
        spanned = len(cells)
        for span in (s for tc in cells for s in tc.findall(_Q + "tcPr/" + _Q + "gridSpan")):
            value = span.get(_Q + "val", "")
            if not value.isdigit():
                return False
            spanned += int(value) - 1
        widest = max(widest, spanned)
    return bool(grids) and widest >= columns


# docxtpl's resolve_listing, ported with the same patterns and output (importing docxtpl alone costs
# about 170 ms); tests/test_prepared.py checks the two agree on arbitrary text.
_LISTING = "\t\a\n\f"
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>")
_RPR = re.compile(r"<w:rPr>.*?</w:rPr>")


def _resolve_paragraph(m: re.Match[str]) -> str:
    """Tabs, line breaks, new paragraphs (\\a) and page breaks (\\f) in filled-in text become Word's own elements."""
    xml = m.group(0)
    if not any(c in xml for c in _LISTING):
        return xml
    found = _PPR.search(xml)
    ppr = found.group(0) if found else ""
    return _RUN.sub(lambda run: _resolve_run(ppr, run.group(0)), xml)


def _resolve_run(ppr: str, run: str) -> str:
    found = _RPR.search(run)
    rpr = found.group(0) if found else ""
    return _TEXT.sub(lambda text: _resolve_text(ppr, rpr, text.group(0)), run)


def _resolve_text(ppr: str, rpr: str, xml: str) -> str:
    xml = xml.replace("\t", f'</w:t></w:r><w:r>{rpr}<w:tab/></w:r><w:r>{rpr}<w:t xml:space="preserve">')
    xml = xml.replace("\a", f'</w:t></w:r></w:p><w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">')
    xml = xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return xml.replace(
        "\f",
        f'</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">',
    )


def _package(parts: _Parts, document: bytes, core: bytes) -> bytes:
    buf = io.BytesIO(parts.package)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_DOCUMENT, document)
        if core:
            z.writestr(_CORE, core)
    return buf.getvalue()


# ------------------------------------------------------------------ preparing


def _prepare(template: Path, shown: str, post: Callable[[Any], None] | None, env: SandboxedEnvironment) -> _Parts | str:
    """docxtpl's data-independent steps on the template; a reason (str) when it needs docxtpl per render."""
    from docxtpl import DocxTemplate

    from reporter.document.draft.package_repair import resync_parts
    from reporter.document.draft.render import open_template

    tpl = open_template(template, shown)
    tpl.render_init()
    reason = _unsupported(tpl)
    if reason:
        return reason
    # No tags in them (checked above): docxtpl's pass over these parts is the same for any data.
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for rel, xml in list(tpl.build_headers_footers_xml({}, uri, env)):
            tpl.map_headers_footers_xml(rel, xml)
    if post is not None:
        # after docxtpl swapped the headers and footers, as on its own render path: the style must reach the new ones
        resync_parts(tpl.docx)
        post(tpl.docx)
    tpl.render_properties({}, env)
    tpl.render_footnotes({}, env)
    source = _SPLIT_P.sub(r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
    try:
        compiled = env.from_string(source)
    except jinja2.TemplateSyntaxError:
        return "模板标签有语法错误"
    made = _split_package(tpl, source)
    if isinstance(made, _Parts):
        made.compiled = compiled
    return made


def _unsupported(tpl: Any) -> str:
    """Why this template needs docxtpl on every render, or ""."""
    body = tpl.get_xml()
    for marker, what in _UNSUPPORTED:
        if marker in body:
            return f"正文含{what}"
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            if _TAG.search(tpl.patch_xml(tpl.get_part_xml(part))):
                return "页眉或页脚含标签"
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml") and _TAG.search(part.blob.decode("utf-8", "replace")):
            return "脚注含标签"
    props = tpl.docx.core_properties
    if any(_TAG.search(getattr(props, name) or "") for name in ("author", "comments", "identifier", "language", "subject", "title")):
        return "文档属性含标签"
    return ""


def _split_package(tpl: Any, source: str) -> _Parts | str:
    from lxml import etree

    root = tpl.docx.element
    root.replace(root.body, etree.SubElement(etree.Element("x"), root.body.tag))
    import warnings

    from reporter.document.draft.package_repair import repair

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # repair() drops the duplicate
        tpl.docx.save(buffer)
    saved = io.BytesIO(repair(buffer.getvalue()))
    out = io.BytesIO()
    document = core = b""
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == _DOCUMENT:
                document = src.read(info)
            elif info.filename == _CORE and not core:
                core = src.read(info)
            else:
                dst.writestr(info, src.read(info))
    if document.count(_EMPTY_BODY) != 1:
        return "无法定位正文"
    prefix, suffix = document.split(_EMPTY_BODY)
    return _Parts(source, prefix, suffix, out.getvalue(), core)


# ------------------------------------------------------------------ cache


def cache_folder() -> Path:
    """Where prepared templates are kept: $REPORTER_CACHE_DIR, else the user's cache folder (never in git)."""
    explicit = os.environ.get("REPORTER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reporter" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reporter"


_CODE_DIGEST: list[str] = []


def code_files() -> list[Path]:
    """The files whose content a prepared template depends on: ours (relative to the package) and the renderers'."""
    package = Path(__file__).resolve().parents[2]
    files = [package / name for name in _CODE_FILES]
    for library, name in (("docxtpl", "template.py"), ("docx", "__init__.py")):
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin).parent / name)
    return files


def _code_digest() -> str:
    """This code, docxtpl, python-docx, Jinja and Python itself: a prepared template is only valid for them."""
    if not _CODE_DIGEST:
        h = hashlib.sha256(f"{FORMAT}|{sys.version}|{jinja2.__version__}".encode())
        for path in code_files():
            h.update(path.read_bytes() if path.is_file() else b"-")
        _CODE_DIGEST.append(h.hexdigest())
    return _CODE_DIGEST[0]


def _key(data: bytes, post: Callable[[Any], None] | None) -> str | None:
    style = "" if post is None else getattr(post, "digest", None)
    if style is None:
        return None  # a post step without a digest cannot be told apart: never cached
    return hashlib.sha256(f"{hashlib.sha256(data).hexdigest()}|{style}|{_code_digest()}".encode()).hexdigest()


def _load(store: CacheStore, key: str) -> _Parts | None:
    """A cached preparation, or None when missing, foreign, damaged or not for this key (then it is rebuilt)."""
    fields = store.read(f"{key}.prepared")
    if fields is None or len(fields) != 7 or fields[0] != str(FORMAT).encode() or fields[1] != key.encode():
        return None
    try:
        source = fields[2].decode("utf-8")
    except UnicodeDecodeError:
        return None
    prefix, suffix, package, core = fields[3:]
    return _Parts(source, prefix, suffix, package, core)


def _store(store: CacheStore, key: str, parts: _Parts) -> None:
    fields = [str(FORMAT).encode(), key.encode(), parts.source.encode("utf-8"), parts.prefix, parts.suffix, parts.package, parts.core]
    store.write(f"{key}.prepared", fields)


_MEMORY: dict[str, _Parts] = {}


def prepare_template(
    template: Path,
    shown: str,
    *,
    post: Callable[[Any], None] | None = None,
    cache_dir: Path | None = None,
) -> PreparedTemplate:
    """Prepare `template` (shown to users as `shown`) for many renders; `post` restyles it (give it a `digest` to cache it).

    Reuses a preparation kept in memory or in `cache_dir` (default: cache_folder())
    when the template's bytes, the post step's digest and this code are the same.
    """
    from reporter.core.template_tags import document_faults
    from reporter.document.draft.render import check_template

    data = check_template(template, shown)
    key = _key(data, post)
    parts = _MEMORY.get(key) if key else None
    store: CacheStore | Refused | None = None
    if parts is None and key:
        store = open_store(cache_dir if cache_dir is not None else cache_folder())
        parts = _load(store, key) if isinstance(store, CacheStore) else None
    if parts is None:
        if document_faults(data):  # once per template's bytes; rendering goes through docxtpl, which refuses it
            return PreparedTemplate(template, shown, post, None, "open tag")
        with bounded(shown):  # Jinja folds constant expressions while compiling: bounded too
            made = _prepare(template, shown, post, environment())
        if isinstance(made, str):
            return PreparedTemplate(template, shown, post, None, made)
        parts = made
        if isinstance(store, CacheStore):
            _store(store, key or "", parts)
    if key:
        _MEMORY[key] = parts
    prepared = PreparedTemplate(template, shown, post, parts)
    prepared.cache_note = store if isinstance(store, Refused) else None
    return prepared
