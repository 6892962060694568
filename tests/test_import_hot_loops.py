"""The importer's hot loops, made linear for 10 MB documents, give what the plain per-character versions gave."""

from __future__ import annotations

import unicodedata

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.content.numbering import HEADING_MARKERS
from reporter.core.text import BRACKETS_CLOSE, BRACKETS_OPEN, PAIRED_CLOSE, PAIRED_OPEN, display_width
from reporter.data.yamlwrite import _PLAIN
from reporter.importer.annotations import ClosingBrackets, find_annotations
from reporter.importer.normalize import _TABLE, _TRANSLATED, _ascii_alnum, _full_width, fix_punctuation, has_ideograph, is_cjkish
from reporter.importer.outline import first_sentence_end
from reporter.importer.paragraphs import _ANY_MARKER, _Spans, by_line
from reporter.importer.reading import _plausible
from reporter.importer.segment import PARA, SOFT, Stream


def _per_character(text: str) -> str:
    """fix_punctuation as it was written first: every character visited, every pair's inside sliced."""
    n = len(text)
    out = [_full_width(ch, text[i - 1] if i else "", text[i + 1] if i + 1 < n else "") for i, ch in enumerate(text)]
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            start = opened.pop()
            inner = text[start + 1 : i]
            latin = _ascii_alnum(text[start - 1] if start else "") and not has_ideograph(inner) and not inner.isdigit()
            if not latin:
                out[start], out[i] = "（", "）"
        elif ch == ")" and is_cjkish(text[i - 1] if i else ""):
            out[i] = "）"
    for start in opened:
        if start + 1 < len(text) and is_cjkish(text[start + 1]):
            out[start] = "（"
    return "".join(out)


_PUNCTUATED = st.text(alphabet=st.sampled_from(list("(()),;:?!.aZ09²汉字。》”）〕】/ ") + ["《", "“", "\U00020000"]), max_size=40)


@settings(max_examples=1500, deadline=None)
@given(_PUNCTUATED)
def test_fix_punctuation_visits_only_marks_and_brackets(text: str) -> None:
    assert fix_punctuation(text) == _per_character(text)


def test_fix_punctuation_of_deeply_nested_brackets() -> None:
    for text in ["a(" * 300 + "汉" + ")" * 300, "x(" * 300 + "12" + ")" * 300, "(" * 300 + "汉", "汉)" * 300]:
        assert fix_punctuation(text) == _per_character(text)
    assert fix_punctuation("增长(约5%),f(x)与f(y)") == "增长（约5%），f(x)与f(y)"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12), st.integers(-2, 90))
def test_spans_find_what_a_scan_finds(spans: list[tuple[int, int]], pos: int) -> None:
    pairs = [(a, a + n) for a, n in spans]
    assert _Spans(pairs)(pos) == any(a <= pos < b for a, b in pairs)


def _stream(pieces: list[tuple[str, int]]) -> Stream:
    stream = Stream()
    for no, (piece, kind) in enumerate(pieces, 1):
        stream.add(piece, kind, no, spaced=True)
    stream.finish()
    return stream


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.text(alphabet="汉字ab。", min_size=1, max_size=5), st.sampled_from([PARA, SOFT])), min_size=1, max_size=12),
    st.integers(0, 70),
    st.integers(0, 70),
)
def test_stream_look_ups_match_a_scan(pieces: list[tuple[str, int]], a: int, b: int) -> None:
    stream = _stream(pieces)
    assert list(stream.starts_between(a, b)) == [p for p in stream.starts if a < p < b]
    s, lines = stream.text, dict[int, str]()
    for i, p in enumerate(stream.starts):  # by_line as a scan over every piece
        q = stream.starts[i + 1] if i + 1 < len(stream.starts) else len(s)
        lo, hi = max(p, a), min(q, b)
        if lo < hi and s[lo:hi].strip():
            lines[stream.lines[i]] = lines.get(stream.lines[i], "") + s[lo:hi]
    assert by_line(stream, a, b) == list(lines.items())


def test_stream_keeps_a_space_inside_quoted_words_only() -> None:
    stream = _stream([("以“加强法治", PARA), ("打造政府”", SOFT), ("一是", SOFT), ("“甲", PARA), ("乙”", PARA), ("丙", SOFT)])
    assert stream.text == "以“加强法治 打造政府”一是“甲乙”丙"


def test_annotation_at_the_end_is_found_after_its_full_stop_only() -> None:
    assert [a.units.responsible for a in find_annotations("推进执法规范化（市司法局、市财政局）。")] == [["市司法局", "市财政局"]]
    assert find_annotations("推进执法规范化（市司法局、市财政局）后再说") == []
    assert len(find_annotations("推进（市司法局）后再说", at_end_only_bare=False)) == 1


def test_translation_is_skipped_only_for_lines_it_would_not_change() -> None:
    assert all(bool(_TRANSLATED.search(chr(c))) == (c in _TABLE) for c in range(0x30000))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_display_width_of_any_text(text: str) -> None:
    def width(ch: str) -> float:  # zero-width marks (word joiners, combining accents) take no room
        if unicodedata.category(ch) in ("Cf", "Mn"):
            return 0.0
        return 1.0 if unicodedata.east_asian_width(ch) in "FWA" else 0.5

    assert display_width(text) == sum(map(width, text))


_PLAIN_ALPHABET = (
    [chr(c) for c in range(0x3001, 0x3040)] + [chr(c) for c in range(0xFF01, 0xFF5F)] + list("“”‘’…—·09AZaz%.()/+-汉\u3400\U00020000")
)


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(["汉", "\U0003134f", "2", "a", "-", ":"]),
    st.text(alphabet=st.sampled_from([*_PLAIN_ALPHABET, " ", ":", "#", "\t"]), max_size=12),
)
def test_texts_written_plain_without_a_parser_load_back_with_both_loaders(first: str, rest: str) -> None:
    text = first + rest
    if _PLAIN.fullmatch(text):
        for loader in (yaml.SafeLoader, yaml.CSafeLoader):
            assert yaml.load(f"k: {text}", Loader=loader) == {"k": text}
            assert yaml.load(f"- {text}", Loader=loader) == [text]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("（）一二十0123、.。①⑳汉")), max_size=8))
def test_one_test_for_any_heading_number_agrees_with_each(text: str) -> None:
    for p in range(len(text) + 1):
        assert bool(_ANY_MARKER.match(text, p)) == any(pattern.match(text, p) for _, pattern in HEADING_MARKERS)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("（）()《》“”【】〔〕。汉a")), max_size=16))
def test_first_sentence_end_as_a_scan_of_every_character_finds_it(text: str) -> None:
    depth, expected = 0, -1
    for i, ch in enumerate(text):
        if ch in PAIRED_OPEN:
            depth += 1
        elif ch in PAIRED_CLOSE:
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            expected = i
            break
    assert first_sentence_end(text) == expected


def _plausible_per_character(text: str) -> bool:
    cjk = [ch for ch in text if "\u3400" <= ch <= "\U0003134f" and unicodedata.category(ch) == "Lo"]
    common = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return not cjk or common >= 0.9 * len(cjk)


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(["汉", "字", "\u3400", "\u9fa5", "\U00020000", "a", "，", "鐐", "龘", "\u4dc0", "\U00031350"]), max_size=25
    )
)
def test_gb18030_plausibility_counts_each_kind_of_character_once(text: str) -> None:
    assert _plausible(text) == _plausible_per_character(text)


def _close_by_counting(text: str, start: int) -> int:
    depth = 0
    for i in range(start, min(len(text), start + 400)):
        if text[i] in BRACKETS_OPEN:
            depth += 1
        elif text[i] in BRACKETS_CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return -1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("（([【〔）)]】〕汉") + ["汉" * 150]), max_size=80))
def test_closing_brackets_in_one_pass_are_those_found_by_counting(pieces: list[str]) -> None:
    text = "".join(pieces)
    closing = ClosingBrackets(text)
    for i, ch in enumerate(text):
        if ch in BRACKETS_OPEN:
            assert closing.close_of(i) == _close_by_counting(text, i)
