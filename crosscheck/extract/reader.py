"""Finding the checkable values of a text: dates, times, durations, sets, numbers and amounts.

The temporal part is a hand-written TIMEX3 grammar of regular-expression rules with anchoring to
the publication date, the approach of HeidelTime and SUTime: news dates are a small closed
language ("on Thursday (Sept. 9)", "last month", "in over eight months") whose meaning depends on
the article's date and tense, which a general date parser such as dateparser does not model (it
resolves "Thursday" against today and cannot say where a phrase starts and ends in running text).
Number words are read by text2num (see ``numbers``).

Every rule proposes candidate mentions; the longest candidates win overlaps, then qualifiers
("over", "about"), modifiers ("early", "mid-") and roles (anniversary, since, gap) are attached.
This module holds the rule table and that driver; the rules live in ``dates`` (calendar dates
and clock times), ``relative`` (dates relative to publication), ``durations`` (durations and
sets) and ``quantities`` (numbers, amounts, ordinals), on the shared pieces of ``grammar``;
``attach`` adds what comes after the selection.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from crosscheck.extract.attach import anaphora, attach
from crosscheck.extract.dates import (
    SLASH,
    centuries,
    decades,
    fiscal_years,
    half_years,
    month_dates,
    month_day_dates,
    numeric_dates,
    quarters,
    seasons,
    times,
    weeks_of_month,
    year_spans,
    years,
)
from crosscheck.extract.durations import duration_ranges, durations, sets
from crosscheck.extract.figures import figure_of_speech
from crosscheck.extract.gaps import close_gaps
from crosscheck.extract.grammar import UNIT, Ctx
from crosscheck.extract.numbers import CARDINAL_WORD_SET, ORDINAL_WORD_SET
from crosscheck.extract.quantities import FRACTION_WORD_SET, fractions, numbers, ordinals
from crosscheck.extract.relative import (
    ago,
    nth_days,
    play_seasons,
    record_units,
    refs,
    relative_days,
    the_day,
    this_unit,
    weekdays,
)
from crosscheck.language import values_readable
from crosscheck.schema import Mention


@dataclass(frozen=True)
class _Cand:
    """A proposed mention; ``priority`` breaks ties between equally long candidates."""

    mention: Mention
    priority: int


_Rule = Callable[[Ctx], Iterator[Mention | None]]
_RULES: tuple[tuple[_Rule, int], ...] = (
    (numeric_dates, 0),
    (month_day_dates, 0),
    (relative_days, 0),
    (weekdays, 0),
    (times, 1),
    (month_dates, 1),
    (this_unit, 1),
    (weeks_of_month, 1),
    (the_day, 2),
    (nth_days, 2),
    (record_units, 2),
    (ago, 1),
    (quarters, 1),
    (half_years, 1),
    (fiscal_years, 1),
    (seasons, 2),
    (play_seasons, 2),
    (decades, 1),
    (centuries, 1),
    (years, 2),
    (year_spans, 2),
    (durations, 2),
    (duration_ranges, 2),
    (sets, 1),
    (refs, 3),
    (fractions, 1),
    (ordinals, 4),
    (numbers, 5),
)


_MARKUP = re.compile(r"https?:|www\.|[/=@_\\<>]|\.(?:jpe?g|png|gif|html?|php)\b")


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited run containing a match, to see URLs, ids and markup around it."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def _in_markup(ctx: Ctx, m: Mention) -> bool:
    """Whether a mention sits inside a URL, a file name or an HTML attribute (scraper debris)."""
    chunk = _chunk(ctx.text, m.start, m.end)
    return bool(_MARKUP.search(chunk)) and not SLASH.fullmatch(chunk.strip("()[],.;:"))


# The rules that read a unit of time ("two years ago", "the 99th day", "this week"). Most text
# names none (five sentences in six in news), and these rules start with an amount or a
# determiner, which a regular expression is slow to rule out at every position: text without
# a unit skips them (a third of the extraction time).
_UNIT_RULES = frozenset(
    {durations, duration_ranges, ago, this_unit, the_day, nth_days, record_units}
)
_UNIT_WORD = re.compile(rf"\b(?:{UNIT}|weekends?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Cue:
    """What every match of a rule holds: a digit (when ``digit``), one of ``words`` as a whole
    lower-cased word, or one of ``parts`` anywhere in the lower-cased text. Text holding none
    skips the rule, whose expression is slow to rule out at every position (two sentences in
    three hold no digit; most name no month, season or decade). Extraction is the same with and
    without these cues (a rule with no cue always runs)."""

    digit: bool = False
    words: frozenset[str] = frozenset()
    parts: tuple[str, ...] = ()


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "now", "at the moment", "the time being", "in the past", "the near term", "in the coming days"
_REF_WORDS = frozenset(
    "now currently present presently nowadays moment being recently past recent future soon"
    " term coming".split()
)
_CUES: dict[_Rule, _Cue] = {
    relative_days: _Cue(
        parts=("today", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening")
    ),
    weekdays: _Cue(parts=("day",)),
    seasons: _Cue(parts=("spring", "summer", "autumn", "winter", "fall")),
    play_seasons: _Cue(parts=("season",)),
    quarters: _Cue(parts=("quarter", "q1", "q2", "q3", "q4")),
    half_years: _Cue(parts=("half",)),
    fiscal_years: _Cue(
        words=frozenset({"fy"}), parts=("fiscal", "financial", "fy0", "fy1", "fy2", "fy9")
    ),
    weeks_of_month: _Cue(parts=("week",)),
    decades: _Cue(parts=("0s", "0's", "0’s")),
    numeric_dates: _Cue(parts=("-", "/")),
    year_spans: _Cue(parts=("-", "–", "/")),
    years: _Cue(digit=True),
    month_day_dates: _Cue(digit=True),
    month_dates: _Cue(parts=_MONTH_STEMS),
    refs: _Cue(words=_REF_WORDS),
    numbers: _Cue(digit=True, words=CARDINAL_WORD_SET),
    ordinals: _Cue(digit=True, words=ORDINAL_WORD_SET),
    fractions: _Cue(digit=True, words=CARDINAL_WORD_SET | FRACTION_WORD_SET),
}
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _Seen:
    """What a text holds that the rules' cues ask about, looked up once per text."""

    low: str
    digit: bool
    unit: bool
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Seen:
        low = text.lower()
        return cls(
            low,
            _DIGIT.search(text) is not None,
            _UNIT_WORD.search(text) is not None,
            frozenset(_WORD.findall(low)),
        )

    def may_match(self, rule: _Rule) -> bool:
        if rule in _UNIT_RULES and not self.unit:
            return False
        cue = _CUES.get(rule)
        return cue is None or (
            (cue.digit and self.digit)
            or not self.words.isdisjoint(cue.words)
            or any(map(self.low.__contains__, cue.parts))
        )


def _candidates(ctx: Ctx) -> list[_Cand]:
    found = []
    seen = _Seen.of(ctx.text)
    for rule, priority in _RULES:
        if not seen.may_match(rule):
            continue
        found += [
            _Cand(mention, priority)
            for mention in _calendar_safe(rule(ctx))
            if mention is not None
            and mention.end > mention.start
            and not _in_markup(ctx, mention)
            and not figure_of_speech(ctx, mention)
        ]
    return found


def _calendar_safe(mentions: Iterator[Mention | None]) -> Iterator[Mention | None]:
    """A rule's mentions, stopping at one whose date falls off the calendar.

    "999999999 days ago", or "yesterday" in an article dated 0001-01-01, names no date Python
    can hold; such a value is not checkable, and the rest of the text is still read by the
    other rules rather than the whole extraction failing.
    """
    try:
        yield from mentions
    except OverflowError:
        return


def _select(cands: list[_Cand]) -> list[Mention]:
    """Keep the longest candidates that do not overlap (ties: the more specific rule)."""
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    order = sorted(
        cands, key=lambda c: (-(c.mention.end - c.mention.start), c.priority, c.mention.start)
    )
    for cand in order:
        m = cand.mention
        if all(m.end <= s or m.start >= e for s, e in taken):
            chosen.append(m)
            taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


def extract(
    text: str,
    published: dt.date | None,
    language: str | None = None,
    earlier: Sequence[Mention] = (),
) -> list[Mention]:
    """Every checkable value in ``text``, sorted by start and non-overlapping.

    Relative expressions are resolved against ``published``; when it is None they keep X's in
    their value and ``resolved=False``. The rules read the text with its tokenization gaps
    closed ("$2. 6 million", see ``gaps``); offsets and mention text are those of ``text``.
    Never raises on any string (the rules only read the text; tests/test_extract.py checks
    this with generated input). Text in a ``language`` the grammar does not read (its
    article's, from ``crosscheck.language``; None when unknown) has no values: English rules
    would read junk there ("3. März" as a count). ``earlier`` are the values of the article's
    sentences before ``text``, in order, when the text is one of them: "that day" and its kin
    ("the next morning", "later that week") refer back to the last date among them when the
    text itself names none before them.
    """
    if not isinstance(text, str) or not text or not values_readable(language):
        return []
    closed = close_gaps(text)
    ctx = Ctx(closed.text, published, tuple(earlier))
    return closed.restore(attach(ctx, anaphora(ctx, _select(_candidates(ctx)))), text)
