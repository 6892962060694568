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


@dataclass(frozen=True, order=True)
class LeftOut:
    """A line of the document the import did not take in: where, what it says, why it was left out, what to do."""

    line: int
    text: str
    why: str  # after 第 n 行: 未能识别, 不是报告正文，未导入 …
    fix: str


@dataclass(kw_only=True)
class Listing:
    """What an import tells the user beside its data: warnings, and each line it left out, located in the document."""

    warnings: list[str] = field(default_factory=list)
    line_word: str = "行"  # 段 for .docx, where numbers count paragraphs

    def left_out(self) -> list[LeftOut]:
        return []

    def diagnostics(self, file: str) -> list[Diagnostic]:
        """The warnings, then each line left out, in document order."""
        out = [Diagnostic(file, message=w, severity="warning") for w in self.warnings]
        out += [
            Diagnostic(file, x.line, message=f"第 {x.line} {self.line_word}{x.why}：{shorten(x.text)}", fix=x.fix, severity="warning")
            for x in sorted(self.left_out())
        ]
        return out


@dataclass(kw_only=True)
class ImportResult(Listing):
    """What `import plan` understood: the plan.yaml data and everything the user should hear about."""

    plan: dict[str, Any]
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
