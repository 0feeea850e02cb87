"""Values written with tokenization gaps ("$2. 6 million") read as one value at the given offsets.

Rows: text, publication date, the mention text as given (gaps kept), kind, value.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscheck.extract import extract
from crosscheck.extract.gaps import close_gaps
from crosscheck.schema import Kind

D = dt.date

GAP_ROWS = [
    ("The deal is worth $2. 6 million.", D(2013, 5, 3), "$2. 6 million", Kind.MONEY, "2600000 USD"),
    ("a 170, 000-square-foot building", D(2013, 5, 3), "170, 000", Kind.NUMBER, "170000"),
    ("over 1, 250, 000 people", D(2013, 5, 3), "1, 250, 000", Kind.NUMBER, "1250000"),
    ("a 6. 1 magnitude quake", D(2013, 5, 3), "6. 1 magnitude", Kind.QUANTITY, "6.1 magnitude"),
    ("The Jays shot 46. 8 percent", D(2013, 5, 3), "46. 8 percent", Kind.PERCENT, "46.8 %"),
    ("sold for $1, 199. 99 online", D(2013, 5, 3), "$1, 199. 99", Kind.MONEY, "1199.99 USD"),
    ("It struck at 1: 30 a. m. today", D(2013, 5, 3), "1: 30 a. m.", Kind.TIME, "2013-05-03T01:30"),
    ("about 7 p. m. on Friday", D(2013, 5, 6), "7 p. m.", Kind.TIME, "2013-05-03T19:00"),
    ("at 11. 30 p. m.", D(2013, 5, 3), "11. 30 p. m.", Kind.TIME, "2013-05-03T23:30"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "kind", "value"), GAP_ROWS)
def test_gap_values(text: str, published: dt.date, phrase: str, kind: Kind, value: str) -> None:
    hits = [m for m in extract(text, published) if phrase in m.text]
    assert hits, [m.text for m in extract(text, published)]
    assert text[hits[0].start : hits[0].end] == hits[0].text
    assert (hits[0].kind, hits[0].value) == (kind, value)


@pytest.mark.parametrize(
    "text",
    [
        "on May 5, 100 people marched",  # a date, then a count
        "in 2012. 15 people died",  # a year ends the sentence
        "scores of 5, 6, 100 and 7",  # a list
        "4. Will they support ARM?",  # a list number
        "Sept. 9, 2024",
    ],
)
def test_no_gap_closed_where_a_number_ends(text: str) -> None:
    assert close_gaps(text).text == text


@given(st.lists(st.sampled_from(["1", "23", "456", ". ", ", ", ": ", "a. m", " ", "x", "000"])))
def test_closed_offsets_map_back(parts: list[str]) -> None:
    text = "".join(parts)
    closed = close_gaps(text)
    for offset, char in enumerate(closed.text):
        assert text[closed.original(offset)] == char
