"""Rules for calendar dates and clock times: "Sept. 9", "2021-09-27", "May 2008", "the last week
of March", "in 2000", "the 1990s", "the third quarter", "last summer", "6:40 p.m.".

A date named without a year takes the year that tense and nearness to publication give it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from crosscheck.extract import normalize as nz
from crosscheck.extract.grammar import (
    CAPITAL_OK,
    DATE_PREP,
    MONTH,
    YEAR,
    Ctx,
    is_future,
    mention,
    names_event,
    sentence_before,
    tense_around,
)
from crosscheck.extract.numbers import ORDINAL_WORDS, parse_number, parse_ordinal
from crosscheck.schema import Kind, Mention

_MONTH_DOT = rf"(?P<month>{MONTH})\b\.?"
# A day or month named without a year that falls this soon after publication is the coming one:
# news names upcoming dates ("arrives on November 11") and gives last year's a year.
_NEAR_FUTURE_DAYS = 62


def _day_mention(ctx: Ctx, start: int, end: int, year: int | None, month: int, day: int):
    if year is not None:
        date = nz.safe_date(year, month, day)
    elif ctx.published is None:
        return _yearless(ctx, start, end, month, day)
    else:
        event = names_event(ctx, start, end)
        date = _yearless_date(ctx, ctx.published, (start, end), month, day, event)
        if date and event and (ctx.published - date).days > _EVENT_MEMORY_DAYS:
            return _yearless(ctx, start, end, month, day)
    if date is None:
        return None
    return mention(ctx, start, end, Kind.DATE, date.isoformat(), granularity="day")


def _yearless_date(
    ctx: Ctx, published: dt.date, span: tuple[int, int], month: int, day: int, event: bool
) -> dt.date | None:
    """The date of a day named without a year: the coming one when the clause looks forward
    ("set for June 18", "will be sentenced Jan. 8"), the last one when it is in the past tense
    ("was held Sept. 8"), else mostly this calendar year's (``_calendar_year_date``). A day of
    the last month is that one whatever the tense ("police will say more on Nov. 10", said on
    November 14).

    A day that names an event ("police will say more on the Nov. 29 shooting") is past whatever
    the tense, unless it lies within two months this year, or within half a year in a clause
    that looks forward ("will vote in the December 15 elections", said in September).
    """
    this_year = nz.safe_date(published.year, month, day)
    wraps = this_year is None or this_year <= published
    if wraps:  # "will take effect Jan. 1", said in November: next year's
        behind, ahead = this_year, nz.safe_date(published.year + 1, month, day)
    else:
        behind, ahead = nz.safe_date(published.year - 1, month, day), this_year
    if ahead is None or behind == published:
        return behind
    days = (ahead - published).days
    just_gone = behind is not None and (published - behind).days <= _JUST_GONE_DAYS
    tense = tense_around(ctx, *span)
    if tense == "future" and not just_gone and (not event or days <= _EVENT_AHEAD_DAYS):
        return ahead
    if tense == "past" or behind is None:
        return behind
    if event:
        return ahead if days <= _NEAR_FUTURE_DAYS and not wraps else behind
    return _calendar_year_date(published, behind, ahead)


def _calendar_year_date(published: dt.date, behind: dt.date, ahead: dt.date) -> dt.date:
    """A yearless day in a clause without tense: this calendar year's, as news writes the year of
    any other ("returns to screens on November 23", said in August; "a greeting on Jan. 1",
    said in September), unless it lies half a year away and the same day across New Year is
    near: last year's within four months ("the storm hit on Nov. 29", said in February) or next
    year's within two ("takes effect Jan. 1", said in November)."""
    this_year, other = (behind, ahead) if behind.year == published.year else (ahead, behind)
    away = abs((this_year - published).days)
    reach = _NEAR_FUTURE_DAYS if other > published else _EVENT_MEMORY_DAYS
    return (
        other if away > _EVENT_AHEAD_DAYS and abs((other - published).days) <= reach else this_year
    )


# News names a recent event by its day alone for a few months ("the Nov. 29 shooting" in
# February); an older one so named is a famous date ("the September 11th attacks"), of any year.
_EVENT_MEMORY_DAYS = 122
_EVENT_AHEAD_DAYS = 183
_JUST_GONE_DAYS = 31


def _yearless(ctx: Ctx, start: int, end: int, month: int, day: int) -> Mention:
    """A day whose year cannot be told: "XXXX-11-29", unresolved."""
    value = f"XXXX-{month:02d}-{day:02d}"
    return mention(ctx, start, end, Kind.DATE, value, granularity="day", resolved=False)


_MONTH_DAY = re.compile(
    rf"\b{_MONTH_DOT}\s?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?![:\w])"
    r"(?:\s?(?:-|–|and|to|through)\s?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?![:\w]))?"
    rf"(?:,?\s(?P<year>{YEAR})\b)?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH_DOT}(?:,?\s(?P<year>{YEAR})\b)?"
)


def month_day_dates(ctx: Ctx) -> Iterator[Mention | None]:
    """ "Sept. 9", "Jan.1", "July 27, 1953", "24 October 2021", "June 1st", and both days of
    "Nov. 9-10" or "Oct. 30 and 31" (the second end takes the month and the year)."""
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(ctx.text):
            month = nz.month_number(m.group("month"))
            year = int(m.group("year")) if m.group("year") else None
            second = m.groupdict().get("day2")
            if not month or not 1 <= int(m.group("day")) <= 31:
                continue
            end = m.end("day") if second else m.end()
            yield _day_mention(ctx, m.start(), end, year, month, int(m.group("day")))
            if second and int(m.group("day")) < int(second) <= 31:
                yield _day_mention(ctx, m.start("day2"), m.end(), year, month, int(second))


_ISO = re.compile(
    r"(?<![\w-])(?P<y>\d{4})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::[0-5]\d)?"
    r"(?:\s?(?P<tz>Z|UTC|GMT(?:\s?[+-]\d{1,2}(?::?\d\d)?)?))?)?(?![\w-])"
)
SLASH = re.compile(r"(?<![\w/])(?P<mo>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\w/])")


def numeric_dates(ctx: Ctx) -> Iterator[Mention | None]:
    """ISO dates with an optional time ("2021-09-27 19:13 GMT+08:00") and US "7/8/07"."""
    for m in _ISO.finditer(ctx.text):
        date = nz.safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
        if date is None:
            continue
        if m.group("h"):
            value = f"{date.isoformat()}T{m.group('h')}:{m.group('mi')}{_zone(m.group('tz'))}"
            yield mention(ctx, m.start(), m.end(), Kind.TIME, value, granularity="minute")
        else:
            yield mention(ctx, m.start(), m.end(), Kind.DATE, date.isoformat(), granularity="day")
    for m in SLASH.finditer(ctx.text):
        year = int(m.group("y"))
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        date = nz.safe_date(year, int(m.group("mo")), int(m.group("d")))
        if date is not None:
            yield mention(ctx, m.start(), m.end(), Kind.DATE, date.isoformat(), granularity="day")


def _zone(zone: str | None) -> str:
    """TIMEX3 zone suffix: UTC/GMT -> "Z", "GMT+08:00" -> "+08:00", "EDT" -> "-04:00", none: ""."""
    if not zone:
        return ""
    if zone.upper() in _ZONES:
        return _ZONES[zone.upper()]
    offset = re.search(r"([+-])(\d{1,2}):?(\d\d)?", zone)
    if not offset:
        return "Z"
    return f"{offset.group(1)}{int(offset.group(2)):02d}:{offset.group(3) or '00'}"


_MONTH_YEAR = re.compile(rf"\b{_MONTH_DOT},?\s(?P<year>{YEAR})\b")
_MONTH_ALONE = re.compile(
    rf"(?:\b(?P<mod>last|next|this|coming|past)\s)?\b(?P<month>{MONTH})\b(?!\s?\d)(?!\.\w)"
    r"(?:\s(?:of\s)?(?P<rel>(?:this|last|next)\syear)\b)?"
)
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|from|to|through|during|before|after|of|early|late|mid|"
    r"end|last|next|this|and|or|between|since|last|until|in early|in late)[\s-]$",
    re.IGNORECASE,
)


def month_dates(ctx: Ctx) -> Iterator[Mention | None]:
    """ "May 2008", "October of next year", and a bare month ("in June").

    A bare month is the most recent such month, unless the clause looks forward or the month
    starts within two months after publication.
    """
    for m in _MONTH_YEAR.finditer(ctx.text):
        month = nz.month_number(m.group("month"))
        if month:
            value = f"{m.group('year')}-{month:02d}"
            yield mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="month")
    for m in _MONTH_ALONE.finditer(ctx.text):
        name, mod = m.group("month"), m.group("mod")
        month = nz.month_number(name)
        is_abbreviation = name.lower() not in nz.FULL_MONTHS
        if not month or (is_abbreviation and not ctx.text[m.end("month") :].startswith(".")):
            continue
        if name in ("May", "March") and not (
            mod or _MONTH_CONTEXT.search(sentence_before(ctx, m.start()))
        ):
            continue  # the modal verb and the verb, unless a preposition makes them months
        if m.group("rel"):
            year = _year_of(ctx, m.group("rel"))  # "October of next year"
            value, resolved = f"{year or 'XXXX'}-{month:02d}", year is not None
        elif ctx.published is None:
            value, resolved = f"XXXX-{month:02d}", False
        else:
            span = (m.start(), m.end())
            year = _bare_month_year(ctx, ctx.published, span, month, (mod or "").lower())
            value, resolved = f"{year}-{month:02d}", True
        yield mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity="month", resolved=resolved
        )


def _bare_month_year(
    ctx: Ctx, published: dt.date, span: tuple[int, int], month: int, mod: str = ""
) -> int:
    """The year of a month named without one: "last"/"next" say it, else the tense, else this
    calendar year's unless the same month across New Year is near (see ``_calendar_year_date``)."""
    if mod:
        direction = {"last": "last", "next": "next", "coming": "future", "past": "last"}[mod]
        return nz.month_year(published, month, direction)
    tense = tense_around(ctx, *span)
    if tense is not None:
        return nz.month_year(published, month, tense)
    ahead = month - published.month  # no tense: this calendar year's, as for a day
    return published.year - (ahead >= 12 - _MEMORY_MONTHS) + (ahead <= _SOON_MONTHS - 12)


# How near across New Year a month named without year or tense may be: last year's within four
# months ("in November", said in February), next year's within two ("in January", in November).
_MEMORY_MONTHS = _EVENT_MEMORY_DAYS // 30
_SOON_MONTHS = _NEAR_FUTURE_DAYS // 31


_WEEK_OF_MONTH = re.compile(
    r"\b(?i:the\s(?P<ord>first|second|third|fourth|last|final)\sweek\sof)\s"
    rf"(?P<month>{MONTH})\b(?:,?\s(?P<year>{YEAR})\b)?"
)


def weeks_of_month(ctx: Ctx) -> Iterator[Mention | None]:
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
            yield mention(
                ctx, m.start(), m.end(), Kind.DATE, "XXXX-WXX", granularity="week", resolved=False
            )
            continue
        else:
            year = _bare_month_year(ctx, ctx.published, (m.start(), m.end()), month)
        value = nz.week_of_month(year, month, m.group("ord").lower())
        yield mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="week")


_YEAR_RE = re.compile(
    rf"(?<![\w$€£¥.,/'’])(?:(?<=mid-)|(?<=pre-)|(?<=post-)|(?<!-))(?P<year>{YEAR})(?![\w%]|,\d|\.\d|-\d)"
    r"|(?<=\s)['’](?P<short>\d\d)\b(?!['’])"
)


_NOT_PLURAL = {"was", "is", "has", "as", "its", "this", "his", "plus", "less", "across", "us"}


def _counts_things(ctx: Ctx, start: int, end: int) -> bool:
    """Whether a year-like number counts what follows it ("2000 troops", "2019-20 points"): a
    plural noun after it and no date preposition before it."""
    after = re.match(r"\s([a-z]+)", ctx.text[end:])
    counted = after and after.group(1).endswith("s") and after.group(1) not in _NOT_PLURAL
    return bool(counted) and not DATE_PREP.search(sentence_before(ctx, start, 20))


def years(ctx: Ctx) -> Iterator[Mention | None]:
    """A four-digit year in date context: "in 2000", "since 1959", "the 2008 budget".

    A year-like number counting something ("2000 troops") is left to the number rules: the word
    after it is a plural noun and no date preposition precedes it.
    """
    for m in _YEAR_RE.finditer(ctx.text):
        if _counts_things(ctx, m.start(), m.end()):
            continue
        left = sentence_before(ctx, m.start(), 20)
        name = re.search(r"([A-Z][\w&.'’-]*)\s$", left)
        if (
            name
            and name.group(1) not in CAPITAL_OK
            and not nz.month_number(name.group(1))
            and not _is_edition(ctx, m.group("year"))
        ):
            continue  # "Russell 2000", "Windows 2000": part of a name
        if m.group("short"):
            if not DATE_PREP.search(left):
                continue
            short = int(m.group("short"))
            year = str(1900 + short if short >= 30 else 2000 + short)
        else:
            year = m.group("year")
        yield mention(ctx, m.start(), m.end(), Kind.DATE, year, granularity="year")


_YEAR_SPAN = re.compile(
    rf"(?<![\w$€£¥.,/'’-])(?P<first>{YEAR})\s?[-–/]\s?(?P<second>{YEAR}|\d\d)(?![\w%/-]|[.,]\d)"
)


def year_spans(ctx: Ctx) -> Iterator[Mention | None]:
    """ "in 2019-20", "the 1998–2003 drought": each end of the span is a year, as TimeML marks
    the two ends of "from 2001 to 2009"; "20" is the year after 2019, not a number."""
    for m in _YEAR_SPAN.finditer(ctx.text):
        first = int(m.group("first"))
        second = int(m.group("second"))
        if second < 100:
            second += first // 100 * 100 + (100 if second < first % 100 else 0)
        if not first < second <= first + 100 or _counts_things(ctx, m.start(), m.end()):
            continue
        for group, year in (("first", first), ("second", second)):
            yield mention(
                ctx, m.start(group), m.end(group), Kind.DATE, f"{year:04d}", granularity="year"
            )


_DECADE = re.compile(
    r"(?<![\w$-])(?:the\s)?(?:(?P<full>1[5-9]\d0|20\d0)|['’]?(?P<short>[0-9]0))['’]?s\b"
    # "the early and mid-1990s"; "in his mid-50s" (an age only: "the mid-50s" may be degrees)
    r"|(?:(?<=\bmid-)|(?<=\bearly-)|(?<=\blate-))(?:(?P<mid>1[5-9]\d0|20\d0)|(?P<age>[1-9]0))"
    r"['’]?s\b"
)


def _is_edition(ctx: Ctx, year: str | None) -> bool:
    """Whether a year after a name is the year of an event's edition ("WWDC 2005", "Expo 2010").

    News names this year's (or next or last year's) event so; a name with a year far from
    publication ("Russell 2000" in 2008) is a product or an index, not a date.
    """
    return (
        year is not None and ctx.published is not None and abs(int(year) - ctx.published.year) <= 1
    )


# "in his early 30s", "in her 80s": an age, between the bounds the modifier gives.
_AGE_DECADE_BEFORE = re.compile(r"\b(?:his|her|their)\s(?:(?P<mod>early|mid|late)[\s-])?$")
_AGE_PART = {None: (0, 9), "early": (0, 3), "mid": (3, 6), "late": (6, 9)}


def _decade_age(ctx: Ctx, m: re.Match[str], short: int) -> Mention | None:
    """The age range of "in his early 30s" (30 to 33), or None when the decade is no age."""
    if m.group(0).startswith(("the", "'", "’")) or short < 10:
        return None
    before = sentence_before(ctx, m.start(), 20)
    age = _AGE_DECADE_BEFORE.search(before)
    if age is None:
        return None
    low, high = _AGE_PART[age.group("mod")]
    start = m.start() - len(before) + (age.start("mod") if age.group("mod") else len(before))
    shown = str(short + low)
    return mention(
        ctx, start, m.end(), Kind.NUMBER, shown, number=short + low, upper=short + high, head="age"
    )


def decades(ctx: Ctx) -> Iterator[Mention | None]:
    """ "the 1990s", "the '80s", "80s" -> TIMEX3 decades "199X", "198X"; "the 1800s" -> "18"."""
    for m in _DECADE.finditer(ctx.text):
        if m.group("full") or m.group("mid"):
            year = int(m.group("full") or m.group("mid"))
        else:
            short = int(m.group("short") or m.group("age"))
            if age := _decade_age(ctx, m, short):
                yield age
                continue
            if m.group("age"):
                continue
            year = 1900 + short if short >= 20 else 2000 + short
        if year % 100 == 0 and year < 2000:  # "the 1800s" is a century; "the 2000s" a decade
            value, grain = nz.century_value(year // 100 + 1), "century"
        else:
            value, grain = nz.decade_value(year), "decade"
        yield mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity=grain)


_CENTURY = re.compile(
    rf"\b(?:the\s)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORDINAL_WORDS}))[\s-][Cc]entury\b"
)


def centuries(ctx: Ctx) -> Iterator[Mention | None]:
    """ "the 20th century", "19th-century", "the twenty-first century": TIMEX3 "19", "18", "20"."""
    if "entury" not in ctx.text:
        return  # most text names no century; the ordinal-first pattern is slow to rule out
    for m in _CENTURY.finditer(ctx.text):
        ordinal = parse_ordinal(m.group("ord"))
        if ordinal is None or not 1 <= ordinal <= 30 or re.match(r"\s[A-Z]", ctx.text[m.end() :]):
            continue  # "21st Century Fox": a name
        value = nz.century_value(ordinal)
        yield mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="century")


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_QUARTER = re.compile(
    r"\b(?:the\s)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]quarter"
    rf"(?:\s(?:of\s)?(?P<year>{YEAR}|this\syear|last\syear|next\syear))?\b"
    rf"|\bQ(?P<q>[1-4])(?:\s?(?P<qyear>{YEAR}))?\b",
    re.IGNORECASE,
)


def quarters(ctx: Ctx) -> Iterator[Mention | None]:
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
                yield mention(ctx, m.start(), m.end(), Kind.DATE, value, granularity="quarter")
                continue
        year = _year_of(ctx, year_text)
        if year and not year_text and ctx.published and _past_period(ctx, m.start(), year, quarter):
            year -= 1  # "the fourth quarter" reported in January is last year's
        value = f"{year if year else 'XXXX'}-Q{quarter}"
        yield mention(
            ctx,
            m.start(),
            m.end(),
            Kind.DATE,
            value,
            granularity="quarter",
            resolved=year is not None,
        )


_FISCAL_YEAR = re.compile(
    rf"\b(?:the\s)?(?:fiscal|financial)\s(?:year\s)?(?P<year>{YEAR})\b|\bFY\s?(?P<fy>{YEAR}|\d\d)\b"
    r"|\b(?:(?P<mod>this|last|next|the\s(?:current|previous|last|next|coming))\s|the\s)"
    rf"(?:fiscal|financial)\syear\b(?!\s{YEAR})",
    re.IGNORECASE,
)
_FISCAL_SHIFT = {"last": -1, "previous": -1, "next": 1, "coming": 1}


def _century(two_digits: int) -> int:
    """The year a two-digit fiscal year means: "FY07" is 2007, "FY99" 1999."""
    return 1900 + two_digits if two_digits >= 50 else 2000 + two_digits


def fiscal_years(ctx: Ctx) -> Iterator[Mention | None]:
    """ "fiscal 2007", "FY07", "last fiscal year", "the financial year" -> TIMEX3 "FY2007".

    A fiscal year is named by the calendar year it ends in (or starts in, in some countries),
    so it is not that calendar year: TimeML gives it its own value. One with no number is the
    publication's ("the financial year" said in January 2007 is FY2007), shifted by its word.
    """
    for m in _FISCAL_YEAR.finditer(ctx.text):
        if m.group("year") or m.group("fy"):
            digits = m.group("year") or m.group("fy")
            year: int | None = int(digits) if len(digits) == 4 else _century(int(digits))
        elif ctx.published is None:
            year = None
        else:
            last_word = (m.group("mod") or "").split()[-1:] or [""]
            year = ctx.published.year + _FISCAL_SHIFT.get(last_word[0].lower(), 0)
        value = f"FY{year}" if year else "FYXXXX"
        yield mention(
            ctx, m.start(), m.end(), Kind.DATE, value, granularity="year", resolved=bool(year)
        )


_HALF_YEAR = re.compile(
    r"\b(?:the\s)?(?P<ord>first|second)\shalf\sof\s"
    rf"(?:(?P<year>{YEAR}|this\syear|last\syear|next\syear)|the\syear)\b",
    re.IGNORECASE,
)


def half_years(ctx: Ctx) -> Iterator[Mention | None]:
    """ "the second half of 2012", "the first half of this year" -> TIMEX3 "2012-H2".

    Only with its year: "the first half" alone is as often a match's half as a year's.
    """
    for m in _HALF_YEAR.finditer(ctx.text):
        year = _year_of(ctx, m.group("year"))
        half = 1 if m.group("ord").lower() == "first" else 2
        yield mention(
            ctx,
            m.start(),
            m.end(),
            Kind.DATE,
            f"{year if year else 'XXXX'}-H{half}",
            granularity="half",
            resolved=year is not None,
        )


def _past_period(ctx: Ctx, start: int, year: int, quarter: int) -> bool:
    """Whether a quarter named without a year, later in the year than publication, is last year's.

    As for months, it is this year's when the clause looks forward or when the quarter begins
    within two months after publication ("closures during the fourth quarter", in August).
    """
    assert ctx.published is not None
    begins = dt.date(year, 3 * quarter - 2, 1)
    if begins <= ctx.published:
        return False
    soon = (begins - ctx.published).days <= _NEAR_FUTURE_DAYS
    return not (soon or is_future(ctx, start))


def _year_of(ctx: Ctx, text: str | None) -> int | None:
    """The year a quarter or season belongs to: stated, "last year", or publication's."""
    if text and text[0].isdigit():
        return int(text)
    if ctx.published is None:
        return None
    low = (text or "").lower()
    return ctx.published.year + (
        -1 if low.startswith("last") else 1 if low.startswith("next") else 0
    )


_SEASON = re.compile(
    rf"\b(?:(?P<mod>this|last|next)\s)?(?P<season>spring|summer|autumn|winter|fall)"
    rf"(?:\s(?:of\s)?(?P<year>{YEAR}))?\b",
    re.IGNORECASE,
)


def seasons(ctx: Ctx) -> Iterator[Mention | None]:
    """ "spring", "last summer", "winter 2008" (TIMEX3 season codes)."""
    for m in _SEASON.finditer(ctx.text):
        mod = (m.group("mod") or "").lower()
        if m.group("season").lower() == "fall" and not (mod or m.group("year")):
            continue  # "prices fall", "the fall of Rome": a season only as "last fall", "fall 2023"
        year = _year_of(ctx, m.group("year") or (f"{mod} year" if mod else None))
        value = f"{year if year else 'XXXX'}-{nz.SEASONS[m.group('season').lower()]}"
        yield mention(
            ctx,
            m.start(),
            m.end(),
            Kind.DATE,
            value,
            granularity="season",
            resolved=year is not None,
        )


_CLOCK_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# Zones news names after a clock time, with their offsets; "ET" or "CST" (China's or the US
# centre's) say no offset for sure and are left out.
_ZONES = {
    "EDT": "-04:00",
    "EST": "-05:00",
    "CDT": "-05:00",
    "MDT": "-06:00",
    "MST": "-07:00",
    "PDT": "-07:00",
    "PST": "-08:00",
    "BST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
}
# "a.m.", "am" and, in text whose tokens were spaced out, "a. m." (with "4: 30", "8. 40" before).
_AMPM = r"[ap](?:\.\s?)?m\b\.?"
_TIME = re.compile(
    r"(?<![\w:.])(?P<h>[0-2]?\d)(?::(?P<mi>[0-5]\d)|[:.]\s?(?P<dot>[0-5]\d)(?=\s?" + _AMPM + ")"
    r"|(?P<mil>[0-5]\d)(?=\s?(?:UTC|GMT|hrs|hours)))"
    rf"(?:\s?(?P<ampm>{_AMPM})(?!\w)"
    r"|\s(?P<part>in\sthe\s(?:morning|afternoon|evening)|at\snight))?"
    rf"(?:\s?\(?(?P<tz>UTC|GMT(?:\s?[+-]\d{{1,2}}(?::?\d\d)?)?|Z|{'|'.join(_ZONES)})\)?)?(?![\w:])"
    r"|(?<![\w:.])(?P<h2>1[0-2]|0?[1-9])\s?(?:(?P<ampm2>[ap]\.\s?m\.|[ap]m\b)|o['’]clock\b)"
    rf"(?:\s(?P<tz2>{'|'.join(_ZONES)})\b)?"
    r"|\b(?P<word>noon|midnight)\b",
    re.IGNORECASE,
)
_PART_HALF = {
    "in the morning": "a",
    "in the afternoon": "p",
    "in the evening": "p",
    "at night": "p",
}
# "ten o'clock": read only where "clock" occurs, as number words are slow to try everywhere.
_CLOCK_WORD = re.compile(rf"\b(?P<h2>{_CLOCK_WORDS})\so['’]clock\b", re.IGNORECASE)


# The first end of a range of hours takes the half of the day written after the second:
# "between 2 and 3 a.m.", "from 9 to 11:30 p.m." (TimeML marks each end).
_TIME_RANGE_START = re.compile(
    r"(?<![\w:.])(?P<clock>(?P<h>1[0-2]|0?[1-9])(?::\s?(?P<mi>[0-5]\d))?)\s?(?:and|to|-|–)\s?"
    r"(?=(?:1[0-2]|0?[1-9])(?::\s?[0-5]\d)?\s?(?P<ampm>[ap])(?:\.\s?)?m\b)",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")


def _may_tell_time(text: str) -> bool:
    """Whether a text holds a digit, "noon" or "midnight": two sentences in three hold none, and
    the clock expressions are slow to rule out at every position ("ten o'clock" is looked for
    apart)."""
    return bool(
        _DIGIT.search(text) or "oon" in text or "OON" in text or "idnight" in text
        or "IDNIGHT" in text
    )  # fmt: skip


def _clock_matches(text: str) -> Iterator[re.Match[str]]:
    if _may_tell_time(text):
        yield from _TIME.finditer(text)
        yield from _TIME_RANGE_START.finditer(text)
    if "clock" in text:
        yield from _CLOCK_WORD.finditer(text)


def _hour_minute(g: dict[str, str | None]) -> tuple[int, int]:
    """The 24-hour clock reading of a matched time's groups ("6:40 p.m." -> 18, 40)."""
    if g.get("word"):
        return (12 if (g["word"] or "").lower() == "noon" else 0), 0
    hour = int(parse_number(g.get("h") or g.get("h2") or "") or 0)
    minute = int(g.get("mi") or g.get("dot") or g.get("mil") or 0)
    part = " ".join((g.get("part") or "").lower().split())
    ampm = (g.get("ampm") or g.get("ampm2") or "").lower()[:1] or _PART_HALF.get(part)
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    return hour, minute


def times(ctx: Ctx) -> Iterator[Mention | None]:
    """Times of day ("19:13", "6:40 p.m.", "0800 UTC", "ten o'clock"), dated by publication.

    "10 o'clock" says no half of the day; it is read as written (T10:00), as TIMEX3 does.
    """
    for m in _clock_matches(ctx.text):
        g = m.groupdict()
        end = m.end("clock") if g.get("clock") else m.end()
        hour, minute = _hour_minute(g)
        if hour > 23:
            continue
        day = ctx.published.isoformat() if ctx.published else "XXXX-XX-XX"
        value = f"{day}T{hour:02d}:{minute:02d}{_zone(g.get('tz') or g.get('tz2'))}"
        yield mention(
            ctx,
            m.start(),
            end,
            Kind.TIME,
            value,
            granularity="minute",
            resolved=ctx.published is not None,
        )
