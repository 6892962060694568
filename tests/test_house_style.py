"""A house style set in unit.yaml (inline or as a file) reaches the drafts; its mistakes point at their line."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from .conftest import CliResult

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DRAFT = Path("drafts/2024/示例市2024年法治政府建设情况报告.docx")


def set_style(root: Path, block: str) -> None:
    unit = root / "data/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style_el(styles: etree._Element, name: str) -> etree._Element:
    for st in styles.iter(W + "style"):
        n = st.find(W + "name")
        if n is not None and n.get(W + "val") == name:
            return st
    raise AssertionError(name)


def test_inline_style_reaches_the_draft(cli: Callable[..., CliResult], example: Path) -> None:
    set_style(example, "style:\n  margin_top_mm: 30\n  body_font: 仿宋\n  line_spacing_pt: 28\n")
    result = cli("build", "report", "--root", example)
    assert result.code == 0, result.err
    doc = part(example / DRAFT, "word/document.xml")
    mar = doc.find(f".//{W}pgMar")
    assert abs(int(mar.get(W + "top")) - 30 * 1440 / 25.4) < 15
    assert abs(int(mar.get(W + "left")) - 28 * 1440 / 25.4) < 15  # not set: stays GB/T 9704
    styles = part(example / DRAFT, "word/styles.xml")
    normal = style_el(styles, "Normal")
    assert normal.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "仿宋"
    assert normal.find(f"{W}pPr/{W}spacing").get(W + "line") == "560"


def test_style_file_named_in_unit_yaml(cli: Callable[..., CliResult], example: Path) -> None:
    (example / "house.yaml").write_text("page_number_position: center\nmargin_left_mm: 30\n", encoding="utf-8")
    set_style(example, "style: house.yaml\n")
    assert cli("build", "report", "--root", example).code == 0
    mar = part(example / DRAFT, "word/document.xml").find(f".//{W}pgMar")
    assert abs(int(mar.get(W + "left")) - 30 * 1440 / 25.4) < 15


def test_style_mistakes_point_at_unit_yaml(cli: Callable[..., CliResult], example: Path) -> None:
    lines = len((example / "data/unit.yaml").read_text(encoding="utf-8").rstrip("\n").splitlines())
    set_style(example, "style:\n  body_size: 大号\n  colour: red\n")
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert f"data/unit.yaml:{lines + 2}:14: style.body_size:" in result.err
    assert f"data/unit.yaml:{lines + 3}:3: style.colour: 未知的键 colour" in result.err
    assert not (example / DRAFT).exists()


def test_missing_style_file(cli: Callable[..., CliResult], example: Path) -> None:
    set_style(example, "style: nowhere.yaml\n")
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert "style: 找不到版式文件 nowhere.yaml；路径相对于工作目录" in result.err


def test_pdf_without_libreoffice_is_a_clear_message(cli: Callable[..., CliResult], example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = cli("build", "report", "--root", example, "--pdf")
    assert result.code == 0  # a PDF failure is a warning on the result, never a failed build
    assert "未找到 LibreOffice（soffice），无法生成 PDF" in result.out
    assert "已生成：" in result.out
    assert (example / DRAFT).is_file()  # the .docx is there all the same


def test_pdf_failure_keeps_findings_and_generated_lines(
    cli: Callable[..., CliResult], example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    report = example / "data/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("宣讲团", "宣讲团XX", 1), encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = cli("build", "report", "--root", example, "--pdf")
    assert result.code == 0
    assert "留有占位符“XX”" in result.out  # the findings are not dropped
    assert "已生成：" in result.out
    assert "警告 drafts/2024/" in result.out and "未找到 LibreOffice" in result.out
