"""What a value measures: whose age, which event's time or date, which outcome a count counts.

Two values are one fact only when they fill one slot: "34" in "John Doe, 34," and "35" in
"35-year-old John M. Doe" are both the age of Doe; "12" in "killed 12 people" and "58" in
"and injured 58" are different outcomes of one event. The slot is read from the words next to
the value (rules over a handful of closed word lists), never from how alike two sentences are,
so every verdict can say in one line which slot it compared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from crosscheck.extract import MONTHS, WEEKDAY, WEEKDAYS
from crosscheck.facts.holders import (
    Holder,
    clause_names,
    clause_people,
    described,
    name_at,
    name_from,
    shared_surnames,
)
from crosscheck.facts.words import (
    EVENT_CLASSES,
    EVENTS,
    GENERIC_PEOPLE,
    OUTCOMES,
    PERSONNEL,
    REPORTING,
    SAME_THINGS,
    Word,
    stem,
    words,
)
from crosscheck.schema import Kind, Mention, Role, Sentence

_AGE_AFTER = re.compile(r"[\s-]*(?:years?[\s-]*)?olds?\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s(?:of\s)?$", re.IGNORECASE)
_AGE_CLOSE = re.compile(r"\s?(?:,|\)|\.(?:\s|$)|;|\s(?:and|was|is|who|had|has|were)\b|$)")
_NAME_COMMA = re.compile(r"([A-Z][\w'’.-]*)\s?(?:,|\()\s?$")
_SCORE = re.compile(r"\d\s?[-–]\s?\d")
_PREDICATE_AGE = re.compile(r"\b(?:was|is|were|are)\s(?:only\s|just\s)?$")
_PHRASE_END = frozenset(
    "who whom that which was is were are had has have and or of from in on at to with by for"
    " as said says after before when because while he she they his her their its".split()
)
_SUBJECT_AGE = re.compile(r"(?:,|\b(?:was|is|were|are|aged|age))\s*$")
_WINDOW = 8  # words each side of a value that may say what it measures
_IRREGULAR_PAST = frozenset(
    """shot struck hit died fell took came went made held won lost began left found met sent
    wrote broke ran fled caught sought brought bought sold gave led became rose stood spoke
    saw knew drove flew threw chose hid stole upheld sank burnt swept""".split()
)
_SEVERITY = re.compile(r"(?i)\b(?:seriously|critically|severely|badly|gravely|slightly|minor)\b")
# A count limited to a place ("12 killed in Bener Meriah district") is a part of a total.
# A place phrase: a preposition, then up to five words of names and place nouns ("in the
# province of Aceh", "in neighbouring Central Aceh district", "across Asia").
_SCOPE = re.compile(
    r"\b(?i:in|at|near|inside|across|throughout|on|off|outside|around)\s((?:(?:the|of|\d+"
    r"|neighbou?ring"
    r"|northern|southern"
    r"|eastern|western|central|[A-Z][\w'’-]+|province|district|county|region|state|city|area"
    r"|country|countries|village|town|neighbou?rhood|borough|camp|world)(?:\s|(?=[,.;:!?])|$)){1,5})"
)
# A count over a period ("arrested three times since October", "so far this year").
_SINCE_SCOPE = re.compile(r"(?i)\b(?:since|so\sfar|to\sdate)\b")
_SCOPE_END = re.compile(
    r"[;:]|,[\s\"”']*(?:which|who|where|said|says|told|according|and|but)\b"
    r"|\s(?:and|but)\s(?:tens|hundreds|thousands|dozens|more|another|\d|one|two|three|four|five"
    r"|six|seven|eight|nine|ten)\b"
)
_OPENING_PLACE = re.compile(r"\s*(?i:in|at|across|throughout)\s[^,]{2,60},")
# A date after these is a limit of something else ("by 6:40 a.m. the fire was under control"),
# not when an event happened.
_BOUND = re.compile(
    r"(?i)(?<!shortly\s)(?<!just\s)(?<!soon\s)(?<!right\s)\b(?:by|until|till|before|after"
    r"|through|no\slater\sthan)\s$"
)
_SCOPE_FILLER = (
    frozenset("the of neighboring neighbouring northern southern eastern western".split())
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
_MONEY_PART = re.compile(
    # "$281m in cash and $53m in stock" is a part; "$334 million in cash and stock" is not
    r"(?i)\s+(?:in|of)\s+(cash|stock|shares|equity|debt)\b(?!\s+and\s+(?:cash|stock|shares|equity|debt)\b)"
)
_TIMES = re.compile(r"\s(?:times|occasions)\b")
_SPLIT_DECIMAL = re.compile(r"\.\s\d")
# A date that opens its clause ("On Friday, police arrested ...") dates the verb after it;
# elsewhere a date follows the verb it dates ("finalized in December", "was shot Friday").
_CLAUSE_JOINS = frozenset({"and", "but", "or", "while", "as", "after", "before", "when"})
_FUTURE = re.compile(
    r"(?i)\b(?:will|would|could|might|may|should|expected\sto|likely\sto|likely|plans?\sto"
    r"|scheduled|planned|set\s(?:to|for)|due|going\sto|hopes?\sto|wants?\sto)\b[^.;,]*$"
)
# A value in brackets right after another ("50 km (30 miles)") converts it: not a claim of its own.
_CONVERSION = re.compile(r"\(\s?$")
_DATE_PREPOSITIONS = frozenset("in on at during since by".split())
# Nouns of happenings ("operation", "announcement", "arrival", "meeting"), which a date after a
# preposition dates.
_EVENT_NOUN = re.compile(r"(?:tion|sion|ment|ure|val|ing|ery|trial|sale|vote|visit|raid)$")
# Words with an event noun's ending that name no happening.
_NOT_EVENTS = frozenset(
    """morning evening building buildings during thing something nothing anything everything
    spring ceiling king wing government department apartment parliament equipment management
    element""".split()
)
_AUXILIARIES = frozenset("was were is are been being be had has have".split())
_LIGHT_VERBS = frozenset(
    "happened occurred took began started came unfolded erupted broke ended continued".split()
)
_PRENOMINAL = re.compile(r"(?i)\b(?:the|a|an|this|that|his|her|its|their)$")
_OPENER = re.compile(
    r"(?:(?:In|On|At|By|Since|During|Early|Late|Last|Just|And|But|Then|Earlier|Later)\s?)*"
)
# A date of the last time before ("the first since a greeting on Jan. 1", "the most recent
# contact was in March"): the same fact as "the first in eight months".
_LAST_TIME = re.compile(
    r"(?i)(?:\bfirst\b[^.;]{0,80}\bsince\s(?:[\w'’-]+\s){0,6}?(?:on|in)?"
    r"|\b(?:most\srecent|last|latest|previous)\s(?:[\w'’-]+\s){0,7}?(?:was|came|took\splace"
    r"|occurred|were)?\s?(?:on|in))\s$"
)
# Values that only restate another or bound something else, never compared across sources: a
# weekday printed beside its date ("Monday, Nov. 15", checked against the date within its
# sentence), a conversion in brackets ("50 km (30 miles)"), a limit ("until Friday").
RESTATED = "restated or bound"
TIME_BOUND = "time done by"  # "by 6:40 a.m.": the latest time a step was done
_BY = re.compile(r"(?i)\bby\s$")


@dataclass(frozen=True)
class Fact:
    """The slot a value fills.

    ``attribute`` is what is measured (age, time, date, count, money, ...), ``detail`` narrows
    it (the outcome a count counts, the currency, the unit), ``holder`` is whose age it is,
    ``event`` what a date or time dates, and ``names`` the surnames named in the value's clause.
    """

    attribute: str
    detail: str = ""
    holder: Holder | None = None
    event: str | None = None
    names: frozenset[str] = frozenset()
    scope: frozenset[str] = frozenset()
    # (first name, surname) of the full names in the value's clause
    people: frozenset[tuple[str, str]] = frozenset()
    future: bool = False  # the clause looks ahead ("will get 10 carries"): a plan, not a fact
    # every event word of a date's clause ("will resume", "trial", "threatened"): outlets date
    # one event with different verbs, so a shared one ties two dates when their verbs differ
    cues: frozenset[str] = frozenset()
    # the named regions of a count's sentence ("in Upper Nile state", "Pariang county"): two
    # tolls of one story in different regions are two events' tolls
    regions: frozenset[str] = frozenset()

    @property
    def part(self) -> bool:
        """Whether a sum is a part of a price ("$281 million in cash"): its detail names how
        it is paid beside the currency."""
        return self.attribute == "money" and " " in self.detail

    @property
    def outcome(self) -> str:
        """What happened to what a count counts ("killed" of "people:killed"); empty when the
        count's clause does not say."""
        return self.detail.partition(":")[2] if self.attribute == "count" else ""

    def label(self) -> str:
        """The slot in words, for a reader: "age of Doe", "count of people killed"."""
        if self.attribute == "age":
            return f"age of {self.holder.text}" if self.holder else "age"
        if self.attribute == "money" and self.holder:
            return f"price of {self.holder.text} ({self.detail})"
        if self.attribute == "count":
            counted, outcome = self.detail.partition(":")[0], self.outcome
            return f"count of {counted or 'things'}{f' {outcome}' if outcome else ''}"
        if self.attribute in ("date", "time of day") and self.event:
            event = self.event if self.event in EVENT_CLASSES else f'"{self.event}"'
            return f"{self.attribute} of the {event}"
        return f"{self.attribute}{f' ({self.detail})' if self.detail else ''}"

    def key(self) -> str:
        """The slot as a stable key: the label with a person's surname for their name."""
        if self.attribute == "age" and self.holder:
            return f"age of {self.holder.key}"
        if self.attribute in ("date", "time of day") and self.event:
            return f"{self.attribute} of {stem(self.event)}"
        return self.label()


@lru_cache(maxsize=1 << 16)
def read_facts(sentence: Sentence) -> tuple[Fact, ...]:
    """The slot of each of a sentence's mentions, in the order of ``sentence.mentions``.

    Cached: a report asks for the facts of one sentence once per pair it is in.
    """
    ws = words(sentence.text)
    return _parts_priced(tuple(_fact(sentence, ws, m) for m in sentence.mentions))


def _parts_priced(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """A part of a price ("$334 million for SeaMicro, including $281 million in cash") is a
    part of the price of what the sentence's whole sum buys."""
    bought = next((f.holder for f in facts if f.attribute == "money" and f.holder), None)
    if bought is None:
        return facts
    return tuple(replace(f, holder=bought) if f.part and f.holder is None else f for f in facts)


def _fact(sentence: Sentence, ws: list[Word], m: Mention) -> Fact:
    """The slot of one mention, with what its clause says about who, where and when."""
    fact = _slot(sentence, ws, m)
    at = _word_index(ws, m.start)
    clause = ws[at].clause if 0 <= at < len(ws) else 0
    return replace(
        fact,
        people=clause_people(ws, clause),
        future=bool(_FUTURE.search(sentence.text[max(0, m.start - 80) : m.start])),
    )


def _slot(sentence: Sentence, ws: list[Word], m: Mention) -> Fact:
    text = sentence.text
    at = _word_index(ws, m.start)
    clause = ws[at].clause if 0 <= at < len(ws) else 0
    names = clause_names(ws, clause)
    if m.role == Role.ANNIVERSARY:
        return Fact("anniversary", names=names)
    if beside_date(sentence, m) is not None:
        return Fact(RESTATED, names=names)
    if _CONVERSION.search(text[max(0, m.start - 3) : m.start]) and _follows_value(sentence, m):
        return Fact(RESTATED, names=names)
    if m.role in (Role.SINCE, Role.GAP) or _LAST_TIME.search(text[: m.start]):
        # "a visit from Putin in June – his first in 24 years": the last time of what the
        # sentence is about, whatever clause says so
        whole = [Word(w.text, w.start, w.end, 0) for w in ws]
        return Fact("last occurrence", event=_event(whole, m, window=20), names=names)
    if (holder := age_holder(text, ws, m)) is not None or _is_age(text, m):
        return Fact("age", holder=holder, names=names, cues=_cues(ws, m))
    if m.kind == Kind.NUMBER and m.head == "age":
        return Fact("age", names=names)  # "a man in his early 30s": whose, the clause may say
    if _figure_of_speech(text, m):
        return Fact(RESTATED, names=names)  # "a zero-day flaw", "100 percent on my shoulders"
    if _game_period(text, m):
        return Fact(RESTATED, names=names)  # "late in the third quarter" of a game
    if m.kind in (Kind.DATE, Kind.TIME) and _BOUND.search(text[max(0, m.start - 30) : m.start]):
        if _has_clock(m) and _BY.search(text[max(0, m.start - 4) : m.start]):
            # "By 6:40 a.m. the fire was under control": when a step was done at the latest,
            # comparable with another outlet's "knocked down by 8:40 a.m."
            return Fact(TIME_BOUND, event=_event(ws, m), names=names, cues=_cues(ws, m))
        return Fact(RESTATED, names=names)  # "until Friday", "after 5 p.m.": a bound
    if m.kind in (Kind.DATE, Kind.TIME):
        attribute = "time of day" if _has_clock(m) else "date"
        event = _event(ws, _with_its_weekday(sentence, m))
        return Fact(attribute, event=event, names=names, cues=_cues(ws, m))
    if m.kind == Kind.NUMBER and _SPLIT_DECIMAL.match(text, m.end):
        return Fact(RESTATED, names=names)  # "shot 46. 8 percent": a decimal split in two
    if m.kind == Kind.NUMBER:
        detail, scope = _count_detail(text, ws, m), _scope(text, m)
        return Fact(
            "count",
            detail=detail,
            names=names,
            scope=scope,
            regions=_regions(text),
            cues=_cues(ws, m),
        )
    if m.kind == Kind.ORDINAL:
        return Fact("ordinal", detail=stem(m.head or ""), names=names)
    if m.kind == Kind.MONEY:
        part = _MONEY_PART.match(text, m.end)  # "$281 million in cash": a part of the price
        unit = (m.unit or "").lower()
        detail = f"{unit} {part.group(1).lower()}" if part else unit
        return Fact("money", detail=detail, holder=_priced(text, m), names=names)
    if m.kind == Kind.QUANTITY:
        return Fact("quantity", detail=(m.unit or "").lower(), names=names)
    return Fact(m.kind.value, names=names)


def _priced(text: str, m: Mention) -> Holder | None:
    """What a sum buys, when a name says so: "$334 million for SeaMicro", "shelled out $500
    million for the acquisition of SeaMicro", "acquire SeaMicro for $334 million"."""
    found = _FOR_NAME.match(text, m.end) or _BOUGHT_NAME.search(
        text[max(0, m.start - 80) : m.start]
    )
    if not found:
        return _model_priced(text, m) or _sum_of(text, m)
    name = found.group("name")
    # "Sea Micro", "SeaMicro Inc." and "SeaMicro" are one company
    key = "".join(w for w in name.lower().split() if w.rstrip(".") not in _COMPANY_SUFFIXES)
    return Holder(key, name, True)


def _model_priced(text: str, m: Mention) -> Holder | None:
    """The model a price is of, told by its size: "starts at $1,199 for the 13-inch option",
    "the 15-inch model is offered in $1,799 and $2,199 versions" (the nearest size before the
    sum, with no other sum between). A product name after the size ("13-inch MacBook Pro",
    "11-inch Air") tells two models of one size apart, as a first name tells relatives."""
    size = _SIZE_AFTER.match(text, m.end)
    if size is None:
        before = text[max(0, m.start - _SIZE_REACH) : m.start]
        sizes = [s for s in _SIZE.finditer(before) if not _other_sum(before[s.end() :])]
        size = sizes[-1] if sizes else None
    if size is None:
        return None
    product = (size.group("product") or "").lower() or None
    model = size.group(0)[size.start("size") - size.start() :]  # "13-inch", not "for the"
    return Holder(f"{size.group('size')}-inch", model.strip(), True, product)


_SIZE_REACH = 70  # characters before a sum in which the model it prices is named
_SIZE = re.compile(r"\b(?P<size>\d+(?:\.\d+)?)[\s-]?inch\b(?:\s(?P<product>[A-Z]\w*))?")
_SIZE_AFTER = re.compile(r"\s*(?:for|on)\s+(?:the|a|an|its)\s+" + _SIZE.pattern)
_CURRENCY = re.compile(r"[$€£]|\b(?:USD|EUR|GBP)\b")
_LISTED_SUM = re.compile(r"[$€£][\d.,\s]+(?:and|or)\s+$")  # "in $1,199 and $1,499 versions"


def _other_sum(between: str) -> bool:
    """Whether another sum stands between a model's size and a price, other than one listed
    with it ("comes in $1,199 and $1,499 versions" prices one model twice)."""
    return bool(_CURRENCY.search(_LISTED_SUM.sub("", between)))


def _sum_of(text: str, m: Mention) -> Holder | None:
    """What a sum is, when a noun follows it as its head ("approved a $3 million bond", "the
    $334 million deal"): two sums of one story's bond are one fact."""
    if not DETERMINER_BEFORE.search(text[max(0, m.start - 8) : m.start]):
        return None
    noun = _HEAD_NOUN.match(text, m.end)
    if noun is None or noun.group(1) in _NOT_HEADS:
        return None
    return described(noun.group(1), noun.group(1))


# a word before a noun: "a $3 million bond", "the June 20 shooting"
DETERMINER_BEFORE = re.compile(r"(?i)\b(?:a|an|the|its|his|her|their|this|that)\s+$")
_HEAD_NOUN = re.compile(r"(?:\s+[a-z]+-[a-z]+)?\s+([a-z]{3,})\b")  # "$200 million, ..." is none
_NOT_HEADS = frozenset(
    "and but for from with was were will would has had have that which who per each in to of"
    " or than cash stock".split()
)
_COMPANY_SUFFIXES = frozenset("inc corp co ltd llc plc ag sa".split())
_COMPANY = r"(?P<name>[A-Z][\w-]+(?:\s[A-Z][\w-]+\.?)*)"


_FOR_NAME = re.compile(
    r"[^.;,]{0,20}?\bfor\s+(?:the\s+(?:acquisition|purchase)\s+of\s+)?" + _COMPANY
)
_BOUGHT_NAME = re.compile(
    r"\b(?:acquire|acquires|acquiring|acquired|buy|buys|buying|bought|purchase|purchased)\s+"
    r"(?:[a-z-]+\s+){0,5}?" + _COMPANY + r"[^.;]{0,30}\bfor\s+(?:about\s+|approximately\s+)?$"
)


def _figure_of_speech(text: str, m: Mention) -> bool:
    """A value that measures nothing: a zero duration ("zero-day vulnerability"), or "100
    percent" that is no share of anything ("100 percent on my shoulders", not "100 percent of
    the shares")."""
    if m.kind == Kind.DURATION and re.fullmatch(r"PT?0[A-Z]", m.value):
        return True
    if m.kind != Kind.PERCENT or m.number not in (100, 110):
        return False
    grew = _GREW.search(text[max(0, m.start - 30) : m.start])  # "prices rose 100 percent"
    return not grew and not _SHARE_OF.match(text, m.end)


_SHARE_OF = re.compile(r"\s+(?:of|stake|share|owned|ownership|increase|rise|jump|more)\b")
_GREW = re.compile(r"(?i)\b(?:rose|rise|risen|increased?|grew|jumped|surged|up|by|doubled)\s+$")


def _game_period(text: str, m: Mention) -> bool:
    """A quarter with no year ("late in the third quarter"): of a game, not when anything
    happened (clocks of play, "with 11:43 left", are no values at all: extract.figures)."""
    return m.kind == Kind.DATE and bool(_PERIOD.fullmatch(m.value)) and not _YEAR.search(m.text)


_PERIOD = re.compile(r"\d{4}-(?:Q\d|H\d)")
_YEAR = re.compile(r"\d{4}|'\d\d")


def _scope(text: str, m: Mention) -> frozenset[str]:
    """Places and periods a count is limited to ("killed 10 in Central Aceh district" ->
    {"central", "aceh", "district"}; "in 14 countries" -> {"countries"}; "three times since
    October" -> {"since"}): after the count, up to the end of its clause or the next count
    ("... and tens of thousands more in countries"), and in a place phrase that opens the
    sentence ("In neighbouring Central Aceh district, 10 people ..."). A place before the
    count ("a quake off Aceh killed ...") says where the event was, not what was counted."""
    after = text[m.end :]
    cut = _SCOPE_END.search(after)
    opening = _OPENING_PLACE.match(text[: m.start])
    span = (opening.group(0) if opening else "") + " " + (after[: cut.start()] if cut else after)
    places = {
        word.lower().removesuffix("'s").removesuffix("’s")
        for phrase in _SCOPE.findall(span)
        for word in phrase.split()
    }
    places = {p for p in places if p not in _SCOPE_FILLER and not p.isdigit()}
    return frozenset(places) | (
        {"since"} if _SINCE_SCOPE.search(after[: cut.start()] if cut else after) else set()
    )


def _regions(text: str) -> frozenset[str]:
    """The names in a sentence's place phrases that name a region ("of Pariang county in
    Unity state" -> {"pariang", "unity"}); a bare name ("in Aceh") is no region here."""
    found = set()
    for phrase in _REGION.findall(text):
        found |= {w.lower() for w in phrase.split() if w[:1].isupper()}
    return frozenset(found)


_REGION = re.compile(
    r"((?:[A-Z][\w'’-]+\s){1,3})(?i:state|province|county|district|region|prefecture)\b"
)


def _with_its_weekday(sentence: Sentence, m: Mention) -> Mention:
    """A date with the weekday printed before it that restates it, and the values right
    before that ("Last week Friday (14 October 2011)"), as one span: it opens its clause as
    they do ("..., Seacom announced"), so it dates the announcement, as the weekday would."""
    start = next(
        (o.start for o in sentence.mentions if o.start < m.start and beside_date(sentence, o) is m),
        m.start,
    )
    if start == m.start:
        return m
    while before := [
        o
        for o in sentence.mentions
        if o.kind in (Kind.DATE, Kind.TIME)
        and o.start < start
        and o.end <= start
        and not sentence.text[o.end : start].strip()
    ]:
        start = before[0].start
    return m.model_copy(update={"start": start})


def _follows_value(sentence: Sentence, m: Mention) -> bool:
    """Whether another value of the sentence ends just before ``m`` ("50 km (30 miles)"), other
    than a weekday that ``m`` dates ("died Saturday (July 24, 2004)": the weekday restates the
    date, not the date the weekday)."""
    return any(
        0 <= m.start - o.end <= 3 and beside_date(sentence, o) is not m
        for o in sentence.mentions
        if o is not m
    )


def _has_clock(m: Mention) -> bool:
    return m.kind == Kind.TIME and "T" in m.value


def _word_index(ws: list[Word], offset: int) -> int:
    """The first word at or after ``offset`` (the value's own first word)."""
    for i, w in enumerate(ws):
        if w.end > offset:
            return i
    return len(ws) - 1


def _is_age(text: str, m: Mention) -> bool:
    """ "a 12-year-old", "34 years old", "aged 34": an age, even when nobody is named."""
    if m.kind == Kind.DURATION and m.value.endswith("Y"):
        return bool(_AGE_AFTER.match(text, m.end))
    if m.kind == Kind.NUMBER and m.number is not None and 0 < m.number < 120 and not m.head:
        return bool(_AGE_BEFORE.search(text[max(0, m.start - 12) : m.start]))
    return False


def age_holder(text: str, ws: list[Word], m: Mention) -> Holder | None:
    """Whose age a value is, when it is one: "John Doe, 34," / "34-year-old John Doe" /
    "a 12-year-old girl" / "Doe was 34"; None when the value is no age or the person unknown.
    """
    if m.kind == Kind.DURATION and m.value.endswith("Y"):
        after = _AGE_AFTER.match(text, m.end)
        if not after:
            return None
        if holder := _person_after(ws, after.end()):
            return (not holder.named and _apposed_name(text, ws, m.start)) or holder
        # "Doe was 34 years old", "Doe, 34 years old,": the subject; "the death of
        # 16-year-old shot by police" names nobody
        return _subject_before(text, ws, m.start) if _SUBJECT_AGE.search(text[: m.start]) else None
    if m.kind != Kind.NUMBER or m.number is None or not 0 < m.number < 120 or m.head:
        return None
    if m.number != int(m.number) or not _AGE_CLOSE.match(text, m.end):
        return None
    if _SCORE.search(m.text):
        return None  # "the Chiefs (2-13)": a record, not an age
    before = text[max(0, m.start - 40) : m.start]
    if _NAME_COMMA.search(before) or _AGE_BEFORE.search(before):
        return _subject_before(text, ws, m.start)
    return None


_APPOSED = re.compile(r",\s?(?:a|an)\s+$")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# words before a name that make it no person's: a place ("in Brooklyn"), an occasion ("during
# the Super Bowl"), a thing ("the Carlton Hotel")
_PLACE_BEFORE = frozenset(
    """in at on near from of to outside inside across during after before since by with for
    over under into through throughout the""".split()
)


def _apposed_name(text: str, ws: list[Word], start: int) -> Holder | None:
    """The person a described age is put beside: "Anthony LaCalamita III, a 38-year-old Troy
    resident" is LaCalamita's age; "in Brooklyn, a 17-year-old" names a place, not him."""
    if not _APPOSED.search(text[:start]):
        return None
    i = sum(1 for w in ws if w.end <= start) - 2  # the word before "a"
    while i >= 0 and ws[i].low.rstrip(".") in _NAME_SUFFIXES:
        i -= 1
    holder = name_at(ws, i) if i >= 0 else None
    if holder is None:
        return None
    first = i - len(holder.text.split())
    return None if first >= 0 and ws[first].low in _PLACE_BEFORE else holder


def _person_after(ws: list[Word], offset: int) -> Holder | None:
    """The person named or described right after an age ("34-year-old Horton", "... girl")."""
    i = _word_index(ws, offset)
    if i >= len(ws) or ws[i].start - offset > 2:
        return None
    holder = name_from(ws, i)
    span = len(holder.text.split()) if holder else 0
    if holder and (span > 1 or _noun_end(ws, i + 1) is None):
        return holder  # "34-year-old John Doe"; "a 38-year-old Troy resident" is a resident
    end = _noun_end(ws, i + span)
    if end is None:
        return None
    # "20-year-old victim Ka'Loni Flynn": the name after the description
    return name_from(ws, end + 1) or described(ws[end].low, ws[end].text)


def _noun_end(ws: list[Word], start: int) -> int | None:
    """The last word of the lower-case noun phrase at ``start`` ("white male", "girl"), or None
    when a verb, an adverb or a function word comes first ("shot by police", "allegedly")."""
    end = None
    for j in range(start, min(start + 3, len(ws))):
        w = ws[j]
        if (
            w.capital
            or w.low in _PHRASE_END
            or w.low in EVENTS
            or _is_verb(w)
            or w.low.endswith("ly")
        ):
            break
        end = j
    return end


def _subject_before(text: str, ws: list[Word], start: int) -> Holder | None:
    """The person an age after a comma or "aged" belongs to: "Horton, 34,", "a man aged 34"."""
    i = sum(1 for w in ws if w.end <= start) - 1
    while i >= 0 and ws[i].low in ("aged", "age", "of", "was", "is", "only", "just"):
        i -= 1
    if i < 0:
        return None
    if holder := name_at(ws, i):
        return holder
    if not ws[i].capital and not _PREDICATE_AGE.search(text[:start]):
        return described(ws[i].low, ws[i].text)
    return None


def _is_verb(word: Word) -> bool:
    low = word.low
    return low in _IRREGULAR_PAST or (len(low) > 4 and low.endswith("ed") and not word.capital)


def _event(ws: list[Word], m: Mention, window: int = _WINDOW) -> str | None:
    """What a date or time dates: its clause's verb or event noun ("arrested on Tuesday", "was
    questioned on suspicion of murder yesterday": the questioning, not the murder).

    The word a preposition attaches the date to comes first ("an operation in December 1996",
    "finalized in December"); then the nearest verb, before the date unless the date opens the
    clause ("On Friday, police arrested ..."); then the nearest event noun ("the shooting
    happened at 5 p.m."). A reporting verb ("said Monday") dates a statement; a verb outside the
    event classes is its own event, so dates of different verbs are never one fact.
    """
    at = _word_index(ws, m.start)
    if not 0 <= at < len(ws):
        return None
    clause = ws[at].clause
    before = [w for w in ws[:at][::-1] if w.clause == clause][:window]
    following = [w for w in ws[at:] if w.clause == clause and w.start >= m.end]
    after = following[:window]
    opener = " ".join(w.text for w in before[::-1])
    possessive = ws[at].low.endswith(("'s", "’s"))  # "in Thursday's bombing"
    if after and (_PRENOMINAL.search(opener) or possessive) and not after[0].capital:
        return _event_word(after[0], nouns=True) or after[0].low  # "the June 20 shooting"
    # "an operation in December 1996", "a hearing Thursday morning": the noun or verb the
    # date is attached to, through a preposition or directly
    attached = before[1] if len(before) > 1 and before[0].low in _DATE_PREPOSITIONS else None
    if before and not attached and _EVENT_NOUN.search(before[0].low):
        attached = before[0]
    if attached and attached.low in REPORTING:
        # "the fire was reported at 3:33 a.m.": the time of what was reported
        subject = next((w for w in before[2:5] if w.low not in _AUXILIARIES), None)
        attached = subject if subject and _event_word(subject, nouns=True) else attached
    if attached and (found := _event_word(attached, nouns=True)):
        return _particle(ws, attached, found)
    if any(w.low in REPORTING for w in before[:2]):
        return "statement"  # "police said Monday", "announced on Tuesday"
    opens = _OPENER.fullmatch(opener) is not None
    if opens and _reported_first(after):
        return "statement"  # "Yesterday, the police explained that officers shot ..."
    if not opens:
        after = _before_complement(following)[:window]
    sides = (after, before) if opens else (before, after)
    for nouns in (False, True):
        for side in sides:
            for word in side:
                if found := _event_word(word, nouns):
                    return _particle(ws, word, found)
    reported = any(w.low in REPORTING and w.low != "according" for w in before + after)
    return "statement" if reported else None  # "according to the USGS" dates no statement


_COMPLEMENT = frozenset({"that", "which", "who", "whom", "whose"})


def _before_complement(after: list[Word]) -> list[Word]:
    """The words after a date that ends its clause's main part, up to a clause it does not
    date: "got a call shortly after 5:30 a.m. Tuesday that the vacated building was on fire"
    dates the call, not the vacating ("in Flynn's car which was parked": not the parking).
    A date that opens its clause dates the verb after any such clause ("On Monday, a man who
    was wanted was arrested"), so it is not cut there."""
    for i, word in enumerate(after):
        if word.low in _COMPLEMENT:
            return after[:i]
    return after


def _reported_first(after: list[Word]) -> bool:
    """Whether a reporting verb comes before any event word in the few words after a date
    that opens its clause: the date is when it was said."""
    for word in after[:4]:
        if word.low in REPORTING:
            return word.low != "according"
        if _event_word(word, nouns=False):
            return False
    return False


def _cues(ws: list[Word], m: Mention) -> frozenset[str]:
    """The event words of a value's clause, each as its class or stem: the verbs (also after
    "to" or "will": "is scheduled to resume Monday") and the event nouns, up to a word that
    starts another event ("arrested Saturday after police found two women dead": not the
    finding)."""
    at, end = _word_index(ws, m.start), _word_index(ws, m.end)
    if not 0 <= at < len(ws):
        return frozenset()
    found = set()
    for i in _near_words(ws, at, end):
        word = ws[i]
        event = _event_word(word, nouns=True)
        event = event and _particle(ws, word, event)
        if event and _gerund(ws, i):
            event = None  # "by signing Bell", "for speeding": a gerund ties little
        if event is None and _planned(ws, i):
            event = word.low
        if word.low in _LIGHT_VERBS:
            event = "happened"  # "took place at 7:37", "it happened about 5 p.m."
        if event:
            found.add(event if event in EVENT_CLASSES else stem(event))
    return frozenset(found)


def _gerund(ws: list[Word], i: int) -> bool:
    """Whether word ``i`` is an -ing form after a preposition ("for speeding"), not a verb of
    the clause ("was walking")."""
    word = ws[i]
    return (
        word.low.endswith("ing")
        and word.low not in EVENTS
        and i > 0
        and ws[i - 1].low in _GERUND_AFTER
    )


_GERUND_AFTER = frozenset("by for of from with without in on to into about upon".split())


def _near_words(ws: list[Word], at: int, end: int) -> list[int]:
    """Indexes of the words of a value's clause within the window each side, stopping at a
    word that joins another event ("after", "during", "when")."""
    clause = ws[at].clause
    left = []
    for i in range(at - 1, max(-1, at - _WINDOW - 1), -1):
        if ws[i].clause != clause or ws[i].low in _SUBORDINATORS:
            break
        left.append(i)
    right = []
    for i in range(end, min(len(ws), end + _WINDOW)):
        if ws[i].clause != clause or ws[i].low in _SUBORDINATORS:
            break
        right.append(i)
    return left[::-1] + list(range(at, end)) + right


_SUBORDINATORS = frozenset("after before during when while because since following".split())


def _planned(ws: list[Word], i: int) -> bool:
    """Whether word ``i`` is a verb in the plain form after "will" or "scheduled to"."""
    word = ws[i]
    if i < 2 or word.capital or word.low in _NOT_PLANNED or word.low in REPORTING:
        return False
    before, verb = ws[i - 1].low, ws[i - 2].low
    return before in ("will", "would") or (
        before == "to" and (verb.endswith("ed") or verb in ("set", "due", "plans", "going"))
    )


_NOT_PLANNED = frozenset("be have the a an his her their its this that".split())


def _particle(ws: list[Word], word: Word, event: str) -> str:
    """The event of a verb with the word after it: "checked out of rehab" is no admission,
    "found guilty" a verdict."""
    at = ws.index(word)
    follower = ws[at + 1].low if at + 1 < len(ws) else ""
    return _PARTICLES.get((event, follower), event)


_PARTICLES = {("admission", "out"): "discharge", ("found", "guilty"): "verdict"}


def _event_word(word: Word, nouns: bool) -> str | None:
    """The event a word names: its class ("shot" -> shooting) or the verb itself; with
    ``nouns``, also an event noun ("trial", "operation"). Reporting verbs are left to
    ``_event``, which lets them date a statement only when nothing else is dated."""
    low = word.low
    if low in _LIGHT_VERBS or low in REPORTING or low in _NOT_EVENTS or word.capital:
        return None
    if _is_verb(word):
        return EVENTS.get(low, low)
    single = low.removesuffix("s") if len(low) > 4 else low  # "explosions" -> explosion
    if nouns and (low in EVENTS or single in EVENTS):
        return EVENTS.get(low) or EVENTS[single]
    if nouns and _EVENT_NOUN.search(single):
        return single
    return None


def _count_detail(text: str, ws: list[Word], m: Mention) -> str:
    """ "people:killed": what a count counts (the class of its noun) and the outcome it counts.

    The outcome is the verb of the count's own clause: after it ("12 people were killed",
    "seven were injured") or before it ("killed 12 people", "and injured 58"), never across a
    comma or an "and" that starts another clause ("a receptionist died and two men ...").
    A count with no noun ("seven were injured") must stand next to its outcome.
    """
    if _PARENT_OF.search(text[max(0, m.start - 20) : m.start]):
        return "children:born"  # "a mother of 12, was fatally shot": her children, not shot
    head = "times" if _TIMES.match(text, m.end) else (m.head or "").lower()
    if head in OUTCOMES:
        head = "people"  # "about 50 hurt", "10 dead"
    counted = _counted_class(head)
    pronoun = not head and m.text.lower() in ("one", "none")
    at = _word_index(ws, m.end)
    reach = 4 if head else 2
    outcome = None if pronoun else _outcome(text, ws, at, reach, m)
    if outcome is None and counted and counted != "times" and not head.endswith("ed"):
        outcome = _action(text, ws[at:])  # "300 students were attending class"
    if outcome and not counted:
        counted = "people"  # "and injured 58": the people of the outcome before it
    if outcome and _SEVERITY.search(text[max(0, m.start - 40) : m.end + 40]):
        outcome = f"{outcome} (seriously)"
    return f"{counted}:{outcome}" if outcome else counted


_PARENT_OF = re.compile(
    r"(?i)\b(?:mother|father|mom|dad|parent|grandmother|grandfather)s?\s+(?:of|to)\s+$"
)


def _action(text: str, after: list[Word]) -> str | None:
    """The verb the counted things are the subject of, when it is no outcome of the table:
    "200 buildings have been damaged" -> "damag", "300 students were attending" -> "attend".
    Read over the noun and the auxiliaries right after the count, never across punctuation or
    into a relative clause ("climbers who were with him were rescued")."""
    auxiliary = False
    for steps, word in enumerate(after[:6]):
        if steps and _breaks(text, after[steps - 1], word):
            return None
        low = word.low
        if low in _AUXILIARIES:
            auxiliary = True
        elif low.endswith("ly"):
            continue  # "were totally flattened"
        elif _is_verb(word) or (auxiliary and low.endswith("ing")):
            return stem(low)
        elif auxiliary or word.capital or low in _CLAUSE_JOINS or low in _PHRASE_END:
            return None
    return None


def _counted_class(head: str) -> str:
    if head == "times":
        return head
    if head in GENERIC_PEOPLE:
        return "people"
    if head in PERSONNEL:
        return "personnel"
    return stem(SAME_THINGS.get(head, head))


def _outcome(text: str, ws: list[Word], at: int, reach: int, m: Mention) -> str | None:
    """The outcome word of a count's clause (see ``_count_detail``)."""
    after = [w for w in ws[at:] if w.start >= m.end]
    for steps, word in enumerate(after[: reach + 2 if reach > 2 else reach]):
        if word.low in _CLAUSE_JOINS or (steps and _breaks(text, after[steps - 1], word)):
            break
        if steps == 0 and re.search(r"[,;:()]", text[m.end : word.start]):
            break  # "Two, she shot and killed there": the count stands apart from the verb
        if word.low in OUTCOMES:
            return OUTCOMES[word.low]
    before = [w for w in ws if w.end <= m.start][::-1]
    for steps, word in enumerate(before[: reach if reach > 2 else 1]):
        if word.low in _CLAUSE_JOINS or (steps and _breaks(text, word, before[steps - 1])):
            break
        if steps == 0 and _breaks(text, word, None, m.start):
            break
        if word.low in OUTCOMES:
            return OUTCOMES[word.low]
    return None


def _breaks(text: str, left: Word, right: Word | None, right_start: int | None = None) -> bool:
    """Whether punctuation separates two neighbouring words (a clause or list boundary)."""
    end = right.start if right is not None else right_start
    return bool(re.search(r"[,;:()]", text[left.end : end]))


_WEEKDAY_ONLY = re.compile(rf"(?:on\s)?(?P<day>{WEEKDAY})")


def beside_date(sentence: Sentence, m: Mention) -> Mention | None:
    """The explicit day-date a weekday is printed beside ("Monday, Nov. 15"; "Nov. 15
    (Monday)"), or None: such a weekday only restates its date."""
    if not _WEEKDAY_ONLY.fullmatch(m.text):
        return None
    for other in sentence.mentions:
        if other is m or other.kind != Kind.DATE or other.granularity != "day":
            continue
        gap = (
            sentence.text[m.end : other.start]
            if other.start >= m.end
            else sentence.text[other.end : m.start]
        )
        if len(gap) <= 3 and re.fullmatch(r"[\s,(]*", gap):
            return other
    return None


def weekday_mismatches(sentence: Sentence) -> list[tuple[Mention, Mention]]:
    """(weekday, date) pairs printed together where the date does not fall on that weekday."""
    found = []
    for m in sentence.mentions:
        date = beside_date(sentence, m)
        if date is None or not date.resolved or not re.fullmatch(r"\d{4}-\d\d-\d\d", date.value):
            continue
        day = _WEEKDAY_ONLY.fullmatch(m.text)
        actual = dt.date.fromisoformat(date.value).strftime("%A")
        if day and day.group("day") != actual:
            found.append((m, date))
    return found


def age_years(m: Mention) -> float | None:
    """An age in whole years, whether written "34-year-old" (P34Y) or "Doe, 34"."""
    if m.kind == Kind.DURATION:
        match = re.fullmatch(r"P(\d+)Y", m.value)
        return int(match.group(1)) if match else None
    return m.number


def named_ages(sentences: Sequence[Sentence]) -> frozenset[tuple[str, float]]:
    """(surname, age in years) of every named person a story gives an age: a described person
    ("a 16-year-old Brooklyn resident") may be the one named person of about that age."""
    found = set()
    for sentence in sentences:
        for m, fact in zip(sentence.mentions, read_facts(sentence), strict=True):
            years = age_years(m) if fact.attribute == "age" else None
            if years is not None and fact.holder and fact.holder.named:
                found.add((fact.holder.key, years))
    return frozenset(found)


def ambiguous_holders(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Holder keys that stand for more than one person in a corpus: a surname with two first
    names ("Kimani Gray", "Mahnefah Gray"), or a described person ("girl") given two different
    ages in one article ("a 12-year-old girl and a 15-year-old girl"). Such a bare key, or a
    plural one ("girls"), never pins an age to one person."""
    ages: dict[tuple[str, str], set[str]] = {}
    for sentence in sentences:
        for m, fact in zip(sentence.mentions, read_facts(sentence), strict=True):
            if fact.attribute == "age" and fact.holder and not fact.holder.named:
                ages.setdefault((sentence.doc_id, fact.holder.key), set()).add(m.value)
    roles = {key for (_, key), values in ages.items() if len(values) > 1}
    return shared_surnames(s.text for s in sentences) | roles
