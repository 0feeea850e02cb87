"""Values that stand in the same place of two sentences worded alike.

Outlets copy one another and wire copy is rewritten lightly: "Jackson is due in court Feb. 17."
and "Jackson is due in court Feb. 18." are one fact whatever the slot rules make of "due".
With every value masked, such sentences read the same; the values at the same place of the
shared wording then fill one slot, and this holds in one line a reader can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from crosscheck.schema import Sentence

_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")
_MIN_TOKENS = 6  # a headline of three words is alike by chance
_MIN_SHARE = 0.85  # of the masked words, in order, that the two sentences share
_AROUND = 2  # words each side of a value that must be the same
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+")


@dataclass(frozen=True)
class Alike:
    """The values of two sentences at the same place of their shared wording."""

    pairs: dict[int, int]  # mention index in the first sentence -> in the second
    share: float  # of the masked words shared, in order

    def says(self) -> str:
        return f"the sentences are worded alike around both values ({self.share:.0%} of words)"


def alike(a: Sentence, b: Sentence) -> Alike | None:
    """The values of ``a`` and ``b`` at one place of wording they share, or None when the two
    are not worded alike."""
    (ta, where_a), (tb, where_b) = _masked(a), _masked(b)
    if min(len(ta), len(tb)) < _MIN_TOKENS:
        return None
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    if matcher.real_quick_ratio() < _MIN_SHARE or matcher.quick_ratio() < _MIN_SHARE:
        return None  # upper bounds of the share, cheap: most pairs of a story stop here
    share = matcher.ratio()
    if share < _MIN_SHARE:
        return None
    if _names(a) != _names(b):
        return None  # "He finished with 14 points" is not "... 11 points for Echenique"
    pairs = {}
    for start_a, start_b, size in matcher.get_matching_blocks():
        for k in range(size):
            p, q = start_a + k, start_b + k
            if p in where_a and _same_around(ta, tb, p, q):
                pairs[where_a[p]] = where_b[q]
    return Alike(pairs, share) if pairs else None


def _same_around(ta: tuple[str, ...], tb: tuple[str, ...], p: int, q: int) -> bool:
    """Whether the words right before and after a value are the same in both sentences: "killed
    12 people" and "injured 15 people" differ where it matters, however alike the rest."""
    before = min(_AROUND, p, q)
    after = min(_AROUND, len(ta) - p - 1, len(tb) - q - 1)
    return (
        ta[p - before : p] == tb[q - before : q]
        and ta[p + 1 : p + 1 + after] == tb[q + 1 : q + 1 + after]
    )


def _names(sentence: Sentence) -> frozenset[str]:
    """The capitalised words after the first, outside its values: the people and places a
    sentence names ("On Thursday" is a value, not a name)."""
    text = sentence.text
    for m in sentence.mentions:
        text = text[: m.start] + " " * (m.end - m.start) + text[m.end :]
    return frozenset(_NAME.findall(text[1:]))


@lru_cache(maxsize=1 << 14)
def _masked(sentence: Sentence) -> tuple[tuple[str, ...], dict[int, int]]:
    """The sentence's words, lowercased, with each value replaced by one token of its kind,
    and the mention index of each such token's position."""
    tokens: list[str] = []
    where: dict[int, int] = {}
    at = 0
    for index, m in enumerate(sentence.mentions):
        if m.start < at:
            continue  # an overlapping mention; the first one stands
        tokens += [t.lower() for t in _TOKEN.findall(sentence.text[at : m.start])]
        where[len(tokens)] = index
        tokens.append(f"\0{m.kind.value}")
        at = m.end
    tokens += [t.lower() for t in _TOKEN.findall(sentence.text[at:])]
    return tuple(tokens), where
