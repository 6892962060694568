"""Read a .docx as its reviewers see it: the paragraphs with every tracked change accepted, and the comments."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reporter.content.closings import carries_tail
from reporter.core.errors import ImportFormatError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"

# Subtrees whose text is not in the accepted document: deletions, moved-away text, field codes, fallbacks.
_SKIP = {_W + "del", _W + "moveFrom", _W + "delText", _W + "instrText", _W + "txbxContent", f"{{{MC}}}Fallback", _W + "pPr", _W + "rPr"}
_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
MAX_PART = 50 * 1024 * 1024


@dataclass
class Paragraph:
    """One paragraph of the accepted text; `table`: it stands in a table cell."""

    text: str
    table: bool = False


@dataclass
class Comment:
    """A reviewer's comment: who, what, and the paragraph (index into `Reviewed.paragraphs`) and text it marks."""

    author: str
    text: str
    paragraph: int
    anchor: str = ""


@dataclass
class Reviewed:
    """A document as read: accepted paragraphs, comments, and how many tracked changes it carried."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    revisions: int = 0

    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise ImportFormatError(f"{name} 过大（{info.file_size // 1024 // 1024} MB），不像是一份报告")
    return archive.read(info)


def _parse(data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def parse_part(data: bytes, name: str) -> Any:
    """An XML part of `name` as an lxml tree; a broken part is one clear message."""
    from lxml import etree

    try:
        return _parse(data)
    except etree.XMLSyntaxError:
        raise ImportFormatError(f"{name} 已损坏（XML 无法读取）；请在 Word/WPS 中打开后另存为 .docx") from None


def paragraph_text(p: Any) -> str:
    """The text of one paragraph element as shown (its tracked deletions left out)."""
    return "".join(value for kind, value in _events(p) if kind == "text")


def _mark_deleted(p: Any) -> bool:
    """The paragraph mark itself is a tracked deletion: accepted, the paragraph runs on into the next."""
    rpr = p.find(f"{_W}pPr/{_W}rPr")
    return rpr is not None and (rpr.find(_W + "del") is not None or rpr.find(_W + "moveFrom") is not None)


class _Walk:
    """One pass over the body in document order, joining paragraphs whose marks were deleted."""

    def __init__(self) -> None:
        self.out = Reviewed()
        self.chunks: list[str] = []
        self.open: dict[str, list[str]] = {}  # comment id → anchored text so far
        self.starts: dict[str, int] = {}
        self.anchors: dict[str, str] = {}
        self.in_table = False

    def paragraph(self, p: Any, table: bool) -> None:
        if carries_tail(p) and not table and not self.chunks and self.out.paragraphs:
            # the body's last lines, cut off by the build to keep with the 署名: one paragraph with the one before
            self.chunks = [self.out.paragraphs.pop().text]
        self.in_table = self.in_table or table
        for kind, value in _events(p):
            if kind == "text":
                self.chunks.append(value)
                for parts in self.open.values():
                    parts.append(value)
            elif kind == "start":
                self.open[value] = []
                self.starts.setdefault(value, len(self.out.paragraphs))
            elif kind == "end" and value in self.open:
                self.anchors[value] = "".join(self.open.pop(value))
            elif kind == "ref":
                self.starts.setdefault(value, len(self.out.paragraphs))
        if not _mark_deleted(p):
            self.out.paragraphs.append(Paragraph("".join(self.chunks), self.in_table))
            self.chunks, self.in_table = [], False


def _events(node: Any) -> Iterator[tuple[str, str]]:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _TEXT:
            yield "text", (child.text or "") if _TEXT[tag] is None else str(_TEXT[tag])
        elif tag == _W + "commentRangeStart":
            yield "start", child.get(_W + "id", "")
        elif tag == _W + "commentRangeEnd":
            yield "end", child.get(_W + "id", "")
        elif tag == _W + "commentReference":
            yield "ref", child.get(_W + "id", "")
        elif tag != _W + "p":  # a paragraph nested in a run (text box) is not this paragraph's text
            yield from _events(child)


def body_paragraphs(body: Any) -> Iterator[tuple[Any, bool]]:
    """Body paragraphs in order (those in tables flagged), none from text boxes or fallbacks."""
    for child in body:
        tag = child.tag
        if tag == _W + "p":
            yield child, False
        elif tag == _W + "tbl":
            for p in child.iter(_W + "p"):
                if not any(a.tag in (_W + "txbxContent", f"{{{MC}}}Fallback") for a in p.iterancestors()):
                    yield p, True
        elif isinstance(tag, str) and tag not in _SKIP and tag != _W + "sectPr":
            yield from body_paragraphs(child)  # content controls, customXml, inserted/moved blocks


def _comment_texts(root: Any | None) -> dict[str, tuple[str, str]]:
    if root is None:
        return {}
    out = {}
    for c in root.iter(_W + "comment"):
        text = "\n".join("".join(v for k, v in _events(p) if k == "text") for p in c.iter(_W + "p"))
        out[c.get(_W + "id", "")] = (c.get(_W + "author", "") or "", text.strip())
    return out


def read_reviewed(data: bytes, name: str) -> Reviewed:
    """The accepted text and comments of a .docx (its bytes); `name` is how the file is called in messages."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = _part(archive, "word/document.xml")
            comments = _part(archive, "word/comments.xml")
    except zipfile.BadZipFile:
        raise ImportFormatError(f"{name} 不是 Word（.docx）文件；.doc、.wps 请先在 Word/WPS 中另存为 .docx") from None
    if document is None:
        raise ImportFormatError(f"{name} 中没有正文（word/document.xml）；请在 Word/WPS 中另存为 .docx")
    from lxml import etree

    try:
        root = _parse(document)
        comment_root = _parse(comments) if comments else None
    except etree.XMLSyntaxError:
        raise ImportFormatError(f"{name} 已损坏（XML 无法读取）；请在 Word/WPS 中打开后另存为 .docx") from None
    body = root.find(_W + "body")
    walk = _Walk()
    for p, table in body_paragraphs(body if body is not None else root):
        walk.paragraph(p, table)
    if walk.chunks:  # the last paragraph's mark deleted: its text still stands
        walk.out.paragraphs.append(Paragraph("".join(walk.chunks), walk.in_table))
    out = walk.out
    out.revisions = sum(1 for tag in ("ins", "del", "moveFrom", "moveTo") for _ in root.iter(_W + tag))
    last = max(len(out.paragraphs) - 1, 0)
    for cid, (author, text) in _comment_texts(comment_root).items():
        out.comments.append(Comment(author, text, min(walk.starts.get(cid, last), last), walk.anchors.get(cid, "")))
    out.comments.sort(key=lambda c: c.paragraph)
    return out
