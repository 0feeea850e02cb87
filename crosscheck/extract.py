"""Finding the checkable values of a text: dates, times, durations, sets, numbers and amounts.

The temporal part is a hand-written TIMEX3 grammar of regular-expression rules with anchoring to
the publication date, the approach of HeidelTime and SUTime: news dates are a small closed
language ("on Thursday (Sept. 9)", "last month", "in over eight months") whose meaning depends on
the article's date and tense, which a general date parser such as dateparser does not model (it
resolves "Thursday" against today and cannot say where a phrase starts and ends in running text).
Number words are read by text2num (see ``numbers``).

Every rule proposes candidate mentions; the longest candidates win overlaps, then qualifiers
("over", "about"), modifiers ("early", "mid-") and roles (anniversary, since, gap) are attached.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from crosscheck import normalize as nz
from crosscheck.numbers import (
    DIGITS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    format_number,
    parse_digits,
    parse_number,
    parse_ordinal,
)
from crosscheck.schema import Kind, Mention, Qualifier, Role

# --------------------------------------------------------------------------- shared pieces

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH_DOT = rf"(?P<month>{_MONTH})\b\.?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
    r"|quarters?|years?|decades?|century|centuries)"
)
_AMOUNT = (
    rf"(?:{DIGITS}|{NUMBER_WORDS}(?: and a half)?|an?|a couple of|a few|several|many|single(?=-))"
)
_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|is to|are to|is due|are due|due|scheduled|expected to|plans? to"
    r"|planned|set to|upcoming|would|should|to be|until|till)\b",
    re.IGNORECASE,
)
# The present progressive, which news uses for what is under way or arranged ("is travelling to
# the U.S. on Monday"). It looks forward only for weekdays, which it places within the coming
# week; with a month it as often describes a trend ("sales are slowing, down 45% in March").
_PROGRESSIVE_CUE = re.compile(
    r"\b(?:is|are|am)\s(?:also\s|now\s|still\s)?(?!being\b)[a-z]+ing\b", re.IGNORECASE
)
# A full stop ends a sentence unless it closes an initial or a dotted abbreviation ("U.S.").
_SENTENCE_BREAK = re.compile(r"(?:(?<!\b[A-Z])\.|[!?\n])(?:\s|$)")


@dataclass(frozen=True)
class _Ctx:
    text: str
    published: dt.date | None


@dataclass(frozen=True)
class _Cand:
    """A proposed mention; ``priority`` breaks ties between equally long candidates."""

    mention: Mention
    priority: int


def _mention(ctx: _Ctx, start: int, end: int, kind: Kind, value: str, **fields: Any) -> Mention:
    return Mention(start=start, end=end, text=ctx.text[start:end], kind=kind, value=value, **fields)


def _left(ctx: _Ctx, start: int, width: int = 80) -> str:
    """The text of the same sentence before ``start`` (at most ``width`` characters)."""
    window = ctx.text[max(0, start - width) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def _is_future(ctx: _Ctx, start: int, progressive: bool = False) -> bool:
    """Whether the clause before a phrase is in the future tense ("will meet in June").

    With ``progressive``, the present progressive counts too ("is flying to Chicago on Friday").
    """
    left = _left(ctx, start, 60)
    return bool(_FUTURE_CUE.search(left) or (progressive and _PROGRESSIVE_CUE.search(left)))


# --------------------------------------------------------------------------- dates


# A day or month named without a year that falls this soon after publication is the coming one:
# news names upcoming dates ("arrives on November 11") and gives last year's a year.
_NEAR_FUTURE_DAYS = 62


def _day_mention(ctx: _Ctx, start: int, end: int, year: int | None, month: int, day: int):
    if year is None:
        if ctx.published is None:
            return _mention(
                ctx,
                start,
                end,
                Kind.DATE,
                f"XXXX-{month:02d}-{day:02d}",
                granularity="day",
                resolved=False,
            )
        date = nz.safe_date(ctx.published.year, month, day)
        ahead = date is not None and 0 < (date - ctx.published).days <= _NEAR_FUTURE_DAYS
        if date is not None and date > ctx.published and not (ahead or _is_future(ctx, start)):
            date = nz.safe_date(date.year - 1, month, day)
        if (
            date
            and (ctx.published - date).days > _NEAR_FUTURE_DAYS
            and _names_event(ctx, start, end)
        ):
            return _mention(
                ctx,
                start,
                end,
                Kind.DATE,
                f"XXXX-{month:02d}-{day:02d}",
                granularity="day",
                resolved=False,
            )
    else:
        date = nz.safe_date(year, month, day)
    if date is None:
        return None
    return _mention(ctx, start, end, Kind.DATE, date.isoformat(), granularity="day")


def _names_event(ctx: _Ctx, start: int, end: int) -> bool:
    """Whether a day without a year names an event ("the September 11th terrorist attacks").

    Such a date is an attribute of a noun after "the"; news names past events so whatever their
    year, so one more than two months back cannot be put in the year before publication.
    """
    before = re.search(r"\bthe\s$", ctx.text[max(0, start - 4) : start], re.IGNORECASE)
    after = re.match(r"\s([a-z]+)", ctx.text[end:])
    return bool(before and after and after.group(1) not in _HEAD_STOP)


_MONTH_DAY = re.compile(
    rf"\b{_MONTH_DOT}\s?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?![:\w])"
    rf"(?:,?\s(?P<year>{_YEAR})\b)?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH_DOT}(?:,?\s(?P<year>{_YEAR})\b)?"
)


def _month_day_dates(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "Sept. 9", "Jan.1", "July 27, 1953", "24 October 2021", "June 1st"."""
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(ctx.text):
            month = nz.month_number(m.group("month"))
            year = int(m.group("year")) if m.group("year") else None
            if month and 1 <= int(m.group("day")) <= 31:
                yield _day_mention(ctx, m.start(), m.end(), year, month, int(m.group("day")))


_ISO = re.compile(
    r"(?<![\w-])(?P<y>\d{4})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::[0-5]\d)?"
    r"(?:\s?(?P<tz>Z|UTC|GMT(?:\s?[+-]\d{1,2}(?::?\d\d)?)?))?)?(?![\w-])"
)
_SLASH = re.compile(r"(?<![\w/])(?P<mo>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\w/])")


def _numeric_dates(ctx: _Ctx) -> Iterator[Mention | None]:
    """ISO dates with an optional time ("2021-09-27 19:13 GMT+08:00") and US "7/8/07"."""
    for m in _ISO.finditer(ctx.text):
        date = nz.safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
        if date is None:
            continue
        if m.group("h"):
            value = f"{date.isoformat()}T{m.group('h')}:{m.group('mi')}{_zone(m.group('tz'))}"
            yield _mention(ctx, m.start(), m.end(), Kind.TIME, value, granularity="minute")
        else:
            yield _mention(ctx, m.start(), m.end(), Kind.DATE, date.isoformat(), granularity="day")
    for m in _SLASH.finditer(ctx.text):
        year = int(m.group("y"))
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        date = nz.safe_date(year, int(m.group("mo")), int(m.group("d")))
        if date is not None:
            yield _mention(ctx, m.start(), m.end(), Kind.DATE, date.isoformat(), granularity="day")


def _zone(zone: str | None) -> str:
    """TIMEX3 zone suffix: UTC/GMT -> "Z", "GMT+08:00" -> "+08:00", none -> ""."""
    if not zone:
        return ""
    offset = re.search(r"([+-])(\d{1,2}):?(\d\d)?", zone)
    if not offset:
        return "Z"
    return f"{offset.group(1)}{int(offset.group(2)):02d}:{offset.group(3) or '00'}"


_MONTH_YEAR = re.compile(rf"\b{_MONTH_DOT},?\s(?P<year>{_YEAR})\b")
_MONTH_ALONE = re.compile(
    rf"(?:\b(?P<mod>last|next|this|coming|past)\s)?\b(?P<month>{_MONTH})\b(?!\s?\d)(?!\.\w)"
    r"(?:\s(?:of\s)?(?P<rel>(?:this|last|next)\syear)\b)?"
)
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|from|to|through|during|before|after|of|early|late|mid|"
    r"end|last|next|this|and|or|between|since|last|until|in early|in late)[\s-]$",
    re.IGNORECASE,
)


def _month_dates(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "May 2008", "October of next year", and a bare month ("in June").

    A bare month is the most recent such month, unless the clause looks forward or the month
    starts within two months after publication.
    """
    for m in _MONTH_YEAR.finditer(ctx.text):
        month = nz.month_number(m.group("month"))
        if month:
            value = f"{m.group('year')}-{month:02d}"
            yield _mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="month")
    for m in _MONTH_ALONE.finditer(ctx.text):
        name, mod = m.group("month"), m.group("mod")
        month = nz.month_number(name)
        is_abbreviation = name.lower() not in nz.FULL_MONTHS
        if not month or (is_abbreviation and not ctx.text[m.end("month") :].startswith(".")):
            continue
        if name in ("May", "March") and not (mod or _MONTH_CONTEXT.search(_left(ctx, m.start()))):
            continue  # the modal verb and the verb, unless a preposition makes them months
        if m.group("rel"):
            year = _year_of(ctx, m.group("rel"))  # "October of next year"
            value, resolved = f"{year or 'XXXX'}-{month:02d}", year is not None
        elif ctx.published is None:
            value, resolved = f"XXXX-{month:02d}", False
        else:
            year = _bare_month_year(ctx, ctx.published, m.start(), month, (mod or "").lower())
            value, resolved = f"{year}-{month:02d}", True
        yield _mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity="month", resolved=resolved
        )


def _bare_month_year(ctx: _Ctx, published: dt.date, start: int, month: int, mod: str = "") -> int:
    """The year of a month named without one: "last"/"next" say it, else tense and nearness."""
    soon = 0 < month - published.month <= _NEAR_FUTURE_DAYS // 31
    direction = {"last": "last", "next": "next", "coming": "future", "past": "last"}.get(
        mod, "future" if soon or _is_future(ctx, start) else "past"
    )
    return nz.month_year(published, month, direction)


_WEEK_OF_MONTH = re.compile(
    r"\b(?i:the\s(?P<ord>first|second|third|fourth|last|final)\sweek\sof)\s"
    rf"(?P<month>{_MONTH})\b(?:,?\s(?P<year>{_YEAR})\b)?"
)


def _weeks_of_month(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "the last week of March" -> the ISO week whose Thursday is March's last (2009-W13).

    ISO 8601 gives a week to the year that holds its Thursday; a week belongs to a month alike.
    """
    for m in _WEEK_OF_MONTH.finditer(ctx.text):
        month = nz.month_number(m.group("month"))
        if not month or (m.group("month").lower() not in nz.FULL_MONTHS and not m.group("year")):
            continue
        if m.group("year"):
            year = int(m.group("year"))
        elif ctx.published is None:
            yield _mention(
                ctx, m.start(), m.end(), Kind.DATE, "XXXX-WXX", granularity="week", resolved=False
            )
            continue
        else:
            year = _bare_month_year(ctx, ctx.published, m.start(), month)
        value = nz.week_of_month(year, month, m.group("ord").lower())
        yield _mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="week")


_YEAR_RE = re.compile(
    rf"(?<![\w$€£¥.,/'’])(?:(?<=mid-)|(?<=pre-)|(?<=post-)|(?<!-))(?P<year>{_YEAR})(?![\w%]|,\d|\.\d|-\d)"
    r"|(?<=\s)['’](?P<short>\d\d)\b(?!['’])"
)
_DATE_PREP = re.compile(
    r"\b(?:in|since|by|until|till|from|to|of|during|before|after|early|late|mid|between|and"
    r"|through|year|fiscal|summer|winter|spring|autumn|fall|the|circa|around|or|'s|’s|end)[\s-]$",
    re.IGNORECASE,
)
_NOT_PLURAL = {"was", "is", "has", "as", "its", "this", "his", "plus", "less", "across", "us"}


def _years(ctx: _Ctx) -> Iterator[Mention | None]:
    """A four-digit year in date context: "in 2000", "since 1959", "the 2008 budget".

    A year-like number counting something ("2000 troops") is left to the number rules: the word
    after it is a plural noun and no date preposition precedes it.
    """
    for m in _YEAR_RE.finditer(ctx.text):
        after = re.match(r"\s([a-z]+)", ctx.text[m.end() :])
        left = _left(ctx, m.start(), 20)
        counted = after and after.group(1).endswith("s") and after.group(1) not in _NOT_PLURAL
        if counted and not _DATE_PREP.search(left):
            continue
        name = re.search(r"([A-Z][\w&.'’-]*)\s$", left)
        if (
            name
            and name.group(1) not in _CAPITAL_OK
            and not nz.month_number(name.group(1))
            and not _is_edition(ctx, m.group("year"))
        ):
            continue  # "Russell 2000", "Windows 2000": part of a name
        if m.group("short"):
            if not _DATE_PREP.search(left):
                continue
            short = int(m.group("short"))
            year = str(1900 + short if short >= 30 else 2000 + short)
        else:
            year = m.group("year")
        yield _mention(ctx, m.start(), m.end(), Kind.DATE, year, granularity="year")


_DECADE = re.compile(
    r"(?<![\w$-])(?:the\s)?(?:(?P<full>1[5-9]\d0|20\d0)|['’]?(?P<short>[0-9]0))['’]?s\b"
)


def _is_edition(ctx: _Ctx, year: str | None) -> bool:
    """Whether a year after a name is the year of an event's edition ("WWDC 2005", "Expo 2010").

    News names this year's (or next or last year's) event so; a name with a year far from
    publication ("Russell 2000" in 2008) is a product or an index, not a date.
    """
    return (
        year is not None and ctx.published is not None and abs(int(year) - ctx.published.year) <= 1
    )


def _decades(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "the 1990s", "the '80s", "80s" -> TIMEX3 decades "199X", "198X"."""
    for m in _DECADE.finditer(ctx.text):
        if m.group("full"):
            year = int(m.group("full"))
        else:
            short = int(m.group("short"))
            if not m.group(0).startswith(("the", "'", "’")) and re.search(
                r"\b(?:his|her|their|in\s(?:his|her|their))\s$", _left(ctx, m.start(), 12)
            ):
                continue  # "in his 80s" is an age
            year = 1900 + short if short >= 20 else 2000 + short
        yield _mention(
            ctx, m.start(), m.end(), Kind.DATE, nz.decade_value(year), granularity="decade"
        )


_WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<mod>last|next|this|coming|past|on)\s)?(?P<day>{_WEEKDAY})s?\b"
    rf"(?P<explicit>\s?\((?P<emonth>{_MONTH})\.?\s?(?P<eday>[0-3]?\d)\))?"
    r"(?:\s(?P<part>morning|afternoon|evening|night))?",
    re.IGNORECASE,
)


# The words that make a weekday the name of another day. A closed list, because any capitalized
# word may precede a weekday ("in Europe and Asia Monday", "GM said Monday").
_NAMED_DAY_WORD = re.compile(
    r"\b(?:Black|Blue|Bloody|Cyber|Good|Easter|Holy|Maundy|Palm|Ash|Shrove|Super|Giving|Fat"
    r"|Whit|Low|Trinity|Mothering|Orthodox)\s$"
)


def _weekdays(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "on Thursday", "next Friday", "Thursday (Sept. 9)" (the explicit date wins)."""
    for m in _WEEKDAY_RE.finditer(ctx.text):
        if not m.group("day")[0].isupper():
            continue
        named = _NAMED_DAY_WORD.search(ctx.text, max(0, m.start() - 20), m.start())
        if named and not m.group("mod"):
            continue  # "Black Monday", "Good Friday": names of other days
        start = m.start("day") if (m.group("mod") or "").lower() == "on" else m.start()
        weekday = nz.WEEKDAYS[m.group("day").lower()]
        mod = (m.group("mod") or "").lower()
        part = _PART_OF_DAY.get((m.group("part") or "").lower())
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
                direction = {"next": "future", "coming": "future", "last": "last"}.get(mod)
                if direction is None:
                    direction = "upcoming" if _is_future(ctx, m.start(), True) else "past"
                date = nz.weekday_date(ctx.published, weekday, direction)
            if date is None:
                continue
            value = date.isoformat()
        kind, grain = Kind.DATE, "day"
        if part:
            kind, grain, value = Kind.TIME, "part_of_day", f"{value}T{part}"
        yield _mention(ctx, start, m.end(), kind, value, granularity=grain, resolved=resolved)


_RELATIVE_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
_RELATIVE_RE = re.compile(
    r"\b(?P<pre>(?:earlier|later)\s)?(?P<word>today|yesterday|tomorrow|tonight)\b"
    rf"(?P<explicit>[:\s]\s?(?:\(\s?)?(?P<day>[0-3]?\d)\s(?P<month>{_MONTH})\w*\.?\s(?P<year>{_YEAR}))?"
    r"|\bthis\s(?P<part>morning|afternoon|evening)\b"
    r"|\b(?P<session>morning|afternoon|evening)(?=\s(?:trading|trade|session|deals|dealings)\b)",
    re.IGNORECASE,
)


# "today's GM." is the GM of these days (TimeML's PRESENT_REF), not of the publication day: a name
# closing the noun phrase after "today's"; "today's Senate vote" is the day's.
_NOWADAYS = re.compile(r"['’]s\s[A-Z][\w&.-]*(?=\s?[,.;:!?)\"]|\s(?:is|was|has|will)\b)")


def _relative_days(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "today", "yesterday", "this morning"; "Today: 9 March 2025" takes the printed date.

    "in morning trading" is a part of the story's day (moved there by ``_anaphora``); "today's
    GM" is the present (PRESENT_REF).
    """
    for m in _RELATIVE_RE.finditer(ctx.text):
        if m.group("explicit"):
            month = nz.month_number(m.group("month")) or 1
            date = nz.safe_date(int(m.group("year")), month, int(m.group("day")))
            if date:
                yield _mention(
                    ctx, m.start(), m.end(), Kind.DATE, date.isoformat(), granularity="day"
                )
            continue
        word = (m.group("word") or "").lower()
        if word == "today" and _NOWADAYS.match(ctx.text, m.end()):
            yield _mention(ctx, m.start(), m.end(), Kind.DATE, "PRESENT_REF")
            continue
        part = (
            "NI"
            if word == "tonight"
            else _PART_OF_DAY.get((m.group("part") or m.group("session") or "").lower())
        )
        if ctx.published is None:
            value, resolved = "XXXX-XX-XX", False
        else:
            offset = _RELATIVE_DAY.get(word, 0)
            value, resolved = (ctx.published + dt.timedelta(days=offset)).isoformat(), True
        if part:
            yield _mention(
                ctx,
                m.start(),
                m.end(),
                Kind.TIME,
                f"{value}T{part}",
                granularity="part_of_day",
                resolved=resolved,
            )
        else:
            yield _mention(
                ctx, m.start(), m.end(), Kind.DATE, value, granularity="day", resolved=resolved
            )


_THIS_UNIT = re.compile(
    r"\b(?:(?P<pre>earlier|later|the\send\sof|the\sstart\sof|the\sbeginning\sof)\s)?"
    r"(?P<mod>this|last|next|the\sprevious|the\sfollowing|the\scurrent|the\ssame)\s"
    r"(?P<unit>week|weekend|month|year|quarter|decade|century)\b",
    re.IGNORECASE,
)
_THE_DAY = re.compile(
    r"\b(?:(?:end(?:ed|ing|s)?|finish(?:ed|ing|es)?|clos(?:e|ed|ing)|for|during|later\sin"
    r"|late\sin|earlier\sin|on|(?:the\s)?(?:start|beginning|end)\sof)\s)(?P<span>the\s(?:same\s)?"
    r"(?P<unit>day|weekend|year))\b(?!\s(?:of|when|that)\b|\s(?:before|after)\s(?![a-z]+ing\b))",
    re.IGNORECASE,
)


def _the_day(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "ended the day at 8,017", "the start of the year": the publication's day or year.

    "the day" is then moved to the day the story is about, when one was named (``_anaphora``);
    "the day after" a noun is another day and is left out, "late in the day after falling" is not.
    """
    for m in _THE_DAY.finditer(ctx.text):
        unit = m.group("unit").lower()
        grain = "week" if unit == "weekend" else unit
        place = nz.current(ctx.published, grain) if ctx.published else None
        value = (place[0] if place else nz.unresolved(grain)) + ("-WE" if unit == "weekend" else "")
        yield _mention(
            ctx,
            m.start("span"),
            m.end(),
            Kind.DATE,
            value,
            granularity=grain,
            resolved=place is not None,
        )


_MOD_DELTA = {
    "this": 0,
    "last": -1,
    "next": 1,
    "the previous": -1,
    "the following": 1,
    "the current": 0,
    "the same": 0,
}


def _this_unit(ctx: _Ctx) -> Iterator[Mention | None]:
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
            delta = _MOD_DELTA[mod]
            place = (
                nz.current(ctx.published, grain_unit)
                if delta == 0
                else nz.shift(ctx.published, delta, grain_unit)
            )
            if place is None:
                continue
            (value, grain), resolved = place, True
        if unit == "weekend":
            value += "-WE"
        yield _mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity=grain, resolved=resolved
        )


_AGO = re.compile(
    rf"\b(?P<amount>{_AMOUNT})[\s-](?P<unit>{_UNIT})\s(?P<dir>ago|earlier|before)\b", re.IGNORECASE
)


def _ago(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "two years ago", "a week ago": a point before publication at the unit's grain."""
    for m in _AGO.finditer(ctx.text):
        if m.group("dir").lower() != "ago":
            continue
        unit = nz.unit_key(m.group("unit"))
        amount = _amount(m.group("amount"))
        if unit is None or amount is None or amount != int(amount):
            continue
        if ctx.published is None:
            value, grain, resolved = nz.unresolved(unit), nz.granularity(unit), False
        else:
            place = nz.shift(ctx.published, -int(amount), unit)
            if place is None:
                continue
            (value, grain), resolved = place, True
        yield _mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity=grain, resolved=resolved
        )


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_QUARTER = re.compile(
    r"\b(?:the\s)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]quarter"
    rf"(?:\s(?:of\s)?(?P<year>{_YEAR}|this\syear|last\syear|next\syear))?\b"
    rf"|\bQ(?P<q>[1-4])(?:\s?(?P<qyear>{_YEAR}))?\b",
    re.IGNORECASE,
)


def _quarters(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "the third quarter of 2009", "Q3", "fourth-quarter" (the current year unless stated)."""
    for m in _QUARTER.finditer(ctx.text):
        if m.group("q"):
            quarter, year_text = int(m.group("q")), m.group("qyear")
        else:
            word = m.group("ord").lower()
            quarter = _QUARTER_WORDS.get(word) or int(word[0])
            year_text = m.group("year")
            if word == "last" and not year_text and ctx.published:
                value, _ = nz.shift(ctx.published, -1, "quarter") or ("", "")
                yield _mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="quarter")
                continue
        year = _year_of(ctx, year_text)
        if year and not year_text and ctx.published and _past_period(ctx, m.start(), year, quarter):
            year -= 1  # "the fourth quarter" reported in January is last year's
        value = f"{year if year else 'XXXX'}-Q{quarter}"
        yield _mention(
            ctx,
            m.start(),
            m.end(),
            Kind.DATE,
            value,
            granularity="quarter",
            resolved=year is not None,
        )


def _past_period(ctx: _Ctx, start: int, year: int, quarter: int) -> bool:
    """Whether a quarter named without a year, later in the year than publication, is last year's.

    As for months, it is this year's when the clause looks forward or when the quarter begins
    within two months after publication ("closures during the fourth quarter", in August).
    """
    assert ctx.published is not None
    begins = dt.date(year, 3 * quarter - 2, 1)
    if begins <= ctx.published:
        return False
    soon = (begins - ctx.published).days <= _NEAR_FUTURE_DAYS
    return not (soon or _is_future(ctx, start))


def _year_of(ctx: _Ctx, text: str | None) -> int | None:
    """The year a quarter or season belongs to: stated, "last year", or publication's."""
    if text and text[0].isdigit():
        return int(text)
    if ctx.published is None:
        return None
    low = (text or "").lower()
    return ctx.published.year + (
        -1 if low.startswith("last") else 1 if low.startswith("next") else 0
    )


_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON = re.compile(
    rf"\b(?:(?P<mod>this|last|next)\s)?(?P<season>spring|summer|autumn|winter)"
    rf"(?:\s(?:of\s)?(?P<year>{_YEAR}))?\b",
    re.IGNORECASE,
)


def _seasons(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "spring", "last summer", "winter 2008" (TIMEX3 season codes)."""
    for m in _SEASON.finditer(ctx.text):
        mod = (m.group("mod") or "").lower()
        year = _year_of(ctx, m.group("year") or (f"{mod} year" if mod else None))
        value = f"{year if year else 'XXXX'}-{_SEASONS[m.group('season').lower()]}"
        yield _mention(
            ctx,
            m.start(),
            m.end(),
            Kind.DATE,
            value,
            granularity="season",
            resolved=year is not None,
        )


_REFS = re.compile(
    r"\b(?P<present>now|currently|at present|presently|nowadays|at the moment|the time being)\b"
    r"|\b(?P<past>recently|in the past|the past)\b(?!\s(?:\w+\s)?" + _UNIT + r")"
    r"|\b(?P<future>the future|soon|the near term|the long term|in the coming\s\w+)\b",
    re.IGNORECASE,
)


def _refs(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "now", "currently" -> PRESENT_REF; "recently" -> PAST_REF; "the future" -> FUTURE_REF."""
    for m in _REFS.finditer(ctx.text):
        if ctx.text[m.end() : m.end() + 1] == "-":
            continue  # "now-cancelled", "soon-to-open": part of an adjective
        if m.group(0) == "Now" and re.search(r"\w\s?$", _left(ctx, m.start(), 3)):
            continue  # "Join Now", "Subscribe Now": a button label, not a time
        value = (
            "PRESENT_REF"
            if m.group("present")
            else "PAST_REF"
            if m.group("past")
            else ("FUTURE_REF")
        )
        yield _mention(ctx, m.start(), m.end(), Kind.DATE, value)


_TIME = re.compile(
    r"(?<![\w:.])(?P<h>[0-2]?\d)(?::(?P<mi>[0-5]\d)|(?P<mil>[0-5]\d)(?=\s?(?:UTC|GMT|hrs|hours)))"
    r"(?:\s?(?P<ampm>[ap]\.?m\.?)(?!\w))?"
    r"(?:\s?\(?(?P<tz>UTC|GMT(?:\s?[+-]\d{1,2}(?::?\d\d)?)?|Z)\)?)?(?![\w:])"
    r"|(?<![\w:.])(?P<h2>1[0-2]|0?[1-9])\s?(?P<ampm2>[ap]\.m\.|[ap]m\b)"
    r"|\b(?P<word>noon|midnight)\b",
    re.IGNORECASE,
)


def _times(ctx: _Ctx) -> Iterator[Mention | None]:
    """Times of day ("19:13", "6:40 p.m.", "0800 UTC"), dated by publication when known."""
    for m in _TIME.finditer(ctx.text):
        if m.group("word"):
            hour, minute = (12 if m.group("word").lower() == "noon" else 0), 0
            ampm = None
        else:
            hour = int(m.group("h") or m.group("h2"))
            minute = int(m.group("mi") or m.group("mil") or 0)
            ampm = (m.group("ampm") or m.group("ampm2") or "").lower()[:1] or None
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        if hour > 23:
            continue
        day = ctx.published.isoformat() if ctx.published else "XXXX-XX-XX"
        value = f"{day}T{hour:02d}:{minute:02d}{_zone(m.group('tz'))}"
        yield _mention(
            ctx,
            m.start(),
            m.end(),
            Kind.TIME,
            value,
            granularity="minute",
            resolved=ctx.published is not None,
        )


# --------------------------------------------------------------------------- durations, sets

_DURATION = re.compile(
    rf"\b(?:(?P<past>the\s(?:past|last|next|coming|previous|first|following)|another|a\sfurther)\s)?"
    rf"(?P<amount>{_AMOUNT})[\s-]"
    r"(?:(?:straight|consecutive|successive|trading|business|working|full|more|long|calendar)\s)?"
    rf"(?P<unit>{_UNIT})(?:[\s-]long\b|[\s-]old\b)?(?P<later>\s(?:later|earlier|after|before))?\b",
    re.IGNORECASE,
)
_VAGUE_DURATION = re.compile(
    r"\b(?:(?:in\s)?(?:recent|several|many|few|the\scoming|the\spast)\s|over\sthe\s)?"
    r"(?P<unit>years|months|weeks|days|decades|hours|minutes|seconds)(?P<long>-long)?\b",
    re.IGNORECASE,
)


def _amount(text: str) -> float | None:
    """The number in a duration's amount; "a"/"an" are one, vague words have none."""
    low = " ".join(text.lower().split())
    if low in ("a", "an", "single"):
        return 1.0
    if low in ("a couple of",):
        return 2.0
    if low in ("a few", "several", "many"):
        return None
    return parse_number(low)


_PAST_UNIT = re.compile(
    r"\bthe\s(?:past|last|next|coming|previous)\s(?P<unit>week|month|year|decade|century)\b",
    re.IGNORECASE,
)


# Words after which "a day", "a year" is a length of time: "for a year", "took a year", "in a
# decade". Elsewhere "a day" is a day ("there came a day when", "marked a day in history").
_LENGTH_CUE = re.compile(
    r"\b(?:for|in|within|over|under|after|about|around|nearly|almost|than|only|just|least|once"
    r"|twice|half|whole|entire|take|takes|took|taken|taking|spend|spends|spent|spending|last"
    r"|lasts|lasted|lasting|need|needs|needed|wait|waited)\s$",
    re.IGNORECASE,
)


def _is_length(ctx: _Ctx, m: re.Match[str]) -> bool:
    """Whether "a"/"an" + unit measures time: a length cue before it, a number (a rate: "$28
    an hour"), or a word after it that places it ("a day later", "a year-long", "a day old")."""
    left = _left(ctx, m.start(), 30)
    return bool(
        m.group("later")
        or _LENGTH_CUE.search(left)
        or re.search(r"\d\S*\s(?:\S+\s)?$", left)
        or re.match(r"[\s-](?:long|old)\b", ctx.text[m.end("unit") :])
    )


def _durations(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "24 years", "two weeks", "12-year", "a month later", "the past five trading days"."""
    for m in _DURATION.finditer(ctx.text):
        unit = nz.unit_key(m.group("unit"))
        low_amount = m.group("amount").lower()
        if unit is None or (unit in ("second", "quarter") and low_amount in ("a", "an")):
            continue
        amount = _amount(m.group("amount"))
        if amount is None and low_amount not in ("a few", "several", "many"):
            continue
        if re.fullmatch(r"[A-Z]{2,}", m.group("unit")):
            continue  # "an SEC investigation": an acronym, not seconds
        if low_amount in ("a", "an") and not (m.group("past") or _is_length(ctx, m)):
            continue
        if re.match(r"\s(?:read|watch|listen)\b", ctx.text[m.end() :]):
            continue  # "2 mins read": a page's reading-time badge, not a claim
        end = (
            m.end()
            if m.group("later") and m.group("later").strip().lower() in ("later", "earlier")
            else m.end("unit")
            if not m.group("later")
            else m.start("later")
        )
        if ctx.text[m.end("unit") : m.end("unit") + 5].lower() in ("-long", " long"):
            end = max(end, m.end("unit") + 5)
        yield _mention(
            ctx,
            m.start(),
            end,
            Kind.DURATION,
            nz.duration_value(amount, unit),
            granularity=nz.granularity(unit),
        )
    for m in _PAST_UNIT.finditer(ctx.text):
        unit = m.group("unit").lower()
        yield _mention(
            ctx,
            m.start(),
            m.end(),
            Kind.DURATION,
            nz.duration_value(1, unit),
            granularity=nz.granularity(unit),
        )
    for m in _VAGUE_DURATION.finditer(ctx.text):
        word = m.group(0).lower()
        bare = word == m.group("unit").lower() and not m.group("long")
        if bare and not re.search(r"\b(?:in|for|within|just)\s$", _left(ctx, m.start(), 10)):
            continue  # a bare "years" is a value only in "highest in years", "in minutes"
        unit = nz.unit_key(m.group("unit"))
        if unit:
            yield _mention(
                ctx,
                m.start(),
                m.end(),
                Kind.DURATION,
                nz.duration_value(None, unit),
                granularity=nz.granularity(unit),
            )


_DURATION_RANGE = re.compile(
    rf"\b(?P<low>{DIGITS}|{NUMBER_WORDS})\s?(?:and|to|or|-|–)\s?(?:{DIGITS}|{NUMBER_WORDS})"
    rf"[\s-](?:(?:more|straight|consecutive|trading|business|working)\s)?(?P<unit>{_UNIT})\b",
    re.IGNORECASE,
)


def _duration_ranges(ctx: _Ctx) -> Iterator[Mention | None]:
    """The first end of a range of durations: "between [60] and 90 days" -> P60D.

    TimeML marks each end of a range as its own expression; the unit written once after the
    second end belongs to both. The second end ("90 days") is an ordinary duration.
    """
    for m in _DURATION_RANGE.finditer(ctx.text):
        unit = nz.unit_key(m.group("unit"))
        amount = parse_number(m.group("low"))
        if unit is None or amount is None:
            continue
        yield _mention(
            ctx,
            m.start("low"),
            m.end("low"),
            Kind.DURATION,
            nz.duration_value(amount, unit),
            granularity=nz.granularity(unit),
        )


_SET = re.compile(
    r"\b(?P<adj>annual|annually|yearly|monthly|weekly|daily|hourly|quarterly|biannual)\b"
    rf"|\b(?:every|each|per|a)\s(?P<unit>day|week|month|year|quarter|hour)\b"
    rf"|\b(?:every|each)\s(?P<day>{_WEEKDAY})\b"
    r"(?!\s(?:ago|later|earlier|before|after))",
)
_SET_ADJ = {
    "annual": "P1Y",
    "annually": "P1Y",
    "yearly": "P1Y",
    "monthly": "P1M",
    "weekly": "P1W",
    "daily": "P1D",
    "hourly": "PT1H",
    "quarterly": "P1Q",
    "biannual": "P6M",
}
_NOT_SET_AFTER = re.compile(r"\s(?:newsletters?|digests?|briefings?|emails?|deals?)\b", re.I)


def _sets(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "annual", "weekly", "every Monday" (XXXX-WXX-1), "a year" after an amount (P1Y)."""
    for m in _SET.finditer(ctx.text):
        if _NOT_SET_AFTER.match(ctx.text, m.end()):
            continue
        if m.group("adj"):
            value = _SET_ADJ[m.group("adj")]
        elif m.group("day"):
            value = f"XXXX-WXX-{nz.WEEKDAYS[m.group('day').lower()] + 1}"
        else:
            if m.group(0).startswith("a ") and not re.search(
                r"[\d%]\S*\s(?:\S+\s)?$", _left(ctx, m.start())
            ):
                continue  # "a year" is a rate only after an amount ("$5 million a year")
            unit = m.group("unit")
            value = nz.duration_value(1, unit)
        yield _mention(ctx, m.start(), m.end(), Kind.SET, value)


# --------------------------------------------------------------------------- numbers

_CURRENCY_PREFIX = {
    "US$": "USD",
    "U.S.$": "USD",
    "$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "S$": "SGD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
    "JPY": "JPY",
    "CNY": "CNY",
    "RMB": "CNY",
    "INR": "INR",
    "Rs": "INR",
    "Rs.": "INR",
    "GB£": "GBP",
}
_PREFIX_RE = re.compile(
    r"(?P<cur>US\$|U\.S\.\$|AU\$|CA\$|HK\$|NZ\$|GB£|A\$|C\$|S\$|R\$|\$|€|£|¥|₹|₩"
    r"|\b(?:USD|EUR|GBP|JPY|CNY|RMB|INR|Rs\.?))\s?$"
)
_CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "won": "KRW",
    "rouble": "RUB",
    "ruble": "RUB",
}
_CURRENCY_WORD_RE = re.compile(
    r"\s(?P<country>US|U\.S\.|American|Australian|Canadian|Hong\sKong|Singapore|New\sZealand)?\s?"
    r"(?P<cur>dollars?|euros?|pounds\ssterling|pounds?|sterling|yen|yuan|renminbi|rupees?|won"
    r"|roubles?|rubles?)\b"
)
_COUNTRY_DOLLAR = {
    "Australian": "AUD",
    "Canadian": "CAD",
    "Hong Kong": "HKD",
    "Singapore": "SGD",
    "New Zealand": "NZD",
}
_PERCENT_RE = re.compile(r"\s?(?:%|percent\b|per\scent\b|percentage\spoints?\b|pc\b)")
_QUANTITY_UNITS = (
    r"(?:sq(?:uare)?\.?\s)?(?:km|kilomet(?:er|re)s?|miles?|metres?|meters?|m|cm|mm|feet|foot|ft"
    r"|inches|inch|kg|kilograms?|grams?|g|tonnes?|tons?|lbs?|litres?|liters?|gallons?"
    r"|barrels?|acres?|hectares?|km/h|kph|mph|knots?|degrees?|°[CF]?|MW|GW|kW|kWh|MWh|GWh|TWh"
    r"|megawatts?|gigawatts?|points?|magnitude|bpd|mm|cc|TEU|ounces?|oz)"
)
_QUANTITY_RE = re.compile(rf"\s?(?P<unit>{_QUANTITY_UNITS})(?![\w/])")
_SCALE_RE = re.compile(
    r"\s?(?P<scale>hundred|thousand|million|billion|trillion)\b|"
    r"(?P<short>bn|mn|mln|bln|tn|m|k)\b"
)
_ATTACHED_SUFFIX = (
    r"(?:bn|mn|mln|bln|tn|m|k|km|kg|cm|mm|ft|lbs?|g|t|MW|GW|kW|kWh|MWh|GWh|TWh|mph|kph|km/h"
    r"|st|nd|rd|th|pc|am|pm|a\.m|p\.m)"
)
_NUMBER_CORE = re.compile(
    rf"(?<![\w.,/:#'’-])(?P<digits>(?:(?<=[\s(])-)?{DIGITS})(?![\d,]\d)(?!\d)"
    rf"(?!(?!{_ATTACHED_SUFFIX}\b)[A-Za-z])"
    rf"|(?<![\w-])(?P<words>(?i:{NUMBER_WORDS}(?:\sdozen)?|a\s(?:hundred|thousand|million|billion)"
    r"|a\sdozen|dozens|a\sscore|hundreds|thousands"
    r"|millions|billions|tens\sof\sthousands|half))(?![\w-])"
)
_ID_WORDS = re.compile(
    r"\b(?:version|model|flight|route|chapter|section|article|room|gate|platform|episode|no\."
    r"|number|iOS|v\.?)\s?$",
    re.IGNORECASE,
)
_INVARIANT_PLURALS = {
    "aircraft",
    "people",
    "staff",
    "police",
    "personnel",
    "cattle",
    "sheep",
    "fish",
    "deer",
    "crew",
    "troops",
    "units",
    "series",
}
_APPROX_PLURALS = {
    "dozens": 24.0,
    "hundreds": 200.0,
    "thousands": 2000.0,
    "millions": 2e6,
    "billions": 2e9,
    "tens of thousands": 20000.0,
}
_QUALIFIERS = [
    (r"more\sthan|over|above|just\sover|well\sover|in\sexcess\sof", Qualifier.MORE_THAN),
    (r"at\sleast|no\sfewer\sthan|no\sless\sthan|a\sminimum\sof", Qualifier.AT_LEAST),
    (
        r"about|around|nearly|almost|some|roughly|approximately|approx\.|close\sto|an\sestimated"
        r"|estimated|circa|about|just\sunder|more\sor\sless",
        Qualifier.APPROX,
    ),
    (r"up\sto|at\smost|no\smore\sthan|as\smany\sas|as\smuch\sas|a\smaximum\sof", Qualifier.AT_MOST),
    (r"under|less\sthan|fewer\sthan|below", Qualifier.LESS_THAN),
]
_QUALIFIER_RE = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<q{i}>{pattern})" for i, (pattern, _) in enumerate(_QUALIFIERS))
    + r")\s$",
    re.IGNORECASE,
)
_CAPITAL_OK = {
    "The",
    "In",
    "About",
    "Over",
    "Some",
    "Nearly",
    "Almost",
    "Around",
    "Only",
    "Just",
    "And",
    "But",
    "By",
    "For",
    "With",
    "At",
    "Of",
    "On",
    "To",
    "From",
    "Since",
    "Until",
    "After",
    "Before",
    "During",
    "More",
    "Less",
    "Fewer",
    "Up",
    "All",
    "Another",
    "Approximately",
    "Roughly",
    "Than",
    "Under",
    "Between",
    "Those",
    "These",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "A",
    "An",
    "Top",
    "First",
    "Last",
    "Least",
    "Most",
    "Even",
    "Total",
}
_HEAD_STOP = {
    "of",
    "and",
    "or",
    "the",
    "to",
    "in",
    "on",
    "at",
    "for",
    "by",
    "with",
    "from",
    "a",
    "an",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "that",
    "which",
    "who",
    "percent",
    "per",
    "as",
    "than",
    "more",
    "less",
    "times",
    "out",
    "into",
    "after",
    "before",
    "since",
}
_MARKUP = re.compile(r"https?:|www\.|[/=@_\\<>]|\.(?:jpe?g|png|gif|html?|php)\b")
_NOT_ID_AFTER = {"percent", "per", "million", "billion", "thousand", "of", "to", "and", "or"}
_AFTER_NUMBER = re.compile(r"(-\d+[A-Za-z]|-\d{3}|\s(?P<cap>[A-Z][a-z]+)|\s(?P<word>[a-z]+))?")
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b")


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited run containing a match, to see URLs, ids and markup around it."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def _is_identifier(ctx: _Ctx, start: int, end: int, is_digits: bool) -> bool:
    """Whether a number is part of a name or id ("Boeing 787", "the 787 Dreamliner", "Big Three").

    Names are told by capitals around the number, by id words ("version 10.4", "flight 447"), by
    a model suffix ("737-800") and by a singular noun after a bare three-digit number ("the 737
    replacement"), which a count of 737 things would not take.
    """
    text = ctx.text
    before = re.search(r"([A-Z][\w.&'’-]*)\s$", text[max(0, start - 40) : start])
    capital_before = bool(
        before and before.group(1) not in _CAPITAL_OK and not nz.month_number(before.group(1))
    )
    if not is_digits:
        return text[start].isupper() and capital_before
    if capital_before or _ID_WORDS.search(text[max(0, start - 12) : start]):
        return True
    after = _AFTER_NUMBER.match(text, end)  # all optional: it always matches
    assert after is not None
    if after.group(1) and after.group(1).startswith("-"):
        return True
    digits = text[start:end]
    if re.fullmatch(r"\d{3,}", digits):
        if after.group("cap") and not nz.month_number(after.group("cap")):
            return True
        word = after.group("word")
        determiner = re.search(
            r"\b(?:the|its|their|his|her|a|an|new|final|first|larger|"
            r"smaller|latest|[A-Z]\w*['’]s)\s(?:[\w-]+\s)?$",
            text[max(0, start - 30) : start],
        )
        singular = word is not None and not word.endswith("s") and word not in _INVARIANT_PLURALS
        if determiner and (word is None or singular) and word not in _NOT_ID_AFTER:
            return True
    return any(
        p.start() <= start and end <= p.end()
        for p in _PHONE.finditer(ctx.text, max(0, start - 12), min(len(ctx.text), end + 12))
    )


def _qualifier(ctx: _Ctx, start: int) -> tuple[int, Qualifier]:
    """The qualifier before a value ("over eight months") and where it starts."""
    left = ctx.text[max(0, start - 25) : start]
    m = _QUALIFIER_RE.search(left)
    if not m:
        return start, Qualifier.EXACT
    for index, (_, qualifier) in enumerate(_QUALIFIERS):
        if m.group(f"q{index}"):
            return start - len(left) + m.start(), qualifier
    return start, Qualifier.EXACT


def _parse_core(m: re.Match[str]) -> float | None:
    if m.group("digits"):
        return parse_digits(m.group("digits"))
    low = " ".join(m.group("words").lower().split())
    return _APPROX_PLURALS.get(low) or parse_number(low)


def _numbers(ctx: _Ctx) -> Iterator[Mention | None]:
    """Counts, money, percentages and quantities, with ranges and the noun they count."""
    for m in _NUMBER_CORE.finditer(ctx.text):
        value = _parse_core(m)
        if value is None:
            continue
        yield _number_mention(ctx, m, value)


def _scaled(ctx: _Ctx, end: int, value: float) -> tuple[int, float]:
    s = _SCALE_RE.match(ctx.text, end)
    if s and (s.group("scale") or s.start() == end):
        factor = {
            "hundred": 1e2,
            "thousand": 1e3,
            "k": 1e3,
            "million": 1e6,
            "mn": 1e6,
            "mln": 1e6,
            "m": 1e6,
            "billion": 1e9,
            "bn": 1e9,
            "bln": 1e9,
            "trillion": 1e12,
            "tn": 1e12,
        }[(s.group("scale") or s.group("short")).lower()]
        return s.end(), value * factor
    return end, value


def _is_year(digits: str | None) -> bool:
    return bool(digits) and re.fullmatch(r"1[5-9]\d\d|20\d\d", digits or "") is not None


_HEAD_WORD = re.compile(r"[ \t\xa0]([A-Za-z0-9][\w'’-]*)")
_NOT_NOUN = re.compile(
    r"(?:will|would|can|could|may|might|must|should|shall|did|do|does|be|been|being|said|says"
    r"|say|told|also|not|still|only|each|both|all|now|then|there|here|so|too|very|about|if|but"
    r"|when|where|while|because|this|these|those|its|their|his|her|our|it|they|we|he|she"
    r"|last|next|today|yesterday|tomorrow)"
)
_HEAD_WORDS = 6


def _head_noun(text: str, end: int, singular: bool = False) -> str | None:
    """The noun a count or an ordinal is about: the last word of the noun phrase after it.

    "the first joint exercise was held" -> "exercise", "two joint military exercises" ->
    "exercises": adjectives come before the noun, and the phrase ends at punctuation, a function
    word, a verb or adverb (an "-ed"/"-ing" word is a verb when nothing follows it in the phrase:
    "the first plane arrived in"), or, for a count, at its plural noun ("eight soldiers died").
    After a count of one (``singular``) a word in -s that follows the noun is its verb ("One man
    rides high").
    """
    words: list[str] = []
    pos = end
    while len(words) < _HEAD_WORDS and (h := _HEAD_WORD.match(text, pos)):
        word = h.group(1)
        low = word.lower()
        if low in _HEAD_STOP or _NOT_NOUN.fullmatch(low) or low.endswith("ly"):
            break
        if nz.month_number(low) or low in nz.WEEKDAYS:
            break  # "first test flight Tuesday": the date after the phrase
        plural = word[0].islower() and _is_plural(low)
        if plural and words and singular:
            break
        words.append(low)
        pos = h.end()
        if plural:
            break
    while len(words) > 1 and re.search(r"[a-z](?:ed|ing)$", words[-1]):
        words.pop()  # "the first plane arrived": a verb; "armed forces": an adjective, kept
    nouns = [w for w in words if re.search(r"[a-z]", w)]
    return nouns[-1] if nouns else None


def _is_plural(word: str) -> bool:
    """Whether a lowercase word looks like a plural noun ("troops", "aircraft", not "gas")."""
    if word in _INVARIANT_PLURALS:
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))


def _number_mention(ctx: _Ctx, m: re.Match[str], value: float) -> Mention | None:
    text = ctx.text
    start, end = m.start(), m.end()
    words = m.group("words")
    low_words = " ".join((words or "").lower().split())
    if words and low_words in ("one", "half") and not re.match(r"\s[a-z]", text[end:]):
        return None
    if low_words == "one" and (
        re.match(r"\s(?:of|another|who|that|which|more|point|thing|day|way|side)\b", text[end:])
        or re.search(r"\bnumber\s$", text[max(0, start - 8) : start], re.IGNORECASE)
    ):
        return None  # "one of", "number one", "at one point": idioms, not counts
    if _is_identifier(ctx, start, end, bool(m.group("digits"))):
        return None
    if re.match(r"\s(?:mins?|minutes?)\s(?:read|watch|listen)\b", text[end:]):
        return None  # "2 mins read": a page's reading-time badge, not a claim
    end, value = _scaled(ctx, end, value)
    if low_words in _APPROX_PLURALS:
        of = re.match(r"\sof\b", text[end:])
        if not of:
            return None
        end += of.end()
    upper: float | None = None
    currency: str | None = None
    prefix = _PREFIX_RE.search(text[max(0, start - 6) : start])
    if prefix:
        currency = _CURRENCY_PREFIX.get(prefix.group("cur"))
        start -= len(prefix.group(0))
    between = re.search(r"\bbetween\s$", text[max(0, start - 10) : start], re.IGNORECASE)
    joiner = r"\s?(?:-|–|to)\s?" if not between else r"\sand\s"
    rng = re.match(
        rf"{joiner}(?:{_PREFIX_RE.pattern[:-4]})?\s?(?P<n2>{DIGITS}|{NUMBER_WORDS})"
        r"(?![\w.,]\d)",
        text[end:],
    )
    if rng and (rng.group("n2")[0].isdigit() == bool(m.group("digits"))):
        second = parse_number(rng.group("n2"))
        if second is not None:
            new_end, second = _scaled(ctx, end + rng.end(), second)
            if new_end == end + rng.end() and end != m.end():
                second *= value / (_parse_core(m) or 1)  # "5-7 million": the scale is shared
            if second > value:
                upper, end = second, new_end
                if between:
                    start -= len(between.group(0))
    if re.match(rf"[\s-](?:{_UNIT})\b", text[end:], re.IGNORECASE):
        return None  # "between 60 and 90 days" is a duration, read by the duration rules
    kind = Kind.NUMBER
    unit: str | None = currency
    if currency:
        kind = Kind.MONEY
    elif pm := _PERCENT_RE.match(text, end):
        kind, unit, end = Kind.PERCENT, "%", pm.end()
    elif cents := re.match(r"\s(?:US\s)?cents?\b", text[end:]):
        kind, unit, end = Kind.MONEY, "USD", end + cents.end()
        value, upper = value / 100, (upper / 100 if upper else None)
    elif cw := _CURRENCY_WORD_RE.match(text, end):
        cur = cw.group("cur").lower()
        key = cur if cur in _CURRENCY_WORDS else cur.rstrip("s")
        unit = _CURRENCY_WORDS.get(key)
        if key == "dollar":
            unit = _COUNTRY_DOLLAR.get(" ".join((cw.group("country") or "").split()), "USD")
        kind, end = Kind.MONEY, cw.end()
    elif (qm := _QUANTITY_RE.match(text, end)) and (m.group("digits") or qm.group(0)[0] == " "):
        kind, unit, end = Kind.QUANTITY, qm.group("unit"), qm.end()
    elif re.search(r"\bmagnitude[\s-]$", text[max(0, start - 12) : start], re.IGNORECASE):
        kind, unit = Kind.QUANTITY, "magnitude"
    elif ctx.text[end : end + 1] == "%":
        kind, unit, end = Kind.PERCENT, "%", end + 1
    counted = re.match(r"\s[a-z]+s\b", text[end:]) and not _DATE_PREP.search(_left(ctx, start, 20))
    if (
        kind is Kind.NUMBER
        and _is_year(m.group("digits"))
        and ((end == m.end() and not counted) or (upper is not None and _is_year(str(int(upper)))))
    ):
        return None  # a bare year or a span of years ("from 2009 to 2011") is for the date rules
    q_start, qualifier = _qualifier(ctx, start)
    if between:
        qualifier = Qualifier.EXACT
    if words and low_words in _APPROX_PLURALS:
        qualifier = Qualifier.AT_LEAST
    if (
        kind is Kind.NUMBER
        and words
        and re.search(r"\b(?:the|these|those)\s$", text[max(0, start - 8) : start], re.IGNORECASE)
    ):
        return None  # "the two countries" refers back to things named; it claims no count
    head = _head_noun(text, end, singular=value == 1) if kind is Kind.NUMBER else None
    shown = f"{format_number(value)}" + (f" {unit}" if unit else "")
    return _mention(
        ctx,
        q_start,
        end,
        kind,
        shown,
        number=value,
        upper=upper,
        unit=unit,
        qualifier=qualifier,
        head=head,
    )


_ORDINAL = re.compile(rf"(?<![\w-])(?:\d+(?:st|nd|rd|th)|(?i:{ORDINAL_WORDS}))(?![\w-])")
_ANNIVERSARY_OF = re.compile(
    r"\s(?P<head>anniversary|birthday)(?:\sof\s(?:the\s)?(?P<subj>[^,.;:()\[\]\"“”—–!?\n]+))?"
)
_NAMED_DAY = re.compile(r"\s(?P<subj>(?:[A-Z][\w’'-]*\s){0,3}(?:Day|Anniversary|Jubilee))\b")
_SUBJECT_STOP = re.compile(
    r"\s(?:that|which|who|when|while|as|was|were|is|are|has|had|will|on|in|at|with|by|for"
    r"|to|from|this|last|next)\b.*$"
)


def _ordinals(ctx: _Ctx) -> Iterator[Mention | None]:
    """ "76th", "first", "seventy-sixth"; anniversaries carry the year they point back to."""
    for m in _ORDINAL.finditer(ctx.text):
        number = parse_ordinal(m.group(0))
        low = m.group(0).lower()
        if number is None or (
            low == "second"
            and re.search(r"\b(?:a|per|one|split)\s$", _left(ctx, m.start(), 8), re.IGNORECASE)
        ):
            continue
        head = subject = anchor = None
        role = None
        resolved = True
        end = m.end()
        ann = _ANNIVERSARY_OF.match(ctx.text, end)
        named = _NAMED_DAY.match(ctx.text, end)
        if ann:
            head = ann.group("head")
            subject = ann.group("subj")
            if subject:
                subject = _SUBJECT_STOP.sub("", subject).strip() or None
            else:
                owner = re.search(
                    r"((?:[A-Z][\w-]*\s){0,3}[A-Z][\w-]*)['’]s\s(?:the\s)?$",
                    ctx.text[max(0, m.start() - 50) : m.start()],
                )
                subject = owner.group(1) if owner else None
        elif named:
            subject = named.group("subj")
            head = " ".join(subject.lower().split()[-2:])
        else:
            head = _head_noun(ctx.text, end)
        if ann or named:
            role = Role.ANNIVERSARY
            if ctx.published is not None:
                anchor = f"{ctx.published.year - number:04d}"
            else:
                resolved = False
        yield _mention(
            ctx,
            m.start(),
            end,
            Kind.ORDINAL,
            str(number),
            number=float(number),
            head=head,
            subject=subject,
            role=role,
            anchor=anchor,
            resolved=resolved,
        )


# --------------------------------------------------------------------------- assembly

_Rule = Callable[[_Ctx], Iterator[Mention | None]]
_RULES: tuple[tuple[_Rule, int], ...] = (
    (_numeric_dates, 0),
    (_month_day_dates, 0),
    (_relative_days, 0),
    (_weekdays, 0),
    (_times, 1),
    (_month_dates, 1),
    (_this_unit, 1),
    (_weeks_of_month, 1),
    (_the_day, 2),
    (_ago, 1),
    (_quarters, 1),
    (_seasons, 2),
    (_decades, 1),
    (_years, 2),
    (_durations, 2),
    (_duration_ranges, 2),
    (_sets, 1),
    (_refs, 3),
    (_ordinals, 4),
    (_numbers, 5),
)
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
    r"(?=\s?[.,;:!?)]|\s(?:and|but|when|while|as)\b)",
    re.IGNORECASE,
)
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
        near = m.end <= start and start - m.end <= reach
        if near and m.kind is Kind.DATE and m.resolved and m.granularity in grains:
            return m
    return None


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
    step = 1 if direction in ("after", "later") else -1
    try:
        if unit == "day":
            return (dt.date.fromisoformat(value) + dt.timedelta(days=step)).isoformat()
        if unit == "month":
            year, month = nz.add_months(int(value[:4]), int(value[5:7]), step)
            return f"{year:04d}-{month:02d}"
        return f"{int(value) + step:04d}"
    except ValueError:
        return None


def _resolve_anaphor(s: re.Match[str], before: Mention) -> str | None:
    """The value of an anaphoric phrase given its antecedent's."""
    if s.re is _SAME_PERIOD:
        return _year_back(before.value)
    if s.re is _UNIT_BEFORE:
        return _unit_step(before.value, s.group("unit").lower(), s.group("dir").lower())
    return before.value[:4] if before.value[:4].isdigit() else None


def _story_day(ctx: _Ctx, m: Mention, before: list[Mention]) -> Mention:
    """Move "the day" (and "morning trading") to the day the story is about.

    "ending the day at 8,017" after "on Friday" is that Friday: news says "the day" of the day its
    story is about, the last day named if within a month of publication; else publication's.
    """
    story = _antecedent(before, m.start, {"day"}, len(ctx.text))
    if not (story and ctx.published and _near(story.value, ctx.published, _STORY_DAY_WINDOW)):
        return m
    return m.model_copy(update={"value": story.value + m.value[10:]})


def _anaphora(ctx: _Ctx, mentions: list[Mention]) -> list[Mention]:
    """Resolve the expressions whose value is another mention's, once mentions are chosen.

    An anaphor without an antecedent keeps the value its rule gave (or is not a mention).
    """
    result: list[Mention] = []
    for m in mentions:
        if _STORY_DAY_TEXT.fullmatch(m.text) and m.resolved and m.kind in (Kind.DATE, Kind.TIME):
            m = _story_day(ctx, m, result)
        result.append(m)
    for pattern in (_SAME_PERIOD, _UNIT_BEFORE, _WHOLE_YEAR):
        for s in pattern.finditer(ctx.text):
            grains = _ANAPHOR_GRAINS[s.group("unit").lower()]
            before = _antecedent(result, s.start(), grains)
            value = _resolve_anaphor(s, before) if before else None
            if before is None or value is None:
                continue
            grain = "year" if pattern is _WHOLE_YEAR else before.granularity
            result = [m for m in result if m.end <= s.start() or m.start >= s.end()]
            result.append(_mention(ctx, s.start(), s.end(), Kind.DATE, value, granularity=grain))
            result.sort(key=lambda m: m.start)
    return result


_STORY_DAY_TEXT = re.compile(r"the\s(?:same\s)?day|(?:morning|afternoon|evening)", re.IGNORECASE)


def _near(value: str, published: dt.date, days: int) -> bool:
    """Whether a day value lies within ``days`` of publication."""
    try:
        return abs((dt.date.fromisoformat(value[:10]) - published).days) <= days
    except ValueError:
        return False


def _in_markup(ctx: _Ctx, m: Mention) -> bool:
    """Whether a mention sits inside a URL, a file name or an HTML attribute (scraper debris)."""
    chunk = _chunk(ctx.text, m.start, m.end)
    return bool(_MARKUP.search(chunk)) and not _SLASH.fullmatch(chunk.strip("()[],.;:"))


def _candidates(ctx: _Ctx) -> list[_Cand]:
    found = []
    for rule, priority in _RULES:
        found += [
            _Cand(mention, priority)
            for mention in _calendar_safe(rule(ctx))
            if mention is not None and mention.end > mention.start and not _in_markup(ctx, mention)
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


def _attach(ctx: _Ctx, mentions: list[Mention]) -> list[Mention]:
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
            m = _redate(ctx, m, mentions)
        if m.kind is Kind.DURATION and m.qualifier is Qualifier.EXACT:
            start, qualifier = _qualifier(ctx, m.start)
            if start >= floor and qualifier is not Qualifier.EXACT:
                m = _widen(ctx, m, start).model_copy(update={"qualifier": qualifier})
            m = _gap(ctx, m)
        result.append(m)
    return result


def _redate(ctx: _Ctx, time: Mention, mentions: list[Mention]) -> Mention:
    """Give a time of day the date named next to it ("18:00 UTC Monday", "Tuesday ... at 18:00").

    The date just after the time wins, then the nearest day-date before it in the sentence;
    without either the time keeps the publication date it was given. A date right after the time
    becomes part of it; one set off by a comma ("16:15 UTC, June 1st") stays its own mention.
    """
    sentence_start = time.start - len(_left(ctx, time.start, 200))
    days = [m for m in mentions if m.kind is Kind.DATE and m.granularity == "day" and m.resolved]
    after = [m for m in days if 0 <= m.start - time.end <= 3]
    before = [m for m in days if sentence_start <= m.start and m.end <= time.start]
    chosen = after[0] if after else before[-1] if before else None
    if chosen is None or "T" not in time.value:
        return time
    value = chosen.value + time.value[time.value.index("T") :]
    if after and not ctx.text[time.end : after[0].start].strip():
        return time.model_copy(
            update={"end": chosen.end, "text": ctx.text[time.start : chosen.end], "value": value}
        )
    return time.model_copy(update={"value": value})


def _widen(ctx: _Ctx, m: Mention, start: int) -> Mention:
    return m.model_copy(update={"start": start, "text": ctx.text[start : m.end]})


def _gap(ctx: _Ctx, m: Mention) -> Mention:
    """ "his first visit in 24 years": the duration points back to the last time before."""
    if not re.search(r"\bin\s$", ctx.text[max(0, m.start - 3) : m.start], re.IGNORECASE):
        return m
    if not _GAP_CUE.search(_left(ctx, m.start, 120)):
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


def extract(text: str, published: dt.date | None) -> list[Mention]:
    """Every checkable value in ``text``, sorted by start and non-overlapping.

    Relative expressions are resolved against ``published``; when it is None they keep X's in
    their value and ``resolved=False``. Never raises on any string (the rules only
    read the text; tests/test_extract.py checks this with generated input).
    """
    if not isinstance(text, str) or not text:
        return []
    ctx = _Ctx(text, published)
    return _attach(ctx, _anaphora(ctx, _select(_candidates(ctx))))
