"""Pydantic models of unit.yaml, report.yaml and plan.yaml (the fixed data contract)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from reporter.core.text import DATE_PATTERN, split_outside_brackets
from reporter.data.quantities import NUMBER_PATTERN, is_rate, number_scale, read_number

STATUS_ALIASES = {"已完成": "done", "完成": "done", "推进中": "ongoing", "进行中": "ongoing", "未完成": "pending", "未开始": "pending"}
STATUS_LABELS = {"done": "已完成", "ongoing": "推进中", "pending": "未完成"}


def status_choices() -> str:
    """done（已完成）、ongoing（推进中）或 pending（未完成）: how every message and comment names the statuses."""
    named = [f"{key}（{label}）" for key, label in STATUS_LABELS.items()]
    return "、".join(named[:-1]) + "或 " + named[-1]


def split_org_names(text: str) -> list[str]:
    """Unit names given as one string; names like 各县（市、区）人民政府 keep their 、 because it sits inside brackets."""
    return split_outside_brackets(text, "、，,；;")


def _org_names(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return split_org_names(value)
    return value


def _text(value: Any) -> Any:
    # A number typed where text is due (e.g. `title: 2024`) is what the user meant.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _figure(value: Any) -> Any:
    """A figure written as text is read as every table cell is read (one verdict), never by pydantic's own float parsing."""
    value = read_number(value)
    if isinstance(value, str):
        raise PydanticCustomError("float_parsing", "not a number")
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


_DATE_RE = re.compile(DATE_PATTERN)


def _date(value: Any) -> Any:
    if isinstance(value, str):
        m = _DATE_RE.fullmatch(value)
        if m:
            month, day = (m[2], m[3]) if m[2] else (m[4], m[5])
            try:
                return dt.date(int(m[1]), int(month), int(day))
            except ValueError:
                raise ValueError(f"日期不存在：{value}") from None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


Text = Annotated[str, BeforeValidator(_text)]
Date = Annotated[dt.date, BeforeValidator(_date)]
# Numbers as drafters write them (1,412, １４１２, 1.2万) validate; the editor schema says so too.
_NUMBER_SCHEMA = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]}
Number = Annotated[float | int, BeforeValidator(_figure), AfterValidator(_finite), WithJsonSchema(_NUMBER_SCHEMA)]
OrgNames = Annotated[list[str], BeforeValidator(_org_names)]
Paragraphs = Annotated[list[str], BeforeValidator(_paragraphs)]
TaskId = Annotated[str, BeforeValidator(_id)]
Status = Annotated[Literal["done", "ongoing", "pending"], BeforeValidator(_status)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


def _plain_entry(value: Any, field: str) -> Any:
    """A list entry written as a plain string (or number) means that entry's `field`."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {field: str(value)}
    return value


# ---------------------------------------------------------------- unit.yaml


class Member(Model):
    """一个须报送材料的单位（汇总用）。"""

    name: Text = Field(min_length=1, title="单位名称", description="单位全称，如“青禾县公安局”。")
    aliases: OrgNames = Field(default_factory=list, title="别名", description="可选：文件名或材料中可能使用的简称，如 [县公安局]。")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _plain_entry(value, "name")


class Collection(Model):
    """收集各单位材料的办公室（reporter pack 和通知用）。"""

    issuer: Text = Field(
        min_length=1, title="收集单位", description="收集各单位材料、发出报送通知的机关，如“中共青禾县委全面依法治县委员会办公室”。"
    )
    contact: Text | None = Field(default=None, title="联系人", description="可选：通知中的联系人，如“王芳”。")
    phone: Text | None = Field(default=None, title="联系电话", description="可选：通知中的联系电话，如“0871-1234567”。")


class Unit(Model):
    """单位信息（data/unit.yaml）。"""

    name: Text = Field(min_length=1, title="单位全称", description="单位全称，用作报告署名，如“示例市人民政府”。")
    short_name: Text = Field(min_length=1, title="单位简称", description="用于标题和文件名，如“示例市”。")
    recipients: OrgNames = Field(
        default_factory=list, title="主送机关", description="报告的主送机关列表，如 [中共示例市委, 示例市人大常委会]。"
    )
    plan_issuer: Text | None = Field(
        default=None, title="工作要点印发单位", description="可选：工作要点（计划）的印发单位，如“示例市人民政府办公室”。"
    )
    areas: str | list[Text] = Field(
        default="gangyao-2021", title="领域目录", description="领域目录编号（gangyao-2021 或 gangyao-2015），或自定义的领域标题列表。"
    )
    masthead: Text | None = Field(
        default=None, title="发文机关标志", description="可选：版头中套红印制的发文机关标志，如“青禾县人民政府”；不写则不印版头。"
    )
    sealed: bool = Field(
        default=True,
        title="加盖印章",
        description="true：署名和成文日期按加盖印章的公文排布（GB/T 9704 7.3.5.1）；false：按不加盖印章排布（7.3.5.2）。",
    )
    cc: OrgNames = Field(
        default_factory=list, title="抄送机关", description="可选：报告默认的抄送机关（版记），如 [中共云岭市委依法治市办]。"
    )
    members: list[Member] = Field(
        default_factory=list, title="报送单位", description="可选：每年须报送材料的部门和乡镇（汇总用），写单位全称，或 {name, aliases}。"
    )
    collection: Collection | None = Field(
        default=None,
        title="材料收集",
        description="可选：收集各单位材料的办公室（issuer）、联系人（contact）和电话（phone），用于 reporter pack 和各项通知。",
    )
    style: dict[str, Any] | str | None = Field(
        default=None,
        title="版式",
        description="可选：版式设置（字体、字号、页边距、行距、页码），或指向版式文件（YAML）的相对路径；不写则按 GB/T 9704。",
    )


# ---------------------------------------------------------------- report.yaml


class Metric(Model):
    """一项量化指标。"""

    name: Text = Field(min_length=1, title="指标名称", description="如“行政执法案卷评查”。")
    value: Number | None = Field(
        default=None, title="本年数值", description="本年度数值；百分比指标写数字（如 12.83），单位写 %。na 为 true 时可不写。"
    )
    unit: Text = Field(default="", title="单位", description="如 件、人次、%；单位为 % 时同比按百分点计算。")
    previous: Number | None = Field(default=None, title="上年数值", description="可选：上年度数值，用于自动计算同比。")
    numerator: Number | None = Field(
        default=None, title="分子", description="可选：比率指标的分子（如纠错案件数），汇总时按各单位分子、分母合计计算。"
    )
    denominator: Number | None = Field(default=None, title="分母", description="可选：比率指标的分母（如审结案件数）。")
    in_text: bool = Field(default=True, title="写入正文", description="false：只列入附件指标统计表，不写入正文。")
    na: bool = Field(default=False, title="无此职责", description="true：本单位无此项职责（不是 0），汇总时单独计数。")

    @model_validator(mode="after")
    def _value_or_na(self) -> Metric:
        if self.value is None and not self.na:
            raise ValueError("缺少 value（本年数值）", "本单位无此项职责时写 na: true")
        return self

    # value and previous as the drafter wrote them with 万 / 亿 ("5.6万"): a draft prints the figure the same way
    _written: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_scales(cls, data: Any, handler: Any) -> Metric:
        metric: Metric = handler(data)
        if isinstance(data, dict):
            metric.keep_written({key: text for key in ("value", "previous") if isinstance(text := data.get(key), str)})
        return metric

    def keep_written(self, texts: dict[str, str]) -> Metric:
        """Keep value / previous as written when written with 万 or 亿 (a table cell "5.6万" read as 56000)."""
        self._written |= {key: text.strip() for key, text in texts.items() if number_scale(text)}
        return self

    def scale(self, key: str) -> str:
        """万 or 亿 when `key` (value, previous) was written with it, else ""."""
        return number_scale(self._written.get(key))

    def written(self, key: str) -> str:
        """`key` (value, previous) as written when written with 万 or 亿 ("5.6万"), else ""."""
        return self._written.get(key, "")


class Item(Model):
    """一项工作举措（报告“主要举措和成效”中的一条）。"""

    title: Text = Field(default="", title="标题", description="本条的标题或首句（加粗），如“深化综合行政执法体制改革”。")
    text: Text = Field(default="", title="正文", description="具体做法和成效的叙述。")
    task: TaskId | None = Field(default=None, title="对应任务", description="可选：本条对应的年度工作要点任务编号（plan.yaml 中的 id）。")
    status: Status | None = Field(default=None, title="完成情况", description=status_choices() + "。")
    metrics: list[Metric] = Field(default_factory=list, title="指标", description="可选：本条的量化指标，自动生成同比表述。")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _plain_entry(value, "text")


class Achievement(Model):
    """一个领域的举措和成效（报告中的一个“（一）”）。"""

    area: Text = Field(min_length=1, title="领域", description="领域目录中的标题（可用简称，如“行政执法”），或任意标题文字。")
    title: Text | None = Field(default=None, title="标题", description="可选：替代领域标题的小标题。")
    items: list[Item] = Field(default_factory=list, title="举措", description="本领域的各项举措。")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _plain_entry(value, "area")


class ProblemEntry(Model):
    """一项不足及其原因。"""

    text: Text = Field(min_length=1, title="不足", description="存在的不足。")
    cause: Text | None = Field(default=None, title="原因", description="可选：原因分析。")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _plain_entry(value, "text")


class LeadershipEntry(Model):
    """党政主要负责人履行第一责任人职责的一项情况。"""

    title: Text = Field(default="", title="标题", description="如“带头学法用法”。")
    text: Text = Field(default="", title="正文", description="具体情况。")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _plain_entry(value, "text")


class PlanEntry(Model):
    """下一年度的一项主要安排（也是下一年工作要点的一项任务）。"""

    area: Text | None = Field(default=None, title="领域", description="可选：所属领域（领域目录中的标题或简称）。")
    title: Text = Field(default="", title="标题", description="安排的标题，如“严格落实重大行政决策程序”。")
    text: Text = Field(default="", title="正文", description="具体安排。")
    lead: OrgNames = Field(default_factory=list, title="牵头单位", description="牵头单位列表。")
    responsible: OrgNames = Field(default_factory=list, title="责任单位", description="责任单位（配合单位）列表。")
    due: Text | None = Field(default=None, title="完成时限", description="如“2025年6月底前”。")
    task: TaskId | None = Field(
        default=None,
        title="接续任务",
        description="可选：本项安排接续的本年度工作要点任务编号（未完成的任务），下一年工作要点中不再重复结转该任务。",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _plain_entry(value, "title")


class PartTexts(Model):
    """按部分给出的文字（一级标题或导语）。"""

    achievements: Text | None = Field(default=None, title="主要举措和成效", description="一、主要举措和成效部分的文字。")
    problems: Text | None = Field(default=None, title="存在的不足和原因", description="二、存在的不足和原因部分的文字。")
    leadership: Text | None = Field(default=None, title="第一责任人职责履行情况", description="三、第一责任人职责履行情况部分的文字。")
    next_year: Text | None = Field(default=None, title="下一年度主要安排", description="四、下一年度主要安排部分的文字。")
    other: Text | None = Field(default=None, title="其他需要报告的情况", description="五、其他需要报告的情况部分的文字。")


class Report(Model):
    """年度法治政府建设情况报告的数据（data/YEAR/report.yaml）。"""

    year: int = Field(ge=1949, le=2100, title="年度", description="报告所述年度，如 2024。")
    date: Date | None = Field(default=None, title="成文日期", description="报告的成文日期，如 2025-03-18。")
    unit: Text | None = Field(default=None, title="报送单位", description="可选：data/YEAR/units/ 中的材料由哪个单位报送。")
    submitted: Date | None = Field(default=None, title="报送日期", description="可选：data/YEAR/units/ 中材料的收到日期。")
    doc_number: Text | None = Field(default=None, title="发文字号", description="可选：版头中的发文字号，如“青政报〔2024〕5号”。")
    signer: Text | None = Field(default=None, title="签发人", description="可选：上行文版头中的签发人姓名，如“李明”。")
    preface: Paragraphs = Field(
        default_factory=list, title="开头段", description="报告开头的总述段落，概述全年推进法治政府建设的总体情况。"
    )
    achievements: list[Achievement] = Field(
        default_factory=list, title="一、主要举措和成效", description="按领域分组；每项任务一条，写明完成情况和具体做法、成效。"
    )
    problems: list[ProblemEntry] = Field(default_factory=list, title="二、存在的不足和原因", description="至少一条。")
    leadership: list[LeadershipEntry] = Field(
        default_factory=list, title="三、党政主要负责人履行推进法治建设第一责任人职责情况", description="每项一条：标题和具体情况。"
    )
    next_year: list[PlanEntry] = Field(
        default_factory=list, title="四、下一年度推进法治政府建设的主要安排", description="也是下一年工作要点的种子。"
    )
    other: Paragraphs = Field(default_factory=list, title="五、其他需要报告的情况", description="可选：本年度其他需要说明的情况。")
    headings: PartTexts = Field(
        default_factory=lambda: PartTexts(),
        title="部分标题",
        description="可选：按部分替换一级标题，键为 achievements、problems、leadership、next_year、other。",
    )
    intros: PartTexts = Field(default_factory=lambda: PartTexts(), title="导语", description="可选：各部分开头的导语段落，键同 headings。")
    closing: Text = Field(default="特此报告。", title="结束语", description='正文最后一段，默认“特此报告。”；写 "" 则不印。')
    attachments: list[Literal["metrics", "tasks"]] = Field(
        default_factory=lambda: list[Literal["metrics", "tasks"]](["metrics"]),
        title="附件",
        description="metrics（主要指标统计表，默认）、tasks（工作要点任务完成情况表）；写 [] 则无附件。",
    )
    metrics_note: Text | None = Field(default=None, title="指标表注", description="可选：主要指标统计表下的注（如统计口径）。")
    metrics_definitions: bool = Field(
        default=False,
        title="注明统计口径",
        description="true：在主要指标统计表下注明表中各指标的统计口径（取自 data/indicators.yaml 的 definition），接在 metrics_note 之后。",
    )
    cc: OrgNames | None = Field(default=None, title="抄送机关", description="可选：版记中的抄送机关；不写则用 unit.yaml 的 cc。")
    printed_by: Text | None = Field(default=None, title="印发机关", description="可选：版记中的印发机关，如“青禾县人民政府办公室”。")
    printed_date: Date | None = Field(default=None, title="印发日期", description="可选：版记中的印发日期，如 2024-03-14。")


# ---------------------------------------------------------------- plan.yaml


class Task(Model):
    """工作要点中的一项任务。"""

    id: TaskId = Field(min_length=1, title="任务编号", description="稳定的任务编号（字符串），报告条目用 task 引用。")
    title: Text = Field(min_length=1, title="任务标题", description="任务标题，如“推进政府机构职能协调高效”。")
    text: Text = Field(default="", title="任务内容", description="任务的具体内容。")
    lead: OrgNames = Field(default_factory=list, title="牵头单位", description="牵头单位列表。")
    responsible: OrgNames = Field(default_factory=list, title="责任单位", description="责任单位（配合单位）列表。")
    due: Text | None = Field(default=None, title="完成时限", description="如“2025年6月底前”“年内”“每季度”。")
    carried_over: bool = Field(default=False, title="上年结转", description="上一年度未完成、结转到本年度的任务为 true。")
    recurring: bool = Field(
        default=False, title="常态化工作", description="true：每年都做的常态化工作（如合法性审核），完成后仍结转到下一年的骨架。"
    )


class Section(Model):
    """工作要点的一个部分（“一、”）。"""

    area: Text | None = Field(default=None, title="领域", description="可选：所属领域（领域目录中的标题或简称）。")
    title: Text | None = Field(default=None, title="标题", description="可选：本部分标题；不写则用领域标题。")
    text: Paragraphs = Field(
        default_factory=list, title="说明段落", description="可选：本部分的说明段落（如“指导思想”“总体目标”等不含任务的部分）。"
    )
    tasks: list[Task] = Field(default_factory=list, title="任务", description="本部分的任务。")

    @model_validator(mode="after")
    def _has_heading(self) -> Section:
        if not (self.area or self.title):
            raise ValueError("部分需要 area 或 title 之一作为标题")
        return self


class ClosingEntry(Model):
    """保障措施的一项（带标题）。"""

    title: Text = Field(min_length=1, title="标题", description="如“加强组织领导”。")
    text: Text = Field(default="", title="正文", description="具体措施。")


class Notice(Model):
    """工作要点的印发通知。"""

    issuer: Text = Field(min_length=1, title="印发机关", description="如“青禾县人民政府办公室”。")
    doc_number: Text | None = Field(default=None, title="发文字号", description="可选：通知的发文字号，如“青政办发〔2024〕3号”。")
    recipients: OrgNames = Field(default_factory=list, title="主送机关", description="如 [各乡镇人民政府, 县政府各部门]。")
    date: Date | None = Field(default=None, title="成文日期", description="通知的成文日期，如 2023-03-20。")
    text: Text | None = Field(
        default=None, title="正文", description="可选：通知正文；不写则为“现将《……》印发给你们，请结合实际认真贯彻执行。”"
    )
    publish: Text | None = Field(default=None, title="附注", description="可选：公开属性等附注，如“此件公开发布”，印为“（此件公开发布）”。")
    masthead: Text | None = Field(
        default=None, title="发文机关标志", description="可选：通知的版头（红色发文机关标志），如“青禾县人民政府办公室”；不写则不印版头。"
    )
    cc: OrgNames = Field(
        default_factory=list, title="抄送机关", description="可选：通知版记中的抄送机关，如 [县委办公室, 县人大常委会办公室]。"
    )
    printed_by: Text | None = Field(default=None, title="印发机关", description="可选：通知版记中的印发机关，如“青禾县人民政府办公室”。")
    printed_date: Date | None = Field(default=None, title="印发日期", description="可选：通知版记中的印发日期，如 2023-03-21。")


class Plan(Model):
    """年度法治政府建设工作要点（计划）的数据（data/YEAR/plan.yaml）。"""

    year: int = Field(ge=1949, le=2100, title="年度", description="工作要点所属年度，如 2025。")
    kind: Literal["工作要点", "工作计划", "工作安排", "实施方案", "规划"] = Field(
        default="工作要点",
        title="文种",
        description="工作要点、工作计划、工作安排、实施方案 或 规划（五年规划，配合 period）；标题据此写为“……法治政府建设工作安排”等。",
    )
    period: Text | None = Field(
        default=None, title="规划期", description="规划的期限，如“2021—2025”；标题为“XX法治政府建设规划（2021—2025年）”。"
    )
    notice: Notice | None = Field(default=None, title="印发通知", description="可选：印在工作要点前的印发通知。")
    issuer: Text | None = Field(default=None, title="印发单位", description="可选：印发单位，如“示例市人民政府办公室”。")
    date: Date | None = Field(default=None, title="成文日期", description="可选：成文日期。")
    preface: Paragraphs = Field(default_factory=list, title="开头段", description="开头段落（为深入贯彻……，制定本工作要点。）。")
    numbering: Literal["continuous", "per_section"] = Field(
        default="continuous", title="编号方式", description="continuous：任务编号跨部分连续；per_section：每部分重新编号。"
    )
    sections: list[Section] = Field(default_factory=list, title="部分", description="各部分及其任务。")
    closing: Annotated[list[ClosingEntry | Text], BeforeValidator(_paragraphs)] = Field(
        default_factory=list, title="保障措施", description="可选：保障措施，每项为一段文字，或 {title, text}（印为“（一）标题。正文”）。"
    )

    def tasks(self) -> list[Task]:
        return [t for s in self.sections for t in s.tasks]


# ---------------------------------------------------------------- indicators.yaml

INDICATOR_KINDS = {"count": "件数", "amount": "金额", "rate": "比率"}
KIND_ALIASES = {"件数": "count", "数量": "count", "计数": "count", "金额": "amount", "数额": "amount", "比率": "rate", "比例": "rate"}


def _kind(value: Any) -> Any:
    if isinstance(value, str):
        return KIND_ALIASES.get(value.strip(), value.strip())
    return value


Kind = Annotated[Literal["count", "amount", "rate"], BeforeValidator(_kind)]


class Indicator(Model):
    """一项统计指标及其口径（data/indicators.yaml 中的一项）。"""

    name: Text = Field(min_length=1, title="指标名称", description="指标的规范名称，如“行政复议纠错率”。")
    unit: Text = Field(default="", title="计量单位", description="如 件、人次、万元、%。")
    kind: Kind = Field(
        title="类别", description="count（件数、人次等可相加的数）、amount（金额等可换算单位的量）或 rate（比率，单位为 % 或 ‰）。"
    )
    definition: Text = Field(
        default="", title="统计口径", description="口径说明：统计什么、从何时到何时、含不含什么。印在填报表和报送通知的口径说明中。"
    )
    numerator: Text | None = Field(default=None, title="分子", description="比率的分子统计什么，如“纠错件数”（只用于 rate）。")
    denominator: Text | None = Field(default=None, title="分母", description="比率的分母统计什么，如“审结件数”（只用于 rate）。")
    aliases: OrgNames = Field(
        default_factory=list, title="别名", description="各单位可能使用的其他名称，如 [复议纠错率]；汇总时按别名精确对应到本指标。"
    )
    na: bool = Field(
        default=True, title="可填无此职责", description="true（默认）：没有此项职责的单位可填“无此职责”；false：每个报送单位都须填数。"
    )
    members: OrgNames = Field(
        default_factory=list,
        title="填报单位",
        description="可选：须填报本指标的单位（全称或别名）；不写则为 unit.yaml 中 members 的全部单位；写 [] 则由本级自行统计，不发给各单位。",
    )

    @property
    def self_collected(self) -> bool:
        """`members: []` written out: the office compiles it itself, no member is asked for it."""
        return "members" in self.model_fields_set and not self.members

    @model_validator(mode="after")
    def _rate_parts(self) -> Indicator:
        if self.kind == "rate" and not is_rate(self.unit):
            raise ValueError(f"比率指标（kind: rate）的单位应为 % 或 ‰，而不是“{self.unit or '（未写）'}”")
        if self.kind != "rate" and is_rate(self.unit):
            raise ValueError(f"单位为“{self.unit}”的指标是比率，kind 应写 rate")
        if self.kind != "rate" and (self.numerator or self.denominator):
            raise ValueError("只有比率指标（kind: rate）才写 numerator（分子）和 denominator（分母）")
        return self
