"""Find paragraphs copied (or copied with small edits) from last year's report, fast enough for thousands of items."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, TypeVar

T = TypeVar("T")

THRESHOLD = 0.9
MIN_CHARS = 20  # shorter texts ("无。", a heading) repeat every year and say nothing about copying

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match(Generic[T]):
    current: T
    previous: T
    ratio: float


def _normal(text: str) -> str:
    return _SPACE.sub("", text)


def _tokens(text: str) -> set[tuple[str, int]]:
    """Character bigrams, numbered per repeat, so that set overlap equals multiset overlap."""
    seen: Counter[str] = Counter()
    out = set()
    for i in range(len(text) - 1):
        gram = text[i : i + 2]
        out.add((gram, seen[gram]))
        seen[gram] += 1
    return out


def required_overlap(length: int, threshold: float) -> int:
    """Fewest bigrams a text of `length` shares with any text it matches at `threshold`.

    With M characters matched in k blocks and T = la + lb, ratio = 2M/T; each boundary between
    blocks needs an unmatched character, so k - 1 <= T - 2M, and the blocks share at least
    M - k >= (1.5·ratio - 1)·T - 1 bigrams.  Texts that pass the length prefilter have
    T >= 2·length/(2 - ratio).
    """
    return math.ceil((1.5 * threshold - 1) * 2 * length / (2 - threshold) - 1)


@dataclass
class _Doc:
    text: str
    tokens: set[int]  # token ranks
    prefix: list[int]  # the rarest ranks; two texts that can match share one of them (prefix filtering)


def _docs(texts: list[str], threshold: float) -> list[_Doc]:
    """The texts as documents over one global token order, rarest first."""
    token_sets = [_tokens(text) for text in texts]
    frequency: Counter[tuple[str, int]] = Counter()
    for tokens in token_sets:
        frequency.update(tokens)
    rank = {t: r for r, t in enumerate(sorted(frequency, key=lambda t: (frequency[t], t)))}
    docs = []
    for text, tokens in zip(texts, token_sets, strict=True):
        ranks = sorted(rank[t] for t in tokens)
        need = required_overlap(len(text), threshold)
        # Of any len - need + 1 tokens one must be shared, so in one global order both prefixes hold the rarest shared one.
        docs.append(_Doc(text, set(ranks), ranks[: len(ranks) - need + 1] if need > 0 else ranks))
    return docs


def near_duplicates(current: list[tuple[str, T]], previous: list[tuple[str, T]], threshold: float = THRESHOLD) -> list[Match[T]]:
    """For each current (text, tag), the most similar previous text when SequenceMatcher.ratio >= threshold."""
    cur = [(i, _normal(text)) for i, (text, _) in enumerate(current)]
    cur = [(i, text) for i, text in cur if len(text) >= MIN_CHARS]
    prev = [(j, _normal(text)) for j, (text, _) in enumerate(previous)]
    prev = [(j, text) for j, text in prev if len(text) >= MIN_CHARS]
    exact: dict[str, int] = {}
    for j, text in prev:
        exact.setdefault(text, j)

    docs = _docs([text for _, text in cur + prev], threshold)
    cur_docs, prev_docs = docs[: len(cur)], docs[len(cur) :]
    index: dict[int, list[int]] = defaultdict(list)
    for k, doc in enumerate(prev_docs):
        for r in doc.prefix:
            index[r].append(k)

    matches: list[Match[T]] = []
    matcher = SequenceMatcher(None, autojunk=False)  # autojunk would ignore 的/和 in long paragraphs and misjudge
    low, high = threshold / (2 - threshold), (2 - threshold) / threshold
    for (i, a), doc in zip(cur, cur_docs, strict=True):
        if a in exact:
            matches.append(Match(current[i][1], previous[exact[a]][1], 1.0))
            continue
        matcher.set_seq2(a)
        best: tuple[float, int] | None = None
        for k in sorted({k for r in doc.prefix for k in index.get(r, ())}):
            b = prev_docs[k].text
            if not low * len(a) - 1e-9 <= len(b) <= high * len(a) + 1e-9:
                continue
            if len(doc.tokens & prev_docs[k].tokens) < required_overlap(max(len(a), len(b)), threshold):
                continue
            matcher.set_seq1(b)
            if matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold and (best is None or ratio > best[0]):
                best = (ratio, k)
        if best is not None:
            matches.append(Match(current[i][1], previous[prev[best[1]][0]][1], best[0]))
    return matches
