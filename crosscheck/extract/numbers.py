"""Parsing of numbers written in digits, words or both ("1.5 million", "twenty-one", "76th").

Word parsing is delegated to text2num (a maintained library that knows English number grammar);
this module only supplies the regular expressions that find the words in running text, which
text2num cannot do without also rewriting the text around them, and the news idioms text2num does
not know ("a dozen", "1.5bn", ordinal words).
"""

from __future__ import annotations

import re

from text_to_num import text2num

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALES = "hundred|thousand|million|billion|trillion"
_ORD_UNITS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
)
_ORD_TENS = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth"

# "and" joins number words only after a scale ("two hundred and five"), never "three and seven".
_AND_AFTER_SCALE = "|".join(f"(?<={scale}) and " for scale in _SCALES.split("|"))
_SIMPLE_WORD = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_UNITS})"
# "two hundred and five", "twenty-one", "one million": words joined by spaces, hyphens or "and".
NUMBER_WORDS = (
    rf"(?:{_SIMPLE_WORD}(?:[- ](?:{_SCALES}))*"
    rf"(?:(?:{_AND_AFTER_SCALE}|[- ]){_SIMPLE_WORD}(?:[- ](?:{_SCALES}))*)*)"
)
ORDINAL_WORDS = (
    rf"(?:(?:{_TENS})-(?:{_ORD_UNITS})|{_ORD_UNITS}|{_ORD_TENS}|"
    rf"(?:{_SIMPLE_WORD}[- ])?(?:hundredth|thousandth|millionth))"
)
# The single words one of which every number (every ordinal) in words holds, lower-cased:
# text holding none of them and no digit skips the rules that look for numbers (``reader``).
CARDINAL_WORD_SET = frozenset(
    f"{_UNITS}|{_TENS}|{_SCALES}|dozen|dozens|score|hundreds|thousands|millions|billions|half".split(
        "|"
    )
)
ORDINAL_WORD_SET = frozenset(f"{_ORD_UNITS}|{_ORD_TENS}|hundredth|thousandth|millionth".split("|"))
# The characters an ordinal (in digits or words) can start with, as a lookahead that lets the
# regular-expression engine skip other positions at once instead of trying every word there.
_ORDINAL_FIRST = sorted({w[0] for w in f"{_UNITS}|{_TENS}|{_ORD_UNITS}|{_ORD_TENS}|h|m".split("|")})
ORDINAL_START = rf"(?=[\d{''.join(_ORDINAL_FIRST)}{''.join(_ORDINAL_FIRST).upper()}])"
# 1,500,000 / 1.5 / 30 / .5 ; a comma group must have exactly three digits.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
SCALE_WORDS = r"(?:hundred|thousand|million|billion|trillion|mln|bln|bn|mn|m|k|tn)"

_SCALE_VALUES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_ORDINAL_TO_CARDINAL = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fifth": "five",
    "eighth": "eight",
    "ninth": "nine",
    "twelfth": "twelve",
}
_SPECIAL = {"a dozen": 12.0, "dozen": 12.0, "a score": 20.0, "half": 0.5, "a half": 0.5}


def parse_digits(text: str) -> float | None:
    """Read "1,500" or "3.5"; None when the digits are not one number (e.g. "1,50")."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def scale_value(word: str | None) -> float:
    """The multiplier of a scale word ("bn" -> 1e9); 1 when there is none."""
    return _SCALE_VALUES.get((word or "").lower(), 1.0)


def parse_words(text: str) -> float | None:
    """Read an English number in words ("twenty-one", "two dozen"); None when it is not one."""
    words = " ".join(text.lower().replace("-", " ").split())
    if words.startswith("a ") and words[2:] in _SCALES.split("|"):
        words = "one " + words[2:]  # "a thousand"
    if words in _SPECIAL:
        return _SPECIAL[words]
    if words.endswith(" dozen"):
        base = parse_words(words.removesuffix(" dozen"))
        return None if base is None else base * 12
    if words.endswith(" and a half"):
        base = parse_words(words.removesuffix(" and a half"))
        return None if base is None else base + 0.5
    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


def parse_ordinal(text: str) -> int | None:
    """Read "76th", "first", "seventy-sixth" or a rank "#1" as an integer; None when it is not an
    ordinal."""
    low = text.lower().strip()
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)|#(\d+)", low)
    if match:
        return int(match.group(1) or match.group(2))
    words = low.replace("-", " ").split()
    if not words:
        return None
    last = words[-1]
    if last in _ORDINAL_TO_CARDINAL:
        last = _ORDINAL_TO_CARDINAL[last]
    elif last.endswith("ieth"):
        last = last.removesuffix("ieth") + "y"
    elif last.endswith("th"):
        last = last.removesuffix("th")
    else:
        return None
    value = parse_words(" ".join([*words[:-1], last]))
    return None if value is None else int(value)


def parse_number(text: str) -> float | None:
    """Read a number in digits, words or both, with an optional scale ("1.5 million", "€3bn")."""
    low = text.lower().strip()
    match = re.fullmatch(rf"({DIGITS})\s*({SCALE_WORDS})?", low)
    if match:
        base = parse_digits(match.group(1))
        return None if base is None else base * scale_value(match.group(2))
    return parse_words(low)


def format_number(value: float) -> str:
    """Print 1500000.0 as "1500000" and 3.5 as "3.5", so that values compare as strings."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.10g}"
