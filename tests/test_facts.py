"""The fact model, on real extractor output: which slot each value fills, and the verdict two
sources' values get from it. Tables of (sentence A, sentence B, expected verdict) with the
classes of issue 9: ages of one or two people, times of day, counts of one outcome, parts of a
total, updates and corrections, and a weekday printed beside a date it does not fall on."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from crosscheck.compare import Thresholds, compare_sentences, overall
from crosscheck.extract import extract
from crosscheck.facts import (
    ambiguous_holders,
    named_ages,
    read_facts,
    sole_first_names,
    story_of,
    weekday_mismatches,
)
from crosscheck.schema import Sentence, Source, Verdict

D = dt.date(2021, 11, 17)


def sentence(text: str, doc: str = "a", published: dt.date | None = D) -> Sentence:
    mentions = tuple(extract(text, published))
    return Sentence(
        doc_id=doc, index=0, text=text, start=0, end=len(text), line=1, mentions=mentions
    )


def source(doc: str, published: dt.date | None = D) -> Source:
    return Source(id=doc, path=f"{doc}.txt", format="txt", sha256="0", published=published)


def verdict(text_a: str, text_b: str, pub_a: dt.date = D, pub_b: dt.date = D) -> Verdict:
    a = (sentence(text_a, "a", pub_a), source("a", pub_a))
    b = (sentence(text_b, "b", pub_b), source("b", pub_b))
    return overall(compare_sentences(a, b))


def labels(text: str) -> list[str]:
    return [f.label() for f in read_facts(sentence(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The suspect was shot by 34-year-old John Doe.", "age of John Doe"),
        ("Police said John M. Doe, 35, fired first.", "age of John M Doe"),
        ("An 18-year-old male confessed to the murder.", "age of male"),
        ("The gunman killed 12 people on Friday.", "count of people killed"),
        ("Twelve people were killed and 70 others were injured.", "count of people killed"),
        ("Gray was shot seven times.", "count of times shot"),
        ("A man in his early 30s was killed.", "age"),
        ("Two, she shot and killed there in the room.", "count of things"),
        # an apposition's age is the named person's; a place before the comma names nobody
        (
            "The gunman is Anthony LaCalamita III, a 38-year-old Troy resident.",
            "age of Anthony LaCalamita",
        ),
        ("In Brooklyn, a 17-year-old boy was shot on Saturday.", "age of boy"),
    ],
)
def test_the_slot_a_value_fills(text: str, expected: str) -> None:
    assert labels(text)[0] == expected


def test_a_count_takes_the_outcome_of_its_own_clause() -> None:
    found = labels("The gunman killed 12 people and injured 58 on Friday.")
    assert found[:2] == ["count of people killed", "count of people injured"]
    other_clause = labels("A receptionist died and two workers underwent surgery.")[0]
    assert not other_clause.endswith(("killed", "injured"))


ROWS = [
    # whose age: the same person named differently, a different person, an unnamed one
    (
        "He was shot by 34-year-old John Doe.",
        "The father of 35-year-old John M. Doe said.",
        Verdict.CONFLICT,
    ),
    ("He was shot by 34-year-old John Doe.", "Police named the victim as Doe, 34.", Verdict.AGREE),
    ("Kimani Gray, 16, was shot.", "His sister Mahnefah Gray, 19, spoke.", None),
    ("A 12-year-old girl was hurt.", "An 11-year-old girl was hurt.", Verdict.DISPUTED),
    # times of day are compared by the clock, not cut to the day
    (
        "The shooting happened around 5 p.m. Sunday.",
        "The shooting happened around 7:30 p.m. Sunday.",
        Verdict.CONFLICT,
    ),
    (
        "The shooting happened around 5 p.m. Sunday.",
        "The shooting happened at 5:10 p.m. Sunday.",
        Verdict.AGREE,
    ),
    (
        "The shooting happened late Thursday night.",
        "The shooting happened shortly before midnight Thursday.",
        Verdict.AGREE,
    ),
    # counts of one outcome; other outcomes, parts and places are not the same count
    (
        "Police said 12 people were injured in the riots.",
        "Police said 18 people had been injured in the violence.",
        Verdict.CONFLICT,
    ),
    (
        "Three people were shot Saturday night.",
        "Four victims were shot Saturday night.",
        Verdict.CONFLICT,
    ),
    ("The gunman killed 12 people.", "The gunman injured 15 people.", None),
    ("A bomb killed two women and a man.", "Three people were killed by a bomb.", None),
    (
        "Twelve people were killed in Bener Meriah district.",
        "At least 14 people were killed by the quake.",
        None,
    ),
    # a later source that says the figure moved, or that an earlier one was wrong
    ("Three people were killed in the fire.", "The death toll rose to 5, officials said.", None),
    (
        "Three people were killed in the fire.",
        "Five people were killed in the fire, not three as initially reported.",
        Verdict.CORRECTED,
    ),
]


# Classes of this version, each as a pair of sentences two outlets might print.
ROWS_SLOTS = [
    # worded alike but for the value: one fact whatever the verbs say
    ("Smith is due in court March 3.", "Smith is due in court March 4.", Verdict.CONFLICT),
    (
        "Registration will run from May 2 to May 30.",
        "Registration will run from May 3 to May 30.",
        Verdict.CONFLICT,
    ),
    (
        "The storm killed 12 people in the province.",
        "The storm injured 15 people in the province.",
        None,
    ),
    # two verbs of one plan; two actions of one story are two times
    (
        "The hearing will resume Sunday with testimony from a neighbour.",
        "The hearing is scheduled to resume Monday with a neighbour's testimony.",
        Verdict.DISPUTED,
    ),
    (
        "Deputies spotted Diaz shortly after 3 p.m. near the park.",
        "Diaz was arrested shortly before midnight near the park.",
        None,
    ),
    (
        "Yesterday, police explained that officers shot the man.",
        "Officers shot the man on Saturday, police said.",
        None,
    ),
    # a clock of play is no time of day
    (
        "Jones scored to make it 19-12 with 11:43 left in the half.",
        "Jones scored again with 13:41 left in the half.",
        None,
    ),
    # checked out is no admission; found guilty is a verdict
    (
        "She checked into the clinic on Thursday.",
        "She checked out of the clinic on Friday.",
        None,
    ),
    # counts of things with one verb are likely one fact; a part in cash is not the price
    (
        "About 300 students were attending class when the bomb landed.",
        "Some 200 students were attending class at the time.",
        Verdict.DISPUTED,
    ),
    (
        "Acme will pay $334 million for Widgetco, including $281 million in cash.",
        "Acme is paying $300 million in Widgetco stock.",
        None,
    ),
    (
        "Acme is paying $281 million in cash for Widgetco.",
        "Acme will pay $334 million for Widgetco.",
        None,
    ),
    # the parts paid in cash of one price, told two ways
    (
        "Acme will pay $334 million for Widgetco, including $281 million in cash.",
        "Acme is paying $300 million in cash for Widgetco.",
        Verdict.DISPUTED,
    ),
    # a price is of what it buys, however worded; two things' prices are two facts
    (
        "Acme will pay $334 million for Widgetco.",
        "Acme shelled out $500 million for the acquisition of Widgetco.",
        Verdict.DISPUTED,
    ),
    (
        "The Orioles offered $150 million for Teixeira.",
        "The Yankees paid $161 million for Sabathia.",
        None,
    ),
    # tolls in different regions, or of different events, are two tolls
    (
        "The bombing in Upper Nile state killed seven people.",
        "The bombing in Unity state killed 12 people.",
        None,
    ),
    (
        "Troops fought rebels near the town, killing 20 people.",
        "The bombing near the town killed 12 people.",
        None,
    ),
    # the latest time a step was done, told by two outlets
    (
        "By 6:40 a.m. the fire was under control, the chief said.",
        "The fire was knocked down by 8:40 a.m.",
        Verdict.DISPUTED,
    ),
    # two unnamed people of one description years apart in age are two people
    ("A 32-year-old climber fell on Saturday.", "A 36-year-old climber died on Friday.", None),
    # a day's year inferred differently on each side: the month and day are what was said
    (
        "Klitschko will defend his title against Charr in Moscow on Sept. 8.",
        "Klitschko will defend his title against Charr in Moscow on Sept. 7, 2022.",
        Verdict.CONFLICT,
    ),
    # a relative clause tells of the name before its "who"; two people's dates in one
    # sentence are two facts, not one slot with two values
    (
        "The Saints signed DeShawn Wynn on Tuesday.",
        "The backs are DeShawn Wynn, who was signed on Monday, and Joique Bell, who was"
        " signed Wednesday.",
        Verdict.CONFLICT,
    ),
    # two actions of one person: one time only when one clause tells of the other's action
    (
        "Chohan was walking along parked cars at around 7 p.m. when a car struck Chohan.",
        "At approximately 9 p.m., Chohan was walking near the intersection.",
        Verdict.DISPUTED,
    ),
    (
        "A passer-by spotted Orozco shortly after 3 p.m. near the park.",
        "Orozco was arrested shortly before midnight near the park.",
        None,
    ),
    # only one names the region, but the other count of both sentences is the same figure
    (
        "Lang said at least 12 people had been killed and 10 wounded.",
        "Lang, the commissioner of Pariang County in Unity State, said 12 people were killed"
        " and 20 were wounded in the bombing.",
        Verdict.DISPUTED,
    ),
    (
        "Lang said seven people had been killed and 10 wounded.",
        "Lang, the commissioner of Pariang County in Unity State, said 12 people were killed"
        " and 20 were wounded in the bombing.",
        None,
    ),
    # a clause with no dated verb that tells of the event the other clause dates
    (
        "Sudan said rebels were killed in clashes in South Kordofan in the town of Talodi"
        " on Wednesday.",
        "Sudanese forces fought rebels in South Kordofan near the town of Taludi Thursday.",
        Verdict.DISPUTED,
    ),
    # a part of a price is a part of what the sentence's whole sum buys; "Sea Micro" and
    # "SeaMicro Inc." are one company
    (
        "AMD will pay $334 million for SeaMicro, including $310 million in cash.",
        "Advanced Micro Devices is acquiring Sea Micro today for $334 million, including"
        " $281 million in cash.",
        Verdict.DISPUTED,
    ),
    # a game clock is no time of day
    (
        "The Chiefs tied the game with 6:00 minutes remaining in the third quarter.",
        "The Chiefs lost their home finale to the Colts on Sunday afternoon.",
        None,
    ),
    # a bound agrees only with its own figure: "as many as 80" holds 50, another toll
    (
        "The governor said 50 people were injured in the quake.",
        "As many as 80 people were injured in the quake.",
        None,
    ),
    ("At least 24 people were killed in the quake.", "The quake killed 24 people.", Verdict.AGREE),
    # a sum is what the noun after it names: one story's bond, or a bond and a grant
    (
        "Palmer voters approved a $3 million bond to buy the properties.",
        "Voters in Palmer approved a $5 million bond to pay for the property.",
        Verdict.DISPUTED,
    ),
    (
        "Palmer voters approved a $3 million bond to buy the properties.",
        "The city received a $5 million grant to pay for the property.",
        None,
    ),
    # a date in parentheses after its weekday is the date, the weekday its restatement
    (
        "The coroner believes LaRue died Saturday, July 23, 2004, of natural causes.",
        "The coroner said he believes Mr. LaRue died Saturday (July 24, 2004).",
        Verdict.CONFLICT,
    ),
    # and it dates what the weekday would: here the announcement, not the restoring
    (
        "Cybersmart said their Seacom service was restored at 10: 57 on 11 October 2011.",
        "Last week Friday (14 October 2011), Seacom announced that it had restored services.",
        None,
    ),
    # a price is of the model its size names; a product name tells two models of one size apart
    (
        "The 13-inch MacBook Pro costs $1199, while the 15-inch will sell for $1499.",
        "The 15-inch MacBook Pro starts off at $1, 799.",
        Verdict.DISPUTED,
    ),
    (
        "Apple's new MacBook Pro line starts at $1, 199 for the 13-inch option.",
        "The 11-inch Air still starts at $999, Apple said.",
        None,
    ),
    (
        "The 13-inch Air starts at $1, 199, Apple said.",
        "The 13-inch MacBook Pro starts at $1, 499, Apple said.",
        Verdict.AGREE,  # on the size only: the prices are of two models
    ),
    # one kind of thing by another word: homes and houses, kids and children
    (
        "At least two homes were totally flattened in the village, she said.",
        "At least three houses were totally flattened in the village, she said.",
        Verdict.DISPUTED,
    ),
    (
        "The fire killed three kids, police said.",
        "The fire killed four children, police said.",
        Verdict.CONFLICT,
    ),
    # a year holds every day of it; "at least one" holds any toll: neither confirms anything
    (
        "DeGeneres tweeted the news on Friday.",
        "DeGeneres will host the Oscars this year, she tweeted.",
        None,
    ),
    ("At least one person was killed in the quake.", "The quake killed 1 person.", None),
    # "one man" quoted is someone, not a count; one person killed is a count
    ("One man who called 911 said he heard shots.", "One man told police he saw a car.", None),
    ("One person was killed in the crash.", "The crash killed one person.", Verdict.AGREE),
    # a figure written with the corpus's token spacing is rounded to its written decimal
    (
        "Days later a $2. 8 million necklace was lifted by a crook at a party in Cap d'Antibes.",
        "Days later a $2. 5 million necklace was lifted by a crook at a party in Cap d'Antibes.",
        Verdict.CONFLICT,
    ),
    # figures hedged alike are compared as written; a toll's lower bounds rise and are not
    (
        "Authorities seized more than 400 children from the ranch in 2008.",
        "Authorities seized more than 500 children from the ranch in 2008.",
        Verdict.DISPUTED,
    ),
    (
        "At least three people were killed in the quake, officials said.",
        "At least five people were killed in the quake, officials said.",
        None,
    ),
    # two ranges differ when an end differs
    (
        "The Orioles offered Teixeira a deal worth between $140 million and $150 million.",
        "The Orioles offered Teixeira a deal worth between $140 million and $180 million.",
        Verdict.CONFLICT,
    ),
    # a part paid in cash against the whole price paid in cash and stock
    (
        "AMD is paying $281m in cash and $53m in stock to acquire SeaMicro.",
        "AMD will pay $334 million in cash and stock for SeaMicro.",
        None,
    ),
]


@pytest.mark.parametrize(("text_a", "text_b", "expected"), ROWS + ROWS_SLOTS)
def test_verdicts_follow_the_slot(text_a: str, text_b: str, expected: Verdict | None) -> None:
    result = verdict(text_a, text_b)
    assert (result if result != Verdict.RELATED else None) == expected


def test_a_time_without_its_day_does_not_date_its_event_to_publication_day() -> None:
    """Published a day apart, "at 5 p.m." and "at 3 p.m." of one explosion still conflict:
    neither says a day, so they are not the explosions of two days."""
    found = verdict(
        "Witnesses said there were three further explosions at 5 p.m.",
        "Witnesses said there were three further explosions at 3 p.m.",
        dt.date(2011, 11, 11),
        dt.date(2011, 11, 10),
    )
    assert found == Verdict.CONFLICT


def _ages(text_a: str, text_b: str, story: list[str]) -> Verdict:
    """The verdict on two sentences of a story whose other sentences name people's ages."""
    members = [sentence(text, f"s{i}") for i, text in enumerate(story)]
    thresholds = Thresholds(named_ages=named_ages(members))
    a = (sentence(text_a, "a"), source("a"))
    b = (sentence(text_b, "b"), source("b"))
    return overall(compare_sentences(a, b, thresholds))


def test_a_described_person_is_the_one_named_person_of_about_that_age() -> None:
    described = "Two officers shot and killed a 17-year-old Brooklyn resident on Saturday."
    named = "Officers shot and killed 16-year-old Kimani Gray in Brooklyn."
    assert _ages(described, named, [named]) == Verdict.DISPUTED
    # another named person of about that age: the description may be either
    other = "His friend Tyrone Smith, 17, saw the shooting."
    assert _ages(described, named, [named, other]) != Verdict.DISPUTED
    # a suspect arrested is not the victim shot
    arrested = "Police arrested a 17-year-old suspect on Saturday."
    assert _ages(arrested, named, [named]) != Verdict.DISPUTED


def test_a_sum_worded_as_the_whole_story_words_sums_is_tied_by_rarer_names() -> None:
    """ "worth" is every heist's word in a story of four heists; beside the Carlton Hotel,
    which only some sentences name, two sums are likely one."""
    carlton = (
        "In July, a masked jewel thief stole £79m worth of precious stones from the Carlton"
        " Hotel in Cannes."
    )
    other = (
        "At the end of July, an armed man robbed the Carlton Hotel in Cannes, making off with"
        " jewellery worth £88m."
    )
    a, b = (sentence(carlton, "a"), source("a")), (sentence(other, "b"), source("b"))
    story = Thresholds(common_words=frozenset({"worth", "jewel", "jewelleri"}))
    assert overall(compare_sentences(a, b, story)) == Verdict.DISPUTED
    plain = "In July, a masked jewel thief stole £79m worth of precious stones from a hotel."
    a = (sentence(plain, "a"), source("a"))
    assert overall(compare_sentences(a, b, story)) not in (Verdict.CONFLICT, Verdict.DISPUTED)


def test_a_shared_surname_is_the_one_person_each_article_names() -> None:
    """ "Jeffs" is Warren and Rulon in the story; an article that names Warren (twice as often
    as anyone else of that name) means him by its bare "Jeffs"."""
    a_texts = ["Warren Jeffs was sentenced on Tuesday.", "Jeffs, 55, will appeal."]
    b_texts = ["Warren Jeffs spoke to the judge.", "Warren Jeffs, son of Rulon Jeffs, sat."]
    b_texts += ["Warren Jeffs left.", "The 54-year-old Jeffs was not asked to enter a plea."]
    members = [sentence(t, "a") for t in a_texts] + [sentence(t, "b") for t in b_texts]
    ambiguous = ambiguous_holders(members)
    assert "jeffs" in ambiguous
    story = Thresholds(
        ambiguous_holders=ambiguous,
        sole_first_names=sole_first_names(((s.doc_id, s.text) for s in members), ambiguous),
    )
    a, b = (members[1], source("a")), (members[-1], source("b"))
    assert overall(compare_sentences(a, b, story)) == Verdict.DISPUTED
    # an article naming Brent Jeffs about as often as Warren: its "Jeffs" may be either
    b_texts = ["Warren Jeffs spoke.", "Brent Jeffs spoke.", b_texts[-1]]
    members = [sentence(t, "a") for t in a_texts] + [sentence(t, "b") for t in b_texts]
    story = Thresholds(
        ambiguous_holders=ambiguous,
        sole_first_names=sole_first_names(((s.doc_id, s.text) for s in members), ambiguous),
    )
    a, b = (members[1], source("a")), (members[-1], source("b"))
    assert overall(compare_sentences(a, b, story)) not in (Verdict.CONFLICT, Verdict.DISPUTED)


def test_a_date_ahead_of_its_own_article_is_a_plan_like_one_said_in_the_future() -> None:
    """ "might not make its November 21, 2013 release date" (an undated article) and "has a
    release date of 22 November 2013" (published 2012) both tell of the plan: one fact."""
    a_text = "Catching Fire might not make its November 21, 2013 release date."
    b_text = "Catching Fire has a release date of 22 November 2013, the studio said."
    published = dt.date(2012, 4, 5)
    a = (sentence(a_text, "a", None), source("a", None))
    b = (sentence(b_text, "b", published), source("b", published))
    assert overall(compare_sentences(a, b)) == Verdict.DISPUTED


def test_a_date_does_not_date_the_clause_after_that() -> None:
    """ "got a call shortly after 5:30 a.m. Tuesday that the vacated building was on fire": the
    time is the call's, not the vacating's."""
    text = (
        "Dispatchers got a call shortly after 5: 30 a. m. Tuesday that the vacated building burned."
    )
    facts = read_facts(sentence(text))
    assert [f.event for f in facts if f.attribute == "time of day"] == [None]  # not "vacated"


def test_a_mother_of_twelve_counts_her_children() -> None:
    assert (
        labels("Zurana Horton, 34, a mother of 12, was fatally shot.")[1]
        == "count of children born"
    )
    assert labels("The newlywed and father to two boys died almost immediately.")[0] == (
        "count of children born"
    )


def test_a_season_of_play_is_no_year() -> None:
    """In January "this season" (2010: a season of play straddles New Year) is not "this
    year" (2011)."""
    january = dt.date(2011, 1, 5)
    found = verdict(
        "Ivory rushed for 716 yards this year, leading the Saints in rushing.",
        "Ivory was the club's leading rusher this season.",
        january,
        january,
    )
    assert found not in (Verdict.CONFLICT, Verdict.DISPUTED)


def test_a_weekday_of_an_undated_article_is_compared_by_its_name() -> None:
    undated = "Drake, which had defeated Bradley in Wednesday's play-in round, closed to 47-44."
    dated = "Drake, which had defeated Bradley in Thursday's play-in round, hung with Creighton."
    march_8 = dt.date(2013, 3, 8)
    a = (sentence(undated, "a", None), source("a", None))
    b = (sentence(dated, "b", march_8), source("b", march_8))
    found = compare_sentences(a, b)
    assert [c.verdict for c in found] == [Verdict.CONFLICT]
    assert "name different weekdays" in found[0].reason


def test_a_later_higher_figure_with_a_cue_is_an_update() -> None:
    a = "Three people were killed in the fire, police said."
    b = "Five people were killed in the fire, police said, as the toll rose."
    assert verdict(a, b, D, D + dt.timedelta(days=2)) == Verdict.UPDATE
    assert verdict(a, b, D, D) == Verdict.CONFLICT


def test_an_age_one_higher_a_year_later_is_an_update() -> None:
    a, b = "Andrew Lopez, 18, was arrested.", "Twenty-year-old Andrew Lopez was charged."
    assert verdict(a, b, D, D + dt.timedelta(days=540)) == Verdict.UPDATE


def test_a_weekday_beside_a_date_it_does_not_fall_on() -> None:
    wrong = sentence("The shooting happened on Monday, Nov. 16, police said.")  # a Tuesday
    right = sentence("The shooting happened on Tuesday, Nov. 16, police said.")
    assert [(d.text, m.value) for d, m in weekday_mismatches(wrong)] == [("Monday", "2021-11-16")]
    assert weekday_mismatches(right) == []


def test_a_weekday_beside_its_date_does_not_hide_a_conflicting_date() -> None:
    a = "The shooting happened on Monday, Nov. 15, police said."
    b = "The shooting happened on Nov. 14, police said."
    assert verdict(a, b) == Verdict.CONFLICT


def test_stories_split_unrelated_articles_and_keep_one_story_together() -> None:
    texts = {
        "q1": "An earthquake struck Aceh province in Sumatra on Tuesday, killing Hasan Basri.",
        "q2": "The Aceh earthquake in Sumatra killed Hasan Basri, officials in Aceh said.",
        "f1": "Chelsea beat Arsenal at Stamford Bridge as Drogba scored twice.",
    }
    sentences = [sentence(t, d) for d, t in texts.items()]
    rng = np.random.default_rng(0)
    quake, football = rng.normal(size=8), rng.normal(size=8)
    vectors = np.stack([quake, quake + 0.1, football]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    story = story_of(list(texts), sentences, vectors)
    assert story["q1"] == story["q2"] != story["f1"]


def test_articles_that_read_alike_are_one_story_whatever_names_they_print() -> None:
    """Two outlets' accounts of one shooting may share no rare name; reading nearly alike
    (cosine 0.85 or more) links them, and reading only fairly alike does not."""
    texts = {
        "a": "KYW's Pat Loeb reports the shooting took place inside the old Nabisco factory.",
        "b": "The shootings happened at a Kraft Foods plant in Northeast Philadelphia.",
    }
    sentences = [sentence(t, d) for d, t in texts.items()]
    rng = np.random.default_rng(1)
    base, noise = rng.normal(size=16), rng.normal(size=16)
    for share, together in ((0.2, True), (1.0, False)):
        vectors = np.stack([base, base + share * noise]).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        alike = float(vectors[0] @ vectors[1])
        assert (alike >= 0.85) == together
        story = story_of(list(texts), sentences, vectors)
        assert (story["a"] == story["b"]) == together


def test_lower_bounds_told_on_two_days_may_both_hold() -> None:
    """ "more than 400" one day and "more than 500" the next is a count that rose, not a
    misreport; told the same day, the written figures differ."""
    a = "Authorities seized more than 400 children from the ranch, officials said."
    b = "Authorities seized more than 500 children from the ranch, officials said."
    assert verdict(a, b) == Verdict.DISPUTED
    later = dt.date(2021, 11, 18)
    assert verdict(a, b, D, later) not in (Verdict.CONFLICT, Verdict.DISPUTED)
