"""Facts about Chinese text every layer shares: control characters, CJK, brackets, dates, numbers, widths, decoding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

__all__ = [
    "BRACKETS_CLOSE",
    "BRACKETS_OPEN",
    "CJK",
    "CONTROL",
    "CONTROL_CHARS",
    "DATE_PATTERN",
    "PAIRED_CLOSE",
    "PAIRED_OPEN",
    "Undecodable",
    "decode_bytes",
    "display_width",
    "fmt_number",
    "split_outside_brackets",
]

# What XML 1.0 forbids (a .docx cannot hold them) plus DEL: dropped or reported wherever text comes in.
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")

# CJK ideographs: extension A and the unified block, compatibility ideographs, extensions B to G.
CJK = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Brackets that hold asides such as 各县（市、区）: a separator inside them does not split.
BRACKETS_OPEN = "（([【〔"
BRACKETS_CLOSE = "）)]】〕"
# Every paired mark a sentence may not end inside: brackets, book-title marks, quotes.
PAIRED_OPEN = BRACKETS_OPEN + "《〈“‘"
PAIRED_CLOSE = BRACKETS_CLOSE + "》〉”’"

# Dates as drafters write them: 2025-03-20, 2025-3-20, 2025/03/20, 2025.3.20, 2025年3月20日.
DATE_PATTERN = r"\s*(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))\s*"


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split at any of `separators` outside brackets (〈含开发区、风景区管委会，下同〉 too); pieces stripped, empty ones dropped."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in BRACKETS_OPEN or ch == "〈":
            depth += 1
        elif ch in BRACKETS_CLOSE or ch == "〉":
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return [piece for piece in out if piece]


def fmt_number(value: float | int | Decimal) -> str:
    """1260 → 1260; 12.830 → 12.83; 1e6 stays plain digits (no exponent)."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def display_width(text: str) -> float:
    """Width in full-width characters as a Chinese font sets it: ASCII and other narrow characters take half.

    East Asian ambiguous characters (“ ” — … ·) are full width in Chinese fonts, so they count as one.
    """
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, float]):
    """Each character's width, looked up once (imports measure the width of millions of characters)."""

    def __missing__(self, ch: str) -> float:
        if unicodedata.category(ch) in ("Cf", "Mn"):  # word joiners, zero-width spaces, combining marks
            width = 0.0
        else:
            width = 1.0 if unicodedata.east_asian_width(ch) in "FWA" else 0.5
        if ch <= "\uffff":  # at most 65,536 entries, whatever a file holds
            self[ch] = width
        return width


_WIDTHS = _Widths()


class Undecodable(ValueError):
    """Bytes that are neither UTF-8 nor (plausible) GB18030; `offset` is where UTF-8 decoding failed."""

    def __init__(self, offset: int, bom: bool = False) -> None:
        super().__init__(offset)
        self.offset = offset
        self.bom = bom  # the file said it was UTF-8 (byte order mark) and was not


def decode_bytes(
    data: bytes,
    *,
    trust_bom: bool = False,
    utf16: bool = False,
    plausible: Callable[[str], bool] | None = None,
) -> tuple[str, str]:
    """Bytes → (text, encoding): UTF-8 (with or without BOM), else GB18030 — the one decoding policy, with its options.

    trust_bom: a UTF-8 byte order mark settles it (invalid UTF-8 after it is an error, not GB18030);
    utf16: honour a UTF-16 byte order mark; plausible: GB18030 text must also pass this test.
    Raises Undecodable.
    """
    bom = data.startswith(b"\xef\xbb\xbf")
    if utf16 and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        if bom and trust_bom:
            raise Undecodable(exc.start, bom=True) from None
        offset = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise Undecodable(offset) from None
    if plausible is not None and not plausible(text):
        raise Undecodable(offset)
    return text, "gb18030"


_SPACES = re.compile(r"\s+")
_NAME_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"})


def name_key(text: str) -> str:
    """One spelling for names compared across files (units, metrics): no spaces, half-width brackets."""
    return _SPACES.sub("", text).translate(_NAME_BRACKETS)


# Raw bytes Python could not decode as UTF-8 (\udc80-\udcff), with the letters between them that were: GBK byte
# pairs that happen to be valid UTF-8 decode as two-byte characters (U+0080-U+07FF: 要 → Ҫ) or, across two pairs,
# as rare three-byte ones (CJK extension A, private use: 点（ → 㣨); a trail byte may be ASCII. The whole span is
# decoded at once, so the name reads as its file column does (a heuristic: the original bytes are gone).
_NEAR = "\udc80-\udcff\u0080-\u07ff\u3400-\u4dbf\ue000-\uf8ff!-~"
_ESCAPED = re.compile(f"[{_NEAR}]*[\udc80-\udcff][{_NEAR}]*")
_RAW = re.compile("[\udc80-\udcff]+")


_NAMES: dict[str, str] = {}  # raw file names met (core.bounded.shown_name) → how they are shown


def remember_name(raw: str, shown: str) -> None:
    """A file name whose raw form may turn up in messages: `readable` then shows it exactly as SHOWN."""
    if raw != shown and len(_NAMES) < 100_000:
        _NAMES[raw] = shown


def readable(text: str) -> str:
    """TEXT with the raw bytes of a file name (kept by Python as \\udcXX) decoded as a person reads them.

    A name from an archive unpacked on another system is GBK (or GB18030) where the system expects UTF-8.
    Names already met are replaced exactly; in what is left the bytes are guessed span by span, anything
    undecodable becoming U+FFFD. Text without such bytes is returned as it is.
    """
    if not _RAW.search(text):
        return text
    for raw in sorted((n for n in _NAMES if n in text), key=len, reverse=True):
        text = text.replace(raw, _NAMES[raw])
    return _ESCAPED.sub(lambda m: _decode_raw(m.group()), text) if _RAW.search(text) else text


def _decode_raw(span: str) -> str:
    try:
        return span.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeDecodeError:
        return _RAW.sub(lambda m: m.group().encode("utf-8", "surrogateescape").decode("utf-8", "replace"), span)
