"""Pydantic models of unit.yaml, report.yaml and plan.yaml (the fixed data contract)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

STATUS_ALIASES = {"已完成": "done", "完成": "done", "推进中": "ongoing", "进行中": "ongoing", "未完成": "pending", "未开始": "pending"}
STATUS_LABELS = {"done": "已完成", "ongoing": "推进中", "pending": "未完成"}

# Separators between unit names when a list is given as one string; names like
# 各县（市、区）人民政府 keep their 、 because it sits inside brackets.
_UNIT_SPLIT = re.compile(r"[、，,；;]\s*")


def split_units(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(【[〔":
            depth += 1
        elif ch in "）)】]〕":
            depth = max(0, depth - 1)
        if depth == 0 and _UNIT_SPLIT.fullmatch(ch):
            if cur.strip():
                out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def _units(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return split_units(value)
    return value


def _text(value: Any) -> Any:
    # A number typed where text is due (e.g. `title: 2024`) is what the user meant.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("数值应为有限的数字（不能是 .inf 或 .nan）")
    return value


def _paragraphs(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


def _id(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _status(value: Any) -> Any:
    if isinstance(value, str):
        return STATUS_ALIASES.get(value.strip(), value.strip())
    return value


Text = Annotated[str, BeforeValidator(_text)]
Number = Annotated[float | int, AfterValidator(_finite)]
Units = Annotated[list[str], BeforeValidator(_units)]
Paragraphs = Annotated[list[str], BeforeValidator(_paragraphs)]
TaskId = Annotated[str, BeforeValidator(_id)]
Status = Annotated[Literal["done", "ongoing", "pending"], BeforeValidator(_status)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


def _plain(field: str):
    """Let a list entry be a plain string, meaning that entry's `field`."""

    def wrap(cls: type, value: Any) -> Any:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return {field: str(value)}
        return value

    return model_validator(mode="before")(classmethod(wrap))  # type: ignore[arg-type]


# ---------------------------------------------------------------- unit.yaml


class Unit(Model):
    """单位信息（data/unit.yaml）。"""

    name: Text = Field(min_length=1, title="单位全称", description="单位全称，用作报告署名，如“示例市人民政府”。")
    short_name: Text = Field(min_length=1, title="单位简称", description="用于标题和文件名，如“示例市”。")
    recipients: Units = Field(default_factory=list, title="主送机关", description="报告的主送机关列表，如 [中共示例市委, 示例市人大常委会]。")
    plan_issuer: Text | None = Field(default=None, title="工作要点印发单位", description="可选：工作要点（计划）的印发单位，如“示例市人民政府办公室”。")
    areas: str | list[Text] = Field(default="gangyao-2021", title="领域目录", description="领域目录编号（gangyao-2021 或 gangyao-2015），或自定义的领域标题列表。")
    style: dict[str, Any] | str | None = Field(default=None, title="版式", description="可选：版式设置（字体、字号、页边距、行距、页码），或指向版式文件（YAML）的相对路径；不写则按 GB/T 9704。")


# ---------------------------------------------------------------- report.yaml


class Metric(Model):
    """一项量化指标。"""

    name: Text = Field(min_length=1, title="指标名称", description="如“行政执法案卷评查”。")
    value: Number = Field(title="本年数值", description="本年度数值；百分比指标写数字（如 12.83），单位写 %。")
    unit: Text = Field(default="", title="单位", description="如 件、人次、%；单位为 % 时同比按百分点计算。")
    previous: Number | None = Field(default=None, title="上年数值", description="可选：上年度数值，用于自动计算同比。")


class Item(Model):
    """一项工作举措（报告“主要举措和成效”中的一条）。"""

    title: Text = Field(default="", title="标题", description="本条的标题或首句（加粗），如“深化综合行政执法体制改革”。")
    text: Text = Field(default="", title="正文", description="具体做法和成效的叙述。")
    task: TaskId | None = Field(default=None, title="对应任务", description="可选：本条对应的年度工作要点任务编号（plan.yaml 中的 id）。")
    status: Status | None = Field(default=None, title="完成情况", description="done（已完成）、ongoing（推进中）或 pending（未完成）。")
    metrics: list[Metric] = Field(default_factory=list, title="指标", description="可选：本条的量化指标，自动生成同比表述。")

    from_string = _plain("text")


class Achievement(Model):
    """一个领域的举措和成效（报告中的一个“（一）”）。"""

    area: Text = Field(min_length=1, title="领域", description="领域目录中的标题（可用简称，如“行政执法”），或任意标题文字。")
    title: Text | None = Field(default=None, title="标题", description="可选：替代领域标题的小标题。")
    items: list[Item] = Field(default_factory=list, title="举措", description="本领域的各项举措。")

    from_string = _plain("area")


class ProblemEntry(Model):
    """一项不足及其原因。"""

    text: Text = Field(min_length=1, title="不足", description="存在的不足。")
    cause: Text | None = Field(default=None, title="原因", description="可选：原因分析。")

    from_string = _plain("text")


class LeadershipEntry(Model):
    """党政主要负责人履行第一责任人职责的一项情况。"""

    title: Text = Field(default="", title="标题", description="如“带头学法用法”。")
    text: Text = Field(default="", title="正文", description="具体情况。")

    from_string = _plain("text")


class PlanEntry(Model):
    """下一年度的一项主要安排（也是下一年工作要点的一项任务）。"""

    area: Text | None = Field(default=None, title="领域", description="可选：所属领域（领域目录中的标题或简称）。")
    title: Text = Field(default="", title="标题", description="安排的标题，如“严格落实重大行政决策程序”。")
    text: Text = Field(default="", title="正文", description="具体安排。")
    lead: Units = Field(default_factory=list, title="牵头单位", description="牵头单位列表。")
    responsible: Units = Field(default_factory=list, title="责任单位", description="责任单位（配合单位）列表。")
    due: Text | None = Field(default=None, title="完成时限", description="如“2025年6月底前”。")
    task: TaskId | None = Field(default=None, title="接续任务", description="可选：本项安排接续的本年度工作要点任务编号（未完成的任务），下一年工作要点中不再重复结转该任务。")

    from_string = _plain("title")


def _date(value: Any) -> Any:
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValueError(f"日期不存在：{value}") from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


class Report(Model):
    """年度法治政府建设情况报告的数据（data/YEAR/report.yaml）。"""

    year: int = Field(ge=1949, le=2100, title="年度", description="报告所述年度，如 2024。")
    date: Annotated[dt.date, BeforeValidator(_date)] | None = Field(default=None, title="成文日期", description="报告的成文日期，如 2025-03-18。")
    preface: Paragraphs = Field(default_factory=list, title="开头段", description="报告开头的总述段落。")
    achievements: list[Achievement] = Field(default_factory=list, title="主要举措和成效", description="一、主要举措和成效，按领域分组。")
    problems: list[ProblemEntry] = Field(default_factory=list, title="存在的不足和原因", description="二、存在的不足和原因（至少一条）。")
    leadership: list[LeadershipEntry] = Field(default_factory=list, title="第一责任人职责履行情况", description="三、党政主要负责人履行推进法治建设第一责任人职责情况。")
    next_year: list[PlanEntry] = Field(default_factory=list, title="下一年度主要安排", description="四、下一年度推进法治政府建设的主要安排（也是下一年工作要点的种子）。")
    other: Paragraphs = Field(default_factory=list, title="其他需要报告的情况", description="可选：五、其他需要报告的情况。")


# ---------------------------------------------------------------- plan.yaml


class Task(Model):
    """工作要点中的一项任务。"""

    id: TaskId = Field(min_length=1, title="任务编号", description="稳定的任务编号（字符串），报告条目用 task 引用。")
    title: Text = Field(min_length=1, title="任务标题", description="任务标题，如“推进政府机构职能协调高效”。")
    text: Text = Field(default="", title="任务内容", description="任务的具体内容。")
    lead: Units = Field(default_factory=list, title="牵头单位", description="牵头单位列表。")
    responsible: Units = Field(default_factory=list, title="责任单位", description="责任单位（配合单位）列表。")
    due: Text | None = Field(default=None, title="完成时限", description="如“2025年6月底前”“年内”“每季度”。")
    carried_over: bool = Field(default=False, title="上年结转", description="上一年度未完成、结转到本年度的任务为 true。")


class Section(Model):
    """工作要点的一个部分（“一、”）。"""

    area: Text | None = Field(default=None, title="领域", description="可选：所属领域（领域目录中的标题或简称）。")
    title: Text | None = Field(default=None, title="标题", description="可选：本部分标题；不写则用领域标题。")
    text: Paragraphs = Field(default_factory=list, title="说明段落", description="可选：本部分的说明段落（如“指导思想”“总体目标”等不含任务的部分）。")
    tasks: list[Task] = Field(default_factory=list, title="任务", description="本部分的任务。")

    @model_validator(mode="after")
    def _has_heading(self) -> Section:
        if not (self.area or self.title):
            raise ValueError("部分需要 area 或 title 之一作为标题")
        return self


class Plan(Model):
    """年度法治政府建设工作要点（计划）的数据（data/YEAR/plan.yaml）。"""

    year: int = Field(ge=1949, le=2100, title="年度", description="工作要点所属年度，如 2025。")
    kind: Literal["工作要点", "工作计划"] = Field(default="工作要点", title="文种", description="工作要点 或 工作计划。")
    issuer: Text | None = Field(default=None, title="印发单位", description="可选：印发单位，如“示例市人民政府办公室”。")
    date: Annotated[dt.date, BeforeValidator(_date)] | None = Field(default=None, title="成文日期", description="可选：成文日期。")
    preface: Paragraphs = Field(default_factory=list, title="开头段", description="开头段落（为深入贯彻……，制定本工作要点。）。")
    numbering: Literal["continuous", "per_section"] = Field(default="continuous", title="编号方式", description="continuous：任务编号跨部分连续；per_section：每部分重新编号。")
    sections: list[Section] = Field(default_factory=list, title="部分", description="各部分及其任务。")
    closing: Paragraphs = Field(default_factory=list, title="保障措施", description="可选：保障措施段落。")

    def tasks(self) -> list[Task]:
        return [t for s in self.sections for t in s.tasks]
