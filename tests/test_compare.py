"""Verdicts on aligned values, with hand-made mentions so that these tests pin the comparison
rules alone, whatever the extractor does."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.compare import Thresholds, compare_sentences, overall
from crosscheck.extract import duration_span, timex_span
from crosscheck.schema import Kind, Mention, Qualifier, Role, Sentence, Source, Verdict


def source(doc_id: str, published: str | None) -> Source:
    return Source(
        id=doc_id,
        path=f"{doc_id}.txt",
        format="txt",
        sha256="0",
        published=dt.date.fromisoformat(published) if published else None,
    )


def sentence(doc_id: str, text: str, *mentions: Mention) -> Sentence:
    return Sentence(
        doc_id=doc_id, index=0, text=text, start=0, end=len(text), line=1, mentions=mentions
    )


def mention(text: str, phrase: str, kind: Kind, value: str, **extra: object) -> Mention:
    start = text.index(phrase)
    return Mention(
        start=start, end=start + len(phrase), text=phrase, kind=kind, value=value, **extra
    )


def verdict(a: tuple[Sentence, Source], b: tuple[Sentence, Source], sim: float = 0.8) -> Verdict:
    return overall(compare_sentences(a, b, Thresholds()))


def pair(
    text: str, phrase: str, kind: Kind, value: str, doc: str, published: str | None, **extra: object
) -> tuple[Sentence, Source]:
    return sentence(doc, text, mention(text, phrase, kind, value, **extra)), source(doc, published)


ANNIV_A = "Messages commemorating the 73rd anniversary of the communist country's founding."
ANNIV_B = "Xi sent the letter on the 76th anniversary of the founding of North Korea."
ANNIV_C = "Xi and Kim marked the 75th anniversary of diplomatic relations."


def test_anniversaries_of_one_founding_agree_across_years() -> None:
    a = pair(
        ANNIV_A,
        "73rd anniversary",
        Kind.ORDINAL,
        "73",
        "a",
        "2021-09-27",
        number=73,
        role=Role.ANNIVERSARY,
        anchor="1948",
        head="anniversary",
        subject="communist country's founding",
    )
    b = pair(
        ANNIV_B,
        "76th anniversary",
        Kind.ORDINAL,
        "76",
        "b",
        "2024-09-09",
        number=76,
        role=Role.ANNIVERSARY,
        anchor="1948",
        head="anniversary",
        subject="founding of North Korea",
    )
    comparisons = compare_sentences(a, b)
    assert overall(comparisons) == Verdict.AGREE
    assert "1948" in comparisons[0].reason and "2021" in comparisons[0].reason


def test_anniversaries_of_different_things_are_not_compared() -> None:
    a = pair(
        ANNIV_A,
        "73rd anniversary",
        Kind.ORDINAL,
        "73",
        "a",
        "2021-09-27",
        number=73,
        role=Role.ANNIVERSARY,
        anchor="1948",
        head="anniversary",
        subject="communist country's founding",
    )
    c = pair(
        ANNIV_C,
        "75th anniversary",
        Kind.ORDINAL,
        "75",
        "c",
        "2024-10-06",
        number=75,
        role=Role.ANNIVERSARY,
        anchor="1949",
        head="anniversary",
        subject="diplomatic relations",
    )
    assert compare_sentences(a, c) == ()


def test_anniversaries_of_one_thing_that_disagree_conflict() -> None:
    a = pair(
        ANNIV_A,
        "73rd anniversary",
        Kind.ORDINAL,
        "73",
        "a",
        "2021-09-27",
        number=73,
        role=Role.ANNIVERSARY,
        anchor="1948",
        head="anniversary",
        subject="communist country's founding",
    )
    b = pair(
        ANNIV_B,
        "76th anniversary",
        Kind.ORDINAL,
        "76",
        "b",
        "2021-09-09",
        number=76,
        role=Role.ANNIVERSARY,
        anchor="1945",
        head="anniversary",
        subject="founding of North Korea",
    )
    assert verdict(a, b) == Verdict.CONFLICT


GAP = "Putin visited in June, his first visit to Pyongyang in 24 years."
SINCE = "This was Putin's first visit to Pyongyang since 2000."


@pytest.mark.parametrize(
    ("anchor", "expected"), [("2000", Verdict.AGREE), ("1999", Verdict.CONFLICT)]
)
def test_first_in_n_years_against_since(anchor: str, expected: Verdict) -> None:
    a = pair(
        GAP,
        "24 years",
        Kind.DURATION,
        "P24Y",
        "a",
        "2024-09-09",
        role=Role.GAP,
        anchor="2000",
        granularity="year",
    )
    b = pair(
        SINCE,
        "since 2000",
        Kind.DATE,
        "2000",
        "b",
        "2024-09-09",
        role=Role.SINCE,
        anchor=anchor,
        granularity="year",
    )
    assert verdict(a, b) == expected


MONTH = "Putin visited Pyongyang in June and signed a defense pact."
DAY = "Putin visited Pyongyang on June 19 and signed a defense pact."


@pytest.mark.parametrize(
    ("value_b", "expected"),
    [("2024-06-19", Verdict.AGREE), ("2024-07-19", Verdict.CONFLICT), ("2024", Verdict.AGREE)],
)
def test_dates_agree_by_granularity(value_b: str, expected: Verdict) -> None:
    a = pair(MONTH, "June", Kind.DATE, "2024-06", "a", "2024-09-09", granularity="month")
    b = pair(DAY, "June 19", Kind.DATE, value_b, "b", "2024-09-10", granularity="day")
    assert verdict(a, b) == expected


def test_date_after_the_other_source_was_published_is_a_different_occasion() -> None:
    text_a = "Xi sent a message to Kim on Monday for the anniversary."
    text_b = "Xi sent a message to Kim on Thursday for the anniversary."
    a = pair(text_a, "Monday", Kind.DATE, "2024-09-09", "a", "2024-09-09")
    b = pair(text_b, "Thursday", Kind.DATE, "2021-09-09", "b", "2021-09-27")
    assert compare_sentences(a, b) == ()


COUNT_A = "The letter was his first to Kim in over eight months, officials said."
COUNT_B = "The letter was his first to Kim in nine months, officials said."


@pytest.mark.parametrize(
    ("value_b", "expected"), [("P9M", Verdict.AGREE), ("P6M", Verdict.CONFLICT)]
)
def test_lower_bound_durations(value_b: str, expected: Verdict) -> None:
    a = pair(
        COUNT_A,
        "eight months",
        Kind.DURATION,
        "P8M",
        "a",
        "2024-09-09",
        qualifier=Qualifier.MORE_THAN,
    )
    b = pair(COUNT_B, "nine months", Kind.DURATION, value_b, "b", "2024-09-09")
    assert verdict(a, b) == expected


TOLL_A = "The earthquake killed 12 people in the province, officials said."
TOLL_B = "The earthquake killed 15 people in the province, officials said."


def test_counts_of_the_same_thing_conflict() -> None:
    a = pair(TOLL_A, "12 people", Kind.NUMBER, "12", "a", "2024-01-01", number=12, head="people")
    b = pair(TOLL_B, "15 people", Kind.NUMBER, "15", "b", "2024-01-02", number=15, head="people")
    assert verdict(a, b) == Verdict.CONFLICT


def test_counts_far_apart_in_time_are_an_update_not_a_conflict() -> None:
    a = pair(TOLL_A, "12 people", Kind.NUMBER, "12", "a", "2024-01-01", number=12, head="people")
    b = pair(TOLL_B, "15 people", Kind.NUMBER, "15", "b", "2025-01-02", number=15, head="people")
    assert verdict(a, b) == Verdict.UPDATE


def test_counts_of_different_outcomes_are_not_compared() -> None:
    text_b = "The earthquake injured 15 people in the province, officials said."
    a = pair(TOLL_A, "12 people", Kind.NUMBER, "12", "a", "2024-01-01", number=12, head="people")
    b = pair(text_b, "15 people", Kind.NUMBER, "15", "b", "2024-01-01", number=15, head="people")
    assert compare_sentences(a, b) == ()


def test_equal_values_in_loosely_similar_sentences_agree() -> None:
    a = pair(TOLL_A, "12 people", Kind.NUMBER, "12", "a", "2024-01-01", number=12, head="people")
    b = pair(TOLL_A, "12 people", Kind.NUMBER, "12", "b", "2024-01-02", number=12, head="people")
    assert verdict(a, b, sim=0.4) == Verdict.AGREE


def test_counts_of_different_things_are_not_compared() -> None:
    a = pair(TOLL_A, "12 people", Kind.NUMBER, "12", "a", "2024-01-01", number=12, head="people")
    b = pair(TOLL_B, "15 people", Kind.NUMBER, "15", "b", "2024-01-02", number=15, head="buildings")
    assert compare_sentences(a, b) == ()


def test_rounded_money_agrees_with_the_exact_figure() -> None:
    text_a = "Airbus won an order worth $1.5 million from the airline."
    text_b = "Airbus won an order worth $1,523,000 from the airline."
    a = pair(
        text_a,
        "$1.5 million",
        Kind.MONEY,
        "1500000 USD",
        "a",
        "2024-01-01",
        number=1_500_000,
        unit="USD",
    )
    b = pair(
        text_b,
        "$1,523,000",
        Kind.MONEY,
        "1523000 USD",
        "b",
        "2024-01-01",
        number=1_523_000,
        unit="USD",
    )
    assert verdict(a, b) == Verdict.AGREE


@pytest.mark.parametrize(
    ("value", "days"),
    [("P24Y", 24 * 365.2425), ("P2W", 14), ("P1M", 30.436875), ("PT12H", 0.5), ("P1DT12H", 1.5)],
)
def test_duration_days(value: str, days: float) -> None:
    span = duration_span(value)
    assert span is not None
    assert (span.lo + span.hi) / 2 == pytest.approx(days)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2024-W37", "2024-09-09", "2024-09-15"),
        ("2024-Q3", "2024-07-01", "2024-09-30"),
        ("199X", "1990-01-01", "1999-12-31"),
        ("2024-09-09T19:13", "2024-09-09", "2024-09-09"),
    ],
)
def test_timex_spans(value: str, first: str, last: str) -> None:
    span = timex_span(value)
    assert span is not None
    assert (span.lo, span.hi) == (
        dt.date.fromisoformat(first).toordinal(),
        dt.date.fromisoformat(last).toordinal(),
    )


@pytest.mark.parametrize("value", ["XXXX-06", "PRESENT_REF", "2024-13", "garbage"])
def test_unknown_timex_has_no_span(value: str) -> None:
    assert timex_span(value) is None


def test_a_value_among_several_of_its_kind_is_not_a_conflict() -> None:
    text_a = "Charles rushed for 226 yards in the game against Oakland."
    text_b = "Charles rushed for 352 yards in the game against Oakland, and Hillis for 101 yards."
    a = pair(text_a, "226", Kind.NUMBER, "226", "a", "2024-01-01", number=226, head="yards")
    m1 = mention(text_b, "352", Kind.NUMBER, "352", number=352, head="yards")
    m2 = mention(text_b, "101", Kind.NUMBER, "101", number=101, head="yards")
    b = (sentence("b", text_b, m1, m2), source("b", "2024-01-01"))
    assert verdict(a, b, sim=0.9) != Verdict.CONFLICT


def test_a_name_against_a_pronoun_is_not_a_conflict() -> None:
    text_a = "He finished the game with 14 points and a win."
    text_b = "He finished the game with 11 points and a win for Echenique."
    a = pair(
        text_a, "14 points", Kind.QUANTITY, "14 points", "a", "2024-01-01", number=14, unit="points"
    )
    b = pair(
        text_b, "11 points", Kind.QUANTITY, "11 points", "b", "2024-01-01", number=11, unit="points"
    )
    assert compare_sentences(a, b) == ()


def test_an_age_is_not_compared_with_a_prison_term() -> None:
    text_a = "Jeffs was sentenced to life in prison plus 20 years for the assault."
    text_b = "Jeffs was sentenced to life in prison for the assault of the 12-year-old."
    a = pair(text_a, "20 years", Kind.DURATION, "P20Y", "a", "2024-01-01")
    b = pair(text_b, "12-year", Kind.DURATION, "P12Y", "b", "2024-01-01")
    assert compare_sentences(a, b) == ()


def test_sentences_with_far_apart_amounts_tell_of_different_events() -> None:
    text_a = "In May, thieves stole jewels worth £910,000 in Cannes, police said."
    text_b = "In July, thieves stole jewels worth £88m in Cannes, police said."
    a = (
        sentence(
            "a",
            text_a,
            mention(text_a, "May", Kind.DATE, "2013-05"),
            mention(text_a, "£910,000", Kind.MONEY, "910000 GBP", number=910_000, unit="GBP"),
        ),
        source("a", "2013-09-09"),
    )
    b = (
        sentence(
            "b",
            text_b,
            mention(text_b, "July", Kind.DATE, "2013-07"),
            mention(text_b, "£88m", Kind.MONEY, "88000000 GBP", number=88_000_000, unit="GBP"),
        ),
        source("b", "2013-09-09"),
    )
    assert verdict(a, b, sim=0.9) != Verdict.CONFLICT


def test_a_date_before_a_noun_dates_that_noun() -> None:
    text_a = "A jury in Spiro convicted Simpson of murder in the 2012 shooting death of Flynn."
    text_b = "The jury in Spiro deliberated Thursday before it convicted Simpson of the murder."
    a = pair(text_a, "2012", Kind.DATE, "2012", "a", "2013-09-27")
    b = pair(text_b, "Thursday", Kind.DATE, "2013-09-26", "b", "2013-09-27")
    assert verdict(a, b, sim=0.9) != Verdict.CONFLICT


@pytest.mark.parametrize(
    "text_b",
    [
        "Three other bombs fell on the camp, witnesses said.",
        "Another three bombs fell on the camp, witnesses said.",
    ],
)
def test_a_part_of_a_total_does_not_contradict_the_total(text_b: str) -> None:
    text_a = "Five bombs fell on the camp, witnesses said."
    a = pair(text_a, "Five", Kind.NUMBER, "5", "a", "2011-11-10", number=5, head="bombs")
    phrase = "three" if "three" in text_b else "Three"
    b = pair(text_b, phrase, Kind.NUMBER, "3", "b", "2011-11-10", number=3, head="bombs")
    assert verdict(a, b, sim=0.9) != Verdict.CONFLICT


def test_differing_dates_of_undated_sources_are_unverified() -> None:
    text_a = "Putin visited Pyongyang in June and signed a defense pact."
    text_b = "Putin visited Pyongyang in July and signed a defense pact."
    a = pair(text_a, "June", Kind.DATE, "XXXX-06", "a", None, resolved=False)
    b = pair(text_b, "July", Kind.DATE, "XXXX-07", "b", None, resolved=False)
    comparisons = compare_sentences(a, b)
    assert overall(comparisons) == Verdict.UNVERIFIED
    assert "differ where both are known" in comparisons[0].reason
