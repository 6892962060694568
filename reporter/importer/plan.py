"""Import an existing plan document (.docx, .txt, .md) into the plan.yaml contract."""

from __future__ import annotations

import re
from pathlib import Path

from reporter.core.errors import ImportFormatError
from reporter.data.model import Task
from reporter.importer.normalize import traditional_failure, traditional_kept, traditional_warning
from reporter.importer.paragraphs import split_body
from reporter.importer.patterns import KEYWORD_HEADINGS
from reporter.importer.plan_assembly import Builder
from reporter.importer.reading import read_source, source_texts
from reporter.importer.result import ImportResult

_KEYWORD_TITLE = re.compile(f"(?:{KEYWORD_HEADINGS})")
# A heading number inside a task's title: 二、促进依法科学民主决策（四）健全重大行政决策机制 is two headings run together.
_INNER_HEADING = re.compile(r"(?<=.)(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


def heading_like_titles(tasks: list[Task], lines: list[int], word: str) -> list[str]:
    """Tasks whose titles look like headings (or have none): the outline was not read as the document means it."""
    odd = [
        (line, t.title)
        for t, line in zip(tasks, lines, strict=False)
        if t.title == "（无标题）" or _INNER_HEADING.search(t.title) or _KEYWORD_TITLE.fullmatch(t.title)
    ]
    if not odd:
        return []
    listed = "；".join(f"第 {line} {word}“{title[:30]}”" for line, title in odd[:8])
    return [f"{len(odd)} 项任务的标题像是部分标题（或没有标题），分部分可能没有识别对：{listed}；请核对 plan.yaml 中的 sections"]


def import_plan(path: Path, year: int) -> ImportResult:
    """Read `path` and return the plan it holds, with a summary of what was and was not understood."""
    path = Path(path)
    source = read_source(path)
    seg, _ = split_body(source)
    built = Builder(seg, year).build(seg.title)
    plan = built.plan
    tasks = plan.tasks()
    word = "段" if source.kind == "docx" else "行"
    traditional = traditional_warning(source_texts(source), word)
    if not tasks and traditional:
        raise ImportFormatError(traditional_failure(path.name, traditional[0]))
    if not tasks:
        raise ImportFormatError(
            f"在 {path.name} 中没有找到任务。导入需要编号的任务（如“1.”“（一）”）、带“牵头单位/责任单位”标注的段落，"
            "或带“工作任务”列的任务分工表；请检查文件内容，或用 reporter init plan 从空白骨架开始。"
        )
    gaps = [f"第 {line} {word}：{text}" for line, text in seg.gaps]
    gaps += heading_like_titles(tasks, built.task_lines, word) + [traditional_kept(t) for t in traditional]
    return ImportResult(
        plan=plan,
        sections=len(plan.sections),
        tasks=len(tasks),
        tasks_with_units=sum(1 for t in tasks if t.lead or t.responsible),
        unknown_lines=sorted(seg.unknown + built.unknown),
        encoding=source.encoding,
        skipped=sorted(seg.skipped),
        warnings=gaps,
        title=seg.title,
        line_word="段" if source.kind == "docx" else "行",
    )
