"""From source lines to a document's body (plan or report): one text stream, its title and bounds, numbered paragraphs."""

from __future__ import annotations

import bisect
import datetime as dt
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reporter.content.numbering import HEADING_MARKERS
from reporter.content.org_names import is_issuer
from reporter.core.text import display_width
from reporter.importer.normalize import (
    TERMINALS,
    collapse_spaces,
    fix_punctuation,
    has_ideograph,
    is_noise,
    is_stop,
    joiner,
    normalize_line,
    split_noise,
    split_trailing_mark,
)
from reporter.importer.patterns import ATTACHMENT_PAGE, DATE, PLAN_TITLE
from reporter.importer.reading import Source, SourceLine
from reporter.importer.word_tables import TableItem, interpret_table

SOFT, WRAP, PARA = 1, 2, 3  # a space inside a line, a line break inside a paragraph, a paragraph break

TableReader = Callable[[list[tuple[int, list[str]]]], list[TableItem] | None]
_NOT_TITLE_START = re.compile(r"^(?:为|根据|按照|现将|现|结合|制定|印发|关于印发|附件|经|请|[一二三四五六七八九十]+、|（|\d{1,3}[.、])")


@dataclass
class Para:
    """One paragraph of the body: its text without the heading number, and where it came from."""

    text: str
    line: int
    level: int = 0  # 1 一、 2 （一） 3 1. 4 （1） 5 ①; 0 for none
    number: int = 0
    marker: str = ""
    heading: bool = False  # an unnumbered heading (保障措施, a Word heading style, Markdown #)
    breaks: list[int] = field(default_factory=list)  # where source spaces or line breaks fell inside `text`
    span: tuple[int, int] = (0, 0)  # where the paragraph lies in the stream (its source lines can be found again)


@dataclass
class TableBlock:
    line: int
    items: list[TableItem]
    appendix: bool = False  # after the body (an attachment): its tasks belong to no heading of the text


Block = Para | TableBlock


@dataclass
class Segmented:
    title: str = ""
    issuer: str = ""
    blocks: list[Block] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    gaps: list[tuple[int, str]] = field(default_factory=list)
    cover: str = ""  # the text before the document's title: a 印发通知, a web page's head
    date: dt.date | None = None  # a date standing under the title


class Stream:
    """All body text as one string without stray spaces, with every former break and its source line.

    While it is built, the text grows as a list of pieces (`size` is its length so far); `finish` joins it."""

    def __init__(self) -> None:
        self.text = ""
        self.starts: list[int] = []  # start of every piece
        self.kinds: list[int] = []  # the break before it
        self.lines: list[int] = []
        self.heading: dict[int, int] = {}  # piece start → heading level of its line
        self.tables: list[tuple[int, TableBlock]] = []
        self.paragraph = 0  # where the current paragraph starts in `text`
        self.size = 0
        self._parts: list[str] = []
        self._last = ""  # the last character written
        self._quotes = 0  # “ opened and not closed since the paragraph began

    def add(self, piece: str, kind: int, line: int, spaced: bool = False) -> None:
        """Append a piece; `spaced`: a space before it inside the line may be the writer's, not a wrap's."""
        if kind == PARA:
            self.paragraph = self.size
            self._quotes = 0
        elif kind == SOFT and spaced and self._quoted_words(piece):
            self._write(" ")  # 以“加强法治政府建设 打造人民满意政府”: the space parts the slogan's phrases
        else:
            self._write(joiner(self._last, piece))
        self.starts.append(self.size)
        self.kinds.append(kind)
        self.lines.append(line)
        self._write(piece)
        self._quotes += piece.count("“") - piece.count("”")

    def _write(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self.size += len(text)
            self._last = text[-1]

    def _quoted_words(self, piece: str) -> bool:
        """Whether the text stands inside “…” between two Chinese words."""
        return self._quotes > 0 and self.size > self.paragraph and has_ideograph(self._last) and has_ideograph(piece[0])

    def finish(self) -> None:
        """The text built so far, with its punctuation in full width (one character for one: positions stay)."""
        self.text = fix_punctuation("".join(self._parts))

    def line_at(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.lines[max(i, 0)] if self.lines else 0

    def break_at(self, pos: int) -> int:
        i = bisect.bisect_left(self.starts, pos)
        return self.kinds[i] if i < len(self.starts) and self.starts[i] == pos else 0

    def piece_index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def starts_between(self, a: int, b: int) -> Iterator[int]:
        """The piece starts p with a < p < b, in order (found by bisection: a long document has tens of thousands)."""
        starts = self.starts
        for i in range(bisect.bisect_right(starts, a), bisect.bisect_left(starts, b)):
            yield starts[i]


def _wrapped(pieces: list[str]) -> bool:
    """Whether the spaces of one line stand where a copied page broke its lines (pieces of one width)."""
    widths = [round(display_width(p)) for p in pieces[:-1]]
    if len(widths) < 3:
        return False
    mode = statistics.mode(widths)
    return mode >= 10 and sum(abs(w - mode) <= 3 for w in widths) >= 0.5 * len(widths)


def _wrap_width(texts: list[str]) -> float:
    """The width at which a PDF copy broke its lines, or 0 when lines are whole paragraphs."""
    widths = [round(w) for t in texts if (w := display_width(t)) >= 10 and t[-1] not in TERMINALS]
    if len(widths) < 4:
        return 0
    mode = statistics.mode(widths)
    near = [w for w in widths if abs(w - mode) <= 2]
    if len(near) >= max(4, 0.3 * len(widths)):
        return max(near)
    return 0


Kept = tuple[SourceLine, str, str]  # line, normalised, compact


@dataclass
class _Lines:
    """The source lines that are text, after page furniture is set aside; tables as blocks."""

    kept: list[Kept] = field(default_factory=list)
    blank_before: set[int] = field(default_factory=set)  # indexes of `kept` that follow a blank line
    after_page: set[int] = field(default_factory=set)  # indexes of `kept` that follow a page number: a sentence may go on
    tables: dict[int, TableBlock] = field(default_factory=dict)  # index of `kept` → the table standing there


def _distinct(cells: list[str]) -> list[str]:
    """A row's cells without the repeats of a merged cell (Word gives a cell spanning two columns twice)."""
    return [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]


def _table_rows(rows: list[SourceLine], out: _Lines, read_table: TableReader) -> None:
    items = read_table([(r.no, r.cells or []) for r in rows])
    if items is None:  # not a table we understand: its rows are text
        for r in rows:
            norm = normalize_line(" ".join(_distinct(r.cells or [])))
            out.blank_before.add(len(out.kept))
            out.kept.append((SourceLine(r.no, norm), norm, fix_punctuation(collapse_spaces(norm))))
    else:
        out.tables[len(out.kept)] = TableBlock(rows[0].no, items)
        out.kept.append((rows[0], "", ""))
    out.blank_before.add(len(out.kept))


def _text_lines(source: Source, seg: Segmented, read_table: TableReader) -> _Lines:
    out = _Lines()
    i, lines = 0, source.lines
    while i < len(lines):
        line = lines[i]
        if line.cells is not None:
            j = i
            while j < len(lines) and lines[j].table == line.table and lines[j].cells is not None:
                j += 1
            _table_rows(lines[i:j], out, read_table)
            i = j
            continue
        _text_line(line, seg, out)
        i += 1
    return out


def _text_line(line: SourceLine, seg: Segmented, out: _Lines) -> None:
    """One source line kept, set aside as the page's furniture, or cut around the furniture inside it."""
    norm, mark = split_trailing_mark(normalize_line(line.text))
    if mark:
        seg.skipped.append((line.no, mark))
    pieces, removed = split_noise(norm)
    seg.skipped += [(line.no, fix_punctuation(collapse_spaces(r))) for r in removed]
    if not norm.strip() and line.text.strip():  # a page number standing alone (— 3 —)
        seg.skipped.append((line.no, line.text.strip()))
        out.after_page.add(len(out.kept))
        return
    for piece in pieces:
        compact = fix_punctuation(collapse_spaces(piece))
        if not compact:
            if len(out.kept) not in out.after_page:  # blank lines around a page number
                out.blank_before.add(len(out.kept))
        elif is_noise(piece):
            seg.skipped.append((line.no, compact))
        else:
            kept = line if len(pieces) == 1 else SourceLine(line.no, piece, heading=line.heading)
            out.kept.append((kept, piece, compact))


def _heading_line(text: str) -> bool:
    """A numbered line without a sentence in it: 一、主要举措和成效, （一）执法监督不到位."""
    return any(pattern.match(text) for _, pattern in HEADING_MARKERS) and not re.search("[，。；：,;]", text) and len(text) <= 30


def _break_kind(lines: _Lines, k: int, previous: str, depth: int, wrap: float, markdown: bool) -> int:
    """What the line break before kept line `k` was: a paragraph break or a wrap inside a paragraph."""
    line, _, compact = lines.kept[k]
    if k in lines.after_page and previous and previous[-1] not in TERMINALS + "…”」』" and not _heading_line(previous):
        return WRAP  # a sentence the page broke goes on after the page number
    if k == 0 or k in lines.blank_before or line.heading or lines.kept[k - 1][0].heading or not previous:
        return PARA
    if depth > 0 or previous[-1] in "，、（《“—" or compact[0] in "，。、；：）》”〕】]":
        return WRAP
    if previous[-1] in TERMINALS + "…”」』":
        return PARA
    if _heading_line(previous):
        return PARA  # （一）执法监督不到位 on a line of its own: a heading, whatever the page width
    if markdown or (wrap and display_width(previous) >= 0.8 * wrap):
        return WRAP  # Markdown joins the lines of a paragraph; a PDF copy breaks at a fixed width
    return PARA


def _stop(stream: Stream, seg: Segmented, rest: list[Kept]) -> None:
    """The document ends here: the rest of the page is recorded as skipped."""
    stream.starts.append(stream.size)
    stream.kinds.append(-1)
    stream.lines.append(rest[0][0].no)
    seg.skipped += [(line.no, compact) for line, _, compact in rest if compact]


def build_stream(source: Source, seg: Segmented, read_table: TableReader = interpret_table) -> Stream:
    stream = Stream()
    lines = _text_lines(source, seg, read_table)
    wrap = _wrap_width([c for ln, _, c in lines.kept if ln.cells is None and c])
    previous = ""
    depth = 0  # brackets left open by the lines of the current paragraph: an annotation goes on
    for k, (line, norm, compact) in enumerate(lines.kept):
        if k in lines.tables:
            stream.tables.append((stream.size, lines.tables[k]))
            previous = ""
            continue
        kind = _break_kind(lines, k, previous, depth, wrap, source.kind == "md")
        if is_stop(compact):
            _stop(stream, seg, lines.kept[k:])
            break
        if kind == PARA:
            depth = 0
        depth = max(0, depth + sum(compact.count(c) for c in "〔【[（") - sum(compact.count(c) for c in "〕】]）"))
        pieces = norm.split()
        spaced = not _wrapped(pieces)
        for n, piece in enumerate(pieces):
            stream.add(piece, kind if n == 0 else SOFT, line.no, spaced)
            if n == 0 and line.heading:
                stream.heading[stream.starts[-1]] = line.heading
        previous = compact
    stream.finish()
    return stream


# ------------------------------------------------------------------ title and bounds


def _inside_book_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def find_title(stream: Stream, titles: re.Pattern[str] = PLAN_TITLE) -> tuple[int, int, str] | None:
    """The document's own title (start, end, text): the last title-like line before the first heading number."""
    s = stream.text
    candidates = []
    for m in titles.finditer(s):
        end = m.end()
        if end < len(s) and not stream.break_at(end) or s.startswith("的", end) or _inside_book_title(s, m.start()):
            continue
        k = stream.piece_index(m.start())
        start = stream.starts[k] if k >= 0 else 0
        while k > 0:
            prev = s[stream.starts[k - 1] : stream.starts[k]].strip()
            so_far = s[start:end]
            if not prev or prev[-1] in TERMINALS + "》”日，" or "通知" in prev[-3:] or len(prev) + len(so_far) > 50:
                break
            joined = prev.endswith("关于") or so_far.startswith("关于")  # 某某人民政府 / 关于……的报告
            if stream.kinds[k] >= WRAP and (re.search(r"\d{4}年", so_far) or len(so_far) > 12) and not joined:
                break
            k -= 1
            start = stream.starts[k]
        title = s[start:end]
        if (
            6 <= len(title) <= 60
            and not re.search("[，。；：]", title)
            and not _NOT_TITLE_START.match(title)
            and re.search(r"\d{4}年|法治|依法|年度", title)
        ):
            candidates.append((start, end, title))
    if not candidates:
        return None
    first_end = candidates[0][1]
    guess = re.search(r"(?:一、|（一）|1[.、])", s[first_end:])
    limit = first_end + guess.start() if guess else len(s)
    return [c for c in candidates if c[1] <= limit][-1]


def _org_before(s: str, pos: int, stream: Stream) -> tuple[int, str]:
    """The organisation name ending at `pos` (a signature), if the text there is one."""
    k = stream.piece_index(pos - 1)
    start = pos
    while k >= 0 and stream.starts[k] < pos:
        start = stream.starts[k]
        text = s[start:pos]
        if len(text) > 30 or re.search(f"[{TERMINALS}，]", text):
            return pos, ""
        if is_issuer(text) and (stream.break_at(start) or start == 0 or s[start - 1] in TERMINALS):
            return start, text
        k -= 1
    return pos, ""


def attachment_pages(stream: Stream, start: int) -> int | None:
    """Where the attachment pages begin: the first 附件 or 附件1 standing alone (the 附件说明 has a colon)."""
    s = stream.text
    for i, (pos, kind) in enumerate(zip(stream.starts, stream.kinds, strict=True)):
        nxt = stream.starts[i + 1] if i + 1 < len(stream.starts) else len(s)
        if pos >= start and kind == PARA and stream.break_at(nxt) in (PARA, -1, 0) and ATTACHMENT_PAGE.fullmatch(s[pos:nxt].strip()):
            return pos
    return None


def find_end(stream: Stream, start: int) -> tuple[int, str]:
    """Where the body ends: before a trailing signature and date, the attachment pages or the page's furniture."""
    s = stream.text
    end = len(s)
    for pos, kind in zip(stream.starts, stream.kinds, strict=True):
        if kind == -1 and pos >= start:
            end = pos
            break
    pages = attachment_pages(stream, start)
    end = min(end, pages) if pages is not None else end
    for m in reversed(list(DATE.finditer(s, start, end))):
        rest = s[m.end() : end]
        if len(rest) > 60 or "。" in rest:
            break
        if m.end() < end and not stream.break_at(m.end()):
            continue
        org_start, org = _org_before(s, m.start(), stream)
        if org or stream.break_at(m.start()) == PARA:
            return org_start, org
    return end, ""


def cover_letter_end(stream: Stream) -> int:
    """Without a title of its own, the body begins after the 印发…的通知 and its date."""
    s = stream.text
    m = re.search(r"关于印发.{2,60}?的通知", s)
    if not m:
        return 0
    d = DATE.search(s, m.end())
    if not d:
        return 0
    end = d.end()
    after = re.match(r"[（(]此件[^）)]{2,8}[）)]", s[end:])
    return end + (after.end() if after else 0)


def issuer_from_cover(stream: Stream, limit: int) -> str:
    s = stream.text[:limit]
    for d in DATE.finditer(s):
        _, org = _org_before(s, d.start(), stream)
        if org:
            return org
    m = re.search(r"关于印发", s)
    if m:
        return _org_before(s, m.start(), stream)[1]
    return ""
