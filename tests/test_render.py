"""Rendering: template problems are named and quoted; data is never evaluated; the sandbox holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from reporter.core.errors import TemplateError
from reporter.document.draft.render import render


def template(tmp_path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return path


def text_of(data: bytes, tmp_path: Path) -> list[str]:
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    return [p.text for p in Document(str(out)).paragraphs]


def test_an_open_tag_names_template_and_paragraph(tmp_path: Path) -> None:
    path = template(tmp_path, "第一段", "报告标题：{{ title }", "第三段")
    with pytest.raises(TemplateError) as info:
        render(path, {"title": "x"}, "templates/report.docx")
    assert str(info.value).startswith("模板 templates/report.docx 第 2 段的标记缺少结束的“}}”：“报告标题：{{ title }”")


def test_syntax_error_names_template_and_quotes_paragraph(tmp_path: Path) -> None:
    path = template(tmp_path, "第一段", "报告标题：{% if title %}{{ title }}", "第三段")
    with pytest.raises(TemplateError) as info:
        render(path, {"title": "x"}, "templates/report.docx")
    msg = str(info.value)
    assert msg.startswith("模板 templates/report.docx 中的标签有语法错误")


def test_missing_data_is_an_error_not_an_empty_paragraph(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ title }}", "{{ signatur }}")
    with pytest.raises(TemplateError) as info:
        render(path, {"title": "x"}, "templates/report.docx")
    assert str(info.value).startswith("模板 templates/report.docx 引用了不存在的数据 signatur")


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ title.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError) as info:
        render(path, {"title": "x"}, "templates/report.docx")
    assert "试图访问不允许的内容" in str(info.value)


def test_data_is_escaped_and_never_evaluated(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ a }}")
    value = "A & B <w:p> \"q\" 's' {{ title }} {% if 1 %}x{% endif %} {_{ }_} 😀 𠀋"
    assert text_of(render(path, {"a": value, "title": "T"}, "t"), tmp_path) == [value]


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(TemplateError) as info:
        render(path, {}, "templates/t.docx")
    assert str(info.value) == "模板 templates/t.docx 不是有效的 Word（.docx）文件；请在 Word/WPS 中另存为 .docx 格式"


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        render(tmp_path / "none.docx", {}, "templates/none.docx")
    assert str(info.value).startswith("找不到模板 templates/none.docx")
