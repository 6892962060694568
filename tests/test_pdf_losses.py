"""The PDF read back against its draft: which characters it lacks, on what page, with the text around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.document.draft.pdf import Loss, check_pdf, losses


def test_every_character_printed_is_no_loss() -> None:
    assert losses("全部履行法定程序。全年召开", ["全部履行法定程序。", "全年召开"]) == []


def test_a_lost_mark_is_named_with_its_page_and_place() -> None:
    found = losses(
        "城市供水价格调整等事项全部履行法定程序。全年召开听证会4场", ["城市供水价格调整", "等事项全部履行法定程序全年召开听证会4场"]
    )
    assert found == [Loss("。", 2, "事项全部履行法定程序", "全年召开听证会4场")]
    assert found[0].message() == "第 2 页少印了“。”：……事项全部履行法定程序[。]全年召开听证会4场……"


def test_table_cells_read_in_another_order_are_not_losses() -> None:
    assert losses("序号指标单位1行政复议件", ["指标序号单位", "行政复议1件"]) == []


def test_two_places_two_messages() -> None:
    found = losses("县（市、区）和市直部门，提请审议", ["县（市区）和市直部门提请审议"])
    assert [f.chars for f in found] == ["、", "，"]


def test_without_pdftotext_the_check_says_it_could_not_look(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert check_pdf(tmp_path / "a.docx", tmp_path / "a.pdf") == [
        "未能核对 PDF 是否印出了初稿的每个字：未找到 pdftotext（Debian/Ubuntu 请安装 poppler-utils）"
    ]
