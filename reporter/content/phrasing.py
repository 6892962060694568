"""Year-on-year phrases, numbers, dates and sentence endings in the house's Chinese."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from reporter.core.text import display_width
from reporter.core.text import fmt_number as fmt_number  # re-exported: phrasing is where callers look for it
from reporter.data.quantities import SCALES, is_rate, points, rate_symbol

_ENDINGS = "。！？；…"


def _one_decimal(value: Decimal) -> str:
    """One decimal place, a trailing ".0" dropped: 增长50%, 增长14.5%, 提高2个百分点."""
    shown = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return shown.removesuffix(".0")


# Below this a percentage says more than the figures do: 6 against 4 reads 比上年增加2次, not 同比增长50%.
SMALL_BASE = 10
# The words a change is told with, both directions: the phrases below write them, `check` reads them back.
UP_WORDS = ("增长", "提高", "上升", "增加")
DOWN_WORDS = ("下降", "减少", "降低")
# Counts of what should not happen: none of them reads 未发生行政诉讼败诉案件, not 行政诉讼败诉案件0件.
_EVENTS = ("案件", "事件", "事故", "纠纷")


def measure_text(measure: str) -> str:
    """A measure as a draft prints it after a number: a rate as its sign (% or ‰), anything else as written."""
    return rate_symbol(measure) or measure


def direction(value: float | int, previous: float | int) -> int:
    """1 for a rise, -1 for a fall, 0 for none."""
    cur, prev = Decimal(str(value)), Decimal(str(previous))
    return (cur > prev) - (cur < prev)


def quantity(value: float | int, scale: str = "") -> str:
    """A number as the drafter wrote it: 56000 written 5.6万 prints 5.6万, anything else as plain digits."""
    factor = SCALES.get(scale)
    if factor is None:
        return fmt_number(value)
    return fmt_number(Decimal(str(value)) / factor) + scale


def _whole(*values: Decimal) -> bool:
    return all(v == v.to_integral_value() for v in values)


def yoy_phrase(value: float | int, previous: float | int | None, unit: str) -> str:
    """同比增长21.7% / 同比下降9.8% / 与上年持平 / 比上年增加2次 / 上年为0; a rate: 提高4.6个百分点 (‰: 个千分点).

    Never 下降100%: a fall to 0 and a small base (under SMALL_BASE) are told as the absolute change.
    """
    if previous is None:
        return ""
    cur, prev = Decimal(str(value)), Decimal(str(previous))
    if is_rate(unit):
        diff = cur - prev
        shown = _one_decimal(abs(diff))
        if shown == "0":
            return "与上年持平"
        return f"{'提高' if diff > 0 else '下降'}{shown}{points(unit)}"
    if cur == prev:
        return "与上年持平"
    if prev == 0:
        return "上年为0"
    change = (cur - prev) / abs(prev) * 100
    shown = _one_decimal(abs(change))
    # a fall that rounds to 100% (2000 to 1) would read 下降100%: told as the absolute change, like a small base
    if cur == 0 or (abs(prev) < SMALL_BASE and _whole(cur, prev)) or (change < 0 and shown == "100"):
        return f"比上年{'增加' if cur > prev else '减少'}{fmt_number(abs(cur - prev))}{unit}"
    if shown == "0":
        return "与上年基本持平"
    return f"同比{'增长' if change > 0 else '下降'}{shown}%"


def change_cell(value: float | int, previous: float | int | None, unit: str) -> str:
    """The phrase under a table's 同比 column: 增长21.7%, 增加2件, 提高1.6个百分点 (— when there is none)."""
    return yoy_phrase(value, previous, unit).removeprefix("同比").removeprefix("比上年") or "—"


def _zero_sentence(name: str, unit: str, previous: float | int | None, previous_scale: str) -> str:
    """A count that is 0: 未发生行政诉讼败诉案件，上年为2件。 / 专题学法0次，上年为4次。"""
    lead = f"未发生{name}" if name.endswith(_EVENTS) else f"{name}0{unit}"
    if previous is None:
        return lead + "。"
    if previous == 0:
        return f"{lead}，上年也为0。"
    return f"{lead}，上年为{quantity(previous, previous_scale)}{unit}。"


def metric_sentence(
    name: str, value: float | int, unit: str, previous: float | int | None, *, scale: str = "", previous_scale: str = ""
) -> str:
    """行政执法案卷评查1260件，同比增长14.5%。 (a % metric reads 行政复议纠错率为12.83%，提高1.6个百分点。)

    `scale` is how the drafter wrote the value (万 or 亿), kept in print: 数据共享5.6万条.
    """
    if value == 0 and not is_rate(unit):
        return _zero_sentence(name, unit, previous, previous_scale)
    number = quantity(value, scale) + measure_text(unit)
    joiner = "为" if is_rate(unit) else ""
    sentence = f"{name}{joiner}{number}"
    phrase = yoy_phrase(value, previous, unit)
    if phrase:
        # "比上年提高1.6个百分点", but never "比上年与上年持平"
        prefix = "比上年" if is_rate(unit) and phrase.startswith(("提高", "下降")) else ""
        sentence += f"，{prefix}{phrase}"
    return sentence + "。"


def end_sentence(text: str) -> str:
    """Ensure a sentence ends with full punctuation, so the next sentence can follow."""
    text = text.rstrip()
    if not text or text[-1] in _ENDINGS or text.endswith(("”", "）")) and len(text) > 1 and text[-2] in _ENDINGS:
        return text
    return text + "。"


def lead_sentence(title: str) -> str:
    """A bold lead sentence: the title with one full stop (no doubled 。)."""
    title = title.rstrip().rstrip("。.;；，,")
    return f"{title}。" if title else ""


def cn_date(day: dt.date | None) -> str:
    """2025-03-08 → 2025年3月8日 (GB/T 9704: Arabic digits, no padding)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


# Where a 公文 title may break: after 关于 (after 关于印发 in a 印发通知: the plan's name stays whole),
# before the year, before 的报告 / 任务分工表.
_TITLE_BREAKS = re.compile(
    r"(?=关于)|(?<=关于)(?!印发)|(?<=关于印发)|(?<=人民政府)|(?=\d{4}年)|(?<=\d{4}年)|(?=法治政府建设)|(?=任务分工表)|(?=主要指标统计表)"
)


def shape_title(title: str, per_line: float) -> str:
    """Break a title too long for one line into a trapezoid (upper line shorter), at a word boundary.

    GB/T 9704 asks for 梯形或菱形 and forbids breaking a word; "\\n" becomes a line break in the draft.
    """
    # a character of slack: digits in a bold title face run wider than half a character
    per_line -= 1
    if display_width(title) <= per_line:
        return title
    best: tuple[float, int] | None = None
    for m in _TITLE_BREAKS.finditer(title):
        cut = m.start()
        upper, lower = display_width(title[:cut]), display_width(title[cut:])
        if not cut or cut == len(title) or upper > per_line or lower > per_line:
            continue
        score = (lower - upper) if upper <= lower else 2 * (upper - lower) + per_line  # prefer 上短下长
        if title[:cut].endswith("关于印发"):
            score -= 2 * per_line  # a 印发通知 breaks before the name of what it issues, which stays whole
        if best is None or score < best[0]:
            best = (score, cut)
    if best is None:
        return _three_lines(title, per_line)
    return title[: best[1]] + "\n" + title[best[1] :]


def _three_lines(title: str, per_line: float) -> str:
    """A title two lines cannot hold (a long issuer and the plan's name): the first line up to the last
    break that fits, the rest shaped again; unbroken when no break fits."""
    cuts = [
        m.start() for m in _TITLE_BREAKS.finditer(title) if 0 < m.start() < len(title) and display_width(title[: m.start()]) <= per_line
    ]
    if not cuts:
        return title
    rest = shape_title(title[cuts[-1] :], per_line + 1)
    return title[: cuts[-1]] + "\n" + rest if rest.count("\n") <= 1 else title
