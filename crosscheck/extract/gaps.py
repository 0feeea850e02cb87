"""Tokenization gaps: numbers and clock times that a converted corpus split with spaces.

Text rebuilt from tokenized corpora (ECB+, and news that went through an NLP pipeline before it
was scraped) has a space after every decimal point, thousands comma and clock colon, and inside
"a. m.": "$2. 6 million", "170, 000", "1: 30 a. m.". Read as written, each is two wrong values
("$2" and "6 million"). The grammar reads the text with those spaces closed, and the mentions are
mapped back onto the text as given, so that offsets always index the caller's text.

A space is closed only between parts of a number that can be nothing else: one to three digits,
then ". " or ", " or ": ", then digits (three after a comma, two after a colon), where the left
part does not continue a longer number, a list ("5, 6, 100") or a date ("May 5, 100 people").
The pipeline reads one sentence at a time, where "34. 5 others" (a sentence ending on a number,
the next starting with one) is rare; a four-digit year before the full stop is never joined.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from crosscheck.extract.grammar import MONTH
from crosscheck.schema import Mention

# One quick search (a punctuation mark, a space, a digit or "m") tells most text to skip the rest.
_ANY_GAP = re.compile(r"[.,:] [\dmM]")
_THOUSANDS = re.compile(r"(?<![\d.,])(?<!\d, )\d{1,3}(?:, \d{3})+(?!\d)")
_DECIMAL = re.compile(r"(?<![\d.,:])\d{1,3}\.( )\d")
_CLOCK = re.compile(r"(?<![\d.,:])\d{1,2}:( )\d\d(?!\d)")
_MERIDIEM = re.compile(r"\b[ap]\.( )m\b", re.IGNORECASE)
_AFTER_MONTH = re.compile(rf"\b{MONTH}\.? $")


@dataclass(frozen=True)
class Closed:
    """A text with its tokenization gaps closed, and the way back to the original offsets.

    ``shifts`` holds, for the k-th closed space at original offset g, the value g - k: a
    character at closed offset r came from r plus the number of shifts at or before r.
    """

    text: str
    shifts: tuple[int, ...] = ()

    def original(self, offset: int) -> int:
        """The original offset of the character at ``offset`` in the closed text."""
        return offset + bisect.bisect_right(self.shifts, offset)

    def restore(self, mentions: list[Mention], given: str) -> list[Mention]:
        """The mentions with offsets and text of the text as given (the identity without gaps)."""
        if not self.shifts:
            return mentions
        restored = []
        for m in mentions:
            start, end = self.original(m.start), self.original(m.end - 1) + 1
            update = {"start": start, "end": end, "text": given[start:end]}
            restored.append(m.model_copy(update=update))
        return restored


# The rule that reads a number from its first digit, by the mark after that digit run.
_NUMBER_RULES = {",": _THOUSANDS, ".": _DECIMAL, ":": _CLOCK}


def _gap_at(text: str, mark: int) -> Iterator[int]:
    """The gaps of the number, clock time or "a. m." whose mark (". ", ", ", ": ") is at ``mark``.

    Each rule is matched where its number starts (one to three digits back), so the cost is per
    candidate mark, not per character of the text."""
    if not text[mark + 2].isdigit():
        meridiem = _MERIDIEM.match(text, mark - 1) if mark else None
        if meridiem:
            yield meridiem.start(1)
        return
    left = mark
    while left > 0 and mark - left < 3 and text[left - 1].isdigit():
        left -= 1
    found = _NUMBER_RULES[text[mark]].match(text, left) if left < mark else None
    if found is None:
        return
    if text[mark] != ",":
        yield found.start(1)
    elif not _AFTER_MONTH.search(text, max(0, left - 12), left):
        yield from (i + 1 for i in range(found.start(), found.end()) if text[i] == ",")


def close_gaps(text: str) -> Closed:
    """``text`` with the spaces of its tokenization gaps removed ("$2. 6 million")."""
    gaps = sorted({gap for c in _ANY_GAP.finditer(text) for gap in _gap_at(text, c.start())})
    if not gaps:
        return Closed(text)
    pieces, last = [], 0
    for gap in gaps:
        pieces.append(text[last:gap])
        last = gap + 1
    pieces.append(text[last:])
    return Closed("".join(pieces), tuple(g - k for k, g in enumerate(gaps)))
