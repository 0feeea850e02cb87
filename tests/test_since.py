"""`check --since` / `--changed`: only the stories holding a changed article are compared, and
what `check` prints from them is what it would print from the full report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fakes import FakeEmbedder
from typer.testing import CliRunner

import crosscheck.pipeline as pipeline
from crosscheck import ci
from crosscheck.cli import app
from crosscheck.pipeline import Indexed, Options, index_corpus, report_of
from crosscheck.schema import Report

ECBPLUS = Path(__file__).resolve().parent / "data" / "ecbplus"


def check_view(report: Report, changed: frozenset[str]) -> object:
    """Everything `check` reads from a report about the changed articles, at every --fail-on."""
    return (
        {fail_on: ci.failing(report, fail_on, changed) for fail_on in ci.FAIL_ON},
        ci.unchecked(report, changed),
        [ref for ref in report.single_source if ref.doc_id in changed],
    )


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Indexed, Options]:
    """The 20 ECB+ topics of the Ray tests (234 articles), indexed with the fake embedder: its
    stories are not the real model's, but the equality must hold whatever the stories are."""
    work = tmp_path_factory.mktemp("since")
    options = Options(index_dir=work / "index")
    topics = sorted(p for p in ECBPLUS.iterdir() if p.is_dir())
    here = Path.cwd()
    os.chdir(work)  # articles shown as from anywhere else: topic01/1_1ecbplus.md, ...
    try:
        return index_corpus(topics, options, FakeEmbedder()), options
    finally:
        os.chdir(here)


@pytest.mark.parametrize("picked", [(1,), (40, 120, 200), (150,)])
def test_only_the_changed_articles_stories_are_compared_with_the_full_reports_result(
    indexed: tuple[Indexed, Options], picked: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, options = indexed
    full = report_of(corpus, options)
    ids = sorted(doc.source.id for doc in corpus.corpus.documents)
    changed = frozenset(ids[i] for i in picked)
    stories: list[pipeline.StoryWork] = []

    def counted(work: pipeline.StoryWork) -> object:
        stories.append(work)
        return compare_story(work)

    compare_story = pipeline.compare_story
    monkeypatch.setattr(pipeline, "compare_story", counted)
    partial = report_of(corpus, options, only=changed)
    assert check_view(partial, changed) == check_view(full, changed)
    involved = [f for f in full.findings if {f.claim.doc_id, f.evidence.doc_id} & changed]
    assert involved and set(involved) <= set(partial.findings)
    assert 0 < len(stories) <= len(changed)  # one story each at most, of the many
    assert len(partial.findings) < len(full.findings)


def test_check_changed_prints_what_the_full_report_gives(
    indexed: tuple[Indexed, Options], fake_model: FakeEmbedder
) -> None:
    corpus, options = indexed
    topic = ECBPLUS / "topic05"
    file = sorted(topic.iterdir())[1]
    args = ["check", *map(str, sorted(ECBPLUS.iterdir())), "--changed", str(file)]
    result = CliRunner().invoke(app, [*args, "--index", str(options.index_dir), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)
    (changed,) = payload["changed"]
    full = report_of(corpus, options)
    failing, unchecked, _ = check_view(full, frozenset({changed}))
    assert payload["findings"] == [json.loads(f.model_dump_json()) for f in failing["conflict"]]
    assert payload["unchecked"] == [json.loads(u.model_dump_json()) for u in unchecked]
