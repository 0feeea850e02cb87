"""The pieces the extraction rules share: the text being read, mention building, clause cues.

Regular-expression fragments for months, weekdays, years, units and amounts; the sentence and
tense of the words before a phrase; and the word lists that tell a date from a count or a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from crosscheck.extract.numbers import DIGITS, NUMBER_WORDS, parse_number
from crosscheck.schema import Kind, Mention

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
    r"|quarters?|years?|decades?|century|centuries)"
)
AMOUNT = (
    rf"(?:{DIGITS}|{NUMBER_WORDS}(?: and a half)?|an?|a couple of|a few|several|many|single(?=-))"
)
# Not after "had" ("had expected to testify on Thursday", "had been scheduled for Monday"): a
# plan told in the past perfect was for a day now past.
_FUTURE_CUE = re.compile(
    r"\b(?<!\bhad\s)(?<!\bhad\sbeen\s)"
    r"(?:will|won't|shall|'ll|is to|are to|is due|are due|due|scheduled|expected to|plans? to"
    r"|planned|set to|set for|slated|upcoming|would|should|to be|until|till)\b",
    re.IGNORECASE,
)
# The simple past or a past auxiliary in the clause: "was held Sept. 8", "died on Sept. 8", "fell
# in September" (the verb right before the date, regular or one of news's irregular ones). Verbs
# in -ed that arrange what is to come ("scheduled", "postponed") are not the past of the date,
# nor is a passive after "be" ("may be signed on September 12").
_PAST_VERB = (
    r"(?<!\bbe\s)\b(?!(?:expected|scheduled|rescheduled|planned|slated|postponed|delayed|moved"
    r"|pushed|needed|required)\b)(?:[a-z]{2,}ed|fell|rose|grew|began|became|came|went|took|won"
    r"|lost|met|struck|sank|held|saw|sold|bought|paid|spent|told|said|found)"
)
_PAST_CUE = re.compile(rf"\b(?:was|were|had|did)\b|{_PAST_VERB}\s(?:on\s|in\s)?$", re.IGNORECASE)
# After a date that opens its clause ("In July it acquired Fulcrum", "On Nov. 23, police
# arrested"): the first verb of the rest of the sentence.
_PAST_AFTER = re.compile(
    rf"\b(?:was|were|had|did)\b|(?!(?:said|told)\b){_PAST_VERB}\b", re.IGNORECASE
)
_OPENER = re.compile(r"\s*(?:[A-Za-z]+\s)?")  # nothing, or a preposition: "In", "On", "By"
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
# The present progressive, which news uses for what is under way or arranged ("is travelling to
# the U.S. on Monday"). It looks forward only for weekdays, which it places within the coming
# week; with a month it as often describes a trend ("sales are slowing, down 45% in March").
_PROGRESSIVE_CUE = re.compile(
    r"\b(?:is|are|am)\s(?:also\s|now\s|still\s)?(?!being\b)[a-z]+ing\b", re.IGNORECASE
)
# A full stop ends a sentence unless it closes an initial, a dotted abbreviation ("U.S.") or
# the half of the day ("at 8 p.m. Saturday", "8 p. m.").
_SENTENCE_BREAK = re.compile(
    r"(?:(?<!\b[A-Z])(?<!\b[apAP]\.[mM])(?<!\b[apAP]\.\s[mM])\.(?!\s[mM]\.)|[!?\n])(?:\s|$)"
)


DATE_PREP = re.compile(
    r"\b(?:in|since|by|until|till|from|to|of|during|before|after|early|late|mid|between|and"
    r"|through|year|fiscal|summer|winter|spring|autumn|fall|the|circa|around|or|'s|’s|end)[\s-]$",
    re.IGNORECASE,
)


# Capitalized words that may stand before a number or a year without making it part of a name.
CAPITAL_OK = {
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
    # a headline's verbs and nouns in title case ("Quake Kills 10", "Teen Shot 11 Times", "Dies
    # Aged 91", "Magnitude 6.1 Earthquake"): the number after them is a value, not a model's
    *("Kills", "Killed", "Kill", "Killing", "Shot", "Shoots", "Injures", "Injured", "Wounds"),
    *("Wounded", "Hurts", "Hurt", "Dies", "Died", "Aged", "Age", "Magnitude", "Hits", "Tops"),
    *("Reaches", "Rises", "Falls", "Jumps", "Drops", "Climbs", "Wins", "Loses", "Arrests"),
    *("Arrested", "Charges", "Charged", "Rescues", "Rescued", "Evacuates", "Evacuated"),
    *("Sentenced", "Jailed", "Fined", "Pays", "Buys", "Sells", "Raises", "Cuts", "Adds"),
}

# Function words, which end the noun phrase after a number or a date.
HEAD_STOP = {
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
    "without",
}


@dataclass(frozen=True)
class Ctx:
    """The text being read and its publication date, which every rule is given, and the values
    of the article before the text (``extract``'s ``earlier``)."""

    text: str
    published: dt.date | None
    earlier: tuple[Mention, ...] = ()


def mention(ctx: Ctx, start: int, end: int, kind: Kind, value: str, **fields: Any) -> Mention:
    return Mention(start=start, end=end, text=ctx.text[start:end], kind=kind, value=value, **fields)


def sentence_before(ctx: Ctx, start: int, width: int = 80) -> str:
    """The text of the same sentence before ``start`` (at most ``width`` characters)."""
    window = ctx.text[max(0, start - width) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def is_future(ctx: Ctx, start: int, progressive: bool = False) -> bool:
    """Whether the clause before a phrase is in the future tense ("will meet in June").

    With ``progressive``, the present progressive counts too ("is flying to Chicago on Friday").
    Read over the 60 characters before the phrase, and over the whole clause before it when no
    comma or clause word ends it ("will defend his title against Manuel Charr of Germany in
    Moscow on Sept. 8"): a wider window across clauses picks up another verb's tense.
    """
    left = sentence_before(ctx, start, 60)
    if _FUTURE_CUE.search(left) or (progressive and _PROGRESSIVE_CUE.search(left)):
        return True
    clause = _CLAUSE_BREAK.split(sentence_before(ctx, start, 200))[-1]
    return len(clause) > len(left) and _FUTURE_CUE.search(clause) is not None


# Where a clause starts: punctuation, or a word that opens a subordinate or coordinate clause.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\"“”]|\b(?:which|who|that|when|while|after|before|because|although|but|and|as|if)\b",
    re.IGNORECASE,
)


def tense_around(ctx: Ctx, start: int, end: int) -> str | None:
    """The tense of the verb nearest before a phrase (``tense_before``), else, for a date that
    opens its sentence ("In July it acquired Fulcrum", "On Nov. 23, police arrested"), of the
    first verb after it that is not a reporting verb ("by early June, the firm said")."""
    tense = tense_before(ctx, start)
    if tense is not None or not _OPENER.fullmatch(sentence_before(ctx, start, 30)):
        return tense
    right = _SENTENCE_END.split(ctx.text[end : end + 80], maxsplit=1)[0]
    future, past = _FUTURE_CUE.search(right), _PAST_AFTER.search(right)
    if future and (past is None or future.start() < past.start()):
        return "future"
    return "past" if past else None


def tense_before(ctx: Ctx, start: int) -> str | None:
    """ "future" or "past": the tense of the verb nearest before a phrase ("the man who will be
    tried was arrested on Sept. 8" is past, "he was told he will be sentenced on" future);
    None when the clause says neither."""
    left = sentence_before(ctx, start, 60)
    future = max((m.end() for m in _FUTURE_CUE.finditer(left)), default=-1)
    past = max((m.end() for m in _PAST_CUE.finditer(left)), default=-1)
    if future > past or (past < 0 and is_future(ctx, start)):
        return "future"
    return "past" if past >= 0 else None


def amount_value(text: str) -> float | None:
    """The number in a duration's amount; "a"/"an" are one, vague words have none."""
    low = " ".join(text.lower().split())
    if low in ("a", "an", "single"):
        return 1.0
    if low in ("a couple of",):
        return 2.0
    if low in ("a few", "several", "many"):
        return None
    return parse_number(low)


def names_event(ctx: Ctx, start: int, end: int) -> bool:
    """Whether a date is the attribute of a noun after "the": it names an event ("the Monday
    shooting", "the Nov. 29 vote", "the September 11th attacks").

    News names events that have happened so; the tense of the clause is that of what is said
    about the event ("police will release the Monday shooting report"), not of the event.
    """
    before = re.search(r"\bthe\s$", ctx.text[max(0, start - 4) : start], re.IGNORECASE)
    after = re.match(r"\s([a-z]+)", ctx.text[end:])
    return bool(before and after and after.group(1) not in HEAD_STOP)
