"""From source lines to the plan body: one text stream, its title and bounds, numbered paragraphs."""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from reporter.importer.normalize import (
    TERMINALS,
    collapse_spaces,
    fix_punctuation,
    is_noise,
    is_stop,
    joiner,
    normalize_line,
    split_trailing_mark,
)
from reporter.importer.reading import Source, SourceLine
from reporter.importer.tables import TableItem, interpret_table

SOFT, WRAP, PARA = 1, 2, 3  # a space inside a line, a line break inside a paragraph, a paragraph break

CN_NUM = "一二三四五六七八九十百零〇"
_MARKERS = [
    (2, re.compile(f"（([{CN_NUM}]{{1,4}})）")),
    (4, re.compile(r"（(\d{1,3})）")),
    (1, re.compile(f"([{CN_NUM}]{{1,4}})[、.。](?![、，。])")),
    (3, re.compile(r"(\d{1,3})(?:[.、](?![\d.])|）)")),
    (5, re.compile("([\u2460-\u2473])")),
]
KEYWORD_HEADINGS = (
    "指导思想|总体要求|基本原则|工作原则|总体目标|主要目标|工作目标|目标任务|主要任务|重点任务|工作任务|具体任务|"
    "重点工作|主要工作|工作重点|保障措施|组织保障|工作保障|保障机制|工作要求|有关要求|组织实施|实施步骤|工作步骤|附则"
)
_KEYWORD = re.compile(f"(?:{KEYWORD_HEADINGS})：?")
_TITLE = re.compile(r"(?:工作要点|工作计划|工作安排|工作方案|实施方案|任务清单|重点任务|任务分工方案)(?:（[^（）]{1,12}稿）)?")
# A report's own title: 关于2023年法治政府建设情况的报告, 2023年法治政府建设年度报告, 2023年依法行政工作总结.
REPORT_TITLE = re.compile(r"(?:情况的?报告|年度报告|工作报告|的报告|情况报告|工作总结|情况总结)")
TableReader = Callable[[list[tuple[int, list[str]]]], list[TableItem] | None]
_NOT_TITLE_START = re.compile(r"^(?:为|根据|按照|现将|现|结合|制定|印发|关于印发|附件|经|请|[一二三四五六七八九十]+、|（|\d{1,3}[.、])")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ORG = re.compile(r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|司法局|局|委|办|厅|政府)$")
_APPENDIX = re.compile(r"^(?:附件\s*\d*\s*[：:]?.*|.*(?:任务分工表|分工表|任务清单|责任清单|分解表))$")


def strip_marker(text: str) -> str:
    """（一）健全…, 一、健全…, 1.健全… → 健全… (a heading number at the very start)."""
    for _, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return text[m.end() :].lstrip()
    return text


def cn_to_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 1 and "\u2460" <= text <= "\u2473":
        return ord(text) - 0x2460 + 1
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


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


class Stream:
    """All body text as one string without stray spaces, with every former break and its source line."""

    def __init__(self) -> None:
        self.text = ""
        self.starts: list[int] = []  # start of every piece
        self.kinds: list[int] = []  # the break before it
        self.lines: list[int] = []
        self.heading: dict[int, int] = {}  # piece start → heading level of its line
        self.tables: list[tuple[int, TableBlock]] = []

    def add(self, piece: str, kind: int, line: int) -> None:
        if kind != PARA:
            self.text += joiner(self.text, piece)
        self.starts.append(len(self.text))
        self.kinds.append(kind)
        self.lines.append(line)
        self.text += piece

    def line_at(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.lines[max(i, 0)] if self.lines else 0

    def break_at(self, pos: int) -> int:
        i = bisect.bisect_left(self.starts, pos)
        return self.kinds[i] if i < len(self.starts) and self.starts[i] == pos else 0

    def piece_index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _wrap_width(texts: list[str]) -> float:
    """The width at which a PDF copy broke its lines, or 0 when lines are whole paragraphs."""
    widths = [round(_width(t)) for t in texts if _width(t) >= 10 and t[-1] not in TERMINALS]
    if len(widths) < 4:
        return 0
    mode = statistics.mode(widths)
    near = [w for w in widths if abs(w - mode) <= 2]
    if len(near) >= max(4, 0.3 * len(widths)):
        return max(near)
    return 0


def build_stream(source: Source, seg: Segmented, read_table: TableReader = interpret_table) -> Stream:
    stream = Stream()
    kept: list[tuple[SourceLine, str, str]] = []  # line, normalised, compact
    blank_before: set[int] = set()
    i, lines = 0, source.lines
    while i < len(lines):
        line = lines[i]
        if line.cells is not None:
            j = i
            while j < len(lines) and lines[j].table == line.table and lines[j].cells is not None:
                j += 1
            rows = [(r.no, r.cells or []) for r in lines[i:j]]
            items = read_table(rows)
            if items is None:  # not a task table: its rows are text
                for r in lines[i:j]:
                    norm = normalize_line(" ".join(r.cells or []))
                    blank_before.add(len(kept))
                    kept.append((SourceLine(r.no, norm), norm, fix_punctuation(collapse_spaces(norm))))
            else:
                kept.append((line, "", ""))
                stream.tables.append((len(kept) - 1, TableBlock(line.no, items)))
            blank_before.add(len(kept))
            i = j
            continue
        norm, mark = split_trailing_mark(normalize_line(line.text))
        if mark:
            seg.skipped.append((line.no, mark))
        compact = fix_punctuation(collapse_spaces(norm))
        if not compact:
            blank_before.add(len(kept))
        elif is_noise(norm):
            seg.skipped.append((line.no, compact))
        else:
            kept.append((line, norm, compact))
        i += 1
    tables = dict(stream.tables)
    stream.tables = []
    wrap = _wrap_width([c for ln, _, c in kept if ln.cells is None and c])
    previous = ""
    depth = 0  # brackets left open by the lines of the current paragraph: an annotation goes on
    for k, (line, norm, compact) in enumerate(kept):
        if k in tables:
            stream.tables.append((len(stream.text), tables[k]))
            previous = ""
            continue
        if k == 0 or k in blank_before or line.heading or kept[k - 1][0].heading or not previous:
            kind = PARA
        elif depth > 0 or previous[-1] in "，、（《“—" or compact[0] in "，。、；：）》”〕】]":
            kind = WRAP
        elif previous[-1] in TERMINALS + "…”」』":
            kind = PARA
        elif source.kind == "md" or (wrap and _width(previous) >= 0.8 * wrap):
            kind = WRAP  # Markdown joins the lines of a paragraph; a PDF copy breaks at a fixed width
        else:
            kind = PARA
        if is_stop(compact):
            stream.starts.append(len(stream.text))
            stream.kinds.append(-1)  # the document ends here
            stream.lines.append(line.no)
            for rest in kept[k:]:
                if rest[2]:
                    seg.skipped.append((rest[0].no, rest[2]))
            break
        if kind == PARA:
            depth = 0
        depth = max(0, depth + sum(compact.count(c) for c in "〔【[（") - sum(compact.count(c) for c in "〕】]）"))
        for n, piece in enumerate(norm.split()):
            stream.add(piece, kind if n == 0 else SOFT, line.no)
            if n == 0 and line.heading:
                stream.heading[stream.starts[-1]] = line.heading
        previous = compact
    stream.text = fix_punctuation(stream.text)
    return stream


# ------------------------------------------------------------------ title and bounds


def _inside_book_title(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def find_title(stream: Stream, titles: re.Pattern[str] = _TITLE) -> tuple[int, int, str] | None:
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
            if stream.kinds[k] >= WRAP and (re.search(r"\d{4}年", so_far) or len(so_far) > 12) and not prev.endswith("关于"):
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
        if _ORG.search(text) and (stream.break_at(start) or start == 0 or s[start - 1] in TERMINALS):
            return start, text
        k -= 1
    return pos, ""


def find_end(stream: Stream, start: int) -> tuple[int, str]:
    """Where the body ends: before a trailing signature and date, or where the page's furniture begins."""
    s = stream.text
    end = len(s)
    for pos, kind in zip(stream.starts, stream.kinds, strict=True):
        if kind == -1 and pos >= start:
            end = pos
            break
    for m in reversed(list(_DATE.finditer(s, start, end))):
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
    d = _DATE.search(s, m.end())
    if not d:
        return 0
    end = d.end()
    after = re.match(r"[（(]此件[^）)]{2,8}[）)]", s[end:])
    return end + (after.end() if after else 0)


def issuer_from_cover(stream: Stream, limit: int) -> str:
    s = stream.text[:limit]
    for d in _DATE.finditer(s):
        _, org = _org_before(s, d.start(), stream)
        if org:
            return org
    m = re.search(r"关于印发", s)
    if m:
        return _org_before(s, m.start(), stream)[1]
    return ""
