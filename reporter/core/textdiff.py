"""Differences between two versions of a text: paragraphs paired in order, and phrase-level changes inside one."""

from __future__ import annotations

import difflib
import re

_SPACE = re.compile(r"[\s\u2060\u200b\u3000]+")
# Latin words and numbers change as a whole ("2024" → "2025", not "4" → "5"); Chinese is compared character by character.
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*%?|.", re.DOTALL)
_PUNCT = set("，。；：、！？“”‘’（）《》〔〕…—,.;:!?()[] \t\n")

Op = tuple[str, int, int, int, int]


def squeeze(text: str) -> str:
    """A paragraph's text without the spacing that layout adds (line breaks of a title, word joiners)."""
    return _SPACE.sub("", text)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair_block(old: list[str], new: list[str], i0: int, j0: int) -> list[tuple[int | None, int | None]]:
    """Pairs within a replaced run: a paragraph matches the most similar one ahead; the rest are removed or added."""
    pairs: list[tuple[int | None, int | None]] = []
    j = 0
    for i, text in enumerate(old):
        scores = [similarity(text, cand) for cand in new[j:]]
        best = max(range(len(scores)), key=lambda k: scores[k], default=None)
        if best is None or scores[best] < 0.5:
            pairs.append((i0 + i, None))
            continue
        pairs += [(None, j0 + k) for k in range(j, j + best)]
        pairs.append((i0 + i, j0 + j + best))
        j += best + 1
    return pairs + [(None, j0 + k) for k in range(j, len(new))]


def _edited(old: str, new: str) -> bool:
    """One paragraph edited where it stands: alike, or both as short as a table cell ("38" → "40")."""
    return len(old) <= 12 and len(new) <= 12 or similarity(old, new) >= 0.3


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """(old index, new index) of two paragraph lists in document order; None on one side: removed or added."""
    a, b = [squeeze(t) for t in old], [squeeze(t) for t in new]
    pairs: list[tuple[int | None, int | None]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pairs += list(zip(range(i1, i2), range(j1, j2), strict=True))
        elif op == "delete":
            pairs += [(i, None) for i in range(i1, i2)]
        elif op == "insert":
            pairs += [(None, j) for j in range(j1, j2)]
        elif i2 - i1 == j2 - j1 and all(_edited(a[i], b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)):
            pairs += list(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            pairs += _pair_block(a[i1:i2], b[j1:j2], i1, j1)
    return pairs


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _offsets(parts: list[str]) -> list[int]:
    out = [0]
    for p in parts:
        out.append(out[-1] + len(p))
    return out


def _coalesce(ops: list[Op], a: list[str]) -> list[Op]:
    """Short unchanged islands between two changes join them: a reader sees one changed phrase, not confetti."""
    out: list[Op] = []
    for op in ops:
        if op[0] != "equal" and len(out) >= 2 and out[-1][0] == "equal" and out[-2][0] != "equal":
            words = a[out[-1][1] : out[-1][2]]
            if len(words) <= 2 and not any(w in _PUNCT for w in words):
                out.pop()
                prev = out.pop()
                op = ("replace", prev[1], op[2], prev[3], op[4])
        out.append(op)
    return out


def phrase_ops(old: str, new: str) -> list[Op]:
    """Character offsets of the changes from `old` to `new`, by phrase (Latin words and numbers whole)."""
    a, b = tokens(old), tokens(new)
    raw: list[Op] = [(o, i1, i2, j1, j2) for o, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    ops = _coalesce(raw, a)
    ia, ib = _offsets(a), _offsets(b)
    out: list[Op] = []
    for op, i1, i2, j1, j2 in ops:
        kind = op if op == "equal" else ("insert" if i1 == i2 else "delete" if j1 == j2 else "replace")
        out.append((kind, ia[i1], ia[i2], ib[j1], ib[j2]))
    return out
