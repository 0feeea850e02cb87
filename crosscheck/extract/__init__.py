"""The extraction stage: every checkable value of a text, normalized TIMEX3-style.

``extract(text, published)`` is the stage (its driver and rule table live in ``reader``). The
other names are the few pieces of the grammar that later stages share, so that a month or a
weekday, a number and a value's range are read one way everywhere: ``MONTH``/``WEEKDAY`` (the
patterns), ``MONTHS``/``WEEKDAYS`` (their numbers), ``parse_number``, and from ``values`` the
range a normalized value allows and the one day it names.
"""

from crosscheck.extract.grammar import MONTH, WEEKDAY
from crosscheck.extract.normalize import MONTHS, WEEKDAYS
from crosscheck.extract.numbers import parse_number
from crosscheck.extract.reader import extract
from crosscheck.extract.values import (
    Span,
    anchor_span,
    duration_span,
    gap_days,
    known_parts_differ,
    ratio,
    single_day,
    timex_span,
    value_span,
)

__all__ = [
    "MONTH",
    "MONTHS",
    "WEEKDAY",
    "WEEKDAYS",
    "Span",
    "anchor_span",
    "duration_span",
    "extract",
    "gap_days",
    "known_parts_differ",
    "parse_number",
    "ratio",
    "single_day",
    "timex_span",
    "value_span",
]
