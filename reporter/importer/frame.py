"""The 版头 and 版记 of a 公文: 发文字号, 签发人, 发文机关标志, 抄送, 印发机关 and 印发日期, from lines kept out of the text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reporter.content.annotation import split_names
from reporter.importer.patterns import DATE, date_of

_DOC_NUMBER = re.compile(r"^(.{1,12}〔\d{4}〕\d{1,4}号)(?:签发人[:：](\S{2,4}))?$")
_MASTHEAD = re.compile(r"^(.{2,30}?)文件$")  # 青禾县人民政府办公室文件: the red 发文机关标志
_SIGNER = re.compile(r"^签发人[:：](\S{2,4})$")
_CC = re.compile(r"^抄送[:：](.+?)[。.]?$")
_PRINTED = re.compile(r"^(.{2,40}?)(\d{4}年\d{1,2}月\d{1,2}日)印发$")


@dataclass
class Frame:
    """What the 版头 and 版记 say: each None (or empty) when the document does not say it."""

    doc_number: str | None = None
    signer: str | None = None
    masthead: str | None = None
    cc: list[str] | None = None
    printed_by: str | None = None
    printed_date: dt.date | None = None


def frame_keys(lines: list[tuple[int, str]]) -> Frame:
    """发文字号, 签发人, 发文机关标志 (版头) and 抄送, 印发机关, 印发日期 (版记) from the lines kept out of the text."""
    found = Frame()
    for _, text in lines:
        t = text.strip()
        if m := _DOC_NUMBER.match(t):
            found.doc_number = m.group(1)
            if m.group(2):
                found.signer = m.group(2)
        elif m := _MASTHEAD.match(t):
            found.masthead = m.group(1)
        elif m := _SIGNER.match(t):
            found.signer = m.group(1)
        elif m := _CC.match(t):
            found.cc = split_names(m.group(1))
        elif m := _PRINTED.match(t):
            found.printed_by = m.group(1).strip()
            d = DATE.match(m.group(2))
            if d and date_of(d):
                found.printed_date = date_of(d)
    return found
