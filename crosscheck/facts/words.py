"""Words of a sentence with their offsets, and the word classes the fact rules read.

The fact model reads the few words around a value, so it needs them in order with positions:
which word is nearest, which lies in the same clause. The classes are closed lists of the
words news uses for the outcomes it counts ("killed", "injured") and the events it dates
("arrested", "shooting"); a word outside them is still used as itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?")
_CLAUSE_BREAK = re.compile(
    r"[;\[\]\"“”—–]|:\s(?!\d)|\s-\s|,\s(?:and|but|while|who|which|as|after|before|when)\b"
    r"|\s(?:and|but)\s(?=(?:on|in|at|later|then)\s)"
    # an attribution closing the sentence: "..., the Associated Press reported"
    r"|,\s(?=(?:the\s)?(?:(?:[A-Z][\w.'’-]*\s){1,4}|(?:police|officials|authorities|witnesses"
    r"|investigators|prosecutors)\s)(?:said|says|reported|reports|told)\b)"
)


@dataclass(frozen=True)
class Word:
    """One word of a sentence: its text, where it is, and its clause's number."""

    text: str
    start: int
    end: int
    clause: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def capital(self) -> bool:
        return self.text[0].isupper()


def words(text: str) -> list[Word]:
    """The words of ``text`` in order; a clause break (";", a dash, a bracket) ends a clause."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    result: list[Word] = []
    clause = 0
    for m in _WORD.finditer(text):
        while clause < len(breaks) and breaks[clause] < m.start():
            clause += 1
        result.append(Word(m.group(0), m.start(), m.end(), clause))
    return result


def stem(word: str) -> str:
    """A crude stem, enough to match "arrests"/"arrested" and "shootings"/"shooting"."""
    low = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 4:
            return low[: -len(suffix)]
    return low


def _table(rows: dict[str, str]) -> dict[str, str]:
    return {word: label for words_, label in rows.items() for word in words_.split()}


# What a count of people counts: the outcome a number is the number of.
OUTCOMES = _table(
    {
        "killed kill kills killing dead die died dies dying death deaths fatalities fatality"
        " fatally slain murdered lives toll bodies": "killed",
        "injured injuring injuries injury wounded wounding hurt hospitalized hospitalised"
        " wounds": "injured",
        "shot gunned": "shot",
        "arrested arrest arrests detained detaining apprehended custody": "arrested",
        "charged indicted accused": "charged",
        "missing unaccounted": "missing",
        "rescued rescue": "rescued",
        "evacuated evacuation evacuate": "evacuated",
        "displaced homeless": "displaced",
        "trapped": "trapped",
        "hostage hostages": "held hostage",
        "born births": "born",
    }
)

# Nouns that count people of any kind, folded into one class so that "people", "victims" and
# "persons" meet. A group ("children", "women", "teens") is a class of its own: a count of
# children may be a part of a count of people. Officers and the like are a class too.
GENERIC_PEOPLE = frozenset(
    """people persons person victims victim individuals individual others casualties""".split()
)
GROUPS = frozenset(
    """men man women woman children child kids kid teens teen teenagers teenager students
    student adults adult residents resident passengers passenger civilians civilian bystanders
    bystander youths youth boys boy girls girl workers worker employees patrons customers
    shoppers pedestrians pedestrian""".split()
)
# Nouns news uses for one kind of counted thing, folded into one class: "two homes were
# flattened" and "two houses were flattened" count one thing, as "kids" and "children" do.
SAME_THINGS = _table(
    {
        "homes home houses house dwellings dwelling residences": "homes",
        "kids kid children child": "children",
        "teens teen teenagers teenager": "teens",
        "cars car vehicles vehicle autos": "vehicles",
    }
)
PERSONNEL = frozenset(
    """officers officer police policemen personnel troops soldiers firefighters agents
    deputies deputy guards troopers marines sailors crew""".split()
)

# The event a date or time dates: what happened then.
EVENTS = _table(
    {
        "shooting shootings shot shots shoot firing gunfire gunman gunmen": "shooting",
        "killed killing killings murder murdered slain died dies death dead": "death",
        "arrested arrest arrests detained apprehended captured capture caught nabbed"
        " surrendered custody": "arrest",
        "charged charges indicted indictment": "charge",
        "sentenced sentencing sentence": "sentencing",
        "convicted conviction verdict guilty acquitted": "verdict",
        "crash crashed collision collided accident": "crash",
        "fire blaze flames burned burning ablaze": "fire",
        "earthquake quake tremor temblor jolted": "earthquake",
        "explosion exploded blast bombing bomb": "explosion",
        "attack attacked raid raided stormed": "attack",
        "fought fighting clashes clashed clash battle battles": "fighting",
        "robbery robbed heist stole stolen theft": "robbery",
        "hired hire named appointed appointment nominated nomination": "appointment",
        "resigned resignation quit": "resignation",
        "released release launched launch unveiled introduced": "release",
        "acquired acquire acquisition bought buy buys deal merger": "acquisition",
        "born birth": "birth",
        "married wedding": "wedding",
        "trial hearing testified": "trial",
        "election elections vote voted polls": "election",
        "visit visited visiting trip": "visit",
        "match game fight bout won beat defeated": "match",
        "escape escaped fled": "escape",
        "checked entered admitted": "admission",
        "message messages letter letters greeting greetings conveyed sent wrote congratulated"
        " congratulatory telegram missive interaction interactions contact exchange": "message",
    }
)

# Verbs that date a statement about an event, not the event: outlets quote different statements
# on different days, so these dates are not one fact across sources.
REPORTING = frozenset(
    """said says say told tells announced announces confirmed confirms reported reports stated
    states added noted according statement statements posted published updated
    filed explained explains revealed claimed claims insisted disclosed acknowledged""".split()
)

EVENT_CLASSES = frozenset(EVENTS.values())
OUTCOME_CLASSES = frozenset(OUTCOMES.values())
GROUP_STEMS = frozenset(stem(word) for word in GROUPS)
