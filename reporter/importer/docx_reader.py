"""Text of a .docx body in order: paragraphs (with Word's automatic numbers) and table rows."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from reporter.content.closings import carries_tail
from reporter.content.numbering import chinese_number
from reporter.core.errors import ImportFormatError

# (line number, text, cells, table index, heading level)
Row = tuple[int, str, "list[str] | None", int, int]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _MC_FALLBACK, _W + "pPr", _W + "rPr"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def read_docx(path: Path, data: bytes) -> list[Row]:
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFormatError(
            f"{path.name} 不是真正的 Word 文档（.docx）。如果它是 .doc、.wps 或图片，请用 Word/WPS 打开后另存为 .docx 再导入。"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a damaged package
        raise ImportFormatError(
            f"{path.name} 无法作为 Word 文档（.docx）打开，文件可能已损坏。请用 Word/WPS 打开后另存为 .docx 再导入。"
        ) from None
    reader = _Reader(document)
    reader.walk(document.element.body)
    return reader.rows


class _Reader:
    """Paragraphs and table rows in document order, numbered as the importer counts them."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = _Numbering(document)
        self.styles = _Styles(document)
        self.rows: list[Row] = []
        self.paragraphs = 0  # a table row counts as one
        self.tables = -1

    def paragraph(self, p: Any) -> None:
        if carries_tail(p) and self.rows and self.rows[-1][2] is None:
            # a draft's last body lines, cut off to keep with its 署名: one paragraph with the one before
            line, before, _, table, level = self.rows[-1]
            self.rows[-1] = (line, before + paragraph_text(p), None, table, level)
            return
        self.paragraphs += 1
        style = self.styles.of(p)
        ppr = p.find(_W + "pPr")
        direct = ppr.find(_W + "numPr") if ppr is not None else None
        label = self.numbering.label(direct if direct is not None else self.styles.num_pr(style))
        if _boxed_tables(p):
            # a text box holding tables (a draft's 版记 at the foot of its page): its rows as table rows
            for box in p.iter(_W + "txbxContent"):
                self.walk(box)
            return
        text = paragraph_text(p)
        text = (label or self.styles.only_entry_number(p, style, text)) + text
        for part in text.split("\n"):
            self.rows.append((self.paragraphs, part, None, -1, self.styles.heading_level(p, style)))

    def table(self, tbl: Any) -> None:
        from docx.table import Table

        grid = [[cell_text(c._tc) for c in row.cells] for row in Table(tbl, self.document._body).rows]
        if max((len(set(r)) for r in grid), default=0) <= 1:
            # a one-column (layout) table: its paragraphs are ordinary text
            for p in tbl.iter(_W + "p"):
                self.paragraph(p)
            return
        self.tables += 1
        for cells in grid:
            self.paragraphs += 1
            self.rows.append((self.paragraphs, " ".join(cells), cells, self.tables, 0))

    def walk(self, parent: Any) -> None:
        for child in parent.iterchildren():
            if child.tag == _W + "p":
                self.paragraph(child)
            elif child.tag == _W + "tbl":
                self.table(child)
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                self.walk(child)


def paragraph_text(p: Any) -> str:
    out: list[str] = []

    def visit(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _W + "t":
                out.append(child.text or "")
            elif tag == _W + "tab":
                out.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                out.append("\n")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "p" and out:
                out.append("\n")  # a paragraph inside a text box
                visit(child)
            else:
                visit(child)

    visit(p)
    return "".join(out)


def cell_text(tc: Any) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iter(_W + "p")).strip()


class _Styles:
    """Paragraph styles: name, heading level and the numbering a style carries."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        for el in document.styles.element.iterchildren(_W + "style"):
            self.by_id[el.get(_W + "styleId")] = el

    def of(self, p: Any) -> Any:
        ppr = p.find(_W + "pPr")
        ps = ppr.find(_W + "pStyle") if ppr is not None else None
        return self.by_id.get(ps.get(_W + "val")) if ps is not None else None

    def chain(self, style: Any) -> list[Any]:
        out: list[Any] = []
        while style is not None and len(out) < 10:
            out.append(style)
            based = style.find(_W + "basedOn")
            style = self.by_id.get(based.get(_W + "val")) if based is not None else None
        return out

    def heading_level(self, p: Any, style: Any) -> int:
        for holder in [p] + self.chain(style):
            ppr = holder.find(_W + "pPr")
            outline = ppr.find(_W + "outlineLvl") if ppr is not None else None
            if outline is not None and (outline.get(_W + "val") or "").isdigit() and int(outline.get(_W + "val")) < 9:
                return int(outline.get(_W + "val")) + 1
            name = holder.find(_W + "name")
            if name is not None:
                m = _HEADING_STYLE.match((name.get(_W + "val") or "").strip())
                if m:
                    return int(m.group(1))
                if (name.get(_W + "val") or "").strip().lower() in ("title", "标题"):
                    return 1
        return 0

    def only_entry_number(self, p: Any, style: Any, text: str) -> str:
        """The number a draft of ours leaves out for the only entry of a level (content.context.numbered),
        read from the lead's style: a 二级标题 paragraph or a 二级/三级标题引导 lead without a number of its own."""
        if not text.strip() or _NUMBERED.match(text):
            return ""
        name = _name(style)
        if name in _UNNUMBERED:
            return _UNNUMBERED[name]
        run = p.find(_W + "r")
        rstyle = run.find(f"{_W}rPr/{_W}rStyle") if run is not None else None
        return _UNNUMBERED.get(_name(self.by_id.get(rstyle.get(_W + "val"))), "") if rstyle is not None else ""

    def num_pr(self, style: Any) -> Any:
        for s in self.chain(style):
            ppr = s.find(_W + "pPr")
            if ppr is not None and ppr.find(_W + "numPr") is not None:
                return ppr.find(_W + "numPr")
        return None


# The styles of our drafts' level-2 headings and leads, and the number of the first entry of their level.
_UNNUMBERED = {"二级标题": "（一）", "二级标题引导": "（一）", "三级标题引导": "1."}
_NUMBERED = re.compile(r"\s*(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[一二三四五六七八九十]+[、是])")


def _boxed_tables(p: Any) -> bool:
    """Whether all of a paragraph's text is in text boxes, and they hold a table."""
    boxes = list(p.iter(_W + "txbxContent"))
    if not boxes or not any(box.find(_W + "tbl") is not None for box in boxes):
        return False
    return all(any(a.tag == _W + "txbxContent" for a in t.iterancestors()) for t in p.iter(_W + "t"))


def _name(style: Any) -> str:
    name = style.find(_W + "name") if style is not None else None
    return (name.get(_W + "val") or "").strip() if name is not None else ""


def _fmt(n: int, fmt: str) -> str:
    # LibreOffice writes Word's chineseCounting back as taiwaneseCountingThousand (a .doc converted to .docx)
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    return str(n)


class _Numbering:
    """Word's automatic list numbers (一、 （一） 1.) rebuilt as text, since they are not in the runs."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for ab in root.iterchildren(_W + "abstractNum"):
            levels = {}
            for lvl in ab.iterchildren(_W + "lvl"):
                start = lvl.find(_W + "start")
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (
                    int(start.get(_W + "val", "1")) if start is not None else 1,
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                )
            self.levels[ab.get(_W + "abstractNumId")] = levels
        for num in root.iterchildren(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            overrides = {}
            for ov in num.iterchildren(_W + "lvlOverride"):
                so = ov.find(_W + "startOverride")
                if so is not None:
                    overrides[int(ov.get(_W + "ilvl", "0"))] = int(so.get(_W + "val", "1"))
            if ref is not None:
                self.nums[num.get(_W + "numId")] = (ref.get(_W + "val"), overrides)

    def label(self, num_pr: Any) -> str:
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
        num_id = num_id_el.get(_W + "val") if num_id_el is not None else None
        ilvl = int(ilvl_el.get(_W + "val", "0")) if ilvl_el is not None else 0
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counts[lvl] = start - 1
        start, fmt, text = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            s, f, _ = levels.get(k, (1, "decimal", ""))
            return _fmt(counts.get(k, s), f)

        return re.sub(r"%(\d)", value, text)
