"""Load: a very large report still builds, and big paragraphs pass through whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reporter import api

from .conftest import docx_text


def big_report(groups: int, items: int, paragraph: str = "推进依法行政工作取得新进展。") -> dict[str, Any]:
    return {
        "year": 2024,
        "date": "2025-03-18",
        "preface": "概述。",
        "achievements": [
            {
                "area": f"领域{g}",
                "items": [
                    {
                        "title": f"举措{g}-{i}",
                        "text": paragraph,
                        "metrics": [{"name": f"指标{g}-{i}", "value": i + 1, "unit": "件", "previous": i}],
                    }
                    for i in range(items)
                ],
            }
            for g in range(groups)
        ],
        "problems": ["不足。"],
        "leadership": ["履职。"],
        "next_year": ["安排"],
    }


def workspace(root: Path, report: dict[str, Any]) -> Path:
    (root / "data/2024").mkdir(parents=True)
    (root / "data/unit.yaml").write_text("name: 甲市人民政府\nshort_name: 甲市\n", encoding="utf-8")
    (root / "data/2024/report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    return root


def test_two_thousand_items_build(tmp_path: Path) -> None:
    root = workspace(tmp_path, big_report(20, 100))
    result = api.build_report(root, 2024)
    text = docx_text(result.drafts[0].path)
    assert "（二十）领域19" in text
    assert "100.举措19-99。" in text
    # every metric rises by one: the first of each group from 0 (上年为0), the next nine from a small base
    # (比上年增加1件), the rest by a percentage; once in its paragraph and once in the table
    # (where the column heading 同比 carries the word)
    assert text.count("同比增长") == 2000 - 20 * 10
    assert text.count("| 增长") == 2000 - 20 * 10
    assert text.count("比上年增加1件") == text.count("| 增加1件") == 20 * 9
    assert text.count("上年为0") == 20 * 2


def test_fifty_thousand_character_paragraph(tmp_path: Path) -> None:
    paragraph = "依法行政" * 12_500
    root = workspace(tmp_path, big_report(1, 1, paragraph))
    text = docx_text(api.build_report(root, 2024).drafts[0].path)
    assert paragraph in text
