"""From body paragraphs to report.yaml: the five parts recognised by meaning, and each part's entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reporter.content.phrasing import end_sentence, metric_sentence
from reporter.importer.outline import area_of, split_heading, split_task
from reporter.importer.segment import Block, Para, TableBlock
from reporter.importer.tables import MetricRow
from reporter.importer.units import strip_annotations

PART_KEYS = ("achievements", "problems", "leadership", "next_year", "other")

# What a part's heading says, in the order a heading is tested (第一责任人 before 情况, 问题 before 工作).
_PARTS = [
    ("leadership", re.compile(r"第一责任人|主要负责人.{0,12}(?:职责|履职|履行)|述法")),
    ("problems", re.compile(r"问题|不足|短板|差距|薄弱环节|困难")),
    ("other", re.compile(r"其他需要报告|其他情况|其他事项|需要报告的")),
    (
        "next_year",
        re.compile(r"下一步|下一年|下步|明年|来年|工作打算|工作思路|工作计划|主要安排|工作安排|工作设想|努力方向|今后|\d{4}年(?:度)?.{0,16}(?:打算|安排|计划|思路)"),
    ),
    ("achievements", re.compile(r"举措|成效|成绩|做法|开展情况|工作情况|进展情况|主要工作|基本情况|完成情况|推进情况|落实情况")),
]
_ORDINAL = re.compile(r"(?:^|(?<=[。；;，：:]))\s*([一二三四五六七八九十]{1,3})是[，,：:]?")
_CAUSE = re.compile(r"(?:^|(?<=[。；;]))\s*(主要原因是|主要原因在于|原因是|原因在于|究其原因|分析原因|其原因|深层次原因|这主要是)")
_CLOSING = re.compile(r"^(?:特此报告|专此报告|此报告|以上报告)[，。！]?(?:请审阅|请予审议)?[。！]?$")
_TERMINAL_END = "。！？；…”」』）)】〕：:"


@dataclass
class Part:
    kind: str  # one of PART_KEYS, or "area" (a top-level heading that is itself an achievements area)
    heading: Para | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReportBuilt:
    report: dict[str, Any]
    recipients: str = ""
    unknown: list[tuple[int, str]] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)


def default_headings(year: int) -> dict[str, str]:
    """The headings a built report prints: an imported heading that says the same is not kept as an override."""
    return {
        "achievements": f"{year}年推进法治政府建设的主要举措和成效",
        "problems": "存在的不足和原因",
        "leadership": "党政主要负责人履行推进法治建设第一责任人职责情况",
        "next_year": f"{year + 1}年推进法治政府建设的主要安排",
        "other": "其他需要报告的情况",
    }


def classify(text: str) -> str:
    """The part a heading names, or "" when it names none."""
    for key, pattern in _PARTS:
        if pattern.search(text[:40]):
            return key
    return ""


def _is_heading_line(p: Para) -> bool:
    """An unnumbered line that stands as a heading: short, no sentence inside."""
    return not p.level and len(p.text) <= 30 and "。" not in p.text.rstrip("。") and "，" not in p.text


def _top_level(paras: list[Para]) -> int:
    levels = [p.level for p in paras if p.level]
    return min(levels) if levels else 0


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
                kind = classify(block.text) if not numbered or split_heading(block)[1] == "" or len(block.text) <= 60 else ""
                kind = kind or ("area" if numbered and not seen_other_part else ("other" if numbered else ""))
        if kind:
            if kind == "achievements" and seen_other_part:
                kind = "other"
            seen_other_part = seen_other_part or kind not in ("achievements", "area")
            assert isinstance(block, Para)
            parts.append(Part(kind, block))
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


def _item(p: Para) -> dict[str, Any]:
    if not p.level:
        return {"text": p.text}
    title, text = split_task(p.text, [])
    item: dict[str, Any] = {"title": title}
    if text:
        item["text"] = text
    return item


def _area(p: Para | None, fallback: str, titles: list[str] | None) -> dict[str, Any]:
    heading = split_heading(p)[0].rstrip("。；;") if p is not None else fallback
    matched = area_of(heading, titles)
    area: dict[str, Any] = {"area": matched or heading}
    if matched and matched != heading:
        area["title"] = heading  # the heading as written stays the printed heading
    area["items"] = []
    return area


def achievements(parts: list[Part], titles: list[str] | None, intros: dict[str, str], metrics: list[MetricRow]) -> list[dict[str, Any]]:
    areas: list[dict[str, Any]] = []
    for part in parts:
        if part.kind == "area":
            areas.append(_area(part.heading, "", titles))
            current: dict[str, Any] | None = areas[-1]
        else:
            current = None
        paras = [b for b in part.blocks if isinstance(b, Para)]
        bare_levels = [p.level for p in paras if p.level and _is_bare(p)]
        item_levels = [p.level for p in paras if p.level and not _is_bare(p)]
        area_level = min(bare_levels) if part.kind != "area" and bare_levels and min(bare_levels) < max(item_levels, default=99) else 0
        for block in part.blocks:
            if isinstance(block, TableBlock):
                metrics += [m for m in block.items if isinstance(m, MetricRow)]
                continue
            if area_level and block.level == area_level:
                areas.append(_area(block, "", titles))
                current = areas[-1]
            elif current is None and not block.level:
                intros["achievements"] = intros.get("achievements", "") + block.text
            else:
                if current is None:
                    heading = split_heading(part.heading)[0] if part.heading else "主要举措和成效"
                    areas.append({"area": heading, "items": []})
                    current = areas[-1]
                current["items"].append(_item(block))
    return areas


# ------------------------------------------------------------------ problems


def _with_cause(text: str) -> dict[str, Any]:
    m = _CAUSE.search(text)
    if not m or not text[: m.start()].strip():
        return {"text": end_sentence(text.strip().rstrip("；;"))}
    cause = text[m.start() :].strip()
    cause = cause.removeprefix("主要原因是")  # the draft says 主要原因是 again in front of a bare cause
    entry: dict[str, Any] = {"text": end_sentence(text[: m.start()].strip().rstrip("；;，"))}
    entry["cause"] = end_sentence(cause.strip().rstrip("；;"))
    return entry


def _ordinals(text: str) -> tuple[str, list[str]]:
    """经过梳理……：一是……；二是……。 → the words before 一是, and one piece per 一是/二是."""
    marks = [m for m in _ORDINAL.finditer(text)]
    if len(marks) < 2 and not (marks and marks[0].start() == 0):
        return text, []
    pieces = [text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))] for i, m in enumerate(marks)]
    return text[: marks[0].start()].strip(), [p.strip() for p in pieces]


def problems(part: Part, intros: dict[str, str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for n, block in enumerate(b for b in part.blocks if isinstance(b, Para)):
        text = block.text if not block.level else block.text
        before, pieces = _ordinals(text) if not block.level else (text, [])
        if pieces:
            if before and not entries and n == 0:
                intros["problems"] = before
            elif before:
                entries.append(_with_cause(before))
            entries += [_with_cause(p) for p in pieces]
        elif _CAUSE.match(text) and entries and "cause" not in entries[-1]:
            entries[-1]["cause"] = _with_cause("。" + text).get("cause") or text
            entries[-1]["cause"] = end_sentence(text.removeprefix("主要原因是"))
        elif n == 0 and not block.level and text.endswith(("：", ":")):
            intros["problems"] = text
        else:
            entries.append(_with_cause(text))
    return entries


# ------------------------------------------------------------------ leadership, next year, other


def leadership(part: Part, intros: dict[str, str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for n, block in enumerate(b for b in part.blocks if isinstance(b, Para)):
        if n == 0 and not block.level and block.text.endswith(("：", ":")):
            intros["leadership"] = block.text
        else:
            entries.append(_item(block))
    return entries


def next_year(part: Part, titles: list[str] | None, intros: dict[str, str]) -> list[dict[str, Any]]:
    paras = [b for b in part.blocks if isinstance(b, Para)]
    bare_levels = [p.level for p in paras if p.level and _is_bare(p)]
    item_levels = [p.level for p in paras if p.level and not _is_bare(p)]
    group_level = min(bare_levels) if bare_levels and min(bare_levels) < max(item_levels, default=99) else 0
    area = ""
    entries: list[dict[str, Any]] = []
    for n, block in enumerate(paras):
        if group_level and block.level == group_level:
            heading = split_heading(block)[0]
            area = area_of(heading, titles) or heading
            continue
        if n == 0 and not block.level and (block.text.endswith(("：", ":")) or len(paras) > 1 and paras[1].level):
            intros["next_year"] = block.text
            continue
        entries.append(_plan_entry(block, area))
    return entries


def _plan_entry(p: Para, area: str) -> dict[str, Any]:
    text, units, _ = strip_annotations(p.text)
    entry: dict[str, Any] = {}
    if area:
        entry["area"] = area
    if p.level:
        title, body = split_task(text, [])
        entry["title"] = title
        if body:
            entry["text"] = body
    else:
        entry["text"] = text
    if units.lead:
        entry["lead"] = units.lead
    if units.responsible:
        entry["responsible"] = units.responsible
    if units.due:
        entry["due"] = units.due
    return entry


def paragraphs(part: Part) -> list[str]:
    return [_joined(b) for b in part.blocks if isinstance(b, Para)]


# ------------------------------------------------------------------ metrics


def attach_metrics(areas: list[dict[str, Any]], metrics: list[MetricRow]) -> None:
    """Each metric goes to the item whose text names it; the rest to a final item of their own (table only)."""
    items = [item for area in areas for item in area["items"]]
    loose: list[dict[str, Any]] = []
    for row in metrics:
        metric = row.as_dict()
        owner = next((i for i in items if row.name in i.get("title", "") + i.get("text", "")), None)
        if owner is None:
            metric["in_text"] = False
            loose.append(metric)
            continue
        if row.value is not None and owner.get("text"):
            # the draft's own sentence for this metric is said again by the metric: keep it once
            owner["text"] = owner["text"].replace(metric_sentence(row.name, row.value, row.unit, row.previous), "")
            if not owner["text"]:
                del owner["text"]
        owner.setdefault("metrics", []).append(metric)
    if loose:
        if not areas:
            areas.append({"area": "主要指标", "items": []})
        areas[-1]["items"].append({"title": "主要指标", "metrics": loose})


def trim_tail(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """Short lines after the last sentence that end no sentence (site headlines, a watermark) are not the document."""
    cut = len(blocks)
    while cut > 0:
        b = blocks[cut - 1]
        if not isinstance(b, Para) or b.level or b.heading or len(b.text) > 50 or b.text.endswith(tuple(_TERMINAL_END)):
            break
        if _CLOSING.match(b.text):
            break
        cut -= 1
    dropped = [(b.line, b.text) for b in blocks[cut:] if isinstance(b, Para)]
    return blocks[:cut], dropped


def closing_of(blocks: list[Block]) -> tuple[list[Block], str | None]:
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if isinstance(b, Para) and not b.level and _CLOSING.match(b.text):
            return blocks[:i] + blocks[i + 1 :], b.text
        if isinstance(b, Para):
            break
    return blocks, None


_RECIPIENTS = re.compile(r"^[^。；，]{2,200}[：:]$")


def recipients_of(head: list[Block]) -> tuple[list[Block], str]:
    """The 主送 line: organisations before a colon, standing first."""
    first = head[0] if head else None
    if isinstance(first, Para) and not first.level and _RECIPIENTS.match(first.text) and re.search(r"[、]|委|政府|会|局|厅", first.text):
        return head[1:], first.text
    return head, ""


def build_report(blocks: list[Block], year: int, titles: list[str] | None) -> ReportBuilt:
    blocks, dropped = trim_tail(blocks)
    blocks, closing = closing_of(blocks)
    head, parts = split_parts(blocks)
    head, recipients = recipients_of(head)
    intros: dict[str, str] = {}
    metrics: list[MetricRow] = [m for b in head if isinstance(b, TableBlock) for m in b.items if isinstance(m, MetricRow)]
    report: dict[str, Any] = {"year": year}
    preface = [_joined(b) for b in head if isinstance(b, Para)]
    if preface:
        report["preface"] = preface[0] if len(preface) == 1 else preface
    report["achievements"] = achievements([p for p in parts if p.kind in ("achievements", "area")], titles, intros, metrics)
    report["problems"] = [e for p in parts if p.kind == "problems" for e in problems(p, intros)]
    report["leadership"] = [e for p in parts if p.kind == "leadership" for e in leadership(p, intros)]
    report["next_year"] = [e for p in parts if p.kind == "next_year" for e in next_year(p, titles, intros)]
    other = [t for p in parts if p.kind == "other" for t in ([_joined(p.heading)] if p.heading and not classify(p.heading.text) else []) + paragraphs(p)]
    for p in parts:
        if p.kind != "achievements" and p.kind != "area":
            metrics += [m for b in p.blocks if isinstance(b, TableBlock) for m in b.items if isinstance(m, MetricRow)]
    attach_metrics(report["achievements"], metrics)
    if other:
        report["other"] = other
    defaults = default_headings(year)
    headings = {p.kind: h for p in parts if p.heading and p.kind in PART_KEYS and (h := split_heading(p.heading)[0]) != defaults[p.kind]}
    if headings:
        report["headings"] = headings
    if intros:
        report["intros"] = intros
    report["closing"] = closing or ""
    return ReportBuilt(report, recipients, dropped, metrics)
