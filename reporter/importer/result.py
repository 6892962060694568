"""What both imports tell the user beside their data: warnings and the lines left out; the data as written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reporter.core.diagnostics import Diagnostic
from reporter.data.model import Plan, Report
from reporter.data.yamlwrite import model_data


def written_data(model: Report | Plan) -> dict[str, Any]:
    """report.yaml or plan.yaml as an import writes it: the keys it found, a single preface paragraph as plain text."""
    data = model_data(model)
    if len(model.preface) == 1:
        data["preface"] = model.preface[0]
    return data


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
