"""A template cannot run for hours or fill the memory: a Chinese message naming the template instead."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from reporter.core.errors import TemplateError
from reporter.document.draft import prepared, render_bounds
from reporter.document.draft.prepared import prepare_template
from reporter.document.draft.render import render

NAME = "templates/外来模板.docx"
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% if i < 0 %}x{% endif %}{% endfor %}{% endfor %}"


def _template(tmp_path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return path


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared, "_MEMORY", {})


def _timeout_message(seconds: float) -> str:
    return f"模板 {NAME} 渲染超过 {seconds:g} 秒，已停止；模板中可能有次数过多的循环，请检查模板中的 {{% for %}} 标签"


def test_a_ten_billion_step_loop_stops_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_bounds, "MAX_SECONDS", 1.0)
    path = _template(tmp_path, LOOP)
    renderings: list[Callable[[], bytes]] = [lambda: prepare_template(path, NAME).render({}), lambda: render(path, {}, NAME)]
    for rendering in renderings:
        start = time.monotonic()
        with pytest.raises(TemplateError) as info:
            rendering()
        assert str(info.value) == _timeout_message(1.0)
        assert time.monotonic() - start < 10


def test_the_time_bound_holds_in_another_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_bounds, "MAX_SECONDS", 1.0)
    path = _template(tmp_path, LOOP)
    caught: list[str] = []

    def run() -> None:
        try:
            prepare_template(path, NAME).render({})
        except TemplateError as exc:
            caught.append(str(exc))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(20)
    assert not worker.is_alive()
    assert caught == [_timeout_message(1.0)]


@pytest.mark.parametrize(
    "tag",
    [
        '{{ "x" * 10000000000 }}',
        '{{ ["x"] * 10000000000 }}',
        "{{ 10 ** 10000000 }}",
        '{{ "x".center(10000000000) }}',
        '{{ "x"|center(10000000000) }}',
        '{{ "%9999999999s" % "x" }}',
        '{{ "{:>9999999999}".format("x") }}',
        '{% set ns = namespace(s="xxxxxxxxxx") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}',
        "{% for i in range(100000) %}{% for j in range(1000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    ],
)
def test_output_beyond_the_size_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str) -> None:
    monkeypatch.setattr(render_bounds, "MAX_CHARS", 1_000_000)
    monkeypatch.setattr(render_bounds, "_DIGITS", __import__("re").compile(r"\d{7,}"))
    path = _template(tmp_path, tag)
    with pytest.raises(TemplateError) as info:
        prepare_template(path, NAME).render({})
    assert str(info.value) == (
        f"模板 {NAME} 渲染出的内容超过上限（1,000,000 个字符），已停止；模板中可能有重复过多的循环或字符串，请检查模板中的标签"
    )


def test_ordinary_arithmetic_and_formatting_still_work(tmp_path: Path) -> None:
    path = _template(tmp_path, '{{ "{:,}".format(12345678901) }} {{ 2 ** 10 }} {{ "-" * 3 }} {{ "%05d" % 42 }} {{ "a"|center(5) }}|')
    data = prepare_template(path, NAME).render({})
    import io

    text = Document(io.BytesIO(data)).paragraphs[0].text
    assert text == "12,345,678,901 1024 --- 00042   a  |"


def test_a_template_that_unpacks_beyond_the_bound_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from reporter.core import bounded
    from reporter.core.errors import DataError

    monkeypatch.setattr(bounded, "MAX_MEMBER_BYTES", 1024 * 1024)
    path = _template(tmp_path, "{{ title }}")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/bomb.bin", bytes(2 * 1024 * 1024))
    with pytest.raises(DataError) as info:
        prepare_template(path, NAME).render({"title": "x"})
    assert str(info.value).startswith(f"{NAME}: 文件中的 word/media/bomb.bin 解压后有 2 MB，超过上限 1 MB，未读取")
