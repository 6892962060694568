"""Area catalogues of the 法治政府建设实施纲要 and matching of an `area` to a catalogue entry."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

CATALOGUES: dict[str, list[str]] = {
    "gangyao-2021": [
        "深入学习贯彻习近平法治思想",
        "健全政府机构职能体系",
        "健全依法行政制度体系",
        "健全行政决策制度体系",
        "健全行政执法工作体系",
        "健全突发事件应对体系",
        "健全社会矛盾纠纷行政预防调处化解体系",
        "健全行政权力制约和监督体系",
        "健全法治政府建设科技保障体系",
        "加强党的领导，完善法治政府建设推进机制",
    ],
    "gangyao-2015": [
        "依法全面履行政府职能",
        "完善依法行政制度体系",
        "推进行政决策科学化、民主化、法治化",
        "坚持严格规范公正文明执法",
        "强化对行政权力的制约和监督",
        "依法有效化解社会矛盾纠纷",
        "全面提高政府工作人员法治思维和依法行政能力",
    ],
}

# Extra names people use for an area (the 2021 纲要 calls the sci-tech area 数字法治政府).
ALIASES: dict[str, str | tuple[str, ...]] = {
    "行政执法": ("健全行政执法工作体系", "坚持严格规范公正文明执法"),
    "政府职能": ("健全政府机构职能体系", "依法全面履行政府职能"),
    "数字法治政府": "健全法治政府建设科技保障体系",
    "科技保障": "健全法治政府建设科技保障体系",
    "习近平法治思想": "深入学习贯彻习近平法治思想",
    "党的领导": "加强党的领导，完善法治政府建设推进机制",
    "推进机制": "加强党的领导，完善法治政府建设推进机制",
    "矛盾纠纷": "健全社会矛盾纠纷行政预防调处化解体系",
    "行政决策": "健全行政决策制度体系",
    "重大行政决策": "健全行政决策制度体系",
    "权力监督": "健全行政权力制约和监督体系",
    "应急管理": "健全突发事件应对体系",
}

# Words every area title shares; they say nothing about which area is meant.
_FILLER = re.compile(r"健全|完善|加强|坚持|深入|推进|强化|依法|全面|有效|体系|工作|制度|[，、,\s]")


def _core(text: str) -> str:
    return _FILLER.sub("", text)


@dataclass(frozen=True)
class AreaMatch:
    index: int | None  # position in the catalogue, None for free text
    title: str  # catalogue title, or the text as given


class Catalogue:
    """An ordered list of area titles, resolving full titles, short forms and free text."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = list(titles)
        self._cores = [_core(t) for t in self.titles]

    @classmethod
    def named(cls, spec: str | list[str]) -> Catalogue:
        if isinstance(spec, list):
            return cls(spec)
        if spec not in CATALOGUES:
            raise KeyError(spec)
        return cls(CATALOGUES[spec])

    def resolve(self, text: str | None) -> AreaMatch:
        if not text:
            return AreaMatch(None, "")
        text = text.strip()
        if text in self.titles:
            return AreaMatch(self.titles.index(text), text)
        aliases = ALIASES.get(text, ())
        for alias in (aliases,) if isinstance(aliases, str) else aliases:
            if alias in self.titles:
                return AreaMatch(self.titles.index(alias), alias)
        core = _core(text)
        if len(core) >= 2:
            # a short form inside a title beats a title's core inside a longer text
            hits = [i for i, c in enumerate(self._cores) if core in c] or [
                i for i, c in enumerate(self._cores) if len(c) >= 3 and c in core
            ]
            if len(hits) == 1:
                return AreaMatch(hits[0], self.titles[hits[0]])
            if len(hits) > 1:  # several contain it: the closest whole title wins
                best = max(hits, key=lambda i: difflib.SequenceMatcher(None, core, self._cores[i]).ratio())
                return AreaMatch(best, self.titles[best])
            close = difflib.get_close_matches(core, self._cores, n=1, cutoff=0.75)
            if close:
                i = self._cores.index(close[0])
                return AreaMatch(i, self.titles[i])
        return AreaMatch(None, text)
