"""From body paragraphs to report.yaml: the five parts recognised by meaning, and each part's entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from reporter.content.annotation import annotation_note
from reporter.content.causes import bare_cause, opens_cause, split_cause
from reporter.content.closings import is_report_closing
from reporter.content.context import PART_KEYS, default_heading
from reporter.content.numbering import strip_marker
from reporter.content.org_names import is_org_name
from reporter.content.phrasing import end_sentence, fmt_number, metric_sentence
from reporter.content.status import status_of
from reporter.data.areas import CATALOGUES, Catalogue
from reporter.data.model import Achievement, Item, LeadershipEntry, Metric, PartTexts, PlanEntry, ProblemEntry, Report
from reporter.data.quantities import number_scale
from reporter.importer.annotations import strip_annotations
from reporter.importer.outline import area_of, split_heading, split_task
from reporter.importer.segment import Block, Para, TableBlock
from reporter.importer.word_tables import MetricRow, TableHeading, TableNote, TableTask

# What a part's heading says, in the order a heading is tested (第一责任人 before 情况, 问题 before 工作).
_PARTS = [
    ("leadership", re.compile(r"第一责任人|主要负责人.{0,12}(?:职责|履职|履行)")),
    # not a bare 问题: an area heading may well say 着力解决群众反映强烈的突出问题
    (
        "problems",
        re.compile(
            r"存在的?(?:主要)?(?:问题|不足|短板|困难|差距)|(?:问题|短板|困难|差距)(?:和|与|及)(?:不足|差距|原因|短板|问题)"
            r"|不足(?:和|与|及|之处)|^(?:主要)?(?:问题|不足|短板|差距|薄弱环节)(?:分析)?$"
        ),
    ),
    ("other", re.compile(r"其他需要报告|其他情况|其他事项|需要报告的")),
    (
        "next_year",
        re.compile(
            r"下一步|下一年|下步|明年|来年|工作打算|工作思路|工作计划|主要安排|工作安排|工作设想|努力方向|今后|\d{4}年(?:度)?.{0,16}(?:打算|安排|计划|思路)"
        ),
    ),
    (
        "achievements",
        re.compile(
            r"举措|成效|成绩|做法|开展情况|工作情况|进展情况|主要工作|基本情况|完成情况|推进情况|落实情况|建设情况|总体情况|工作开展"
        ),
    ),
]
_ORDINAL = re.compile(r"(?:^|(?<=[。；;，：:]))\s*([一二三四五六七八九十]{1,3})是[，,：:]?")


@dataclass
class Part:
    kind: str  # one of PART_KEYS, or "area" (a top-level heading that is itself an achievements area)
    heading: Para | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReportBuilt:
    report: Report
    recipients: Para | None = None  # the 主送 line
    metrics: list[MetricRow] = field(default_factory=list)
    heads: dict[str, int] = field(default_factory=dict)  # part → the line of its (first) heading
    left_out: list[tuple[int, str]] = field(default_factory=list)  # structure without a place in report.yaml
    totals: list[tuple[int, str]] = field(default_factory=list)  # a metrics table's 合计 / 小计 rows, as written


# Headings without the year, as earlier drafts printed them and many reports say.
_PLAIN_HEADINGS = {"problems": "存在的不足和原因", "leadership": "党政主要负责人履行推进法治建设第一责任人职责情况"}


def is_default_heading(key: str, heading: str, year: int) -> bool:
    """Whether a draft prints this heading anyway: an imported heading that says the same is not kept as an override."""
    return heading in (default_heading(key, year), _PLAIN_HEADINGS.get(key))


def classify(text: str) -> str:
    """The part a heading names, or "" when it names none."""
    for key, pattern in _PARTS:
        if pattern.search(text[:40]):
            return key
    return ""


def _is_heading_line(p: Para) -> bool:
    """An unnumbered line that stands as a heading: short, no sentence inside."""
    return not p.level and len(p.text) <= 30 and not re.search("[。，；！？]", p.text)


def _top_level(paras: list[Para]) -> int:
    levels = [p.level for p in paras if p.level]
    return min(levels) if levels else 0


def _part_kind(block: Para, numbered: bool) -> str:
    """The part a heading paragraph opens; a numbered one with text run on names it in its heading words."""
    heading, rest = split_heading(block)
    if not numbered or rest == "" or len(block.text) <= 60:
        return classify(block.text)
    return classify(heading) if len(heading) <= 30 and heading != block.text.rstrip("：:") else ""


def _part(kind: str, block: Para) -> Part:
    """A part; a heading with its first paragraph run on (a page without line breaks) is cut in two."""
    heading, rest = split_heading(block)
    if not rest or kind == "area" or len(block.text) <= 60 and block.breaks == []:
        return Part(kind, block)
    cut = block.text.index(rest, len(heading))
    head = Para(heading, block.line, block.level, block.number, block.marker, block.heading, [], block.span)
    body = Para(rest, block.line, breaks=[b - cut for b in block.breaks if b > cut])
    return Part(kind, head, [body])


def split_parts(blocks: list[Block]) -> tuple[list[Block], list[Part]]:
    """The blocks before the first part (preface), and the parts in order."""
    paras = [b for b in blocks if isinstance(b, Para)]
    top = _top_level(paras)
    head: list[Block] = []
    parts: list[Part] = []
    seen_other_part = False
    for block in blocks:
        kind = ""
        if isinstance(block, Para):
            numbered = block.level == top and top > 0
            if numbered or (block.heading or _is_heading_line(block)) and classify(block.text):
                kind = _part_kind(block, numbered)
                kind = kind or ("area" if numbered and not seen_other_part else ("other" if numbered else ""))
        if kind:
            if kind == "achievements" and seen_other_part:
                kind = "other"
            seen_other_part = seen_other_part or kind not in ("achievements", "area")
            assert isinstance(block, Para)
            parts.append(_part(kind, block))
        elif parts:
            parts[-1].blocks.append(block)
        else:
            head.append(block)
    return head, parts


def _joined(p: Para) -> str:
    return p.marker + p.text


def _is_bare(p: Para) -> bool:
    """A numbered heading with no text of its own after it (an area or group heading)."""
    return split_heading(p)[1] == "" and len(p.text) <= 40


# ------------------------------------------------------------------ achievements

Entry = TypeVar("Entry", Item, LeadershipEntry)


def _item(p: Para, kind: type[Entry]) -> Entry:
    """An item (or a leadership entry): a numbered paragraph's title and text, an unnumbered one's text."""
    if not p.level:
        return kind(text=p.text)
    title, text = split_task(p.text, [])
    item = kind(title=title)
    if text:
        item.text = text
    return item


def _add(entries: list[Entry], entry: Entry) -> None:
    """A paragraph without a number right after a title standing alone is that title's text: 1.标题 / 正文……"""
    last = entries[-1] if entries else None
    if last is not None and entry.model_fields_set == {"text"} and last.title and "text" not in last.model_fields_set and entry.text:
        last.text = entry.text
        return
    entries.append(entry)


def _area(heading: str, titles: list[str] | None) -> Achievement:
    heading = heading.rstrip("。；;")
    matched = area_of(heading, titles)
    area = Achievement(area=matched or heading, items=[])
    if matched and matched != heading or not matched and _read_as_other_area(heading, titles):
        area.title = heading  # the heading as written stays the printed heading
    return area


def _read_as_other_area(heading: str, titles: list[str] | None) -> bool:
    """Whether a draft would print a catalogue title in place of this heading (its loose matching)."""
    catalogues = [Catalogue(titles)] if titles is not None else [Catalogue(t) for t in CATALOGUES.values()]
    return any(c.resolve(heading).title != heading for c in catalogues)


def _levels(part: Part) -> tuple[int, int]:
    """The level of area headings in an achievements part, and the level of items that each open an area.

    （一）健全……体系 standing alone above 1. items is an area heading; （一）标题。正文 right under the part,
    with nothing deeper, is an area of its own holding its text."""
    if part.kind == "area":
        return 0, 0
    paras = [b for b in part.blocks if isinstance(b, Para) and b.level]
    bare = [p.level for p in paras if _is_bare(p)]
    items = [p.level for p in paras if not _is_bare(p)]
    if bare and min(bare) < max(items, default=99):
        return min(bare), 0
    levels = [p.level for p in paras]
    return 0, 2 if levels and min(levels) == 2 and part.heading is not None and part.heading.level == 1 else 0


class _Achievements:
    """Areas and items of the achievements parts, in document order."""

    def __init__(self, titles: list[str] | None, intros: PartTexts, metrics: list[MetricRow]) -> None:
        self.titles = titles
        self.intros = intros
        self.metrics = metrics
        self.areas: list[Achievement] = []

    def part(self, part: Part) -> None:
        current = self.open(split_heading(part.heading)[0]) if part.kind == "area" and part.heading else None
        area_level, headed = _levels(part)
        paras = [b for b in part.blocks if isinstance(b, Para)]
        # paragraphs right under the part (一是……, 二是……, or plain ones) are its items; only a lead-in is its intro
        flat = part.kind != "area" and not any(p.level or self.unnumbered_area(p) for p in paras)
        for block in part.blocks:
            if isinstance(block, TableBlock):
                self.metrics += [m for m in block.items if isinstance(m, MetricRow)]
            elif area_level and block.level == area_level or self.unnumbered_area(block):
                current = self.open(split_heading(block)[0])
            elif headed and block.level == headed:
                title, text = split_task(block.text, [])
                current = self.open(title)
                if text:
                    current.items.append(Item(text=text))
            elif current is None and not block.level and not (flat and not (block is paras[0] and _leads_in(paras, block))):
                self.intros.achievements = (self.intros.achievements or "") + block.text
            else:
                if current is None:  # items with no area heading above them: the part's heading names their area
                    current = self.open(split_heading(part.heading)[0] if part.heading else "主要举措和成效")
                _add(current.items, _item(block, Item))

    def unnumbered_area(self, p: Para) -> bool:
        """A heading without a number: a Word heading style, or a line that is a catalogue area's title."""
        return not p.level and (p.heading or _is_heading_line(p) and bool(area_of(p.text, self.titles)))

    def open(self, heading: str) -> Achievement:
        self.areas.append(_area(heading, self.titles))
        return self.areas[-1]


def achievements(parts: list[Part], titles: list[str] | None, intros: PartTexts, metrics: list[MetricRow]) -> list[Achievement]:
    found = _Achievements(titles, intros, metrics)
    for part in parts:
        found.part(part)
    return found.areas


# ------------------------------------------------------------------ problems


def _with_cause(text: str) -> ProblemEntry:
    problem, cause = split_cause(text)
    if cause is None:
        return ProblemEntry(text=end_sentence(text.strip().rstrip("；;")))
    return ProblemEntry(text=end_sentence(problem.strip().rstrip("；;，")), cause=end_sentence(cause.strip().rstrip("；;")))


def _ordinals(text: str) -> tuple[str, list[str]]:
    """经过梳理……：一是……；二是……。 → the words before 一是, and one piece per 一是/二是."""
    marks = [m for m in _ORDINAL.finditer(text)]
    if len(marks) < 2 and not (marks and marks[0].start() == 0):
        return text, []
    pieces = [text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))] for i, m in enumerate(marks)]
    return text[: marks[0].start()].strip(), [p.strip() for p in pieces]


def _leads_in(paras: list[Para], first: Para) -> bool:
    """A part's first paragraph is its lead-in when it announces a list (……如下：) or numbered entries follow it."""
    if first.level or _ordinals(first.text)[1]:
        return False
    following = paras[1] if len(paras) > 1 else None
    return first.text.endswith(("：", ":")) or following is not None and (bool(following.level) or bool(_ordinals(following.text)[1]))


# Subheadings that split the part in two: （一）存在的不足 / （二）原因分析.
_PROBLEM_GROUP = re.compile(r"^(?:存在的?(?:主要)?(?:问题|不足|短板)|主要(?:问题|不足)|(?:问题|不足)(?:和|与|及)(?:不足|短板)|不足之处)$")
_CAUSE_GROUP = re.compile(r"^(?:(?:产生|存在)?(?:问题|不足)?的?(?:主要)?原因(?:分析)?|原因剖析)$")


def _grouped(paras: list[Para], left_out: list[tuple[int, str]]) -> tuple[list[Para], list[str]]:
    """The problems' paragraphs and the cause group's (their subheadings are structure: listed as left out)."""
    kept: list[Para] = []
    causes: list[str] = []
    in_causes = False
    for p in paras:
        heading = split_heading(p)[0] if p.level and _is_bare(p) else ""
        if heading and (_PROBLEM_GROUP.match(heading) or _CAUSE_GROUP.match(heading)):
            in_causes = bool(_CAUSE_GROUP.match(heading))
            left_out.append((p.line, p.marker + p.text))
        elif in_causes:
            causes.append(p.marker + p.text)
        else:
            kept.append(p)
    return kept, causes


def problems(part: Part, intros: PartTexts, left_out: list[tuple[int, str]] | None = None) -> list[ProblemEntry]:
    entries: list[ProblemEntry] = []
    headed = False  # the last entry is a heading standing alone: （一）执法监督不到位 / 正文……
    paras, causes = _grouped([b for b in part.blocks if isinstance(b, Para)], left_out if left_out is not None else [])
    for n, block in enumerate(paras):
        text = block.text
        before, pieces = _ordinals(text) if not block.level else (text, [])
        if pieces:
            if before and not entries and n == 0:
                intros.problems = before
            elif before:
                entries.append(_with_cause(before))
            entries += [_with_cause(p) for p in pieces]
        elif opens_cause(text) and entries and entries[-1].cause is None:
            entries[-1].cause = end_sentence(bare_cause(text))  # a paragraph of its own: the last problem's cause
        elif n == 0 and _leads_in(paras, block):
            intros.problems = text
        elif headed and not block.level:
            entries[-1] = _with_cause(entries[-1].text + text)
        else:
            entries.append(_with_cause(text))
        headed = bool(block.level) and _is_bare(block) and not pieces
    if causes and entries:  # the causes of all the problems above, after the last one (the draft prints them there)
        last = entries[-1]
        last.cause = end_sentence((last.cause or "") + "".join(causes))
    return entries


# ------------------------------------------------------------------ leadership, next year, other


def leadership(part: Part, intros: PartTexts) -> list[LeadershipEntry]:
    entries: list[LeadershipEntry] = []
    paras = [b for b in part.blocks if isinstance(b, Para)]
    for n, block in enumerate(paras):
        if n == 0 and _leads_in(paras, block):
            intros.leadership = block.text
        else:
            _add(entries, _item(block, LeadershipEntry))
    return entries


def next_year(part: Part, titles: list[str] | None, intros: PartTexts) -> list[PlanEntry]:
    paras = [b for b in part.blocks if isinstance(b, Para)]
    bare_levels = [p.level for p in paras if p.level and _is_bare(p)]
    item_levels = [p.level for p in paras if p.level and not _is_bare(p)]
    # （一）领域 above 1. entries groups them; 1.标题 standing alone above its paragraph is an entry's title
    group_level = min(bare_levels) if bare_levels and any(lv > min(bare_levels) for lv in bare_levels + item_levels) else 0
    area = ""
    entries: list[PlanEntry] = []
    numbered = bool(bare_levels or item_levels)
    headed = False  # the entry above is a heading standing alone (with or without a number)
    for n, block in enumerate(paras):
        if group_level and block.level == group_level:
            heading = split_heading(block)[0]
            area = area_of(heading, titles) or heading
            continue
        if n == 0 and _leads_in(paras, block):
            intros.next_year = block.text
            continue
        if entries and not block.level and not _is_heading_line(block) and (numbered or headed):
            _go_on(entries[-1], block)  # the body, a bullet or a further paragraph of the entry above
        else:
            entries.append(_plan_entry(block, area))
        headed = _is_heading_line(block) or bool(block.level) and _is_bare(block)
    return entries


def _go_on(entry: PlanEntry, p: Para) -> None:
    """A paragraph that continues an entry: its text (and any units it names) join the entry's."""
    text, units, _ = strip_annotations(p.text)
    entry.text += text
    if units.lead:
        entry.lead = entry.lead + [u for u in units.lead if u not in entry.lead]
    if units.responsible:
        entry.responsible = entry.responsible + [u for u in units.responsible if u not in entry.responsible]
    if units.due and entry.due is None:
        entry.due = units.due


def _plan_entry(p: Para, area: str) -> PlanEntry:
    text, units, _ = strip_annotations(p.text)
    # every entry has a title: it becomes a task of next year's plan (a bare paragraph: its first sentence)
    title, body = split_task(text, [])
    entry = PlanEntry(title=title)
    if area:
        entry.area = area
    if body:
        entry.text = body
    if units.lead:
        entry.lead = units.lead
    if units.responsible:
        entry.responsible = units.responsible
    if units.due:
        entry.due = units.due
    return entry


def paragraphs(part: Part) -> list[str]:
    return [_joined(b) for b in part.blocks if isinstance(b, Para)]


# ------------------------------------------------------------------ metrics


LOOSE_METRICS = "主要指标见附件"  # the final item holding the metrics no text names


def _give(item: Item, metric: Metric) -> None:
    item.metrics = [*item.metrics, metric]  # assigned, not appended: the item is written with its metrics


def _own(owner: Item, row: MetricRow, metric: Metric) -> None:
    """Give `owner` the metric; its figure already stated in the text is not said twice in a draft."""
    text = owner.text
    if row.value is not None and text:
        # the sentence this tool writes for a metric goes back into the metric
        scales = {key: number_scale(row.scaled.get(key, "")) for key in ("value", "previous")}
        said = metric_sentence(row.name, row.value, row.unit, row.previous, scale=scales["value"], previous_scale=scales["previous"])
        text = text.replace(said, "")
        # (a previous year's figure this tool wrote, "上年为0", states nothing of this year's)
        if re.search(rf"(?<![\d.])(?<!上年为)(?<!上年也为){re.escape(fmt_number(row.value))}(?![\d.])", text):
            metric.in_text = False
        owner.text = text
        if not text:  # the text said only what the metric says: the item has none of its own
            owner.model_fields_set.discard("text")
    _give(owner, metric)


def _stating(items: list[Item], row: MetricRow) -> Item | None:
    """The one item whose text states the row's figure with its unit (91.2%), when exactly one does."""
    if row.value is None or not row.unit:
        return None
    figure = re.compile(rf"(?<![\d.]){re.escape(fmt_number(row.value))}{re.escape(row.unit)}")
    found = [i for i in items if figure.search(i.text)]
    return found[0] if len(found) == 1 else None


def attach_metrics(areas: list[Achievement], metrics: list[MetricRow], attached: frozenset[int] = frozenset()) -> None:
    """Each metric goes to the item whose text names it; the rest to a final item of their own (table only).

    An attachment's table (rows on `attached` lines) lists the metrics in the items' order: a row no text
    names belongs to the item stating its figure (化解率91.2%), else to the item of the row above it."""
    items = [item for area in areas for item in area.items]
    loose: list[Metric] = []
    unreadable: list[str] = []
    above: Item | None = None
    for row in metrics:
        if row.written:
            unreadable.append(row.as_text())
            continue
        metric = row.metric()
        owner = next((i for i in items if row.name in i.title + i.text), None)
        stated = _stating(items, row) if owner is None and row.line in attached else None
        if stated is not None:  # 化解率91.2%: the text states the figure in its own words
            _give(stated, metric)
            owner = stated
        elif owner is None and above is not None and row.line in attached:
            metric.in_text = False
            _give(above, metric)
        elif owner is None:
            metric.in_text = False
            loose.append(metric)
        else:
            _own(owner, row, metric)
        above = owner or above
    if loose or unreadable:
        if not areas:
            areas.append(Achievement(area="主要指标", items=[]))
        item = Item(title=LOOSE_METRICS)
        if unreadable:  # a value that is no number cannot be a metric: it stays as words, for the drafter to fill in
            item.text = "".join(unreadable)
        if loose:
            item.metrics = loose
        areas[-1].items.append(item)


def mark_status(areas: list[Achievement]) -> None:
    for area in areas:
        for item in area.items:
            item.status = status_of(item.title, item.text)


def closing_of(blocks: list[Block]) -> tuple[list[Block], str | None]:
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if isinstance(b, Para) and not b.level and is_report_closing(b.text):
            return blocks[:i] + blocks[i + 1 :], b.text
        if isinstance(b, Para):
            break
    return blocks, None


_RECIPIENTS = re.compile(r"^([^。；]{2,200}?)[：:]")


def _addressees(text: str) -> bool:
    """What a 主送 names: offices and bodies (区委、区人大常委会，市人民政府), never a sentence."""
    names = re.split(r"[、，,]", text)
    return all(0 < len(n.strip()) <= 30 and is_org_name(n.strip()) for n in names)


def recipients_of(head: list[Block]) -> tuple[list[Block], Para | None]:
    """The 主送 line: organisations before a colon, standing first (or run into the first sentence)."""
    first = head[0] if head else None
    if not isinstance(first, Para) or first.level:
        return head, None
    m = _RECIPIENTS.match(first.text)
    if not m or not _addressees(m.group(1)):
        return head, None
    if m.end() == len(first.text):
        return head[1:], first
    # 区委、区人大常委会：2023年，我区…… in one paragraph: the 主送 and the preface's first words
    rest = first.text[m.end() :].lstrip()
    cut = first.text.index(rest, m.end())
    recipients = Para(first.text[: m.end()], first.line, span=first.span)
    body = Para(rest, first.line, breaks=[b - cut for b in first.breaks if b > cut], span=first.span)
    return [body] + head[1:], recipients


def _table_as_paras(block: TableBlock) -> list[Block]:
    """A task table inside a part reads as the numbered text it stands for; a metrics table stays a table."""
    out: list[Block] = []
    metrics = [m for m in block.items if isinstance(m, MetricRow)]
    if metrics:
        out.append(TableBlock(block.line, list(metrics), block.appendix))
    for item in block.items:
        if isinstance(item, TableHeading):
            out.append(Para(strip_marker(item.text), item.line, level=2, marker="（）"))
        elif isinstance(item, TableTask):
            out.append(
                Para(
                    strip_marker(item.text) + annotation_note(item.units.lead, item.units.responsible, item.units.due),
                    item.line,
                    level=3,
                    marker="1.",
                )
            )
        elif isinstance(item, TableNote):
            out.append(Para(item.text, item.line))
    return out


def _expand(blocks: list[Block]) -> list[Block]:
    return [x for b in blocks for x in (_table_as_paras(b) if isinstance(b, TableBlock) else [b])]


def build_report(blocks: list[Block], year: int, titles: list[str] | None) -> ReportBuilt:
    attached = frozenset(m.line for b in blocks if isinstance(b, TableBlock) and b.appendix for m in b.items if isinstance(m, MetricRow))
    blocks, closing = closing_of(blocks)
    head, parts = split_parts(blocks)
    head, recipients = recipients_of(_expand(head))
    for part in parts:
        part.blocks = _expand(part.blocks)
    intros = PartTexts()
    metrics: list[MetricRow] = [m for b in head if isinstance(b, TableBlock) for m in b.items if isinstance(m, MetricRow)]
    preface = [_joined(b) for b in head if isinstance(b, Para)]
    areas = achievements([p for p in parts if p.kind in ("achievements", "area")], titles, intros, metrics)
    left_out: list[tuple[int, str]] = []
    found_problems = [e for p in parts if p.kind == "problems" for e in problems(p, intros, left_out)]
    found_leadership = [e for p in parts if p.kind == "leadership" for e in leadership(p, intros)]
    found_next_year = [e for p in parts if p.kind == "next_year" for e in next_year(p, titles, intros)]
    other = [
        t
        for p in parts
        if p.kind == "other"
        for t in ([_joined(p.heading)] if p.heading and not classify(p.heading.text) else []) + paragraphs(p)
    ]
    for p in parts:
        if p.kind != "achievements" and p.kind != "area":
            metrics += [m for b in p.blocks if isinstance(b, TableBlock) for m in b.items if isinstance(m, MetricRow)]
    totals = [(m.line, m.written) for m in metrics if m.total]
    metrics = [m for m in metrics if not m.total]
    attach_metrics(areas, metrics, attached)
    mark_status(areas)
    report = Report(
        year=year,
        achievements=areas,
        problems=found_problems,
        leadership=found_leadership,
        next_year=found_next_year,
        closing=closing or "",
    )
    if preface:
        report.preface = preface
    if other:
        report.other = other
    headings = {
        p.kind: h
        for p in parts
        if p.heading and p.kind in PART_KEYS and not is_default_heading(p.kind, h := split_heading(p.heading)[0], year)
    }
    if headings:
        report.headings = PartTexts.model_validate(headings)  # keyed by part: the keys are PART_KEYS
    if intros.model_fields_set:
        report.intros = intros
    heads: dict[str, int] = {}
    for p in parts:
        if p.heading is not None:
            heads.setdefault(p.kind, p.heading.line)
    return ReportBuilt(report, recipients, metrics, heads, left_out, totals)
