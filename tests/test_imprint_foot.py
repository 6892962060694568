"""The 版记 at the foot of the 版心: its 抄送 wraps between organs' names, never inside one."""

from __future__ import annotations

from reporter.content.context import imprint_block
from reporter.data.housestyle import HouseStyle
from reporter.document.draft.imprint_foot import cc_lines, imprint_at_foot

NAMES = ["县委办公室", "县人大常委会办公室", "县政协办公室", "县法院", "县检察院"]


def test_the_cc_line_breaks_before_the_name_that_would_not_fit() -> None:
    text = imprint_block(NAMES, None, None)["cc"]
    lines = cc_lines(text, HouseStyle())
    # 28 characters would reach 县法|院 on the first line: the whole 县法院 goes to the next
    assert lines == ["抄送：县委办公室，县人大常委会办公室，县政协办公室，", "县法院，县检察院。"]


def test_a_short_cc_stays_on_one_line_and_a_long_one_fills_each_line() -> None:
    style = HouseStyle()
    assert cc_lines("抄送：县法院。", style) == ["抄送：县法院。"]
    many = "抄送：" + "，".join(f"县第{n}局办公室" for n in range(1, 13)) + "。"
    lines = cc_lines(many, style)
    assert lines == [  # whole names only, as many as fit: 28 characters on the first line, 25 on the others
        "抄送：县第1局办公室，县第2局办公室，县第3局办公室，",
        "县第4局办公室，县第5局办公室，县第6局办公室，",
        "县第7局办公室，县第8局办公室，县第9局办公室，",
        "县第10局办公室，县第11局办公室，县第12局办公室。",
    ]


def test_the_rendered_imprint_carries_the_breaks_and_counts_its_lines() -> None:
    cc = imprint_block(NAMES, None, None)["cc"]
    table = (
        '<w:tbl><w:tblPr><w:tblCaption w:val="版记"/></w:tblPr><w:tr><w:tc><w:p><w:r>'
        f'<w:t xml:space="preserve">{cc}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    )
    xml = f"<w:document><w:body>{table}</w:body></w:document>"
    out = imprint_at_foot(xml, HouseStyle())
    assert out.count("<w:br/>") == 1
    assert '<w:t xml:space="preserve">' + cc_lines(cc, HouseStyle())[1] + "</w:t>" in out
