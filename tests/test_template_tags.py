"""A template tag that does not close in its paragraph is found, named by paragraph, before docxtpl drops text."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reporter.core.template_tags import TagFault, fault_message, tag_faults


def _xml(*paragraphs: str) -> str:
    return "<w:body>" + "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs) + "</w:body>"


def test_closed_tags_split_over_runs_are_no_fault() -> None:
    split = "<w:p><w:r><w:t>{{ ti</w:t></w:r><w:r><w:t>tle }}</w:t></w:r></w:p>"
    assert tag_faults("<w:body>" + split + "</w:body>") == []
    assert tag_faults(_xml("{%p if recipients %}", "{{ recipients }}：", "{%p endif %}", "{# note #}", "a { b } c")) == []


def test_an_open_tag_and_a_stray_close_are_named_by_paragraph() -> None:
    faults = tag_faults(_xml("正文", "{{ title }", "{{ a }} }}", "{% if x }}"))
    assert faults == [TagFault(2, "{{ title }", "}}"), TagFault(3, "{{ a }} }}", "{{"), TagFault(4, "{% if x }}", "%}")]
    assert fault_message("templates/report.docx", faults[0]) == (
        "模板 templates/report.docx 第 2 段的标记缺少结束的“}}”：“{{ title }”；初稿会漏掉这里到下一个标记之间的内容",
        "请在 Word 中把标记改完整（如“{{ title }}”），或删除这个模板让工具重新生成默认模板",
    )
    assert fault_message("", faults[1])[0] == "第 3 段的标记多了一个“}}”：“{{ a }} }}”；初稿会漏掉这里到下一个标记之间的内容"


@given(st.lists(st.sampled_from(["{{ x }}", "{% if y %}", "{%p endif %}", "{# c #}", "文字", " "]), max_size=8))
def test_paragraphs_of_whole_tags_never_fault(parts: list[str]) -> None:
    assert tag_faults(_xml("".join(parts))) == []


def _break_title(template: Path) -> None:
    """The report template with its title tag missing a brace, as a slip in Word leaves it."""
    with zipfile.ZipFile(template) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{ title }}", b"{{ title }", 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    template.write_bytes(buffer.getvalue())


def test_check_lists_and_build_refuses_a_template_with_an_open_tag(cli: Callable[..., Any], example: Path) -> None:
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", example / "templates")
    _break_title(example / "templates/report.docx")
    checked = cli("check", "2024", "--root", example)
    assert checked.code == 1
    assert "错误 templates/report.docx: 第 13 段的标记缺少结束的“}}”：“{{ title }”；初稿会漏掉这里到下一个标记之间的内容" in checked.out
    built = cli("build", "report", "2024", "--root", example)
    assert built.code == 1
    assert "模板 templates/report.docx 第 13 段的标记缺少结束的“}}”" in built.out + built.err
    assert not list((example / "drafts").glob("**/*.docx"))
    shutil.rmtree(example / "templates")  # made anew: the default template builds again
    assert cli("build", "report", "2024", "--root", example).code == 0
