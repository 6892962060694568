"""The 印发通知 in front of a plan: 发文字号, 主送机关, 正文, 印发机关, 成文日期 and 附注, read from the cover letter."""

from __future__ import annotations

import datetime as dt
import re

from reporter.content.annotation import split_names
from reporter.content.org_names import is_issuer
from reporter.data.model import Notice
from reporter.importer.patterns import DATE, date_of

_NOTICE_TITLE = re.compile(r"关于印发.{2,80}?的通知")
_DOC_NUMBER = re.compile(r"(?:(?<=通知)|(?<=[\s。：]))?([\u4e00-\u9fff]{1,8}?)〔\d{4}〕\d{1,4}号")
_DOC_NUMBER_LINE = re.compile(r"[\u4e00-\u9fff]{1,10}〔\d{4}〕\d{1,4}号")
_PUBLISH = re.compile(r"[（(](此件[^）)]{2,10})[）)]")
# The 主送 ends at its colon: organisations only, no sentence before it.
_RECIPIENTS = re.compile(r"([^。；：:]{2,200}?)[：:]")


def _signature(cover: str, start: int) -> tuple[int, str, dt.date | None]:
    """Where the closing issuer and date begin, the issuer and the date (the last date of the letter)."""
    dates = [m for m in DATE.finditer(cover, start)]
    if not dates:
        return len(cover), "", None
    last = dates[-1]
    day = date_of(last)
    before = cover[start : last.start()]
    # the issuer right before the date: the longest tail of the text that names an office
    for cut in range(max(0, len(before) - 30), len(before)):
        tail = before[cut:]
        if is_issuer(tail) and not re.search("[。；，：]", tail):
            return start + cut, tail, day
    return last.start(), "", day


def _doc_number(cover: str, pos: int, set_aside: list[str]) -> tuple[str | None, int]:
    """The notice's 发文字号, and where the text after it starts."""
    alone = next((t.strip() for t in set_aside if _DOC_NUMBER_LINE.fullmatch(t.strip())), "")
    if alone:  # 青政办发〔2024〕12号 on a line of its own, above or below the notice's title
        at = cover.find(alone)
        return alone, max(pos, at + len(alone)) if at >= 0 else pos
    number = _DOC_NUMBER.search(cover, pos) or _DOC_NUMBER.search(cover)
    if number:
        # the 发文字号 under the notice's title: 青政办发〔2024〕12号 (its letters start right after 的通知)
        start = pos if number.start() >= pos and number.start(1) - pos <= 8 else number.start(1)
        return cover[start : number.end()], max(pos, number.end())
    return None, pos


def read_notice(cover: str, issuer: str, set_aside: list[str] | None = None) -> Notice | None:
    """The notice (issuer, doc_number, recipients, date, text, publish), or None without a 关于印发…的通知.

    `set_aside`: lines of the cover kept out of the text as the page's (（此件公开发布） among them)."""
    title = _NOTICE_TITLE.search(cover)
    if not title:
        return None
    doc_number, pos = _doc_number(cover, title.end(), set_aside or [])
    sig_start, signed_by, day = _signature(cover, pos)
    issued_by = signed_by or issuer or cover[: title.start()].strip()
    if not issued_by:
        return None
    notice = Notice(issuer=issued_by)
    if doc_number is not None:
        notice.doc_number = doc_number
    recipients = _RECIPIENTS.match(cover, pos)
    body_start = pos
    if recipients and recipients.end() < sig_start and len(split_names(recipients.group(1))) >= 1:
        notice.recipients = split_names(recipients.group(1))
        body_start = recipients.end()
    text = cover[body_start:sig_start].strip()
    if text:
        notice.text = text
    if day is not None:
        notice.date = day
    publish = _PUBLISH.search(cover, sig_start) or next((m for t in set_aside or [] if (m := _PUBLISH.fullmatch(t.strip()))), None)
    if publish:
        notice.publish = publish.group(1)
    return notice
