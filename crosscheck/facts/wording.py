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
_MIN_RUN = 3  # a value matched with at least two words around it, not on its own


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
    share = matcher.ratio()
    if share < _MIN_SHARE:
        return None
    pairs = {}
    for start_a, start_b, size in matcher.get_matching_blocks():
        if size < _MIN_RUN:
            continue
        for k in range(size):
            if (start_a + k) in where_a:
                pairs[where_a[start_a + k]] = where_b[start_b + k]
    return Alike(pairs, share) if pairs else None


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
