"""Rules for lengths of time and recurrences: "24 years", "a month later", "between 60 and 90
days", "in recent years" (durations) and "annual", "every Monday", "a year" (sets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crosscheck.extract import normalize as nz
from crosscheck.extract.grammar import (
    AMOUNT,
    UNIT,
    WEEKDAY,
    YEAR,
    Ctx,
    amount_value,
    mention,
    sentence_before,
)
from crosscheck.extract.numbers import DIGITS, NUMBER_WORDS, parse_number
from crosscheck.schema import Kind, Mention

_DURATION = re.compile(
    rf"\b(?:(?P<past>the\s(?:past|last|next|coming|previous|first|following)|another|a\sfurther)\s)?"
    rf"(?P<amount>{AMOUNT})[\s-]"
    r"(?:(?:straight|consecutive|successive|trading|business|working|full|more|long|calendar)\s)?"
    rf"(?P<unit>{UNIT})(?:[\s-]long\b|[\s-]old\b)?(?P<later>\s(?:later|earlier|after|before))?\b",
    re.IGNORECASE,
)
_VAGUE_DURATION = re.compile(
    r"\b(?:(?:in\s)?(?:recent|several|many|few|the\scoming|the\spast)\s|over\sthe\s)?"
    r"(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes|seconds)(?P<long>-long)?\b",
    re.IGNORECASE,
)


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


def _is_length(ctx: Ctx, m: re.Match[str]) -> bool:
    """Whether "a"/"an" + unit measures time: a length cue before it, a number (a rate: "$28
    an hour"), or a word after it that places it ("a day later", "a year-long", "a day old")."""
    left = sentence_before(ctx, m.start(), 30)
    return bool(
        m.group("later")
        or _LENGTH_CUE.search(left)
        or re.search(r"\d\S*\s(?:\S+\s)?$", left)
        or re.match(r"[\s-](?:long|old)\b", ctx.text[m.end("unit") :])
    )


_VAGUE_AFTER = re.compile(
    r"\s(?:later|earlier|of|on\send|afterwards?|in\sthe\smaking)\b", re.IGNORECASE
)
# "the (early) hours of", "first-half 8 minutes": a plural after a determiner, perhaps with an
# adjective, or after an amount the duration rule could not read, is not a vague length.
_NOT_VAGUE_BEFORE = re.compile(
    r"\b(?:the|these|those|its|his|her|their|our|my|your|all|what)\s"
    r"(?:(?!(?:for|in|within|over|after|during|since)\s)[\w-]+\s)?$"
    r"|\d\S*\s$",
    re.IGNORECASE,
)


def _is_vague_length(ctx: Ctx, m: re.Match[str]) -> bool:
    """Whether a bare plural unit is a length of time ("took weeks", "weeks later", "years of
    war", "highest in years"): a length cue before it or a word after it that measures; not a
    plural noun after a determiner ("the days of the week", "the early hours of Monday")."""
    left = sentence_before(ctx, m.start(), 30)
    if _NOT_VAGUE_BEFORE.search(left):
        return False
    return bool(_LENGTH_CUE.search(left) or _VAGUE_AFTER.match(ctx.text, m.end()))


def durations(ctx: Ctx) -> Iterator[Mention | None]:
    """ "24 years", "two weeks", "12-year", "a month later", "the past five trading days"."""
    for m in _DURATION.finditer(ctx.text):
        unit = nz.unit_key(m.group("unit"))
        low_amount = m.group("amount").lower()
        if unit is None or (unit in ("second", "quarter") and low_amount in ("a", "an")):
            continue
        amount = amount_value(m.group("amount"))
        if amount is None and low_amount not in ("a few", "several", "many"):
            continue
        if re.fullmatch(YEAR, m.group("amount")) and not m.group("unit").lower().endswith("s"):
            continue  # "its first fiscal 2008 quarter": a year and the period named in it
        if re.fullmatch(r"[A-Z]{2,}", m.group("unit")):
            continue  # "an SEC investigation": an acronym, not seconds
        if low_amount in ("a", "an") and not (m.group("past") or _is_length(ctx, m)):
            continue
        if re.match(r"\s(?:read|watch|listen)\b", ctx.text[m.end() :]):
            continue  # "2 mins read": a page's reading-time badge, not a claim
        if re.search(r"\d[:.]\s?$", ctx.text[max(0, m.start() - 3) : m.start()]):
            continue  # "at 09:10 hours": the minutes of a clock time, read by the time rules
        end = (
            m.end()
            if m.group("later") and m.group("later").strip().lower() in ("later", "earlier")
            else m.end("unit")
            if not m.group("later")
            else m.start("later")
        )
        if ctx.text[m.end("unit") : m.end("unit") + 5].lower() in ("-long", " long"):
            end = max(end, m.end("unit") + 5)
        yield mention(
            ctx,
            m.start(),
            end,
            Kind.DURATION,
            nz.duration_value(amount, unit),
            granularity=nz.granularity(unit),
        )
    for m in _PAST_UNIT.finditer(ctx.text):
        unit = m.group("unit").lower()
        yield mention(
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
        if bare and not _is_vague_length(ctx, m):
            continue
        unit = nz.unit_key(m.group("unit"))
        if unit:
            yield mention(
                ctx,
                m.start(),
                m.end(),
                Kind.DURATION,
                nz.duration_value(None, unit),
                granularity=nz.granularity(unit),
            )


_DURATION_RANGE = re.compile(
    rf"\b(?P<low>{DIGITS}|{NUMBER_WORDS})\s?(?:and|to|or|-|–)\s?(?:{DIGITS}|{NUMBER_WORDS})"
    rf"[\s-](?:(?:more|straight|consecutive|trading|business|working)\s)?(?P<unit>{UNIT})\b",
    re.IGNORECASE,
)


def duration_ranges(ctx: Ctx) -> Iterator[Mention | None]:
    """The first end of a range of durations: "between [60] and 90 days" -> P60D.

    TimeML marks each end of a range as its own expression; the unit written once after the
    second end belongs to both. The second end ("90 days") is an ordinary duration.
    """
    for m in _DURATION_RANGE.finditer(ctx.text):
        unit = nz.unit_key(m.group("unit"))
        amount = parse_number(m.group("low"))
        if unit is None or amount is None:
            continue
        yield mention(
            ctx,
            m.start("low"),
            m.end("low"),
            Kind.DURATION,
            nz.duration_value(amount, unit),
            granularity=nz.granularity(unit),
        )


_SET = re.compile(
    r"(?:\b(?P<adj>(?i:annual|annually|yearly|monthly|bi-?weekly|weekly|daily|hourly|quarterly"
    r"|biannual|nightly))\b"
    r"|\b(?P<freq>(?i:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"\stimes)\s)?(?:(?i:every|each)|per|an?)\s(?P<unit>day|week|month|year|quarter|hour|minute"
    r"|season)\b"
    rf"|\b(?i:every|each)\s(?:(?P<day>{WEEKDAY})|(?P<part>morning|afternoon|evening|night)"
    r"|(?P<season>spring|summer|autumn|fall|winter)|(?P<weekend>weekend))\b"
    rf"|\b(?i:every)\s(?P<amount>{AMOUNT}|other)\s(?P<units>{UNIT})\b)"
    r"(?!\s(?:ago|later|earlier|before|after))",
)
_SET_ADJ = {
    "annual": "P1Y",
    "annually": "P1Y",
    "yearly": "P1Y",
    "monthly": "P1M",
    "weekly": "P1W",
    "biweekly": "P2W",
    "bi-weekly": "P2W",
    "daily": "P1D",
    "hourly": "PT1H",
    "quarterly": "P1Q",
    "biannual": "P6M",
    "nightly": "XXXX-XX-XXTNI",
}
_NOT_SET_AFTER = re.compile(r"\s(?:newsletters?|digests?|briefings?|emails?|deals?)\b", re.I)


# Every set holds one of these words. Most sentences hold none, and the set expression is slow
# to rule out at every position (a tenth of the extraction time), so they are looked for first.
_SET_WORDS = (
    *("annual", "daily", "nightly", "every", "each", "day", "week", "month", "year", "quarter"),
    *("hour", "minute", "season"),
)


def sets(ctx: Ctx) -> Iterator[Mention | None]:
    """ "annual", "weekly", "every Monday" (XXXX-WXX-1), "every morning" (XXXX-XX-XXTMO),
    "every summer" (XXXX-SU), "every two weeks" (P2W), "every other day" (P2D), "twice a week"
    and "a year" after an amount (P1W, P1Y: TimeML puts the "twice" in a frequency)."""
    low = ctx.text.lower()
    if not any(word in low for word in _SET_WORDS):
        return
    for m in _SET.finditer(ctx.text):
        if _NOT_SET_AFTER.match(ctx.text, m.end()) or re.match(r"\s[A-Z]", ctx.text[m.end() :]):
            continue  # "weekly newsletter", "the Daily News": a publication, not a recurrence
        value = _set_value(ctx, m)
        if value is not None:
            yield mention(ctx, m.start(), m.end(), Kind.SET, value)


# An amount, in digits or words, and perhaps its noun, before "a day": "$5 million a year",
# "seven loads a day", "three days a week".
_AMOUNT_BEFORE = re.compile(rf"(?:[\d%]\S*|\b(?i:{NUMBER_WORDS}))\s(?:\S+\s)?$")


def _set_value(ctx: Ctx, m: re.Match[str]) -> str | None:
    """The TIMEX3 value of a matched set; None when "a year" is no rate."""
    if m.group("adj"):
        return _SET_ADJ[m.group("adj").lower()]
    if m.group("day"):
        return f"XXXX-WXX-{nz.WEEKDAYS[m.group('day').lower()] + 1}"
    if m.group("part"):
        return f"XXXX-XX-XXT{nz.PARTS_OF_DAY[m.group('part')]}"
    if m.group("season"):
        return f"XXXX-{nz.SEASONS[m.group('season')]}"
    if m.group("weekend"):
        return "XXXX-WXX-WE"
    if m.group("units"):
        unit = nz.unit_key(m.group("units"))
        low = m.group("amount").lower()
        amount = 2.0 if low == "other" else amount_value(low)
        return None if unit is None or amount is None else nz.duration_value(amount, unit)
    rate = m.group("freq") or _AMOUNT_BEFORE.search(sentence_before(ctx, m.start()))
    if re.match(r"an?\s", m.group(0)) and not rate:
        return None  # "a year" is a rate only after an amount ("$5 million a year")
    if m.group("unit") == "season":
        return "P1Y"  # "$23 million per season": a season comes once a year
    return nz.duration_value(1, m.group("unit"))
