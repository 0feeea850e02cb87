"""Real-text perturbation benchmark on ECB+: change one stated value, see if crosscheck notices.

Two steps, kept apart so that the list of perturbations is frozen before anything is scored:

    .venv/bin/python bench/perturb.py generate          # writes bench/data/perturbations/*.jsonl
    .venv/bin/python bench/perturb.py                   # scores crosscheck on every perturbation
    .venv/bin/python bench/perturb.py --split dev --kinds age,time --limit 50 --naive

``generate`` does not use crosscheck at all: values are found with the plain regexes below, in
sentences split by a plain rule, in the ECB+ Markdown articles (../shared/data/ecbplus, or
$CROSSCHECK_ECBPLUS). A candidate is a value that two different articles of one topic both
state: the same kind and the same normalized value (``age 34``, ``time 17:00``, ``weekday
tuesday``, ``date 05-03``, ``count 3 people``, ``money USD 1200000``) in both, and at least one
shared content word (not a stop word, not part of the value, not a month or weekday name)
within five words of the value in both sentences. A perturbation changes the value in one
sentence of one of the two articles to a plausible misreport (an age +-1, a clock time +-2 h,
the previous weekday, a date's day +-1, a count +-1, money x1.5 or +-10%), keeping the text
well formed (number words stay words). Perturbations are drawn with a fixed seed, balanced
across kinds; topics with an odd number are the "dev" split, even ones "test".

Scoring runs ``crosscheck.pipeline.build_report`` on a copy of the topic folder with the one
article changed (bench/out/perturb/, git-ignored). Caught = a finding with verdict "conflict"
or "disputed" pairing the changed sentence (same document, its text spans the changed value)
with a sentence of another article that states the original value (by the same regexes), with
a comparison of that verdict whose value on the changed side is the changed value ("pair"
counts such findings whatever value they compare). "update"/"corrected" findings on such a
pair and value are counted apart. Collateral false alarms =
conflict/disputed findings of the perturbed run that the unperturbed run of the same topic does
not have and that do not involve the changed sentence. ``--naive`` adds a baseline: for the
changed sentence, its 8 nearest sentences (same embedder) from the other articles of the topic;
a conflict when a neighbour states a value of the same kind and the sets of values differ.

Recall is also printed over the perturbations judged one fact, blind to crosscheck's results
(``bench/data/perturbations/validity.tsv``): a value that no other article states as the same
fact cannot be a discrepancy at all.

Per-perturbation results are written for the first list, all of it development data now
(bench/out/perturb_dev.jsonl and bench/out/perturb_dev_misses.md); later lists (``--list fresh``,
``--list blind``) are printed as totals only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(os.environ.get("CROSSCHECK_ECBPLUS", "../shared/data/ecbplus"))
HERE = Path(__file__).resolve().parent
# Each later list is drawn from the mentions the lists before it do not use; how each has been
# used (development, held out) is said in bench/data/perturbations/README.md.
LISTS = {
    "main": HERE / "data" / "perturbations" / "perturbations.jsonl",
    "fresh": HERE / "data" / "perturbations" / "fresh.jsonl",
    "blind": HERE / "data" / "perturbations" / "blind.jsonl",
}
LIST = LISTS["main"]
OUT = Path("bench/out")
WORK = OUT / "perturb"

SEED = 9  # issue 9
SEEDS = {"main": SEED, "fresh": 20261202, "blind": 20261205}
TARGET = 240  # perturbations drawn in all
KINDS = ("age", "time", "weekday", "date", "count", "money")
WINDOW = 5  # words either side of a value in which a shared content word is looked for
MIN_WORDS = 6  # shorter "sentences" (date lines, bylines, headings) are not claims
NAIVE_K = 8
GROUP_CAP = 3  # at most this many perturbations of one value of one topic

# ---------------------------------------------------------------------------------------------
# Plain text handling (no crosscheck)

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "jr",
    "sr",
    "st",
    "gov",
    "sen",
    "rep",
    "lt",
    "sgt",
    "capt",
    "col",
    "gen",
    "cpl",
    "det",
    "insp",
    "supt",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "co",
    "inc",
    "corp",
    "ltd",
    "ft",
    "mt",
    "vs",
    "u",
    "s",
    "a",
    "p",
    "m",
    "ave",
    "blvd",
    "rd",
    "prof",
    "rev",
    "adm",
    "maj",
    "messrs",
    "univ",
}
_SPLIT = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z])")


@dataclass(frozen=True)
class Sent:
    start: int  # offsets into the whole file text
    end: int
    text: str


def body_start(text: str) -> int:
    m = _FRONT.match(text)
    return m.end() if m else 0


def sentences(text: str) -> list[Sent]:
    """Lines, split at a full stop followed by a capital unless the word before is an
    abbreviation or a single letter ("p. m.", "U. S.", "Jan.")."""
    out: list[Sent] = []
    offset = body_start(text)
    for line in text[offset:].splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = offset + line.index(stripped[0])
            begin = 0
            for m in _SPLIT.finditer(stripped):
                word = re.search(r"([A-Za-z]+)\W*$", stripped[begin : m.start() + 1])
                if word and word.group(1).lower() in _ABBREV:
                    continue
                piece = stripped[begin : m.end()].rstrip()
                out.append(Sent(lead + begin, lead + begin + len(piece), piece))
                begin = m.end()
            piece = stripped[begin:]
            out.append(Sent(lead + begin, lead + begin + len(piece), piece))
        offset += len(line)
    return out


_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_NUM: dict[str, int] = {w: i for i, w in enumerate(_WORDS)}
WORD_NUM |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
WORD_NUM |= {
    f"{t}-{u}": 20 + 10 * i + j for i, t in enumerate(_TENS) for j, u in enumerate(_WORDS[1:10], 1)
}


def num_word(n: int) -> str:
    if n < 20:
        return _WORDS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_WORDS[unit]}" if unit else "")


def same_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# ---------------------------------------------------------------------------------------------
# Value patterns. Each gives (start, end, normalized value, data for the perturbation).

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_WORDS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_NUMWORD = "|".join(sorted(WORD_NUM, key=len, reverse=True))
_NUM = rf"(?:\d{{1,4}}|(?i:{_NUMWORD}))"
_COUNT_NOUNS = {
    "people": "people",
    "persons": "people",
    "person": "people",
    "men": "men",
    "women": "women",
    "children": "children",
    "kids": "children",
    "boys": "boys",
    "girls": "girls",
    "teens": "teens",
    "teenagers": "teens",
    "victims": "victims",
    "students": "students",
    "officers": "officers",
    "policemen": "officers",
    "soldiers": "soldiers",
    "troops": "troops",
    "firefighters": "firefighters",
    "passengers": "passengers",
    "workers": "workers",
    "miners": "miners",
    "climbers": "climbers",
    "hikers": "hikers",
    "residents": "residents",
    "civilians": "civilians",
    "hostages": "hostages",
    "suspects": "suspects",
    "inmates": "inmates",
    "prisoners": "prisoners",
    "patients": "patients",
    "others": "others",
    "bodies": "bodies",
    "dead": "dead",
    "injured": "injured",
    "killed": "killed",
    "wounded": "wounded",
    "hurt": "hurt",
    "deaths": "deaths",
    "fatalities": "deaths",
    "casualties": "casualties",
    "survivors": "survivors",
    "sailors": "sailors",
    "pirates": "pirates",
    "fishermen": "fishermen",
    "crew": "crew",
    "members": "members",
    "guards": "guards",
    "gunmen": "gunmen",
    "militants": "militants",
    "rebels": "rebels",
    "protesters": "protesters",
    "employees": "employees",
    "adults": "adults",
    "babies": "babies",
    "families": "families",
    "homes": "homes",
    "houses": "homes",
    "buildings": "buildings",
    "vehicles": "vehicles",
    "cars": "cars",
}
_ADJ_SKIP = {
    "million",
    "billion",
    "thousand",
    "hundred",
    "percent",
    "per",
    "of",
    "years",
    "year",
    "days",
    "months",
    "weeks",
    "hours",
    "minutes",
    "and",
    "or",
    "to",
    "in",
}

PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "age": [
        re.compile(r"\b(\d{1,3}) ?- ?years? ?- ?old\b"),
        re.compile(r"\b(\d{1,3}) years? old\b"),
        re.compile(r"\b(?:aged|age) (\d{1,3})\b"),
        re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?, (\d{1,2}),"),
    ],
    "time": [
        re.compile(r"\b(\d{1,2})(?:(: ?)(\d{2}))? ?([apAP])\. ?[mM]\b\.?"),
        re.compile(r"\b(\d{1,2})(?:(: ?)(\d{2}))? ?([apAP])[mM]\b"),
    ],
    "weekday": [re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")],
    "date": [
        re.compile(rf"\b({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?! ?[ap]\. ?m)"),
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})\b", re.I),
    ],
    "count": [
        re.compile(
            rf"(?<![\d,.])\b({_NUM})\b(?: ([a-z]+))? "
            rf"({'|'.join(sorted(_COUNT_NOUNS, key=len, reverse=True))})\b"
        )
    ],
    "money": [
        re.compile(
            r"(US ?\$|\$|£|€)\s?(\d{1,3}(?:(?:, ?)\d{3})+|\d+)((?:\. ?)\d+)?"
            r"(?:(\s?-?\s?)((?i:million|billion|thousand|mln|bn|m))\b)?"
        )
    ],
}
_CURRENCY = {"$": "USD", "US$": "USD", "US $": "USD", "£": "GBP", "€": "EUR"}
_SCALE = {"million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}


@dataclass(frozen=True)
class Value:
    kind: str
    start: int  # offsets in the sentence
    end: int
    text: str
    norm: str
    core: tuple[int, int]  # the part of the value that a perturbation rewrites
    number: float | None = None


def values(sentence: str) -> list[Value]:
    """Every value of the six kinds in one sentence, leftmost-longest, no overlaps per kind."""
    found: list[Value] = []
    for kind, patterns in PATTERNS.items():
        matches = sorted(
            (m for pattern in patterns for m in pattern.finditer(sentence)),
            key=lambda m: (m.start(), -m.end()),
        )
        taken: list[tuple[int, int]] = []
        for m in matches:
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _read(kind, m)
            if value is not None:
                taken.append((m.start(), m.end()))
                found.append(value)
    # a weekday or month word inside another kind's value is not a value of its own
    return sorted(found, key=lambda v: (v.start, v.kind))


def _read(kind: str, m: re.Match[str]) -> Value | None:
    text = m.group(0)
    if kind == "age":
        n = int(m.group(1))
        if not 0 < n < 120:
            return None
        if text.endswith(","):  # "Name, 34,": the value is the number, the name is context
            name = text.split(",")[0]
            if name.lower() in _MONTH_WORDS or name in WEEKDAYS:
                return None
            return Value(kind, m.start(1), m.end(1), m.group(1), f"age {n}", m.span(1), n)
        return Value(kind, m.start(), m.end(), text, f"age {n}", m.span(1), n)
    if kind == "time":
        hour = int(m.group(1))
        minute = int(m.group(3) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        h24 = hour % 12 + (12 if m.group(4).lower() == "p" else 0)
        return Value(kind, m.start(), m.end(), text, f"time {h24:02d}:{minute:02d}", m.span(1))
    if kind == "weekday":
        return Value(kind, m.start(), m.end(), text, f"weekday {text.lower()}", m.span(1))
    if kind == "date":
        if m.group(1)[0].isdigit():
            day_group, month_text = 1, m.group(2)
        else:
            day_group, month_text = 2, m.group(1)
        day = int(m.group(day_group))
        if not 1 <= day <= 31:
            return None
        month = MONTHS[month_text[:3].lower()]
        return Value(
            kind, m.start(), m.end(), text, f"date {month:02d}-{day:02d}", m.span(day_group), day
        )
    if kind == "count":
        adjective = m.group(2)
        if adjective in _ADJ_SKIP or (adjective and adjective in _COUNT_NOUNS):
            return None
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else WORD_NUM[raw]
        if n < 2 or (raw.isdigit() and len(raw) == 4 and 1800 <= n <= 2100):
            return None
        noun = _COUNT_NOUNS[m.group(3)]
        return Value(kind, m.start(), m.end(), text, f"count {n} {noun}", m.span(1), n)
    if kind == "money":
        currency = _CURRENCY.get(re.sub(r"\s", " ", m.group(1)), m.group(1))
        integer = int(re.sub(r"\D", "", m.group(2)))
        fraction = m.group(3)
        amount = integer + (float("0." + re.sub(r"\D", "", fraction)) if fraction else 0.0)
        scale = _SCALE[m.group(5).lower()] if m.group(5) else 1.0
        if amount == 0:
            return None
        core = (m.start(2), m.end(3) if fraction else m.end(2))
        total = round(amount * scale, 2)
        return Value(kind, m.start(), m.end(), text, f"money {currency} {total:,.2f}", core, amount)
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
# Context rule

STOP = set(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your said says say told according also after before last
    next early late earlier later this that year years old aged age day days week weeks month
    months time times one two three four five six seven eight nine ten morning afternoon evening
    night tonight today yesterday tomorrow around about approximately nearly almost least more
    than over under p.m a.m pm am local mr mrs ms dr new people""".split()
)
STOP |= {w.lower() for w in WEEKDAYS} | {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "million",
    "billion",
    "thousand",
    "hundred",
}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _stem(word: str) -> str:
    word = word.lower().strip("'’-")
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def context_words(sentence: str, value: Value) -> set[str]:
    """Content words within WINDOW words before and after the value (the value excluded)."""
    before = [t.group(0) for t in _TOKEN.finditer(sentence[: value.start])][-WINDOW:]
    after = [t.group(0) for t in _TOKEN.finditer(sentence[value.end :])][:WINDOW]
    words = {_stem(w) for w in before + after}
    return {w for w in words if len(w) >= 3 and w not in STOP and w not in WORD_NUM}


# ---------------------------------------------------------------------------------------------
# Perturbation of one value


def perturb(value: Value, rng: random.Random) -> str | None:
    """The value's text with its core rewritten to a plausible misreport."""
    a, b = value.core[0] - value.start, value.core[1] - value.start
    core = value.text[a:b]
    new = _perturb_core(value, core, rng)
    if new is None or new == core:
        return None
    return value.text[:a] + new + value.text[b:]


def _perturb_core(value: Value, core: str, rng: random.Random) -> str | None:
    if value.kind == "age":
        return str(int(core) + rng.choice((1, -1)))
    if value.kind == "time":
        hour = int(core)
        new = hour + 2 if hour <= 9 else (2 if hour == 12 else hour - 2)
        return f"{new:02d}" if core.startswith("0") else str(new)
    if value.kind == "weekday":
        return WEEKDAYS[(WEEKDAYS.index(core) - 1) % 7]
    if value.kind == "date":
        day = int(core)
        step = -1 if day >= 28 else (1 if day == 1 else rng.choice((1, -1)))
        new = day + step
        return f"{new:02d}" if core.startswith("0") else str(new)
    if value.kind == "count":
        n = int(core) if core.isdigit() else WORD_NUM[core.lower()]
        # a round count ("about 300", "50") is misreported by one step of its rounding
        unit = 10 ** (len(str(n)) - len(str(n).rstrip("0"))) if n >= 20 else 1
        step = unit if n - unit < 2 else rng.choice((unit, -unit))
        if core.isdigit():
            return str(n + step)
        return same_case(num_word(n + step), core)
    if value.kind == "money":
        return _money(core, rng)
    raise ValueError(value.kind)


def _money(core: str, rng: random.Random) -> str | None:
    m = re.fullmatch(r"(\d{1,3}(?:(?:, ?)\d{3})+|\d+)((\. ?)(\d+))?", core)
    if not m:
        return None
    thousands = re.search(r", ?", m.group(1))
    decimals = len(m.group(4)) if m.group(2) else 0
    amount = int(re.sub(r"\D", "", m.group(1))) + (float("0." + m.group(4)) if m.group(2) else 0)
    factor = rng.choice((1.5, 1.1, 0.9))
    target = amount * factor
    if decimals:
        for places in (decimals, decimals + 1):
            new = round(target, places)
            if new != amount:
                digits = f"{new:.{places}f}"
                whole, frac = digits.split(".")
                return whole + m.group(3) + frac
        return None
    # one significant digit fewer than the original (at least two): "$334 million" x1.1 is
    # "$370 million", "$1799" x1.5 is "$2700", "$3 million" x1.1 is "$3.3 million"
    significant = max(2, len(str(int(amount)).rstrip("0")) - 1)
    rounded = float(f"{target:.{significant}g}")
    if rounded == amount or rounded <= 0:
        return None
    if rounded != int(rounded):
        return f"{rounded:.1f}" if rounded < 100 else None
    text = str(int(rounded))
    if thousands:
        text = f"{int(rounded):,}".replace(",", thousands.group(0))
    return text


# ---------------------------------------------------------------------------------------------
# Candidates and the frozen list


@dataclass(frozen=True)
class Mention:
    topic: str
    file: str
    sentence: Sent
    value: Value
    context: frozenset[str]


def topic_mentions(topic: Path) -> Iterator[Mention]:
    for path in sorted(topic.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for sent in sentences(text):
            if len(_TOKEN.findall(sent.text)) < MIN_WORDS:
                continue
            for value in values(sent.text):
                yield Mention(
                    topic.name, path.name, sent, value, frozenset(context_words(sent.text, value))
                )


def candidates(data: Path) -> list[tuple[Mention, list[tuple[Mention, list[str]]]]]:
    """Mentions with at least one partner: another article of the topic stating the same
    normalized value with a shared context word."""
    out = []
    for topic in sorted(p for p in data.iterdir() if p.is_dir() and p.name.startswith("topic")):
        by_value: dict[str, list[Mention]] = defaultdict(list)
        for mention in topic_mentions(topic):
            by_value[mention.value.norm].append(mention)
        for group in by_value.values():
            for mention in group:
                partners = [
                    (other, sorted(mention.context & other.context))
                    for other in group
                    if other.file != mention.file and mention.context & other.context
                ]
                if partners:
                    out.append((mention, partners))
    return out


def split_of(topic: str) -> str:
    return "dev" if int(re.sub(r"\D", "", topic)) % 2 else "test"


def _shares(total: int, available: dict[str, int]) -> dict[str, int]:
    """An equal share of ``total`` for each key; what one key cannot fill goes to the others."""
    quota = dict.fromkeys(available, 0)
    left = total
    while left > 0:
        open_keys = [k for k in available if quota[k] < available[k]]
        if not open_keys:
            break
        share = max(1, left // len(open_keys))
        for k in open_keys:
            take = min(share, available[k] - quota[k], left)
            quota[k] += take
            left -= take
    return quota


def generate(
    data: Path, target: int, seed: int, exclude: frozenset[tuple[str, str, int]] = frozenset()
) -> list[dict[str, Any]]:
    """Draw perturbations: equal shares per kind, and within a kind per split, as far as the
    candidates allow; within a (kind, split), one mention per (topic, value) group in a seeded
    random order before any group gives a second one, and at most GROUP_CAP per group.
    Mentions in ``exclude`` (topic, sentence, offset in it) are not drawn, nor copies of them:
    a second list is new values."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str], dict[tuple[str, str], list[Any]]] = defaultdict(
        lambda: defaultdict(list)
    )
    seen: set[tuple[str, str, int]] = set()
    for mention, partners in candidates(data):
        # the same sentence in two articles (syndicated copies) is one perturbation
        copy = (mention.topic, mention.sentence.text, mention.value.start)
        if copy in seen or copy in exclude:
            continue
        seen.add(copy)
        cell = (mention.value.kind, split_of(mention.topic))
        groups[cell][(mention.topic, mention.value.norm)].append((mention, partners))

    def size(kind: str, split: str) -> int:
        return sum(min(len(g), GROUP_CAP) for g in groups[kind, split].values())

    kind_quota = _shares(target, {k: size(k, "dev") + size(k, "test") for k in KINDS})
    drawn: list[dict[str, Any]] = []
    for kind in KINDS:
        split_quota = _shares(kind_quota[kind], {s: size(kind, s) for s in ("dev", "test")})
        for split in ("dev", "test"):
            ordered = sorted(groups[kind, split].items())
            rng.shuffle(ordered)
            for _, members in ordered:
                members.sort(key=lambda mp: (mp[0].file, mp[0].sentence.start, mp[0].value.start))
                rng.shuffle(members)
            chosen = 0
            depth = min(GROUP_CAP, max((len(m) for _, m in ordered), default=0))
            for round_ in range(depth):
                for _, members in ordered:
                    if chosen >= split_quota[split]:
                        break
                    if round_ < len(members):
                        record = _record(*members[round_], rng)
                        if record:
                            drawn.append(record)
                            chosen += 1
    return [{"id": f"p{i:03d}", **r} for i, r in enumerate(drawn, 1)]


def _record(mention: Mention, partners: list[tuple[Mention, list[str]]], rng: random.Random):
    new_text = perturb(mention.value, rng)
    if new_text is None:
        return None
    new_sentence = (
        mention.sentence.text[: mention.value.start]
        + new_text
        + mention.sentence.text[mention.value.end :]
    )
    new_values = [v for v in values(new_sentence) if v.start == mention.value.start]
    if not new_values or new_values[0].kind != mention.value.kind:
        return None
    if new_values[0].norm == mention.value.norm:
        return None
    start = mention.sentence.start + mention.value.start
    path = DATA / mention.topic / mention.file
    text = path.read_text(encoding="utf-8")
    assert text[start : start + len(mention.value.text)] == mention.value.text
    return {
        "topic": mention.topic,
        "file": mention.file,
        "split": split_of(mention.topic),
        "kind": mention.value.kind,
        "sentence": mention.sentence.text,
        "sentence_start": mention.sentence.start,
        "sentence_end": mention.sentence.end,
        "start": start,
        "end": start + len(mention.value.text),
        "value": mention.value.text,
        "new_value": new_text,
        "norm": mention.value.norm,
        "new_norm": new_values[0].norm,
        "others": [
            {"file": o.file, "sentence": o.sentence.text, "value": o.value.text, "shared": w}
            for o, w in sorted(partners, key=lambda p: (p[0].file, p[0].sentence.start))
        ],
        "file_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def load_list(path: Path = LIST) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def perturbed_text(record: dict[str, Any]) -> str:
    text = (DATA / record["topic"] / record["file"]).read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != record["file_sha256"]:
        sys.exit(f"{record['topic']}/{record['file']} changed since the list was frozen")
    assert text[record["start"] : record["end"]] == record["value"]
    return text[: record["start"]] + record["new_value"] + text[record["end"] :]


# ---------------------------------------------------------------------------------------------
# Scoring crosscheck

ALARM = {"conflict", "disputed"}
REVISION = {"update", "corrected"}


def _collapse(text: str) -> tuple[str, list[int]]:
    """Whitespace collapsed to single spaces, with the original offset of every kept char."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                where.append(i)
            continue
        chars.append(ch)
        where.append(i)
    return "".join(chars), where


def covers(ref_text: str, doc_text: str, offset: int, new_value: str) -> bool:
    """Whether a report sentence of the changed document is the changed sentence: its text,
    found in the perturbed article, spans the changed value."""
    needle = _collapse(ref_text)[0].strip()
    hay, where = _collapse(doc_text)
    if needle:
        i = hay.find(needle)
        while i >= 0:
            if where[i] <= offset < where[i + len(needle) - 1] + 1:
                return True
            i = hay.find(needle, i + 1)
    # the report may have cleaned the sentence: fall back on the value with some context
    left = doc_text[max(0, offset - 12) : offset]
    window = _collapse(left + new_value)[0].strip()
    return window in _collapse(ref_text)[0]


def states(ref_text: str, kind: str, norm: str) -> bool:
    return any(v.kind == kind and v.norm == norm for v in values(ref_text))


def _key(finding: Any) -> tuple[Any, ...]:
    a = (_doc(finding.claim), finding.claim.text)
    b = (_doc(finding.evidence), finding.evidence.text)
    return (*sorted((a, b)),)


def _overlaps(mention: str, new_value: str) -> bool:
    """Whether crosscheck's mention is the changed value: one contains the other, or the
    mention holds the changed value's number ("around 40" for "40 people")."""
    a, b = _collapse(mention)[0].strip().lower(), _collapse(new_value)[0].strip().lower()
    if a and (a in b or b in a):
        return True
    tokens = re.findall(r"[\w$£€.,:]+", b)
    core = next((t for t in tokens if any(c.isdigit() for c in t)), tokens[0] if tokens else "")
    return bool(core) and core in re.findall(r"[\w$£€.,:]+", a)


def _doc(ref: Any) -> str:
    """An article by its file name (unique within a topic folder), whether crosscheck's ids are
    file stems or paths."""
    return Path(ref.path).name


def _verdict(finding: Any) -> str:
    return str(getattr(finding.verdict, "value", finding.verdict))


def _alarms(report: Any) -> set[tuple[Any, ...]]:
    return {
        _key(f)
        for f in report.findings
        if _verdict(f) in ALARM and _doc(f.claim) != _doc(f.evidence)
    }


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target)


def _publish(source: Path, shared: Path) -> None:
    """Copy ``source`` to ``shared`` if nobody has yet, atomically (concurrent runs race here)."""
    if shared.exists():
        return
    shared.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{shared.name}-", dir=shared.parent))
    try:
        _copy_tree(source, temp / "cache")
        os.rename(temp / "cache", shared)
    except OSError:
        pass  # another run published it first
    finally:
        shutil.rmtree(temp, ignore_errors=True)


class Runner:
    """One private work folder per run (concurrent runs never share files) and one embedding
    cache per topic, shared between runs (bench/out/perturb/cache/<topic>, written once,
    atomically, never changed); every report gets a fresh index built from that cache, so
    reports do not depend on the order in which they were made."""

    def __init__(self, embedder: Any, run_dir: Path) -> None:
        from crosscheck.pipeline import Options, build_report

        self.embedder = embedder
        self.run_dir = run_dir
        self.Options = Options
        self.build_report = build_report
        self.baselines: dict[str, Any] = {}

    def folder(self, topic: str) -> Path:
        folder = self.run_dir / "work" / topic
        if not folder.is_dir():
            folder.mkdir(parents=True)
            for path in sorted((DATA / topic).iterdir()):
                if path.is_file():
                    shutil.copyfile(path, folder / path.name)
        return folder

    def run(self, topic: str) -> Any:
        shared = WORK / "cache" / topic
        fresh = self.run_dir / "index-run" / topic
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        if shared.is_dir():
            _copy_tree(shared, fresh / "cache")
        report = self.build_report(
            [self.folder(topic)], self.Options(index_dir=fresh), embedder=self.embedder
        )
        if (fresh / "cache").is_dir():
            _publish(fresh / "cache", shared)
        shutil.rmtree(fresh, ignore_errors=True)
        return report

    def baseline(self, topic: str) -> Any:
        if topic not in self.baselines:
            self.baselines[topic] = self.run(topic)
        return self.baselines[topic]

    def score(self, record: dict[str, Any]) -> dict[str, Any]:
        topic = record["topic"]
        before = self.baseline(topic)
        target = self.folder(topic) / record["file"]
        original = target.read_text(encoding="utf-8")
        changed = perturbed_text(record)
        target.write_text(changed, encoding="utf-8")
        try:
            report = self.run(topic)
        finally:
            target.write_text(original, encoding="utf-8")
        doc_id = record["file"]

        def is_changed(ref: Any) -> bool:
            return _doc(ref) == doc_id and covers(
                ref.text, changed, record["start"], record["new_value"]
            )

        def states_original(ref: Any) -> bool:
            return _doc(ref) != doc_id and states(ref.text, record["kind"], record["norm"])

        on_pair: Counter[str] = Counter()  # findings on the pair, by verdict
        on_value: set[str] = set()  # verdicts of those whose comparison is on the changed value
        involving: Counter[str] = Counter()
        for f in report.findings:
            # a finding shows one pair of sentences and lists, in ``also``, the other sentences
            # that state the same values for the same fact (one finding per repeated fact)
            ends = (f.claim, f.evidence, *getattr(f, "also", ()))
            if not any(is_changed(r) for r in ends):
                continue
            involving[_verdict(f)] += 1
            if any(is_changed(r) for r in ends) and any(states_original(r) for r in ends):
                on_pair[_verdict(f)] += 1
                for c in f.comparisons:
                    sides = (c.claim_value, c.evidence_value)
                    on = any(
                        s is not None and _overlaps(s.text, record["new_value"]) for s in sides
                    )
                    if on and _verdict(c) == _verdict(f):
                        on_value.add(_verdict(f))
        new_alarms = [
            k
            for k in _alarms(report) - _alarms(before)
            if not any(
                d == doc_id and covers(t, changed, record["start"], record["new_value"])
                for d, t in k
            )
        ]
        return {
            "id": record["id"],
            "caught": bool(on_value & ALARM),
            "pair_alarm": any(on_pair[v] for v in ALARM),
            "revision": bool(on_value & REVISION),
            "pair_verdicts": dict(on_pair),
            "changed_sentence_verdicts": dict(involving),
            "collateral": len(new_alarms),
            "collateral_pairs": [list(map(list, k)) for k in sorted(new_alarms)],
        }


# ---------------------------------------------------------------------------------------------
# Naive baseline


class Naive:
    """Top-8 nearest sentences (by the same embedder) from other articles; a conflict when both
    state values of one kind and the sets differ."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.vectors: dict[str, Any] = {}
        self.topics: dict[str, list[tuple[str, str]]] = {}

    def _embed(self, texts: Iterable[str]) -> None:
        missing = sorted({t for t in texts if t not in self.vectors})
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self.vectors[text] = vector

    def topic(self, topic: str) -> list[tuple[str, str]]:
        if topic not in self.topics:
            rows = []
            for path in sorted((DATA / topic).glob("*.md")):
                for sent in sentences(path.read_text(encoding="utf-8")):
                    if len(_TOKEN.findall(sent.text)) >= MIN_WORDS:
                        rows.append((path.name, sent.text))
            self._embed(t for _, t in rows)
            self.topics[topic] = rows
        return self.topics[topic]

    def neighbours(self, topic: str, file: str, text: str) -> list[str]:
        import numpy as np

        self._embed([text])
        rows = [(f, t) for f, t in self.topic(topic) if f != file]
        if not rows:
            return []
        matrix = np.stack([self.vectors[t] for _, t in rows])
        scores = matrix @ self.vectors[text]
        order = sorted(range(len(rows)), key=lambda i: (-float(scores[i]), i))[:NAIVE_K]
        return [rows[i][1] for i in order]

    @staticmethod
    def conflicts(a: str, b: str) -> bool:
        kinds_a: dict[str, set[str]] = defaultdict(set)
        kinds_b: dict[str, set[str]] = defaultdict(set)
        for v in values(a):
            kinds_a[v.kind].add(v.norm)
        for v in values(b):
            kinds_b[v.kind].add(v.norm)
        return any(kinds_a[k] != kinds_b[k] for k in kinds_a if k in kinds_b)

    def score(self, record: dict[str, Any]) -> tuple[bool, int]:
        sentence = record["sentence"]
        a = record["start"] - record["sentence_start"]
        changed = sentence[:a] + record["new_value"] + sentence[a + len(record["value"]) :]
        hits = [
            n
            for n in self.neighbours(record["topic"], record["file"], changed)
            if self.conflicts(changed, n)
        ]
        caught = any(states(n, record["kind"], record["norm"]) for n in hits)
        return caught, len(hits)

    def alarms(self, topic: str) -> int:
        """Naive conflicts in the unperturbed topic (unordered sentence pairs)."""
        pairs = set()
        for file, text in self.topic(topic):
            if not values(text):
                continue
            for n in self.neighbours(topic, file, text):
                if self.conflicts(text, n):
                    pairs.add(tuple(sorted((text, n))))
        return len(pairs)


# ---------------------------------------------------------------------------------------------
# Main


def _table(rows: list[dict[str, Any]], naive: bool) -> None:
    head = (
        f"{'split':<5} {'kind':<8} {'n':>4} {'caught':>6} {'recall':>6} {'pair':>5} "
        f"{'upd/cor':>7} {'collat':>6} {'coll/20':>7}"
    )
    if naive:
        head += f" {'naive':>6} {'n.recall':>8}"
    print(head)
    for split in ("dev", "test", "all"):
        for kind in (*KINDS, "all"):
            sel = [
                r
                for r in rows
                if (split == "all" or r["split"] == split) and (kind == "all" or r["kind"] == kind)
            ]
            if not sel:
                continue
            n = len(sel)
            caught = sum(r["caught"] for r in sel)
            collateral = sum(r["collateral"] for r in sel)
            line = (
                f"{split:<5} {kind:<8} {n:>4} {caught:>6} {caught / n:>6.3f} "
                f"{sum(r['pair_alarm'] for r in sel):>5} {sum(r['revision'] for r in sel):>7} "
                f"{collateral:>6} {20 * collateral / n:>7.2f}"
            )
            if naive:
                nc = sum(r["naive_caught"] for r in sel)
                line += f" {nc:>6} {nc / n:>8.3f}"
            print(line)


_STATE: dict[str, Any] = {}


def _init_worker(naive: bool, threads: int | None, run_dir: Path) -> None:
    """Load the embedder once per process (and cap torch's threads when processes share cores)."""
    from crosscheck.embed import load_embedder

    if threads:
        import torch

        torch.set_num_threads(threads)
    embedder = load_embedder(None)
    _STATE["runner"] = Runner(embedder, run_dir)
    _STATE["naive"] = Naive(embedder) if naive else None


def _score_topic(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """Score the perturbations of one topic: their rows, and the alarms of the unperturbed
    topic by crosscheck and by the naive checker."""
    runner: Runner = _STATE["runner"]
    naive: Naive | None = _STATE["naive"]
    rows = []
    for record in records:
        result = runner.score(record)
        result |= {"split": record["split"], "kind": record["kind"], "topic": record["topic"]}
        if naive:
            result["naive_caught"], result["naive_hits"] = naive.score(record)
        rows.append(result)
    topic = records[0]["topic"]
    alarms = len(_alarms(runner.baseline(topic)))
    naive_alarms = naive.alarms(topic) if naive else 0
    runner.baselines.clear()
    return rows, alarms, naive_alarms


def _score_all(
    args: argparse.Namespace,
    batches: list[list[dict[str, Any]]],
    results: list[tuple[list[dict[str, Any]], int, int]],
    run_dir: Path,
) -> None:
    if args.jobs <= 1:
        _init_worker(args.naive, None, run_dir)
        for done, batch in enumerate(batches, 1):
            results.append(_score_topic(batch))
            if args.verbose:
                print(f"{done}/{len(batches)} topics", file=sys.stderr)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            max_workers=args.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(args.naive, max(1, (os.cpu_count() or 1) // args.jobs), run_dir),
        ) as pool:
            for done, result in enumerate(pool.map(_score_topic, batches), 1):
                results.append(result)
                if args.verbose:
                    print(f"{done}/{len(batches)} topics", file=sys.stderr)


def score_main(args: argparse.Namespace) -> None:
    import crosscheck

    records = load_list(LISTS[args.list])
    if args.split != "all":
        records = [r for r in records if r["split"] == args.split]
    if args.kinds:
        wanted = set(args.kinds.split(","))
        records = [r for r in records if r["kind"] in wanted]
    if args.limit:
        records = records[: args.limit]
    started = time.perf_counter()
    print(
        f"crosscheck from {Path(crosscheck.__file__).parent}; {len(records)} perturbations; "
        f"{args.jobs} job(s)"
    )
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_topic[record["topic"]].append(record)
    # biggest topics first, so that parallel workers finish together
    batches = sorted(by_topic.values(), key=lambda rs: (-len(rs), rs[0]["topic"]))
    results: list[tuple[list[dict[str, Any]], int, int]] = []
    WORK.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=WORK))
    try:
        _score_all(args, batches, results, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    order = {r["id"]: i for i, r in enumerate(records)}
    rows = sorted((row for rs, _, _ in results for row in rs), key=lambda r: order[r["id"]])
    naive = args.naive
    print()
    _table(rows, naive)
    n = len(rows)
    if n:
        caught = sum(r["caught"] for r in rows)
        collateral = sum(r["collateral"] for r in rows)
        print(
            f"\noverall: recall {caught / n:.3f} ({caught}/{n}); collateral false alarms "
            f"{collateral} = {20 * collateral / n:.2f} per 20 perturbations; "
            f"perturbations with any collateral {sum(1 for r in rows if r['collateral'])}"
        )
        _valid_recall(rows, args.list)
        print(
            f"unperturbed alarms (conflict/disputed across articles) in these {len(batches)} "
            f"topics: crosscheck {sum(a for _, a, _ in results)}",
            end="",
        )
        if naive:
            nc = sum(r["naive_caught"] for r in rows)
            print(f", naive {sum(a for _, _, a in results)}")
            print(
                f"naive: recall {nc / n:.3f} ({nc}/{n}); naive conflicts on the changed "
                f"sentence {sum(r['naive_hits'] for r in rows)} "
                f"(of which pairs with the original {nc})"
            )
        else:
            print()
    print(f"time {time.perf_counter() - started:.0f} s")
    if args.list == "main":  # later lists are held out: totals only
        _write_dev(records, rows)


def _write_dev(records: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    by_id = {r["id"]: r for r in records}
    with (OUT / "perturb_dev.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    lines = ["# Perturbations of the first list crosscheck missed", ""]
    for r in rows:
        if r["caught"]:
            continue
        rec = by_id[r["id"]]
        lines += [
            f"## {rec['id']} {rec['kind']} {rec['topic']}/{rec['file']}: "
            f"{rec['value']!r} -> {rec['new_value']!r}",
            "",
            f"- changed: {rec['sentence']}",
            *(f"- {o['file']}: {o['sentence']}" for o in rec["others"][:3]),
            f"- verdicts on the pair: {r['pair_verdicts'] or 'none'}; on the changed sentence: "
            f"{r['changed_sentence_verdicts'] or 'none'}",
            "",
        ]
    (OUT / "perturb_dev_misses.md").write_text("\n".join(lines), encoding="utf-8")


def generate_main(args: argparse.Namespace) -> None:
    path = LISTS[args.list]
    if path.exists() and not args.force:
        sys.exit(f"{path} exists and is frozen; --force rewrites it")
    earlier = list(LISTS)[: list(LISTS).index(args.list)]
    exclude = frozenset(
        (r["topic"], r["sentence"], r["start"] - r["sentence_start"])
        for name in earlier
        for r in load_list(LISTS[name])
    )
    records = generate(DATA, args.target, args.seed, exclude)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    counts = Counter((r["kind"], r["split"]) for r in records)
    pool = Counter(m.value.kind for m, _ in candidates(DATA))
    print(f"{len(records)} perturbations written to {path}")
    for kind in KINDS:
        print(
            f"  {kind:<8} candidates {pool[kind]:>4}  dev {counts[kind, 'dev']:>3}  "
            f"test {counts[kind, 'test']:>3}"
        )


def _valid_recall(rows: list[dict[str, Any]], list_name: str) -> None:
    """Recall over the perturbations a developer judged to change one fact that another
    article states (bench/data/perturbations/validity.tsv, judged blind to crosscheck's
    results): the others cannot be discrepancies at all ("released Wednesday" an autopsy,
    "arrested Wednesday" a sister), so no checker should catch them."""
    validity = LISTS[list_name].with_name(
        "validity.tsv" if list_name == "main" else f"{list_name}_validity.tsv"
    )
    if not validity.exists():
        return
    lines = validity.read_text(encoding="utf-8").splitlines()[1:]
    valid = {line.split("\t")[0] for line in lines if line.split("\t")[1] == "yes"}
    judged = [r for r in rows if r["id"] in valid]
    if not judged:
        return
    per_kind = defaultdict(list)
    for row in judged:
        per_kind[row["kind"]].append(row["caught"])
    kinds = ", ".join(
        f"{kind} {sum(c) / len(c):.2f}" for kind in KINDS if (c := per_kind.get(kind))
    )
    caught = sum(r["caught"] for r in judged)
    print(
        f"judged one fact ({validity.name}): recall {caught / len(judged):.3f} "
        f"({caught}/{len(judged)}); {kinds}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=("score", "generate"), default="score")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument(
        "--list", choices=tuple(LISTS), default="main", help="which frozen list (see its README)"
    )
    parser.add_argument("--kinds", help=f"comma-separated, of {','.join(KINDS)}")
    parser.add_argument("--limit", type=int, help="score only the first N (after filters)")
    parser.add_argument("--naive", action="store_true", help="also score the naive baseline")
    parser.add_argument("--jobs", type=int, default=2, help="processes (topics run in parallel)")
    parser.add_argument("--verbose", action="store_true", help="progress on stderr")
    parser.add_argument("--target", type=int, default=TARGET, help="generate: how many")
    parser.add_argument(
        "--seed", type=int, help=f"generate: random seed (default per list: {SEEDS})"
    )
    parser.add_argument("--force", action="store_true", help="generate: overwrite the list")
    args = parser.parse_args()
    if args.command == "generate":
        args.seed = args.seed or SEEDS[args.list]
        generate_main(args)
    else:
        score_main(args)


if __name__ == "__main__":
    main()
