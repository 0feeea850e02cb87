"""Which sentences to compare: those whose values fill one named slot, whatever their wording.

Two outlets' wordings of one fact ("shot by 34-year-old John Doe", "the father of 35-year-old
John M. Doe") may read quite differently; nearest-neighbour search alone misses them. So values
whose slot is named (the age of Doe, the count of people killed, the date of the arrest) are
bucketed per story, and each sentence is paired with the closest sentence of every other
article in its bucket. Similarity only picks which sentence of an article to quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from crosscheck.facts.slots import Fact, read_facts
from crosscheck.schema import Sentence

_MAX_DOCS = 20  # articles each sentence is paired with per slot, the closest first


def slot_bucket(fact: Fact) -> tuple[str, ...] | None:
    """The key of a slot that is named well enough to pair sentences on, or None."""
    if fact.attribute == "age" and fact.holder is not None:
        return ("age", fact.holder.key)
    if fact.attribute == "count" and ":" in fact.detail:
        return ("count", fact.detail)
    if fact.attribute in ("date", "time of day") and fact.event not in (None, "statement"):
        return (fact.attribute, fact.event or "")
    return None


def same_slot_pairs(
    sentences: Sequence[Sentence],
    rows: Sequence[int],
    story: dict[str, int],
    vectors: np.ndarray,
) -> Iterator[tuple[int, int, float]]:
    """(row, other row, similarity) for sentences of one story that fill one named slot."""
    buckets: dict[tuple[object, ...], set[int]] = defaultdict(set)
    for row in rows:
        sentence = sentences[row]
        for fact in read_facts(sentence):
            if slot := slot_bucket(fact):
                buckets[(story[sentence.doc_id], *slot)].add(row)
    for bucket in sorted(buckets, key=repr):
        members = sorted(buckets[bucket])
        if len(members) < 2:
            continue
        similarity = vectors[members] @ vectors[members].T
        for i, row in enumerate(members):
            best: dict[str, tuple[float, int]] = {}
            for j, other in enumerate(members):
                doc = sentences[other].doc_id
                if other != row and (doc not in best or similarity[i, j] > best[doc][0]):
                    best[doc] = (float(similarity[i, j]), other)
            for score, other in sorted(best.values(), reverse=True)[:_MAX_DOCS]:
                yield row, other, round(score, 3)
