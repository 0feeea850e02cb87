"""Rules for numbers: counts, money, percentages, quantities and ordinals.

A number is read with its range ("5-7 million"), its currency or unit, the qualifier before it
("more than") and the noun it counts; names and ids ("Boeing 787", "flight 447") are left out.
An ordinal before "anniversary" points back to the year it counts from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from crosscheck.extract import normalize as nz
from crosscheck.extract.grammar import (
    CAPITAL_OK,
    DATE_PREP,
    HEAD_STOP,
    MONTH,
    UNIT,
    Ctx,
    amount_value,
    mention,
    sentence_before,
)
from crosscheck.extract.numbers import (
    DIGITS,
    NUMBER_WORDS,
    ORDINAL_START,
    ORDINAL_WORDS,
    format_number,
    parse_digits,
    parse_number,
    parse_ordinal,
)
from crosscheck.schema import Kind, Mention, Qualifier, Role

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
    # ISO codes written before the amount, and the UAE dirham's usual "Dh"/"Dhs" ("Dh4,275")
    **{code: code for code in ("AUD", "CAD", "CHF", "HKD", "SGD", "AED", "SAR", "QAR")},
    "Dh": "AED",
    "Dhs": "AED",
}
_PREFIX_RE = re.compile(
    r"(?P<cur>US\$|U\.S\.\$|AU\$|CA\$|HK\$|NZ\$|GB£|A\$|C\$|S\$|R\$|\$|€|£|¥|₹|₩"
    r"|\b(?:USD|EUR|GBP|JPY|CNY|RMB|INR|AUD|CAD|CHF|HKD|SGD|AED|SAR|QAR|Dhs?|Rs\.?))\s?$"
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
    # ISO codes after the amount ("700 billion USD")
    **{code.lower(): code for code in ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD")},
    **{code.lower(): code for code in ("CHF", "HKD", "SGD", "NZD")},
}
_CURRENCY_WORD_RE = re.compile(
    r"[\s-](?P<country>US|U\.S\.|American|Australian|Canadian|Hong\sKong|Singapore|New\sZealand)?\s?"
    r"(?P<cur>(?i:dollars?|euros?)|pounds\ssterling|pounds?|sterling|yen|yuan|renminbi|rupees?|won"
    r"|roubles?|rubles?|USD|EUR|GBP|JPY|CNY|INR|CAD|AUD|CHF|HKD|SGD|NZD)\b"
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
    r"|yards?|yds?"
    r"|inches|inch|kg|kilograms?|grams?|g|tonnes?|tons?|lbs?|litres?|liters?|gallons?"
    r"|barrels?|acres?|hectares?|pounds?|km/h|kph|mph|knots?|degrees?|°[CF]?|MW|GW|kW|kWh|MWh|GWh|TWh"
    r"|megawatts?|gigawatts?|points?|magnitude|bpd|mm|cc|TEU|ounces?|oz"
    r"|[KMGT]B|(?:kilo|mega|giga|tera)bytes?|[MG]Hz|[kMG]bps|megapixels?|(?<=\d)[CF])"
)
_QUANTITY_RE = re.compile(rf"[\s-]?(?P<unit>{_QUANTITY_UNITS})(?![\w/])")
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
_SCALE_RE = re.compile(
    r"[\s-]?(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b|"
    r"(?P<short>bn|mn|mln|bln|tn|m|k)\b"
)
_ATTACHED_SUFFIX = (
    r"(?:bn|mn|mln|bln|tn|m|k|km|kg|cm|mm|ft|lbs?|g|t|MW|GW|kW|kWh|MWh|GWh|TWh|mph|kph|km/h"
    r"|st|nd|rd|th|pc|am|pm|a\.m|p\.m|[KMGT]B|[MG]Hz|[kMG]bps|C|F)"
)
_NUMBER_CORE = re.compile(
    rf"(?<![\w.,/:#'’-])(?P<digits>(?:(?<=[\s(])-)?{DIGITS})(?![\d,]\d)(?!\d)"
    rf"(?!(?!{_ATTACHED_SUFFIX}\b)[A-Za-z])"
    rf"|(?<![\w-])(?P<words>(?i:{NUMBER_WORDS}(?:\sdozen)?"
    r"|(?:half\s)?a\s(?:dozen|hundred|thousand|million|billion)"
    r"|a\sdozen|dozens|a\sscore|hundreds|thousands"
    r"|millions|billions|tens\sof\sthousands|half))(?!\w|-(?!time\b|(?:dollar|euro|pound)\b))"
)
_ID_WORDS = re.compile(
    r"\b(?:versions?|models?|flight|route|highway|interstate|freeway|exit|chapter|section|article"
    r"|room|gate|platform|episode|no\."
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
    # irregular plurals, which end in no -s ("the 401 children removed", "12 gunmen")
    "children",
    "men",
    "women",
    "gunmen",
    "policemen",
    "firemen",
    "servicemen",
    "fishermen",
    "businessmen",
    "congressmen",
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


_NOT_ID_AFTER = {"percent", "per", "million", "billion", "thousand", "of", "to", "and", "or"}
_AFTER_NUMBER = re.compile(r"(-\d+[A-Za-z]|-\d{3}|\s(?P<cap>[A-Z][a-z]+)|\s(?P<word>[a-z]+))?")
_CLOCK_AFTER = re.compile(
    r"\s?(?:[ap](?:\.\s?)?m\b|o['’]clock\b)|:[0-5]\d(?!\d)|[:.]\s[0-5]\d\s?[ap]\.\s?m\b",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(rf"\b{MONTH}\.?\s?$")
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b")


# A name with a number ("Explorer 8", "IE8", "versions 6, 7") and "and"/"or"/a comma right
# before a number.
_LISTED_ID_BEFORE = re.compile(
    r"(?:\b[A-Z][\w.&'’-]*\s|\b[A-Z]{2,}|\b(?i:versions?|models?)\s)"
    r"\d+(?:\.\d+)?(?:,\s?\d+(?:\.\d+)?)*(?:,|,?\sand|,?\sor|\s&)\s$"
)


def _counts_noun(text: str, end: int) -> bool:
    """Whether a word that is no function word follows a number ("12 other planes")."""
    after = re.match(r"\s([a-z][\w-]*)", text[end : end + 30])
    return after is not None and after.group(1) not in HEAD_STOP


def _is_identifier(ctx: Ctx, start: int, end: int, is_digits: bool) -> bool:
    """Whether a number is part of a name or id ("Boeing 787", "the 787 Dreamliner", "Big Three").

    Names are told by capitals around the number, by id words ("version 10.4", "flight 447"), by
    a model suffix ("737-800") and by a singular noun after a bare three-digit number ("the 737
    replacement"), which a count of 737 things would not take; a unit after a hyphen ("a 100-mile
    trip") makes it a measure.
    """
    text = ctx.text
    before = re.search(r"([A-Z][\w.&'’-]*)\s$", text[max(0, start - 40) : start])
    capital_before = bool(
        before
        and before.group(1) not in CAPITAL_OK
        and before.group(1) not in _CURRENCY_PREFIX  # "USD 5 million", "CHF 3 million"
        and not nz.month_number(before.group(1))
    )
    if not is_digits:
        return text[start].isupper() and capital_before
    if capital_before or _ID_WORDS.search(text[max(0, start - 12) : start]):
        return True
    if _LISTED_ID_BEFORE.search(text, max(0, start - 30), start) and not _counts_noun(text, end):
        return True  # "Internet Explorer 8 and 9", "IE8 and 9": the next version of a name
    if _QUANTITY_RE.match(text, end) or _PLUS_AFTER.match(text, end):
        return False  # "a 100-mile trip", "a 300-plus-pound man": a measure, whatever follows
    after = _AFTER_NUMBER.match(text, end)  # all optional: it always matches
    assert after is not None
    if after.group(1) and after.group(1).startswith("-"):
        return True
    digits = text[start:end]
    if re.fullmatch(r"\d{3,}", digits):
        qualified = qualifier_before(ctx, start)[0] < start  # "up to 768 Intel Atom cores"
        cap = after.group("cap")
        scale = cap is not None and cap.lower() in _SCALE_WORDS  # "$180 Million" in a headline
        if cap and not nz.month_number(cap) and not qualified and not scale:
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


def qualifier_before(ctx: Ctx, start: int) -> tuple[int, Qualifier]:
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
    if low.startswith("half a "):
        whole = parse_number(low[5:])  # "half a million": half of "a million"
        return whole / 2 if whole else None
    return _APPROX_PLURALS.get(low) or parse_number(low)


# An amount glued to the dirham's "Dh" ("Dh4,275"), which ``_NUMBER_CORE`` takes for a word's
# end; searched apart, only in text holding "Dh", so the common expression stays as fast.
_GLUED_CORE = re.compile(rf"(?<=\bDh)(?P<digits>{DIGITS})(?![\d,]\d)(?!\d)(?P<words>(?!x)x)?")


def numbers(ctx: Ctx) -> Iterator[Mention | None]:
    """Counts, money, percentages and quantities, with ranges and the noun they count."""
    cores = _NUMBER_CORE.finditer(ctx.text)
    if "Dh" in ctx.text:
        cores = chain(cores, _GLUED_CORE.finditer(ctx.text))
    for m in cores:
        value = _parse_core(m)
        if value is None:
            continue
        yield _number_mention(ctx, m, value)


def _scaled(ctx: Ctx, end: int, value: float) -> tuple[int, float]:
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
        if low in HEAD_STOP or _NOT_NOUN.fullmatch(low) or low.endswith("ly"):
            break
        if nz.month_number(low) or low in nz.WEEKDAYS:
            break  # "first test flight Tuesday": the date after the phrase
        plural = word[0].islower() and _is_plural(low)
        if plural and words and singular:
            break
        words.append(low)
        pos = h.end()
        if plural and not (not singular and _plural_follows(text, pos)):
            break
    while len(words) > 1 and re.search(r"[a-z](?:ed|ing)$", words[-1]):
        words.pop()  # "the first plane arrived": a verb; "armed forces": an adjective, kept
    if len(words) == 1 and _VERB_WITH_OBJECT.match(text, pos) and words[0].endswith("ed"):
        words.pop()  # "the two co-founded the section": a verb and its object, no noun
    nouns = [w for w in words if re.search(r"[a-z]", w)]
    return nouns[-1] if nouns else None


# What a count with no noun after it counts, said right before it: "killed 12 people and
# injured 58" (the injured), "arrested 4 on Friday", "shooting kills 1, injures 2" (a headline).
_OUTCOME_BEFORE = re.compile(
    r"\b(?P<verb>kill(?:s|ed|ing)|injur(?:es|ed|ing)|wound(?:s|ed|ing)|hurt(?:s|ing)?"
    r"|hospitali[sz]ed|arrest(?:s|ed)|detain(?:s|ed)|rescue[sd]|evacuated|displaced)\s$",
    re.IGNORECASE,
)


def _head_before(text: str, start: int) -> str | None:
    """The outcome a count with no noun after it counts, when its verb stands right before it."""
    outcome = _OUTCOME_BEFORE.search(text[max(0, start - 20) : start])
    return outcome.group("verb").lower() if outcome else None


def _children_of(text: str, start: int) -> str | None:
    """ "children" for the count of "a mother of two (died)", whatever word follows it."""
    return "children" if _PARENT_OF.search(text, max(0, start - 20), start) else None


_PARENT_OF = re.compile(
    r"\b(?:mother|father|mom|dad|parents?|grandmother|grandfather|grandparents?)\sof\s$",
    re.IGNORECASE,
)


# A determiner right after an "-ed" word: the word was a verb taking an object.
_VERB_WITH_OBJECT = re.compile(r"\s(?:the|a|an|his|her|their|its|our)\b")


def _plural_follows(text: str, pos: int) -> bool:
    """Whether another plural noun follows a plural one ("two plainclothes officers"): a verb
    after a plural subject takes no -s, so a second word in -s is the noun the first qualifies."""
    h = _HEAD_WORD.match(text, pos)
    if h is None or not h.group(1)[0].islower():
        return False
    low = h.group(1).lower()
    return _is_plural(low) and low not in HEAD_STOP and not _NOT_NOUN.fullmatch(low)


def _is_plural(word: str) -> bool:
    """Whether a lowercase word looks like a plural noun ("troops", "aircraft", not "gas")."""
    if word in _INVARIANT_PLURALS:
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))


# "a three-time champion", "the four time Oscar nominee": a count of times, said as an adjective.
_TIMES_AFTER = re.compile(r"[\s-]time\b(?!s)(?=\s[A-Za-z])")
# "in round two", "after game 3", "Stage four": a position named by its noun, an ordinal. The
# nouns are tested first (``str.endswith``): the expression is slow to search before every number.
_POSITION_NOUNS = ("round ", "game ", "stage ", "phase ", "leg ", "heat ", "day ", "week ")
_POSITION_BEFORE = re.compile(
    r"(?:^|[.!?:;]\s|\b(?:in|of|after|before|since|from|at|on|into|during|by|until|through)\s)"
    rf"(?P<noun>(?i:{'|'.join(noun.strip() for noun in _POSITION_NOUNS)}))\s$"
)
# "dozens of", "thousands more", "hundreds of millions of": a vague plural and what it scales.
_VAGUE_OF = re.compile(r"\sof\b(?:\s(?P<scale>(?i:thousands|millions|billions))(?:\sof\b)?)?")
# Words that make "pounds" money; without one, and without a scale ("3.8 million pounds"), a
# number of pounds in news is a weight ("weighed 200 pounds", "at 4.5 pounds").
_MONEY_CUE = re.compile(
    r"\b(?:pa(?:id|ys?)|cost(?:s|ing)?|worth|fine[ds]?|pric(?:e[ds]?|ing)|sold|sell(?:s|ing)?"
    r"|bought|buy(?:s|ing)?|salar(?:y|ies)|wages?|earn(?:s|ed|ing)?|budget|spen[dt]|fund(?:s|ing)?"
    r"|tax(?:es)?|loans?|debts?|profits?|loss(?:es)?|revenues?|compensation|damages|sterling"
    r"|bills?|charged?|deal|bid|offer(?:s|ed)?|sum)\b|£",
    re.IGNORECASE,
)


def _vague_extent(text: str, end: int, value: float) -> tuple[int, float] | None:
    """Where a vague plural ends and what it amounts to; None when it counts nothing named.

    "dozens of people", "hundreds of millions of users" (200 x a million, as "hundreds" is twice
    its unit), "dozens more", "thousands protested": a word must follow ("by the thousands." is
    no count of a thing).
    """
    of = _VAGUE_OF.match(text, end)
    if of:
        scale = of.group("scale")
        return of.end(), value * (_APPROX_PLURALS[scale.lower()] / 2 if scale else 1)
    return (end, value) if re.match(r"\s[A-Za-z]", text[end:]) else None


def _weighs(ctx: Ctx, currency: re.Match[str], start: int, scaled: bool) -> bool:
    """Whether a number of "pounds" is a weight rather than money (see ``_MONEY_CUE``)."""
    if scaled or currency.group("cur").lower() not in ("pound", "pounds"):
        return False
    around = sentence_before(ctx, start, 80) + ctx.text[currency.end() : currency.end() + 40]
    return not _MONEY_CUE.search(around)


# "talks between the two companies", "a deal among the three": a relation's parties, named before.
# A definite count elsewhere ("the two men were charged", "the three major indices") is a count.
_RECIPROCAL_BEFORE = re.compile(
    r"\b(?:between|among|of|both)\s(?:the|these|those)\s$", re.IGNORECASE
)


# "the last one it shipped", "this one", "the 2nd one he returned": "one" standing for a noun
# named before.
_ONE_PRONOUN_BEFORE = re.compile(
    r"\b(?:the|this|that|last|first|second|third|final|next|each|every|any|which|other|latest"
    r"|new|same|\d+(?:st|nd|rd|th))\s$",
    re.IGNORECASE,
)


def _constant_money(ctx: Ctx, m: re.Match[str], start: int, scaled: bool) -> bool:
    """Whether a year names the dollars money is counted in ("in 2006 dollars")."""
    year = not scaled and _is_year(m.group("digits"))
    return year and re.search(r"\bin\s$", ctx.text[max(0, start - 3) : start]) is not None


# "a 300-plus-pound man", "a 20-plus yard run": more than the number, in the unit after it.
_PLUS_AFTER = re.compile(r"-?plus(?=[\s-][a-z])|\+(?=[\s-][a-z])")


def _number_mention(ctx: Ctx, m: re.Match[str], value: float) -> Mention | None:
    text = ctx.text
    start, end = m.start(), m.end()
    words = m.group("words")
    low_words = " ".join((words or "").lower().split())
    if words and low_words in ("one", "half") and not re.match(r"\s[a-z]", text[end:]):
        return None
    if low_words == "one" and (
        re.match(r"\s(?:of|another|who|that|which|more|point|thing|day|way|side)\b", text[end:])
        or re.search(r"\b(?:number|no)\s$", text[max(0, start - 8) : start], re.IGNORECASE)
        or _ONE_PRONOUN_BEFORE.search(text, max(0, start - 12), start)
    ):
        return None  # "one of", "number one", "no one", "at one point": idioms, not counts
    if words and re.search(r"\ban?\s[a-z]+\sor\s$", text[max(0, start - 25) : start]):
        return None  # "a second or two", "a thing or two": a vague few, not a count
    if low_words == "half" and _PART_OF_WHOLE.search(text, max(0, start - 8), start):
        return None  # "the other half", "the second half": a part, not an amount
    if _is_identifier(ctx, start, end, bool(m.group("digits"))):
        return None
    if re.match(r"\s(?:mins?|minutes?)\s(?:read|watch|listen)\b", text[end:]):
        return None  # "2 mins read": a page's reading-time badge, not a claim
    if _CLOCK_AFTER.match(text, end):
        return None  # "around 5 p.m.", "about 4:30", "ten o'clock": read by the time rules
    if (times := _TIMES_AFTER.match(text, end)) and (value > 1 or times.group(0)[0] == "-"):
        shown = format_number(value)
        return mention(ctx, start, times.end(), Kind.NUMBER, shown, number=value, head="times")
    if text[max(0, start - 7) : start].lower().endswith(_POSITION_NOUNS) and (
        position := _POSITION_BEFORE.search(text, max(0, start - 40), start)
    ):
        noun = position.group("noun")
        shown = str(int(value))
        start = position.start("noun")
        return mention(ctx, start, end, Kind.ORDINAL, shown, number=value, head=noun.lower())
    if _MONTH_BEFORE.search(text, max(0, start - 12), start):
        return None  # "Nov. 9 to 12": days, read by the date rules
    unscaled = end
    end, value = _scaled(ctx, end, value)
    scaled = end != unscaled
    plus = _PLUS_AFTER.match(text, end)
    end = plus.end() if plus else end
    if low_words in _APPROX_PLURALS:
        vague = _vague_extent(text, end, value)
        if vague is None:
            return None
        end, value = vague
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
    if rng and _CLOCK_AFTER.match(text, end + rng.end()):
        return None  # "between 2 and 3 a.m.": two hours, read by the time rules
    if rng and (rng.group("n2")[0].isdigit() == bool(m.group("digits"))):
        written = parse_number(rng.group("n2"))
        if written is not None:
            new_end, second = _scaled(ctx, end + rng.end(), written)
            if new_end == end + rng.end() and end != m.end():
                second *= value / (_parse_core(m) or 1)  # "5-7 million": the scale is shared
            elif new_end != end + rng.end() and end == m.end() and value < written:
                value *= second / written  # "$300 to 350 million": the first end takes it too
            if second > value:
                upper, end = second, new_end
                if between:
                    start -= len(between.group(0))
    if re.match(rf"[\s-](?:{UNIT})\b", text[end:], re.IGNORECASE):
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
    elif (cw := _CURRENCY_WORD_RE.match(text, end)) and _constant_money(ctx, m, start, scaled):
        return None  # "(in 2006 dollars)": the year money is valued in, read by the date rules
    elif cw and not _weighs(ctx, cw, start, scaled):
        cur = cw.group("cur").lower()
        key = cur if cur in _CURRENCY_WORDS else cur.rstrip("s")
        unit = _CURRENCY_WORDS.get(key)
        if key == "dollar":
            unit = _COUNTRY_DOLLAR.get(" ".join((cw.group("country") or "").split()), "USD")
        kind, end = Kind.MONEY, cw.end()
    elif (qm := _QUANTITY_RE.match(text, end)) and (m.group("digits") or qm.group(0)[0] in " -"):
        kind, unit, end = Kind.QUANTITY, qm.group("unit"), qm.end()
    elif re.search(r"\bmagnitude[\s-]$", text[max(0, start - 12) : start], re.IGNORECASE):
        kind, unit = Kind.QUANTITY, "magnitude"
    elif ctx.text[end : end + 1] == "%":
        kind, unit, end = Kind.PERCENT, "%", end + 1
    counted = re.match(r"\s[a-z]+s\b", text[end:]) and not DATE_PREP.search(
        sentence_before(ctx, start, 20)
    )
    if (
        kind is Kind.NUMBER
        and _is_year(m.group("digits"))
        and ((end == m.end() and not counted) or (upper is not None and _is_year(str(int(upper)))))
    ):
        return None  # a bare year or a span of years ("from 2009 to 2011") is for the date rules
    q_start, qualifier = qualifier_before(ctx, start)
    if between:
        qualifier = Qualifier.EXACT
    if words and low_words in _APPROX_PLURALS:
        qualifier = Qualifier.AT_LEAST
    if plus and qualifier is Qualifier.EXACT:
        qualifier = Qualifier.MORE_THAN
    if kind is Kind.NUMBER and words and _RECIPROCAL_BEFORE.search(text, max(0, start - 20), start):
        return None  # "between the two companies": the parties of a relation, not a count
    head = None
    if kind is Kind.NUMBER:
        head = (
            _children_of(text, q_start)
            or _head_noun(text, end, singular=value == 1)
            or _head_before(text, q_start)
        )
    shown = f"{format_number(value)}" + (f" {unit}" if unit else "")
    return mention(
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


_DENOMINATORS = {
    "half": 2,
    "halve": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# Both kinds of fraction are found from their rarer second part back: a regular expression that
# starts with the numerator would try every word of the text.
_DENOMINATOR_STEMS = tuple(d for d in _DENOMINATORS if d not in ("half", "halve"))
_FRACTION_DEN = re.compile(
    rf"(?<!\w)(?P<den>(?i:half)|halves|(?:{'|'.join(_DENOMINATOR_STEMS)})s?)(?![\w-])"
    r"(?P<of>,?\sof\b)?"
)
# The words a fraction's denominator is, lower-cased, for ``reader``'s cue of ``fractions``.
FRACTION_WORD_SET = frozenset(
    ("half", "halves", *(f"{d}{s}" for d in _DENOMINATOR_STEMS for s in ("", "s")))
)
_FRACTION_NUM = re.compile(
    r"(?<![\w-])(?P<num>(?i:an?|one|two|three|four|five|six|seven|eight|nine))(?P<sep>[\s-])$"
)
# "one in five adults", "two out of three": a share too; the second number is no year and
# counts no unit of time ("scored one in 10 minutes").
_ONE_IN_DEN = re.compile(
    rf"\s(?:in|out\sof)\s(?P<den>\d{{1,3}}(?!\d)|{NUMBER_WORDS})(?![\w,.]\d|[\s-](?:{UNIT})\b)",
    re.IGNORECASE,
)
_ONE_IN_NUM = re.compile(rf"(?<![\w-])(?P<num>{DIGITS}|{NUMBER_WORDS})$", re.IGNORECASE)
_NUMERATOR_REACH = 30


# "the second half of 2012", "the other half of": a part, not a share.
_PART_OF_WHOLE = re.compile(
    r"\b(?:first|second|latter|former|other|back|front|top|bottom|the|a)\s$", re.IGNORECASE
)


def fractions(ctx: Ctx) -> Iterator[Mention | None]:
    """ "a third of residents", "two-thirds of", "half of", "one in five adults": a share.

    A fraction is a share of a whole, so it is a percentage (100/3 for "a third"), comparable
    with "33%" of the same thing; an ordinal ("the third") is a position. Without "of" only the
    hyphenated form is a fraction ("a two-thirds majority"); "a third" alone may be a position.
    """
    text = ctx.text
    for d in _FRACTION_DEN.finditer(text):
        n = _FRACTION_NUM.search(text, max(0, d.start() - 6), d.start())
        if measure := _MEASURE_AFTER_FRACTION.match(text, d.end("den")):
            yield _part_of_measure(ctx, d, n, measure)
            continue
        alone = n is None and (
            d.group("den").lower() != "half"
            or text[d.start() - 1 : d.start()] == "-"
            or _PART_OF_WHOLE.search(text, max(0, d.start() - 8), d.start())
        )
        if alone or not (d.group("of") or (n and n.group("sep") == "-")):
            continue
        numerator = amount_value(n.group("num") if n else "a")
        denominator = _DENOMINATORS.get(d.group("den").lower().removesuffix("s"))
        yield _share(ctx, n.start() if n else d.start(), d.end("den"), numerator, denominator)
    for d in _ONE_IN_DEN.finditer(text):
        n = _ONE_IN_NUM.search(text, max(0, d.start() - _NUMERATOR_REACH), d.start())
        if n:
            numbers = parse_number(n.group("num")), parse_number(d.group("den"))
            yield _share(ctx, n.start(), d.end("den"), *numbers)


# "a quarter mile", "half a mile", "a quarter-mile": a part of one unit, a measure, no share.
_MEASURE_AFTER_FRACTION = re.compile(
    r"(?:[\s-]|\san?\s)(?P<unit>mile|kilomet(?:er|re)|km|met(?:er|re)|yard|foot|inch|acre|pound"
    r"|ton|tonne|gallon|lit(?:er|re)|ounce)\b(?!-)"
)


def _part_of_measure(
    ctx: Ctx, d: re.Match[str], n: re.Match[str] | None, measure: re.Match[str]
) -> Mention | None:
    """ "about a quarter mile" = 0.25 mile (approx.): the fraction of the unit after it."""
    if d.group("of") or d.group("den").lower().endswith("s"):
        return None  # "three quarters of a mile": left to the share rules
    numerator = amount_value(n.group("num") if n else "a")
    denominator = _DENOMINATORS.get(d.group("den").lower())
    if numerator is None or not denominator:
        return None
    value = numerator / denominator
    unit = measure.group("unit").lower()
    start, qualifier = qualifier_before(ctx, n.start() if n else d.start())
    return mention(
        ctx,
        start,
        measure.end(),
        Kind.QUANTITY,
        f"{format_number(value)} {unit}",
        number=value,
        unit=unit,
        qualifier=qualifier,
    )


def _share(
    ctx: Ctx, start: int, end: int, numerator: float | None, denominator: float | None
) -> Mention | None:
    """The percentage a fraction states, with the qualifier before it; None if it is no share."""
    if numerator is None or not denominator or numerator >= denominator:
        return None
    share = 100 * numerator / denominator
    start, qualifier = qualifier_before(ctx, start)
    return mention(
        ctx,
        start,
        end,
        Kind.PERCENT,
        f"{format_number(share)} %",
        number=share,
        unit="%",
        qualifier=qualifier,
    )


# A hyphen may join an ordinal to the noun of its series ("third-floor", "second-place"), not
# to anything else ("first-ever", "second-hand", "third-party").
_SERIES_NOUNS = r"floor|grade|place|round|generation|degree|seed|term|inning|stor(?:e)?y"
# A down of American football: "3rd-and-8", "third-and-goal" (the yards to go follow).
_DOWN = r"and-(?:\d|goal|long|short|inches)"
_ORDINAL = re.compile(
    rf"(?<![\w-]){ORDINAL_START}(?:\d+(?:st|nd|rd|th)|(?i:{ORDINAL_WORDS}))"
    rf"(?!\w|-(?!(?:{_SERIES_NOUNS})\b|{_DOWN}))"
    r"|(?:(?<=\bthe\s)|(?<=\bits\s)|(?<=\bhis\s)|(?<=\bher\s)|(?<=\ba\s))"
    r"#\d{1,3}(?=\s[a-z])"  # "the #1 movie": a rank, not "Building #2"
)
_ANNIVERSARY_OF = re.compile(
    r"\s(?P<head>anniversary|birthday)(?:\sof\s(?:the\s)?(?P<subj>[^,.;:()\[\]\"“”—–!?\n]+))?"
)
_NAMED_DAY = re.compile(r"\s(?P<subj>(?:[A-Z][\w’'-]*\s){0,3}(?:Day|Anniversary|Jubilee))\b")
_SUBJECT_STOP = re.compile(
    r"\s(?:that|which|who|when|while|as|was|were|is|are|has|had|will|on|in|at|with|by|for"
    r"|to|from|this|last|next)\b.*$"
)


# Ordinals that are discourse words, not positions: "first and foremost", "at first", and
# "a second" after these is the unit of time ("a split second"), not a position.
_ORDINAL_IDIOM_AFTER = re.compile(r"\s(?:and\sforemost|of\sall|off|hand)(?![\w-])", re.IGNORECASE)
_AT_FIRST = re.compile(r"\bat\s$", re.IGNORECASE)
# "third time's the charm", "third time lucky": a proverb, whichever time it is
_CHARM = re.compile(r"\stime(?:\s?['’]s|\sis)\sthe\scharm\b|\stime\slucky\b", re.IGNORECASE)
_SECOND_OF_TIME = re.compile(r"\b(?:a|per|one|split)\s$", re.IGNORECASE)
# "a second witness", "for a second time": "a second" before a noun is a position; before these
# words, or none, it is the unit ("wait a second", "a second or two", "a second later").
_SECOND_NOUN_AFTER = re.compile(
    r"\s(?!(?:or|and|later|ago|earlier|before|after|longer|too|of|in|to|apart|late|faster"
    r"|slower|left|remaining|the|a|an|he|she|it|they|we|i|you|is|was|when|while|as|but|then"
    r"|until|for|so|there|and|before|since|now|only|at|on)\b)[a-z]{2,}\b"
)


def _is_ordinal_idiom(ctx: Ctx, m: re.Match[str]) -> bool:
    """Whether an ordinal word is a discourse word or the unit second, not a position."""
    low = m.group(0).lower()
    if low == "third":
        return bool(_CHARM.match(ctx.text, m.end()))
    if low not in ("first", "second"):
        return False
    left = sentence_before(ctx, m.start(), 8)
    return bool(
        _ORDINAL_IDIOM_AFTER.match(ctx.text, m.end())
        or (low == "first" and _AT_FIRST.search(left))
        or (
            low == "second"
            and _SECOND_OF_TIME.search(left) is not None
            and not (left.lower().endswith("a ") and _SECOND_NOUN_AFTER.match(ctx.text, m.end()))
        )
    )


def ordinals(ctx: Ctx) -> Iterator[Mention | None]:
    """ "76th", "first", "seventy-sixth"; anniversaries carry the year they point back to."""
    for m in _ORDINAL.finditer(ctx.text):
        number = parse_ordinal(m.group(0))
        if number is None or _is_ordinal_idiom(ctx, m):
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
        elif re.match(rf"-{_DOWN}", ctx.text[end:]):
            head = "down"
        elif series := re.match(r"-(\w+)", ctx.text[end:]):
            head = series.group(1).lower()
        else:
            head = _head_noun(ctx.text, end)
        if ann or named:
            role = Role.ANNIVERSARY
            if ctx.published is not None:
                anchor = f"{ctx.published.year - number:04d}"
            else:
                resolved = False
        yield mention(
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
