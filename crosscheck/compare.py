"""Decide whether two values are one fact, and what they say together.

Two values are compared only when they fill one slot (see ``crosscheck.facts``): the age of one
person, the time or date of one event, one outcome of a count, the same currency near the same
predicate word. How sure the slot is decides the verdict, never how alike the sentences read:

- **firm**: the slot is named on both sides (both give Doe's age; both date the arrest), so
  differing values are a ``conflict``;
- **likely**: the slot is described but not pinned down (two ages of "the girl"; a time whose
  event only one side names), so differing values are ``disputed``, with why it is uncertain;
- **loose**: only the kind of value matches, so equal values may agree (with a shared predicate
  word) and differing ones say nothing.

Figures that differ between sources published on different days are an ``update`` when the
story moved on (a later, higher toll; "rose to"; an age one higher a year later) and
``corrected`` when a source says an earlier figure was wrong. ``unverified`` is one fact that
cannot be settled: a publication date is unknown.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from crosscheck.extract import (
    MONTH,
    WEEKDAY,
    Span,
    anchor_span,
    gap_days,
    known_parts_differ,
    parse_number,
    ratio,
    single_day,
    value_span,
)
from crosscheck.facts import Fact, Holder, age_years, read_facts
from crosscheck.facts.slots import DETERMINER_BEFORE, RESTATED, TIME_BOUND
from crosscheck.facts.wording import alike
from crosscheck.facts.words import EVENT_CLASSES, GROUP_STEMS, OUTCOME_CLASSES, stem
from crosscheck.schema import Comparison, Kind, Mention, Qualifier, Role, Sentence, Source, Verdict

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    """
    a an the of in on at to for from by with and or but as is are was were be been being has
    have had its it this that these those their his her he she they we you i our your them than
    then into over after before since about more less most least some such not no nor also said
    says say will would could should may might can did does do just very up out per there here
    who whom which what when where while first last time times year years month months week
    weeks day days new one two three ago according reported report reports told between
    """.split()
)
# Words that are not evidence of a shared subject even when both sentences contain them.
_GENERIC_HEADS = frozenset({"time", "times", "anniversary", "year", "years"})
_POSSESSIVE = re.compile(r"\s?['’]\s?s\s+[a-z]")
_NOUN_AFTER = re.compile(r"\s+[a-z]")
_PARTIAL = re.compile(
    r"\s+(?:other|more|additional|further|extra)\b|\s+of\s+(?:the|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:price|total|amount|sum|deal|toll|cost|budget)\b",
    re.IGNORECASE,
)
_PARTIAL_BEFORE = re.compile(
    r"\b(?:another|an\s+additional|a\s+further|the\s+other|of\s+the|of\s+them|including"
    r"|among\s+them|among|of\s+whom)\s+$",
    re.IGNORECASE,
)
# One count of a breakdown ("a man and two women", "two women and a man"): a part of the total.
_PERSONS = (
    r"(?:man|men|woman|women|boy|boys|girl|girls|child|children|teen|teens|adult|adults"
    r"|officer|officers|student|students|worker|workers)"
)
_BREAKDOWN_BEFORE = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s(?:[a-z]+\s)?"
    + _PERSONS
    + r"\s(?:and|,)\s$",
    re.IGNORECASE,
)
_BREAKDOWN_AFTER = re.compile(
    r"\s(?:[a-z]+\s)?" + _PERSONS + r"\s(?:and|,)\s(?:a|an|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|\d+)\s",
    re.IGNORECASE,
)
_CORRECTION = re.compile(
    r"\b(?:initially|originally|previously|earlier|first)\s+(?:said|reported|stated|believed|put"
    r"|listed|gave|thought|announced)\b|\bcorrect(?:ed|ion|s)\b|\brevised\b|\bmisinformation\b"
    r"|\berroneous(?:ly)?\b|\bmistaken(?:ly)?\b|\bnot\s[^.]{0,40}\bas\s(?:previously|earlier"
    r"|originally|first)\s(?:reported|stated|said)\b",
    re.IGNORECASE,
)
_UPDATE_CUE = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|increased|jumped|grew|reached|now|has\ssince"
    r"|later\sdied|since\sdied|succumbed|updated|latest)\b",
    re.IGNORECASE,
)
_WINDOW = 6  # content words each side of a value that describe what it is about
_NEAR = 3  # content words each side that name the predicate a plain amount fills
# The grammar's own month and weekday names: a time names its day, a day names its month.
_DAY_WORD = re.compile(
    rf"(?i)\b{WEEKDAY}|\b(?:today|yesterday|tonight|tomorrow)\b|\d{{1,2}}/\d"
    rf"|\b{MONTH}\.?\s\d{{1,2}}\b"
)
_MONTH_NAME = re.compile(rf"\b{MONTH}\b", re.IGNORECASE)
_AGO = re.compile(r"(?i)\b(\w+)\s(day|week|month|year)s?\sago\b")
_LOOSE_WEEK = re.compile(r"(?i)\b(?:last|this|past|previous)\s+week\b")
_DAYS_IN = {"day": 1.0, "week": 7.0, "month": 30.4, "year": 365.25}
_ZONE = re.compile(r"\b(?:[ECMP][SD]?T|GMT|UTC|BST|CET|IST|JST|AEST|local\stime)\b")
_DAY_MINUTES = 24 * 60
# The minutes a part of the day covers, from its day's midnight ("night" runs into the next day).
# "Morning" in news runs from midnight ("early Tuesday morning" is 3 a.m.) to noon.
_PARTS_OF_DAY = {"MO": (0, 720), "AF": (720, 1080), "EV": (1020, 1320), "NI": (1140, 1740)}


class Tier(IntEnum):
    """How sure it is that two values fill one slot (see the module docstring)."""

    FIRM = 0
    LIKELY = 1
    LOOSE = 2


@dataclass(frozen=True)
class Alignment:
    tier: Tier
    why: str  # one line a reader can check: "both name Doe", "only one names the event"
    positional: bool = False  # paired by their place in sentences worded alike
    contextual: bool = False  # paired by alike surroundings, not by a slot rule
    doubted: bool = False  # the rules found a sign of two facts: alike words do not tie them


@dataclass(frozen=True)
class Located:
    """A mention with its slot and the sentence and source it came from."""

    mention: Mention
    sentence: Sentence
    source: Source
    fact: Fact


@dataclass(frozen=True)
class Thresholds:
    """Limits of what a misreport looks like."""

    common_words: frozenset[str] = frozenset()  # see common_words()
    max_date_gap_days: int = 21  # see _same_occasion
    max_ratio: float = 2.0
    max_gap_days: int = 60  # figures further apart than this are updates, not misreports
    ambiguous_holders: frozenset[str] = frozenset()  # see facts.ambiguous_holders()
    named_ages: frozenset[tuple[str, float]] = frozenset()  # see facts.named_ages()
    sole_first_names: frozenset[tuple[str, str, str]] = frozenset()  # facts.sole_first_names()


def content_words(text: str) -> set[str]:
    """Stemmed content words of a text, stop words dropped."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP}


def _window(
    located: Located, size: int = _WINDOW, *, values: bool = True
) -> tuple[list[str], list[str]]:
    """The content words just before and just after a mention; without ``values``, the words
    of the sentence's other values ("Saturday", "p. m.") left out."""
    text, m = located.sentence.text, located.mention
    if not values:
        for o in located.sentence.mentions:
            text = text[: o.start] + " " * (o.end - o.start) + text[o.end :]
    before = [w for w in _WORD.findall(text[: m.start]) if w.lower() not in _STOP][-size:]
    after = [w for w in _WORD.findall(text[m.end :]) if w.lower() not in _STOP][:size]
    return before, after


def slot_words(located: Located, window: int = _WINDOW) -> set[str]:
    """Lower-case content words near a mention: the predicate a value fills ("visited in",
    "a 90-day stay"), without the names that every sentence of a story repeats.

    A date used before a noun ("the 2012 shooting death", "Sunday's finale") dates that noun,
    not the clause around it, so only the noun phrase after it is its slot.
    """
    text, m = located.sentence.text, located.mention
    before, after = _window(located, window)
    if m.kind in (Kind.DATE, Kind.TIME) and _prenominal(text, m.start, m.end):
        before, after = [], after[:2]
    own = {stem(w) for w in _WORD.findall(m.text)}
    return {stem(w) for w in before + after if w[0].islower()} - own


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


def dimension(m: Mention) -> tuple[str, ...] | None:
    """The kind of quantity a value is; values of different dimensions are never compared."""
    if m.role == Role.ANNIVERSARY:
        return ("anniversary",)
    if m.role in (Role.SINCE, Role.GAP):
        return ("last occurrence",)
    if m.kind in (Kind.DATE, Kind.TIME):
        return ("date",)
    if m.kind == Kind.DURATION:
        return ("duration",)
    if m.kind == Kind.NUMBER:
        return ("count",)
    if m.kind == Kind.ORDINAL:
        return ("ordinal",)
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


def _shared_slot(a: Located, b: Located, t: Thresholds, window: int = _WINDOW) -> set[str]:
    return (slot_words(a, window) & slot_words(b, window)) - t.common_words


def align(a: Located, b: Located, t: Thresholds) -> Alignment | None:
    """Whether two values can be one fact, and how sure that is; None when they are not.

    The slot rules decide; where they find no slot in common (a loose alignment), values whose
    surrounding words are alike ("Around 4:18 p.m., Horton and two other moms are seen
    waiting at an intersection", "At 2:18 p.m., Horton and two other moms are seen
    approaching a Brownsville intersection") are likely one fact.
    """
    alignment = _align_slots(a, b, t)
    if alignment is None or alignment.tier != Tier.LOOSE or alignment.doubted:
        return alignment
    if not _placed_by_context(a, b):
        return alignment
    shared = _alike_context(a, b, t)
    if not shared:
        return alignment
    said = ", ".join(sorted(shared)[:4])
    return Alignment(
        Tier.LIKELY, f"the words around both values are alike ({said})", contextual=True
    )


def _placed_by_context(a: Located, b: Located) -> bool:
    """Whether like surroundings may tie two values: not ages (whose person decides), not
    ordinals ("the second book", "the first book" of one trilogy), not counts of unlike or
    unnamed things ("half the roof", "one corner"; "measuring 3.8 on the Richter scale")."""
    fa, fb = a.fact, b.fact
    if fa.attribute in (RESTATED, "age", "ordinal", "anniversary", "last occurrence"):
        return False
    if fa.attribute in ("date", "time of day") and (fa.event and fb.event):
        # "it was reported Wednesday" / "found by a maid July 27"; "hopped on a jet Wednesday
        # night" / "her exit from Morningside on Thursday": the words say which step is dated
        return "statement" not in (fa.event, fb.event) and _one_action(fa, fb)
    if fa.attribute == "count":
        counted = fa.detail.partition(":")[0]
        return bool(counted) and counted == fb.detail.partition(":")[0]
    return True


def _alike_context(a: Located, b: Located, t: Thresholds) -> set[str]:
    """The words the two values' neighbourhoods share, when they share most of them and no
    name stands against a pronoun ("He finished with 14 points" is not "... 11 points for
    Echenique")."""
    (ca, names_a), (cb, names_b) = _context(a), _context(b)
    ca, cb = ca - t.common_words, cb - t.common_words
    shared = ca & cb
    if (names_a and not names_b and _pronoun(b)) or (names_b and not names_a and _pronoun(a)):
        return set()
    if len(shared) < _CONTEXT_SHARE * min(len(ca), len(cb)):
        return set()
    # words, not only places: "Morningside Recovery in Newport Beach, Calif." is beside
    # both the flight and the exit
    return shared if len(shared - names_a - names_b) >= _MIN_SHARED else set()


def _pronoun(located: Located) -> bool:
    """Whether a value's sentence tells of someone by a pronoun only ("He finished with")."""
    return bool(_PRONOUN.search(located.sentence.text))


_PRONOUN = re.compile(r"(?i)\b(?:he|she|they|his|her|their|him|them)\b")


def _context(located: Located) -> tuple[set[str], set[str]]:
    """Stemmed content words, names included, within a few words of a value, other values'
    words left out; and which of them are names."""
    before, after = _window(located, values=False)
    first = located.sentence.text.startswith
    names = {stem(w) for w in before + after if w[0].isupper() and not first(w)}
    return {stem(w) for w in before + after}, names


_MIN_SHARED = 3
_CONTEXT_SHARE = 0.6


def _align_slots(a: Located, b: Located, t: Thresholds) -> Alignment | None:
    """The slot rules: the alignment of two values by what each measures."""
    fa, fb = a.fact, b.fact
    if {fa.attribute, fb.attribute} == {"date", "time of day"} and _dated_moments(a, b):
        return _align_events(a, b, t)  # "on a Friday afternoon" against "last Friday"
    if fa.attribute != fb.attribute:
        return None
    if fa.attribute != "age" and dimension(a.mention) != dimension(b.mention):
        return None  # an age may be written "34-year-old" (a duration) or "Doe, 34" (a number)
    if fa.attribute == RESTATED:
        return None
    if fa.attribute == "anniversary":
        shared = _subject_words(a.mention) & _subject_words(b.mention)
        return Alignment(Tier.FIRM, f"both of the {' '.join(sorted(shared))}") if shared else None
    if fa.attribute == "last occurrence":
        return _align_last_times(fa, fb)
    if fa.attribute == "age":
        return _align_ages(a, b, t)
    if fa.attribute == "count":
        return _align_counts(a, b, t)
    if fa.attribute in ("date", "time of day"):
        return _align_events(a, b, t)
    if fa.attribute == TIME_BOUND:
        return _align_bounds(a, b)
    if fa.attribute == "money" and fa.detail != fb.detail:
        return None  # "$281 million in cash" is a part of "$334 million"
    if fa.attribute == "ordinal":
        return Alignment(Tier.LOOSE, "same ordinal") if fa.detail == fb.detail else None
    return _align_generic(a, b, t)


def _align_generic(a: Located, b: Located, t: Thresholds) -> Alignment:
    """Money, percentages, quantities, durations and counts of things: one fact only when both
    clauses name one subject and the same predicate word stands right by both values ("AMD
    will pay $334 million in cash" and "AMD paid $300 million in cash"); a count of things
    ("nine games") is at most likely. A quantity is never surely one fact: specifications list
    many ("1.7GHz", "2.5GHz") of different models."""
    fa, fb = a.fact, b.fact
    if fa.attribute == "money" and fa.holder and fb.holder and fa.holder.named == fb.holder.named:
        if fa.holder.key != fb.holder.key or fa.holder.same(fb.holder) is False:
            return Alignment(Tier.LOOSE, "the prices of two things", doubted=True)
        # "will pay $334 million for SeaMicro", "shelled out $500 million for the acquisition
        # of SeaMicro": one price, however worded
        return Alignment(Tier.LIKELY, f"both the price of {fb.holder.text}")
    shared_names = fa.names & fb.names
    counted = {stem(a.mention.head or ""), stem(b.mention.head or "")}
    near = _shared_slot(a, b, t, window=_NEAR) - counted
    if fa.attribute == "quantity" or not shared_names:
        return Alignment(Tier.LOOSE, "same kind of value")
    if not near:
        if fa.attribute == "money":
            return _story_worded(a, b, t, shared_names, counted)
        return Alignment(Tier.LOOSE, "same kind of value")
    if fa.attribute == "count":
        return Alignment(Tier.LIKELY, f"both {_said(near)}, but not what happened to them")
    return Alignment(Tier.FIRM, f"both {_said(near)} of {', '.join(sorted(shared_names))}")


def _story_worded(
    a: Located, b: Located, t: Thresholds, names: frozenset[str], counted: set[str]
) -> Alignment:
    """A sum's predicate word that the whole story uses ("jewellery worth") says one sum only
    beside names the story does not use throughout: "stole £79m worth of precious stones from the
    Carlton Hotel in Cannes" and "jewellery worth £88m" of the Carlton Hotel are likely one
    sum, where "worth" alone, in a story of four heists, is not."""
    shared = (slot_words(a, _NEAR) & slot_words(b, _NEAR) & t.common_words) - counted
    rare = names - t.common_words
    if not shared or not rare:
        return Alignment(Tier.LOOSE, "same kind of value")
    return Alignment(Tier.LIKELY, f"both {_said(shared)} of {', '.join(sorted(rare))}")


def _said(words: set[str]) -> str:
    return "say " + _quoted(words)


def _quoted(words: set[str] | frozenset[str]) -> str:
    """A few words for a reason, quoted: '"fire"/"knock"'."""
    return "/".join(f'"{w}"' for w in sorted(words)[:3])


def _align_last_times(fa: Fact, fb: Fact) -> Alignment | None:
    """ "First visit since 2000" and "first visit in 24 years" are one fact; "first letter in
    eight months" is another: the last time of one kind of event."""
    if fa.event and fb.event:
        same = _event_stem(fa.event) == _event_stem(fb.event)
        return Alignment(Tier.FIRM, f"both of the last {fa.event}") if same else None
    return Alignment(Tier.LOOSE, "only one says the last time of what")


def _align_ages(a: Located, b: Located, t: Thresholds) -> Alignment | None:
    """Ages are one fact only for one person: both named alike, or described alike. A bare
    surname that two people of the story share ("Gray": Kimani and Mahnefah) names nobody, nor
    does "the girl" where an article tells of two girls of different ages; "a 32-year-old
    climber" and "a 36-year-old climber" are two climbers."""
    fa, fb = a.fact, b.fact
    if fa.holder is None or fb.holder is None:
        return Alignment(Tier.LOOSE, "whose age is not said")
    same = fa.holder.same(fb.holder)
    if same is False:
        return None
    if _plural(fa.holder) or _plural(fb.holder):
        return Alignment(Tier.LOOSE, "the age of several people")
    if fa.holder.key in t.ambiguous_holders and not (fa.holder.first and fb.holder.first):
        if same and (first := _one_first_name(a, b, t)):
            return Alignment(
                Tier.LIKELY,
                f'more than one person is "{fb.holder.text}" in the story, but each article'
                f" names mostly one, {first.upper()}. {fb.holder.text}",
            )
        return Alignment(Tier.LOOSE, f'more than one person is "{fa.holder.key}" in the story')
    if same and fa.holder.named:
        return Alignment(Tier.FIRM, f"both give the age of {fb.holder.text}")
    if same and _within_a_year(a.mention, b.mention):
        return Alignment(
            Tier.LIKELY, f"neither names the {fa.holder.text}: it may not be the same person"
        )
    if same:
        return Alignment(
            Tier.LOOSE, f"two {fa.holder.text}s of different ages, neither named", doubted=True
        )
    return _named_and_described(a, b, t)


def _one_first_name(a: Located, b: Located, t: Thresholds) -> str | None:
    """The first initial both values' bare surname stands for, when each article gives that
    surname one first name only (or the value's own name gives it)."""
    initials = set()
    for located in (a, b):
        holder = located.fact.holder
        assert holder is not None
        known = (
            {holder.first[0]}
            if holder.first
            else {
                first
                for doc, key, first in t.sole_first_names
                if doc == located.sentence.doc_id and key == holder.key
            }
        )
        if len(known) != 1:
            return None
        initials |= known
    return initials.pop() if len(initials) == 1 else None


def _named_and_described(a: Located, b: Located, t: Thresholds) -> Alignment:
    """One side names a person ("Kimani Gray, 16, was shot"), the other describes someone
    ("officers shot a 17-year-old Brooklyn resident"): likely one person when the story names
    nobody else of about that age and both clauses tell of one event; a suspect "arrested"
    is not a victim "shot"."""
    named, other = (a, b) if a.fact.holder and a.fact.holder.named else (b, a)
    holder, description = named.fact.holder, other.fact.holder
    assert holder is not None and description is not None
    years = age_years(other.mention)
    near = {key for key, age in t.named_ages if years is not None and abs(age - years) <= 1}
    shared = named.fact.cues & other.fact.cues
    if near != {holder.key} or not shared or not _within_a_year(a.mention, b.mention):
        return Alignment(Tier.LOOSE, "one names the person, the other describes them")
    return Alignment(
        Tier.LIKELY,
        f'one names {holder.text}, the other describes "{description.text}": the only person'
        f" of about that age the story names, and both clauses tell of {_quoted(shared)}",
    )


def _within_a_year(a: Mention, b: Mention) -> bool:
    """Whether two ages could be one person's, misreported or a birthday apart."""
    sa, sb = _years_of_age(a), _years_of_age(b)
    return sa is not None and sb is not None and abs(sa.lo - sb.lo) <= 1


def _plural(holder: Holder) -> bool:
    """ "Twelve- and 15-year-old girls": described people in the plural."""
    text = holder.text.lower()
    return not holder.named and (
        text in ("men", "women", "children", "people") or re.search(r"[^s]s$", text) is not None
    )


def _align_counts(a: Located, b: Located, t: Thresholds) -> Alignment | None:
    """Counts are one fact when they count one outcome ("killed") of one kind of thing, over
    one place: "people" and "victims" meet; "children" may be a part of "people"; a count "in
    Central Aceh" is a part of the whole quake's."""
    da, db = a.fact.detail, b.fact.detail
    counted_a, _, outcome_a = da.partition(":")
    counted_b, _, outcome_b = db.partition(":")
    group = (
        counted_a != counted_b
        and "people" in (counted_a, counted_b)
        and {counted_a, counted_b} - {"people"} <= GROUP_STEMS
    )
    if counted_a and counted_b and counted_a != counted_b and not group:
        return None
    if outcome_a and outcome_b:
        if outcome_a != outcome_b:
            return None
        if events := _two_events(a.fact.cues, b.fact.cues):
            return Alignment(
                Tier.LOOSE, f"the counts are of different events ({events})", doubted=True
            )
        regions_a, regions_b = a.fact.regions, b.fact.regions
        if regions_a and regions_b and not regions_a & regions_b:
            # "the bombing of Guffa in Upper Nile state ... killed seven" against "Mr Lang, the
            # commissioner of Pariang county in Unity state, said 12 people had been killed"
            return Alignment(Tier.LOOSE, "the sentences name different regions", doubted=True)
        scope = _same_scope(a.fact.scope, b.fact.scope)
        if scope is False:
            return Alignment(
                Tier.LOOSE, "the counts are of different places or periods", doubted=True
            )
        if scope is None:
            return Alignment(Tier.LOOSE, "only one says where: maybe another event", doubted=True)
        if bool(regions_a) != bool(regions_b):
            return Alignment(
                Tier.LOOSE, "only one sentence names the region: maybe another event", doubted=True
            )
        if group:
            return Alignment(
                Tier.LIKELY, f"one counts {counted_a}, the other {counted_b}: maybe a part"
            )
        counted = counted_a or counted_b or "people"
        if outcome_a.removesuffix(" (seriously)") not in OUTCOME_CLASSES:
            # "300 students were attending class": one verb, but maybe two moments of it
            return Alignment(
                Tier.LIKELY, f'both count {counted} that "{outcome_a}", not an outcome of one event'
            )
        return Alignment(Tier.FIRM, f"both count {counted} {outcome_a}")
    if outcome_a or outcome_b:
        return Alignment(Tier.LOOSE, "only one says what happened to those counted")
    if counted_a and counted_b and _same_scope(a.fact.scope, b.fact.scope):
        return _align_generic(a, b, t)
    return Alignment(Tier.LOOSE, "same kind of count")


def _two_events(a: frozenset[str], b: frozenset[str]) -> str:
    """The named events of two counts' clauses when they have none in common ("fought rebels
    ..., killing dozens" against "12 killed in Thursday's bombing"), else ""."""
    ea, eb = (a & EVENT_CLASSES) - _TOLL_WORDS, (b & EVENT_CLASSES) - _TOLL_WORDS
    if ea and eb and not ea & eb:
        return f"{'/'.join(sorted(ea))} against {'/'.join(sorted(eb))}"
    return ""


_TOLL_WORDS = frozenset({"death", "shooting", "arrest"})  # outcomes as much as events


# Places smaller than the region a story is about: a district's toll is a part of the quake's.
_LOCAL = frozenset(
    "district county city area village town neighborhood neighbourhood borough camp".split()
)


def _same_scope(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two counts cover one place and period: "in the province of Aceh" and "in Aceh"
    do; "in Central Aceh district" and "in Aceh" do not, nor "across Asia" and "in the
    province", nor "three times since October" and "four times". None when only one names a
    place ("seven killed in Upper Nile state" against "12 killed"): maybe another event."""
    if a == b:
        return True
    if ("since" in a) != ("since" in b) or (a & _LOCAL) != (b & _LOCAL):
        return False
    names_a, names_b = a - _LOCAL - _REGIONS - {"since"}, b - _LOCAL - _REGIONS - {"since"}
    if names_a and names_b:
        return names_a <= names_b or names_b <= names_a
    regions_a, regions_b = a & _REGIONS, b & _REGIONS
    if regions_a and regions_b and not regions_a & regions_b:
        return False
    return None if names_a or names_b else True


_REGIONS = frozenset("province region state country countries world".split())


def _align_events(a: Located, b: Located, t: Thresholds) -> Alignment | None:
    """Dates and times are one fact when they date one event ("arrested on Tuesday")."""
    ea, eb = _event_stem(a.fact.event), _event_stem(b.fact.event)
    what = a.fact.attribute if a.fact.attribute == b.fact.attribute else "date"
    if _names_an_event(a) != _names_an_event(b):
        return Alignment(Tier.LOOSE, 'one date names an event ("the June 20 shooting")')
    named_events = ea in EVENT_CLASSES and eb in EVENT_CLASSES
    if named_events and ea != eb:
        return None
    if what == "time of day" and _two_days(a, b):
        what = "date"  # "Saturday night" against "Friday night": the day is what differs
    if what == "time of day" and not named_events:
        return _align_moments(a, b)
    people = {surname for _, surname in a.fact.people} & {s for _, s in b.fact.people}
    if ea is None and eb is None and people:
        # "Klitschko stopped Tony Thompson ... Saturday night" in both: the same people named
        # in full, though no event word stands near the date
        who = ", ".join(sorted(people)).title()
        return Alignment(Tier.LIKELY, f"both tell of {who}, but neither says what the {what} is of")
    if "statement" in (ea, eb) or (ea is None and eb is None):
        # "police said Monday": when a statement was made, which outlets may report apart
        return Alignment(Tier.LOOSE, f"the {what} of no event named in both")
    if ea and eb and ea != eb:
        return _shared_cues(a, b, what)
    if ea == eb and (ea in EVENT_CLASSES or a.fact.names & b.fact.names):
        return Alignment(Tier.FIRM, f"both give the {what} of the {a.fact.event}")
    if ea == eb:
        return Alignment(Tier.LOOSE, f'both say "{ea}", but of no one named in both')
    dated = ea or eb
    told = b.fact.cues if ea else a.fact.cues
    days = a.mention.granularity == b.mention.granularity == "day"
    if days and dated in told and a.fact.names & b.fact.names:
        # "killed in clashes in South Kordofan ... on Wednesday" against "fought rebels in
        # South Kordofan ... Thursday": the clause without a dated verb tells of the other's
        return Alignment(
            Tier.LIKELY, f"both clauses tell of the {dated}, but only one dates it by its word"
        )
    return Alignment(Tier.LOOSE, f"only one says what the {what} is of")


def _shared_cues(a: Located, b: Located, what: str) -> Alignment | None:
    """Two dates whose verbs differ ("will resume Sunday", "is scheduled to resume Monday")
    may still date one event: likely so when each clause tells of the other's event, or both
    of one plain verb. A shared word of a story's main event ("death", "explosion") does not
    tie "questioned yesterday" to "found dead on Saturday"."""
    shared = a.fact.cues & b.fact.cues
    plain = shared - EVENT_CLASSES - {"happen"}
    if not (plain or _one_action(a.fact, b.fact)):
        return None
    told = _quoted(shared)
    return Alignment(
        Tier.LIKELY,
        f'both clauses tell of {told}, but one {what} is of "{a.fact.event}", '
        f'the other of "{b.fact.event}"',
    )


_CLOCKS = ("time of day", TIME_BOUND)  # attributes read on a clock
_MOMENT_DAYS = 7  # articles of one event's day are published within days of it


def _align_bounds(a: Located, b: Located) -> Alignment:
    """Two "by 6:40 a.m." of one day are likely one step's time when their clauses tell of one
    thing ("By 6:40 a.m. the fire was under control", "The fire was knocked down by 8:40")."""
    shared = a.fact.cues & b.fact.cues
    if not shared or not _same_day(a, b):
        return Alignment(Tier.LOOSE, "the latest times of steps not told alike")
    told = _quoted(shared)
    return Alignment(Tier.LIKELY, f"both say by when, of {told}")


def _same_day(a: Located, b: Located) -> bool:
    """Whether two times of day may be of one day: both days are known and the same; one is
    known and the other side was published within a week after it; or neither is, and the
    articles were published within a week of each other (outlets of one story tell the time
    of its event without the day)."""
    da, db = _day_of(a), _day_of(b)
    if da and db:
        return da == db
    for day, other in ((da, b), (db, a)):
        if day is not None:
            published = other.source.published
            return published is None or 0 <= (published - day).days <= _MOMENT_DAYS
    pa, pb = a.source.published, b.source.published
    return pa is None or pb is None or abs((pa - pb).days) <= _MOMENT_DAYS


def _day_of(located: Located) -> dt.date | None:
    """The day a time of day is of: its own ("5 p.m. Sunday"), or a date right beside it in
    its sentence ("around 3:30 a.m. on February 1")."""
    m = located.mention
    if not _DAY_WORD.search(m.text):
        beside = [
            o
            for o in located.sentence.mentions
            if o.kind == Kind.DATE
            and o.granularity == "day"
            and (0 <= o.start - m.end <= _BESIDE or 0 <= m.start - o.end <= _BESIDE)
        ]
        if not beside:
            return None
        m = beside[0]
    return single_day(m.value)


_BESIDE = 4  # characters between a time and its day: " on ", ", "


def _two_days(a: Located, b: Located) -> bool:
    """Whether two times of day name their days and the days differ."""
    named = _DAY_WORD.search(a.mention.text) and _DAY_WORD.search(b.mention.text)
    return bool(named) and a.mention.value[:10] != b.mention.value[:10]


def _dated_moments(a: Located, b: Located) -> bool:
    """Whether a part of a day and a day can be compared as days: the part of the day says
    its day ("Friday afternoon"), so the two may date one event."""
    moment = a if a.fact.attribute == "time of day" else b
    if moment.mention.granularity == "part_of_day":
        return _explicit_day(moment)
    return bool(_DAY_WORD.search(moment.mention.text))  # "Tuesday at 07:37 a.m. UTC"


def _align_moments(a: Located, b: Located) -> Alignment:
    """Times of day of one story whose events are not both named: outlets describe one moment
    with many verbs ("was pulled over around 1:30 a.m.", "was going west about 1:30 a.m."), so
    a shared name in both clauses makes them likely one fact, unless one names another event.
    Two actions of one person are two moments ("spotted Orozco shortly after 3 p.m.", "Orozco
    was arrested shortly before midnight") unless one clause tells of the other's action."""
    ea, eb = a.fact.event, b.fact.event
    if ea in EVENT_CLASSES and eb in EVENT_CLASSES:
        return Alignment(Tier.LOOSE, "two named events")
    shared = a.fact.names & b.fact.names
    cues = a.fact.cues & b.fact.cues
    if not (shared or cues) or not _same_day(a, b):
        return Alignment(Tier.LOOSE, "the time of day of nobody named in both, or of two days")
    who = ", ".join(sorted(shared) or [f'"{w}"' for w in sorted(cues)][:3])
    if ea and eb and not _one_action(a.fact, b.fact):
        told = _told_action(a.fact, b.fact)
        if not (shared and told):
            return Alignment(Tier.LOOSE, f'the times of two actions: "{ea}" and "{eb}"')
        return Alignment(
            Tier.LIKELY,
            f'both tell of {who} and "{told}" on one day, but one time is of "{ea}", the other'
            f' of "{eb}"',
        )
    return Alignment(Tier.LIKELY, f"both tell of {who}, but not both of one named event")


def _one_action(fa: Fact, fb: Fact) -> bool:
    """Whether two times' events are one: the same word, or each clause tells of the other's
    ("the fire call came in at 3:30", "the 3:30 a.m. fire call"); "surveyed the scene Tuesday
    afternoon ... the cause of the fire" tells of the fire, but times the survey."""
    ea, eb = _event_stem(fa.event), _event_stem(fb.event)
    return ea == eb or (ea in fb.cues and eb in fa.cues)


def _told_action(fa: Fact, fb: Fact) -> str:
    """The action one clause tells of that the other's time is of ("Chohan was walking ... at
    around 7 p.m. when Subryan struck her", "At approximately 7 p.m., the woman was walking"):
    then both times are likely of that moment; "" when there is none."""
    ea, eb = _event_stem(fa.event), _event_stem(fb.event)
    # a story's main event ("the cause of the fire") is told everywhere: only an action counts
    for event, cues in ((ea, fb.cues), (eb, fa.cues)):
        if event and event not in EVENT_CLASSES and event in cues:
            return event
    return ""


def _event_stem(event: str | None) -> str | None:
    return event if event is None or event in EVENT_CLASSES else stem(event)


def _names_an_event(located: Located) -> bool:
    """A date before a noun ("the June 20 shooting", "Sunday's finale") names one event among
    others; the date of a clause ("was shot Friday") says when this story's event happened."""
    m = located.mention
    return m.kind == Kind.DATE and _prenominal(located.sentence.text, m.start, m.end)


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


def _clock_span(m: Mention, dated: bool) -> Span | None:
    """The minutes a time of day allows, counted from its day's midnight (0001-01-01 when the
    day was not given, so that only the clock is compared).

    Reporters round: a whole hour ("5 p.m.") stands for half an hour either side, a quarter
    ("7:30") for a quarter, other minutes for five; "about" adds a quarter of an hour.
    """
    match = re.fullmatch(r"(.{10})T(?:(\d\d):(\d\d)|(MO|AF|EV|NI))", m.value[:16])
    if not match:
        return None
    day = _day_ordinal(match.group(1)) if dated else 0
    if day is None:
        return None
    base = day * _DAY_MINUTES
    if match.group(4):
        lo, hi = _PARTS_OF_DAY[match.group(4)]
        return Span(base + lo, base + hi)
    minute = int(match.group(2)) * 60 + int(match.group(3))
    if minute == 0 and "midnight" in m.text.lower():
        minute = _DAY_MINUTES  # "midnight Thursday" ends Thursday in news
    pad = 30 if minute % 60 == 0 else 15 if minute % 15 == 0 else 5
    if m.qualifier != Qualifier.EXACT:
        pad += 15
    return Span(base + minute - pad, base + minute + pad)


def _zone_written(located: Located) -> bool:
    """Whether a clock time names its zone ("4:30 p.m. ET", "7:37 AM local time")."""
    m = located.mention
    return bool(_ZONE.search(m.text) or _ZONE.match(located.sentence.text, m.end + 1))


def _zoned(m: Mention) -> bool:
    return bool(re.search(r"(?:Z|[+-]\d\d:\d\d)$", m.value))


def _years_of_age(m: Mention) -> Span | None:
    years = age_years(m)
    return None if years is None else Span(years, years)


def _year_guessed(m: Mention) -> bool:
    """Whether a day's year was inferred, not written ("June 20" in a story about 2005): set
    against a date whose year is written ("June 20, 2005"), only its month and day are what
    the source said."""
    return (
        m.kind == Kind.DATE
        and m.granularity == "day"
        and _MONTH_NAME.search(m.text) is not None
        and not re.search(r"\d{4}", m.text)
    )


def _rounded_ago(m: Mention, span: Span | None) -> Span | None:
    """ "6 months ago" is a round figure: a quarter of it either side (four to eight months);
    "last week" is said of the past seven days as often as of the calendar week before."""
    if span is not None and _LOOSE_WEEK.search(m.text):
        return Span(span.lo - 3, span.hi + 3)
    match = _AGO.search(m.text)
    if span is None or match is None or m.kind != Kind.DATE:
        return span
    amount = parse_number(match.group(1))
    unit = _DAYS_IN.get(match.group(2).lower().rstrip("s"))
    if amount is None or unit is None:
        return span
    pad = amount * unit / 4
    return Span(span.lo - pad, span.hi + pad)


def _by_month_day(a: Mention, b: Mention) -> bool:
    """Whether two dates are compared by month and day only: one side's year was inferred and
    the other's written ("June 20" in a story about 2005 against "June 20, 2005"), or one
    side's year is unknown ("June 17" in an undated article against "June 18")."""
    inferred = _year_guessed(a) != _year_guessed(b) and _year_written(a) != _year_written(b)
    unknown = a.value.startswith("XXXX-") or b.value.startswith("XXXX-")
    return (
        (inferred or unknown) and _month_day_span(a) is not None and _month_day_span(b) is not None
    )


def _year_written(m: Mention) -> bool:
    return re.search(r"\b\d{4}\b", m.text) is not None


def _month_day_span(m: Mention) -> Span | None:
    """A day or month as its place in the year (month * 31 + day), for when a day's year was
    inferred: "June 20" in a story about 2005 still says June 20."""
    match = re.fullmatch(r"(?:\d{4}|XXXX)-(\d\d)(?:-(\d\d))?", m.value)
    if not match:
        return None
    month = int(match.group(1)) * 31
    if match.group(2):
        return Span(month + int(match.group(2)), month + int(match.group(2)))
    return Span(month + 1, month + 31)


def _day_ordinal(value: str) -> int | None:
    span = value_span(Mention(start=0, end=1, text="d", kind=Kind.DATE, value=value))
    return int(span.lo) if span and span.lo == span.hi else None


def _explicit_day(located: Located) -> bool:
    """Whether a time's day was said (a weekday, a date, "yesterday") rather than assumed to be
    the day of publication."""
    m, sentence = located.mention, located.sentence
    if _DAY_WORD.search(m.text):
        return True
    return any(o.kind == Kind.DATE and o.granularity == "day" for o in sentence.mentions if o != m)


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


def judge(a: Located, b: Located) -> tuple[Verdict, str] | None:
    """Whether two values of one slot agree, conflict or cannot be settled, with the reason;
    None when a value is too vague to compare ("in recent months")."""
    ma, mb = a.mention, b.mention
    clocks = a.fact.attribute == b.fact.attribute and a.fact.attribute in _CLOCKS
    dated = bool(_DAY_WORD.search(ma.text) and _DAY_WORD.search(mb.text))
    if not (ma.resolved and mb.resolved) and not (clocks and not dated):
        # an unknown publication date leaves a day unknown; "3:35 pm" against "1:35 p.m." of
        # no named day needs none
        differ = ma.kind in (Kind.DATE, Kind.TIME) and known_parts_differ(ma.value, mb.value)
        if (weekdays := _weekdays(ma, mb)) is not None:
            # "Wednesday's play-in round" in an undated article against "Thursday" (March 7):
            # a weekday is known without its week
            if weekdays[0] == weekdays[1]:
                return Verdict.AGREE, f"{describe(a)}; {describe(b)}: the same weekday"
            return Verdict.CONFLICT, f"{describe(a)}; {describe(b)}: name different weekdays"
        if differ and _days_of_one_month(ma, mb):
            # "June 18" against "June 17" in an undated article: a day apart in any year
            why = "differ by days of one month, though a publication date is unknown"
            return Verdict.DISPUTED, f"{describe(a)}; {describe(b)}: {why}"
        what = "differ where both are known, but" if differ else "cannot be settled:"
        return (
            Verdict.UNVERIFIED,
            f"{describe(a)}; {describe(b)}: {what} a publication date is unknown",
        )
    if clocks:
        if _zoned(ma) != _zoned(mb) or _zone_written(a) != _zone_written(b):
            return None  # "10:23 GMT" and "Sunday afternoon" are read on different clocks
        sa, sb = _clock_span(ma, dated), _clock_span(mb, dated)
    elif a.fact.attribute == "age":
        sa, sb = _years_of_age(ma), _years_of_age(mb)
    elif _by_month_day(ma, mb):
        sa, sb = _month_day_span(ma), _month_day_span(mb)
    elif (ends := _written_ends(a, b)) is not None:
        if all(x.overlaps(y) for x, y in zip(*ends, strict=True)):
            same = (ma.number, ma.upper) == (mb.number, mb.upper)
            return (
                Verdict.AGREE,
                f"{describe(a)}; {describe(b)}: {'same' if same else 'consistent'}",
            )
        if ma.qualifier == Qualifier.EXACT:  # two ranges
            return Verdict.CONFLICT, f"{describe(a)}; {describe(b)}: differ"
        why = "the figures differ, though both are hedged alike and so may both hold"
        return Verdict.DISPUTED, f"{describe(a)}; {describe(b)}: {why}"
    else:
        sa, sb = _rounded_ago(ma, _span(ma)), _rounded_ago(mb, _span(mb))
    if sa is None or sb is None:
        return None
    if sa.overlaps(sb):
        word = "same" if sa == sb else "consistent"
        return Verdict.AGREE, f"{describe(a)}; {describe(b)}: {word}"
    return Verdict.CONFLICT, f"{describe(a)}; {describe(b)}: differ"


_FIGURES = (Kind.NUMBER, Kind.MONEY, Kind.PERCENT, Kind.QUANTITY)


def _written_ends(a: Located, b: Located) -> tuple[tuple[Span, Span], tuple[Span, Span]] | None:
    """The figures two values write, each only as wide as its rounding, when the sources hedged
    them alike ("more than 400 children" and "more than 500 children"; "almost $2 million") or
    both gave a range ("between $140 million and $150 million"): each wrote the figures it had,
    and they differ or not. None for other values, compared by the ranges they allow, and for
    lower bounds that rise as a story develops (a toll: "at least three killed", "at least
    five killed"; any count told on two different days), and vague multiples ("dozens"), which
    write no figure."""
    ma, mb = a.mention, b.mention
    if ma.kind != mb.kind or ma.kind not in _FIGURES or ma.role or mb.role:
        return None
    if ma.number is None or mb.number is None or _VAGUE.search(f"{ma.text} {mb.text}"):
        return None
    if ma.qualifier != mb.qualifier:
        return None
    if ma.qualifier == Qualifier.EXACT and (ma.upper is None or mb.upper is None):
        return None  # unhedged single figures: compared by the ranges their rounding allows
    if ma.qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST) and (
        _toll(a.fact) or _told_apart(a, b)
    ):
        return None  # lower bounds rise: a toll, or any count told on two days
    return _ends(ma), _ends(mb)


_VAGUE = re.compile(r"(?i)\b(?:dozens|scores|hundreds|thousands|millions|billions)\b")


def _told_apart(a: Located, b: Located) -> bool:
    """Whether two sources are known to be published on different days."""
    days = (a.source.published, b.source.published)
    return None not in days and days[0] != days[1]


def _toll(fact: Fact) -> bool:
    """Whether a count is of an outcome of an event ("killed", "injured", "evacuated",
    "arrested"): such counts rise as a story develops."""
    return fact.outcome in OUTCOME_CLASSES


def _ends(m: Mention) -> tuple[Span, Span]:
    """The low and high figure a value writes (the same one for a single figure)."""
    figure = m.model_copy(update={"qualifier": Qualifier.EXACT, "upper": None})
    low = value_span(figure)
    high = low if m.upper is None else value_span(figure.model_copy(update={"number": m.upper}))
    assert low is not None and high is not None  # a number always has a span
    return low, high


def _weekdays(a: Mention, b: Mention) -> tuple[int, int] | None:
    """The weekdays (1-7) of two days when one is a weekday of an unknown week ("XXXX-WXX-3")
    and the other a weekday or a known day."""
    days = [_weekday(m.value[:10]) for m in (a, b)]
    if None in days or not any(m.value.startswith("XXXX-WXX-") for m in (a, b)):
        return None
    return days[0], days[1]  # type: ignore[return-value]


def _weekday(value: str) -> int | None:
    if match := re.fullmatch(r"XXXX-WXX-([1-7])", value):
        return int(match.group(1))
    day = single_day(value)
    return day.isoweekday() if day else None


def _days_of_one_month(a: Mention, b: Mention) -> bool:
    """Whether two dates name days of one month ("June 18", "June 17"), whatever the year."""
    return a.granularity == b.granularity == "day" and a.value[5:7] == b.value[5:7] != "XX"


def compare_mentions(
    a: Located, b: Located, alignment: Alignment, thresholds: Thresholds
) -> Comparison | None:
    """Judge two values that ``align`` found can be one fact; None when nothing is worth
    saying (a loose agreement by chance, a vague value)."""
    judged = judge(a, b)
    if judged is None:
        return None
    verdict, reason = judged
    label = a.fact.label() if a.fact.attribute != RESTATED else a.mention.kind.value
    if verdict == Verdict.AGREE and not _worth_agreeing(a, b, alignment.tier, thresholds):
        return None
    if verdict == Verdict.UNVERIFIED and alignment.tier == Tier.LOOSE:
        return None
    if verdict == Verdict.DISPUTED:
        if alignment.tier == Tier.LOOSE or _not_one_fact(a, b, thresholds, alignment):
            return None
        reason = f"{reason} ({alignment.why})"
    if verdict == Verdict.CONFLICT:
        if alignment.tier == Tier.LOOSE or _not_one_fact(a, b, thresholds, alignment):
            return None
        verdict, why = _develops(a, b, thresholds) or (
            (Verdict.CONFLICT, alignment.why)
            if alignment.tier == Tier.FIRM
            else (Verdict.DISPUTED, alignment.why)
        )
        reason = f"{reason} ({why})"
    return Comparison(
        claim_value=a.mention,
        evidence_value=b.mention,
        verdict=verdict,
        reason=f"{label}: {reason}",
        slot=a.fact.key(),
    )


def _worth_agreeing(a: Located, b: Located, tier: Tier, t: Thresholds) -> bool:
    """Whether an agreement says something. A bound ("over eight months", "at least 10")
    agrees with much: only on a firm slot, only with the same figure ("as many as 80" holds
    "50", which is another toll), and not with a figure of another size ("more than 31,000"
    killed in an earlier quake). A day does not confirm the day of a statement about
    it ("checked in on Thursday", "her attorney said Thursday"), nor does a week or a month
    confirm a day but on a firm slot; a restated or bounding value confirms nothing; a loose
    slot needs a reason to think the values are about one thing."""
    open_ended = _open_ended(a.mention) or _open_ended(b.mention)
    if open_ended and (tier != Tier.FIRM or _sizes_apart(a.mention, b.mention, t)):
        return False
    if open_ended and a.mention.number != b.mention.number:
        return False  # "as many as 80" holds "50" but is not the same figure
    if open_ended and any(m.kind == Kind.NUMBER and m.number == 1 for m in (a.mention, b.mention)):
        return False  # "at least one" killed holds any toll
    if RESTATED in (a.fact.attribute, b.fact.attribute) or _someone(a) or _someone(b):
        return False
    if a.mention.kind in (Kind.DATE, Kind.TIME):
        grains = {a.mention.granularity, b.mention.granularity}
        if len(grains) > 1 and (tier != Tier.FIRM or "week" in grains or _grains_far(grains)):
            return False  # "last week" holds Monday, and any other day's shooting; "this
            # year" holds every day of it
        events = {a.fact.event, b.fact.event}
        if tier != Tier.FIRM and "statement" in events and not events <= _SAID:
            # a report's day confirms the day of a message ("Xi, on Monday, conveyed" and
            # "state media reported Monday"), not of what it reports ("said Thursday the
            # actress checked in")
            return False
    return tier != Tier.LOOSE or _plausible(a, b, t)


_SAID = frozenset({"statement", "message"})


def _someone(located: Located) -> bool:
    """ "One man" who called 911, "one woman" quoted: one of someone, not a count, unless
    something happened to the one counted ("one person was killed")."""
    fact = located.fact
    return fact.attribute == "count" and located.mention.number == 1 and not fact.outcome


def _sizes_apart(a: Mention, b: Mention, t: Thresholds) -> bool:
    """Whether two figures differ by more than a misreport, bounds or not ("more than
    31,000" and "at least 10" killed are two quakes' tolls)."""
    if a.number is None or b.number is None or min(a.number, b.number) <= 0:
        return False
    return ratio(Span(a.number, a.number), Span(b.number, b.number)) > t.max_ratio


def _plausible(a: Located, b: Located, t: Thresholds) -> bool:
    """Whether equal values that only share their kind are worth reporting as an agreement:
    derived values, values with a shared predicate word, and one day named beside one person
    ("Xi, on Monday, conveyed" and "Xi ... state media reported Monday") are; two unrelated
    "June"s are not."""
    if a.mention.role is not None or _shared_slot(a, b, t):
        return True
    one_day = a.mention.granularity == b.mention.granularity == "day"
    return one_day and bool(a.fact.names & b.fact.names)


def _open_ended(m: Mention) -> bool:
    """A bound ("over eight months") is consistent with much; agreeing with it proves little."""
    span = _span(m)
    return span is not None and math.inf in (abs(span.lo), abs(span.hi))


def _not_one_fact(a: Located, b: Located, t: Thresholds, alignment: Alignment) -> bool:
    """Differing values that the slot alone cannot separate from another fact: a part of a
    total ("three other victims"), one of several values of one slot in a sentence, a date the
    other source could not have known, or values too far apart to be a misreport."""
    return (
        # a plan against what happened; a price is a price whether it "will" be paid or was,
        # and an age is no plan
        (_planned(a) != _planned(b) and a.fact.attribute not in ("money", "age"))
        or _coarse(a.mention)
        or _coarse(b.mention)
        or _grains_apart(a.mention, b.mention)
        or _other_names(a, b)
        # a part against a total; "another four" = "four other"; "including $281 million in
        # cash" and "$281m in cash and $53m in stock" are one part, named by their detail
        or (_partial(a) != _partial(b) and not _same_part(a, b))
        or (not alignment.positional and (_ambiguous(a) or _ambiguous(b)))
        or _after_publication(a, b)
        or not _same_occasion(a, b, t)
    )


_SEASON = re.compile(r"(?i)\bseason\b")
_GRAINS = ("day", "week", "month", "quarter", "season", "year")


def _same_part(a: Located, b: Located) -> bool:
    """Whether two sums name the same part of a price ("in cash")."""
    return a.fact.part and a.fact.detail == b.fact.detail


def _grains_far(grains: set[str | None]) -> bool:
    """Whether two grains are more than two steps apart (a day against a quarter, a season or
    a year; a week or a month against a year): the longer holds the shorter, and proves
    nothing about it."""
    known = [_GRAINS.index(g) for g in grains if g in _GRAINS]
    return len(known) == 2 and abs(known[0] - known[1]) > 2


def _grains_apart(a: Mention, b: Mention) -> bool:
    """A day against a year ("on Dec. 27" and "716 yards this year"): a day of a period, and
    the period's own figure; they differ only at the year's edge, which proves nothing."""
    if a.kind != Kind.DATE or b.kind != Kind.DATE or a.role or b.role:
        return False
    ga, gb = a.granularity, b.granularity
    if ga not in _GRAINS or gb not in _GRAINS:
        return False
    if bool(_SEASON.search(a.text)) != bool(_SEASON.search(b.text)):
        return True  # "this season" (2010: a season of play straddles New Year), "this year"
    return _grains_far({ga, gb})


def _coarse(m: Mention) -> bool:
    """A decade or a century ("the 1940s") is a period of someone's life, never a misreport."""
    return m.kind == Kind.DATE and m.granularity in ("decade", "century")


def _other_names(a: Located, b: Located) -> bool:
    """Whether each value's clause names who it is about and they name nobody in common
    ("Lopez was arrested Tuesday", "Carrasquillo was arrested Wednesday"); ages and derived
    values name their subject themselves."""
    fa, fb = a.fact, b.fact
    if fa.attribute in ("age", "anniversary", "last occurrence"):
        return False
    if fa.holder and fb.holder and fa.holder.key == fb.holder.key:
        return False  # two prices of one thing ("Sea Micro", "SeaMicro")
    if fa.people and fb.people and not _words_of(fa.people) & _words_of(fb.people):
        # "Pierre Thomas ... Wednesday" and "Chris Ivory ... Tuesday"; not "the Matanuska
        # Maid Block Building" and "the Matanuska Maid Dairy"
        return True
    # a single capitalised word on each side is noisy (a dateline, a sentence's first word)
    return _apart_names(fa, fb) and max(len(fa.names), len(fb.names)) > 1


def _words_of(people: frozenset[tuple[str, str]]) -> set[str]:
    return {word for name in people for word in name}


def _develops(a: Located, b: Located, t: Thresholds) -> tuple[Verdict, str] | None:
    """An update or a correction rather than a conflict, with the sources in publication order;
    or unverified when a figure's date is unknown."""
    earlier, later = sorted((a, b), key=lambda x: (x.source.published or dt.date.max, x.source.id))
    when = f"{earlier.source.published} then {later.source.published}"
    for side in (later, earlier):
        if _CORRECTION.search(side.sentence.text):
            return Verdict.CORRECTED, f"{side.source.id} says an earlier figure was wrong; {when}"
    if a.fact.attribute in ("date", *_CLOCKS, "anniversary", "last occurrence"):
        return None  # when something happened does not change as a story develops
    pa, pb = earlier.source.published, later.source.published
    if pa is None or pb is None:
        return Verdict.DISPUTED, "a publication date is unknown: one may be a later figure"
    gap = (pb - pa).days
    measure = _years_of_age if a.fact.attribute == "age" else _span
    grew = (measure(later.mention) or Span(0, 0)).lo > (measure(earlier.mention) or Span(0, 0)).hi
    if gap > 0 and _UPDATE_CUE.search(later.sentence.text):
        return Verdict.UPDATE, f"the later source reports a change; {when}"
    if a.fact.attribute == "age" and grew and gap >= 180:
        return Verdict.UPDATE, f"the later source is {gap} days later; {when}"
    if gap > t.max_gap_days and a.fact.attribute != "age":
        return Verdict.UPDATE, f"the sources are {gap} days apart; {when}"
    return None


def _after_publication(a: Located, b: Located) -> bool:
    """Whether one side dates an event after the other side was published: the other source
    cannot be reporting that event (the same ceremony in different years, two visits). When
    both sides date something after the other's publication ("the trial will resume Monday"),
    both look ahead at one plan."""
    if a.mention.role is not None or a.mention.kind not in (Kind.DATE, Kind.TIME):
        return False
    ahead = [_ahead_of(located, other.source) for located, other in ((a, b), (b, a))]
    return True in ahead and False in ahead


def _ahead_of(located: Located, source: Source) -> bool | None:
    """Whether a value dates something after a source was published; None when that source's
    date is unknown, for then nothing says which side looks ahead."""
    if located.mention.kind == Kind.TIME and not _explicit_day(located):
        return False  # "about 5pm": the day is only assumed to be the day of publication
    span, published = value_span(located.mention), source.published
    if published is None:
        return None
    return bool(span and span.lo > published.toordinal())


def _planned(located: Located) -> bool:
    """Whether a value is of a plan: said in the future ("will be released"), or a date whose
    written year puts it after its own article was published ("has a release date of 22
    November 2013"); an inferred year may be wrong ("since his arrest on June 21")."""
    if located.fact.future:
        return True
    m = located.mention
    return m.kind == Kind.DATE and _year_written(m) and bool(_ahead_of(located, located.source))


def _prenominal(text: str, start: int, end: int) -> bool:
    """Whether a date stands before a noun it dates: a possessive ("Sunday's finale") or
    after a determiner ("the 2012 shooting"); "on Thursday thwarted" is not."""
    if _POSSESSIVE.match(text, end):
        return True
    return bool(DETERMINER_BEFORE.search(text[:start]) and _NOUN_AFTER.match(text, end))


def _partial(located: Located) -> bool:
    """Whether a count is of some more beyond others ("three other bombs", "another four
    people", "two of them"): a part of a total, which a total elsewhere does not contradict."""
    text, m = located.sentence.text, located.mention
    if m.kind not in (Kind.NUMBER, Kind.MONEY, Kind.QUANTITY):
        return False
    return bool(
        _PARTIAL.match(text, m.end)
        or _PARTIAL_BEFORE.search(text[: m.start])
        or (
            m.kind == Kind.NUMBER and _BREAKDOWN_BEFORE.search(text[max(0, m.start - 40) : m.start])
        )
        or (m.kind == Kind.NUMBER and _BREAKDOWN_AFTER.match(text, m.end))
    )


def _ambiguous(located: Located) -> bool:
    """Whether a sentence states more than one value for this value's slot ("two brothers, 17
    and 22"; "one killed and three injured ... four victims"): its partner cannot be told."""
    facts = read_facts(located.sentence)
    key = _slot_key(located.fact)
    grain = located.mention.granularity  # "December 14 of this year" is one date
    return (
        sum(
            1
            for m, f in zip(located.sentence.mentions, facts, strict=True)
            if _slot_key(f) == key and m.granularity == grain and not _apart_names(f, located.fact)
        )
        > 1
    )


def _apart_names(a: Fact, b: Fact) -> bool:
    """Whether two values of one sentence are told of different people or things ("Wynn, who
    was signed on Tuesday, and Bell, who was signed Wednesday"): each is its own fact."""
    return bool(a.names and b.names and not a.names & b.names)


def _slot_key(fact: Fact) -> tuple[object, ...]:
    holder = fact.holder.key if fact.holder else None
    return (fact.attribute, fact.detail, holder, fact.event)


def _same_occasion(a: Located, b: Located, t: Thresholds) -> bool:
    """Whether two differing values are close enough to be misreports of one fact: outlets are
    off by a day, a week, a month or a year (dates whose ranges lie within a month of each
    other: "1969" against "1970", "Nov. 14" against "Nov. 15"), or by a modest share of a
    figure; an earthquake three months before is another earthquake."""
    if a.fact.attribute == b.fact.attribute and a.fact.attribute in _CLOCKS:
        return True
    if _weekdays(a.mention, b.mention) is not None:
        return True  # a weekday of an unknown week is at most days from any day
    if a.fact.attribute == "age":
        sa, sb = _years_of_age(a.mention), _years_of_age(b.mention)
    elif _by_month_day(a.mention, b.mention):
        sa, sb = _month_day_span(a.mention), _month_day_span(b.mention)
    else:
        sa, sb = _span(a.mention), _span(b.mention)
    if sa is None or sb is None:
        return False
    if a.mention.kind in (Kind.DATE, Kind.TIME):
        coarse = {a.mention.granularity, b.mention.granularity} - {"day", "part_of_day", "minute"}
        # outlets mistake a day by days, a month by a month or two ("June" for "April")
        return gap_days(sa, sb) <= (t.max_date_gap_days if not coarse else 93)
    return ratio(sa, sb) <= t.max_ratio


def locate(sentence: Sentence, source: Source) -> list[Located]:
    """Each mention of a sentence with its slot."""
    return [
        Located(m, sentence, source, f)
        for m, f in zip(sentence.mentions, read_facts(sentence), strict=True)
    ]


_RANK = {
    Verdict.CONFLICT: 0,
    Verdict.CORRECTED: 0,
    Verdict.UPDATE: 0,
    Verdict.DISPUTED: 1,
    Verdict.AGREE: 1,
    Verdict.UNVERIFIED: 2,
}


def compare_sentences(
    claim: tuple[Sentence, Source],
    evidence: tuple[Sentence, Source],
    thresholds: Thresholds = Thresholds(),
) -> tuple[Comparison, ...]:
    """Pair the values of two sentences one to one and judge each pair.

    The surest slots pair first, so that a firm conflict ("Nov. 15" against "Nov. 14", both of
    the shooting) is not hidden by a loose agreement of another value; within a tier,
    agreements pair first, so that "from September 2010 to January 2011" against "in 2010"
    pairs the 2010s. A value of the evidence is used once.
    """
    left, right = locate(*claim), locate(*evidence)
    aligned = _alignments(left, right, thresholds)
    candidates = []
    for (i, j), alignment in aligned.items():
        comparison = compare_mentions(left[i], right[j], alignment, thresholds)
        if comparison:
            candidates.append((alignment.tier, _RANK[comparison.verdict], i, j, comparison))
    if _apart(left, right, aligned, thresholds):
        candidates = [c for c in candidates if c[4].verdict not in _DIFFER]
    if _other_occasions(left, right):
        candidates = [
            c for c in candidates if c[4].verdict not in _DIFFER or c[4].slot.startswith("date")
        ]
    if _other_people(left, right):
        candidates = [
            c for c in candidates if c[4].verdict not in _DIFFER or c[4].slot.startswith("age")
        ]
    used_claim: set[int] = set()
    used_evidence: set[int] = set()
    paired: list[tuple[int, Comparison]] = []
    for _, _, i, j, comparison in sorted(candidates, key=lambda c: c[:4]):
        if i not in used_claim and j not in used_evidence:
            used_claim.add(i)
            used_evidence.add(j)
            paired.append((i, comparison))
    return tuple(c for _, c in sorted(paired, key=lambda t: t[0]))


_DIFFER = frozenset({Verdict.CONFLICT, Verdict.DISPUTED, Verdict.UPDATE, Verdict.CORRECTED})


def _alignments(
    left: list[Located], right: list[Located], t: Thresholds
) -> dict[tuple[int, int], Alignment]:
    """Every pair of values that may be one fact. In sentences worded alike, a value pairs only
    with the value at its place ("from October 15 to November 14" against "from October 16 to
    November 14"); the slot rules pair the others."""
    worded = alike(left[0].sentence, right[0].sentence) if left and right else None
    placed, says = (worded.pairs, worded.says()) if worded else ({}, "")
    taken = set(placed.values())
    aligned = {}
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            if i in placed or j in taken:
                if placed.get(i) == j and _same_measure(a, b, t):
                    aligned[(i, j)] = Alignment(Tier.FIRM, says, positional=True)
            elif (alignment := align(a, b, t)) is not None:
                aligned[(i, j)] = alignment
    return _one_toll(left, right, aligned)


def _one_toll(
    left: list[Located], right: list[Located], aligned: dict[tuple[int, int], Alignment]
) -> dict[tuple[int, int], Alignment]:
    """Counts doubted to be of one event (only one sentence names the region, the places
    differ) are likely one event's when another count of the same two sentences is the same
    figure for the same outcome ("at least 24 people were killed and more than 300 injured",
    "24 dead and over 200 injured"): two tolls of two events rarely share a figure."""
    same = [
        (i, j)
        for (i, j), alignment in aligned.items()
        if left[i].fact.attribute == "count"
        and ":" in left[i].fact.detail
        and left[i].fact.detail == right[j].fact.detail
        and left[i].mention.number == right[j].mention.number
    ]
    if not same:
        return aligned
    i0, j0 = same[0]
    told = f'{right[j0].mention.text}" {right[j0].fact.outcome}'
    return {
        (i, j): Alignment(Tier.LIKELY, f'another count of both sentences is the same ("{told})')
        if alignment.doubted
        and left[i].fact.attribute == "count"
        and i != i0
        and j != j0
        and left[i].fact.outcome == right[j].fact.outcome
        else alignment
        for (i, j), alignment in aligned.items()
    }


def _same_measure(a: Located, b: Located, t: Thresholds) -> bool:
    """Whether two values at one place of alike wording measure one thing: the slot rules do
    not tell them apart ("12 people" and "15 buildings" are two counts), or both only restate
    or bound ("by May 8"), which the rules never pair."""
    if a.fact.attribute == b.fact.attribute == RESTATED:
        return dimension(a.mention) == dimension(b.mention)
    alignment = align(a, b, t)
    return alignment is not None and not alignment.doubted


def _other_occasions(left: list[Located], right: list[Located]) -> bool:
    """Whether the two sentences date one kind of event on different days ("the bombing of
    Guffa on Tuesday ... killed seven", "12 people were killed in Thursday's bombing"): then
    their counts and ages are of two occasions, and only the dates themselves may conflict."""
    days = [
        {(f.fact.event, f.mention.value[:10]) for f in side if _dated_event(f)}
        for side in (left, right)
    ]
    return any(
        event == other_event and day != other_day
        for event, day in days[0]
        for other_event, other_day in days[1]
    )


def _other_people(left: list[Located], right: list[Located]) -> bool:
    """Whether the two sentences tell of people of different ages ("32-year-old Robert Buckley
    fell on Saturday", "a 36-year-old man died on Friday after he fell"): two years or more
    apart is no misreport, so their dates and counts are of two people's stories."""
    ages = [
        [f.mention for f in side if f.fact.attribute == "age" and _years_of_age(f.mention)]
        for side in (left, right)
    ]
    return bool(ages[0] and ages[1]) and not any(
        _within_a_year(a, b) for a in ages[0] for b in ages[1]
    )


def _dated_event(located: Located) -> bool:
    """Whether a value dates a named event to a day it says ("5 p.m." alone takes the day of
    publication, which says nothing of the event's day)."""
    m = located.mention
    return (
        located.fact.event in EVENT_CLASSES
        and m.kind in (Kind.DATE, Kind.TIME)
        and re.fullmatch(r"\d{4}-\d\d-\d\d", m.value[:10]) is not None
        and (m.kind == Kind.DATE or _explicit_day(located))
    )


def _apart(
    left: list[Located],
    right: list[Located],
    aligned: dict[tuple[int, int], Alignment],
    t: Thresholds,
) -> bool:
    """Whether two values of one slot in two sentences are far apart ("£910,000" and "£88m",
    "in 2001" and "in 2007"): then the sentences tell of different events, and none of their
    differing values is a discrepancy ("stole ... in May" and "stole ... in July")."""
    return any(
        left[i].mention.role is None
        and alignment.tier != Tier.LOOSE
        # alike surroundings tie amounts ("269 yards" and "793 yards": two players' lines),
        # not dates, which a sentence gives of several steps
        and not (alignment.contextual and left[i].mention.kind in (Kind.DATE, Kind.TIME))
        and _span(left[i].mention) is not None
        and _span(right[j].mention) is not None
        and not _same_occasion(left[i], right[j], t)
        for (i, j), alignment in aligned.items()
    )


_OVERALL = (
    Verdict.CONFLICT,
    Verdict.CORRECTED,
    Verdict.DISPUTED,
    Verdict.UPDATE,
    Verdict.AGREE,
    Verdict.UNVERIFIED,
)


def overall(comparisons: Iterable[Comparison]) -> Verdict:
    """A finding takes its most pressing value's verdict: a conflict first, an agreement last
    but one; a query match with nothing comparable is only related."""
    verdicts = {c.verdict for c in comparisons}
    for verdict in _OVERALL:
        if verdict in verdicts:
            return verdict
    return Verdict.RELATED


def fact_key(comparisons: Sequence[Comparison]) -> str:
    """A label that groups findings about one fact ("anniversary of founding -> 1948")."""
    main = sorted(comparisons, key=lambda c: _OVERALL.index(c.verdict))
    for c in main:
        m = c.claim_value
        if m.role == Role.ANNIVERSARY:
            return f"{m.head or 'anniversary'} of {m.subject or '?'} -> {m.anchor}"
        if m.role in (Role.SINCE, Role.GAP):
            return f"last occurrence -> {m.anchor}"
        return f"{c.reason.split(':', 1)[0]}: {m.value}"
    return ""
