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

from crosscheck.extract import single_day
from crosscheck.facts.slots import Fact, read_facts
from crosscheck.schema import Mention, Sentence

_MAX_DOCS = 20  # articles each sentence is paired with per slot, the closest first


def slot_buckets(fact: Fact, m: Mention) -> list[tuple[str, ...]]:
    """The keys of the slots a value may fill that are named well enough to pair sentences
    on: whose age, which outcome a count counts, which event a date dates; and, for values
    whose slot the words around them may tell better than the rules, the week a day falls in
    and the kind of things counted."""
    keys: list[tuple[str, ...]] = []
    if fact.attribute == "age" and fact.holder is not None:
        keys.append(("age", fact.holder.key))
    if fact.attribute == "money" and fact.holder is not None:
        keys.append(("price", fact.holder.key))  # "$334 million for SeaMicro"
    if fact.part:
        keys.append(("part", fact.detail))  # "including $281 million in cash"
    if fact.attribute == "count" and fact.detail:
        keys.append(("count", fact.detail.partition(":")[0]))
    if fact.attribute in ("date", "time of day"):
        if fact.event not in (None, "statement"):
            keys.append((fact.attribute, fact.event or ""))
        if (week := _week(m)) is not None:
            keys.append(("week", week))
    return keys


def _week(m: Mention) -> str | None:
    """The ISO week of a dated day ("2011-W45"), or None when the day is not known."""
    day = single_day(m.value)
    if day is None:
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


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
        for m, fact in zip(sentence.mentions, read_facts(sentence), strict=True):
            for slot in slot_buckets(fact, m):
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
