"""Importing the shapes offices really have: web pages without line breaks, department reports, notes in brackets."""

from __future__ import annotations

from pathlib import Path

from reporter.content.annotation import split_names
from reporter.importer.annotations import strip_annotations
from reporter.importer.report import import_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import_report"


def test_one_line_web_page_with_watermark_imports_its_parts() -> None:
    result = import_report(FIXTURES / "web-one-line-watermark.txt")
    report = result.data()
    assert result.title == "青禾区司法局2022年法治政府建设情况报告"
    assert report["preface"] == "2022年，我局认真贯彻落实上级部署，法治政府建设取得积极成效。主要工作情况如下："
    assert [a["area"] for a in report["achievements"]] == ["推进政务公开", "规范行政执法"]
    assert report["achievements"][0]["items"][0]["text"] == "开通“青禾司法”网站（www.qhsf.gov.cn），全年发布信息120条。"
    assert report["problems"] == [{"text": "执法人员力量不足，信息化水平不高。", "cause": "经费保障不足。"}]
    assert [e["title"] for e in report["next_year"]] == ["深化政务公开", "加强执法监督"]
    left_out = sorted(text for _, text in result.unrecognised)
    assert left_out == sorted(
        [
            "仅供参考",
            "禁止外传",
            "用后删除",
            "文档小站",
            "【会员资料仅供内部交流使用，严禁外传】",
            "文档小站整理，其他任何途径获取的资料均不完整，咨询QQ123456789",
            "文档小站整理，其他任何途径获取的资料均不完整，咨询QQ123456789",
            "【打击倒卖活动】",
            "会员群：",
        ]
    )
    assert {line for line, _ in result.unrecognised} == {1}


def test_ordinal_paragraphs_under_a_part_heading_are_items() -> None:
    result = import_report(FIXTURES / "department-ordinals-under-part.txt")
    report = result.data()
    assert report["headings"]["achievements"] == "2023年推进法治政府建设情况"
    (area,) = report["achievements"]
    texts = [i["text"] for i in area["items"]]
    assert texts[0].startswith("一是高标准落实学法制度。") and texts[0].endswith("（www.qhjt.gov.cn），全年发布法治资讯300余条。")
    # the sentence the page number split is one again; the page number is listed
    assert (
        texts[1]
        == "二是严格规范执法行为。全面推行行政执法“三项制度”，全年办理行政处罚案件152件，培训执法人员87人，执法案卷评查合格率100%。"
    )
    assert texts[2] == "三是化解行政争议。全年办理行政复议答复6件，无败诉案件。"
    assert (8, "— 3 —") in result.unrecognised
    assert "intros" not in report or "achievements" not in report["intros"]


def test_units_and_deadline_in_a_closing_bracket() -> None:
    text, units, ended = strip_annotations("持续开展执法案卷评查。（县委编办、县司法局负责，2024年6月底前完成）")
    assert (text, units.responsible, units.due, ended) == ("持续开展执法案卷评查。", ["县委编办", "县司法局"], "2024年6月底前", True)
    _, shared, _ = strip_annotations("推进基层执法。（乡镇人民政府按职责分工分别负责）")
    assert shared.responsible == ["乡镇人民政府"]


def test_angle_brackets_are_not_split() -> None:
    assert split_names("各区人民政府〈含开发区、风景区管委会，下同〉、市司法局") == [
        "各区人民政府〈含开发区、风景区管委会，下同〉",
        "市司法局",
    ]


def test_department_report_parts_as_a_drafter_types_them() -> None:
    report = import_report(FIXTURES / "department-ordinals-under-part.txt").data()
    assert [i["status"] for i in report["achievements"][0]["items"]] == ["done"] * 3
    assert report["leadership"] == [
        {"text": "局主要负责人认真履行推进法治建设第一责任人职责，全年主持召开专题会议3次，研究解决法治建设重大问题5个。"}
    ]
    assert report["next_year"] == [
        {
            "title": "深化执法规范化建设",
            "text": "持续开展执法案卷评查，提升执法质量。",
            "responsible": ["县委编办", "县司法局"],
            "due": "2024年6月底前",
        },
        # "--" bullets are dashes, and go on the entry above
        {"title": "加强法治宣传教育", "text": "——组织开展宪法宣传周活动；——推动普法责任制落实。"},
    ]


def test_arrangement_with_its_notice_and_bracketed_units() -> None:
    import datetime as dt

    from reporter.importer.plan import import_plan

    plan = import_plan(FIXTURES.parent / "import" / "arrangement-notice-bracket-units.txt", 2024).data()
    assert plan["kind"] == "工作安排"
    assert plan["notice"] == {
        "doc_number": "青政办发〔2024〕12号",
        "issuer": "青禾县人民政府办公室",
        "recipients": ["各乡镇人民政府", "县政府各部门"],
        "text": "经县人民政府同意，现将《青禾县2024年法治政府建设工作安排》印发给你们，请结合实际认真抓好落实。",
        "date": dt.date(2024, 3, 20),
        "publish": "此件公开发布",
    }
    assert plan["preface"] == "为深入推进依法行政，加快建设法治政府，结合我县实际，制定本工作安排。"
    tasks = [t for s in plan["sections"] for t in s["tasks"]]
    assert [s["title"] for s in plan["sections"]] == ["深化行政执法体制改革", "健全依法行政制度体系"]
    assert [(t["title"], t["text"], t["responsible"], t.get("due")) for t in tasks] == [
        ("推进乡镇综合行政执法改革，完善执法事项清单", "", ["县委编办", "县司法局"], "2024年6月底前"),
        ("规范执法辅助人员管理", "", ["乡镇人民政府"], None),
        ("严格规范性文件合法性审核，做到应审尽审", "", ["县司法局"], "2024年12月底前"),
        ("加强行政复议工作，提升案件办理质量", "", ["县司法局", "各乡镇人民政府〈含青禾经济开发区管委会，下同〉"], None),
    ]


def test_plan_kinds_from_titles() -> None:
    from reporter.importer.plan_assembly import plan_kind

    assert [
        plan_kind(t)
        for t in (
            "X县2024年法治政府建设工作安排",
            "X市法治政府建设实施方案",
            "X区法治政府建设规划",
            "X县2024年依法行政工作计划",
            "X县2024年法治政府建设工作要点",
        )
    ] == [
        "工作安排",
        "实施方案",
        "规划",
        "工作计划",
        "工作要点",
    ]


def test_a_part_heading_without_entries_is_a_warning_naming_its_line() -> None:
    result = import_report(FIXTURES / "part-heading-without-entries.txt")
    assert result.data()["problems"] == []
    assert result.warnings == [
        "第 4 行是“存在的不足和原因”部分的标题，但其下没有读出条目（文字可能进了导语 intros，或格式特殊）；请核对原文，在 report.yaml 中补写。"
    ]


def test_traditional_characters_are_named_not_silently_misread() -> None:
    import pytest

    from reporter.core.errors import ImportFormatError

    with pytest.raises(ImportFormatError) as raised:
        import_report(FIXTURES / "traditional-characters.txt", 2023)
    assert str(raised.value) == (
        "无法导入 traditional-characters.txt：文件用的是繁体字（第 1、3、4、5、7 行），本工具按简体字识别标题、各部分和任务；"
        "请先把文件转换为简体中文（Word：审阅 → 繁转简）后再导入。"
    )


def test_a_second_document_in_the_file_is_left_out_and_named() -> None:
    from reporter.importer.plan import import_plan

    result = import_plan(FIXTURES.parent / "import" / "mixed-two-plans.txt", 2023)
    tasks = [t for s in result.data()["sections"] for t in s["tasks"]]
    assert [t["title"] for t in tasks] == ["深化“放管服”改革", "优化营商环境", "加强合法性审核", "推行执法“三项制度”"]
    assert tasks[-1]["text"] == "" and tasks[-1]["lead"] == ["县司法局"]
    assert result.warnings == [
        "第 9 行：从这里起是另一份文件“青禾县法治政府建设规划（2021—2025年）”，未导入；如需要，请把它另存为单独的文件后再导入"
    ]
    assert [n for n, _ in result.skipped] == [9, 10, 11, 12]


def test_task_titles_that_look_like_headings_are_named() -> None:
    from reporter.data.model import Task
    from reporter.importer.plan import heading_like_titles

    titles = ["二、促进依法科学民主决策（四）健全重大行政决策机制", "加强合法性审核", "（无标题）"]
    tasks = [Task(id=str(n), title=t) for n, t in enumerate(titles, 1)]
    assert heading_like_titles(tasks, [12, 14, 20], "行") == [
        "2 项任务的标题像是部分标题（或没有标题），分部分可能没有识别对：第 12 行“二、促进依法科学民主决策（四）健全重大行政决策机制”；第 20 行“（无标题）”；请核对 plan.yaml 中的 sections"
    ]


def test_recipients_with_commas_run_into_the_preface_are_kept_out_of_it() -> None:
    result = import_report(FIXTURES / "recipients-with-commas-run-on.txt")
    assert result.recipients == "区委、区人大常委会，市人民政府："
    assert result.data()["preface"] == "2023年，我区深入推进法治政府建设，现将有关情况报告如下："
    assert (2, "区委、区人大常委会，市人民政府：") in result.recognised


def test_a_plan_signed_and_dated_keeps_its_date() -> None:
    import datetime as dt

    from reporter.importer.plan import import_plan

    plan = import_plan(FIXTURES.parent / "import" / "signed-and-dated.txt", 2024).data()
    assert (plan["issuer"], plan["date"]) == ("青禾县人民政府办公室", dt.date(2024, 3, 1))


def test_department_report_from_word() -> None:
    result = import_report(FIXTURES / "department-ordinals.docx")
    report = result.data()
    assert result.recipients == "县委依法治县办，县司法局："
    assert report["preface"] == "2023年，我局以“建设法治交通 服务人民群众”为目标，扎实推进依法行政。现将有关情况报告如下："
    assert [i["text"] for i in report["achievements"][0]["items"]] == [
        "一是严格规范执法。全年办理行政处罚案件152件，无被纠错案件。",
        "二是深化政务公开。主动公开政府信息320条。",
    ]
    assert report["next_year"] == [
        {"title": "深化执法规范化建设", "text": "持续开展执法案卷评查。", "responsible": ["县委编办", "县司法局"], "due": "2024年6月底前"},
        {"title": "加强法治宣传教育", "text": "组织开展宪法宣传周活动。"},
    ]


def test_problems_and_causes_under_subheadings_of_their_own() -> None:
    result = import_report(FIXTURES / "problems-and-causes-subheadings.txt")
    assert result.data()["problems"] == [
        {"text": "执法人员不足。"},
        {"text": "执法装备落后。", "cause": "主要是编制紧张，经费保障不足。"},
    ]
    assert (5, "（一）存在的不足") in result.unrecognised and (7, "（二）原因分析") in result.unrecognised


def test_web_page_notice_with_its_number_above_the_title() -> None:
    import datetime as dt

    from reporter.importer.plan import import_plan

    result = import_plan(FIXTURES.parent / "import" / "web-notice-number-above-title.txt", 2024)
    assert result.data()["notice"] == {
        "doc_number": "青政办发〔2024〕12号",
        "issuer": "青禾县人民政府办公室",
        "recipients": ["各乡镇人民政府", "县政府各部门"],
        "text": "《青禾县2024年法治政府建设工作要点》已经县政府同意，现印发给你们，请认真贯彻落实。",
        "date": dt.date(2024, 3, 20),
        "publish": "此件公开发布",
    }
    assert result.data()["preface"] == "为深入推进依法行政，制定本要点。"
    assert {n for n, _ in result.skipped} >= {1, 2, 3, 4, 17, 18}


def test_a_five_year_plan_under_a_news_sites_lead() -> None:
    from reporter.importer.plan import import_plan

    result = import_plan(FIXTURES.parent / "import" / "five-year-plan-web-teaser.txt", 2024)
    plan = result.data()
    assert (plan["kind"], plan["period"]) == ("规划", "2021—2025")
    assert plan["preface"] == "为全面推进依法行政，加快建设法治政府，制定本规划。"
    assert result.skipped == [(2, "近日，县委、县政府印发了《青禾县法治政府建设规划（2021—2025年）》，全文如下：")]


def test_notice_masthead_and_its_footer() -> None:
    import datetime as dt

    from reporter.importer.plan import import_plan

    notice = import_plan(FIXTURES.parent / "import" / "notice-masthead-and-footer.txt", 2024).data()["notice"]
    assert (notice["masthead"], notice["doc_number"]) == ("青禾县人民政府办公室", "青政办发〔2024〕12号")
    assert (notice["cc"], notice["printed_by"], notice["printed_date"]) == (
        ["县委办公室", "县人大常委会办公室"],
        "青禾县人民政府办公室",
        dt.date(2024, 3, 21),
    )
