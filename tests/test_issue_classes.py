"""Every class of misreading listed in issue 10, one table row each, read as the pipeline reads it.

Rows: sentence, publication date, the mention's text, kind, value, and the role the value gets
from the fact model (whose age, what a count counts, which event a time dates), or None where
the class is about the value alone. Segmentation classes ("6:48 p.m. Sunday where", "side.Four")
are rows of tests/test_segment.py; tokenization gaps of tests/test_gaps.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.extract import extract
from crosscheck.facts import read_facts
from crosscheck.schema import Kind, Sentence

D = dt.date
THU = D(2024, 11, 14)  # a Thursday

ROWS = [
    # clock times after an approximator, and o'clock
    ("The crash came around 5 p.m.", THU, "around 5 p.m.", Kind.TIME, "2024-11-14T17:00", None),
    ("It began about 10 a.m.", THU, "about 10 a.m.", Kind.TIME, "2024-11-14T10:00", None),
    ("Around 7 a.m. police arrived.", THU, "Around 7 a.m.", Kind.TIME, "2024-11-14T07:00", None),
    ("The vote was at 10 o'clock.", THU, "10 o'clock", Kind.TIME, "2024-11-14T10:00", None),
    (
        "Police said the shooting happened around 5 p.m.",
        THU,
        "around 5 p.m.",
        Kind.TIME,
        "2024-11-14T17:00",
        "time of day of the shooting",
    ),
    # a time keeps the day written after it
    (
        "Police were called about 6:48 p.m. Sunday where a man was shot.",
        THU,
        "about 6:48 p.m. Sunday",
        Kind.TIME,
        "2024-11-10T18:48",
        None,
    ),
    # direction of weekdays and yearless dates
    (
        "It happened the previous Tuesday.",
        THU,
        "the previous Tuesday",
        Kind.DATE,
        "2024-11-12",
        None,
    ),
    ("Police are investigating the Monday shooting.", THU, "Monday", Kind.DATE, "2024-11-11", None),
    (
        "Police are investigating a shooting Monday night.",
        THU,
        "Monday night",
        Kind.TIME,
        "2024-11-11TNI",
        None,
    ),
    ("The storm hit on Nov. 29.", D(2025, 2, 10), "Nov. 29", Kind.DATE, "2024-11-29", None),
    # shares and idioms
    ("A third of residents left.", THU, "A third", Kind.PERCENT, "33.33333333 %", None),
    # ages say whose age; counts what they count
    ("John Doe, 34, was arrested.", THU, "34", Kind.NUMBER, "34", "age of John Doe"),
    ("The 34-year-old man was arrested.", THU, "34-year", Kind.DURATION, "P34Y", "age of man"),
    (
        "The gunman killed 12 people and injured 58.",
        THU,
        "58",
        Kind.NUMBER,
        "58",
        "count of people injured",
    ),
    # TIMEX3 classes
    ("It was built in the 20th century.", THU, "the 20th century", Kind.DATE, "19", None),
    ("Prices fell in the following decade.", THU, "the following decade", Kind.DATE, "203X", None),
    ("The fair is held annually.", THU, "annually", Kind.SET, "P1Y", None),
    ("He ran every morning.", THU, "every morning", Kind.SET, "XXXX-XX-XXTMO", None),
    ("They meet weekly.", THU, "weekly", Kind.SET, "P1W", None),
    ("The repairs took weeks.", THU, "weeks", Kind.DURATION, "PXW", None),
    ("The feud lasted years.", THU, "years", Kind.DURATION, "PXY", None),
    ("Today the mayor resigned.", THU, "Today", Kind.DATE, "2024-11-14", None),
    ("The firm is now bankrupt.", THU, "now", Kind.DATE, "PRESENT_REF", None),
    ("Sales rose in 2019-20.", THU, "20", Kind.DATE, "2020", None),
    ("He served from 2001 to 2009.", THU, "2009", Kind.DATE, "2009", None),
    (
        "Wednesday was the 99th day of the strike.",
        THU,
        "the 99th day",
        Kind.DATE,
        "2024-11-13",
        None,
    ),
    ("He has lived there since '58.", THU, "'58", Kind.DATE, "1958", None),
]


def _slot(text: str, published: dt.date, phrase: str) -> tuple[Kind, str, str | None]:
    mentions = tuple(extract(text, published))
    sentence = Sentence(
        doc_id="a", index=0, text=text, start=0, end=len(text), line=1, mentions=mentions
    )
    facts = read_facts(sentence)
    for mention, fact in zip(mentions, facts, strict=True):
        assert text[mention.start : mention.end] == mention.text
        if mention.text == phrase:
            return mention.kind, mention.value, fact.label()
    raise AssertionError(f"{phrase!r} not among {[m.text for m in mentions]}")


@pytest.mark.parametrize(("text", "published", "phrase", "kind", "value", "role"), ROWS)
def test_issue_class(
    text: str, published: dt.date, phrase: str, kind: Kind, value: str, role: str | None
) -> None:
    found_kind, found_value, label = _slot(text, published, phrase)
    assert (found_kind, found_value) == (kind, value)
    if role is not None:
        assert label == role


@pytest.mark.parametrize(
    "text",
    ["First and foremost, we thank them.", "It took a second or two.", "No one answered the door."],
)
def test_idioms_are_no_values(text: str) -> None:
    assert extract(text, THU) == []


def test_text_not_in_english_has_no_values() -> None:
    assert extract("Am 3. März starben 200 Menschen.", THU, language="de") == []
