"""What an import produced: the plan and the counts and lines to tell the user about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reporter.core.diagnostics import Diagnostic


def shorten(text: str, limit: int = 40) -> str:
    """A line as a message quotes it: at most `limit` characters, then ……"""
    return text if len(text) <= limit else text[:limit] + "……"


def line_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] → 1—3、7、9—10"""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "、".join(str(a) if a == b else f"{a}—{b}" for a, b in spans)


@dataclass
class ImportResult:
    plan: dict[str, Any]
    sections: int
    tasks: int
    tasks_with_units: int
    unknown_lines: list[tuple[int, str]] = field(default_factory=list)
    encoding: str = "utf-8"
    skipped: list[tuple[int, str]] = field(default_factory=list)  # text outside the plan: cover letter, web page, signature
    warnings: list[str] = field(default_factory=list)
    title: str = ""
    line_word: str = "行"  # 段 for .docx, where numbers count paragraphs

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

    def diagnostics(self, file: str) -> list[Diagnostic]:
        """What the user must look at, located in the document: warnings, then each line that could not be placed."""
        out = [Diagnostic(file, message=w, severity="warning") for w in self.warnings]
        out += [
            Diagnostic(
                file,
                n,
                message=f"第 {n} {self.line_word}未能识别：{shorten(text)}",
                fix="请核对，必要时手工写入 plan.yaml",
                severity="warning",
            )
            for n, text in self.unknown_lines
        ]
        return out
