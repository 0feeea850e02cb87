"""Tables of phrases, publication dates and the value the extractor must find in them.

Each row is one class of rule or fix; the seed rows come from the sample articles in seeds/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.extract import extract
from crosscheck.schema import Kind, Mention, Qualifier, Role

D = dt.date
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def find(text: str, published: dt.date | None, phrase: str) -> Mention:
    """The mention whose text contains ``phrase`` (each table row names one)."""
    mentions = extract(text, published)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    hits = [m for m in mentions if phrase in m.text or m.text in phrase and m.text]
    assert hits, f"{phrase!r} not found in {[m.text for m in mentions]}"
    return hits[0]


# text, published, phrase, kind, value
TIME_ROWS = [
    # seeds
    (
        "messages sent on Thursday (Sept. 9) commemorating",
        D(2021, 9, 27),
        "Thursday",
        Kind.DATE,
        "2021-09-09",
    ),
    ("a New Year's greeting on Jan.1 and comes", D(2024, 9, 9), "Jan.1", Kind.DATE, "2024-01-01"),
    ("a visit from Putin in June – his first", D(2024, 9, 9), "June", Kind.DATE, "2024-06"),
    (
        "ended in an armistice on July 27, 1953.",
        D(2021, 10, 24),
        "July 27, 1953",
        Kind.DATE,
        "1953-07-27",
    ),
    (
        "Two weeks post Putin's visit, North Korea switched",
        D(2024, 9, 9),
        "Two weeks",
        Kind.DURATION,
        "P2W",
    ),
    ("Xi, on Monday, conveyed his desire", D(2024, 9, 9), "Monday", Kind.DATE, "2024-09-09"),
    (
        "Xi Jinping on Sunday told his counterpart",
        D(2024, 10, 6),
        "Sunday",
        Kind.DATE,
        "2024-10-06",
    ),
    ("but last month announced that it had", D(2024, 9, 9), "last month", Kind.DATE, "2024-08"),
    (
        "established relations in February for the first time since 1959",
        D(2024, 9, 9),
        "February",
        Kind.DATE,
        "2024-02",
    ),
    (
        "recalled its ambassador a month later for",
        D(2024, 9, 9),
        "a month later",
        Kind.DURATION,
        "P1M",
    ),
    (
        "Wang Yi visited Seoul this week and will",
        D(2021, 9, 27),
        "this week",
        Kind.DATE,
        "2021-W39",
    ),
    ("24 October 2021", D(2021, 10, 24), "24 October 2021", Kind.DATE, "2021-10-24"),
    # absolute forms
    (
        "Updated : 2021-09-27 19:13 GMT+08:00",
        D(2021, 9, 27),
        "2021-09-27",
        Kind.TIME,
        "2021-09-27T19:13+08:00",
    ),
    ("It was signed on 7/8/07 in Seattle.", D(2007, 7, 9), "7/8/07", Kind.DATE, "2007-07-08"),
    ("sales in May 2008 fell", D(2009, 1, 1), "May 2008", Kind.DATE, "2008-05"),
    ("prices peaked in the 1990s and", D(2009, 1, 1), "1990s", Kind.DATE, "199X"),
    ("cars of the 70s and 80s were boxy", D(2009, 1, 1), "80s", Kind.DATE, "198X"),
    ("at its lowest level since '82 on Monday", D(2008, 10, 27), "'82", Kind.DATE, "1982"),
    ("to be released in mid-2024, it said", D(2024, 1, 9), "mid-2024", Kind.DATE, "2024"),
    ("by early June, the firm said", D(2009, 5, 15), "early June", Kind.DATE, "2009-06"),
    (
        "profits in the third quarter of 2009 rose",
        D(2009, 11, 1),
        "third quarter",
        Kind.DATE,
        "2009-Q3",
    ),
    ("losses in the fourth quarter were", D(2007, 1, 20), "fourth quarter", Kind.DATE, "2006-Q4"),
    ("gains during the last quarter", D(2007, 1, 20), "last quarter", Kind.DATE, "2006-Q4"),
    ("the plan to be launched in the spring", D(2009, 2, 1), "spring", Kind.DATE, "2009-SP"),
    # relative to publication
    ("Shares fell yesterday after", D(2011, 3, 18), "yesterday", Kind.DATE, "2011-03-17"),
    ("Apple said today that", D(2008, 6, 9), "today", Kind.DATE, "2008-06-09"),
    ("it lost money last year", D(2024, 9, 9), "last year", Kind.DATE, "2023"),
    ("the firm was founded two years ago", D(2024, 9, 9), "two years ago", Kind.DATE, "2022"),
    (
        "the leaders will meet next Thursday",
        D(2024, 9, 9),
        "next Thursday",
        Kind.DATE,
        "2024-09-12",
    ),
    ("markets stay closed until Friday", D(2008, 9, 18), "Friday", Kind.DATE, "2008-09-19"),
    ("The hearing will be held in June", D(2024, 3, 1), "June", Kind.DATE, "2024-06"),
    (
        "the jet arrives on November 11, three days late",
        D(2005, 10, 4),
        "November 11",
        Kind.DATE,
        "2005-11-11",
    ),
    ("the Dow ended the day at 8,017", D(2009, 4, 3), "the day", Kind.DATE, "2009-04-03"),
    (
        "Apple announced this morning that",
        D(2008, 1, 9),
        "this morning",
        Kind.TIME,
        "2008-01-09TMO",
    ),
    (
        "GM filed at 12:00 UTC Monday in New York",
        D(2009, 6, 1),
        "12:00 UTC",
        Kind.TIME,
        "2009-06-01T12:00Z",
    ),
    (
        "Its first flight was Tuesday in Everett at 18:00 UTC.",
        D(2009, 12, 16),
        "18:00",
        Kind.TIME,
        "2009-12-15T18:00Z",
    ),
    ("Today: 9 March 2025", D(2021, 10, 24), "Today", Kind.DATE, "2025-03-09"),
    ("prices are currently high", D(2024, 9, 9), "currently", Kind.DATE, "PRESENT_REF"),
    ("it happened recently", D(2024, 9, 9), "recently", Kind.DATE, "PAST_REF"),
    # durations and sets
    ("The war lasted 24 years.", D(2024, 9, 9), "24 years", Kind.DURATION, "P24Y"),
    ("a 12-year contract", D(2024, 9, 9), "12-year", Kind.DURATION, "P12Y"),
    ("flights of 5 hours", D(2024, 9, 9), "5 hours", Kind.DURATION, "PT5H"),
    ("the biggest gain in the past decade", D(2024, 9, 9), "past decade", Kind.DURATION, "P10Y"),
    (
        "the process would take between 60 and 90 days",
        D(2009, 6, 1),
        "90 days",
        Kind.DURATION,
        "P90D",
    ),
    ("their highest level in years", D(2009, 6, 1), "years", Kind.DURATION, "PXY"),
    ("The group meets every Monday.", D(2024, 9, 9), "every Monday", Kind.SET, "XXXX-WXX-1"),
    ("15 tankers a year", D(2008, 3, 1), "a year", Kind.SET, "P1Y"),
    ("its weekly meeting", D(2008, 3, 1), "weekly", Kind.SET, "P1W"),
    # a capitalized word before a weekday is a name only from a closed list ("Black Monday")
    (
        "Stock prices dropped sharply in Europe and Asia Monday, with fears",
        D(2008, 1, 21),
        "Monday",
        Kind.DATE,
        "2008-01-21",
    ),
    # a forward-looking clause (future, "set to", present progressive) includes the same day
    (
        "The A380 was set to land in the United States on Monday after a test flight.",
        D(2007, 3, 19),
        "Monday",
        Kind.DATE,
        "2007-03-19",
    ),
    (
        "A second A380 is also travelling to the U.S. on Friday, but without passengers.",
        D(2007, 3, 19),
        "Friday",
        Kind.DATE,
        "2007-03-23",
    ),
    # ... but a progressive describes a trend as often: it does not move a month forward
    ("Sales are slowing, with a 45% drop in March.", D(2009, 4, 1), "March", Kind.DATE, "2009-03"),
    # a time takes in the date right after it; one set off by a comma stays its own mention
    (
        "In a speech at 16:00 UTC today, Obama presented a plan",
        D(2009, 6, 1),
        "16:00 UTC today",
        Kind.TIME,
        "2009-06-01T16:00Z",
    ),
    (
        "In a press conference at 16:15 UTC, June 1st, Henderson outlined",
        D(2009, 6, 4),
        "June 1st",
        Kind.DATE,
        "2009-06-01",
    ),
    # a month with a relative year; a quarter starting soon after publication is this year's
    (
        "dealerships whose franchises won't be renewed after October of next year will",
        D(2009, 5, 15),
        "October of next year",
        Kind.DATE,
        "2010-10",
    ),
    (
        "the partial closure of ten of its plants during the fourth quarter.",
        D(2006, 8, 19),
        "fourth quarter",
        Kind.DATE,
        "2006-Q4",
    ),
    # "the day" is the day the story is about, the last day named
    (
        "indexes closed at lows on Monday. The Dow fell 3%, to end the day at 7,114.",
        D(2009, 2, 24),
        "the day",
        Kind.DATE,
        "2009-02-23",
    ),
    (
        "stocks posted gains on Friday, after a report released on the same day, which said",
        D(2009, 4, 4),
        "the same day",
        Kind.DATE,
        "2009-04-03",
    ),
    (
        "The Dow rebounded late in the day after falling",
        D(2007, 8, 10),
        "the day",
        Kind.DATE,
        "2007-08-10",
    ),
    (
        "Ford said on Tuesday its stock rose to a five-year high in morning trading.",
        D(2010, 3, 3),
        "morning",
        Kind.TIME,
        "2010-03-02TMO",
    ),
    # anaphora to a date named just before
    (
        "sales rose 43% in February compared to the same period last year, as",
        D(2010, 3, 3),
        "the same period last year",
        Kind.DATE,
        "2009-02",
    ),
    (
        "Revenues fell to $118.3 billion last year, $19.8 billion less than the year previous.",
        D(2010, 1, 28),
        "the year previous",
        Kind.DATE,
        "2008",
    ),
    (
        "a loss in the fourth quarter of 2005 and a loss of $8.6 billion for the entire year.",
        D(2006, 1, 27),
        "the entire year",
        Kind.DATE,
        "2005",
    ),
    # the weeks of a month are ISO weeks, given to the month that holds their Thursday
    (
        "car sales rebounded in the last week of March.",
        D(2009, 4, 1),
        "the last week of March",
        Kind.DATE,
        "2009-W13",
    ),
    # a year after a name near publication is the event's edition
    ("Steve Jobs gives opening keynote to WWDC 2005", D(2005, 6, 6), "2005", Kind.DATE, "2005"),
    # "today's" + a name is the present
    ("this is an exciting time at today's GM.", D(2013, 12, 10), "today", Kind.DATE, "PRESENT_REF"),
    # durations: vague minutes, the first end of a range, "single-day", "a year" after a cue
    ("before losing them in just minutes", D(2008, 10, 20), "minutes", Kind.DURATION, "PTXM"),
    (
        "the process would take between 60 and 90 days",
        D(2009, 6, 1),
        "60",
        Kind.DURATION,
        "P60D",
    ),
    ("the worst single-day decline since", D(2007, 2, 27), "single-day", Kind.DURATION, "P1D"),
    ("This process could take a year or more.", D(2008, 7, 2), "a year", Kind.DURATION, "P1Y"),
    # the direction of a weekday or a day: a modifier, an event it names, a noun it dates
    ("He was last seen the previous Tuesday.", D(2024, 11, 14), "Tuesday", Kind.DATE, "2024-11-12"),
    (
        "Police will release the names of the Monday shooting victims.",
        D(2024, 11, 14),
        "Monday",
        Kind.DATE,
        "2024-11-11",
    ),
    (
        "Police are investigating a shooting Monday night in Hull.",
        D(2024, 11, 14),
        "Monday night",
        Kind.TIME,
        "2024-11-11TNI",
    ),
    ("The shooting happened Nov. 29 at a bar.", D(2025, 2, 12), "Nov. 29", Kind.DATE, "2024-11-29"),
    (
        "Police will say more about the Nov. 29 shooting.",
        D(2025, 2, 12),
        "Nov. 29",
        Kind.DATE,
        "2024-11-29",
    ),
    (
        "The party will be seeking seats in the December 15 elections.",
        D(2013, 9, 26),
        "December 15",
        Kind.DATE,
        "2013-12-15",
    ),
    # both days of a range of days; the weekend just gone, unless the clause looks forward
    ("The fair runs Nov. 9-10.", D(2024, 11, 14), "10", Kind.DATE, "2024-11-10"),
    ("from Nov. 9 to 12, roads close", D(2024, 11, 14), "12", Kind.DATE, "2024-11-12"),
    ("The body was found over the weekend.", D(2024, 11, 14), "weekend", Kind.DATE, "2024-W45-WE"),
    ("We will meet over the weekend.", D(2024, 11, 14), "weekend", Kind.DATE, "2024-W46-WE"),
    ("Sales rose last fall.", D(2024, 11, 14), "fall", Kind.DATE, "2023-FA"),
    # a future clause reaches into next year, within half a year
    ("The law will take effect Jan. 1.", D(2024, 11, 14), "Jan. 1", Kind.DATE, "2025-01-01"),
    ("Police will say more on Nov. 10.", D(2024, 11, 14), "Nov. 10", Kind.DATE, "2024-11-10"),
    # a time after "about" keeps the day named after it
    (
        "The crash happened about 6:48 p.m. Sunday where the road bends.",
        D(2024, 11, 14),
        "6:48",
        Kind.TIME,
        "2024-11-10T18:48",
    ),
    ("The bells rang at 10 o'clock.", D(2024, 11, 14), "o'clock", Kind.TIME, "2024-11-14T10:00"),
    # British "9.30am", "in the morning" for a.m., a zone named after the time, the first end of
    # a range of hours, a date after "on"
    (
        "Police were called at 9.30am on Saturday.",
        D(2013, 6, 12),
        "9.30am",
        Kind.TIME,
        "2013-06-08T09:30",
    ),
    ("He left about 4:30 in the morning.", D(2013, 6, 12), "4:30", Kind.TIME, "2013-06-12T04:30"),
    # "p.m." ends no clause: the future tense before it still reaches the weekday after it
    (
        "If they win, the Falcons will face the Saints at 8 p.m. Saturday.",
        D(2011, 1, 5),
        "8 p.m.",
        Kind.TIME,
        "2011-01-08T20:00",
    ),
    # text whose tokens were spaced out by a converter ("4: 30 a. m.", as in ECB+)
    ("It began at 4: 30 a. m. Sunday.", D(2013, 6, 12), "4: 30", Kind.TIME, "2013-06-09T04:30"),
    (
        "The polls close at 6 p.m. EDT.",
        D(2013, 6, 12),
        "6 p.m.",
        Kind.TIME,
        "2013-06-12T18:00-04:00",
    ),
    ("It happened between 2 and 3 a.m.", D(2013, 6, 12), "2", Kind.TIME, "2013-06-12T02:00"),
    ("It happened between 2 and 3 a.m.", D(2013, 6, 12), "3 a.m.", Kind.TIME, "2013-06-12T03:00"),
    (
        "Shots rang out between 2 and 3 a.m. Sunday.",
        D(2013, 6, 12),
        "2",
        Kind.TIME,
        "2013-06-09T02:00",
    ),
    # centuries and decades: TIMEX3 writes a century as its two leading digits
    ("the 20th century saw two wars", D(2024, 11, 14), "century", Kind.DATE, "19"),
    ("a 19th-century mill", D(2024, 11, 14), "century", Kind.DATE, "18"),
    ("in the twenty-first century", D(2024, 11, 14), "century", Kind.DATE, "20"),
    ("the defining problem of this century", D(2024, 11, 14), "century", Kind.DATE, "20"),
    ("settlers arrived in the 1800s", D(2024, 11, 14), "1800s", Kind.DATE, "18"),
    ("sales in the second half of 2012", D(2012, 2, 29), "half", Kind.DATE, "2012-H2"),
    ("by the end of the decade", D(2024, 11, 14), "decade", Kind.DATE, "202X"),
    # "the following decade" follows the decade named before it, else publication's
    (
        "Sales grew in the 1990s and fell in the following decade.",
        D(2024, 11, 14),
        "following",
        Kind.DATE,
        "200X",
    ),
    ("It will change in the following decade.", D(2024, 11, 14), "following", Kind.DATE, "203X"),
    (
        "He was elected in 2005 and resigned the following year.",
        D(2024, 11, 14),
        "following",
        Kind.DATE,
        "2006",
    ),
    # sets
    ("The fair is held annually in May.", D(2024, 11, 14), "annually", Kind.SET, "P1Y"),
    ("Annually, the city hosts a fair.", D(2024, 11, 14), "Annually", Kind.SET, "P1Y"),
    ("He runs every morning.", D(2024, 11, 14), "every morning", Kind.SET, "XXXX-XX-XXTMO"),
    ("The council meets weekly.", D(2024, 11, 14), "weekly", Kind.SET, "P1W"),
    ("Elections are held every four years.", D(2024, 11, 14), "every", Kind.SET, "P4Y"),
    ("The market is open on Mondays.", D(2024, 11, 14), "Mondays", Kind.SET, "XXXX-WXX-1"),
    ("The board meets twice a week.", D(2024, 11, 14), "twice a week", Kind.SET, "P1W"),
    ("Patrols run every other day.", D(2024, 11, 14), "every other day", Kind.SET, "P2D"),
    ("The fair returns every summer.", D(2024, 11, 14), "every summer", Kind.SET, "XXXX-SU"),
    # vague durations: a bare plural unit measured by the words around it
    ("The repairs took weeks.", D(2024, 11, 14), "weeks", Kind.DURATION, "PXW"),
    ("Weeks later, he was arrested.", D(2024, 11, 14), "Weeks", Kind.DURATION, "PXW"),
    ("after years of war", D(2024, 11, 14), "years", Kind.DURATION, "PXY"),
    ("He spent years in prison.", D(2024, 11, 14), "years", Kind.DURATION, "PXY"),
    # today is the publication day, now the present
    ("Today, the plant reopened.", D(2024, 11, 14), "Today", Kind.DATE, "2024-11-14"),
    ("the plant is now closed", D(2024, 11, 14), "now", Kind.DATE, "PRESENT_REF"),
    ("It has been quiet until now.", D(2024, 11, 14), "now", Kind.DATE, "PRESENT_REF"),
    # spans of years: each end is a year
    ("the budget deficit in 2019-20 was", D(2024, 11, 14), "2019", Kind.DATE, "2019"),
    ("the budget deficit in 2019-20 was", D(2024, 11, 14), "-20", Kind.DATE, "2020"),
    ("the 1999–00 season", D(2024, 11, 14), "00", Kind.DATE, "2000"),
    ("He served from 2001 to 2009.", D(2024, 11, 14), "2001", Kind.DATE, "2001"),
    ("He served from 2001 to 2009.", D(2024, 11, 14), "2009", Kind.DATE, "2009"),
    # a day counted in a series is the day it has reached
    ("Wednesday was the 99th day of the strike.", D(2024, 11, 14), "99th", Kind.DATE, "2024-11-13"),
    (
        "Trading was suspended for a second consecutive day.",
        D(2008, 9, 17),
        "second",
        Kind.DATE,
        "2008-09-17",
    ),
    ("Stocks gained for a fourth week in a row.", D(2009, 4, 4), "fourth", Kind.DATE, "2009-W14"),
    # a record measured against the past is the period being reported
    (
        "US stock markets have their best week since November",
        D(2009, 3, 13),
        "week",
        Kind.DATE,
        "2009-W11",
    ),
    (
        "On Tuesday the Dow had its worst day in years.",
        D(2009, 3, 13),
        "day in",
        Kind.DATE,
        "2009-03-10",
    ),
    # "recent" before a noun is the past
    ("analysts blame recent losses on fears", D(2009, 3, 13), "recent", Kind.DATE, "PAST_REF"),
    # two-digit years after a date word
    ("the class of '58 met again", D(2024, 11, 14), "'58", Kind.DATE, "1958"),
    ("It has not flooded like this since ’58.", D(2024, 11, 14), "58", Kind.DATE, "1958"),
    # a vague plural after an object pronoun and "for" is a length, not "her years"
    ("Neighbours had warned her for years.", D(2024, 11, 14), "years", Kind.DURATION, "PXY"),
    # "throughout the weekend", British "at the weekend": the weekend just gone in a past clause
    ("Crews worked throughout the weekend.", D(2024, 11, 14), "weekend", Kind.DATE, "2024-W45-WE"),
    (
        "Ministers agreed at the weekend to act.",
        D(2024, 11, 14),
        "weekend",
        Kind.DATE,
        "2024-W45-WE",
    ),
    # rates per minute
    ("Pumps moved 900 litres per minute.", D(2024, 11, 14), "per minute", Kind.SET, "PT1M"),
    ("A car was stolen every minute.", D(2024, 11, 14), "every minute", Kind.SET, "PT1M"),
    # fiscal years are their own TIMEX3 value, named or relative to publication
    ("profit for fiscal 2007 rose", D(2007, 1, 18), "fiscal 2007", Kind.DATE, "FY2007"),
    ("in the fiscal year 2007", D(2007, 1, 18), "fiscal year", Kind.DATE, "FY2007"),
    ("FY07 results", D(2007, 1, 18), "FY07", Kind.DATE, "FY2007"),
    ("FY 07 results", D(2007, 1, 18), "FY 07", Kind.DATE, "FY2007"),
    ("FY99 results", D(2007, 1, 18), "FY99", Kind.DATE, "FY1999"),
    # a time of a first round of polls is a time, not a clock of play
    (
        "Polls in the first round closed at 8:00 on Sunday.",
        D(2012, 6, 15),
        "8:00",
        Kind.TIME,
        "2012-06-10T08:00",
    ),
    ("sales fell last fiscal year", D(2007, 1, 18), "fiscal year", Kind.DATE, "FY2006"),
    (
        "the very beginning of the financial year marked a rise",
        D(2007, 1, 18),
        "financial year",
        Kind.DATE,
        "FY2007",
    ),
    # "the year before" with no year named before it is the year before publication's
    (
        "40 million watched, 2% higher than the year before – he said",
        D(2013, 8, 2),
        "the year before",
        Kind.DATE,
        "2012",
    ),
    # a part of day with no day: the story's day in a past clause, else no day
    (
        "The marchers had dispersed by late afternoon.",
        D(2010, 5, 5),
        "afternoon",
        Kind.TIME,
        "2010-05-05TAF",
    ),
    # "last night" is the night before publication, also as a possessive after "the"
    (
        "One report posted online last night by MASN Sports",
        D(2008, 12, 23),
        "last night",
        Kind.TIME,
        "2008-12-22TNI",
    ),
    (
        "Last night's unveiling was watched by 6.1m",
        D(2013, 8, 5),
        "Last",
        Kind.TIME,
        "2013-08-04TNI",
    ),
    (
        "in the last night’ s Kraft plant shooting",
        D(2010, 9, 10),
        "last",
        Kind.TIME,
        "2010-09-09TNI",
    ),
    # "the early-morning hours" is a part of the story's day
    (
        "Sunday, a Chargers player was pulled over in the early-morning hours and arrested.",
        D(2009, 2, 4),
        "early-morning hours",
        Kind.TIME,
        "2009-02-01TMO",
    ),
    # "hours" between a clock time and its day
    (
        "escorting vessels at 9: 25 hours on Thursday when officers saw boats",
        D(2011, 11, 11),
        "9: 25",
        Kind.TIME,
        "2011-11-10T09:25",
    ),
    # a plan told in the past perfect was for a day now past
    (
        "A second witness had expected to testify on Thursday as well.",
        D(2013, 4, 12),
        "Thursday",
        Kind.DATE,
        "2013-04-11",
    ),
    # "mid-" before a decade that follows "early and"
    ("the leader in the early and mid-1990's", D(2005, 12, 19), "1990", Kind.DATE, "199X"),
    # the year dollars are counted in is a date, not money
    ("over $76 million (in 2006 dollars) was spent", D(2012, 8, 7), "2006", Kind.DATE, "2006"),
    ("in the near future", D(2012, 4, 4), "near future", Kind.DATE, "FUTURE_REF"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "kind", "value"), TIME_ROWS)
def test_time_values(text: str, published: dt.date, phrase: str, kind: Kind, value: str) -> None:
    m = find(text, published, phrase)
    assert (m.kind, m.value) == (kind, value)
    assert m.resolved


# text, published, phrase, kind, value, qualifier, unit, head
NUMBER_ROWS = [
    (
        "Xi sent the letter, his first to Kim in over eight months,",
        D(2024, 9, 9),
        "eight months",
        Kind.DURATION,
        "P8M",
        Qualifier.MORE_THAN,
        None,
        None,
    ),
    (
        "a deal worth $1.5 million",
        None,
        "$1.5 million",
        Kind.MONEY,
        "1500000 USD",
        Qualifier.EXACT,
        "USD",
        None,
    ),
    (
        "Airbus wins €3bn order",
        None,
        "€3bn",
        Kind.MONEY,
        "3000000000 EUR",
        Qualifier.EXACT,
        "EUR",
        None,
    ),
    (
        "a 13 billion pounds contract",
        None,
        "13 billion pounds",
        Kind.MONEY,
        "13000000000 GBP",
        Qualifier.EXACT,
        "GBP",
        None,
    ),
    (
        "it cost ¥500 million",
        None,
        "¥500 million",
        Kind.MONEY,
        "500000000 JPY",
        Qualifier.EXACT,
        "JPY",
        None,
    ),
    (
        "trade of 2 billion yuan",
        None,
        "2 billion yuan",
        Kind.MONEY,
        "2000000000 CNY",
        Qualifier.EXACT,
        "CNY",
        None,
    ),
    (
        "profits equal 26 cents per share",
        None,
        "26 cents",
        Kind.MONEY,
        "0.26 USD",
        Qualifier.EXACT,
        "USD",
        None,
    ),
    (
        "a AU$52.5 million package",
        None,
        "AU$52.5 million",
        Kind.MONEY,
        "52500000 AUD",
        Qualifier.EXACT,
        "AUD",
        None,
    ),
    ("sales rose 35 percent", None, "35 percent", Kind.PERCENT, "35 %", Qualifier.EXACT, "%", None),
    ("up about 3.5%", None, "3.5%", Kind.PERCENT, "3.5 %", Qualifier.APPROX, "%", None),
    (
        "a 6.1 magnitude earthquake",
        None,
        "6.1 magnitude",
        Kind.QUANTITY,
        "6.1 magnitude",
        Qualifier.EXACT,
        "magnitude",
        None,
    ),
    (
        "a quake of magnitude 7.0 struck",
        None,
        "7.0",
        Kind.QUANTITY,
        "7 magnitude",
        Qualifier.EXACT,
        "magnitude",
        None,
    ),
    (
        "some 30 km from the coast",
        None,
        "30 km",
        Kind.QUANTITY,
        "30 km",
        Qualifier.APPROX,
        "km",
        None,
    ),
    (
        "5,000 tonnes of rice",
        None,
        "5,000 tonnes",
        Kind.QUANTITY,
        "5000 tonnes",
        Qualifier.EXACT,
        "tonnes",
        None,
    ),
    (
        "the Dow fell 89.68 points",
        None,
        "89.68 points",
        Kind.QUANTITY,
        "89.68 points",
        Qualifier.EXACT,
        "points",
        None,
    ),
    (
        "at least 200 miles away",
        None,
        "200 miles",
        Kind.QUANTITY,
        "200 miles",
        Qualifier.AT_LEAST,
        "miles",
        None,
    ),
    ("Eight soldiers died", None, "Eight", Kind.NUMBER, "8", Qualifier.EXACT, None, "soldiers"),
    (
        "nearly two dozen troops",
        None,
        "two dozen",
        Kind.NUMBER,
        "24",
        Qualifier.APPROX,
        None,
        "troops",
    ),
    ("a dozen eggs", None, "a dozen", Kind.NUMBER, "12", Qualifier.EXACT, None, "eggs"),
    ("twenty-one guns fired", None, "twenty-one", Kind.NUMBER, "21", Qualifier.EXACT, None, "guns"),
    (
        "hundreds of protesters gathered",
        None,
        "hundreds of",
        Kind.NUMBER,
        "200",
        Qualifier.AT_LEAST,
        None,
        "protesters",
    ),
    (
        "almost a thousand points lost",
        None,
        "a thousand points",
        Kind.QUANTITY,
        "1000 points",
        Qualifier.APPROX,
        "points",
        None,
    ),
    ("up to 60 workers", None, "60", Kind.NUMBER, "60", Qualifier.AT_MOST, None, "workers"),
    ("fewer than 10 cases", None, "10", Kind.NUMBER, "10", Qualifier.LESS_THAN, None, "cases"),
    (
        "the market closed at -366.94 points",
        None,
        "-366.94",
        Kind.QUANTITY,
        "-366.94 points",
        Qualifier.EXACT,
        "points",
        None,
    ),
    ("the 76th birthday", None, "76th", Kind.ORDINAL, "76", Qualifier.EXACT, None, "birthday"),
    (
        "the seventy-sixth session",
        None,
        "seventy-sixth",
        Kind.ORDINAL,
        "76",
        Qualifier.EXACT,
        None,
        "session",
    ),
    ("the 73rd floor", None, "73rd", Kind.ORDINAL, "73", Qualifier.EXACT, None, "floor"),
    # "half a million"; scale and currency words in a title-case headline
    (
        "left nearly half a million homeless",
        None,
        "nearly half a million",
        Kind.NUMBER,
        "500000",
        Qualifier.APPROX,
        None,
        "homeless",
    ),
    (
        "Teixeira Deal Worth $180 Million",
        None,
        "$180 Million",
        Kind.MONEY,
        "180000000 USD",
        Qualifier.EXACT,
        "USD",
        None,
    ),
    (
        "Firm Raises 5 Billion Euros",
        None,
        "5 Billion Euros",
        Kind.MONEY,
        "5000000000 EUR",
        Qualifier.EXACT,
        "EUR",
        None,
    ),
    # the count of "a mother of two" is of her children, whatever word follows it
    ("A mother of two died.", None, "two", Kind.NUMBER, "2", Qualifier.EXACT, None, "children"),
    # an ISO currency code after the amount
    (
        "the 700 billion USD bailout",
        None,
        "700 billion USD",
        Kind.MONEY,
        "700000000000 USD",
        Qualifier.EXACT,
        "USD",
        None,
    ),
    # yards are a length, in football as elsewhere
    (
        "an 86-yard touchdown run",
        None,
        "86-yard",
        Kind.QUANTITY,
        "86 yard",
        Qualifier.EXACT,
        "yard",
        None,
    ),
    # a scale word after a hyphen
    (
        "a $2.6-million booty",
        None,
        "$2.6-million",
        Kind.MONEY,
        "2600000 USD",
        Qualifier.EXACT,
        "USD",
        None,
    ),
    # temperatures written with the scale's letter; irregular plurals are counted things
    (
        "strong winds and -15C temperatures",
        None,
        "-15C",
        Kind.QUANTITY,
        "-15 C",
        Qualifier.EXACT,
        "C",
        None,
    ),
    ("It hit 86F on Monday.", None, "86F", Kind.QUANTITY, "86 F", Qualifier.EXACT, "F", None),
    (
        "the 401 children removed from the ranch",
        None,
        "401",
        Kind.NUMBER,
        "401",
        Qualifier.EXACT,
        None,
        "children",
    ),
    ("Police held 12 gunmen.", None, "12", Kind.NUMBER, "12", Qualifier.EXACT, None, "gunmen"),
    # a count with no noun after it counts the outcome said right before it
    (
        "Office shooting kills 1, injures 2",
        None,
        "2",
        Kind.NUMBER,
        "2",
        Qualifier.EXACT,
        None,
        "injures",
    ),
    # a number after a name's number and "and" is a count when a noun follows it
    (
        "The Boeing 737 and 12 other planes landed.",
        None,
        "12",
        Kind.NUMBER,
        "12",
        Qualifier.EXACT,
        None,
        "planes",
    ),
    ("Only one man survived.", None, "one", Kind.NUMBER, "1", Qualifier.EXACT, None, "man"),
    (
        "The attack injured at least 58.",
        None,
        "at least 58",
        Kind.NUMBER,
        "58",
        Qualifier.AT_LEAST,
        None,
        "injured",
    ),
    (
        "The gunman killed 12 people and injured 58.",
        None,
        "58",
        Kind.NUMBER,
        "58",
        Qualifier.EXACT,
        None,
        "injured",
    ),
    # the head is the noun ending the noun phrase, after its adjectives
    (
        "navies hold first joint exercise in Pacific",
        None,
        "first",
        Kind.ORDINAL,
        "1",
        Qualifier.EXACT,
        None,
        "exercise",
    ),
    (
        "They held two joint military exercises this year",
        None,
        "two",
        Kind.NUMBER,
        "2",
        Qualifier.EXACT,
        None,
        "exercises",
    ),
    ("One man rides high", None, "One", Kind.NUMBER, "1", Qualifier.EXACT, None, "man"),
    (
        "the first plane arrived in Paris",
        None,
        "first",
        Kind.ORDINAL,
        "1",
        Qualifier.EXACT,
        None,
        "plane",
    ),
    # a unit joined by a hyphen ("a 7.1-magnitude quake", "a 100-mile trip")
    (
        "a 7.1-magnitude quake",
        None,
        "7.1",
        Kind.QUANTITY,
        "7.1 magnitude",
        Qualifier.EXACT,
        "magnitude",
        None,
    ),
    ("a 100-mile trip", None, "100", Kind.QUANTITY, "100 mile", Qualifier.EXACT, "mile", None),
    # units of data and frequency, written against the number or apart
    ("the new 30GB iPod", None, "30GB", Kind.QUANTITY, "30 GB", Qualifier.EXACT, "GB", None),
    ("a 1.2 GHz chip", None, "1.2 GHz", Kind.QUANTITY, "1.2 GHz", Qualifier.EXACT, "GHz", None),
    # a fraction is a share, not an ordinal
    (
        "a third of residents said so",
        None,
        "a third",
        Kind.PERCENT,
        "33.33333333 %",
        Qualifier.EXACT,
        "%",
        None,
    ),
    (
        "two-thirds of voters backed it",
        None,
        "two-thirds",
        Kind.PERCENT,
        "66.66666667 %",
        Qualifier.EXACT,
        "%",
        None,
    ),
    (
        "to close 789, or about a quarter, of its dealers",
        None,
        "a quarter",
        Kind.PERCENT,
        "25 %",
        Qualifier.APPROX,
        "%",
        None,
    ),
    (
        "nearly half of residents said so",
        None,
        "half",
        Kind.PERCENT,
        "50 %",
        Qualifier.APPROX,
        "%",
        None,
    ),
    (
        "one in five adults smokes",
        None,
        "one in five",
        Kind.PERCENT,
        "20 %",
        Qualifier.EXACT,
        "%",
        None,
    ),
    # a clock time after an approximator is an approximate time, not a count
    (
        "It happened around 5 p.m. on the road",
        D(2024, 11, 14),
        "5 p.m.",
        Kind.TIME,
        "2024-11-14T17:00",
        Qualifier.APPROX,
        None,
        None,
    ),
    (
        "The fire started about 10 a.m.",
        D(2024, 11, 14),
        "10 a.m.",
        Kind.TIME,
        "2024-11-14T10:00",
        Qualifier.APPROX,
        None,
        None,
    ),
    (
        "Around 7 a.m. police arrived.",
        D(2024, 11, 14),
        "7 a.m.",
        Kind.TIME,
        "2024-11-14T07:00",
        Qualifier.APPROX,
        None,
        None,
    ),
    (
        "shots were fired around 7:30 p.m.",
        D(2024, 11, 14),
        "7:30 p.m.",
        Kind.TIME,
        "2024-11-14T19:30",
        Qualifier.APPROX,
        None,
        None,
    ),
    (
        "It was just after 5 p.m. when",
        D(2024, 11, 14),
        "5 p.m.",
        Kind.TIME,
        "2024-11-14T17:00",
        Qualifier.EXACT,
        None,
        None,
    ),
    (
        "The shooting was reported at approximately 3:00 pm.",
        D(2024, 11, 14),
        "3:00 pm",
        Kind.TIME,
        "2024-11-14T15:00",
        Qualifier.APPROX,
        None,
        None,
    ),
    (
        "They met at about ten o'clock.",
        D(2024, 11, 14),
        "o'clock",
        Kind.TIME,
        "2024-11-14T10:00",
        Qualifier.APPROX,
        None,
        None,
    ),
    # issue 10: counts of times, positions named by their noun, vague plurals, qualified
    # counts before a name, measures after a three-digit number, pounds of weight, money adjectives
    (
        "a three-time world champion",
        None,
        "three-time",
        Kind.NUMBER,
        "3",
        Qualifier.EXACT,
        None,
        "times",
    ),
    (
        "the four time Grammy nominee",
        None,
        "four time",
        Kind.NUMBER,
        "4",
        Qualifier.EXACT,
        None,
        "times",
    ),
    (
        "The rebels won in round three.",
        None,
        "round three",
        Kind.ORDINAL,
        "3",
        Qualifier.EXACT,
        None,
        "round",
    ),
    (
        "Game two is set for Friday.",
        None,
        "Game two",
        Kind.ORDINAL,
        "2",
        Qualifier.EXACT,
        None,
        "game",
    ),
    (
        "from her fifth-floor window",
        None,
        "fifth",
        Kind.ORDINAL,
        "5",
        Qualifier.EXACT,
        None,
        "floor",
    ),
    (
        "the quake injured dozens more",
        None,
        "dozens",
        Kind.NUMBER,
        "24",
        Qualifier.AT_LEAST,
        None,
        "injured",
    ),
    (
        "Thousands more fled the city.",
        None,
        "Thousands",
        Kind.NUMBER,
        "2000",
        Qualifier.AT_LEAST,
        None,
        None,
    ),
    (
        "hundreds of millions of viewers",
        None,
        "hundreds of millions",
        Kind.NUMBER,
        "200000000",
        Qualifier.AT_LEAST,
        None,
        "viewers",
    ),
    (
        "servers with up to 512 Intel Xeon cores",
        None,
        "512",
        Kind.NUMBER,
        "512",
        Qualifier.AT_MOST,
        None,
        "cores",
    ),
    (
        "she won the 200 meter backstroke",
        None,
        "200 meter",
        Kind.QUANTITY,
        "200 meter",
        Qualifier.EXACT,
        "meter",
        None,
    ),
    (
        "The tablet weighs 1.5 pounds.",
        None,
        "1.5 pounds",
        Kind.QUANTITY,
        "1.5 pounds",
        Qualifier.EXACT,
        "pounds",
        None,
    ),
    (
        "He was fined 300 pounds.",
        None,
        "300 pounds",
        Kind.MONEY,
        "300 GBP",
        Qualifier.EXACT,
        "GBP",
        None,
    ),
    (
        "a three million-euro contract",
        None,
        "three million-euro",
        Kind.MONEY,
        "3000000 EUR",
        Qualifier.EXACT,
        "EUR",
        None,
    ),
    (
        "a million-dollar question",
        None,
        "million-dollar",
        Kind.MONEY,
        "1000000 USD",
        Qualifier.EXACT,
        "USD",
        None,
    ),
    # a definite count is a count ("the two men"); the parties of a relation are not
    (
        "When the two plainclothes officers saw the weapon they fired.",
        None,
        "two",
        Kind.NUMBER,
        "2",
        Qualifier.EXACT,
        None,
        "officers",
    ),
    ("The two co-founded the section.", None, "two", Kind.NUMBER, "2", Qualifier.EXACT, None, None),
    # an ISO code or the dirham's "Dh" before the amount
    (
        "a fine of CHF 3 million",
        None,
        "CHF",
        Kind.MONEY,
        "3000000 CHF",
        Qualifier.EXACT,
        "CHF",
        None,
    ),
    ("900 (Dh4,275) a month.", None, "Dh4", Kind.MONEY, "4275 AED", Qualifier.EXACT, "AED", None),
    # "a second" before a noun is a position, not the unit of time; a rank; a down; a game's
    # quarter
    (
        "A second witness testified.",
        None,
        "second",
        Kind.ORDINAL,
        "2",
        Qualifier.EXACT,
        None,
        "witness",
    ),
    (
        "rebuilt the clinic for a second time",
        None,
        "second",
        Kind.ORDINAL,
        "2",
        Qualifier.EXACT,
        None,
        "time",
    ),
    (
        "the director of the #1 movie in the world",
        None,
        "#1",
        Kind.ORDINAL,
        "1",
        Qualifier.EXACT,
        None,
        "movie",
    ),
    (
        "3rd-and-8 – (Shotgun formation)",
        None,
        "3rd",
        Kind.ORDINAL,
        "3",
        Qualifier.EXACT,
        None,
        "down",
    ),
    (
        "a touchdown on third-and-goal",
        None,
        "third",
        Kind.ORDINAL,
        "3",
        Qualifier.EXACT,
        None,
        "down",
    ),
    (
        "tied the game with 6:00 minutes remaining in the third quarter.",
        D(2012, 12, 23),
        "third",
        Kind.ORDINAL,
        "3",
        Qualifier.EXACT,
        None,
        "quarter",
    ),
    # "N-plus" before a unit; a fraction of a unit
    (
        "Peter Chiodo, a 300-plus-pound mobster",
        None,
        "300",
        Kind.QUANTITY,
        "300 pound",
        Qualifier.MORE_THAN,
        "pound",
        None,
    ),
    (
        "one detonated about a quarter mile from the compound.",
        None,
        "quarter",
        Kind.QUANTITY,
        "0.25 mile",
        Qualifier.APPROX,
        "mile",
        None,
    ),
    ("half a mile away", None, "half", Kind.QUANTITY, "0.5 mile", Qualifier.EXACT, "mile", None),
    # an age as a decade of life, with a hyphen
    ("a man in his mid-50s was", None, "50s", Kind.NUMBER, "53", Qualifier.EXACT, None, "age"),
]


@pytest.mark.parametrize(
    ("text", "published", "phrase", "kind", "value", "qualifier", "unit", "head"), NUMBER_ROWS
)
def test_number_values(
    text: str,
    published: dt.date | None,
    phrase: str,
    kind: Kind,
    value: str,
    qualifier: Qualifier,
    unit: str | None,
    head: str | None,
) -> None:
    m = find(text, published, phrase)
    assert (m.kind, m.value, m.qualifier, m.unit, m.head) == (kind, value, qualifier, unit, head)


@pytest.mark.parametrize(
    ("text", "number", "upper"),
    [
        # an age as a decade of life: between the bounds the modifier gives
        ("a man in his early 30s", 30, 33),
        ("she is in her 40s", 40, 49),
        ("in his late 20s", 26, 29),
        ("between 5 and 7 percent", 5, 7),
        ("5-7 people", 5, 7),
        ("between three and seven percent", 3, 7),
        ("from US$55 billion to US$110 billion", 55e9, 110e9),
        # a scale written once, after the second end, scales both
        ("US$300 to 350 million", 300e6, 350e6),
        ("between 5 and 7 million people", 5e6, 7e6),
        ("1,000 to 2 million fans", 1000, 2e6),
    ],
)
def test_ranges(text: str, number: float, upper: float) -> None:
    (m,) = extract(text, None)
    assert (m.number, m.upper) == (number, upper)


@pytest.mark.parametrize(
    "text",
    [
        "an Airbus A320 jet",
        "Boeing 787 Dreamliner",
        "the 787 Dreamliner",
        "a replacement for their 737 narrowbody airliner",
        "the 737-800 range",
        "the F-35 fighter",
        "during the COVID-19 pandemic",
        "the G7 summit",
        "call 555-123-4567 for help",
        "Apple launches 3G iPhone",
        "Mac OS X, version 10.4.",
        "the Big Three automakers",
        "the Russell 2000 Index",
        "Form 30C was filed.",
        "attacks on Internet Explorer 8 and 9 were reported",
        "He was driving on highway 94 when he was stopped.",
        "The flaw affects Internet Explorer versions 6, 7, 8, and 9.",
        "The last one it shipped was a patch.",
        "ending on Black Monday.",
        'width="2500" height="1532" srcset="https://x.net/files/2024/10/a.jpg 2500w"',
        "2 mins read",
        "Join Now: Free!",
        "number one airline",
        "at one point",
        "talks between the two countries",
        "a deal among the three firms",
        "if there ever came a day when I could",
        "This is not a day anybody can be prepared for.",
        "subject of an SEC investigation",
        "He is first and foremost a father.",
        "She hopes third time's the charm.",
        "He died the year after.",
        "Building #2 was evacuated.",
        "On my last night in Paris we ate late.",
        "It lasted a second but felt longer.",
        "Third time lucky for the hosts.",
        "It took a second or two.",
        "no one answered",
        "At first he ran.",
        "their most recent iPhone model",
        "a witness told the Daily News",
        "thieves struck in the early hours",
        "the other half of the team",
        "the fall of Rome",
        # a game clock of a round; a decade of degrees; the final night; the unit second
        "Late in the round the referee stopped it at 2:56.",
        "temperatures in the mid-50s",
        "On the last night of the tour he sang.",
        "Wait a second.",
        "A second later he fired.",
        "its monthly Patch Tuesday",
    ],
)
def test_no_values_in_names_ids_and_boilerplate(text: str) -> None:
    assert extract(text, D(2024, 9, 9)) == []


def test_ordinal_is_never_a_year() -> None:
    m = find("the 73rd anniversary", None, "73rd")
    assert (m.kind, m.value) == (Kind.ORDINAL, "73")


def test_anniversary_roles() -> None:
    text = "on the occasion of the 76th anniversary of the founding of North Korea."
    m = find(text, D(2024, 9, 9), "76th")
    assert (m.role, m.anchor, m.head, m.subject) == (
        Role.ANNIVERSARY,
        "1948",
        "anniversary",
        "founding of North Korea",
    )
    text = "commemorating the 73rd anniversary of the communist country's founding."
    m = find(text, D(2021, 9, 27), "73rd")
    assert (m.anchor, m.subject) == ("1948", "communist country's founding")
    text = "Kim's earlier letter to mark the 72nd Chinese National Day, according to KCNA."
    m = find(text, D(2021, 10, 24), "72nd")
    assert (m.role, m.anchor, m.head, m.subject) == (
        Role.ANNIVERSARY,
        "1949",
        "national day",
        "Chinese National Day",
    )
    m = find("the 76th anniversary of the founding of North Korea", None, "76th")
    assert (m.anchor, m.resolved) == (None, False)


def test_since_and_gap_roles() -> None:
    m = find("This was Putin's first visit to North Korea since 2000.", D(2024, 9, 9), "2000")
    assert (m.kind, m.value, m.role, m.anchor) == (Kind.DATE, "2000", Role.SINCE, "2000")
    m = find("for the first time since 1959 — a move", D(2024, 9, 9), "1959")
    assert (m.role, m.anchor) == (Role.SINCE, "1959")
    text = "a visit from Putin in June – his first to Pyongyang in 24 years."
    m = find(text, D(2024, 9, 9), "24 years")
    assert (m.value, m.role, m.anchor) == ("P24Y", Role.GAP, "2000")
    m = find("the first time in 24 years", D(2024, 9, 9), "24 years")
    assert (m.role, m.anchor) == (Role.GAP, "2000")
    m = find("his first to Kim in over eight months", D(2024, 9, 9), "eight months")
    assert (m.role, m.anchor, m.qualifier) == (Role.GAP, "2024-01", Qualifier.MORE_THAN)
    m = find("his first visit in 24 years", None, "24 years")
    assert (m.role, m.anchor, m.resolved) == (Role.GAP, None, False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("in June", "XXXX-06"),
        ("every Monday", "XXXX-WXX-1"),
        ("on Monday", "XXXX-WXX-1"),
        ("last month", "XXXX-XX"),
        ("yesterday", "XXXX-XX-XX"),
    ],
)
def test_unknown_publication_date_stays_unresolved(text: str, value: str) -> None:
    (m,) = extract(text, None)
    assert m.value == value
    assert m.kind is Kind.SET or not m.resolved


@pytest.mark.parametrize(
    ("text", "published", "phrase", "value"),
    [
        # a yearless day naming a past event cannot be put in a year
        (
            "the re-opening of the markets following the September 11th terrorist attacks.",
            D(2007, 2, 27),
            "September 11th",
            "XXXX-09-11",
        ),
        # a part of day with no day outside a past clause names no day
        ("She wakes up early in the morning.", D(2010, 5, 5), "morning", "XXXX-XX-XXTMO"),
        ("He will leave in the evening.", D(2010, 5, 5), "evening", "XXXX-XX-XXTEV"),
    ],
)
def test_unresolvable_despite_publication_date(
    text: str, published: dt.date, phrase: str, value: str
) -> None:
    m = find(text, published, phrase)
    assert (m.value, m.resolved) == (value, False)


def test_plain_year_in_date_context_and_counted_year_like_number() -> None:
    assert find("in 2000 the firm", None, "2000").kind is Kind.DATE
    m = find("2000 troops arrived", None, "2000")
    assert (m.kind, m.head) == (Kind.NUMBER, "troops")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_articles_extract_cleanly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    mentions = extract(text, D(2024, 9, 9))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start
    assert all(text[m.start : m.end] == m.text for m in mentions)


def assert_offsets_index(text: str, published: dt.date | None) -> None:
    """Every mention's start and end index the input exactly, in order and without overlap."""
    mentions = extract(text, published)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_never_raises(text: str, published: dt.date | None) -> None:
    assert_offsets_index(text, published)


# Pieces of news text that start, end or widen mentions, to be glued together in any order.
NEWS_FRAGMENTS = [
    "around 5 p.m.",
    "about 6:48 p.m. Sunday",
    "9.30am on",
    "4:30 in the morning",
    "between 2 and 3 a.m.",
    "6 p.m. EDT",
    "4: 30 a. m.",
    "$2. 6 million",
    "170, 000",
    "11. 30 p. m.",
    "1, 199. 99",
    "Nov. 9-10",
    "over the weekend",
    "last fall",
    "the second half of 2012",
    "one in five",
    "half of",
    "twice a week",
    "on Mondays",
    "7.1-magnitude",
    "the 1800s",
    "will",
    "at 10 o'clock",
    "ten o’clock",
    "the previous Tuesday",
    "the Monday shooting",
    "Monday night",
    "Nov. 29",
    "Sept. 9, 2024",
    "in 2019-20",
    "1999–00",
    "from 2001 to 2009",
    "in '58",
    "’82",
    "a third of",
    "two-thirds",
    "about a quarter,",
    "the 20th century",
    "19th-century",
    "the following decade",
    "the 1990s",
    "every morning",
    "Annually",
    "weeks",
    "years of",
    "the 99th day",
    "a second consecutive day",
    "best week since",
    "recent",
    "today",
    "now",
    "$1.5 million",
    "US$ 52.5 million",
    "30GB",
    "between 60 and 90 days",
    "over eight months",
    "the 76th anniversary of",
    "no one",
    "a second or two",
    "first and foremost",
    "side.Four",
    "Daily News",
    "www.example.com/2019-20",
    "(",
    ")",
    ",",
    ".",
    " ",
    "\n",
    "-",
    "é",
    "\u00a0",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(NEWS_FRAGMENTS), st.text(max_size=3)),
        max_size=25,
    ),
    st.one_of(st.none(), st.dates()),
)
def test_offsets_on_news_like_text(parts: list[str], published: dt.date | None) -> None:
    assert_offsets_index(" ".join(parts), published)
    assert_offsets_index("".join(parts), published)
