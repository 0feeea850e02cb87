"""Turn a normalized mention into the range of values it allows, so two mentions can be compared.

A value is rarely a point: "June 2024" covers thirty days, "over eight months" is a lower bound,
"1.5 million" was rounded by its writer. Comparing the ranges, not the literals, is what keeps
"June 2024" from conflicting with "2024-06-19" and "over eight months" from conflicting with
"nine months". Every function here is pure and returns None when it cannot tell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass

from crosscheck.schema import Kind, Mention, Qualifier

_DAYS_PER_UNIT = {"Y": 365.2425, "M": 30.436875, "W": 7.0, "D": 1.0, "H": 1 / 24, "S": 1 / 86400}
_DURATION = re.compile(
    r"^P(?:(?P<date>(?:\d+(?:\.\d+)?[YMWD])+))?(?:T(?P<time>(?:\d+(?:\.\d+)?[HMS])+))?$"
)
_CALENDAR_SLACK = {"M": 1.5, "Y": 0.5}  # days either side of a mean month or year
_PART = re.compile(r"(\d+(?:\.\d+)?)([YMWDHS])")
_APPROX_SHARE = 0.1  # "about 50" is read as 45..55: the usual reading of a round figure in news


@dataclass(frozen=True)
class Span:
    """A closed range of values (days since 0001-01-01 for dates, days for durations)."""

    lo: float
    hi: float

    def overlaps(self, other: Span) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def timex_span(value: str) -> Span | None:
    """The days a TIMEX3 date covers: ``2024`` is a year, ``2024-06`` a month, ``202X`` a decade."""
    date_part = value.split("T", 1)[0]
    bounds = _date_bounds(date_part)
    if bounds is None:
        return None
    first, last = bounds
    return Span(first.toordinal(), last.toordinal())


def _date_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1]
            )
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, first_month = int(m[1]), 3 * int(m[2]) - 2
            last_month = first_month + 2
            end = calendar.monthrange(year, last_month)[1]
            return dt.date(year, first_month, 1), dt.date(year, last_month, end)
        if m := re.fullmatch(r"FY(\d{4})", value):
            # named by the year it ends in (US, UK's 2007-08 as FY2008) or starts in (Japan)
            return dt.date(int(m[1]) - 1, 4, 1), dt.date(int(m[1]) + 1, 3, 31)
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if re.fullmatch(r"\d{3}X", value):
            start = int(value[:3]) * 10
            return dt.date(max(start, 1), 1, 1), dt.date(start + 9, 12, 31)
        if re.fullmatch(r"\d{2}XX", value):
            start = int(value[:2]) * 100
            return dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31)
    except ValueError:
        return None
    return None


def duration_span(value: str) -> Span | None:
    """The days a TIMEX3 duration may stand for: calendar months run 28 to 31 days and years
    365 or 366, so "three months" is 86.8 to 95.8 days and agrees with "90 days"."""
    m = _DURATION.fullmatch(value)
    if not m or not (m["date"] or m["time"]):
        return None
    total = slack = 0.0
    for group, in_time in ((m["date"], False), (m["time"], True)):
        for amount, unit in _PART.findall(group or ""):
            days = (
                float(amount) / (24 * 60)
                if in_time and unit == "M"
                else (float(amount) * _DAYS_PER_UNIT["H" if in_time else unit])
            )
            total += days
            if not in_time:
                slack += float(amount) * _CALENDAR_SLACK.get(unit, 0.0)
    return Span(total - slack, total + slack)


def _rounding(mention: Mention) -> float:
    """Half a unit of the last digit written, when a scale word shows the writer rounded.

    "1.5 million" was written to one decimal of a million, so it stands for 1.45-1.55 million;
    "1,523,000" has no scale word and is taken as written.
    """
    if mention.number is None or not re.search(
        r"(?i)\b(thousand|million|billion|trillion|bn|mn|m|k)\b|\d(bn|mn|m|k)\b", mention.text
    ):
        return 0.0
    # news copy converted from tokens writes "2. 8 million" and "1, 500 million"
    digits = re.search(r"\d+(?:,\s?\d{3})*(?:\.\s?(\d+))?", mention.text)
    if not digits:
        return 0.0
    decimals = len(digits[1] or "")
    written = float(re.sub(r"[,\s]", "", digits[0]))
    if written == 0:
        return 0.0
    scale = mention.number / written
    return 0.5 * scale * 10 ** (-decimals)


def qualified(point: Span, qualifier: Qualifier, share: float = _APPROX_SHARE) -> Span:
    """Widen a span by what its qualifier allows ("over 8" is 8..inf, "about 50" is 45..55)."""
    if qualifier == Qualifier.APPROX:
        pad = max(abs(point.lo), abs(point.hi)) * share
        return Span(point.lo - pad, point.hi + pad)
    if qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        return Span(point.lo, math.inf)
    if qualifier in (Qualifier.LESS_THAN, Qualifier.AT_MOST):
        return Span(-math.inf, point.hi)
    return point


def value_span(mention: Mention) -> Span | None:
    """The range a mention allows, in the unit its kind is compared in; None if unknown."""
    if mention.kind in (Kind.DATE, Kind.TIME):
        base = timex_span(mention.value)
        return None if base is None else qualified(base, mention.qualifier, share=0.0)
    if mention.kind == Kind.DURATION:
        span = duration_span(mention.value)
        return None if span is None else qualified(span, mention.qualifier)
    if mention.number is None:
        return None
    pad = _rounding(mention)
    upper = mention.upper if mention.upper is not None else mention.number
    return qualified(Span(mention.number - pad, upper + pad), mention.qualifier)


def anchor_span(mention: Mention) -> Span | None:
    """The range of a mention's derived anchor ("76th anniversary" in 2024 -> 1948)."""
    return timex_span(mention.anchor) if mention.anchor else None


def known_parts_differ(a: str, b: str) -> bool:
    """Whether two partly unresolved TIMEX dates ("XXXX-06" vs "XXXX-07") differ where known."""
    left, right = a.split("T", 1)[0], b.split("T", 1)[0]
    if _shape(left) != _shape(right):
        return False  # "XXXX-WXX-6" (a weekday) and "2013-03-02" (a day) are not comparable
    return any(x != y for x, y in zip(left, right, strict=True) if "X" not in (x, y))


def _shape(value: str) -> str:
    return re.sub(r"[\dX]", "9", value)


def gap_days(a: Span, b: Span) -> float:
    """Days between two date spans; 0 when they overlap."""
    return max(0.0, a.lo - b.hi, b.lo - a.hi)


def single_day(value: str) -> dt.date | None:
    """The day a value is of, when it names one ("2024-06-19", "2024-06-19T17:00"), else None
    ("2024-06", "XXXX-06-19")."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def ratio(a: Span, b: Span) -> float:
    """How many times larger one amount is than the other (1.0 when they overlap)."""
    if a.overlaps(b):
        return 1.0
    low, high = sorted((a, b), key=lambda s: s.hi)
    if low.hi <= 0:
        return math.inf
    return high.lo / low.hi
