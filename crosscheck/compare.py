"""Decide whether two sentences from different sources agree on their numbers and dates.

Two values are compared only when they speak of the same thing: the same dimension (a date with a
date, a count of troops with a count of troops, an anniversary of a founding with an anniversary
of that founding) and, for a conflict, enough shared wording around the values that a reader would
say both sentences report one fact. The bar for "conflict" is deliberately higher than for
"agree": a false conflict sends a fact-checker chasing nothing. Differing values that may not be
one fact at all (loosely similar sentences, other names, an event the other source could not
have known of) are not compared; one fact that cannot be settled (an unknown publication date,
figures from days far apart) is "unverified", with the reason.
"""

from __future__ import annotations

import math
import re
from collections import Counter
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
from crosscheck.values import (
    Span,
    anchor_span,
    gap_days,
    known_parts_differ,
    ratio,
    value_span,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    """
    a an the of in on at to for from by with and or but as is are was were be been being has
    have had its it this that these those their his her he she they we you i our your them than
    then into over after before since about more less most least some such not no nor also said
    says say will would could should may might can did does do just very up out per there here
    who whom which what when where while first last time times year years month months week
    weeks day days new one two three ago according reported report reports told
    """.split()
)
# Words that are not evidence of a shared subject even when both sentences contain them.
_GENERIC_HEADS = frozenset({"time", "times", "anniversary", "year", "years"})
_POSSESSIVE = re.compile(r"['’]s\s+[a-z]")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|his|her|its|their)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+[a-z]")
_PARTIAL = re.compile(r"\s+(?:other|more|additional|further|extra)\b", re.IGNORECASE)
_PARTIAL_BEFORE = re.compile(r"\b(?:another|an\s+additional|a\s+further)\s+$", re.IGNORECASE)
_AGE = re.compile(r"[\s-]*olds?\b", re.IGNORECASE)
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
    common_words: frozenset[str] = frozenset()  # see common_words()
    max_date_gap_days: int = 366  # see _same_occasion
    max_ratio: float = 2.0
    # Two values that name their subject in two or more shared words ("anniversary of diplomatic
    # relations") are aligned by that subject, so their sentences may differ more.
    subject_similarity: float = 0.45
    max_gap_days: int = 60


def _stem(word: str) -> str:
    """A crude stem, enough to match "troops"/"troop" and "founding"/"founded"."""
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


def _window(located: Located) -> tuple[list[str], list[str]]:
    """The content words just before and just after a mention."""
    text, m = located.sentence.text, located.mention
    before = [w for w in _WORD.findall(text[: m.start]) if w.lower() not in _STOP][-_WINDOW:]
    after = [w for w in _WORD.findall(text[m.end :]) if w.lower() not in _STOP][:_WINDOW]
    return before, after


def context_words(located: Located) -> set[str]:
    """Content words near a mention: what the value is the value of."""
    before, after = _window(located)
    own = {_stem(w) for w in _WORD.findall(located.mention.text)}
    return {_stem(w) for w in before + after} - own


def slot_words(located: Located) -> set[str]:
    """Lower-case content words near a mention: the predicate a value fills ("visited in",
    "a 90-day stay"), without the names that every sentence of a story repeats.

    A date used before a noun ("the 2012 shooting death", "Sunday's finale") dates that noun,
    not the clause around it, so only the noun phrase after it is its slot.
    """
    text, m = located.sentence.text, located.mention
    before, after = _window(located)
    if m.kind in (Kind.DATE, Kind.TIME) and _prenominal(text, m.start, m.end):
        before, after = [], after[:2]
    own = {_stem(w) for w in _WORD.findall(m.text)}
    return {_stem(w) for w in before + after if w[0].islower()} - own


def common_words(sentences: Sequence[Sentence], share: float = 0.5) -> frozenset[str]:
    """Stems used by at least ``share`` of a corpus's sources (given eight or more): the story's
    own vocabulary ("rehab", "earthquake"), which shows two sentences are on one story, not
    that two values fill one slot."""
    by_doc: dict[str, set[str]] = {}
    for sentence in sentences:
        by_doc.setdefault(sentence.doc_id, set()).update(content_words(sentence.text))
    if len(by_doc) < 8:  # fewer sources cannot show which words are the story's own
        return frozenset()
    counts = Counter(word for words in by_doc.values() for word in words)
    return frozenset(w for w, n in counts.items() if n >= share * len(by_doc))


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
    """The lower-case content words of what a value is of: the kind of event ("founding",
    "diplomatic relations"), not the names around it, which many different events share."""
    text = " ".join(filter(None, (m.subject, m.head)))
    return content_words(" ".join(w for w in _WORD.findall(text) if w[0].islower())) - (
        _GENERIC_HEADS
    )


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
    return _is_age(a) == _is_age(b)


def _is_age(located: Located) -> bool:
    """A duration written as an age ("a 12-year-old girl") is a person's age, not a span of
    time such as a prison term ("20 years"); the two are never the same fact."""
    m = located.mention
    return m.kind == Kind.DURATION and bool(_AGE.match(located.sentence.text, m.end))


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
    counted = f" {m.head}" if m.head and m.kind in (Kind.NUMBER, Kind.ORDINAL) else ""
    return f'"{m.text}"{counted} = {m.value}'


def _after_publication(a: Located, b: Located) -> bool:
    """Whether one side dates an event after the other side was published.

    The other source cannot be reporting that event, so the two dates are not one fact: the same
    ceremony in different years, say, or two visits.
    """
    if a.mention.role is not None or a.mention.kind not in (Kind.DATE, Kind.TIME):
        return False
    for located, other in ((a, b), (b, a)):
        span, published = value_span(located.mention), other.source.published
        if span and published and span.lo > published.toordinal():
            return True
    return False


def _occurrence_doubt(a: Located, b: Located, t: Thresholds) -> str | None:
    """Why two differing values of one fact may not contradict each other.

    Counts, money and durations change as a story develops, so sources published far apart are
    not held to one figure; dates and anchored values are timeless and exempt.
    """
    pa, pb = a.source.published, b.source.published
    ma, mb = a.mention, b.mention
    if ma.role is not None or mb.role is not None or ma.kind in (Kind.DATE, Kind.TIME):
        return None
    if pa is None or pb is None:
        return "a publication date is unknown, so the figures may be from different days"
    gap = abs((pa - pb).days)
    if gap > t.max_gap_days:
        return f"the sources were published {gap} days apart and may describe different occasions"
    return None


def judge(a: Located, b: Located) -> tuple[Verdict, str] | None:
    """Verdict and reason for two aligned values; None when a value is too vague to compare
    ("in recent months")."""
    ma, mb = a.mention, b.mention
    if not (ma.resolved and mb.resolved):
        differ = ma.kind in (Kind.DATE, Kind.TIME) and known_parts_differ(ma.value, mb.value)
        what = "differ where both are known, but" if differ else "cannot be settled:"
        return (
            Verdict.UNVERIFIED,
            f"{describe(a)}; {describe(b)}: {what} a publication date is unknown",
        )
    sa, sb = _span(ma), _span(mb)
    if sa is None or sb is None:
        return None
    if sa.overlaps(sb):
        word = "same" if sa == sb else "consistent"
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
    judged = judge(a, b)
    if judged is None:
        return None
    verdict, reason = judged
    if verdict != Verdict.CONFLICT and not _plausibly_aligned(a, b, similarity, thresholds):
        return None
    if verdict == Verdict.CONFLICT:
        if not _firmly_aligned(a, b, similarity, thresholds) or _after_publication(a, b):
            return None
        doubt = _occurrence_doubt(a, b, thresholds)
        if doubt:
            verdict, reason = Verdict.UNVERIFIED, f"{reason}, but {doubt}"
    return Comparison(
        claim_value=a.mention, evidence_value=b.mention, verdict=verdict, reason=reason
    )


def _plausibly_aligned(a: Located, b: Located, similarity: float, t: Thresholds) -> bool:
    """Whether two values that do not conflict are worth reporting rather than a coincidence.

    "June" in two loosely related sentences is chance ("visited Seoul this week" and "talks in
    Seoul last month" share a place, not an event); derived values with a shared subject, close
    sentences, or a shared predicate word around the values are not. A bound agrees only with a
    value that is surely about the same thing.
    """
    if _open_ended(a.mention) or _open_ended(b.mention):
        return _firmly_aligned(a, b, similarity, t)
    if a.mention.role is not None or similarity >= t.conflict_similarity:
        return True
    return bool((slot_words(a) & slot_words(b)) - t.common_words)


def _open_ended(m: Mention) -> bool:
    """A bound ("over eight months") is consistent with much; agreeing with it proves little."""
    span = _span(m)
    return span is not None and math.inf in (abs(span.lo), abs(span.hi))


def _firmly_aligned(a: Located, b: Located, similarity: float, t: Thresholds) -> bool:
    """Whether two differing values are surely one fact.

    The sentences must be close in meaning, name the same people or places (a name against a
    bare "he" is not enough), and the values must sit in the same slot: the words around them
    share a predicate word ("visited", "killed", "stay"), not only names or the story's own
    vocabulary, which every sentence of the story shares. A bare number with nothing counted
    is never surely one fact, nor is a value in a sentence that states several of its kind
    ("793 yards ... 302 yards"), whose partner cannot be told, nor a part of a total ("three
    other bombs").
    """
    shared_subject = len(_subject_words(a.mention) & _subject_words(b.mention)) >= 2
    needed = t.subject_similarity if shared_subject else t.conflict_similarity
    if similarity < needed:
        return False
    names_a, names_b = _proper_nouns(a.sentence), _proper_nouns(b.sentence)
    if names_a and names_b and not names_a & names_b:
        return False
    if a.mention.role is not None:
        return True  # a derived value's subject ("anniversary of the founding") names its fact
    if (names_a or names_b) and not names_a & names_b:
        return False  # a name against a bare "he": who the value is about is unknown
    dim = dimension(a.mention)
    if dim is None or dim[0] == "ordinal" or (dim[0] == "count" and not dim[1]):
        return False  # "second half" and "first half" are two halves, not two reports of one
    if _ambiguous(a) or _ambiguous(b) or _partial(a) or _partial(b):
        return False
    if not _same_occasion(a.mention, b.mention, t):
        return False
    return bool((slot_words(a) & slot_words(b)) - t.common_words)


def _prenominal(text: str, start: int, end: int) -> bool:
    """Whether a date stands before a noun it dates: a possessive ("Sunday's finale") or
    after a determiner ("the 2012 shooting"); "on Thursday thwarted" is not."""
    if _POSSESSIVE.match(text, end):
        return True
    return bool(_DETERMINER_BEFORE.search(text[:start]) and _NOUN_AFTER.match(text, end))


def _partial(located: Located) -> bool:
    """Whether a count is of some more beyond others ("three other bombs", "another four
    people"): a part of a total, which a total in another source does not contradict."""
    text, m = located.sentence.text, located.mention
    if m.kind not in (Kind.NUMBER, Kind.MONEY, Kind.QUANTITY):
        return False
    return bool(_PARTIAL.match(text, m.end) or _PARTIAL_BEFORE.search(text[: m.start]))


def _ambiguous(located: Located) -> bool:
    """Whether a sentence states more than one value of this value's dimension."""
    dim = dimension(located.mention)
    return sum(1 for m in located.sentence.mentions if dimension(m) == dim) > 1


def _same_occasion(a: Mention, b: Mention, t: Thresholds) -> bool:
    """Whether two differing values are close enough to be misreports of one fact.

    Outlets that misreport a fact are off by a day, a month, a year, or a modest share of a
    figure; values years or several-fold apart ("in 2001" and "in 2007", "9 carries" and "83
    carries") almost always describe different things in sentences that merely look alike.
    """
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return False
    if a.kind in (Kind.DATE, Kind.TIME):
        return gap_days(sa, sb) <= t.max_date_gap_days
    return ratio(sa, sb) <= t.max_ratio


_RANK = {Verdict.AGREE: 0, Verdict.CONFLICT: 1, Verdict.UNVERIFIED: 2}


def compare_sentences(
    claim: tuple[Sentence, Source],
    evidence: tuple[Sentence, Source],
    similarity: float,
    thresholds: Thresholds = Thresholds(),
) -> tuple[Comparison, ...]:
    """Pair the values of two sentences one to one and judge each pair.

    Agreements are paired first, so that in "from September 2010 to January 2011" against "in
    2010" the 2010s pair up and January 2011 is left unpaired rather than called a conflict;
    a value of the evidence is used once. Sentences with a pair of far-apart values tell of
    different events and have no conflicts.
    """
    candidates = [
        (_RANK[c.verdict], i, j, c)
        for i, cm in enumerate(claim[0].mentions)
        for j, em in enumerate(evidence[0].mentions)
        if (
            c := compare_mentions(
                Located(cm, *claim), Located(em, *evidence), similarity, thresholds
            )
        )
    ]
    if _apart(claim, evidence, thresholds):
        candidates = [c for c in candidates if c[3].verdict != Verdict.CONFLICT]
    used_claim: set[int] = set()
    used_evidence: set[int] = set()
    paired: list[tuple[int, Comparison]] = []
    for _, i, j, comparison in sorted(candidates, key=lambda t: t[:3]):
        if i not in used_claim and j not in used_evidence:
            used_claim.add(i)
            used_evidence.add(j)
            paired.append((i, comparison))
    return tuple(c for _, c in sorted(paired, key=lambda t: t[0]))


def _apart(
    claim: tuple[Sentence, Source], evidence: tuple[Sentence, Source], t: Thresholds
) -> bool:
    """Whether some pair of same-kind values in two sentences is far apart ("£910,000" and
    "£88m", "in 2001" and "in 2007"): then the sentences tell of different events, and none of
    their differing values is a conflict ("stole ... in May" and "stole ... in July")."""
    return any(
        dimension(cm) is not None
        and cm.role is None
        and dimension(cm) == dimension(em)
        and _is_age(Located(cm, *claim)) == _is_age(Located(em, *evidence))
        and _span(cm) is not None
        and _span(em) is not None
        and not _same_occasion(cm, em, t)
        for cm in claim[0].mentions
        for em in evidence[0].mentions
    )


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
