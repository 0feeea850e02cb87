"""Decide whether two sentences from different sources agree on their numbers and dates.

Two values are compared only when they speak of the same thing: the same dimension (a date with a
date, a count of troops with a count of troops, an anniversary of a founding with an anniversary
of that founding) and, for a conflict, enough shared wording around the values that a reader would
say both sentences report one fact. The bar for "conflict" is deliberately higher than for
"agree": a false conflict sends a fact-checker chasing nothing, so anything doubtful becomes
"unverified" with the reason it could not be settled.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crosscheck.schema import (
    Comparison,
    Kind,
    Mention,
    Qualifier,
    Role,
    Sentence,
    Source,
    Verdict,
)
from crosscheck.values import Span, anchor_span, known_parts_differ, value_span

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being has
    have had its it this that these those their his her he she they we you i our your them than
    then into over after before since about more less most least some such not no nor also said
    says say will would could should may might can did does do just very up out per there here
    who whom which what when where while first last time times year years month months week weeks
    day days new one two three ago according reported report reports told""".split()
)
# Words that are not evidence of a shared subject even when both sentences contain them.
_GENERIC_HEADS = frozenset({"time", "times", "anniversary", "year", "years"})
_WINDOW = 6  # content words each side of a value that describe what it is about


@dataclass(frozen=True)
class Located:
    """A mention with the sentence and source it came from: what a verdict needs to explain."""

    mention: Mention
    sentence: Sentence
    source: Source


@dataclass(frozen=True)
class Thresholds:
    """How much alignment a verdict needs; see the module docstring for why conflict is stricter."""

    conflict_similarity: float = 0.6
    max_gap_days: int = 60


def _stem(word: str) -> str:
    """A crude stem, enough to match "troops"/"troop" and "founding"/"founded"; no library needed."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Stemmed content words of a text, stop words dropped."""
    return {_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP}


def _proper_nouns(sentence: Sentence) -> set[str]:
    """Capitalised words not at the start of the sentence: the names a fact is about."""
    words = _WORD.findall(sentence.text)
    return {w.lower() for w in words[1:] if w[0].isupper() and w.lower() not in _STOP}


def context_words(located: Located) -> set[str]:
    """Content words near a mention: what the value is the value of."""
    text, m = located.sentence.text, located.mention
    before = [w for w in _WORD.findall(text[: m.start]) if w.lower() not in _STOP][-_WINDOW:]
    after = [w for w in _WORD.findall(text[m.end :]) if w.lower() not in _STOP][:_WINDOW]
    return {_stem(w) for w in before + after} - {_stem(w) for w in _WORD.findall(m.text)}


def _norm_head(head: str | None) -> str | None:
    return _stem(head) if head else None


def dimension(m: Mention) -> tuple[str, ...] | None:
    """What a value measures; only values of one dimension are ever compared."""
    if m.role == Role.ANNIVERSARY:
        return ("anniversary",)
    if m.role in (Role.SINCE, Role.GAP):
        return ("last occurrence",)
    if m.kind in (Kind.DATE, Kind.TIME):
        return ("date",)
    if m.kind == Kind.DURATION:
        return ("duration",)
    if m.kind == Kind.NUMBER:
        return ("count", _norm_head(m.head) or "")
    if m.kind == Kind.ORDINAL:
        return ("ordinal", _norm_head(m.head) or "")
    if m.kind in (Kind.MONEY, Kind.QUANTITY):
        return (m.kind.value, (m.unit or "").lower())
    if m.kind == Kind.PERCENT:
        return ("percent",)
    return None


def _subject_words(m: Mention) -> set[str]:
    return content_words(" ".join(filter(None, (m.subject, m.head)))) - _GENERIC_HEADS


def same_subject(a: Located, b: Located) -> bool:
    """Whether two values of one dimension are about the same thing.

    Anniversaries must share what they are the anniversary of ("founding"); counts and ordinals
    without a counted noun must share wording around the value; the others share a dimension.
    """
    ma, mb = a.mention, b.mention
    if ma.role == Role.ANNIVERSARY:
        return bool(_subject_words(ma) & _subject_words(mb))
    if ma.role in (Role.SINCE, Role.GAP):
        return bool(context_words(a) & context_words(b))
    dim = dimension(ma)
    if dim and dim[0] in ("count", "ordinal") and not dim[1]:
        return len(context_words(a) & context_words(b)) >= 2
    return True


def _span(m: Mention) -> Span | None:
    if m.role in (Role.SINCE, Role.GAP, Role.ANNIVERSARY):
        span = anchor_span(m)
        if span is None or m.role != Role.GAP:
            return span
        # "first in over eight months": the last time was more than eight months back.
        if m.qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
            return Span(-math.inf, span.hi)
        if m.qualifier in (Qualifier.LESS_THAN, Qualifier.AT_MOST):
            return Span(span.lo, math.inf)
        return span
    return value_span(m)


def describe(located: Located) -> str:
    """How a value was read, in words a reader can check against the quote."""
    m, src = located.mention, located.source
    year = src.published.year if src.published else "date unknown"
    if m.role == Role.ANNIVERSARY:
        of = f" of {m.subject}" if m.subject else ""
        return f'"{m.text}"{of} ({year}) -> {m.anchor or "unresolved"}'
    if m.role == Role.GAP:
        return f'"{m.text}" ({year}) -> last before: {m.anchor or "unresolved"}'
    if m.role == Role.SINCE:
        return f'"{m.text}" -> {m.anchor or m.value}'
    if m.kind in (Kind.DATE, Kind.TIME) and m.text.strip() != m.value:
        return f'"{m.text}" ({src.published or "date unknown"}) = {m.value}'
    return f'"{m.text}" = {m.value}'


def _occurrence_doubt(a: Located, b: Located, t: Thresholds) -> str | None:
    """Why two differing values may be about different occurrences rather than contradict.

    A source cannot report an event dated after its own publication, and counts, money and
    durations change as a story develops, so sources published far apart are not held to one
    figure. Anchored and absolute past dates are timeless and exempt.
    """
    pa, pb = a.source.published, b.source.published
    ma, mb = a.mention, b.mention
    if ma.role is None and ma.kind in (Kind.DATE, Kind.TIME):
        for located, other in ((a, b), (b, a)):
            span, published = value_span(located.mention), other.source.published
            if span and published and span.lo > published.toordinal():
                return f"{other.source.id} was published before {located.mention.value}"
        return None
    if ma.role is not None or mb.role is not None:
        return None
    if pa is None or pb is None:
        return "a publication date is unknown, so the figures may be from different days"
    gap = abs((pa - pb).days)
    if gap > t.max_gap_days:
        return f"the sources were published {gap} days apart and may describe different occasions"
    return None


def judge(a: Located, b: Located) -> tuple[Verdict, str]:
    """Verdict and reason for two aligned values."""
    ma, mb = a.mention, b.mention
    if not (ma.resolved and mb.resolved):
        if ma.kind in (Kind.DATE, Kind.TIME) and known_parts_differ(ma.value, mb.value):
            return Verdict.CONFLICT, f"{describe(a)}; {describe(b)}: differ where both are known"
        return Verdict.UNVERIFIED, f"{describe(a)}; {describe(b)}: a publication date is unknown"
    sa, sb = _span(ma), _span(mb)
    if sa is None or sb is None:
        return Verdict.UNVERIFIED, f"{describe(a)}; {describe(b)}: cannot be compared"
    if sa.overlaps(sb):
        same = sa == sb and sa.is_point
        word = "same" if same or (sa == sb) else "consistent"
        return Verdict.AGREE, f"{describe(a)}; {describe(b)}: {word}"
    return Verdict.CONFLICT, f"{describe(a)}; {describe(b)}: differ"


def compare_mentions(
    a: Located, b: Located, similarity: float, thresholds: Thresholds
) -> Comparison | None:
    """Compare two values if they are aligned; None when they are not about the same thing."""
    if dimension(a.mention) is None or dimension(a.mention) != dimension(b.mention):
        return None
    if not same_subject(a, b):
        return None
    verdict, reason = judge(a, b)
    if verdict == Verdict.CONFLICT:
        doubt = _alignment_doubt(a, b, similarity, thresholds) or _occurrence_doubt(a, b, thresholds)
        if doubt:
            verdict, reason = Verdict.UNVERIFIED, f"{reason}, but {doubt}"
    return Comparison(
        claim_value=a.mention, evidence_value=b.mention, verdict=verdict, reason=reason
    )


def _alignment_doubt(a: Located, b: Located, similarity: float, t: Thresholds) -> str | None:
    """Why two differing values might not be the same fact, or None if the alignment is firm."""
    if similarity < t.conflict_similarity:
        return f"the sentences are only {similarity:.2f} similar"
    if a.mention.role is None and not context_words(a) & context_words(b):
        return "the words around the values differ"
    names_a, names_b = _proper_nouns(a.sentence), _proper_nouns(b.sentence)
    if names_a and names_b and not names_a & names_b:
        return "the sentences name different people or places"
    return None


_RANK = {Verdict.AGREE: 0, Verdict.CONFLICT: 1, Verdict.UNVERIFIED: 2}


def compare_sentences(
    claim: tuple[Sentence, Source],
    evidence: tuple[Sentence, Source],
    similarity: float,
    thresholds: Thresholds = Thresholds(),
) -> tuple[Comparison, ...]:
    """For each value of the claim, the best-aligned value of the evidence and its verdict.

    A claim value with several aligned candidates takes an agreeing one if any (the evidence
    confirms it), else the conflicting one, so one odd date in a long sentence does not hide a
    match.
    """
    results: list[Comparison] = []
    for cm in claim[0].mentions:
        left = Located(cm, *claim)
        candidates = [
            c
            for em in evidence[0].mentions
            if (c := compare_mentions(left, Located(em, *evidence), similarity, thresholds))
        ]
        if candidates:
            results.append(min(candidates, key=lambda c: _RANK[c.verdict]))
    return tuple(results)


def overall(comparisons: Iterable[Comparison]) -> Verdict:
    """A finding conflicts if any of its values conflicts, agrees if any agrees."""
    verdicts = {c.verdict for c in comparisons}
    for verdict in (Verdict.CONFLICT, Verdict.AGREE):
        if verdict in verdicts:
            return verdict
    return Verdict.UNVERIFIED


def fact_key(comparisons: Sequence[Comparison]) -> str:
    """A label that groups agreements about one fact ("anniversary of founding -> 1948")."""
    for c in comparisons:
        if c.verdict != Verdict.AGREE:
            continue
        m = c.claim_value
        if m.role == Role.ANNIVERSARY:
            return f"{m.head or 'anniversary'} of {m.subject or '?'} -> {m.anchor}"
        if m.role in (Role.SINCE, Role.GAP):
            return f"last occurrence -> {m.anchor}"
        label = (dimension(m) or ("value",))[0]
        head = f" {m.head}" if m.head and m.kind in (Kind.NUMBER, Kind.ORDINAL) else ""
        return f"{label}{head}: {m.value}"
    return ""
