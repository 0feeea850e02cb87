"""Ingest: formats, metadata precedence, date inference, bad files, manifests and shown paths."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from crosscheck.errors import InputError
from crosscheck.ingest import (
    FileJob,
    FileRead,
    date_only_line,
    infer_published,
    load_corpus,
    read_captured,
)
from crosscheck.schema import DateEvidence

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D = dt.date
PRINTED, DATELINE, URL, UNKNOWN = (
    DateEvidence.PRINTED_DATE,
    DateEvidence.DATELINE,
    DateEvidence.URL,
    DateEvidence.UNKNOWN,
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- date inference ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (
            "Xi, Putin vow\n\nBody text.\n\nUpdated : 2021-09-27 19:13 GMT+08:00",
            None,
            (D(2021, 9, 27), PRINTED, "Updated : 2021-09-27 19:13 GMT+08:00"),
        ),
        (
            "Today: 9 March 2025\n24 October 2021\n2 mins read\n\nXi pledges ties\n\nBody.",
            None,
            (D(2021, 10, 24), PRINTED, "24 October 2021"),
        ),
        (
            "Lohan checks in\n\nMay 03, 2013\n\nBody.",
            None,
            (D(2013, 5, 3), PRINTED, "May 03, 2013"),
        ),
        (
            "Headline\n\nPublished: Friday, May 3, 2013 9: 56 AM EDT\n\nBody.",
            None,
            (D(2013, 5, 3), PRINTED, "Published: Friday, May 3, 2013 9: 56 AM EDT"),
        ),
        (
            "Headline\n11/30/09 05: 40 PM ET\nBody.",
            None,
            (D(2009, 11, 30), PRINTED, "11/30/09 05: 40 PM ET"),
        ),
        (
            "WASHINGTON, May 3, 2013 (Reuters) — The Senate voted.",
            None,
            (D(2013, 5, 3), DATELINE, "WASHINGTON, May 3, 2013 (Reuters) —"),
        ),
        ("SEOUL, Sept. 9 (UPI) — Xi vowed to strengthen ties.", None, (None, UNKNOWN, None)),
        ("Today: 9 March 2025\nHeadline\nBody text.", None, (None, UNKNOWN, None)),
        ("Headline\nThe war ended on July 27, 1953.", None, (None, UNKNOWN, None)),
        ("Headline\nPublished: 2024-02-30\nBody.", None, (None, UNKNOWN, None)),
        (
            "Headline\nBody.",
            "http://articles.latimes.com/2013/may/03/local/la-me-lohan",
            (D(2013, 5, 3), URL, "/2013/may/03"),
        ),
        (
            "Headline\nBody.",
            "https://x.example/2009/11/30/story.html",
            (D(2009, 11, 30), URL, "/2009/11/30"),
        ),
        ("Headline\nBody.", "https://x.example/files/2024/10/pic.jpg", (None, UNKNOWN, None)),
        (
            "Headline\nMay 2, 2013\n\nBody.\n\nUpdated: May 5, 2013",
            "https://x.example/2013/05/09/story",
            (D(2013, 5, 2), PRINTED, "May 2, 2013"),
        ),
    ],
)
def test_infer_published(text: str, url: str | None, expected: tuple) -> None:
    assert tuple(infer_published(text, url=url)) == expected


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Updated : 2021-09-27 19:13 GMT+08:00", "2021-09-27"),
        ("Today: 9 March 2025", "9 March 2025"),
        ("on July 02 2013 7: 41 AM", "July 02 2013"),
        ("By Jane Doe | May 3, 2013", None),
        ("The war ended on July 27, 1953, in an armistice signed at Panmunjom.", None),
        ("Sept. 9", None),
    ],
)
def test_date_only_line(line: str, date: str | None) -> None:
    assert date_only_line(line) == date


# --- formats -----------------------------------------------------------------------------------


def test_txt_md_html_jsonl(in_tmp: Path) -> None:
    write(in_tmp / "c" / "a.txt", "Headline\r\n\r\nMay 03, 2013\r\n\r\nBody text.\r\n")
    write(
        in_tmp / "c" / "b.md",
        '---\ntitle: "Bee"\nurl: "http://x.example/2013/05/04/b"\nsource: "Wire"\n'
        "published: 2013-05-05\n---\n\nBody of b.\n",
    )
    write(
        in_tmp / "c" / "d.html",
        "<html><head><title>Dee</title><meta property='article:published_time' "
        "content='2024-09-09'></head><body><nav>Home | World</nav><article><h1>Dee vows ties</h1>"
        "<p>SEOUL, Sept. 9 (UPI) -- Chinese President Xi Jinping vowed to strengthen ties with "
        "North Korea in a letter to its leader, state media reported Monday.</p></article>"
        "<footer>Copyright</footer></body></html>",
    )
    lines = [
        json.dumps(
            {"text": "First article.", "title": "One", "outlet": "W", "published": "2020-01-02"}
        ),
        "",
        json.dumps({"text": "Second article.", "url": "https://x.example/2021/03/04/s"}),
    ]
    write(in_tmp / "c" / "e.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus([Path("c")])
    by_id = {d.source.id: d for d in corpus.documents}
    assert list(by_id) == ["c/a.txt", "c/b.md", "c/d.html", "c/e.jsonl:1", "c/e.jsonl:3"]
    a, b, d, e1, e3 = by_id.values()
    assert a.text == "Headline\n\nMay 03, 2013\n\nBody text.\n"
    assert (a.source.published, a.source.date_evidence) == (D(2013, 5, 3), PRINTED)
    assert (b.text, b.source.title, b.source.outlet) == ("Body of b.", "Bee", "Wire")
    assert (b.source.published, b.source.date_evidence) == (
        D(2013, 5, 5),
        DateEvidence.FRONT_MATTER,
    )
    assert b.source.line_offset == 7
    assert "Xi Jinping vowed" in d.text and "Copyright" not in d.text
    assert (d.source.format, d.source.published) == ("html", D(2024, 9, 9))
    assert (e1.source.published, e1.source.date_evidence, e1.source.outlet) == (
        D(2020, 1, 2),
        DateEvidence.JSONL,
        "W",
    )
    assert (e3.source.line_offset, e3.source.published, e3.source.date_evidence) == (
        2,
        D(2021, 3, 4),
        URL,
    )
    assert all(len(doc.source.sha256) == 64 for doc in corpus.documents)


def test_seeds_follow_their_manifest() -> None:
    corpus = load_corpus([SEEDS])
    assert [d.source.published for d in corpus.documents] == [
        D(2021, 9, 27),
        D(2024, 9, 9),
        D(2024, 10, 6),
        D(2021, 10, 24),
        D(2024, 9, 9),
    ]
    assert {d.source.date_evidence for d in corpus.documents} == {DateEvidence.MANIFEST}
    assert corpus.documents[3].source.date_detail.startswith('printed "24 October 2021"')
    assert corpus.skipped == ()


def test_folder_walk_leaves_out_documentation_and_hidden_and_lists_other_formats(
    in_tmp: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in (
        "README.md",
        "SOURCES.md",
        "LICENSE.txt",
        "CHANGELOG.md",
        "notes.csv",
        ".hidden.txt",
        ".git/x.txt",
        "pic.png",
    ):
        write(in_tmp / "c" / name, "Some text that would be an article.")
    write(in_tmp / "c" / "sub" / "real.txt", "A real article.")
    write(in_tmp / "c" / "scan.pdf", b"%PDF-1.4")
    write(in_tmp / "c" / "manifest.csv", "file,outlet\n")
    corpus = load_corpus([Path("c")])
    assert [d.source.path for d in corpus.documents] == ["c/sub/real.txt"]
    # files of other formats are not read, but listed, with one warning for them all
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("c/notes.csv", "not an article format (.csv)"),
        ("c/pic.png", "not an article format (.png)"),
        ("c/scan.pdf", "not an article format (.pdf)"),
    ]
    (warning,) = [r.getMessage() for r in caplog.records if "not articles" in r.getMessage()]
    assert "skipped 3 files that are not articles" in warning and "c/scan.pdf" in warning


def test_front_matter_lines_and_bom(in_tmp: Path) -> None:
    write(in_tmp / "a.md", "\ufeff---\ntitle: T\n---\nBody.\n".encode())
    write(in_tmp / "b.txt", "\ufeffHello there.".encode())
    write(in_tmp / "c.txt", "\ufeffSalut à tous.".encode("utf-16"))
    docs = load_corpus([in_tmp]).documents
    assert [(d.text, d.source.line_offset) for d in docs] == [
        ("Body.", 3),
        ("Hello there.", 0),
        ("Salut à tous.", 0),
    ]


def test_declared_html_charset(in_tmp: Path) -> None:
    html = (
        "<html><head><meta charset='iso-8859-1'><title>Caf\xe9</title></head><body><article>"
        "<p>Le caf\xe9 a ouvert ses portes le lundi matin, selon le maire de la ville, qui a "
        "salu\xe9 une tr\xe8s bonne nouvelle pour le quartier.</p></article></body></html>"
    )
    write(in_tmp / "a.html", html.encode("latin-1"))
    (doc,) = load_corpus([in_tmp]).documents
    assert "Le café a ouvert" in doc.text


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason", "line"),
    [
        ("empty.txt", b"", "empty file", None),
        ("blank.txt", b" \n\t\n", "empty file", None),
        ("bin.txt", b"PK\x03\x04\x00\x00binary", "binary file", None),
        ("noise.txt", bytes(range(128, 255)) * 3, "undecodable text", None),
        (
            "empty.html",
            b"<html><body><script>var x;</script></body></html>",
            "no article text",
            None,
        ),
        ("bad.md", b"---\ntitle: [unclosed\n---\nBody.", "front matter is not valid YAML", None),
        ("fm.md", b"---\ntitle: T\n---\n\n", "no article text after the front matter", None),
        ("x.jsonl", b'{"text": "ok."}\n{not json\n', "invalid JSON", 2),
        ("y.jsonl", b'{"text": "ok."}\n{"title": "no text"}\n', "no 'text' field", 2),
        ("z.jsonl", b'{"text": "ok."}\n[1, 2]\n', "not a JSON object", 2),
    ],
)
def test_bad_files_are_skipped(
    in_tmp: Path,
    caplog: pytest.LogCaptureFixture,
    name: str,
    content: bytes,
    reason: str,
    line: int | None,
) -> None:
    write(in_tmp / "c" / name, content)
    write(in_tmp / "c" / "good.txt", "A good article.")
    with caplog.at_level(logging.WARNING, logger="crosscheck"):
        corpus = load_corpus([Path("c")])
    (skipped,) = corpus.skipped
    assert skipped.path == f"c/{name}"
    assert skipped.reason.startswith(reason)
    assert skipped.line == line
    assert f"skipped c/{name}" in caplog.text
    assert "c/good.txt" in [d.source.path for d in corpus.documents]


def test_missing_path_is_an_input_error(in_tmp: Path) -> None:
    with pytest.raises(InputError, match="nope: no such file or folder"):
        load_corpus([Path("nope")])


def test_no_documents_says_what_was_skipped(in_tmp: Path) -> None:
    write(in_tmp / "c" / "empty.txt", b"")
    with pytest.raises(InputError, match=r"no articles found in c: 1 skipped: c/empty.txt \(empty"):
        load_corpus([Path("c")])
    write(in_tmp / "d" / "README.md", "Docs only.")
    with pytest.raises(InputError, match="no articles found in d: no article files"):
        load_corpus([Path("d")])


def test_ids_are_unique_paths(in_tmp: Path) -> None:
    """What a browser or scraper saves: one name in two folders, one stem with two suffixes."""
    write(in_tmp / "c" / "bbc" / "article.txt", "First.")
    write(in_tmp / "c" / "cnn" / "article.txt", "Second.")
    write(in_tmp / "c" / "story.txt", "Third.")
    write(in_tmp / "c" / "story.md", "Fourth.")
    corpus = load_corpus([Path("c")])
    ids = ["c/bbc/article.txt", "c/cnn/article.txt", "c/story.md", "c/story.txt"]
    assert [d.source.id for d in corpus.documents] == ids
    assert [d.source.path for d in corpus.documents] == ids
    assert corpus.skipped == ()


def test_duplicate_ids_keep_the_first(in_tmp: Path) -> None:
    """Only two files outside the working directory can still share a shown path."""
    outside = in_tmp.parent / f"{in_tmp.name}-outside"
    write(outside / "x" / "c" / "a.txt", "First.")
    write(outside / "y" / "c" / "a.txt", "Second.")
    corpus = load_corpus([outside / "x" / "c", outside / "y" / "c"])
    assert [d.source.path for d in corpus.documents] == ["c/a.txt"]
    assert corpus.documents[0].text == "First."
    (skipped,) = corpus.skipped
    assert skipped.path == "c/a.txt"
    assert "duplicate id 'c/a.txt'" in skipped.reason


# --- manifest ----------------------------------------------------------------------------------


def test_manifest_wins_over_front_matter(in_tmp: Path) -> None:
    write(in_tmp / "c" / "a.md", "---\npublished: 2020-01-01\noutlet: FM\n---\nBody.")
    write(
        in_tmp / "c" / "manifest.csv",
        'file,outlet,published,note\na.md,Wire,2021-09-27,"prints ""Updated"""\ngone.txt,,,\n',
    )
    corpus = load_corpus([Path("c")])
    (doc,) = corpus.documents
    assert (doc.source.published, doc.source.date_evidence) == (
        D(2021, 9, 27),
        DateEvidence.MANIFEST,
    )
    assert (doc.source.outlet, doc.source.date_detail) == ("Wire", 'prints "Updated"')
    (skipped,) = corpus.skipped
    assert (skipped.path, skipped.line) == ("c/manifest.csv", 3)
    assert "'gone.txt', which does not exist" in skipped.reason


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("name,outlet\na.txt,W\n", r"c/manifest.csv:1: manifest has no 'file' column"),
        ('file,outlet\na.txt,"W\n', r"c/manifest.csv:2: malformed CSV"),
        ("file,published\na.txt,2024-02-30\n", r"c/manifest.csv:2: published '2024-02-30' is not"),
        ("file,published\na.txt,03/05/2013\n", r"c/manifest.csv:2: .*expected YYYY-MM-DD"),
        ("file,pubished\na.txt,2024-01-01\n", r"c/manifest.csv:1: unknown manifest column"),
        ("file\na.txt\na.txt\n", r"c/manifest.csv:3: 'a.txt' is listed twice"),
        ("file,outlet\na.txt,W,extra\n", r"c/manifest.csv:2: 3 cells but 2 columns"),
    ],
)
def test_malformed_manifest_is_an_input_error(in_tmp: Path, manifest: str, message: str) -> None:
    write(in_tmp / "c" / "a.txt", "Body.")
    write(in_tmp / "c" / "manifest.csv", manifest)
    with pytest.raises(InputError, match=message):
        load_corpus([Path("c")])


def _read_elsewhere(jobs: Sequence[FileJob]) -> list[FileRead]:
    """What a distributed engine does: every file read before any of its warnings is shown."""
    return [read_captured(job) for job in jobs]


@pytest.mark.parametrize("manifest", ["file,published\nb.txt,2024-01-02\ngone.txt,,\n", "nofile\n"])
def test_files_read_elsewhere_warn_as_files_read_in_turn(
    in_tmp: Path, caplog: pytest.LogCaptureFixture, manifest: str
) -> None:
    """A distributed engine's reader (load_corpus's read_many) gives the same corpus and the
    same warnings in the same order, up to a malformed manifest's error, as reading in turn."""
    write(in_tmp / "c" / "a" / "a.md", "---\npublished: 2024-02-30\n---\nThe mayor spoke.")
    write(in_tmp / "c" / "a" / "empty.txt", b"")
    write(in_tmp / "c" / "b" / "b.txt", "Caf\xe9 owners said 3 shops closed.".encode("cp1252"))
    write(in_tmp / "c" / "b" / "manifest.csv", manifest)
    write(in_tmp / "c" / "b" / "x.pdf", b"%PDF")
    outcomes = []
    for read_many in (None, _read_elsewhere):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="crosscheck"):
            try:
                outcome: object = load_corpus([Path("c")], read_many=read_many)
            except InputError as error:
                outcome = str(error)
        outcomes.append((outcome, [(r.levelno, r.getMessage()) for r in caplog.records]))
    assert outcomes[0] == outcomes[1]
    assert [m.split(":")[0] for _, m in outcomes[0][1]][:2] == ["c/a/a.md", "skipped c/a/empty.txt"]


# --- shown paths -------------------------------------------------------------------------------


def test_paths_are_relative_to_cwd_or_the_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "data" / "corpus" / "a.txt", "Body.")
    monkeypatch.chdir(tmp_path)
    assert load_corpus([Path("data/corpus")]).documents[0].source.path == "data/corpus/a.txt"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    corpus = load_corpus([tmp_path / "data" / "corpus"])
    assert corpus.documents[0].source.path == "corpus/a.txt"
    single = load_corpus([tmp_path / "data" / "corpus" / "a.txt"])
    assert single.documents[0].source.path == "a.txt"
    rooted = load_corpus([tmp_path / "data" / "corpus"], root=tmp_path / "data")
    assert rooted.documents[0].source.path == "corpus/a.txt"
