"""Who a value is about: the person whose age it is, the people named where a date is given.

Outlets name one person differently ("John Doe", "John M. Doe", "Doe", "Mr. Doe"), so a
person is keyed by surname, with the first name kept to tell relatives apart ("Andrew Lopez"
and "Kristian Lopez"). An unnamed person is keyed by the noun that describes them ("the boy",
"a 34-year-old man"): two such descriptions may be one person, but nothing proves it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from crosscheck.extract import MONTHS, WEEKDAYS
from crosscheck.facts.words import Word, stem, words

K = TypeVar("K")

# Capitalised words that are not names: titles before a name, and words news capitalises
# at the start of a sentence or in a headline.
_TITLES = frozenset(
    """mr mrs ms miss dr rev sgt sergeant officer deputy detective lt lieutenant capt captain
    chief judge president commissioner sheriff governor gov sen senator rep mayor prof
    professor coach pope prince princess king queen gen general col colonel st""".split()
)
_NOT_NAMES = (
    frozenset(
        """the a an this that these those his her their its our my your he she they we it i in on
    at to for from by with and or but as of after before when while police officials
    authorities update updated breaking news photo image video read more related ave st street
    under since during despite although though if unless once until because meanwhile early
    late later earlier then now also center centre hospital university school church department
    court office
    rd road blvd avenue one two three
    four five six seven eight nine ten eleven twelve dozens hundreds thousands""".split()
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)


@dataclass(frozen=True)
class Holder:
    """A person a value belongs to: named (keyed by surname) or described (keyed by noun)."""

    key: str
    text: str
    named: bool
    first: str | None = None

    def same(self, other: Holder) -> bool | None:
        """True when surely the same person, False when surely not, None when unknown."""
        if self.named and other.named:
            firsts_differ = bool(
                self.first and other.first and not _same_first(self.first, other.first)
            )
            return self.key == other.key and not firsts_differ
        if not self.named and not other.named:
            return True if self.key == other.key else None
        return None


def _same_first(a: str, b: str) -> bool:
    """ "John" and "J." are one first name; "Andrew" and "Kristian" are two people."""
    return a.startswith(b) or b.startswith(a)


def is_name_word(word: Word) -> bool:
    acronym = len(word.text) > 1 and word.text.isupper()
    return word.capital and word.low not in _NOT_NAMES and not acronym


def name_at(ws: list[Word], last: int) -> Holder | None:
    """The name ending at word ``last`` (its surname), read leftwards: "John M. Doe"."""
    if last < 0 or not is_name_word(ws[last]) or ws[last].low in _TITLES:
        return None
    first = last
    while (
        first > 0
        and ws[first - 1].capital
        and ws[first - 1].clause == ws[last].clause
        and ws[first - 1].low not in _NOT_NAMES | _TITLES
    ):
        first -= 1
    return _holder(ws[first : last + 1])


def name_from(ws: list[Word], start: int) -> Holder | None:
    """The name starting at word ``start``, read rightwards: "Horton (pictured)" -> Horton."""
    if start >= len(ws) or not is_name_word(ws[start]):
        return None
    last = start
    while (
        last + 1 < len(ws)
        and is_name_word(ws[last + 1])
        and ws[last + 1].clause == ws[start].clause
        and _adjacent(ws[last], ws[last + 1])
    ):
        last += 1
    return _holder(ws[start : last + 1])


def _adjacent(a: Word, b: Word) -> bool:
    """Neighbours in a name: one space apart, or an initial and its full stop ("M. Doe")."""
    return b.start - a.end <= (2 if len(a.text) == 1 else 1)


def _holder(parts: list[Word]) -> Holder | None:
    names = [w for w in parts if w.low not in _TITLES]
    if not names:
        return None
    surname = names[-1].low.removesuffix("'s")
    first = names[0].low if len(names) > 1 else None
    return Holder(surname, " ".join(w.text for w in parts), True, first)


def described(noun: str, text: str) -> Holder:
    """An unnamed person, keyed by the noun that describes them ("girl", "suspect")."""
    return Holder(stem(noun), text, False)


def clause_names(ws: list[Word], clause: int) -> frozenset[str]:
    """Every word of the names in one clause ("Xi Jinping" gives "xi" and "jinping", so that
    "Xi" alone meets it; a capitalised common word that starts a sentence, "Firefighters", may
    count too: names only veto when both sides have some and none is shared)."""
    keys = {w.low.removesuffix("'s") for w in _antecedent(ws, clause)}
    for w in ws:
        if w.clause != clause or not is_name_word(w) or len(w.text) == 1:
            continue
        keys.add(w.low.removesuffix("'s"))
    return frozenset(keys)


_RELATIVE = frozenset({"who", "whose", "whom"})


def _antecedent(ws: list[Word], clause: int) -> list[Word]:
    """The name a relative clause tells of ("DeShawn Wynn, who was signed on Tuesday"): the
    name words right before its "who", so that the clause's date or age is of that person."""
    first = next((i for i, w in enumerate(ws) if w.clause == clause), 0)
    if first == 0 or ws[first].low not in _RELATIVE:
        return []
    start = first
    while start > 0 and is_name_word(ws[start - 1]) and ws[start - 1].clause == clause - 1:
        start -= 1
    return [w for w in ws[start:first] if len(w.text) > 1]


def shared_surnames(texts: Iterable[str]) -> frozenset[str]:
    """Surnames that more than one first name goes with in a corpus ("Kimani Gray", "Mahnefah
    Gray"): there a bare "Gray" may be either person."""
    firsts: dict[str, set[str]] = {}
    for _, first, surname in _first_names(enumerate(texts)):
        # "Mo" and "Maurice" Cheeks: one person by a nickname, told by the initial
        firsts.setdefault(surname, set()).add(first)
    return frozenset(name for name, known in firsts.items() if len(known) > 1)


def sole_first_names(
    texts: Iterable[tuple[str, str]], surnames: frozenset[str]
) -> frozenset[tuple[str, str, str]]:
    """(article, surname, first initial) where an article, of its (article, text) pairs, gives
    a surname the story shares ("Warren Jeffs", "Rulon Jeffs") one first name, or one at least
    twice as often as any other: news names a relative in full each time it names him,
    so that article's bare "Jeffs" is Warren."""
    firsts: dict[tuple[str, str], Counter[str]] = {}
    for doc, first, surname in _first_names(texts):
        if surname in surnames:
            firsts.setdefault((doc, surname), Counter())[first] += 1
    found = set()
    for (doc, surname), counts in firsts.items():
        (top, n), *rest = counts.most_common()
        if not rest or n >= 2 * rest[0][1]:
            found.add((doc, surname, top))
    return frozenset(found)


def _first_names(texts: Iterable[tuple[K, str]]) -> Iterator[tuple[K, str, str]]:
    """(key, first initial, surname) of the full names of keyed texts, leaving out headlines
    in title case ("Sixers Hire Maurice Cheeks") and words the texts also use as common nouns
    ("Charger Jamal Williams", "Polygamist Jeffs")."""
    names: list[tuple[K, Word, Word]] = []
    common: set[str] = set()
    for key, text in texts:
        ws = words(text)
        common.update(stem(w.low) for i, w in enumerate(ws) if not w.capital or _after_the(ws, i))
        if sum(w.capital for w in ws) <= 0.6 * len(ws):
            names.extend((key, first, surname) for first, surname in full_names(ws))
    for key, first, surname in names:
        if stem(first.low) not in common:
            yield key, first.low[0], surname.low.removesuffix("'s")


def _after_the(ws: list[Word], i: int) -> bool:
    return i > 0 and ws[i - 1].low == "the"


def full_names(ws: list[Word]) -> Iterator[tuple[Word, Word]]:
    """(first name, surname) of every run of two or more name words, titles dropped:
    "Coach Maurice Cheeks" -> (Maurice, Cheeks); "Francis S. Collins" -> (Francis, Collins)."""
    i = 0
    while i < len(ws):
        run = [ws[i]]
        while i + len(run) < len(ws) and _adjacent(run[-1], ws[i + len(run)]):
            if not is_name_word(ws[i + len(run)]):
                break
            run.append(ws[i + len(run)])
        named = [w for w in run if is_name_word(w) and w.low not in _TITLES]
        if len(named) > 1 and len(named[0].text) > 1:
            yield named[0], named[-1]
        i += len(run)


def clause_people(ws: list[Word], clause: int) -> frozenset[tuple[str, str]]:
    """(first name, surname) of the full names in one clause: "Pierre Thomas" and "Chris
    Ivory" are two players even when both clauses name their team."""
    named = {id(w) for w in _antecedent(ws, clause)}
    return frozenset(
        (first.low, surname.low.removesuffix("'s"))
        for first, surname in full_names(ws)
        if surname.clause == clause or id(surname) in named
    )
