"""Chinese numerals and heading numbers."""

import pytest

from reporter.content.numbering import chinese_number, level1, level2, level3, ordinal_phrase


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


def test_own_ordinals_are_recognised() -> None:
    from reporter.content.numbering import has_own_ordinal, ordinal_phrase

    assert all(has_own_ordinal(t) for t in (ordinal_phrase(1) + "加强", "十二是", "首先，", "其次要", "第三，推进"))
    assert not any(has_own_ordinal(t) for t in ("一是", "是一项", "第一责任人", "一、标题", "加强一是")[1:])
