"""Segmentation: sentence splitting, boilerplate removal, exact offsets and file lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.ingest import load_corpus
from crosscheck.schema import Document, Source
from crosscheck.segment import segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def doc(text: str, *, fmt: str = "txt", line_offset: int = 0) -> Document:
    source = Source(id="d", path="d.txt", format=fmt, sha256="", line_offset=line_offset)
    return Document(source=source, text=text)


def texts(text: str) -> list[str]:
    return [s.text for s in segment(doc(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SEOUL, Sept. 9 (UPI) — Xi vowed to strengthen ties. State media said so.",
            ["SEOUL, Sept. 9 (UPI) — Xi vowed to strengthen ties.", "State media said so."],
        ),
        (
            "Talks with the U.S. and South Korea stalled. Kim wrote back.",
            ["Talks with the U.S. and South Korea stalled.", "Kim wrote back."],
        ),
        (
            "It was the first since a greeting on Jan.1 and comes late. Next.",
            ["It was the first since a greeting on Jan.1 and comes late.", "Next."],
        ),
        (
            "Xi pledges to boost ties with N.Korea in letter to Kim\n\nXi made the remarks.",
            ["Xi pledges to boost ties with N.Korea in letter to Kim", "Xi made the remarks."],
        ),
        ('He said "Hello. There." Then left.', ['He said "Hello. There."', "Then left."]),
        (
            "Beijing hoped to “deepen friendly… cooperation” with Pyongyang. Done.",
            ["Beijing hoped to “deepen friendly… cooperation” with Pyongyang.", "Done."],
        ),
        (
            "He fled at around 9 a. m., Lyons said. A magnitude-6. 1 quake struck.",
            ["He fled at around 9 a. m., Lyons said.", "A magnitude-6. 1 quake struck."],
        ),
        ('"We are done here. " LaRue said.', ['"We are done here. " LaRue said.']),
        (
            "# A heading that says something\n- A list item says this.",
            [
                "A heading that says something",
                "A list item says this.",
            ],
        ),
        ("<p>A paragraph in a tag.</p>", ["A paragraph in a tag."]),
        ("Same line.\n\nSame line.\n\nOther line.", ["Same line.", "Other line."]),
        # a.m./p.m. before the word that dates the time: one sentence
        (
            "The crash happened about 6:48 p.m. Sunday where the road bends. Police came.",
            ["The crash happened about 6:48 p.m. Sunday where the road bends.", "Police came."],
        ),
        ("They met at 9 a.m. EST on Monday.", ["They met at 9 a.m. EST on Monday."]),
        ("It ended at 5 p.m. Nov. 3 in Ohio.", ["It ended at 5 p.m. Nov. 3 in Ohio."]),
        # ... but before any other capitalised word it still ends the sentence
        (
            "He left at 5 p.m. Police then searched the house.",
            ["He left at 5 p.m.", "Police then searched the house."],
        ),
        # a full stop that lost its space between a lowercase and a capitalised word
        (
            "Shots came from the north side.Four people were hurt.",
            ["Shots came from the north side.", "Four people were hurt."],
        ),
        # ... not in initials, numbers or web addresses
        (
            "Kim wrote to N.Korea on Jan.1 and to www.Example.com and example.com/a.Html too.",
            ["Kim wrote to N.Korea on Jan.1 and to www.Example.com and example.com/a.Html too."],
        ),
    ],
)
def test_splitting(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


BODY = "Xi sent the letter, his first to Kim in over eight months, on the anniversary."


@pytest.mark.parametrize(
    ("junk", "kept"),
    [
        (
            "Article continues after this advertisementState media in both countries said so.",
            ["State media in both countries said so."],
        ),
        ("ADVERTISEMENT", []),
        ("FEATURED STORIES GLOBALNATION Putin hosts summit GLOBALNATION Eyes on the prize", []),
        ("READ: Kim Jong Un vows to promote cooperation in letter to Xi Jinping", []),
        ("ALSO READ: No room for compromise over Taiwan: China", []),
        ("See Also: Russia’s President Flies Into Mongolia, Defies Arrest Warrant", []),
        ("More from GlobalPost: Aceh's bloodstained elections", []),
        ("Did You Know?", []),
        ("Loading...", []),
        ("Posted In:", []),
        ("Subscribe to our daily newsletter", []),
        ("Join Now: Free!", []),
        ("Acme simplifies the market for smarter investing", []),
        ("Market News and Data brought to you by Acme APIs", []),
        ("This story was generated using Acme Neuro and edited by Jane Doe", []),
        ("Images by Foreign Office via Flickr and The Press Office via Wikimedia Commons", []),
        ("Xi Jinping (left) walks alongside Vladimir Putin. (Yonhap photo)", []),
        ("Reporting by Jane Doe; Editing by John Roe", []),
        ("2 mins read", []),
        ("Today: 9 March 2025", []),
        ("Updated : 2021-09-27 19:13 GMT+08:00", []),
        (
            '" alt="Xi vows" width="2500" height="1532" data-lazy-srcset="https://x.example/a.jpg',
            [],
        ),
        ("https://x.example/a/b/c https://x.example/d", []),
        ("• Directory of Taiwan", []),
        (
            "Xi pledges to boost ties with N.Korea in letter to Kim",
            [
                "Xi pledges to boost ties with N.Korea in letter to Kim",
            ],
        ),
        ("She was 91.", ["She was 91."]),
    ],
)
def test_boilerplate(junk: str, kept: list[str]) -> None:
    assert texts(f"{BODY}\n{junk}\n{BODY}") == [BODY, *kept]


def test_end_of_article_navigation_drops_the_rest() -> None:
    article = "\n".join(f"Sentence number {i} says something." for i in range(3))
    tail = (
        "Previous Story\nJapan scrambles jets over chopper\nIran has expressed grave concern. The"
    )
    assert texts(f"{article}\n{tail}") == article.split("\n")


def test_navigation_at_the_top_does_not_swallow_the_article() -> None:
    assert texts(f"Trending\n{BODY}") == [BODY]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_offsets(path: Path) -> None:
    (document,) = load_corpus([path]).documents
    sentences = segment(document)
    assert sentences, path
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, sentence in enumerate(sentences):
        assert sentence.index == index and sentence.doc_id == document.source.id
        assert (
            document.text[sentence.start : sentence.end] == sentence.text == sentence.text.strip()
        )
        assert sentence.text in lines[sentence.line - 1]
        assert sentence.mentions == ()


def test_seed_boilerplate_is_gone() -> None:
    joined = "\n".join(s.text for d in load_corpus([SEEDS]).documents for s in segment(d))
    for junk in (
        "advertisement",
        "FEATURED",
        "Subscribe",
        "Yonhap photo",
        "Previous Story",
        "Today:",
        "alt=",
        "Benzinga Neuro",
        "Join Now",
        "Trade confidently",
        "COMMENTS",
    ):
        assert junk not in joined
    assert "Xi pledges to boost ties with N.Korea in letter to Kim" in joined


def test_lines_follow_front_matter_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\n---\n\nFirst line.\n\nSecond line.\n")
    rows = [{"text": "One.\nTwo."}, {"text": "Three."}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    docs = load_corpus([tmp_path]).documents
    assert [(s.text, s.line) for d in docs for s in segment(d)] == [
        ("First line.", 5),
        ("Second line.", 7),
        ("One.", 1),
        ("Two.", 1),
        ("Three.", 2),
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_segment_never_breaks_offsets(text: str) -> None:
    sentences = segment(doc(text))
    assert [s.index for s in sentences] == list(range(len(sentences)))
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        assert s.line == 1 + text.count("\n", 0, s.start)
        previous_end = s.end


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mr. Smith",
                "said",
                "U.S.",
                "Jan.1",
                "“Hi.”",
                "…",
                "\n",
                "\n\n",
                " ",
                ". ",
                "(UPI)",
                "a. m.",
                "6. 1",
                "<b>",
                "READ:",
                "Advertisement",
                "\r",
                "2024-09-09",
                '"',
                "?",
                "6:48 p.m. ",
                "Sunday",
                "side.Four",
                "www.",
                "/",
            ]
        ),
        max_size=40,
    )
)
def test_segment_offsets_on_newsy_text(parts: list[str]) -> None:
    text = "".join(parts)
    for s in segment(doc(text)):
        assert text[s.start : s.end] == s.text
