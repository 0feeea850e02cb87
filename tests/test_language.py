"""Each article's language is detected; values are read only in English, and the report says so."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from crosscheck import report as render
from crosscheck.extract import extract
from crosscheck.ingest import load_corpus
from crosscheck.language import detect_language, values_readable
from crosscheck.schema import Counts, Report, Settings, Source

GERMAN = (
    "Bei einem schweren Erdbeben im Osten der Türkei sind am Sonntag, dem 3. März, mindestens "
    "200 Menschen ums Leben gekommen. Die Behörden rechnen mit weiteren Opfern."
)
FRENCH = (
    "Un séisme de magnitude 6,1 a frappé mardi le nord de l'Iran, faisant au moins 30 morts "
    "selon les autorités locales."
)
ENGLISH = "A 6.1-magnitude earthquake struck northern Iran on Tuesday, killing at least 30 people."


@pytest.mark.parametrize(
    ("text", "language"),
    [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr"), ("", None), ("   ", None), ("42", None)],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_values_are_read_in_english_or_an_unknown_language_only() -> None:
    published = dt.date(2024, 3, 4)
    assert [values_readable(x) for x in ("en", None, "de")] == [True, True, False]
    assert extract(GERMAN, published, language="de") == []
    assert extract(ENGLISH, published, language=None) == extract(ENGLISH, published, "en")
    assert extract(ENGLISH, published, "en")


def test_ingest_fills_the_language_and_warns_once_for_unread_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in (("en.txt", ENGLISH), ("de.txt", GERMAN), ("fr.txt", FRENCH)):
        (tmp_path / "news").mkdir(exist_ok=True)
        (tmp_path / "news" / name).write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="crosscheck"):
        corpus = load_corpus([Path("news")])
    assert {d.source.path: d.source.language for d in corpus.documents} == {
        "news/de.txt": "de",
        "news/en.txt": "en",
        "news/fr.txt": "fr",
    }
    (warning,) = [r.getMessage() for r in caplog.records if "not in English" in r.getMessage()]
    assert warning.startswith("2 articles are not in English")
    assert "news/de.txt (de)" in warning and "news/fr.txt (fr)" in warning


def _report(languages: tuple[str | None, ...]) -> Report:
    sources = tuple(
        Source(id=f"s{n}", path=f"news/s{n}.txt", format="txt", sha256="x", language=language)
        for n, language in enumerate(languages)
    )
    return Report(
        settings=Settings(model="m", top_k=5, min_similarity=0.5),
        documents=sources,
        counts=Counts(
            documents=len(sources),
            sentences=0,
            claims=0,
            conflicts=0,
            agreements=0,
            unverified=0,
            single_source=0,
            skipped=0,
        ),
    )


def test_source_table_shows_the_language_when_some_values_were_not_read() -> None:
    md = render.to_markdown(_report(("en", "de", None)))
    assert "| id | outlet | published | date from | language | path |" in md
    assert "| `s1` |  | unknown | unknown | de | `news/s1.txt` |" in md
    assert "| `s2` |  | unknown | unknown | unknown | `news/s2.txt` |" in md
    assert "Values are not read in the sources not written in English (1 of 3)." in md
    english = render.to_markdown(_report(("en", None)))
    assert "language" not in english


def test_a_report_reads_no_values_of_an_article_in_another_language(
    tmp_path: Path, fake_model: object
) -> None:
    from crosscheck.pipeline import Options, build_report

    news = tmp_path / "news"
    news.mkdir()
    (news / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (news / "de.txt").write_text(GERMAN, encoding="utf-8")
    report = build_report([news], Options(index_dir=tmp_path / "index"))
    quoted = {ref.doc_id for ref in report.single_source} | {
        ref.doc_id for f in report.findings for ref in (f.claim, f.evidence)
    }
    assert quoted == {"news/en.txt"}  # the German article's "200 Menschen" is no claim
