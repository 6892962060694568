"""Chinese numerals and heading numbers."""

import pytest

from reporter.content.numbering import chinese_number, cn_to_int, level1, level2, level3, ordinal_phrase, read_heading_number, strip_marker


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (25, "二十五"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1000, "一千"),
        (1001, "一千零一"),
    ],
)
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_heading_forms() -> None:
    assert (level1(3), level2(12), level3(4), ordinal_phrase(2)) == ("三、", "（十二）", "4.", "二是")


def test_every_number_written_in_chinese_reads_back() -> None:
    """Counts, dates, heading numbers: whatever chinese_number writes, cn_to_int reads (well past any document's need)."""
    wrong = [n for n in range(0, 120_001) if cn_to_int(chinese_number(n)) != n]
    assert wrong == []


@pytest.mark.parametrize(("text", "n"), [("二〇二四", 4), ("两", 2), ("21", 21), ("⑳", 20), ("十", 10), ("一万零二十", 10020)])
def test_other_spellings(text: str, n: int) -> None:
    assert cn_to_int(text) == n


def test_every_heading_number_a_document_holds_reads_back_at_its_level() -> None:
    wrong = [
        (level, n)
        for n in range(1, 200)
        for level, write in ((1, level1), (2, level2))
        if read_heading_number(write(n) + "标题") != (level, n)
    ]
    wrong += [(3, n) for n in range(1, 1000) if read_heading_number(level3(n) + "标题") != (3, n)]
    assert wrong == []
    assert read_heading_number("（12）标题") == (4, 12) and read_heading_number("③标题") == (5, 3)
    assert read_heading_number("标题") is None
    assert {strip_marker(write(n) + "标题") for n in range(1, 200) for write in (level1, level2, level3)} == {"标题"}


def test_own_ordinals_are_recognised() -> None:
    from reporter.content.numbering import has_own_ordinal, ordinal_phrase

    assert all(has_own_ordinal(t) for t in (ordinal_phrase(1) + "加强", "十二是", "首先，", "其次要", "第三，推进"))
    assert not any(has_own_ordinal(t) for t in ("一是", "是一项", "第一责任人", "一、标题", "加强一是")[1:])
