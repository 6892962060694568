"""Drafts are written atomically and never over a hand-edited or open draft."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from reporter.core.errors import OutputError
from reporter.data.workspace import safe_filename
from reporter.document.draft.safe_write import write_draft, write_drafts

from .conftest import CliResult, docx_text

DRAFT = Path("drafts/2024/示例市2024年法治政府建设情况报告.docx")


def test_hand_edited_draft_is_kept_and_new_one_goes_beside(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("build", "report", "--root", example).code == 0
    draft = example / DRAFT
    doc = Document(str(draft))
    doc.add_paragraph("领导批注：第三部分再充实。")
    doc.save(str(draft))
    edited = draft.read_bytes()

    result = cli("build", "report", "--root", example)
    assert result.code == 0
    assert "在生成后被修改过，未覆盖；新稿另存为 示例市2024年法治政府建设情况报告（2）.docx" in result.err
    assert draft.read_bytes() == edited
    assert (draft.parent / "示例市2024年法治政府建设情况报告（2）.docx").is_file()

    forced = cli("build", "report", "--root", example, "--force")
    assert forced.code == 0
    assert "领导批注" not in docx_text(draft)


def test_unchanged_draft_is_simply_replaced(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("build", "report", "--root", example).code == 0
    assert cli("build", "report", "--root", example).code == 0
    assert sorted(p.name for p in (example / DRAFT.parent).glob("*.docx")) == [DRAFT.name]


def test_draft_open_in_word_is_left_alone(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("build", "report", "--root", example).code == 0
    before = (example / DRAFT).read_bytes()
    (example / DRAFT.parent / ("~$" + DRAFT.name[2:])).write_bytes(b"owner")
    result = cli("build", "report", "--root", example)
    assert result.code == 0
    assert "正在 Word/WPS/LibreOffice 中打开" in result.err
    assert (example / DRAFT).read_bytes() == before


def test_drafts_year_that_is_a_file(cli: Callable[..., CliResult], example: Path) -> None:
    (example / "drafts").mkdir()
    (example / "drafts/2024").write_text("x")
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert "drafts/2024 是一个文件而不是文件夹；请改名或删除它后再生成" in result.err


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can write anywhere")
def test_unwritable_drafts(cli: Callable[..., CliResult], example: Path) -> None:
    (example / "drafts/2024").mkdir(parents=True)
    os.chmod(example / "drafts/2024", 0o500)
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert "不可写" in result.err


def test_unwritable_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    with pytest.raises(OutputError) as info:
        write_draft(folder / "a.docx", b"x", "drafts/2024/a.docx")
    assert str(info.value) == "文件夹 drafts/2024 不可写；请检查权限，或用 --root 换一个工作目录"


def test_unit_names_become_safe_file_names(cli: Callable[..., CliResult], example: Path) -> None:
    unit = example / "data/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("short_name: 示例市", 'short_name: "示例/市:*?<>|"'), encoding="utf-8")
    assert cli("build", "report", "--root", example).code == 0
    assert [p.name for p in (example / "drafts/2024").glob("*.docx")] == ["示例_市______2024年法治政府建设情况报告.docx"]
    assert safe_filename("a\\b") == "a_b"


def test_four_builds_at_once_leave_a_valid_file(example: Path) -> None:
    cmd = [sys.executable, "-m", "reporter", "build", "report", "2024", "--root", str(example)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outcomes = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs if p.stderr]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    names = sorted(p.name for p in (example / "drafts/2024").glob("*.docx"))
    assert names == [DRAFT.name]
    # the example prints a 版头 (发文机关标志, 发文字号) above the title
    assert "\n示例市人民政府关于2024年法治政府建设情况的报告\n" in docx_text(example / DRAFT)[:200]
    assert not list((example / "drafts/2024").glob("*.tmp"))


def test_drafts_are_not_private_files(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("build", "report", "--root", example).code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert (example / DRAFT).stat().st_mode & 0o777 == 0o666 & ~mask
    assert (example / "templates/report.docx").stat().st_mode & 0o777 == 0o666 & ~mask


# ------------------------------------------------------------ issue 10: no pile of copies, every editor's lock honoured


def _edit(draft: Path, note: str = "领导批注：第三部分再充实。") -> None:
    doc = Document(str(draft))
    doc.add_paragraph(note)
    doc.save(str(draft))


def test_rebuilds_after_a_hand_edit_replace_our_own_copy(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("build", "report", "--root", example).code == 0
    _edit(example / DRAFT)
    for _ in range(4):
        assert cli("build", "report", "--root", example).code == 0
    names = sorted(p.name for p in (example / DRAFT.parent).glob("*.docx"))
    assert names == ["示例市2024年法治政府建设情况报告.docx", "示例市2024年法治政府建设情况报告（2）.docx"]


def test_a_copy_someone_changed_is_kept(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("build", "report", "--root", example).code == 0
    _edit(example / DRAFT)
    assert cli("build", "report", "--root", example).code == 0
    second = example / DRAFT.parent / "示例市2024年法治政府建设情况报告（2）.docx"
    _edit(second, "第二稿批注")
    result = cli("build", "report", "--root", example)
    assert "新稿另存为 示例市2024年法治政府建设情况报告（3）.docx" in result.err
    assert "第二稿批注" in docx_text(second)


@pytest.mark.parametrize("lock", [".~lock.{name}#", ".~{name}", "~${name}"])
def test_every_editors_lock_is_honoured(cli: Callable[..., CliResult], example: Path, lock: str) -> None:
    assert cli("build", "report", "--root", example).code == 0
    before = (example / DRAFT).read_bytes()
    (example / DRAFT.parent / lock.format(name=DRAFT.name)).write_bytes(b"owner")
    result = cli("build", "report", "--root", example)
    assert result.code == 0
    assert "正在 Word/WPS/LibreOffice 中打开" in result.err
    assert (example / DRAFT).read_bytes() == before


def test_a_batch_of_drafts_follows_the_rules_of_one(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    first = write_drafts([(folder / f"{n}.docx", b"v1", f"units/{n}.docx") for n in ("a", "b", "c")])
    assert [w.path.name for w in first] == ["a.docx", "b.docx", "c.docx"] and all(not w.note for w in first)
    (folder / "b.docx").write_bytes(b"edited by hand")
    second = write_drafts([(folder / f"{n}.docx", b"v2", f"units/{n}.docx") for n in ("a", "b", "c")])
    assert [w.path.name for w in second] == ["a.docx", "b（2）.docx", "c.docx"]
    assert second[1].note == "units/b.docx 在生成后被修改过，未覆盖；新稿另存为 b（2）.docx（要覆盖请加 --force）"
    assert (folder / "b.docx").read_bytes() == b"edited by hand" and (folder / "a.docx").read_bytes() == b"v2"
    with pytest.raises(ValueError):
        write_drafts([(folder / "a.docx", b"", "a"), (tmp_path / "x.docx", b"", "x")])
