"""What is added once mentions are chosen: anaphora, modifiers, qualifiers and roles.

Anaphoric dates ("the same period last year", "the day before") take their antecedent's value;
modifiers ("early", "mid-") and qualifiers ("over") widen a mention; "since" and "in 24 years"
after a superlative give the since and gap roles; a time of day takes the date named with it.
"""

from __future__ import annotations

import datetime as dt
import re

from crosscheck.extract import normalize as nz
from crosscheck.extract.grammar import Ctx, mention, sentence_before
from crosscheck.extract.quantities import qualifier_before
from crosscheck.schema import Kind, Mention, Qualifier, Role

_MODIFIER = re.compile(
    r"\b(?:(?:the\s)?(?:very\s)?(?:early|late|mid|middle|end|start|beginning|close)"
    r"(?:\sof\s(?:the\s)?|-|\s)|(?:early|late|mid)-?)$",
    re.IGNORECASE,
)
_GAP_CUE = re.compile(
    r"\b(?:first|last|highest|lowest|biggest|largest|worst|best|strongest|weakest|longest"
    r"|fastest|slowest|most|least|smallest|only)\b",
    re.IGNORECASE,
)


# Expressions whose value is that of a date named shortly before them (their antecedent).
# "the same period last year": that period, a year back.
_SAME_PERIOD = re.compile(
    r"\bthe\ssame\s(?P<unit>period|time|month|quarter|week|day|season)\s(?:of\s|in\s)?"
    r"(?:last\syear|a\syear\s(?:ago|earlier|before)|the\s(?:previous|prior|last)\syear"
    r"|the\syear\sbefore)\b",
    re.IGNORECASE,
)
# "the year previous", "the day before" closing a clause: one unit before (after) the antecedent.
_UNIT_BEFORE = re.compile(
    r"\bthe\s(?P<unit>day|month|year)\s(?P<dir>before|earlier|previous|prior|after|later)"
    r"(?=\s?[.,;:!?)–—]|\s(?:and|but|when|while|as|-)(?:\s|$))",
    re.IGNORECASE,
)
# "the following decade", "the previous year": one unit after (before) the antecedent's, not
# publication's ("in the 1990s ... the following decade" is the 2000s).
_UNIT_FOLLOWING = re.compile(
    r"\bthe\s(?P<dir>following|previous|preceding|prior)\s(?P<unit>day|month|year|decade)\b",
    re.IGNORECASE,
)
# "that day", "the same day", "later that week", "that night", "the next morning", "by that
# time": the day (week, month, year) of the date named last before them, or the day after it.
# Not "that day has come", a day hoped for or feared, nor "the same day as" another, nor "at
# the same time", which joins two statements ("meanwhile") rather than dating one, nor a
# compound after the conjunction "that" ("said that day one motions", "that day care").
_THAT_UNIT = re.compile(
    r"\b(?:(?:later|earlier)\s)?(?:that|the\ssame|the\s(?P<next>next))\s"
    r"(?P<unit>day|morning|afternoon|evening|night|week|month|year|time)\b"
    r"(?<!same\stime)"
    r"(?!\s(?:of|when|as|that|before|after|(?:has\s|had\s|will\s)?(?:come|came|comes)"
    r"|one|care|trip|job|shift|club|school|show|end)\b|-)",
    re.IGNORECASE,
)


def _may_refer_back(text: str) -> bool:
    """Whether a text holds a word "that day" and its kin start with: most text has none, and
    ``_THAT_UNIT`` is slow to rule out at every position (a third of the anaphora pass)."""
    return "hat " in text or "same " in text or "next " in text or "HAT " in text


_THAT_GRAINS = {
    "day": {"day"},
    "week": {"day", "week"},
    "month": {"day", "week", "month"},
    "year": {"day", "week", "month", "quarter", "season", "half", "year"},
    "time": {"day", "week", "month", "quarter", "season", "half", "year"},
}
# "a loss of $8.6 billion for the entire year" after "the fourth quarter of 2005": that year.
_WHOLE_YEAR = re.compile(r"\bthe\s(?P<unit>entire|whole|full)\syear\b(?!-)", re.IGNORECASE)
_PERIOD_GRAINS = {"week", "month", "quarter", "season"}
_ANAPHOR_GRAINS = {
    "period": _PERIOD_GRAINS,
    "time": _PERIOD_GRAINS,
    "day": {"day"},
    "week": {"week"},
    "month": {"month"},
    "quarter": {"quarter"},
    "season": {"season"},
    "year": {"year"},
    "decade": {"decade"},
    "entire": {"day", "week", "month", "quarter", "season", "year"},
    "whole": {"day", "week", "month", "quarter", "season", "year"},
    "full": {"day", "week", "month", "quarter", "season", "year"},
}
# How far back the story's day may lie from publication for "the day" to mean it.
_STORY_DAY_WINDOW = 31
# How far before an anaphor its antecedent may be (about two sentences).
_ANTECEDENT_CHARS = 400


def _antecedent(
    mentions: list[Mention], start: int, grains: set[str], reach: int = _ANTECEDENT_CHARS
) -> Mention | None:
    """The nearest resolved date of one of ``grains`` named at most ``reach`` before ``start``."""
    for m in reversed(mentions):
        if m.end <= start and start - m.end <= reach and _is_date_of(m, grains):
            return m
    return None


def _is_date_of(m: Mention, grains: set[str]) -> bool:
    return m.kind is Kind.DATE and m.resolved and m.granularity in grains


def _year_back(value: str) -> str | None:
    """The same calendar place a year earlier: "2009-02" -> "2008-02"; None if there is none."""
    m = re.fullmatch(r"(\d{4})(-.*)?", value)
    if not m:
        return None
    shifted = f"{int(m.group(1)) - 1:04d}{m.group(2) or ''}"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", shifted):
        day = nz.safe_date(int(shifted[:4]), int(shifted[5:7]), int(shifted[8:10]))
        return day.isoformat() if day else None  # February 29th has no year-earlier twin
    return shifted


def _unit_step(value: str, unit: str, direction: str) -> str | None:
    """The day, month or year one step before ("before", "earlier", ...) or after a value."""
    step = 1 if direction in ("after", "later", "following") else -1
    try:
        if unit == "decade":
            return nz.decade_value(int(value[:3]) * 10 + 10 * step)
        if unit == "day":
            return (dt.date.fromisoformat(value) + dt.timedelta(days=step)).isoformat()
        if unit == "month":
            year, month = nz.add_months(int(value[:4]), int(value[5:7]), step)
            return f"{year:04d}-{month:02d}"
        return f"{int(value) + step:04d}"
    except ValueError:
        return None


def _publication_year(ctx: Ctx, s: re.Match[str]) -> Mention | None:
    """The publication's year as the antecedent of "the year before" when the text names none:
    "2% higher than the year before" is a year before the one reported in, as "the previous
    year" is (a day or a month before is the story's, which publication does not tell)."""
    if s.re is not _UNIT_BEFORE or s.group("unit").lower() != "year" or ctx.published is None:
        return None
    if s.group("dir").lower() in ("after", "later"):
        return None  # "the year after" of nothing named is no year publication tells
    year = str(ctx.published.year)
    return mention(ctx, s.start(), s.start(), Kind.DATE, year, granularity="year")


def _resolve_anaphor(s: re.Match[str], before: Mention) -> str | None:
    """The value of an anaphoric phrase given its antecedent's."""
    if s.re is _SAME_PERIOD:
        return _year_back(before.value)
    if s.re in (_UNIT_BEFORE, _UNIT_FOLLOWING):
        return _unit_step(before.value, s.group("unit").lower(), s.group("dir").lower())
    return before.value[:4] if before.value[:4].isdigit() else None


def _story_day(ctx: Ctx, m: Mention, before: list[Mention]) -> Mention:
    """Move "the day" (and "morning trading") to the day the story is about.

    "ending the day at 8,017" after "on Friday" is that Friday: news says "the day" of the day its
    story is about, the last day named if within a month of publication; else publication's.
    """
    story = _antecedent(before, m.start, {"day"}, len(ctx.text))
    if not (story and ctx.published and _near(story.value, ctx.published, _STORY_DAY_WINDOW)):
        return m
    return m.model_copy(update={"value": story.value + m.value[10:]})


def anaphora(ctx: Ctx, mentions: list[Mention]) -> list[Mention]:
    """Resolve the expressions whose value is another mention's, once mentions are chosen.

    An anaphor without an antecedent keeps the value its rule gave (or is not a mention).
    """
    result: list[Mention] = []
    for m in mentions:
        if _STORY_DAY_TEXT.fullmatch(m.text) and m.resolved and m.kind in (Kind.DATE, Kind.TIME):
            m = _story_day(ctx, m, result)
        result.append(m)
    that_units = _THAT_UNIT.finditer(ctx.text) if _may_refer_back(ctx.text) else ()
    for s in that_units:
        if (back := _refer_back(ctx, result, s)) is not None:
            result = [m for m in result if m.end <= back.start or m.start >= back.end]
            result = sorted([*result, back], key=lambda m: m.start)
    for pattern in (_SAME_PERIOD, _UNIT_BEFORE, _UNIT_FOLLOWING, _WHOLE_YEAR):
        for s in pattern.finditer(ctx.text):
            grains = _ANAPHOR_GRAINS[s.group("unit").lower()]
            before = _antecedent(result, s.start(), grains) or _publication_year(ctx, s)
            value = _resolve_anaphor(s, before) if before else None
            if before is None or value is None:
                continue
            grain = "year" if pattern is _WHOLE_YEAR else before.granularity
            result = [m for m in result if m.end <= s.start() or m.start >= s.end()]
            result.append(mention(ctx, s.start(), s.end(), Kind.DATE, value, granularity=grain))
            result.sort(key=lambda m: m.start)
    return result


def _refer_back(ctx: Ctx, before: list[Mention], s: re.Match[str]) -> Mention | None:
    """The date "that day" (or "the next morning", "later that year") names, from the date named
    last before it in the text, else in the article before the text (``Ctx.earlier``): TimeML's
    reference time. None when neither names one.

    News tells a story's days in order, so the last day named is the one such a phrase means
    ("The fire broke out on March 3. Two more people died the next day.").
    """
    unit = s.group("unit").lower()
    part = nz.PARTS_OF_DAY.get(unit)
    if s.group("next") and not (part or unit == "day"):
        return None  # "the next week", "the next year": the coming one, or a length of time
    grains = _THAT_GRAINS.get(unit, {"day"})
    found = _antecedent(before, s.start(), grains, len(ctx.text)) or next(
        (m for m in reversed(ctx.earlier) if _is_date_of(m, grains)), None
    )
    if found is None:
        return None
    value, grain = found.value, found.granularity
    if part or unit in ("day", "week", "month", "year"):
        value, grain = _coarsen(found.value, "day" if part else unit, bool(s.group("next")))
    if not value:
        return None
    if part:
        return mention(
            ctx, s.start(), s.end(), Kind.TIME, f"{value}T{part}", granularity="part_of_day"
        )
    return mention(ctx, s.start(), s.end(), Kind.DATE, value, granularity=grain)


def _coarsen(value: str, unit: str, next_day: bool) -> tuple[str, str]:
    """A date's value at a coarser grain ("2013-03-03" as a week: "2013-W09"), or its next day."""
    if unit == "year":
        return (value[:4], "year") if value[:4].isdigit() else ("", "")
    if unit == "month" and re.match(r"\d{4}-\d\d(?:-|$)", value):
        return value[:7], "month"
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return (value, unit) if unit == "week" and "-W" in value else ("", "")
    if unit == "week":
        return nz.iso_week(day), "week"
    return (day + dt.timedelta(days=int(next_day))).isoformat(), "day"


# "the day", "the same day", "a second consecutive day", "best day" (its superlative is not
# part of the mention), "morning" (trading).
_STORY_DAY_TEXT = re.compile(
    r"(?:(?:the|an?)\s)?(?:\w+\s)?(?:(?:same|straight|consecutive|successive|full)\s)?day"
    r"|(?:(?:the|early|late|mid)[\s-]){0,2}(?:morning|afternoon|evening)(?:\shours)?",
    re.IGNORECASE,
)


def _near(value: str, published: dt.date, days: int) -> bool:
    """Whether a day value lies within ``days`` of publication."""
    try:
        return abs((dt.date.fromisoformat(value[:10]) - published).days) <= days
    except ValueError:
        return False


def attach(ctx: Ctx, mentions: list[Mention]) -> list[Mention]:
    """Add what the words around a mention say: modifiers, qualifiers, since and gap roles."""
    result: list[Mention] = []
    for m in mentions:
        floor = result[-1].end if result else 0
        if m.start < floor:
            continue  # the date a time of day took in ("16:00 UTC today"): already part of it
        if m.kind is Kind.DATE and m.role is None:
            mod = _MODIFIER.search(ctx.text[max(floor, m.start - 25) : m.start])
            if mod:
                m = _widen(
                    ctx,
                    m,
                    m.start - (len(ctx.text[max(floor, m.start - 25) : m.start]) - mod.start()),
                )
            if re.search(
                r"\bsince\s(?:the\s)?$", ctx.text[max(0, m.start - 10) : m.start], re.IGNORECASE
            ):
                m = m.model_copy(
                    update={"role": Role.SINCE, "anchor": m.value if m.resolved else None}
                )
        if m.kind is Kind.TIME and m.granularity == "minute":
            m = _approximate(ctx, _redate(ctx, m, mentions), floor)
        if m.kind is Kind.DURATION and m.qualifier is Qualifier.EXACT:
            start, qualifier = qualifier_before(ctx, m.start)
            if start >= floor and qualifier is not Qualifier.EXACT:
                m = _widen(ctx, m, start).model_copy(update={"qualifier": qualifier})
            m = _gap(ctx, m)
        result.append(m)
    return _range_dates(ctx, result)


_RANGE_JOINER = re.compile(r"\s?(?:and|to|-|–)\s?")


def _range_dates(ctx: Ctx, mentions: list[Mention]) -> list[Mention]:
    """ "between 2 and 3 a.m. Sunday": the first end of a range of hours takes the second's day."""
    result = list(mentions)
    for i, (first, second) in enumerate(zip(mentions, mentions[1:], strict=False)):
        joined = _RANGE_JOINER.fullmatch(ctx.text, first.end, second.start)
        if joined and first.kind is second.kind is Kind.TIME and "T" in second.value:
            day = second.value[: second.value.index("T")]
            result[i] = first.model_copy(update={"value": day + first.value[len(day) :]})
    return result


# What may stand between a time and the date it is given: "18:00 UTC Monday", "16:15 UTC, June
# 1st", "9.30am on Saturday", "at 9:25 hours on Thursday".
_NEXT_TO = re.compile(r"(?:\s(?:hrs|hours)\b)?(?:[\s,]{0,3}|,?\son\s)")


def _redate(ctx: Ctx, time: Mention, mentions: list[Mention]) -> Mention:
    """Give a time of day the date named next to it ("18:00 UTC Monday", "Tuesday ... at 18:00").

    The date just after the time wins, then the nearest day-date before it in the sentence;
    without either the time keeps the publication date it was given. A date right after the time
    becomes part of it; one set off by a comma ("16:15 UTC, June 1st") stays its own mention.
    """
    sentence_start = time.start - len(sentence_before(ctx, time.start, 200))
    days = [m for m in mentions if _names_day(m)]
    after = [
        m for m in days if m.start >= time.end and _NEXT_TO.fullmatch(ctx.text, time.end, m.start)
    ]
    before = [m for m in days if sentence_start <= m.start and m.end <= time.start]
    chosen = after[0] if after else before[-1] if before else None
    if chosen is None or "T" not in time.value:
        return time
    value = chosen.value[:10] + time.value[time.value.index("T") :]
    if after and not ctx.text[time.end : after[0].start].strip():
        return time.model_copy(
            update={"end": chosen.end, "text": ctx.text[time.start : chosen.end], "value": value}
        )
    return time.model_copy(update={"value": value})


def _names_day(m: Mention) -> bool:
    """Whether a mention names a day a time of day can take: a date, or a part of a named day
    ("at 7 p.m. on Friday night")."""
    grain = "day" if m.kind is Kind.DATE else "part_of_day" if m.kind is Kind.TIME else None
    return grain is not None and m.granularity == grain and m.resolved and m.value[:4].isdigit()


def _approximate(ctx: Ctx, time: Mention, floor: int) -> Mention:
    """ "around 5 p.m.": a clock time after an approximator is approximate, the word included.

    Only "about"-like words qualify a time of day; "over 5 p.m." or "under 5 p.m." are not how
    news bounds an hour (and "just after 5 p.m." names the hour exactly enough).
    """
    start, qualifier = qualifier_before(ctx, time.start)
    if start < floor or qualifier is not Qualifier.APPROX:
        return time
    return _widen(ctx, time, start).model_copy(update={"qualifier": qualifier})


def _widen(ctx: Ctx, m: Mention, start: int) -> Mention:
    return m.model_copy(update={"start": start, "text": ctx.text[start : m.end]})


def _gap(ctx: Ctx, m: Mention) -> Mention:
    """ "his first visit in 24 years": the duration points back to the last time before."""
    if not re.search(r"\bin\s$", ctx.text[max(0, m.start - 3) : m.start], re.IGNORECASE):
        return m
    if not _GAP_CUE.search(sentence_before(ctx, m.start, 120)):
        return m
    match = re.fullmatch(r"P(\d+)([YMWD])", m.value)
    if not match:
        return m
    unit = {"Y": "year", "M": "month", "W": "week", "D": "day"}[match.group(2)]
    anchor = None
    if ctx.published is not None:
        place = nz.shift(ctx.published, -int(match.group(1)), unit)
        anchor = place[0] if place else None
    return m.model_copy(
        update={"role": Role.GAP, "anchor": anchor, "resolved": ctx.published is not None}
    )
