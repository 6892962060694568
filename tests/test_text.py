"""Shared text facts: one control set, one bracket-aware splitter, one number format, one width, one decoder."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reporter.core.text import (
    BRACKETS_CLOSE,
    BRACKETS_OPEN,
    CONTROL,
    DATE_PATTERN,
    Undecodable,
    decode_bytes,
    display_width,
    fmt_number,
    split_outside_brackets,
)


def test_control_set_is_what_xml_forbids() -> None:
    assert CONTROL.sub("", "a\x00b\x08\tc\nd\re\x0bf\x1fg\x7fh\ufffei\uffff") == "ab\tc\nd\refghi"
    assert CONTROL.search("\ud800")


@given(st.text())
def test_text_without_controls_is_xml_safe(text: str) -> None:
    from xml.parsers import expat
    from xml.sax.saxutils import escape

    clean = CONTROL.sub("", text)
    expat.ParserCreate().Parse(f"<a>{escape(clean)}</a>".encode("utf-8", "surrogatepass"), True)


def test_brackets_pair_up() -> None:
    assert len(BRACKETS_OPEN) == len(BRACKETS_CLOSE)


@pytest.mark.parametrize(
    ("text", "separators", "pieces"),
    [
        ("市司法局、各县（市、区）人民政府，市财政局", "、，", ["市司法局", "各县（市、区）人民政府", "市财政局"]),
        ("甲〔乙，丙〕，丁", "，", ["甲〔乙，丙〕", "丁"]),
        ("甲）、乙", "、", ["甲）", "乙"]),  # a stray closing bracket does not swallow the rest
        ("、、甲 、", "、", ["甲"]),
        ("", "、", []),
    ],
)
def test_split_outside_brackets(text: str, separators: str, pieces: list[str]) -> None:
    assert split_outside_brackets(text, separators) == pieces


@pytest.mark.parametrize(
    ("value", "shown"), [(1260, "1260"), (12.830, "12.83"), (1e6, "1000000"), (1e-7, "0.0000001"), (98.0, "98"), (-0.5, "-0.5")]
)
def test_fmt_number(value: float, shown: str) -> None:
    assert fmt_number(value) == shown


def test_display_width_counts_chinese_punctuation_full() -> None:
    assert display_width("2024年") == 3.0
    assert display_width("“双随机、一公开”——") == 11.0
    assert display_width("ABC 1") == 2.5


@pytest.mark.parametrize("text", ["2025-03-20", "2025-3-20", "2025/03/20", "2025.3.20", "2025年3月20日", " 2025 年 3 月 20 日 "])
def test_date_pattern_takes_every_written_form(text: str) -> None:
    assert re.fullmatch(DATE_PATTERN, text)


def test_decoding_policies() -> None:
    text = "法治政府"
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")
    assert decode_bytes("法治".encode("utf-16"), utf16=True) == ("法治", "utf-16")
    broken_bom = b"\xef\xbb\xbf\xa1" + text.encode("gb18030")
    assert decode_bytes(broken_bom) == ("锘俊法治政府", "gb18030")  # the data loader: the BOM is only a hint
    with pytest.raises(Undecodable) as info:
        decode_bytes(broken_bom, trust_bom=True)  # the importer: a BOM settles it
    assert info.value.bom
    with pytest.raises(Undecodable) as info:
        decode_bytes(text.encode("gb18030"), plausible=lambda _text: False)
    assert (info.value.offset, info.value.bom) == (0, False)


def test_raw_bytes_of_a_file_name_read_as_a_person_reads_them() -> None:
    from reporter.core.diagnostics import Diagnostic
    from reporter.core.errors import ReporterError
    from reporter.core.text import readable

    gbk = os.fsdecode("县审计局".encode("gbk"))
    assert readable(f"在 {gbk}.docx 中没有找到任务") == "在 县审计局.docx 中没有找到任务"
    assert readable(os.fsdecode(b"\xff\xfe.docx")) == "\ufffd\ufffd.docx"
    assert readable("县审计局.docx") == "县审计局.docx"
    name = os.fsdecode("工作要点（更正）.docx".encode("gbk"))  # 要 is valid UTF-8 in GBK; 点's trail byte is ASCII
    assert readable(f"units/{name}: 无法打开") == "units/工作要点（更正）.docx: 无法打开"
    assert Diagnostic(f"units/{gbk}.docx", message=f"{gbk}.docx 无法打开").text.startswith("县审计局.docx 无法打开")
    assert Diagnostic(f"units/{gbk}.docx").file == "units/县审计局.docx"
    assert str(ReporterError(f"无法导入 {gbk}.xlsx")) == "无法导入 县审计局.xlsx"


@given(
    st.text(alphabet="法治政府建设年度报告县审计局工作要点更正统计表公安司法交通运输教育城市管理街道办事处（）-", min_size=1, max_size=20)
)
def test_a_name_met_is_quoted_exactly_in_any_message(name: str) -> None:
    """Once the workspace (or an import) has met a raw name, every message quoting it shows it exactly."""
    from reporter.core.bounded import shown_name
    from reporter.core.text import readable

    raw = os.fsdecode(f"{name}.docx".encode("gbk"))
    assume(any("\udc80" <= ch <= "\udcff" for ch in raw))  # bytes that are valid UTF-8 (司 → ˾) cannot be told apart
    assert shown_name(f"data/2024/units/{raw}") == f"data/2024/units/{name}.docx"
    assert readable(f"未能读取：{raw} 无法作为 Word 文档打开") == f"未能读取：{name}.docx 无法作为 Word 文档打开"
