"""Status words both ways: a 完成情况 label a draft prints reads back as its status, and so does a pending item under 二."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reporter.content.status import NOT_IN_TIME, label, status_of, unfinished_lead
from reporter.data.model import Item


def test_each_label_a_draft_prints_reads_back_as_its_status() -> None:
    assert [label("done"), label("ongoing"), label("pending")] == ["已完成", "推进中", "未完成"]
    assert [Item.model_validate({"status": label(key)}).status for key in ("done", "ongoing", "pending")] == ["done", "ongoing", "pending"]


@given(st.text(alphabet="执法平台建设未成年人保护推进中完成按期如能延期滞后推迟暂缓启动尚。，", max_size=16))
def test_a_pending_item_printed_by_a_draft_reads_back_as_pending(title: str) -> None:
    """Under 二 a draft prints 标题任务未按期完成, or a title that says so itself: an import reads either as pending."""
    assert status_of(unfinished_lead(title), "") == "pending"


def test_a_title_merely_containing_未_still_gets_its_words() -> None:
    assert unfinished_lead("加强未成年人保护") == f"加强未成年人保护任务{NOT_IN_TIME}"
    assert unfinished_lead("执法平台二期建设滞后") == "执法平台二期建设滞后"
    assert unfinished_lead("执法监督平台二期建设未能按期启动") == "执法监督平台二期建设未能按期启动"
    assert unfinished_lead("深化未诉先办") == f"深化未诉先办任务{NOT_IN_TIME}"
    assert unfinished_lead("") == f"有一项工作任务{NOT_IN_TIME}"


def test_what_an_imported_item_says_of_itself() -> None:
    assert status_of("规范执法", "全年办结案件36件。") == "done"
    assert status_of("推进平台建设", "平台二期正在建设中，目前正在推进数据对接。") == "ongoing"
    assert status_of("执法平台二期未按期完成", "因标准未发布。") == "pending"
    assert status_of("执法平台二期建设滞后", "") == "pending"
