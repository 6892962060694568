"""The 口径 registry (data/indicators.yaml): load it located, look names up exactly (aliases included), name the nearest."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.core.text import name_key
from reporter.data.loader import problems_from
from reporter.data.model import Indicator
from reporter.data.yamlsource import Source, format_path, read_source

INDICATORS_FILE = "indicators.yaml"
NEAR_RATIO = 0.6  # how alike a name must be to be offered as "did you mean"


@dataclass
class Registry:
    """The indicators in file order, every name and alias pointing at its indicator; `lines` locate each in the file."""

    indicators: list[Indicator] = field(default_factory=list)
    file: str = "data/indicators.yaml"
    lines: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, Indicator] = {}
        for ind in self.indicators:
            for name in (ind.name, *ind.aliases):
                self._by_key.setdefault(name_key(name), ind)

    def find(self, name: str) -> Indicator | None:
        """The indicator `name` names exactly (its name or an alias), never a near one."""
        return self._by_key.get(name_key(name))

    def nearest(self, name: str) -> str | None:
        """The registered name most like `name` (aliases lead to their indicator's name), if any is close."""
        keys = list(self._by_key)
        best = difflib.get_close_matches(name_key(name), keys, n=1, cutoff=NEAR_RATIO)
        return self._by_key[best[0]].name if best else None

    def unregistered_fix(self, name: str) -> str:
        """What to do about a metric `name` the registry does not hold: use the nearest name or register it."""
        near = self.nearest(name)
        if near:
            return f"如与“{near}”是同一指标，请改用该名称，或把“{name}”写进它的 aliases"
        return "如需按口径汇总，请在 data/indicators.yaml 中登记"

    def line_of(self, indicator: Indicator) -> int:
        i = self.indicators.index(indicator)
        return self.lines[i] if i < len(self.lines) else 0


def definition_text(ind: Indicator) -> str:
    """The 口径说明 of one indicator: its definition, and for a rate what 分子 and 分母 count."""
    text = ind.definition
    if ind.kind == "rate" and (ind.numerator or ind.denominator):
        parts = f"分子：{ind.numerator or '—'}；分母：{ind.denominator or '—'}"
        text = f"{text}（{parts}）" if text else parts
    if not ind.na:
        text += "。本项须填数，不能填“无此职责”" if text else "本项须填数，不能填“无此职责”"
    return text


def definitions_note(registry: Registry, names: list[str]) -> str:
    """The 统计口径 of the metrics `names` (a report's table, in order), as the note under the 主要指标统计表; "" when none is registered."""
    seen: list[Indicator] = []
    for name in names:
        ind = registry.find(name)
        if ind is not None and ind.definition and ind not in seen:
            seen.append(ind)
    parts = [
        f"{ind.name}：{ind.definition.rstrip('。')}"
        + (f"（分子：{ind.numerator}；分母：{ind.denominator}）" if ind.kind == "rate" and ind.numerator and ind.denominator else "")
        for ind in seen
    ]
    return "统计口径：" + "；".join(parts) + "。" if parts else ""


def _entry_source(source: Source, i: int) -> Source:
    """A view of the i-th entry with its marks, so its errors point at the file's lines."""
    sub = Source(file=source.file, data=source.data[i])
    sub.value_marks = {p[1:]: m for p, m in source.value_marks.items() if p[:1] == (i,)}
    sub.key_marks = {p[1:]: m for p, m in source.key_marks.items() if p[:1] == (i,)}
    return sub


def _shift(problem: Diagnostic, i: int) -> Diagnostic:
    path = f"[{i}]" + (f".{problem.path}" if problem.path else "")
    return Diagnostic(problem.file, problem.line, problem.col, path, problem.message, problem.fix)


def _duplicates(registry: Registry, source: Source) -> list[Diagnostic]:
    """A name or alias used twice would make merge guess: each is an error at its second use."""
    seen: dict[str, int] = {}
    problems = []
    for i, ind in enumerate(registry.indicators):
        for j, name in enumerate((ind.name, *ind.aliases)):
            key = name_key(name)
            path: tuple[str | int, ...] = (i, "name") if j == 0 else (i, "aliases", j - 1)
            if key in seen and seen[key] != i:
                line, col = source.mark(path)
                first = registry.indicators[seen[key]].name
                problems.append(
                    Diagnostic(
                        source.file, line, col, format_path(path), f"名称“{name}”已用于指标“{first}”", "每个名称和别名只能指向一项指标"
                    )
                )
            seen.setdefault(key, i)
    return problems


def parse_indicators(source: Source) -> Registry:
    """Validate a parsed indicators.yaml; every problem of every entry at once."""
    if source.data is None:
        return Registry(file=source.file)
    if not isinstance(source.data, list):
        raise DataError.single(source.file, "文件顶层应为指标列表（每项以“- name: ”开头）", 1, 1)
    problems = list(source.problems)
    indicators: list[Indicator] = []
    for i, entry in enumerate(source.data):
        if not isinstance(entry, dict):
            line, col = source.mark((i,))
            problems.append(Diagnostic(source.file, line, col, f"[{i}]", "每项指标应为键值对（name、unit、kind、definition……）"))
            continue
        try:
            indicators.append(Indicator.model_validate(entry))
        except ValidationError as exc:
            problems += [_shift(p, i) for p in problems_from(exc, _entry_source(source, i), Indicator)]
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.line, p.col)))
    registry = Registry(indicators, source.file, [source.mark((i,))[0] for i in range(len(indicators))])
    duplicates = _duplicates(registry, source)
    if duplicates:
        raise DataError(duplicates)
    return registry


def load_indicators(path: Path, file: str) -> Registry | None:
    """data/indicators.yaml as a Registry; None when the workspace has none (merge and check then work as before)."""
    if not path.is_file():
        return None
    return parse_indicators(read_source(path, file))
