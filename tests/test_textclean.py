"""The documented clean-up of data text: punctuation, line breaks, control characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.content.textclean import clean, fullwidth_punctuation, has_halfwidth_punctuation, join_lines


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("张三,李四;王五:好", "张三，李四；王五：好"),
        ("(市司法局)牵头", "（市司法局）牵头"),
        ('开展"双随机、一公开"监管', "开展“双随机、一公开”监管"),
        ("共12,345件", "共12,345件"),
        ("APP, 5G", "APP, 5G"),
        ("见 http://a.b/c?x=1", "见 http://a.b/c?x=1"),
        ('开展"{{ x }}"检查', '开展"{{ x }}"检查'),
        (":,㐀", "：，㐀"),  # a run of marks touching Chinese: all of it, in one pass
        ("㐀,:x", "㐀，：x"),
        ('"中",x', "“中”，x"),
        ("中 , x", "中，x"),
    ],
)
def test_fullwidth_punctuation(text: str, want: str) -> None:
    assert fullwidth_punctuation(text) == want
    assert has_halfwidth_punctuation(text) == (text != want)


def test_lines_join_without_space_between_chinese() -> None:
    assert join_lines("全年开展抽查，\n覆盖全部企业。") == "全年开展抽查，覆盖全部企业。"
    assert join_lines("line one\nline two") == "line one line two"
    assert join_lines("甲\u2028乙\x85丙") == "甲乙丙"


def test_control_characters_go() -> None:
    assert clean("含有\x01控制\x0b字符") == "含有控制字符"


@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
