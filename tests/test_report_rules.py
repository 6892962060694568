"""Check rules on how a report prints: pending items moved to 二, a tasks attachment without a plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reporter.checks import check_workspace

from .conftest import CliResult

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "report"
R = "data/2024/report.yaml"


def test_pending_item_and_tasks_attachment_without_plan_are_warned() -> None:
    report = check_workspace(FIXTURES / "tasks-attachment-without-plan")
    rows = [(f.severity, f"{f.file}:{f.line}", f.path, f.message, f.fix) for f in report.findings]
    assert rows == [
        (
            "warning",
            f"{R}:4",
            "attachments",
            "附件要求 tasks（工作要点任务完成情况表），但没有 2024 年的工作要点任务，初稿中不附此表",
            "补上 data/2024/plan.yaml，或从 attachments 中删去 tasks",
        ),
        (
            "warning",
            f"{R}:13",
            "achievements[0].items[1].status",
            "“执法监督平台建设未能启动”标为未完成（pending），不作为成效写入“主要举措和成效”，已列入“存在的不足和原因”的“二是”",
            "在 text 中写明未完成的原因和下一步安排；已部分完成的写 status: ongoing",
        ),
    ]
    assert not report.failed()


def test_the_draft_says_what_the_warning_says(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    import shutil

    from .conftest import docx_text

    shutil.copytree(FIXTURES / "tasks-attachment-without-plan", tmp_path / "ws")
    result = cli("build", "report", "--root", tmp_path / "ws")
    assert result.code == 0, result.err
    text = docx_text(tmp_path / "ws/drafts/2024/样例县2024年法治政府建设情况报告.docx")
    assert "二是执法监督平台建设未能启动。因省级接口标准尚未发布，平台建设暂缓立项。" in text
    # the only achievement left under its （一）: no "1."
    assert "\n规范行政执法行为。" in text and "执法监督平台建设。" not in text.split("二、")[0]
    # no metrics and no plan: no attachment at all, so no 附件说明 either
    assert "附件" not in text and "特此报告。" in text
