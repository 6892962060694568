"""Import an existing plan document (.docx, .txt, .md) into the plan.yaml contract."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.core.errors import ImportFormatError
from reporter.data.model import Plan, Task
from reporter.importer.normalize import traditional_failure, traditional_kept, traditional_warning
from reporter.importer.paragraphs import split_body
from reporter.importer.patterns import KEYWORD_HEADINGS
from reporter.importer.plan_assembly import Builder
from reporter.importer.reading import read_source, source_texts
from reporter.importer.result import LeftOut, Listing, line_ranges, written_data

_KEYWORD_TITLE = re.compile(f"(?:{KEYWORD_HEADINGS})")
# A heading number inside a task's title: 二、促进依法科学民主决策（四）健全重大行政决策机制 is two headings run together.
_INNER_HEADING = re.compile(r"(?<=.)(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


@dataclass(kw_only=True)
class PlanImport(Listing):
    """What `import plan` understood: the plan.yaml data and everything the user should hear about."""

    plan: Plan
    sections: int
    tasks: int
    tasks_with_units: int
    unknown_lines: list[tuple[int, str]] = field(default_factory=list)
    encoding: str = "utf-8"
    skipped: list[tuple[int, str]] = field(default_factory=list)  # text outside the plan: cover letter, web page, signature
    title: str = ""

    def summary_text(self) -> str:
        lines = []
        if self.title:
            lines.append(f"文件标题：{self.title}")
        lines.append(f"已导入：{self.sections} 个部分，{self.tasks} 项任务，其中 {self.tasks_with_units} 项注明了责任单位。")
        if self.skipped:
            lines.append(
                f"正文以外的内容已跳过（印发通知、网页栏目、页码、署名等）：第 {line_ranges(sorted({n for n, _ in self.skipped}))} {self.line_word}。"
            )
        return "\n".join(lines)

    def left_out(self) -> list[LeftOut]:
        return [LeftOut(n, text, "未能识别", "请核对，必要时手工写入 plan.yaml") for n, text in self.unknown_lines]

    def data(self) -> dict[str, Any]:
        """plan.yaml as the import writes it."""
        return written_data(self.plan)


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


def import_plan(path: Path, year: int) -> PlanImport:
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
    return PlanImport(
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
