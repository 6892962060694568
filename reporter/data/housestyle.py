"""The house style of the drafts: fonts, sizes, margins, spacing, page numbers (GB/T 9704-2012 by default)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["SIZE_NAMES", "HouseStyle", "mm_to_twips", "style_digest"]

# 字号 names as used in Chinese Word/WPS; values in points.
SIZE_NAMES: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
    "六号": 7.5,
    "小六": 6.5,
    "七号": 5.5,
    "八号": 5,
}

TWIPS_PER_MM = 1440 / 25.4
A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0
# A4 as Word writes it (210 × 297 mm in twips).
A4_TWIPS = (11906, 16838)
HEADER_DISTANCE_MM = 15.0


def _size(value: Any) -> float:
    """Accept 16, 16.0, "16", "16pt", "三号"; return points rounded to half points (Word's unit)."""
    if isinstance(value, bool):
        raise ValueError("字号应为磅值（如 16）或字号名称（如 三号）")
    if isinstance(value, str):
        text = value.strip()
        if text in SIZE_NAMES:
            return SIZE_NAMES[text]
        if text.lower().endswith("pt"):
            text = text[:-2].strip()
        elif text.endswith("磅"):
            text = text[:-1].strip()
        try:
            value = float(text)
        except ValueError:
            names = "、".join(SIZE_NAMES)
            raise ValueError(f"无法识别的字号“{value}”；可写磅值（如 16）或字号名称：{names}") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("字号应为磅值（如 16）或字号名称（如 三号）")
    if not 5 <= value <= 72:
        raise ValueError(f"字号 {value} 磅超出 5～72 磅的范围")
    return round(float(value) * 2) / 2


class HouseStyle(BaseModel):
    """版式（字体、字号、页边距、行距、页码）；默认值即 GB/T 9704-2012《党政机关公文格式》。"""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    title_font: str = Field(default="方正小标宋简体", description="公文标题、附件标题的中文字体（小标宋）")
    body_font: str = Field(default="仿宋_GB2312", description="正文、主送机关、署名、成文日期和表格的中文字体（仿宋）")
    h1_font: str = Field(default="黑体", description="一级标题（一、）、附件标注和表头的中文字体（黑体）")
    h2_font: str = Field(default="楷体_GB2312", description="二级标题（（一））及段首楷体引导语的中文字体（楷体）")
    h3_bold: bool = Field(default=True, description="三级标题（1.）引导语是否加粗（仿宋加粗）")
    latin_font: str = Field(default="Times New Roman", description="阿拉伯数字和西文字母的字体")
    page_number_font: str = Field(default="宋体", description="页码字体（四号半角宋体）")

    title_size: float = Field(default=22, description="公文标题字号，磅值或字号名称，默认二号（22磅）")
    body_size: float = Field(default=16, description="正文及各级标题字号，磅值或字号名称，默认三号（16磅）")
    page_number_size: float = Field(default=14, description="页码字号，磅值或字号名称，默认四号（14磅）")
    table_size: float = Field(default=12, description="表格文字字号，磅值或字号名称，默认小四（12磅）")

    margin_top_mm: float = Field(default=37, description="上页边距（毫米），默认37")
    margin_bottom_mm: float = Field(default=35, description="下页边距（毫米），默认35")
    margin_left_mm: float = Field(default=28, description="左页边距（订口，毫米），默认28")
    margin_right_mm: float = Field(default=26, description="右页边距（毫米），默认26")

    line_spacing_pt: float = Field(
        default=28.9,
        description="正文固定行距（磅）；28.9磅使225毫米版心恰排22行（29磅只能排21行）",
    )
    table_line_spacing_pt: float = Field(
        default=20,
        description="表格文字的固定行距（磅）；小四字配20磅，折行的单元格紧凑，不留大空",
    )
    char_spacing_pt: float = Field(
        default=-0.25,
        description="正文字符间距（磅，负值为紧缩）；三号字紧缩0.25磅使156毫米版心每行排28字",
    )
    first_line_indent_chars: float = Field(default=2, description="正文段落首行缩进（字符数），默认2")

    page_number_position: Literal["outer", "center"] = Field(
        default="outer",
        description="页码位置：outer 为单页居右、双页居左（各空一字），center 为居中",
    )
    page_number_format: str = Field(default="— {page} —", description="页码样式，{page} 处为页码，默认“— 1 —”")
    page_number_offset_mm: float = Field(default=7, description="页码一字线上距版心下边缘的距离（毫米），默认7")

    widow_control: bool = Field(default=True, description="是否启用孤行控制：段落的首行或末行不单独留在一页（不会有只印一行的页）")
    keep_headings_with_next: bool = Field(default=True, description="一级、二级标题是否与下段同页，避免标题落在页末")

    @field_validator("title_size", "body_size", "page_number_size", "table_size", mode="before")
    @classmethod
    def _parse_size(cls, value: Any) -> float:
        return _size(value)

    @field_validator("title_font", "body_font", "h1_font", "h2_font", "latin_font", "page_number_font")
    @classmethod
    def _font_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("字体名称不能为空")
        if any(ord(ch) < 32 for ch in value) or len(value) > 64:
            raise ValueError(f"字体名称“{value}”不合法")
        return value

    @field_validator("margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm")
    @classmethod
    def _margin(cls, value: float) -> float:
        if not 5 <= value <= 80:
            raise ValueError(f"页边距 {value} 毫米超出 5～80 毫米的范围")
        return value

    @field_validator("line_spacing_pt", "table_line_spacing_pt")
    @classmethod
    def _line(cls, value: float) -> float:
        if not 6 <= value <= 100:
            raise ValueError(f"行距 {value} 磅超出 6～100 磅的范围")
        return value

    @field_validator("char_spacing_pt")
    @classmethod
    def _chars(cls, value: float) -> float:
        if not -5 <= value <= 10:
            raise ValueError(f"字符间距 {value} 磅超出 -5～10 磅的范围")
        return value

    @field_validator("first_line_indent_chars")
    @classmethod
    def _indent(cls, value: float) -> float:
        if not 0 <= value <= 10:
            raise ValueError(f"首行缩进 {value} 字超出 0～10 字的范围")
        return value

    @field_validator("page_number_offset_mm")
    @classmethod
    def _offset(cls, value: float) -> float:
        if not 0 <= value <= 30:
            raise ValueError(f"页码距版心 {value} 毫米超出 0～30 毫米的范围")
        return value

    @field_validator("page_number_format")
    @classmethod
    def _page_format(cls, value: str) -> str:
        if value.count("{page}") != 1 or value.replace("{page}", "").count("{") or value.replace("{page}", "").count("}"):
            raise ValueError("页码样式须恰好包含一处 {page}，如“— {page} —”")
        return value

    @model_validator(mode="after")
    def _fits(self) -> HouseStyle:
        if self.text_width_mm < 80 or self.text_height_mm < 100:
            raise ValueError(f"页边距过大：版心只剩 {self.text_width_mm:.0f}×{self.text_height_mm:.0f} 毫米")
        if self.footer_distance_mm < 3:
            raise ValueError("下页边距容不下页码：请加大下页边距或减小页码距版心的距离")
        return self

    # ---- derived measures (read by templategen, the checks and the docs)
    @property
    def text_width_mm(self) -> float:
        return A4_WIDTH_MM - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return A4_HEIGHT_MM - self.margin_top_mm - self.margin_bottom_mm

    @property
    def text_width_pt(self) -> float:
        return self.text_width_mm * 72 / 25.4

    @property
    def title_chars_per_line(self) -> float:
        """Full-width title characters on one line: where a long 公文标题 must break."""
        return self.text_width_pt / self.title_size

    @property
    def text_width_twips(self) -> int:
        return mm_to_twips(self.text_width_mm)

    @property
    def lines_per_page(self) -> int:
        """Lines of body text a full page holds with the fixed line spacing."""
        return int(self.text_height_mm * 72 / 25.4 / self.line_spacing_pt + 1e-6)

    @property
    def chars_per_line(self) -> int:
        """Full-width characters of body text on one line, character spacing included."""
        return int(self.text_width_pt / (self.body_size + self.char_spacing_pt) + 1e-6)

    @property
    def page_number_line_pt(self) -> float:
        return round(self.page_number_size * 1.25 * 2) / 2

    @property
    def footer_distance_mm(self) -> float:
        """Page edge to the bottom of the footer, so the number's top sits offset mm under the text."""
        return self.margin_bottom_mm - self.page_number_offset_mm - self.page_number_line_pt * 25.4 / 72


def mm_to_twips(mm: float) -> int:
    return int(round(mm * TWIPS_PER_MM))


def pt20(pt: float) -> int:
    return int(round(pt * 20))


def style_digest(style: HouseStyle, fields: Iterable[str] | None = None) -> str:
    """SHA-256 of a style (limited to `fields` when given): what a generated or prepared template was made from."""
    chosen = "*" if fields is None else ",".join(sorted(fields))
    return hashlib.sha256(f"{style.model_dump_json()}|{chosen}".encode()).hexdigest()
