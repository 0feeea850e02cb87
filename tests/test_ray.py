"""The Ray engine on a real multi-node cluster simulated on this machine: two nodes of one CPU.

Tests marked ``ray`` start the cluster once for the module (``ray.cluster_utils.Cluster``);
CI installs the ``ray`` extra and runs them. The others check the engine switch itself, which
must work (and fail clearly) without Ray.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fakes import FakeEmbedder, make_corpus
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.index import open_index, update_index
from crosscheck.pipeline import Options, build_report, index_corpus, report_of

TESTS = Path(__file__).resolve().parent
BASE = "The earthquake killed 12 people in the province of Aceh on Monday, officials said.\n"
OTHER = "The mayor opened a new bridge over the river on Friday.\n"
CONFLICT = "Officials said the earthquake killed 15 people in the province of Aceh on Monday.\n"
# a copy of the 20 topics below (tests/data/ecbplus, CC BY 3.0, its license beside it), so that
# a clone anywhere runs these tests; CROSSCHECK_ECBPLUS points at another copy
ECBPLUS = Path(os.environ.get("CROSSCHECK_ECBPLUS", TESTS / "data" / "ecbplus"))
# 20 ECB+ topics, 234 articles (about 2,650 sentences): a few hundred articles of many stories, the
# shorter topics so that embedding them twice stays within CI's budget
TOPICS = (
    "topic01 topic02 topic03 topic04 topic05 topic06 topic07 topic10 topic12 topic14 topic20 "
    "topic21 topic23 topic24 topic25 topic30 topic32 topic35 topic38 topic42"
).split()


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Two Ray nodes of one CPU each, joined by this process as a driver. Workers import the
    test doubles from tests/ (they inherit PYTHONPATH from the nodes started here)."""
    import ray
    from ray.cluster_utils import Cluster

    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), saved]))
    nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    nodes.add_node(num_cpus=1)
    ray.init(address=nodes.address, log_to_driver=False)  # as RayEngine.connect joins
    try:
        yield nodes
    finally:
        ray.shutdown()
        nodes.shutdown()
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def _ray() -> Options:
    from crosscheck.engines.ray import RayEngine

    return Options(engine=RayEngine())


def _warning_files(folder: Path) -> Path:
    """Beside good articles, every kind of file that makes reading warn: empty, binary, not
    UTF-8, an impossible date, a bad JSONL line, another format, a manifest naming a file that
    is not there."""
    folder.mkdir()
    (folder / "base.txt").write_text(BASE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01Police said 12 people died.")
    (folder / "latin.txt").write_bytes(CONFLICT.replace("province", "provincé").encode("cp1252"))
    (folder / "dated.md").write_text(f"---\npublished: 2024-02-30\n---\n{OTHER}", encoding="utf-8")
    (folder / "lines.jsonl").write_text(f'{{"text": {json.dumps(BASE)}}}\nnot json\n')
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "manifest.csv").write_text(
        "file,published\nbase.txt,2024-01-02\nlost.txt,2024-01-03\n"
    )
    return folder


def _logged(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    """What crosscheck logged since the last call, in order."""
    logged = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "crosscheck"]
    caplog.clear()
    return logged


@pytest.mark.ray
@pytest.mark.realmodel
def test_both_engines_give_the_same_index_and_a_byte_identical_report(
    cluster: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from crosscheck import report as render

    assert ECBPLUS.is_dir(), f"ECB+ is not at {ECBPLUS} (set CROSSCHECK_ECBPLUS)"
    topics = [ECBPLUS / topic for topic in TOPICS] + [_warning_files(tmp_path / "odd")]
    caplog.set_level(logging.INFO, logger="crosscheck")
    local = build_report(topics, Options(index_dir=tmp_path / "local"))
    warned = _logged(caplog)
    distributed = build_report(topics, Options(index_dir=tmp_path / "ray", engine=_ray().engine))
    assert _logged(caplog) == warned
    assert sum(level == logging.WARNING for level, _ in warned) >= 7
    assert local.counts.documents >= 200 and local.counts.skipped == 5
    assert render.to_markdown(distributed) == render.to_markdown(local)
    assert render.to_json(distributed) == render.to_json(local)
    # the next run finds the index current and searches its shards' mapped vectors
    reopened = build_report(topics, Options(index_dir=tmp_path / "ray", engine=_ray().engine))
    assert render.to_json(reopened) == render.to_json(local)
    flat, sharded = open_index(tmp_path / "local"), open_index(tmp_path / "ray")
    assert flat is not None and sharded is not None and sharded.shards
    assert sharded.sentences == flat.sentences and sharded.sources == flat.sources
    rows = range(len(flat.sentences))
    np.testing.assert_array_equal(sharded.vectors_for(rows), flat.vectors_for(rows))


@pytest.mark.ray
def test_reading_on_ray_warns_and_reads_as_the_local_engine_does(
    cluster: object,
    tmp_path: Path,
    fake_embedder: FakeEmbedder,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The files are read by Ray workers; their warnings are logged by the driver, the same
    ones in the same order as when this process reads them."""
    from crosscheck.engines.ray import RayEngine

    folder = _warning_files(tmp_path / "odd")
    caplog.set_level(logging.INFO, logger="crosscheck")
    local = index_corpus([folder], Options(index_dir=tmp_path / "local"), fake_embedder)
    warned = _logged(caplog)
    engine = RayEngine()

    def not_here(*args: object) -> None:
        raise AssertionError("the driver read a file")

    monkeypatch.setattr("crosscheck.ingest._read_file", not_here)  # workers import their own
    distributed = index_corpus(
        [folder], Options(index_dir=tmp_path / "ray", engine=engine), fake_embedder
    )
    assert _logged(caplog) == warned
    assert [message.split(":")[0] for level, message in warned if level == logging.WARNING] == [
        "skipped odd/manifest.csv",
        "skipped odd/binary.txt",
        "odd/dated.md",
        "skipped odd/empty.txt",
        "odd/latin.txt",
        "skipped odd/lines.jsonl",
        "skipped 1 files that are not articles (.txt, .md, .html, .htm, .jsonl)",
    ]
    assert distributed.corpus == local.corpus
    assert distributed.index.sentences == local.index.sentences


@pytest.mark.ray
def test_the_changed_articles_stories_alone_give_the_full_reports_check_on_ray(
    cluster: object, tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    """check --since on Ray: only the changed articles' stories are compared (Ray tasks), and
    check reads from them what the local engine's full report gives."""
    from test_since import check_view

    topics = [ECBPLUS / topic for topic in TOPICS[:6]]
    local = Options(index_dir=tmp_path / "index")
    indexed = index_corpus(topics, local, fake_embedder)
    changed = frozenset(doc.source.id for doc in indexed.corpus.documents[5:40:17])
    partial = report_of(
        indexed, Options(index_dir=local.index_dir, engine=_ray().engine), only=changed
    )
    assert check_view(partial, changed) == check_view(report_of(indexed, local), changed)


class DiesOnce(FakeEmbedder):
    """Kills its own worker process on its third batch, once for the whole run (the marker
    file says it happened): a worker lost in the middle of embedding."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        if self.calls == 2 and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return super().embed_batch(texts)


@pytest.mark.ray
def test_a_worker_killed_mid_embedding_neither_fails_nor_duplicates_the_run(
    cluster: object, tmp_path: Path
) -> None:
    from crosscheck import segment
    from crosscheck.engines.ray import RayEngine

    docs = make_corpus(60, 20)  # 1,200 sentences: 19 batches over two workers
    marker = tmp_path / "killed"
    engine = RayEngine()
    index, stats = update_index(
        tmp_path / "ray",
        docs,
        segment.segment,  # what the engine's segment_many calls, on the workers
        engine.embedder(DiesOnce(marker)),
        segment_many=engine.segmenter(),
        sharded=True,
    )
    assert marker.exists() and int(marker.read_text()) != os.getpid()
    assert stats.embedded == 1200 and stats.added == 60
    local, _ = update_index(tmp_path / "local", docs, segment.segment, FakeEmbedder())
    assert index.sentences == local.sentences
    rows = range(1200)
    np.testing.assert_array_equal(index.vectors_for(rows), local.vectors_for(rows))
    cached = np.concatenate(
        [np.load(p)["key"] for p in (tmp_path / "ray" / "cache").rglob("*.npy")]
    )
    assert len(cached) == len(set(cached.tolist())) == 1200  # each vector stored once


@pytest.mark.ray
def test_a_days_articles_are_added_and_checked_against_the_whole_archive(
    cluster: object, tmp_path: Path, fake_model: FakeEmbedder
) -> None:
    """`check --since` with the Ray engine on the archive and a new day (not yet committed):
    the day is one more shard, and only its findings count."""
    archive, day = tmp_path / "archive", tmp_path / "day"
    archive.mkdir()
    day.mkdir()
    (archive / "base.txt").write_text(BASE, encoding="utf-8")
    (archive / "other.txt").write_text(OTHER, encoding="utf-8")
    (archive / "manifest.csv").write_text("file,published\nbase.txt,2024-01-02\n")
    (day / "new.txt").write_text(CONFLICT, encoding="utf-8")
    (day / "manifest.csv").write_text("file,published\nnew.txt,2024-01-03\n")
    for command in (["init", "-q"], ["add", "archive"], ["commit", "-qm", "archive"]):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *command]
        subprocess.run(git, cwd=tmp_path, check=True)
    runner = CliRunner()
    first = runner.invoke(app, ["index", str(archive), "--engine", "ray"])
    assert first.exit_code == 0, first.output
    before = {p.name for p in (tmp_path / ".crosscheck" / "shards").iterdir()}
    result = runner.invoke(
        app,
        ["check", "archive", "day", "--since", "HEAD", "--format", "json"],
        env={"CROSSCHECK_ENGINE": "ray"},
    )
    after = {p.name for p in (tmp_path / ".crosscheck" / "shards").iterdir()}
    assert before < after and len(after) == len(before) + 1
    payload = json.loads(result.stdout)
    assert result.exit_code == 1, result.output
    assert payload["changed"] == ["day/new.txt"]
    assert [(f["claim"]["doc_id"], f["evidence"]["doc_id"]) for f in payload["findings"]] == [
        ("archive/base.txt", "day/new.txt")
    ]
    assert payload["findings"][0]["verdict"] == "conflict"


@pytest.mark.ray
def test_a_cluster_that_does_not_answer_is_one_line_in_half_a_minute(tmp_path: Path) -> None:
    """A wrong --ray-address (nothing listens there) would keep Ray retrying for minutes; it
    takes about 21 s here (the bound leaves room for a loaded machine)."""
    (tmp_path / "a.txt").write_text(BASE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAY_", "CROSSCHECK_"))}
    command = "from crosscheck.cli import main; main()"
    args = ["report", "a.txt", "--out", "-", "--engine", "ray", "--ray-address", "127.0.0.1:1"]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", command, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert time.monotonic() - started < 40
    assert done.returncode == 2
    assert done.stderr.startswith("crosscheck: error: cannot join the Ray cluster at 127.0.0.1:1: ")
    assert done.stderr.count("\n") == 1 and done.stdout == ""


def test_the_local_engine_never_imports_ray(tmp_path: Path) -> None:
    code = (
        "import sys; from crosscheck.engines import get_engine; "
        "from crosscheck import pipeline, cli; get_engine(); get_engine('local'); "
        "print('ray' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--engine", "spark"], {}, "unknown engine 'spark' (--engine or CROSSCHECK_ENGINE): "),
        (
            [],
            {"CROSSCHECK_ENGINE": "dask"},
            "unknown engine 'dask' (--engine or CROSSCHECK_ENGINE): ",
        ),
        (
            ["--ray-address", "auto"],
            {},
            "--ray-address needs --engine ray (or CROSSCHECK_ENGINE=ray)",
        ),
    ],
)
def test_a_bad_engine_is_one_line_and_exit_2(
    fake_model: FakeEmbedder, args: list[str], env: dict[str, str], message: str
) -> None:
    Path("a.txt").write_text("Police said 12 people died.", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "a.txt", "--out", "-", *args], env=env)
    assert result.exit_code == 2
    expected = message + ("use local or ray" if message.endswith(": ") else "")
    assert result.stderr == f"crosscheck: error: {expected}\n"


def test_without_ray_the_ray_engine_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crosscheck.engines import get_engine
    from crosscheck.errors import InputError

    monkeypatch.setitem(sys.modules, "ray", None)  # what an install without the extra sees
    monkeypatch.delitem(sys.modules, "crosscheck.engines.ray", raising=False)
    with pytest.raises(InputError, match=r"pip install 'crosscheck\[ray\]'"):
        get_engine("ray")


def test_index_corpus_takes_the_engine_from_the_options(
    tmp_path: Path, fake_embedder: FakeEmbedder
) -> None:
    """The library API: Options(engine=...) chooses; the default is the local engine."""
    (tmp_path / "a.txt").write_text("Police said 12 people died.", encoding="utf-8")
    indexed = index_corpus([tmp_path / "a.txt"], Options(index_dir=tmp_path / "i"), fake_embedder)
    assert not indexed.index.shards and len(indexed.index.sentences) == 1
