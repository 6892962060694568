"""The importer's shared patterns: titles of plans and reports, dates, office names, keyword headings, attachment lines."""

from __future__ import annotations

import datetime as dt
import re

from reporter.content.numbering import cn_to_int

KEYWORD_HEADINGS = (
    "指导思想|总体要求|基本原则|工作原则|总体目标|主要目标|工作目标|目标任务|主要任务|重点任务|工作任务|具体任务|"
    "重点工作|主要工作|工作重点|保障措施|组织保障|工作保障|保障机制|工作要求|有关要求|组织实施|实施步骤|工作步骤|附则"
)
KEYWORD = re.compile(f"(?:{KEYWORD_HEADINGS})：?")
PLAN_TITLE = re.compile(
    r"(?:工作要点|工作计划|工作安排|工作方案|实施方案|任务清单|重点任务|任务分工方案|建设规划(?:（\d{4}\s*[—–\-－~～至]{1,2}\s*\d{4}\s*年?）)?)"
    r"(?:（[^（）]{1,12}稿）)?"
)
# 法治政府建设规划（2021—2025年）: a five-year plan and its period.
PERIOD = re.compile(r"规划（(\d{4})\s*[—–\-－~～至]{1,2}\s*(\d{4})\s*年?）")
# A report's own title: 关于2023年法治政府建设情况的报告, 2023年法治政府建设年度报告, 2023年依法行政工作总结.
REPORT_TITLE = re.compile(r"(?:情况的?报告|年度报告|工作报告|的报告|情况报告|工作总结|情况总结)")
# 2024年3月15日, or in Chinese numerals as a 成文日期 may be written: 二〇二四年三月十五日.
DATE = re.compile(r"(\d{4}|[〇零○一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日")
ATTACHMENT_PAGE = re.compile(r"附件\s*\d{0,2}")
APPENDIX = re.compile(r"^(?:附件\s*\d*\s*[：:]?.*|.*(?:任务分工表|分工表|任务清单|责任清单|分解表))$")


def date_of(m: re.Match[str]) -> dt.date | None:
    """The day a DATE match names (None for one that does not exist, such as 2月30日)."""
    year = m.group(1)
    if not year.isdigit():
        year = "".join(str("〇一二三四五六七八九".index("〇" if c in "零○" else c)) for c in year)
    try:
        return dt.date(int(year), cn_to_int(m.group(2)), cn_to_int(m.group(3)))
    except ValueError:
        return None
