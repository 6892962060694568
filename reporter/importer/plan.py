"""Import an existing plan document (.docx, .txt, .md) into the plan.yaml contract."""

from __future__ import annotations

from pathlib import Path

from reporter.core.errors import ImportFormatError
from reporter.importer.paragraphs import split_body
from reporter.importer.plan_assembly import Builder
from reporter.importer.reading import read_source
from reporter.importer.result import ImportResult


def import_plan(path: Path, year: int) -> ImportResult:
    """Read `path` and return the plan it holds, with a summary of what was and was not understood."""
    path = Path(path)
    source = read_source(path)
    seg, _ = split_body(source)
    built = Builder(seg, year).build(seg.title)
    plan = built.plan
    tasks = [t for s in plan["sections"] for t in s["tasks"]]
    if not tasks:
        raise ImportFormatError(
            f"在 {path.name} 中没有找到任务。导入需要编号的任务（如“1.”“（一）”）、带“牵头单位/责任单位”标注的段落，"
            "或带“工作任务”列的任务分工表；请检查文件内容，或用 reporter init plan 从空白骨架开始。"
        )
    gaps = [f"第 {line} {'段' if source.kind == 'docx' else '行'}：{text}" for line, text in seg.gaps]
    return ImportResult(
        plan=plan,
        sections=len(plan["sections"]),
        tasks=len(tasks),
        tasks_with_units=sum(1 for t in tasks if t["lead"] or t["responsible"]),
        unknown_lines=sorted(seg.unknown + built.unknown),
        encoding=source.encoding,
        skipped=sorted(seg.skipped),
        warnings=gaps,
        title=seg.title,
        line_word="段" if source.kind == "docx" else "行",
    )
