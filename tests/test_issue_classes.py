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
    # a clock time in hours ("09:10 hours") is no length of ten hours
    ("The quake struck at 09:10 hours.", THU, "09:10", Kind.TIME, "2024-11-14T09:10", None),
    # a time takes the day of a part of a named day beside it
    (
        "Officers were there at about 7 p.m. on Friday night.",
        THU,
        "about 7 p.m.",
        Kind.TIME,
        "2024-11-08T19:00",
        None,
    ),
    (
        "At 11 p.m. Friday night, police came.",
        THU,
        "11 p.m. Friday night",
        Kind.TIME,
        "2024-11-08T23:00",
        None,
    ),
    (
        "On Friday night, at 11 p.m., police came.",
        THU,
        "11 p.m.",
        Kind.TIME,
        "2024-11-08T23:00",
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
    # year of a month-day without one: forward when the clause looks forward, back when it is
    # in the past tense, else the coming one only within two months
    ("The trial is set for June 18.", D(2013, 3, 10), "June 18", Kind.DATE, "2013-06-18", None),
    ("A deal is due by June 10.", THU, "June 10", Kind.DATE, "2025-06-10", None),
    ("He will be sentenced Jan. 8.", D(2013, 6, 20), "Jan. 8", Kind.DATE, "2014-01-08", None),
    ("The hearing was held Sept. 8.", D(2013, 8, 20), "Sept. 8", Kind.DATE, "2012-09-08", None),
    ("The victim died on Sept. 8.", D(2013, 8, 20), "Sept. 8", Kind.DATE, "2012-09-08", None),
    ("The hearing opens Sept. 8.", D(2013, 8, 20), "Sept. 8", Kind.DATE, "2013-09-08", None),
    # no tense: this calendar year's, unless the same day across New Year is near
    (
        "Doctor Who returns to screens on November 23.",
        D(2013, 8, 4),
        "November 23",
        Kind.DATE,
        "2013-11-23",
        None,
    ),
    ("The law takes effect Jan. 1.", D(2013, 11, 14), "Jan. 1", Kind.DATE, "2014-01-01", None),
    ("The hearing on Dec. 8 drew crowds.", D(2013, 1, 10), "Dec. 8", Kind.DATE, "2012-12-08", None),
    (
        "The deal may be signed on September 12.",
        D(2007, 8, 20),
        "September 12",
        Kind.DATE,
        "2007-09-12",
        None,
    ),
    ("Sales fell in September.", D(2013, 8, 20), "September", Kind.DATE, "2012-09", None),
    # the future auxiliary far back in one clause; the tense of the verb nearest the date
    (
        "Klitschko will defend his WBC title against Manuel Charr of Germany in Moscow on Sept. 8.",
        D(2012, 7, 7),
        "Sept. 8",
        Kind.DATE,
        "2012-09-08",
        None,
    ),
    (
        "The man who will be tried was arrested on Sept. 8.",
        D(2013, 8, 20),
        "Sept. 8",
        Kind.DATE,
        "2012-09-08",
        None,
    ),
    (
        "He was told he will be sentenced on Sept. 8.",
        D(2013, 8, 20),
        "Sept. 8",
        Kind.DATE,
        "2013-09-08",
        None,
    ),
    ("Elections are in September.", D(2013, 8, 20), "September", Kind.DATE, "2013-09", None),
    ("Elections are in November.", D(2013, 8, 20), "November", Kind.DATE, "2013-11", None),
    # a date that opens its sentence takes the tense of the verb after it
    ("In July it acquired Fulcrum.", D(2012, 3, 2), "July", Kind.DATE, "2011-07", None),
    ("On Nov. 23, police arrested a man.", D(2013, 8, 4), "Nov. 23", Kind.DATE, "2012-11-23", None),
    (
        "In November, the firm will open a store.",
        D(2013, 2, 20),
        "November",
        Kind.DATE,
        "2013-11",
        None,
    ),
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
    # title-case headlines: a number after a headline verb is a value, not a model's number
    ("Powerful Quake in Iran Kills 10", THU, "10", Kind.NUMBER, "10", None),
    ("Vigil For Teen Shot 11 Times By Police", THU, "11", Kind.NUMBER, "11", None),
    ("Technicolor Star Dies At Age 91", THU, "91", Kind.NUMBER, "91", None),
    (
        "Magnitude 4.6 Earthquake Shakes Up North Bay",
        THU,
        "4.6",
        Kind.QUANTITY,
        "4.6 magnitude",
        None,
    ),
    # TIMEX3 classes
    ("It was built in the 20th century.", THU, "the 20th century", Kind.DATE, "19", None),
    ("Prices fell in the following decade.", THU, "the following decade", Kind.DATE, "203X", None),
    ("The fair is held annually.", THU, "annually", Kind.SET, "P1Y", None),
    ("He ran every morning.", THU, "every morning", Kind.SET, "XXXX-XX-XXTMO", None),
    ("They meet weekly.", THU, "weekly", Kind.SET, "P1W", None),
    ("The planes deliver seven loads a day.", THU, "a day", Kind.SET, "P1D", None),
    ("They fly three days a week.", THU, "a week", Kind.SET, "P1W", None),
    ("She moved in several years ago.", THU, "several years ago", Kind.DATE, "PAST_REF", None),
    ("The repairs took weeks.", THU, "weeks", Kind.DURATION, "PXW", None),
    ("The feud lasted years.", THU, "years", Kind.DURATION, "PXY", None),
    ("Agents worked for decades.", THU, "decades", Kind.DURATION, "PXDE", None),
    ("It was decades in the making.", THU, "decades", Kind.DURATION, "PXDE", None),
    ("The shrine stood for centuries.", THU, "centuries", Kind.DURATION, "PXCE", None),
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
    # anaphoric dates: the date named last before them in the text
    (
        "The fire began March 3. Two died the next day.",
        THU,
        "the next day",
        Kind.DATE,
        "2024-03-04",
        None,
    ),
    (
        "The fire began March 3. He was charged that day.",
        THU,
        "that day",
        Kind.DATE,
        "2024-03-03",
        None,
    ),
    (
        "The fire began March 3. He was charged the same day.",
        THU,
        "the same day",
        Kind.DATE,
        "2024-03-03",
        None,
    ),
    (
        "The fire began Monday, Nov. 4. Later that week, a man was held.",
        THU,
        "Later that week",
        Kind.DATE,
        "2024-W45",
        None,
    ),
    (
        "The fire began Friday. That night, police came.",
        THU,
        "That night",
        Kind.TIME,
        "2024-11-08TNI",
        None,
    ),
    (
        "The fire began Friday. The next morning, police came.",
        THU,
        "The next morning",
        Kind.TIME,
        "2024-11-09TMO",
        None,
    ),
    (
        "A deal is due by Dec. 10. If not agreed by that time, it lapses.",
        THU,
        "that time",
        Kind.DATE,
        "2024-12-10",
        None,
    ),
    ("The mill shut in 2011. That year, 40 jobs went.", THU, "That year", Kind.DATE, "2011", None),
    # a season of play is the year it began (baseball's begins in spring, others' in summer)
    ("He missed 10 games this season.", D(2011, 1, 5), "this season", Kind.DATE, "2010", None),
    (
        "The pitcher won 8 games this season.",
        D(2013, 6, 10),
        "this season",
        Kind.DATE,
        "2013",
        None,
    ),
    ("Last season, he was suspended.", THU, "Last season", Kind.DATE, "2023", None),
    ("He was offered $23 million per season.", THU, "per season", Kind.SET, "P1Y", None),
    # "this week" in a Sunday article that looks forward is the coming week (US weeks start
    # on Sunday, ISO weeks end there)
    (
        "He is expected to rejoin the team this week.",
        D(2012, 12, 23),
        "this week",
        Kind.DATE,
        "2012-W52",
        None,
    ),
    ("He rejoined the team this week.", D(2012, 12, 23), "this week", Kind.DATE, "2012-W51", None),
    # a game's quarter is a place in the game, not a quarter of the year
    ("He scored with 2:31 left in the third quarter.", THU, "third", Kind.ORDINAL, "3", None),
    (
        "The Chiefs took the lead late in the fourth quarter after an interception.",
        THU,
        "fourth",
        Kind.ORDINAL,
        "4",
        None,
    ),
    # what is no figure of speech stays a value: a business quarter, a seat count, a stake
    ("Profits rose in the third quarter.", THU, "the third quarter", Kind.DATE, "2024-Q3", None),
    ("The party won 20-25 seats.", THU, "20-25", Kind.NUMBER, "20", None),
    ("He owns a 100 percent stake.", THU, "100 percent", Kind.PERCENT, "100 %", None),
    ("He served 911 days in prison.", THU, "911 days", Kind.DURATION, "P911D", None),
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


# Figures of speech and play, which state no value: (sentence, publication date, phrase).
# A game clock, a game's quarter, a score or a record, the emergency number, a gun's bore,
# "zero-day", certainty said in percent, an ordinal in a street's or a precinct's name.
NO_VALUE_ROWS = [
    ("Brady threw a touchdown pass with 2:31 left in the third quarter.", THU, "2:31"),
    ("Smith scored at 14:32 of the second period.", THU, "14:32"),
    ("The Chiefs tied the game with 6:00 minutes remaining in the third quarter.", THU, "6:00"),
    ("He hit a jumper before the under-16:00 timeout.", THU, "16:00"),
    ("The Houston Texans (12-3) head to Lucas Oil Stadium.", THU, "12-3"),
    ("The Chiefs (2-13) tied the game.", THU, "2-13"),
    ("The Colts held on to their 20-13 lead.", THU, "20-13"),
    ("The Jays owned the glass by a 44-26 margin.", THU, "44-26"),
    ("Klitschko improved to 58-3 with the win.", THU, "58-3"),
    ("Arsenal won 3-1 at home.", THU, "3-1"),
    ("Creighton defeated Drake, 65-53, on Friday.", THU, "65-53"),
    ("He scored during a pivotal 15-2 run.", THU, "15-2"),
    ("A bucket made it 19-12 at the half.", THU, "19-12"),
    ("The Colts beat the Texans 20-13 on Sunday.", THU, "20-13"),
    ("COLTS TOP CHIEFS, 20-13, REACH PLAYOFFS", THU, "20-13"),
    ("Creighton broke open a 12-all game.", THU, "12-all"),
    ("Its office, at 54 State St., was closed.", THU, "54"),
    ("The warehouse at 325 E. Dahlia Ave. burned.", THU, "325"),
    # "one" standing for a noun named before
    ("It was the 2nd one he returned.", THU, "one"),
    ("He called 911 after the shooting.", THU, "911"),
    ("A 911 dispatcher took the call.", THU, "911"),
    ("Police found a 12-gauge shotgun and a .45-caliber handgun.", THU, "12"),
    ("Police found a 12-gauge shotgun and a .45-caliber handgun.", THU, ".45"),
    ("Microsoft patched a zero-day vulnerability.", THU, "zero-day"),
    ("I am 100 percent sure he did it.", THU, "100 percent"),
    ("The players gave 110 percent.", THU, "110 percent"),
    ("He was shot on 117th Street.", THU, "117th"),
    ("Officers from the 102nd Precinct came.", THU, "102nd"),
    ("Neighbours on E. 52nd St. heard it.", THU, "52nd"),
    # a season named from another season of the story, not from publication
    ("They won 10 games after losing 14 the previous season.", THU, "the previous season"),
    # "that" as a conjunction before a compound ("day one motions")
    ("GM filed on June 1. He said that day one motions were filed.", THU, "that day"),
    # "at the same time" joins two statements; it dates neither
    ("Sales rose in March. At the same time, costs fell.", THU, "the same time"),
]


@pytest.mark.parametrize(("text", "published", "phrase"), NO_VALUE_ROWS)
def test_figures_of_speech_are_no_values(text: str, published: dt.date, phrase: str) -> None:
    start = text.index(phrase)
    end = start + len(phrase)
    assert [m for m in extract(text, published) if m.start < end and start < m.end] == []


@pytest.mark.parametrize(
    ("before", "text", "phrase", "value"),
    [
        ("The fire broke out on Monday, Nov. 4.", "Two died the next day.", "the next day",
         "2024-11-05"),
        ("The fire broke out on Monday, Nov. 4.", "He was charged that day.", "that day",
         "2024-11-04"),
        ("The mill shut in 2011.", "That year, 40 jobs went.", "That year", "2011"),
    ],
)  # fmt: skip
def test_anaphora_reads_the_article_before_the_sentence(
    before: str, text: str, phrase: str, value: str
) -> None:
    """Read one sentence at a time, "that day" takes the last date of the sentences before."""
    found = [m for m in extract(text, THU, earlier=extract(before, THU)) if m.text == phrase]
    assert [m.value for m in found] == [value]
    assert all(m.text != phrase for m in extract(text, THU))


def test_an_article_is_read_in_order_so_that_the_next_day_follows_its_dates() -> None:
    """In a report each sentence is read after its article's earlier dates: "the next day",
    a sentence after the arrest, is the day after it; another article's "that day" is not."""
    from crosscheck.pipeline import article_mentions
    from crosscheck.schema import Source

    texts = ["Police arrested Smith on Tuesday, Nov. 16.", "He was charged the next day."]
    sentences = [
        Sentence(doc_id="a", index=i, text=t, start=0, end=len(t), line=i + 1)
        for i, t in enumerate(texts)
    ]
    source = Source(id="a", path="a.txt", format="txt", sha256="0", published=dt.date(2021, 11, 20))
    read = article_mentions(sentences, source)
    assert [(m.text, m.value) for m in read[1]] == [("the next day", "2021-11-17")]
    alone = article_mentions(sentences[1:], source)
    assert [m.value for m in alone[0]] != ["2021-11-17"]
