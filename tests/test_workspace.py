"""Where a workspace keeps its files, and the one rule for which files in units/ are a unit's material."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from reporter.data.workspace import Workspace, display_name, is_submission

from .conftest import CliResult

BROKEN = "year: [这不是一份报告\n"


def _strays(units: Path) -> None:
    """What sits in an office's units/ folder beside the materials: none of it is a unit's submission."""
    (units / "~$示例市公安局.yaml").write_text(BROKEN, encoding="utf-8")  # Word/WPS lock file
    (units / ".示例市公安局.yaml").write_text(BROKEN, encoding="utf-8")  # hidden (an editor's backup, macOS ._ files)
    (units / "received.yaml").write_text("{}\n", encoding="utf-8")
    (units / "说明.pdf").write_bytes(b"%PDF-1.4")
    (units / "旧材料.yaml").mkdir()


def test_one_rule_for_submissions(example: Path) -> None:
    ws = Workspace(example)
    units = ws.units_dir(2024)
    before = ws.submissions(2024)
    _strays(units)
    assert ws.submissions(2024) == before
    assert all(is_submission(p) for p in before)
    assert ws.unit_files(2024) == [p for p in before if p.suffix == ".yaml"]
    assert {p.suffix.lower() for p in before} == {".yaml", ".docx", ".xlsx"}
    (units / "示例市审计局.YML").write_text("year: 2024\n", encoding="utf-8")
    assert units / "示例市审计局.YML" in ws.unit_files(2024)


def test_check_build_units_and_merge_agree_on_the_strays(example: Path, cli: Callable[..., CliResult]) -> None:
    _strays(Workspace(example).units_dir(2024))
    check = cli("check", "2024", "--root", example)
    assert check.code == 0 and "~$" not in check.out + check.err and "/.示例" not in check.out + check.err
    units = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", example)
    assert units.code == 0 and "失败 0 份" in units.out
    merge = cli("merge", "2024", "--root", example)
    assert merge.code == 0 and "~$" not in merge.out + merge.err and "/.示例" not in merge.out + merge.err


# ---------------------------------------------------------------- hostile and odd files (issue 24)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "consolidate"
GBK_NAME = "县城管局".encode("gbk") + b".yaml"  # an archive unpacked on a system that kept the GBK bytes


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "ws", root)
    return root


def _odd_files(ws: Path, tmp_path: Path) -> None:
    units = ws / "data/2024/units"
    (units / "._县公安局.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (units / ".县公安局.yaml.swp").write_bytes(b"x")
    (units / ".隐藏.yaml").write_text("not: [a report", encoding="utf-8")
    (units / "~$县公安局.yaml").write_bytes(b"\x00owner")
    outside = tmp_path / "别处" / "县审计局.yaml"
    outside.parent.mkdir()
    outside.write_text("year: 2024\nachievements: []\n", encoding="utf-8")
    (units / "县审计局.yaml").symlink_to(outside)


def test_hidden_files_are_not_submissions_and_outside_links_are_refused(ws: Path, tmp_path: Path) -> None:
    _odd_files(ws, tmp_path)
    assert [p.name for p in Workspace(ws).unit_files(2024)] == [
        "县公安局.yaml",
        "县城管局.yaml",
        "县教育局.yaml",
        "青禾县司法局-年度报告.yaml",
    ]
    assert [str(d) for d in Workspace(ws).refused(2024)] == [
        "data/2024/units/县审计局.yaml: 是指向工作目录之外的链接，未读取；请把文件本身（而不是链接）放进 units/ 文件夹"
    ]


def test_a_link_within_the_workspace_is_read(ws: Path) -> None:
    units = ws / "data/2024/units"
    (ws / "收件").mkdir()
    shutil.move(str(units / "县城管局.yaml"), ws / "收件" / "县城管局.yaml")
    (units / "县城管局.yaml").symlink_to(ws / "收件" / "县城管局.yaml")
    assert "县城管局.yaml" in [p.name for p in Workspace(ws).submissions(2024)]
    assert Workspace(ws).refused(2024) == []
    assert Workspace(ws).rel(units / "县城管局.yaml") == "data/2024/units/县城管局.yaml"  # the link's name, not its target's


def test_a_gbk_file_name_is_shown_readably(ws: Path) -> None:
    units = ws / "data/2024/units"
    raw = os.fsencode(units) + b"/" + GBK_NAME
    os.rename(os.fsencode(units / "县城管局.yaml"), raw)
    path = Path(os.fsdecode(raw))
    assert Workspace(ws).rel(path) == "data/2024/units/县城管局.yaml"
    assert display_name(path, ws) == "data/2024/units/县城管局.yaml"


def test_every_command_ignores_hidden_files_and_names_the_link(cli: Callable[..., Any], ws: Path, tmp_path: Path) -> None:
    _odd_files(ws, tmp_path)
    refused = "data/2024/units/县审计局.yaml: 是指向工作目录之外的链接，未读取"
    merged = cli("merge", "2024", "--root", ws)
    units = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws)
    shutil.copy(ws / "data/2024/units/县城管局.yaml", ws / "data/2024/report.yaml")  # check needs the county's own report
    checked = cli("check", "2024", "--root", ws)
    for result in (merged, units, checked):
        text = result.out + result.err
        assert "._" not in text and "隐藏" not in text and "~$" not in text and ".swp" not in text
        assert refused in text
        assert str(tmp_path / "别处") not in text
        assert "内部错误" not in text
    assert "已生成 3 份单位报告（drafts/…/units/）；失败 2 份。" in units.out


def test_merge_reads_a_gbk_named_file_and_writes_every_table(cli: Callable[..., Any], ws: Path) -> None:
    units = ws / "data/2024/units"
    broken = os.fsencode(units) + b"/" + "县审计局".encode("gbk") + b".yaml"
    with open(broken, "wb") as f:
        f.write(b"year: 2024\nachievements: [1\n")
    result = cli("merge", "2024", "--root", ws)
    assert "内部错误" not in result.out + result.err
    assert "data/2024/units/县审计局.yaml:3:1: YAML 语法错误" in result.out + result.err
    assert sorted(p.name for p in (ws / "drafts/2024/汇总").iterdir() if not p.name.startswith(".")) == [
        "主要指标汇总表.docx",
        "主要指标汇总表.xlsx",
        "报送情况一览表.docx",
        "报送情况一览表.xlsx",
        "问题清单.xlsx",
    ]


def test_a_broken_word_file_with_a_gbk_name_is_named_readably_in_every_table(cli: Callable[..., Any], ws: Path) -> None:
    """The importer's own message quotes the raw name: it reaches the console and 问题清单.xlsx readable."""
    units = ws / "data/2024/units"
    with open(os.fsencode(units) + b"/" + "县审计局报告".encode("gbk") + b".docx", "wb") as f:
        f.write(b"PK\x03\x04 not a real document")
    result = cli("merge", "2024", "--root", ws)
    text = result.out + result.err
    assert "内部错误" not in text and "\\udc" not in text
    assert "data/2024/units/县审计局报告.docx: 未能读取：县审计局报告.docx " in text
    issues = load_workbook(ws / "drafts/2024/汇总/问题清单.xlsx").active
    assert any("县审计局报告.docx" in str(row[3]) for row in issues.iter_rows(values_only=True))


def test_an_import_names_a_gbk_named_file_readably(cli: Callable[..., Any], ws: Path, tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/" + "工作要点".encode("gbk") + b".xlsx"
    with open(raw, "wb") as f:
        f.write(b"x")
    result = cli("import", "plan", os.fsdecode(raw), "--year", "2030", "--root", ws)
    assert result.code == 1
    assert "无法导入 工作要点.xlsx：不支持 .xlsx 文件" in result.err
