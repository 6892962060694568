"""Reading a plan document (.docx, .txt, .md) into numbered source lines and table rows."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reporter.core.bounded import (
    MAX_FILE_BYTES,
    MAX_TEXT_BYTES,
    check_zip,
    encrypted_error,
    is_encrypted_office,
    read_input,
    shown_name,
)
from reporter.core.errors import ImportFormatError
from reporter.core.office import convert, soffice
from reporter.core.text import Undecodable, decode_bytes
from reporter.importer.docx_reader import read_docx

SUPPORTED = (".docx", ".txt", ".md", ".markdown", ".text")
CONVERTED = (".doc", ".wps", ".odt", ".rtf", ".docm", ".wpt", ".dot", ".dotx")  # read through LibreOffice
CONVERT_TIMEOUT = 180


@dataclass
class SourceLine:
    """One line of the source: a text line, or one row of a table (`cells`)."""

    no: int  # line number; for .docx the paragraph number (a table row counts as one)
    text: str = ""
    cells: list[str] | None = None
    table: int = -1  # which table a row belongs to
    heading: int = 0  # heading level a style or Markdown '#' gives it


@dataclass
class Source:
    lines: list[SourceLine] = field(default_factory=list)
    encoding: str = "utf-8"
    kind: str = "txt"  # txt | md | docx


def source_texts(source: Source) -> list[tuple[int, str]]:
    """Every line's text with its number (a table row's cells joined)."""
    return [(line.no, " ".join(line.cells) if line.cells is not None else line.text) for line in source.lines]


def read_source(path: Path, convert: bool = True) -> Source:
    """The document's lines; with `convert`, .doc/.wps/.odt are first converted to .docx by LibreOffice."""
    shown_name(path.name)  # a name in raw bytes (GBK) is then quoted readably in every message about it
    suffix = path.suffix.lower()
    if convert and suffix in CONVERTED:
        with tempfile.TemporaryDirectory() as tmp:
            converted = to_docx(path, Path(tmp))
            data = read_input(converted, path.name, MAX_FILE_BYTES)
            _check_package(data, path.name)
            rows = read_docx(converted, data)
        return Source([SourceLine(no, text, cells, table, heading) for no, text, cells, table, heading in rows], "utf-8", "docx")
    if suffix not in SUPPORTED:
        raise ImportFormatError(
            f"无法导入 {path.name}：不支持 {suffix or '无扩展名'} 文件。请另存为 .docx（Word 文档）、.txt 或 .md 后再导入；"
            "网页或 PDF 的内容可复制粘贴到 .txt 文件中。"
        )
    if not path.exists():
        raise ImportFormatError(f"无法读取 {path}：文件不存在。请检查文件是否存在、是否有读取权限。")
    # bounded before parsing: an oversized text, a .docx bomb or an encrypted file is named, never unpacked
    data = read_input(path, path.name, MAX_FILE_BYTES if suffix == ".docx" else MAX_TEXT_BYTES)
    if not data.strip():
        raise ImportFormatError(f"{path.name} 是空文件，没有可导入的内容。请确认选对了文件。")
    if suffix == ".docx":
        _check_package(data, path.name)
        rows = read_docx(path, data)
        return Source([SourceLine(no, text, cells, table, heading) for no, text, cells, table, heading in rows], "utf-8", "docx")
    text, encoding = decode(data, path.name)
    kind = "md" if suffix in (".md", ".markdown") else "txt"
    lines = markdown_lines(text) if kind == "md" else text_lines(text)
    if not any(line.text.strip() or line.cells for line in lines):
        raise ImportFormatError(f"{path.name} 只有空白，没有可导入的内容。请确认选对了文件。")
    return Source(lines, encoding, kind)


def _check_package(data: bytes, name: str) -> None:
    """A .docx within the unpacked-size bounds, and not one protected by a password."""
    if is_encrypted_office(data):
        raise encrypted_error(name)
    check_zip(data, name)


def to_docx(path: Path, folder: Path) -> Path:
    """Convert a .doc/.wps/.odt to .docx in `folder` with LibreOffice, using a private profile."""
    exe = soffice()
    if exe is None:
        raise ImportFormatError(
            f"无法导入 {path.name}：读取 {path.suffix} 文件需要 LibreOffice（soffice），本机未安装。"
            "请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui），"
            "或在 Word / WPS 中把它另存为 .docx 后再导入。"
        )
    if not path.is_file():
        raise ImportFormatError(f"无法读取 {path}：文件不存在。请检查路径。")
    try:
        produced = convert(exe, path, folder, "docx:MS Word 2007 XML", CONVERT_TIMEOUT)
    except TimeoutError:
        raise ImportFormatError(
            f"LibreOffice 转换 {path.name} 超时（{CONVERT_TIMEOUT} 秒）；请在 Word / WPS 中另存为 .docx 后再导入。"
        ) from None
    if produced is None:
        raise ImportFormatError(f"LibreOffice 未能转换 {path.name}（文件可能已损坏或加密）；请在 Word / WPS 中另存为 .docx 后再导入。")
    return produced


def _plausible(text: str) -> bool:
    """GB18030 decodes almost any bytes; real Chinese text stays mostly within the common GB2312 characters.

    Each distinct character is judged once (a 10 MB text holds millions of characters, a few thousand kinds)."""
    total = common = 0
    for ch, n in Counter(text).items():
        if "\u3400" <= ch <= "\U0003134f" and unicodedata.category(ch) == "Lo":
            total += n
            common += n if _in_gb2312(ch) else 0
    return not total or common >= 0.9 * total


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def decode(data: bytes, name: str) -> tuple[str, str]:
    try:
        return decode_bytes(data, trust_bom=True, utf16=True, plausible=_plausible)
    except Undecodable as exc:
        if exc.bom:
            raise ImportFormatError(
                f"{name} 以 UTF-8 标记开头，但第 {exc.offset} 字节处的内容不是 UTF-8。请用文本编辑器以 UTF-8 重新保存后再导入。"
            ) from None
        raise ImportFormatError(
            f"无法识别 {name} 的文字编码：它既不是 UTF-8，也不是 GB18030（GBK）（第 {exc.offset} 字节起无法按 UTF-8 解码）。"
            "请用文本编辑器以 UTF-8 编码另存后再导入。"
        ) from None


def text_lines(text: str) -> list[SourceLine]:
    lines = []
    for no, raw in enumerate(text.splitlines(), 1):
        cells = [c.strip() for c in raw.split("\t")]
        if len([c for c in cells if c]) >= 3:
            lines.append(SourceLine(no, raw, cells=cells))
        else:
            lines.append(SourceLine(no, raw))
    _number_tables(lines)
    return lines


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<br\s*/?>", re.I), "\n"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\*)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
]


def _md_inline(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text


def markdown_lines(text: str) -> list[SourceLine]:
    lines: list[SourceLine] = []
    for no, raw in enumerate(text.splitlines(), 1):
        if _MD_TABLE_SEP.match(raw) and "-" in raw and lines and lines[-1].cells is not None:
            continue  # | --- | --- | under a header row: the table goes on
        if _MD_RULE.match(raw) or _MD_TABLE_SEP.match(raw) and "-" in raw:
            lines.append(SourceLine(no, ""))
            continue
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [_md_inline(c).strip() for c in re.split(r"(?<!\\)\|", stripped[1:-1])]
            lines.append(SourceLine(no, " ".join(cells), cells=cells))
            continue
        heading = 0
        m = _MD_HEADING.match(raw)
        if m:
            heading, raw = len(m.group(1)), m.group(2)
        raw = _MD_BULLET.sub("", _MD_QUOTE.sub("", raw))
        for part in _md_inline(raw).split("\n"):
            lines.append(SourceLine(no, part, heading=heading))
    _number_tables(lines)
    return lines


def _number_tables(lines: list[SourceLine]) -> None:
    table, previous_was_row = -1, False
    for line in lines:
        if line.cells is not None:
            if not previous_was_row:
                table += 1
            line.table = table
        previous_was_row = line.cells is not None
