"""Pure functions that turn the parts of a matched phrase into TIMEX3 values.

They take the publication date explicitly and return None (or an X-filled value) rather than
guessing: a relative expression in an article of unknown date must never be read against today.
"""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
} | {"sept": 9}
FULL_MONTHS = frozenset(calendar.month_name[number].lower() for number in range(1, 13))
WEEKDAYS = {calendar.day_name[index].lower(): index for index in range(7)}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

# TIMEX3 duration letters and the granularity each unit names.
DURATION_UNITS = {
    "second": ("S", "second", True),
    "sec": ("S", "second", True),
    "minute": ("M", "minute", True),
    "min": ("M", "minute", True),
    "hour": ("H", "hour", True),
    "hr": ("H", "hour", True),
    "day": ("D", "day", False),
    "night": ("D", "day", False),
    "week": ("W", "week", False),
    "fortnight": ("W", "week", False),
    "month": ("M", "month", False),
    "quarter": ("Q", "quarter", False),
    "year": ("Y", "year", False),
    "decade": ("Y", "decade", False),
    "century": ("Y", "century", False),
}
_UNIT_FACTOR = {"fortnight": 2, "decade": 10, "century": 100}
# TIMEX3's own letters for an unknown number of decades or centuries ("decades" is "PXDE"): a
# count of them in years would be "PXY", which says years.
_VAGUE_LETTERS = {"decade": "DE", "century": "CE"}


def month_number(word: str) -> int | None:
    """The month a name or abbreviation ("Sept.", "june") stands for."""
    return MONTHS.get(word.lower().rstrip("."))


def unit_key(word: str) -> str | None:
    """The singular unit a duration word names ("Years" -> "year", "centuries" -> "century")."""
    low = word.lower()
    for candidate in (low, low.removesuffix("s"), low.removesuffix("es")):
        if candidate in DURATION_UNITS:
            return candidate
    if low == "centuries":
        return "century"
    return None


def duration_value(amount: float | None, unit: str) -> str:
    """TIMEX3 duration for an amount of a unit: (24, "year") -> "P24Y"; None amount -> "PXY"
    ("PXDE" for decades, "PXCE" for centuries)."""
    letter, _, is_time = DURATION_UNITS[unit]
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{_VAGUE_LETTERS.get(unit, letter)}"
    amount *= _UNIT_FACTOR.get(unit, 1)
    text = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return f"{prefix}{text}{letter}"


def granularity(unit: str) -> str:
    return DURATION_UNITS[unit][1]


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


_WEEK_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3}


def week_of_month(year: int, month: int, ordinal: str) -> str:
    """The ISO week that is the first, ..., last ("final") week of a month.

    A week belongs to the month that holds its Thursday, as ISO 8601 gives weeks to years.
    """
    first = dt.date(year, month, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    if ordinal in _WEEK_ORDINALS:
        return iso_week(thursday + dt.timedelta(weeks=_WEEK_ORDINALS[ordinal]))
    following = dt.date(*add_months(year, month, 1), 1)
    last = following - dt.timedelta(days=(following.weekday() - 3) % 7 or 7)
    return iso_week(last)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def weekday_date(published: dt.date, weekday: int, direction: str) -> dt.date:
    """The date a weekday name refers to in an article.

    News is mostly written about the past, so a bare "on Thursday" is the most recent Thursday on
    or before publication ("past"); "next Thursday" looks strictly after publication ("future");
    a future-tense clause ("will land on Monday") looks forward from the publication day itself
    ("upcoming": a Monday article saying so means that day, else it would say "next Monday");
    "last Thursday" is strictly before publication.
    """
    if direction in ("future", "upcoming"):
        delta = (weekday - published.weekday()) % 7 or (7 if direction == "future" else 0)
        return published + dt.timedelta(days=delta)
    if direction == "last":
        delta = (published.weekday() - weekday) % 7 or 7
        return published - dt.timedelta(days=delta)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def month_year(published: dt.date, month: int, direction: str) -> int:
    """The year of a month named without one ("in June").

    Past (default): the most recent such month not after the publication month. Future ("next
    June", "will ... in June"): the first such month not before the publication month, or the one
    after it for "next".
    """
    if direction == "future":
        return published.year if month >= published.month else published.year + 1
    if direction == "next":
        return published.year if month > published.month else published.year + 1
    if direction == "last":
        return published.year if month < published.month else published.year - 1
    return published.year if month <= published.month else published.year - 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not make one (Feb 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift(published: dt.date, amount: int, unit: str) -> tuple[str, str] | None:
    """The point ``amount`` units after publication (negative: before), at the unit's grain.

    Returns (TIMEX3 value, granularity); None for units too fine to place on a calendar date.
    """
    if unit in ("day", "night"):
        return (published + dt.timedelta(days=amount)).isoformat(), "day"
    if unit in ("week", "fortnight"):
        weeks = amount * (2 if unit == "fortnight" else 1)
        return iso_week(published + dt.timedelta(weeks=weeks)), "week"
    if unit == "month":
        year, month = add_months(published.year, published.month, amount)
        return f"{year:04d}-{month:02d}", "month"
    if unit == "quarter":
        year, month = add_months(published.year, published.month, amount * 3)
        return f"{year}-Q{(month - 1) // 3 + 1}", "quarter"
    if unit in ("year", "decade", "century"):
        year = published.year + amount * _UNIT_FACTOR.get(unit, 1)
        return f"{year:04d}", "year"
    return None


def current(published: dt.date, unit: str, delta: int = 0) -> tuple[str, str] | None:
    """The calendar unit that contains publication, or ``delta`` units on ("this week" ->
    "2021-W39", "next decade" -> "203X").

    Unlike ``shift`` (a point: "two decades ago" is a year), a decade or a century named as a
    unit keeps its grain; TIMEX3 writes a century as its two leading digits ("20").
    """
    if unit == "decade":
        return decade_value(published.year + 10 * delta), "decade"
    if unit == "century":
        return century_value(published.year // 100 + 1 + delta), "century"
    return shift(published, delta, unit)


def unresolved(unit: str) -> str:
    """The X-filled value of a relative unit when the publication date is unknown."""
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "year": "XXXX",
        "decade": "XXXX",
        "century": "XXXX",
    }.get(unit, "XXXX-XX-XX")


def decade_value(year: int) -> str:
    """TIMEX3 decade: 1990 -> "199X"."""
    return f"{year // 10:03d}X"


def century_value(ordinal: int) -> str:
    """TIMEX3 century of an ordinal century: the 20th (1900-1999) -> "19"."""
    return f"{ordinal - 1:02d}"
