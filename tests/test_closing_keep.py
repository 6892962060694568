"""The body's last two lines cut off to travel with the 署名: LibreOffice's line breaks, the cut, and readers joining it back."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import yaml
from lxml import etree

from reporter import api
from reporter.content.closings import carries_tail
from reporter.data.housestyle import HouseStyle
from reporter.document.draft.reviewed import read_reviewed
from reporter.importer.docx_reader import read_docx
from tests.conftest import CliResult
from tests.reviewing import find, plain_replace
from tests.test_edits import libreoffice_save

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LINE = "持续深化法治政府建设各项工作任务落实情况的跟踪问效机制，"  # 28 characters
STYLE = HouseStyle()
WIDTH = STYLE.text_width_mm * 72 / 25.4  # 442.2 pt: 28 characters of 16 pt with -0.25 pt spacing


def _lines(text: str, first: float = WIDTH - 32) -> list[str]:
    from reporter.document.draft.closing_keep import line_starts

    starts = line_starts(text, first, WIDTH, 16, -0.25) + [len(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]


def test_lines_hold_26_characters_after_the_indent_then_28() -> None:
    text = "法" * 26 + "治" * 28 + "政" * 5
    assert [len(line) for line in _lines(text)] == [26, 28, 5]


def test_a_mark_that_may_not_begin_a_line_takes_the_character_before_it_down() -> None:
    # the 27th character of the first line is a comma: 26 fit, so 建 goes down with the comma
    assert _lines("法" * 25 + "建，设" + "治" * 10)[:2] == ["法" * 25, "建，设" + "治" * 10]
    # an opening bracket never ends a line
    assert _lines("法" * 25 + "（设）" + "治" * 10)[0] == "法" * 25


def test_latin_and_digits_take_their_width_and_a_gap_beside_ideographs_as_libreoffice_sets_them() -> None:
    # measured in LibreOffice 7.4: 24 ideographs, 87 and 4.6 on a line of 26 (indent) fit; one more ideograph does not
    line = "场参考87人全部合格全市4.6万名国家工作人员参加年度"
    assert _lines(line + "网上学法考试")[0] == line
    # a number is never cut: 55% goes down whole with the full stop after it
    assert _lines("法" * 23 + "压减55%。" + "治" * 5)[0] == "法" * 23 + "压减"


def _grown(root: Path, lines: int, closing: str = "特此报告。") -> Path:
    path = root / "data/2024/report.yaml"
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    report["next_year"][-1]["text"] += LINE * lines
    report["closing"] = closing
    path.write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    return api.build_report(root, 2024).drafts[0].path


def _body(path: Path) -> list[etree._Element]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return list(root.iter(W + "p"))


def test_the_last_paragraph_is_cut_before_its_last_two_lines_and_reads_back_whole(example: Path) -> None:
    path = _grown(example, 6, closing="")
    paragraphs = _body(path)
    at = next(i for i, p in enumerate(paragraphs) if carries_tail(p))
    head, tail = paragraphs[at - 1], paragraphs[at]
    head_text = "".join(t.text or "" for t in head.iter(W + "t"))
    tail_text = "".join(t.text or "" for t in tail.iter(W + "t"))
    whole = head_text + tail_text
    assert whole.startswith("（九）做好法治政府建设实施纲要总结评估。对照") and whole.endswith("机制，。")
    # the tail is the paragraph's last two lines as LibreOffice breaks it; the head ends on a full line
    assert _lines(whole)[-2:] == _lines(tail_text, first=WIDTH)
    assert head.find(f"{W}pPr/{W}keepNext") is None and head.find(f"{W}pPr/{W}jc").get(W + "val") == "distribute"
    assert tail.find(f"{W}pPr/{W}keepNext") is not None
    assert tail.find(f"{W}pPr/{W}ind").get(W + "firstLineChars") == "0"
    # the 署名 follows the tail
    assert paragraphs[at + 3].find(f"{W}pPr/{W}pStyle").get(W + "val") == "GwSignature"

    # `edits` (the reviewed draft) and `import` (the docx reader) see one paragraph
    reviewed = [p.text for p in read_reviewed(path.read_bytes(), path.name).paragraphs]
    assert whole in reviewed and head_text not in reviewed
    rows = [row[1] for row in read_docx(path, path.read_bytes())]
    assert whole in rows and tail_text not in rows


def test_a_short_last_paragraph_keeps_whole_with_the_closing(example: Path) -> None:
    path = _grown(example, 0)
    paragraphs = _body(path)
    assert not any(carries_tail(p) for p in paragraphs)
    last = next(p for p in paragraphs if "".join(t.text or "" for t in p.iter(W + "t")).startswith("（九）做好"))
    assert last.find(f"{W}pPr/{W}keepNext") is not None


def test_the_plan_s_last_measure_travels_with_its_signature(example: Path) -> None:
    path = example / "data/2024/plan.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan["date"] = "2024-02-20"
    plan["closing"][-1] += LINE * 5
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    draft = api.build_plan(example, 2024).drafts[0].path
    paragraphs = _body(draft)
    at = next(i for i, p in enumerate(paragraphs) if carries_tail(p))
    assert "".join(t.text or "" for t in paragraphs[at - 1].iter(W + "t")).startswith("严格考核评价。将本工作要点")
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in paragraphs[at + 1 : at + 3]]
    assert [s.get(W + "val") for s in styles if s is not None] == ["GwAttachNote", "GwSignature"]


def test_an_edit_in_the_cut_off_lines_goes_back_to_its_entry(example: Path, cli: Callable[..., CliResult], tmp_path: Path) -> None:
    path = _grown(example, 6)
    doc = docx.Document(str(path))
    tail = next(p for p in doc.paragraphs if carries_tail(p._p))
    # typed over in Word: the run's text changes, the paragraph's bookmark stays
    last = [t for t in tail._p.iter(W + "t")][-1]
    last.text = last.text.replace("跟踪问效机制，。", "跟踪问效机制。")
    plain_replace(find(doc, "（九）做好法治政府建设"), "全面总结评估", "全面评估")
    doc.save(str(tmp_path / "审阅稿.docx"))
    # saved again by LibreOffice, as a reviewer might: the bookmark survives
    reviewed = libreoffice_save(tmp_path / "审阅稿.docx", tmp_path / "lo") if shutil.which("soffice") else tmp_path / "审阅稿.docx"
    result = cli("edits", reviewed, "--write", "--root", example)
    assert result.code == 0, result.err
    text = yaml.safe_load((example / "data/2024/report.yaml").read_text(encoding="utf-8"))["next_year"][-1]["text"]
    assert text.startswith("对照《法治政府建设实施纲要（2021—2025年）》开展全面评估，") and text.endswith(
        "跟踪问效机制"
    )  # the draft adds the full stop


def test_invisible_marks_take_no_room() -> None:
    assert _lines("法" * 13 + "\u2060" * 5 + "法" * 13 + "治" * 3) == ["法" * 13 + "\u2060" * 5 + "法" * 13, "治" * 3]


def test_a_number_with_its_marks_is_one_word() -> None:
    # 1,286 and 3+N are never cut: they go down whole
    assert _lines("法" * 24 + "1,286件" + "治" * 5)[0] == "法" * 24
    assert _lines("法" * 25 + "3+N" + "治" * 5)[0] == "法" * 25


def test_closing_words_of_the_drafter_s_own_keep_with_the_block_and_the_paragraph_above_is_cut(example: Path) -> None:
    path = _grown(example, 6, closing="妥否，请批示。")
    paragraphs = _body(path)
    at = next(i for i, p in enumerate(paragraphs) if carries_tail(p))
    assert "".join(t.text or "" for t in paragraphs[at - 1].iter(W + "t")).startswith("（九）做好法治政府建设")
    assert "".join(t.text or "" for t in paragraphs[at + 1].iter(W + "t")) == "妥否，请批示。"
