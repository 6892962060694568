"""The report's template context: headings with years, intros, numbering levels, pending items, metrics, attachments, 版头/版记."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reporter.content.context import report_context, signature_date, states_figure, task_rows
from reporter.data.areas import Catalogue
from reporter.data.model import Metric, Plan, Report, Unit

UNIT = {"name": "青禾县人民政府", "short_name": "青禾县", "recipients": ["中共青禾县委", "青禾县人大常委会"]}
REPORT: dict[str, Any] = {
    "year": 2023,
    "date": "2024年3月8日",
    "preface": "2023年，我县……现将有关情况报告如下。",
    "achievements": [
        {
            "area": "行政执法",
            "items": [
                {
                    "title": "规范执法",
                    "text": "化解率91.2%。",
                    "task": "1",
                    "status": "done",
                    "metrics": [
                        {"name": "化解率", "value": 91.2, "unit": "%", "previous": 88},
                        {"name": "评查案卷", "value": 120, "unit": "件", "previous": 100},
                        {"name": "持证人员", "value": 300, "unit": "人", "previous": 280, "in_text": False},
                    ],
                },
                {"title": "平台二期暂缓建设", "text": "因省级标准未发布，暂缓立项。", "task": "2", "status": "pending"},
            ],
        },
        {"area": "行政复议", "items": [{"title": "平台", "text": "未启动。", "task": "3", "status": "未完成"}]},
    ],
    "problems": [{"text": "执法不够规范", "cause": "培训不足"}],
    "leadership": [{"title": "带头学法", "text": "学法6次。"}, {"title": "带头述法", "text": "年终述法。"}],
    "next_year": [{"title": "完成平台建设", "text": "年底上线。", "task": "2"}],
}
CATALOGUE = Catalogue.named("gangyao-2021")


def context(unit: dict[str, Any] | None = None, plan: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    report = Report.model_validate({**REPORT, **changes})
    loaded_plan = Plan.model_validate(plan) if plan else None
    return report_context(Unit.model_validate(unit or UNIT), report, CATALOGUE, plan=loaded_plan)


def texts(ctx: dict[str, Any], part: int) -> list[str]:
    return [b["lead"] + b["text"] for b in ctx["sections"][part]["blocks"]]


def test_the_five_headings_carry_the_years() -> None:
    ctx = context(other=["无其他情况。"])
    assert [s["heading"] for s in ctx["sections"]] == [
        "一、2023年推进法治政府建设的主要举措和成效",
        "二、2023年推进法治政府建设存在的不足和原因",
        "三、2023年党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2024年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]


def test_headings_override_by_key_and_lose_a_typed_number() -> None:
    ctx = context(headings={"leadership": "县政府主要负责同志履行推进法治建设第一责任人职责情况", "problems": "二、存在的问题"})
    assert [s["heading"] for s in ctx["sections"]][1:3] == ["二、存在的问题", "三、县政府主要负责同志履行推进法治建设第一责任人职责情况"]


def test_intros_open_their_parts() -> None:
    ctx = context(intros={"problems": "经过梳理，我县法治政府建设还存在一些短板：", "next_year": "2024年，我县将重点抓好以下工作"})
    assert texts(ctx, 1)[0] == "经过梳理，我县法治政府建设还存在一些短板："
    assert texts(ctx, 3)[0] == "2024年，我县将重点抓好以下工作。"
    assert texts(ctx, 0)[0] == "健全行政执法工作体系"  # the only group of part one: no （一）


def test_entries_directly_under_a_part_take_level_two_with_a_kaishu_lead() -> None:
    ctx = context()
    three = ctx["sections"][2]["blocks"]
    assert [(b["kind"], b["lead"]) for b in three] == [("task", "（一）带头学法。"), ("task", "（二）带头述法。")]
    # the only entry of part four, the only item of its group: no number of its own
    assert [b["lead"] for b in ctx["sections"][3]["blocks"]] == ["完成平台建设。"]
    assert [b["lead"] for b in ctx["sections"][0]["blocks"]] == ["", "规范执法。"]


def test_pending_items_leave_part_one_for_part_two() -> None:
    ctx = context()
    one = texts(ctx, 0)
    assert not any("平台" in t for t in one)
    # a group left empty loses its heading, and the next group's number closes up
    assert [b["text"] for b in ctx["sections"][0]["blocks"] if b["kind"] == "h2"] == ["健全行政执法工作体系"]
    assert texts(ctx, 1) == [
        "一是执法不够规范。主要原因是培训不足。",
        "二是平台二期暂缓建设。因省级标准未发布，暂缓立项。",
        "三是平台任务未按期完成。未启动。",
    ]


def test_metric_sentences_skip_figures_the_text_states_and_metrics_kept_out_of_the_text() -> None:
    (item,) = [b for b in context()["sections"][0]["blocks"] if b["kind"] == "item"]
    assert item["text"] == "化解率91.2%。评查案卷120件，同比增长20%。"


def test_states_figure() -> None:
    metric = Metric(name="评查案卷", value=1260, unit="件")
    assert states_figure("评查案卷1260件。", metric)
    assert not states_figure("评查案卷12600件。", Metric(name="x", value=1260, unit="卷"))
    assert not states_figure("", Metric(name="x", na=True))
    assert not states_figure("办结312件。", Metric(name="x", value=12, unit="件"))
    assert states_figure("纠错率为12.5%。", Metric(name="x", value=12.5, unit="%"))
    assert not states_figure("纠错率为2.5%。", Metric(name="x", value=12.5, unit="%"))


def test_metrics_table_has_numbers_the_same_decimals_and_no_doubled_tongbi() -> None:
    rows = context()["attachments"][0]["rows"]
    assert rows == [
        {"number": "1", "name": "化解率", "unit": "%", "value": "91.2", "previous": "88.0", "change": "提高3.2个百分点"},
        {"number": "2", "name": "评查案卷", "unit": "件", "value": "120", "previous": "100", "change": "增长20%"},
        {"number": "3", "name": "持证人员", "unit": "人", "value": "300", "previous": "280", "change": "增长7.1%"},
    ]


def test_one_attachment_is_plain_附件_and_several_are_numbered() -> None:
    one = context()
    assert [(a["label"], a["kind"]) for a in one["attachments"]] == [("附件", "metrics")]
    assert one["attachment_notes"] == [{"first": True, "number": "", "name": "青禾县2023年法治政府建设主要指标统计表"}]
    plan = {"year": 2023, "sections": [{"area": "行政执法", "tasks": [{"id": "1", "title": "规范执法", "lead": "县司法局"}]}]}
    two = context(plan=plan, attachments=["metrics", "tasks"], metrics_note="统计口径：全县。")
    assert [(a["label"], a["kind"], a["note"]) for a in two["attachments"]] == [
        ("附件1", "metrics", "注：统计口径：全县。"),  # a table note opens with 注：
        ("附件2", "tasks", ""),
    ]
    assert [(n["first"], n["number"], n["name"]) for n in two["attachment_notes"]] == [
        (True, "1.", "青禾县2023年法治政府建设主要指标统计表"),
        (False, "2.", "青禾县2023年法治政府建设工作要点任务完成情况表"),  # the attachments' titles in one pattern
    ]
    plan["kind"] = "工作计划"  # the tasks table is named after the plan it follows
    named = context(plan=plan, attachments=["metrics", "tasks"])["attachment_notes"][1]["name"]
    assert named == "青禾县2023年法治政府建设工作计划任务完成情况表"
    # without a plan the tasks table has no rows and is left out; [] means no attachment at all
    assert [a["kind"] for a in context(attachments=["metrics", "tasks"])["attachments"]] == ["metrics"]
    assert context(attachments=[])["attachments"] == [] and context(attachments=[])["attachment_notes"] == []


def test_task_rows_give_one_row_per_task_with_its_status() -> None:
    plan = Plan.model_validate(
        {
            "year": 2023,
            "sections": [
                {
                    "area": "行政执法",
                    "tasks": [
                        {"id": "1", "title": "规范执法", "lead": ["县司法局", "县公安局"]},
                        {"id": "2", "title": "平台二期", "lead": "县司法局"},
                        {"id": "3", "title": "复议平台"},
                        {"id": "4", "title": "没有报告的任务"},
                    ],
                }
            ],
        }
    )
    report = Report.model_validate(REPORT)
    report.achievements[1].items[0].status = "ongoing"
    rows = task_rows(report, plan)
    assert [(r["number"], r["title"], r["lead"], r["status"], r["note"]) for r in rows] == [
        ("1", "规范执法", "县司法局、县公安局", "已完成", ""),
        # 说明 in plain words: why it is unfinished (the item's first sentence), where it goes next
        ("2", "平台二期", "县司法局", "未完成", "因省级标准未发布，暂缓立项；2024年继续推进"),
        ("3", "复议平台", "", "推进中", ""),
        ("4", "没有报告的任务", "", "未报告", "报告中没有写这项任务的完成情况"),
    ]


def test_masthead_and_imprint_only_with_their_keys() -> None:
    bare = context()
    assert [bare[k] for k in ("masthead", "doc_number", "signer", "cc", "printed_by", "printed_date")] == [""] * 6
    unit = {**UNIT, "masthead": "青禾县人民政府", "cc": ["中共云岭市委依法治市办"]}
    full = context(unit, doc_number="青政报〔2024〕5号", signer="李明", printed_by="青禾县人民政府办公室", printed_date="2024.3.14")
    assert (full["masthead"], full["doc_number"], full["signer"]) == ("青禾县人民政府", "青政报〔2024〕5号", "李明")
    assert full["cc"] == "抄送：中共云岭市委依法治市办。"
    assert (full["printed_by"], full["printed_date"]) == ("青禾县人民政府办公室", "2024年3月14日印发")
    own = context(unit, cc=["中共云岭市委依法治市办", "云岭市司法局"])
    assert own["cc"] == "抄送：中共云岭市委依法治市办，云岭市司法局。"
    assert context(unit, cc=[])["cc"] == ""
    # a 印发机关 without its date (or the other way round) prints neither
    assert context(printed_by="青禾县人民政府办公室")["printed_by"] == ""


def test_closing_defaults_to_特此报告_and_can_be_left_out() -> None:
    assert context()["closing"] == "特此报告。"
    empty = context(closing="")
    assert empty["closing"] == ""
    # the body's last paragraph keeps with what follows (特此报告。 or the signature)
    assert empty["sections"][-1]["blocks"][-1]["keep"] is True
    assert context()["sections"][-1]["blocks"][-1]["keep"] is True
    assert "keep" not in context()["sections"][-2]["blocks"][-1]


def test_signature_date_and_sealed_flag() -> None:
    ctx = context()
    assert ctx["date"] == "2024\u2060年\u20603\u2060月\u20608\u2060日"
    assert ctx["sealed"] is True and ctx["signature"] == "青禾县人民政府"
    assert context({**UNIT, "sealed": False})["sealed"] is False
    assert signature_date(None) == ""


@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_any_heading_override_is_kept_whole(text: str) -> None:
    ctx = context(headings={"other": text}, other=["无。"])
    heading = ctx["sections"][-1]["heading"]
    assert heading.startswith("五、") and len(heading) > 2


def test_texts_carrying_their_own_ordinal_get_no_added_number() -> None:
    heading = "2023年推进法治政府建设情况"
    items = [{"text": "一是高标准落实学法制度。学法4次。", "status": "done"}, {"text": "二是规范执法。", "status": "done"}]
    ctx = context(
        achievements=[{"area": heading, "items": items}],
        headings={"achievements": heading},
        leadership=[{"title": "首先，带头学法", "text": "学法6次。"}, {"title": "带头述法", "text": "年终述法。"}],
    )
    # the part's own paragraphs under its heading: no second heading, no "1." in front of 一是
    assert texts(ctx, 0) == ["一是高标准落实学法制度。学法4次。", "二是规范执法。"]
    assert [b["lead"] for b in ctx["sections"][2]["blocks"]] == ["首先，带头学法。", "（二）带头述法。"]


def test_no_level_holds_a_single_number() -> None:
    two_items = [{"area": "行政执法", "items": [{"title": "规范执法", "text": "评查案卷。"}, {"title": "培训", "text": "培训两期。"}]}]
    ctx = context(achievements=two_items, problems=["执法不够规范"], next_year=[{"title": "完成平台建设"}, {"title": "开展评估"}])
    assert [b["lead"] for b in ctx["sections"][0]["blocks"]] == ["", "1.规范执法。", "2.培训。"]
    assert texts(ctx, 1) == ["执法不够规范。"]  # one problem: no 一是
    assert [b["lead"] for b in ctx["sections"][3]["blocks"]] == ["（一）完成平台建设。", "（二）开展评估。"]
    ctx = context(achievements=two_items + [{"area": "行政复议", "items": ["办结案件。"]}])
    h2 = [b["text"] for b in ctx["sections"][0]["blocks"] if b["kind"] == "h2"]
    assert [t[:3] for t in h2] == ["（一）", "（二）"]
    assert texts(ctx, 0)[-1] == "办结案件。"  # the only item under （二）


def test_notes_under_a_table_open_with_zhu_and_several_are_numbered() -> None:
    from reporter.content.context import table_notes

    assert table_notes([]) == []
    assert table_notes(["统计口径为全市。"]) == ["注：统计口径为全市。"]
    assert table_notes(["注：已写。"]) == ["注：已写。"]
    assert table_notes(["甲：按分子、分母合计计算。", "乙：未计入。"]) == ["注：1.甲：按分子、分母合计计算。", "2.乙：未计入。"]
