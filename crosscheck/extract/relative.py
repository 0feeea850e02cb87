"""Rules for dates named relative to publication: "on Thursday", "yesterday", "this week", "the
day", "two years ago", and the present, past and future references ("now", "recently").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from crosscheck.extract import normalize as nz
from crosscheck.extract.grammar import (
    AMOUNT,
    MONTH,
    UNIT,
    WEEKDAY,
    YEAR,
    Ctx,
    amount_value,
    is_future,
    mention,
    names_event,
    sentence_before,
    tense_around,
)
from crosscheck.extract.numbers import ORDINAL_WORDS, parse_ordinal
from crosscheck.schema import Kind, Mention

_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<mod>last|next|this|coming|past|on|the\s(?:previous|preceding|prior))\s)?"
    rf"(?P<day>{WEEKDAY})(?P<plural>s)?\b"
    rf"(?P<explicit>\s?\((?P<emonth>{MONTH})\.?\s?(?P<eday>[0-3]?\d)\))?"
    r"(?:\s(?P<part>morning|afternoon|evening|night))?",
    re.IGNORECASE,
)


# The words that make a weekday the name of another day. A closed list, because any capitalized
# word may precede a weekday ("in Europe and Asia Monday", "GM said Monday").
_NAMED_DAY_WORD = re.compile(
    r"\b(?:Black|Blue|Bloody|Cyber|Good|Easter|Holy|Maundy|Palm|Ash|Shrove|Super|Giving|Fat"
    r"|Whit|Low|Trinity|Mothering|Orthodox|Patch)\s$"
)


def weekdays(ctx: Ctx) -> Iterator[Mention | None]:
    """ "on Thursday", "next Friday", "Thursday (Sept. 9)" (the explicit date wins)."""
    for m in _WEEKDAY_RE.finditer(ctx.text):
        if not m.group("day")[0].isupper():
            continue
        named = _NAMED_DAY_WORD.search(ctx.text, max(0, m.start() - 20), m.start())
        if named and not m.group("mod"):
            continue  # "Black Monday", "Good Friday": names of other days
        start = m.start("day") if (m.group("mod") or "").lower() == "on" else m.start()
        weekday = nz.WEEKDAYS[m.group("day").lower()]
        if m.group("plural"):
            yield mention(ctx, start, m.end(), Kind.SET, f"XXXX-WXX-{weekday + 1}")
            continue  # "open on Mondays": every Monday
        part = nz.PARTS_OF_DAY.get((m.group("part") or "").lower())
        if ctx.published is None:
            value, resolved = f"XXXX-WXX-{weekday + 1}", False
        else:
            resolved = True
            date: dt.date | None
            if m.group("explicit"):
                month = nz.month_number(m.group("emonth")) or 1
                year = nz.month_year(ctx.published, month, "past")
                date = nz.safe_date(year, month, int(m.group("eday")))
            else:
                date = nz.weekday_date(ctx.published, weekday, _direction(ctx, m))
            if date is None:
                continue
            value = date.isoformat()
        kind, grain = Kind.DATE, "day"
        if part:
            kind, grain, value = Kind.TIME, "part_of_day", f"{value}T{part}"
        yield mention(ctx, start, m.end(), kind, value, granularity=grain, resolved=resolved)


def _direction(ctx: Ctx, m: re.Match[str]) -> str:
    """Where a weekday lies from publication (see ``normalize.weekday_date``).

    Its modifier says it ("next", "the previous"); else a future clause looks forward, and so
    does the present progressive for a weekday with "on" ("is travelling to the U.S. on
    Friday"). A weekday after a noun ("investigating a shooting Monday night") or naming an
    event ("the Monday shooting") dates something that happened: the most recent such day.
    """
    mod = " ".join((m.group("mod") or "").lower().split())
    if mod in _WEEKDAY_DIRECTION:
        return _WEEKDAY_DIRECTION[mod]
    if names_event(ctx, m.start("day"), m.end()):
        return "past"
    return "upcoming" if is_future(ctx, m.start(), progressive=mod == "on") else "past"


_WEEKDAY_DIRECTION = {
    "next": "future",
    "coming": "future",
    "last": "last",
    "the previous": "last",
    "the preceding": "last",
    "the prior": "last",
}


_RELATIVE_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1}
# "last night" is the night before publication, but "the last night of the tour" is the final
# one: after a determiner it is yesterday's only as a possessive ("the last night's shooting").
_LAST_NIGHT = (
    r"(?<!\bthe\s)(?<!\bthat\s)(?<!\bher\s)(?<!\bhis\s)(?<!\btheir\s)(?<!\bits\s)"
    r"(?<!\bmy\s)(?<!\bour\s)(?<!\byour\s)(?<!\bone\s)(?<!\bthis\s)last\snight"
)
_RELATIVE_RE = re.compile(
    r"\b(?P<pre>(?:earlier|later)\s)?"
    rf"(?P<word>today|yesterday|tomorrow|tonight|{_LAST_NIGHT}|(?<=the\s)last\snight(?=['’]\s?s\b))\b"
    rf"(?P<explicit>[:\s]\s?(?:\(\s?)?(?P<day>[0-3]?\d)\s(?P<month>{MONTH})\w*\.?\s(?P<year>{YEAR}))?"
    r"|\bthis\s(?P<part>morning|afternoon|evening)\b"
    r"|\b(?P<session>morning|afternoon|evening)(?=\s(?:trading|trade|session|deals|dealings)\b)"
    r"|\b(?:in|by|during|until|through|throughout)\s(?P<bare>(?:the\s)?(?:(?:early|late|mid)[\s-])?"
    r"(?P<alone>morning|afternoon|evening)(?:\shours)?)\b(?![\s-](?:of|after|before|hours|news|paper|shift"
    r"|rush|show|prayers?|star|session|trading)\b|['’])",
    re.IGNORECASE,
)


# "today's GM." is the GM of these days (TimeML's PRESENT_REF), not of the publication day: a name
# closing the noun phrase after "today's"; "today's Senate vote" is the day's.
_NOWADAYS = re.compile(r"['’]s\s[A-Z][\w&.-]*(?=\s?[,.;:!?)\"]|\s(?:is|was|has|will)\b)")


def relative_days(ctx: Ctx) -> Iterator[Mention | None]:
    """ "today", "yesterday", "this morning"; "Today: 9 March 2025" takes the printed date.

    "in morning trading" is a part of the story's day (moved there by ``attach.anaphora``); "today's
    GM" is the present (PRESENT_REF).
    """
    for m in _RELATIVE_RE.finditer(ctx.text):
        if m.group("explicit"):
            month = nz.month_number(m.group("month")) or 1
            date = nz.safe_date(int(m.group("year")), month, int(m.group("day")))
            if date:
                yield mention(
                    ctx, m.start(), m.end(), Kind.DATE, date.isoformat(), granularity="day"
                )
            continue
        word = " ".join((m.group("word") or "").lower().split())
        if word == "today" and _NOWADAYS.match(ctx.text, m.end()):
            yield mention(ctx, m.start(), m.end(), Kind.DATE, "PRESENT_REF")
            continue
        part = (
            "NI"
            if word in ("tonight", "last night")
            else nz.PARTS_OF_DAY.get(
                (m.group("part") or m.group("session") or m.group("alone") or "").lower()
            )
        )
        if ctx.published is None or _habitual_part(ctx, m):
            value, resolved = "XXXX-XX-XX", False
        else:
            offset = _RELATIVE_DAY.get(word, 0)
            value, resolved = (ctx.published + dt.timedelta(days=offset)).isoformat(), True
        if part:
            yield mention(
                ctx,
                m.start("bare") if m.group("bare") else m.start(),
                m.end(),
                Kind.TIME,
                f"{value}T{part}",
                granularity="part_of_day",
                resolved=resolved,
            )
        else:
            yield mention(
                ctx, m.start(), m.end(), Kind.DATE, value, granularity="day", resolved=resolved
            )


def _habitual_part(ctx: Ctx, m: re.Match[str]) -> bool:
    """Whether a part of day with no day ("in the morning") is outside a past clause: "she
    wakes up early in the morning", "he will leave in the evening" name no day news can place;
    "the marchers had dispersed by late afternoon" is the story's day."""
    return bool(m.group("bare")) and tense_around(ctx, m.start(), m.end()) != "past"


_THIS_UNIT = re.compile(
    r"\b(?:(?P<pre>earlier|later|the\send\sof|the\sstart\sof|the\sbeginning\sof)\s)?"
    r"(?P<mod>this|last|next|the\sprevious|the\sfollowing|the\scurrent|the\ssame)\s"
    r"(?P<unit>week|weekend|month|year|quarter|decade|century)\b",
    re.IGNORECASE,
)
_THE_DAY = re.compile(
    r"\b(?:(?:end(?:ed|ing|s)?|finish(?:ed|ing|es)?|clos(?:e|ed|ing)|for|during|later\sin"
    r"|late\sin|earlier\sin|on|over|throughout|at(?=\sthe\sweekend)"
    r"|(?:the\s)?(?:start|beginning|end)\sof)\s)(?P<span>the\s(?:same\s)?"
    r"(?P<unit>day|weekend|year|decade))\b"
    r"(?!\s(?:of|when|that)\b|\s(?:before|after)\s(?![a-z]+ing\b))",
    re.IGNORECASE,
)


def the_day(ctx: Ctx) -> Iterator[Mention | None]:
    """ "ended the day at 8,017", "the start of the year", "over the weekend": the publication's
    day, weekend or year.

    "the day" is then moved to the day the story is about, when one was named (``attach.anaphora``);
    "the day after" a noun is another day and is left out, "late in the day after falling" is not.
    """
    for m in _THE_DAY.finditer(ctx.text):
        unit = m.group("unit").lower()
        grain = "week" if unit == "weekend" else unit
        place = None
        if ctx.published is not None:
            back = unit == "weekend" and _weekend_is_behind(ctx, ctx.published, m.start())
            place = nz.current(ctx.published, grain, -1 if back else 0)
        value = (place[0] if place else nz.unresolved(grain)) + ("-WE" if unit == "weekend" else "")
        yield mention(
            ctx,
            m.start("span"),
            m.end(),
            Kind.DATE,
            value,
            granularity=grain,
            resolved=place is not None,
        )


def _weekend_is_behind(ctx: Ctx, published: dt.date, start: int) -> bool:
    """Whether "the weekend" ("found over the weekend") is the one before the publication's week:
    a past clause on a weekday means the weekend just gone; on Saturday or Sunday, or in a future
    clause, it is this week's."""
    return published.weekday() < 5 and not is_future(ctx, start)


_MOD_DELTA = {
    "this": 0,
    "last": -1,
    "next": 1,
    "the previous": -1,
    "the following": 1,
    "the current": 0,
    "the same": 0,
}


def this_unit(ctx: Ctx) -> Iterator[Mention | None]:
    """ "this week", "last month", "next year" (a calendar unit relative to publication)."""
    for m in _THIS_UNIT.finditer(ctx.text):
        mod = " ".join(m.group("mod").lower().split())
        if mod == "the same" and m.group("unit").lower() != "year":
            continue
        unit = m.group("unit").lower()
        grain_unit = "week" if unit == "weekend" else unit
        if ctx.published is None:
            value, resolved, grain = nz.unresolved(grain_unit), False, grain_unit
        else:
            delta = _MOD_DELTA[mod] + _coming_week(ctx, m.start(), ctx.published, unit, mod)
            place = nz.current(ctx.published, grain_unit, delta)
            if place is None:
                continue
            (value, grain), resolved = place, True
        if unit == "weekend":
            value += "-WE"
        yield mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity=grain, resolved=resolved
        )


def _coming_week(ctx: Ctx, start: int, published: dt.date, unit: str, mod: str) -> int:
    """1 when "this week" in a Sunday article looks forward ("is expected to rejoin the Colts
    this week"): news (in the US) starts the week on Sunday, ISO 8601 ends it there."""
    sunday = published.weekday() == 6
    return int(sunday and unit == "week" and mod == "this" and is_future(ctx, start))


# "this season", "last season": a season of play (or of a show), named as the year it began
# (TimeML: "this season" in January 2011 is 2010). Seasons of play begin in late summer
# (football, basketball, hockey) except baseball's, which begins in spring. "the previous
# season" is the one before the season the story names, not before publication's.
_PLAY_SEASON = re.compile(
    r"\b(?P<mod>this|last|next|the\scurrent|the\scoming)\sseason\b(?!['’-])",
    re.IGNORECASE,
)
_BASEBALL = re.compile(
    r"\b(?:baseball|innings?|pitch(?:er|ers|ed|ing)|home\sruns?|MLB|World\sSeries|Red\sSox"
    r"|Yankees|Mets|Dodgers|Cubs)\b"
)
_SEASON_DELTA = {"this": 0, "the current": 0, "last": -1}


def play_seasons(ctx: Ctx) -> Iterator[Mention | None]:
    """ "this season", "last season", "next season" -> the year the season began."""
    for m in _PLAY_SEASON.finditer(ctx.text):
        if ctx.published is None:
            yield mention(ctx, m.start(), m.end(), Kind.DATE, "XXXX", granularity="year",
                          resolved=False)  # fmt: skip
            continue
        opening = 3 if _BASEBALL.search(ctx.text) else 8
        begun = ctx.published.year - (ctx.published.month < opening)
        year = begun + _SEASON_DELTA.get(" ".join(m.group("mod").lower().split()), 1)
        yield mention(ctx, m.start(), m.end(), Kind.DATE, f"{year:04d}", granularity="year")


# Found from the unit back: "day" and "week" occur far less often than the places where a
# pattern starting with the ordinal would have to be tried.
_NTH_UNIT = re.compile(
    r"\b(?P<unit>day|week)\b"
    rf"(?![\w-]|\sof\s(?:the\s(?:year|month|week)\b|{MONTH}|\d|[A-Z]))"
)
_NTH_BEFORE = re.compile(
    rf"\b(?:(?i:the|an?)\s)?(?P<ord>\d+(?:st|nd|rd|th)|(?i:{ORDINAL_WORDS}))\s"
    r"(?:(?:straight|consecutive|successive|full)\s)?$"
)
_NTH_REACH = 40


def nth_days(ctx: Ctx) -> Iterator[Mention | None]:
    """ "the 99th day" (of a strike), "a second consecutive day", "fourth week in a row".

    Such a count of days names the day it has reached, the day the story is about (set by
    ``attach.anaphora``, publication's by default); it is a position, not a count of things.
    A day counted within a calendar unit ("the first day of March") is left out.
    """
    for u in _NTH_UNIT.finditer(ctx.text):
        left = max(0, u.start() - _NTH_REACH)
        m = _NTH_BEFORE.search(ctx.text, left, u.start())
        if m and parse_ordinal(m.group("ord")) is not None:
            yield _current_unit(ctx, m.start(), u.end(), u.group("unit"))


def _current_unit(ctx: Ctx, start: int, end: int, unit: str) -> Mention:
    """A phrase naming the day, week, ... that contains publication (X's when it is unknown)."""
    place = nz.current(ctx.published, unit) if ctx.published else None
    value = place[0] if place else nz.unresolved(unit)
    return mention(ctx, start, end, Kind.DATE, value, granularity=unit, resolved=place is not None)


_RECORD_UNIT = re.compile(
    r"\b(?:best|worst|biggest|largest|strongest|weakest|busiest|deadliest|sharpest|steepest"
    r"|highest|lowest)\s(?P<unit>day|week|month|quarter|year)(?=\s(?:since|in|on\srecord|ever)\b)"
)


def record_units(ctx: Ctx) -> Iterator[Mention | None]:
    """ "their best week since November", "the worst day in years": the unit the story is in.

    A superlative measured against the past ("since", "in years", "on record") describes the
    period being reported, this week or the story's day (``attach.anaphora`` moves a day there).
    """
    for m in _RECORD_UNIT.finditer(ctx.text):
        yield _current_unit(ctx, m.start("unit"), m.end("unit"), m.group("unit"))


_AGO = re.compile(
    rf"\b(?P<amount>{AMOUNT})[\s-](?P<unit>{UNIT})\s(?P<dir>ago|earlier|before)\b", re.IGNORECASE
)


def ago(ctx: Ctx) -> Iterator[Mention | None]:
    """ "two years ago", "a week ago": a point before publication at the unit's grain; "several
    years ago", "a few months ago": some time before it (PAST_REF), not a length of time."""
    for m in _AGO.finditer(ctx.text):
        if m.group("dir").lower() != "ago":
            continue
        unit = nz.unit_key(m.group("unit"))
        amount = amount_value(m.group("amount"))
        if unit is not None and amount is None:
            yield mention(ctx, m.start(), m.end(), Kind.DATE, "PAST_REF")
            continue
        if unit is None or amount is None or amount != int(amount):
            continue
        if ctx.published is None:
            value, grain, resolved = nz.unresolved(unit), nz.granularity(unit), False
        else:
            place = nz.shift(ctx.published, -int(amount), unit)
            if place is None:
                continue
            (value, grain), resolved = place, True
        yield mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity=grain, resolved=resolved
        )


_REFS = re.compile(
    r"\b(?P<present>now|currently|at present|presently|nowadays|at the moment|the time being)\b"
    r"|\b(?P<past>recently|in the past|the past|(?<!most\s)recent(?=\s[a-z]))\b"
    r"(?!\s(?:\w+\s)?" + UNIT + r")"
    r"|\b(?P<future>the (?:near |distant |foreseeable )?future|soon|the near term|the long term"
    r"|in the coming\s\w+)\b",
    re.IGNORECASE,
)


def refs(ctx: Ctx) -> Iterator[Mention | None]:
    """ "now", "currently" -> PRESENT_REF; "recently" -> PAST_REF; "the future" -> FUTURE_REF.

    "recent" before a noun is a reference too, as TimeML marks it ("recent losses"; "the most
    recent model" is the latest, not a time); "current" and "ongoing" are left out: they
    describe a state more often than they date it.
    """
    for m in _REFS.finditer(ctx.text):
        if ctx.text[m.end() : m.end() + 1] == "-":
            continue  # "now-cancelled", "soon-to-open": part of an adjective
        if m.group(0) == "Now" and re.search(r"\w\s?$", sentence_before(ctx, m.start(), 3)):
            continue  # "Join Now", "Subscribe Now": a button label, not a time
        value = (
            "PRESENT_REF"
            if m.group("present")
            else "PAST_REF"
            if m.group("past")
            else ("FUTURE_REF")
        )
        yield mention(ctx, m.start(), m.end(), Kind.DATE, value)
