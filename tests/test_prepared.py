"""Prepared templates: the same document as docxtpl part by part, a cache that is rebuilt when wrong, docxtpl for the rest."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from reporter.content import context as ctx
from reporter.core.errors import TemplateError
from reporter.data.housestyle import HouseStyle
from reporter.data.setting import load_setting, load_year_plan, load_year_report
from reporter.document.draft import prepared
from reporter.document.draft.prepared import HouseStylePost, prepare_template
from reporter.document.draft.render import render
from reporter.document.template.default_templates import ensure_templates

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "prepared"


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx, XML in canonical form (attribute order, namespace and entity spelling aside)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            # python-docx stamps the save time into core properties it has to create (LibreOffice files)
            raw = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\1", z.read(name))
            out[name] = etree.tostring(etree.fromstring(raw), method="c14n") if name.endswith((".xml", ".rels")) else raw
    return out


def assert_same_as_docxtpl(template: Path, context: dict[str, Any], post: Any = None, fast: bool = True) -> bytes:
    made = prepare_template(template, "templates/t.docx", post=post)
    assert made.fast is fast, made.fallback_reason
    data = made.render(context)
    assert parts(data) == parts(render(template, context, "templates/t.docx", post=post))
    return data


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


@pytest.fixture
def workspace(example: Path) -> Path:
    setting = load_setting(example)
    ensure_templates(example, setting.style)
    return example


def example_contexts(root: Path) -> dict[str, dict[str, Any]]:
    setting = load_setting(root)
    unit = setting.unit.model
    return {
        "report": ctx.report_context(unit, load_year_report(setting, 2024).model, setting.catalogue, 28.0),
        "plan": ctx.plan_context(unit, load_year_plan(setting, 2024).model, setting.catalogue, 28.0),
    }


@pytest.fixture
def fresh_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No preparation kept in memory, a cache folder of this test only."""
    monkeypatch.setattr(prepared, "_MEMORY", {})
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTER_CACHE_DIR", str(folder))
    return folder


# ------------------------------------------------------------------ same document as docxtpl


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_example_equals_docxtpl_with_and_without_house_style(workspace: Path, kind: str) -> None:
    context = example_contexts(workspace)[kind]
    template = workspace / "templates" / f"{kind}.docx"
    assert_same_as_docxtpl(template, context)
    style = HouseStyle(body_font="楷体_GB2312", margin_left_mm=30)
    data = assert_same_as_docxtpl(template, context, HouseStylePost(style, frozenset({"body_font", "margin_left_mm"})))
    assert any(text for _style, text in paragraphs(data))


def test_template_edited_with_python_docx(workspace: Path) -> None:
    path = workspace / "templates" / "report.docx"
    doc = Document(str(path))
    doc.paragraphs[0].insert_paragraph_before("本单位自编说明：{{ title }}（{{ year }}年）")
    doc.styles["Normal"].font.size = Pt(15)
    doc.sections[0].header.paragraphs[0].text = "内部资料 注意保存"  # static header: still the fast path
    doc.add_paragraph("{%p if year > 2000 %}")
    doc.add_paragraph("附加段落 {{ year }}")
    doc.add_paragraph("{%p endif %}")
    doc.save(str(path))
    data = assert_same_as_docxtpl(path, example_contexts(workspace)["report"])
    texts = [text for _style, text in paragraphs(data)]
    assert "附加段落 2024" in texts
    assert any(t.startswith("本单位自编说明：") and t.endswith("（2024年）") for t in texts)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="未安装 LibreOffice（soffice）")
def test_template_resaved_by_libreoffice(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "docx", "--outdir", str(out),
         str(workspace / "templates" / "plan.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    data = assert_same_as_docxtpl(out / "plan.docx", example_contexts(workspace)["plan"])
    assert len(paragraphs(data)) > 10


def test_committed_fixture_of_a_user_template(tmp_path: Path) -> None:
    """A trimmed template as a user made it: a table filled by a row loop, a paragraph loop, a condition."""
    context = {"rows": [{"name": "甲", "value": "1"}, {"name": "乙 & 丙", "value": "<2>"}], "items": ["一", "二"], "show": False}
    data = assert_same_as_docxtpl(FIXTURES / "user_table_loop.docx", context)
    doc = Document(io.BytesIO(data))
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [["名称", "数值"], ["甲", "1"], ["乙 & 丙", "<2>"]]
    assert [p.text for p in doc.paragraphs if p.text] == ["事项：一", "事项：二", "结束"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=60))
def test_free_text_is_filled_like_docxtpl(text: str, tmp_path: Path) -> None:
    path = tmp_path / "free.docx"
    if not path.exists():
        doc = Document()
        doc.add_paragraph("前 {{ a }} 后")
        doc.add_paragraph("{{ b }}")
        doc.save(str(path))
    text = "".join(c for c in text if c in "\t\n" or (ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff"))
    assert_same_as_docxtpl(path, {"a": text, "b": text + "{{ a }}"})


# ------------------------------------------------------------------ what the fast path leaves to docxtpl


def _with_header_tag(tmp_path: Path) -> Path:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "{{ unit }}"
    doc.add_paragraph("正文 {{ unit }}")
    path = tmp_path / "header.docx"
    doc.save(str(path))
    return path


def test_tag_in_header_falls_back_to_docxtpl(tmp_path: Path) -> None:
    made = prepare_template(_with_header_tag(tmp_path), "t")
    assert (made.fast, made.fallback_reason) == (False, "页眉或页脚含标签")
    doc = Document(io.BytesIO(made.render({"unit": "甲市"})))
    assert doc.sections[0].header.paragraphs[0].text == "甲市"
    assert doc.paragraphs[0].text == "正文 甲市"


def test_image_falls_back_to_docxtpl(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{{ unit }}")
    doc.add_picture(str(FIXTURES / "dot.png"))
    path = tmp_path / "image.docx"
    doc.save(str(path))
    made = prepare_template(path, "t")
    assert (made.fast, made.fallback_reason) == (False, "正文含图片或图形")
    assert paragraphs(made.render({"unit": "甲市"}))[0][1] == "甲市"


def test_template_errors_read_as_before(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{{ signatur }}")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as info:
        prepare_template(path, "templates/report.docx").render({"title": "x"})
    assert str(info.value).startswith("模板 templates/report.docx 引用了不存在的数据 signatur")
    doc.paragraphs[0].text = "报告标题：{{ title }"
    doc.save(str(path))
    made = prepare_template(path, "templates/report.docx")
    assert not made.fast
    with pytest.raises(TemplateError) as info:
        made.render({"title": "x"})
    assert str(info.value).startswith("模板 templates/report.docx 第 1 段的标记缺少结束的“}}”")
    doc.paragraphs[0].text = "报告标题：{% if title %}{{ title }}"
    doc.save(str(path))
    with pytest.raises(TemplateError) as info:
        prepare_template(path, "templates/report.docx").render({"title": "x"})
    assert str(info.value).startswith("模板 templates/report.docx 中的标签有语法错误")


def test_missing_template_is_reported_at_preparation(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        prepare_template(tmp_path / "none.docx", "templates/none.docx")
    assert str(info.value).startswith("找不到模板 templates/none.docx")


# ------------------------------------------------------------------ the cache


def _forbid_preparing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any) -> Any:
        raise AssertionError("prepared again although cached")

    monkeypatch.setattr(prepared, "_prepare", refuse)


def test_cache_is_reused_from_disk(workspace: Path, fresh_memory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = workspace / "templates" / "plan.docx"
    post = HouseStylePost(HouseStyle(), frozenset({"body_size"}))
    first = prepare_template(template, "t", post=post).render(example_contexts(workspace)["plan"])
    assert len(list((fresh_memory / "templates").glob("*.prepared"))) == 1
    monkeypatch.setattr(prepared, "_MEMORY", {})
    _forbid_preparing(monkeypatch)
    again = prepare_template(template, "t", post=post).render(example_contexts(workspace)["plan"])
    assert parts(again) == parts(first)


def test_damaged_cache_is_rebuilt(workspace: Path, fresh_memory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = workspace / "templates" / "plan.docx"
    context = example_contexts(workspace)["plan"]
    good = prepare_template(template, "t").render(context)
    (cached,) = (fresh_memory / "templates").glob("*.prepared")
    blob = bytearray(cached.read_bytes())
    blob[-100] ^= 0xFF
    cached.write_bytes(bytes(blob))
    monkeypatch.setattr(prepared, "_MEMORY", {})
    assert parts(prepare_template(template, "t").render(context)) == parts(good)
    assert cached.read_bytes() != bytes(blob)  # rewritten
    cached.write_bytes(b"not a cache")
    monkeypatch.setattr(prepared, "_MEMORY", {})
    assert parts(prepare_template(template, "t").render(context)) == parts(good)


def test_stale_cache_is_not_used(workspace: Path, fresh_memory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed template, another style or other code: another key, so the old preparation is never read."""
    template = workspace / "templates" / "report.docx"
    prepare_template(template, "t")
    prepare_template(template, "t", post=HouseStylePost(HouseStyle(), frozenset({"body_size"})))
    prepare_template(template, "t", post=HouseStylePost(HouseStyle(body_size=15), frozenset({"body_size"})))
    assert len(list((fresh_memory / "templates").glob("*.prepared"))) == 3
    doc = Document(str(template))
    doc.add_paragraph("新增 {{ year }}")
    doc.save(str(template))
    data = prepare_template(template, "t").render(example_contexts(workspace)["report"])
    assert paragraphs(data)[-1][1] == "新增 2024"
    monkeypatch.setattr(prepared, "_CODE_DIGEST", ["another version of the code"])
    monkeypatch.setattr(prepared, "_MEMORY", {})
    prepare_template(template, "t")
    assert len(list((fresh_memory / "templates").glob("*.prepared"))) == 5


def test_post_without_digest_is_not_cached_on_disk(workspace: Path, fresh_memory: Path) -> None:
    calls: list[int] = []

    def post(_document: Any) -> None:
        calls.append(1)

    template = workspace / "templates" / "report.docx"
    made = prepare_template(template, "t", post=post)
    made.render(example_contexts(workspace)["report"])
    made.render(example_contexts(workspace)["report"])
    assert calls == [1]  # applied once, at preparation
    assert not (fresh_memory / "templates").exists()


def test_unwritable_cache_only_costs_time(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared, "_MEMORY", {})
    blocker = tmp_path / "file"
    blocker.write_text("x")
    made = prepare_template(workspace / "templates" / "plan.docx", "t", cache_dir=blocker)
    assert made.fast
    assert paragraphs(made.render(example_contexts(workspace)["plan"]))


def test_cell_loop_regrids_the_table_like_docxtpl(tmp_path: Path) -> None:
    """Other cell counts than grid columns after a {%tc %} loop: docxtpl's fix_tables regrids, so does the fast path."""
    doc = Document()
    table = doc.add_table(rows=1, cols=4)
    for i, text in enumerate(["指标", "{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"]):
        table.cell(0, i).text = text
    path = tmp_path / "cells.docx"
    doc.save(str(path))
    for cols in (["2020", "2021", "2022", "2023", "2024"], ["2024"], ["甲", "乙", "丙"]):
        data = assert_same_as_docxtpl(path, {"cols": cols})
        assert [c.text for c in Document(io.BytesIO(data)).tables[0].rows[0].cells] == ["指标", *cols]


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=st.sampled_from("ab甲\t\n\a\f<>"), max_size=12), min_size=1, max_size=4),
    ppr=st.sampled_from(["", '<w:pPr><w:jc w:val="center"/></w:pPr>']),
    rpr=st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]),
)
def test_listing_port_equals_docxtpl(texts: list[str], ppr: str, rpr: str) -> None:
    from docxtpl import DocxTemplate

    runs = "".join(f'<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t><w:tab/></w:r>' for t in texts)
    xml = f"<w:body><w:p>{ppr}{runs}</w:p><w:p><w:r><w:t>x\ny</w:t></w:r></w:p><w:tbl/></w:body>"
    assert prepared._PARAGRAPH.sub(prepared._resolve_paragraph, xml) == DocxTemplate.resolve_listing(None, xml)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@st.composite
def table_xml(draw: st.DrawFn, depth: int = 0) -> str:
    grid = draw(st.one_of(st.none(), st.integers(0, 3)))
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        cells = []
        for _ in range(draw(st.integers(0, 4))):
            span = draw(st.sampled_from(["", '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', '<w:tcPr><w:gridSpan w:val="1"/></w:tcPr>']))
            inner = draw(table_xml(depth + 1)) if depth < 1 and draw(st.booleans()) else ""
            cells.append(f"<w:tc>{span}<w:p/>{inner}</w:tc>")
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    cols = "" if grid is None else "<w:tblGrid>" + '<w:gridCol w:w="100"/>' * grid + "</w:tblGrid>"
    return f"<w:tbl><w:tblPr/>{cols}{''.join(rows)}</w:tbl>"


@settings(max_examples=300, deadline=None)
@given(tables=st.lists(table_xml(), max_size=2))
def test_table_scan_agrees_with_docxtpl_fix_tables(tables: list[str]) -> None:
    """The fast path keeps a body as rendered only when docxtpl's fix_tables would not change it."""
    from docxtpl import DocxTemplate

    xml = f"<w:body {W_NS}>{''.join(tables)}<w:p/></w:body>"
    assert prepared._well_formed(xml)
    regular = prepared._tables_regular(xml)
    try:
        fixed = etree.tostring(DocxTemplate.fix_tables(None, xml), method="c14n")
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        fixed = b"docxtpl fails"
    if regular:  # irregular may be too careful: then fix_tables itself runs, the same as docxtpl
        assert fixed == etree.tostring(etree.fromstring(xml), method="c14n")


@settings(max_examples=300, deadline=None)
@given(tables=st.lists(table_xml(), max_size=3), between=st.sampled_from(["", "<w:p/>", "<w:p><w:r><w:t>表</w:t></w:r></w:p>"]))
def test_counting_plain_tables_gives_the_element_trees_verdict(tables: list[str], between: str) -> None:
    """The quick count answers only for plain tables (no spans, no nesting), and then as the tree does."""
    xml = f"<w:body {W_NS}>{between.join(tables)}<w:p/></w:body>"
    plain = prepared._plain_tables_regular(xml)
    if plain is not None:
        assert plain == prepared._tables_regular(xml)
    if not any("<w:tbl>" in t[7:] or "gridSpan" in t for t in tables):
        assert plain is not None  # plain tables are always answered by counting


def test_table_scan_refuses_what_is_not_well_formed() -> None:
    assert not prepared._well_formed(f"<w:body {W_NS}><w:p></w:body>")
    assert not prepared._well_formed("<w:body><w:p/></w:body>")  # unbound prefix


def test_a_table_without_grid_is_reported_as_docxtpl_does(tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "{{ a }}"
    grid = table._tbl.tblGrid
    grid.getparent().remove(grid)
    path = tmp_path / "nogrid.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as slow:
        render(path, {"a": "x"}, "templates/t.docx")
    with pytest.raises(TemplateError) as fast:
        prepare_template(path, "templates/t.docx").render({"a": "x"})
    assert str(fast.value) == str(slow.value)


def test_a_drafts_own_properties_are_the_same_on_both_paths(workspace: Path) -> None:
    """Title and unit in docProps, nothing naming the tool, whether docxtpl or the fast path renders."""
    from reporter.document.draft.prepared import DraftProperties, PreparedTemplate

    template = workspace / "templates/report.docx"
    context = example_contexts(workspace)["report"]
    properties = DraftProperties("示例市人民政府关于2024年法治政府建设情况的报告", "示例市人民政府")
    fast = prepare_template(template, "templates/report.docx").render(context, properties)
    slow = PreparedTemplate(template, "templates/report.docx", None, None, "测试").render(context, properties)
    for data in (fast, slow):
        props = Document(io.BytesIO(data)).core_properties
        assert (props.title, props.author, props.last_modified_by, props.comments) == (
            properties.title,
            "示例市人民政府",
            "示例市人民政府",
            "",
        )
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.namelist().count("docProps/core.xml") == 1
            assert b"reporter" not in z.read("docProps/core.xml") and "模板".encode() not in z.read("docProps/core.xml")


def test_the_code_digest_reads_every_file_it_names() -> None:
    """A moved module must not drop out of the digest silently: then code changes would not invalidate the cache."""
    missing = [path for path in prepared.code_files() if not path.is_file()]
    assert missing == []
