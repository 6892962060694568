"""Cutting the body out of the stream and into paragraphs at validated heading numbers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from reporter.content.numbering import HEADING_MARKERS, cn_to_int
from reporter.content.org_names import is_issuer
from reporter.importer.annotations import find_annotations
from reporter.importer.normalize import TERMINALS
from reporter.importer.patterns import APPENDIX, DATE, KEYWORD, PLAN_TITLE, date_of
from reporter.importer.reading import Source
from reporter.importer.segment import (
    PARA,
    SOFT,
    WRAP,
    Block,
    Para,
    Segmented,
    Stream,
    TableReader,
    build_stream,
    cover_letter_end,
    find_end,
    find_title,
    issuer_from_cover,
)
from reporter.importer.word_tables import interpret_table

Marker = tuple[int, int, str]  # level, number, marker text


_AFTER_TERMINAL = re.compile(f"[{re.escape(TERMINALS)}]")
# Whether any heading number starts at a position: one test where most positions start none.
_ANY_MARKER = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in HEADING_MARKERS))


class _Spans:
    """Whether a position lies inside one of some spans [a, b), found by bisection (a document holds thousands)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.reach: list[int] = []  # the furthest end of the spans starting at or before each start
        for a, b in sorted(spans):
            self.starts.append(a)
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def __call__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.reach[i]


def scan_markers(stream: Stream, start: int, end: int, seg: Segmented) -> dict[int, Marker]:
    """Heading numbers that continue a sequence (n+1, or 1 under a new parent); digits elsewhere stay text."""
    s = stream.text
    inside = _Spans((start + a.start, start + a.end) for a in find_annotations(s[start:end], at_end_only_bare=False))
    candidates = {start} | {p for p in stream.starts_between(start, end) if stream.break_at(p) > 0}
    candidates |= {m.end() for m in _AFTER_TERMINAL.finditer(s, start, end - 1)}
    last = dict.fromkeys(range(1, 6), 0)
    fresh = dict.fromkeys(range(1, 6), True)
    found: dict[int, Marker] = {}
    for p in sorted(candidates):
        if inside(p) or not _ANY_MARKER.match(s, p):
            continue
        for level, pattern in HEADING_MARKERS:
            m = pattern.match(s, p)
            if not m:
                continue
            after = s[m.end() : m.end() + 1]
            if m.end() >= end or after in "，。、；：）" or (m.group(0).endswith("）") and level == 3 and p and s[p - 1] == "（"):
                break
            n = cn_to_int(m.group(1))
            gap = stream.break_at(p) == PARA and last[level] + 1 < n <= last[level] + 2
            if n == last[level] + 1 or (n == 1 and fresh[level]) or gap:
                if gap:
                    seg.gaps.append((stream.line_at(p), f"编号从 {last[level]} 跳到了 {n}：{s[p : p + 20]}"))
                found[p] = (level, n, m.group(0))
                last[level] = n
                fresh[level] = False
                for deeper in range(level + 1, 6):
                    fresh[deeper] = True
            break
    return found


def _keyword_headings(stream: Stream, start: int, end: int) -> dict[int, int]:
    """Unnumbered headings such as 保障措施 standing on their own: start → end."""
    s = stream.text
    out = {}
    for p in stream.starts:
        if not start <= p < end or (p != start and not stream.break_at(p)):
            continue
        m = KEYWORD.match(s, p)
        if not m:
            continue
        stop = m.end()
        if stop == end or stream.break_at(stop) or (m.group(0).endswith("：") and stream.break_at(p) >= WRAP):
            out[p] = stop
    return out


def by_line(stream: Stream, a: int, b: int) -> list[tuple[int, str]]:
    """The text of [a, b) of the stream, source line by source line."""
    s = stream.text
    lines: dict[int, str] = {}
    first = max(bisect.bisect_right(stream.starts, a) - 1, 0)  # the pieces before it end before `a`
    for i in range(first, bisect.bisect_left(stream.starts, b)):
        p = stream.starts[i]
        q = stream.starts[i + 1] if i + 1 < len(stream.starts) else len(s)
        lo, hi = max(p, a), min(q, b)
        if lo < hi and s[lo:hi].strip():
            lines[stream.lines[i]] = lines.get(stream.lines[i], "") + s[lo:hi]
    return list(lines.items())


def _skip_range(stream: Stream, a: int, b: int, seg: Segmented) -> None:
    """Record the text of [a, b) by source line, as skipped (outside the plan's body)."""
    seg.skipped.extend(by_line(stream, a, b))


def _after_title(stream: Stream, start: int, end: int, seg: Segmented) -> tuple[int, str]:
    """Skip what stands between a title and the text: (……通过), a date, the issuing office on its own line."""
    s = stream.text
    org = ""
    while start < end:
        nxt = next((p for p in stream.starts_between(start, len(s) + 1) if stream.break_at(p) >= SOFT), end)
        piece = s[start:nxt]
        if re.fullmatch(r"（[^（）]{2,40}）", piece) or DATE.fullmatch(piece):
            seg.skipped.append((stream.line_at(start), piece))
            day = DATE.search(piece)
            seg.date = seg.date or (date_of(day) if day else None)
            start = nxt
        elif stream.break_at(nxt) == PARA and len(piece) <= 25 and is_issuer(piece) and not re.search(f"[{TERMINALS}，]", piece):
            org = org or piece
            seg.skipped.append((stream.line_at(start), piece))
            start = nxt
        elif _TEASER.search(_paragraph_at(stream, start, end)):
            # a news site's lead above the text: 近日，县委、县政府印发了《……》，全文如下：
            stop = start + len(_paragraph_at(stream, start, end))
            seg.skipped.extend(by_line(stream, start, stop))
            start = stop
        else:
            break
    return start, org


_TEASER = re.compile(
    r"^(?:近日|日前|\d{1,2}月\d{1,2}日)?.{0,40}印发了?《.{4,60}》.{0,60}(?:全文如下|现将全文|以下为全文|通知全文|全文见下)[：:]?$|^(?:全文如下|以下为全文)[：:]?$"
)


def _paragraph_at(stream: Stream, start: int, end: int) -> str:
    """The text from `start` to the next paragraph break."""
    nxt = next((p for p in stream.starts_between(start, end) if stream.break_at(p) == PARA), end)
    return stream.text[start:nxt]


def _another_document(text: str, title: str, titles: re.Pattern[str], blocks: list[Block]) -> bool:
    """A second document's own title after numbered text (seed texts paste several plans into one file)."""
    if "。" in text or len(text) > 60 or APPENDIX.match(text) or not _is_title(text, titles):
        return False
    same = re.sub(r"\s", "", text) == re.sub(r"\s", "", title)  # a running header repeats the title
    return not same and any(isinstance(b, Para) and b.level for b in blocks)


def _is_title(text: str, titles: re.Pattern[str] = PLAN_TITLE) -> bool:
    """A repeated title (an attachment's, a running header's): ends with 工作要点 or the like."""
    return any(m.end() == len(text) for m in titles.finditer(text))


def _issuer_in_title(title: str) -> str:
    """示例市司法局2024年法治政府建设工作要点 → 示例市司法局 (a title that names its office)."""
    m = re.match(r"(.{2,30}?)(?:\d{4}年|关于)", title)
    return m.group(1) if m and is_issuer(m.group(1)) and not m.group(1).endswith(("市", "县", "区", "省")) else ""


# What a document's last paragraph ends with; a short line ending otherwise, after it, is the page's, not the text's.
_ENDS_TEXT = TERMINALS + "！？…”」』)"


def trim_tail(blocks: list[Block], stream: Stream) -> tuple[list[Block], list[tuple[int, str]]]:
    """Short lines after the last sentence that end no sentence (a site's headlines, a watermark) are not the document."""
    cut = len(blocks)
    while cut > 0:
        b = blocks[cut - 1]
        if not isinstance(b, Para) or b.level or b.heading or len(b.text) > 50 or b.text.endswith(tuple(_ENDS_TEXT)):
            break
        cut -= 1
    return blocks[:cut], [line for b in blocks[cut:] if isinstance(b, Para) for line in by_line(stream, *b.span)]


# The 附件说明 before the signature: 附件：1.……; its further lines are numbered titles.
_ATTACHMENT_LIST = re.compile(r"^附件\s*[：:]")


def _listed_attachment(level: int, text: str) -> bool:
    """A further line of the 附件说明: 2.……情况表 (a number and a title, no sentence)."""
    return level == 3 and len(text) <= 60 and not re.search("[。；，]", text)


def split_body(source: Source, titles: re.Pattern[str] = PLAN_TITLE, read_table: TableReader = interpret_table) -> tuple[Segmented, Stream]:
    """The document's title, issuer and body paragraphs; `titles` says what a title ends with (plan or report)."""
    seg = Segmented()
    stream = build_stream(source, seg, read_table)
    s = stream.text
    title = find_title(stream, titles)
    if title:
        start, seg.title = title[1], title[2]
        head = title[0]
    else:
        start = head = cover_letter_end(stream)
        notice = re.search(r"关于印发(.{2,60}?)的通知", s[:start])
        seg.title = notice.group(1).strip("《》") if notice else ""
    _skip_range(stream, 0, head, seg)
    seg.cover = s[:head]
    cover_issuer = issuer_from_cover(stream, head)
    start, title_org = _after_title(stream, start, len(s), seg)
    end, signature = find_end(stream, start)
    _skip_range(stream, end, len(s), seg)
    signed = DATE.match(s, end + len(signature))  # the date right under the signature (or standing where the text ends)
    seg.date = seg.date or (date_of(signed) if signed else None)
    seg.issuer = signature or cover_issuer or title_org or _issuer_in_title(seg.title)
    markers = scan_markers(stream, start, end, seg)
    keywords = _keyword_headings(stream, start, end)
    cuts = {start, end} | set(markers) | set(keywords) | set(keywords.values())
    cuts |= {p for p in stream.starts_between(start, end) if stream.break_at(p) == PARA}
    for pos, t in stream.tables:
        t.appendix = pos >= end
    tables = [(min(max(pos, start), end), t) for pos, t in stream.tables]
    cuts |= {pos for pos, _ in tables}
    points = sorted(c for c in cuts if start <= c <= end)
    blocks: list[Block] = []
    table_iter = iter(sorted(tables, key=lambda x: x[0]))
    pending = next(table_iter, None)
    listing = False  # inside the 附件说明: 附件：1.……统计表 / 2.……情况表
    for a, b in zip(points, points[1:] + [end], strict=True):
        while pending and pending[0] <= a:
            blocks.append(pending[1])
            pending = next(table_iter, None)
        if a >= b:
            continue
        raw = s[a:b]
        level, number, marker = markers.get(a, (0, 0, ""))
        text = raw[len(marker) :].strip()
        if not text and not marker:
            continue
        line = stream.line_at(a)
        listing = listing and _listed_attachment(level, text)
        if listing:
            seg.skipped.append((line, raw.strip()))
            continue
        listing = bool(_ATTACHMENT_LIST.match(text)) and not marker
        heading = a in keywords or a in stream.heading
        if not marker and not heading and _another_document(text, seg.title, titles, blocks):
            seg.gaps.append((line, f"从这里起是另一份文件“{text}”，未导入；如需要，请把它另存为单独的文件后再导入"))
            _skip_range(stream, a, end, seg)
            pending = None  # its tables are the other document's
            break
        if not marker and not heading and "。" not in text and len(text) <= 60 and (APPENDIX.match(text) or _is_title(text, titles)):
            seg.skipped.append((line, text))
            last = blocks[-1] if blocks else None
            if isinstance(last, Para) and last.line == line and not last.level and len(last.text) <= 20 and "。" not in last.text:
                # the first line of the same title, broken by a manual line break (a trapezoid title)
                seg.skipped.append((line, last.text))
                blocks.pop()
            continue
        off = a + len(marker) + (len(raw[len(marker) :]) - len(raw[len(marker) :].lstrip()))
        breaks = [p - off for p in stream.starts_between(off, b) if stream.break_at(p) > 0]
        blocks.append(Para(text, line, level, number, marker, heading, breaks, (a, b)))
    while pending:
        blocks.append(pending[1])
        pending = next(table_iter, None)
    seg.blocks, dropped = trim_tail(blocks, stream)
    seg.unknown += dropped
    return seg, stream
