"""The index mirrors the corpus incrementally, never mixes models, survives crashes and damage."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np
import pytest
from fakes import FakeEmbedder, FakeTty, make_corpus, make_document, simple_segment

import crosscheck.index as index_module
from crosscheck import extract
from crosscheck.errors import IndexStateError
from crosscheck.index import INDEX_FORMAT, StoredIndex, _Table, open_index, update_index
from crosscheck.schema import Document, Sentence

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def _build(index_dir: Path, docs: list[Document], embedder: FakeEmbedder, **kwargs: object):
    return update_index(index_dir, docs, simple_segment, embedder, **kwargs)


def test_first_run_adds_everything(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    index, stats = _build(tmp_path / "idx", make_corpus(3, 4), fake_embedder)
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (3, 0, 0, 0)
    assert (stats.embedded, stats.cached) == (12, 0)
    assert len(index.sentences) == 12
    assert [s.doc_id for s in index.sentences[:5]] == ["doc00000"] * 4 + ["doc00001"]
    assert index.model == fake_embedder.name
    reopened = open_index(tmp_path / "idx")
    assert reopened is not None
    assert reopened.sentences == index.sentences
    assert reopened.sources == index.sources
    np.testing.assert_array_equal(reopened.vectors_for(range(12)), index.vectors_for(range(12)))


def test_rerun_with_nothing_changed_does_not_call_the_embedder(tmp_path: Path) -> None:
    docs = make_corpus(3, 4)
    _build(tmp_path / "idx", docs, FakeEmbedder())
    counting = FakeEmbedder()
    index, stats = update_index(tmp_path / "idx", docs, _no_segment, counting)
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (0, 0, 0, 3)
    assert (stats.embedded, stats.cached) == (0, 0)
    assert counting.calls == 0
    assert len(index.sentences) == 12


def test_only_changed_and_added_documents_are_segmented_and_embedded(tmp_path: Path) -> None:
    docs = make_corpus(4, 3)
    _build(tmp_path / "idx", docs, FakeEmbedder())
    changed = make_document("doc00001", docs[1].text.replace("item 2", "item 22"))
    added = make_corpus(1, 2, first=7)[0]
    segmented: list[str] = []

    def segment(doc: Document) -> list:
        segmented.append(doc.source.id)
        return simple_segment(doc)

    counting = FakeEmbedder()
    new_docs = [docs[0], changed, docs[3], added]  # doc00002 removed
    index, stats = update_index(tmp_path / "idx", new_docs, segment, counting, prune=True)
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (1, 1, 1, 2)
    assert stats.removed_paths == ("doc00002.txt",)
    assert sorted(segmented) == ["doc00001", "doc00007"]
    # Two unchanged sentences of doc00001 come from the cache; its new one and doc00007's are new.
    assert sorted(counting.texts) == sorted(
        [s.text for s in simple_segment(changed) if "item 22" in s.text]
        + [s.text for s in simple_segment(added)]
    )
    assert (stats.embedded, stats.cached) == (3, 2)
    assert [s.id for s in index.sources] == ["doc00000", "doc00001", "doc00003", "doc00007"]
    assert [s.text for s in index.sentences_of("doc00001")] == [
        s.text for s in simple_segment(changed)
    ]
    assert index.sentences_of("doc00002") == []
    _assert_vectors_match(index, FakeEmbedder())


def test_new_metadata_with_the_same_bytes_is_stored_without_embedding(tmp_path: Path) -> None:
    docs = make_corpus(2, 3)
    _build(tmp_path / "idx", docs, FakeEmbedder())
    dated = Document(
        source=docs[1].source.model_copy(update={"published": dt.date(2024, 9, 9)}),
        text=docs[1].text,
    )
    counting = FakeEmbedder()
    index, stats = _build(tmp_path / "idx", [docs[0], dated], counting)
    assert counting.calls == 0
    assert (stats.changed, stats.embedded, stats.cached) == (1, 0, 3)
    assert index.sources[1].published == dt.date(2024, 9, 9)
    reopened = open_index(tmp_path / "idx")
    assert reopened is not None and reopened.sources[1].published == dt.date(2024, 9, 9)


def test_search_finds_the_sentence_itself_first(tmp_path: Path, fake_embedder) -> None:
    index, _ = _build(tmp_path / "idx", make_corpus(5, 4), fake_embedder)
    rows = [0, 7, 13, 19]
    scores, ids = index.search(fake_embedder.embed([index.sentences[r].text for r in rows]), 3)
    assert ids.shape == scores.shape == (4, 3)
    assert ids[:, 0].tolist() == rows
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=1e-5)
    assert (scores[:, 0] >= scores[:, 1]).all()
    _, many = index.search(fake_embedder.embed(["troops"]), 50)
    assert many[0, 20:].tolist() == [-1] * 30  # fewer rows than k


def test_an_empty_corpus_gives_an_empty_index(tmp_path: Path, fake_embedder) -> None:
    _build(tmp_path / "idx", make_corpus(2, 2), fake_embedder)
    index, stats = _build(tmp_path / "idx", [], fake_embedder, prune=True)
    assert stats.removed == 2 and index.sentences == ()
    scores, ids = index.search(fake_embedder.embed(["anything"]), 2)
    assert ids.tolist() == [[-1, -1]]


def test_switching_models_rebuilds_vectors_and_switching_back_uses_the_cache(
    tmp_path: Path,
) -> None:
    docs = make_corpus(3, 3)
    first = FakeEmbedder()
    _build(tmp_path / "idx", docs, first)
    other = FakeEmbedder(salt="other")
    index, stats = _build(tmp_path / "idx", docs, other)
    assert index.model == other.name
    assert (stats.unchanged, stats.embedded, stats.cached) == (3, 9, 0)
    _assert_vectors_match(index, FakeEmbedder(salt="other"))
    back = FakeEmbedder()
    index, stats = _build(tmp_path / "idx", docs, back)
    assert back.calls == 0
    assert (stats.embedded, stats.cached) == (0, 9)
    _assert_vectors_match(index, FakeEmbedder())


def test_duplicate_ids_are_refused(tmp_path: Path, fake_embedder) -> None:
    doc = make_corpus(1, 1)[0]
    with pytest.raises(ValueError, match="distinct"):
        _build(tmp_path / "idx", [doc, doc], fake_embedder)


def test_nothing_is_written_outside_the_index_folder(
    tmp_path: Path, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _build(tmp_path / "idx", make_corpus(2, 2), fake_embedder)
    assert [p.name for p in tmp_path.iterdir()] == ["idx"]
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [
        "CURRENT",
        "cache",
        "gen-000001",
        "lock",
    ]


def test_a_missing_folder_is_no_index(tmp_path: Path) -> None:
    assert open_index(tmp_path / "nothing") is None
    (tmp_path / "empty").mkdir()
    assert open_index(tmp_path / "empty") is None


@pytest.mark.parametrize(
    "damage",
    ["flip_vectors", "truncate_sentences", "delete_vectors", "garbage_current", "wrong_manifest"],
)
def test_a_damaged_index_is_refused_until_rebuilt(
    tmp_path: Path, fake_embedder: FakeEmbedder, damage: str
) -> None:
    index_dir = tmp_path / "idx"
    docs = make_corpus(3, 3)
    _build(index_dir, docs, fake_embedder)
    generation = index_dir / "gen-000001"
    if damage == "flip_vectors":
        data = bytearray((generation / "vectors.npy").read_bytes())
        data[-1] ^= 0xFF
        (generation / "vectors.npy").write_bytes(bytes(data))
    elif damage == "truncate_sentences":
        path = generation / "sentences.json"
        path.write_bytes(path.read_bytes()[:20])
    elif damage == "delete_vectors":
        (generation / "vectors.npy").unlink()
    elif damage == "garbage_current":
        (index_dir / "CURRENT").write_text("hello\n")
    else:
        (generation / "manifest.json").write_text("{}")
    with pytest.raises(IndexStateError, match="--rebuild"):
        open_index(index_dir)
    with pytest.raises(IndexStateError, match="--rebuild"):
        _build(index_dir, docs, fake_embedder)
    index, stats = _build(index_dir, docs, fake_embedder, rebuild=True)
    assert stats.added == 3 and len(index.sentences) == 9
    assert open_index(index_dir) is not None


def test_an_index_of_another_format_is_refused(tmp_path: Path, fake_embedder) -> None:
    index_dir = tmp_path / "idx"
    _build(index_dir, make_corpus(1, 2), fake_embedder)
    manifest_path = index_dir / "gen-000001" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format"] = INDEX_FORMAT + 1
    data = json.dumps(manifest).encode()
    manifest_path.write_bytes(data)
    (index_dir / "CURRENT").write_text(f"gen-000001 {hashlib.sha256(data).hexdigest()}\n")
    with pytest.raises(IndexStateError, match=rf"format {INDEX_FORMAT + 1}.*--rebuild"):
        open_index(index_dir)
    assert _build(index_dir, make_corpus(1, 2), fake_embedder, rebuild=True)[1].added == 1


def test_a_foreign_folder_is_refused_and_rebuild_keeps_its_files(
    tmp_path: Path, fake_embedder
) -> None:
    index_dir = tmp_path / "idx"
    index_dir.mkdir()
    (index_dir / "notes.txt").write_text("mine")
    (index_dir / "sub").mkdir()
    with pytest.raises(IndexStateError, match="not a crosscheck index.*--rebuild"):
        open_index(index_dir)
    with pytest.raises(IndexStateError):
        _build(index_dir, make_corpus(1, 1), fake_embedder)
    _build(index_dir, make_corpus(1, 1), fake_embedder, rebuild=True)
    assert (index_dir / "notes.txt").read_text() == "mine"
    assert (index_dir / "sub").is_dir()
    assert open_index(index_dir) is not None


def test_a_file_instead_of_a_folder_is_refused(tmp_path: Path, fake_embedder) -> None:
    (tmp_path / "idx").write_text("x")
    with pytest.raises(IndexStateError, match="not a folder"):
        open_index(tmp_path / "idx")
    with pytest.raises(IndexStateError, match="not a folder"):
        _build(tmp_path / "idx", [], fake_embedder)


def test_a_lock_held_by_another_process_times_out(tmp_path: Path, fake_embedder) -> None:
    index_dir = tmp_path / "idx"
    index_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(index_dir / "lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(IndexStateError, match="locked by another crosscheck run"):
            _build(index_dir, make_corpus(1, 1), fake_embedder, lock_timeout=0.3)
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    assert _build(index_dir, make_corpus(1, 1), fake_embedder, lock_timeout=5)[1].added == 1


_HOLD_LOCK = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(60)
"""

# Runs update_index in a child that SIGKILLs itself at the Nth fsync or rename (crash injection),
# or, with N = 0, embeds slowly so the parent can kill it mid-run.
_CRASHING_UPDATE = textwrap.dedent(
    """
    import os, signal, sys, time
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from fakes import FakeEmbedder, make_corpus, simple_segment
    from crosscheck.index import update_index

    kill_at = int(sys.argv[2])
    events = 0

    def crashing(real):
        def call(*args):
            global events
            events += 1
            if events == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args)
        return call

    class SlowEmbedder(FakeEmbedder):
        def embed_batch(self, texts):
            print("embedding", flush=True)
            time.sleep(0.05)
            return super().embed_batch(texts)

    os.fsync = crashing(os.fsync)
    os.replace = crashing(os.replace)
    embedder = SlowEmbedder() if kill_at == 0 else FakeEmbedder()
    sharded = sys.argv[3:] == ["add"]  # a day's articles added to a sharded archive
    docs = make_corpus(40, 20) + make_corpus(5, 20, first=40) if sharded else make_corpus(
        40, 20, variant="new"
    )
    update_index(Path(sys.argv[1]), docs, simple_segment, embedder, sharded=sharded)
    print("done", flush=True)
    """
).format(tests=str(TESTS))


def _run_crashing(index_dir: Path, kill_at: int, *mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CRASHING_UPDATE, str(index_dir), str(kill_at), *mode],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_a_crash_at_any_write_leaves_the_previous_generation(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    old_docs = make_corpus(40, 20)
    new_docs = make_corpus(40, 20, variant="new")
    _build(index_dir, old_docs, FakeEmbedder())
    old_sources = tuple(d.source for d in old_docs)
    new_sources = tuple(d.source for d in new_docs)
    crashes_before_switch = 0
    for kill_at in range(1, 60):
        result = _run_crashing(index_dir, kill_at)
        index = open_index(index_dir)
        assert index is not None
        if result.returncode == 0:
            assert "done" in result.stdout and index.sources == new_sources
            break
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert index.sources in (old_sources, new_sources)
        assert len(index.sentences) == 800
        _assert_vectors_match(index, FakeEmbedder())
        if index.sources == old_sources:
            crashes_before_switch += 1
        else:  # killed after CURRENT switched: start the next run from the old corpus again
            _build(index_dir, old_docs, FakeEmbedder())
    else:
        pytest.fail("the update never completed")
    assert crashes_before_switch >= 5
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [
        index.generation
    ]


def test_a_crash_while_adding_a_shard_leaves_the_previous_generation(tmp_path: Path) -> None:
    """The sharded archive's promise: a day's articles are one more shard, and a run killed at
    any write leaves the previous generation, its shards untouched, and no stray shard after
    the next run."""
    index_dir = tmp_path / "idx"
    archive = make_corpus(40, 20)
    _build(index_dir, archive, FakeEmbedder(), sharded=True)
    old_sources = tuple(d.source for d in archive)
    old_shards = _shard_files(index_dir)
    for kill_at in range(1, 40):
        result = _run_crashing(index_dir, kill_at, "add")
        index = open_index(index_dir)
        assert index is not None
        assert {k: v for k, v in _shard_files(index_dir).items() if k in old_shards} == old_shards
        if result.returncode == 0:
            assert index.sources[:40] == old_sources and len(index.sources) == 45
            break
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert index.sources[:40] == old_sources and len(index.sources) in (40, 45)
        _assert_vectors_match(index, FakeEmbedder())
        if len(index.sources) == 45:  # killed after CURRENT switched: back to the archive
            _build(index_dir, archive, FakeEmbedder(), sharded=True, prune=True)
    else:
        pytest.fail("the update never completed")
    listed = {entry["name"] for entry in index.shards}
    assert set(p.name for p in (index_dir / "shards").iterdir()) == listed


def _shard_files(index_dir: Path) -> dict[str, int]:
    """Every file of every shard with its modification time: shards are never rewritten."""
    return {
        str(path.relative_to(index_dir)): path.stat().st_mtime_ns
        for path in (index_dir / "shards").rglob("*")
        if path.is_file()
    }


def test_a_sharded_index_holds_what_a_flat_index_holds(tmp_path: Path) -> None:
    docs = make_corpus(30, 5)
    flat, _ = _build(tmp_path / "flat", docs, FakeEmbedder())
    _build(tmp_path / "sharded", docs, FakeEmbedder(), sharded=True)
    sharded = open_index(tmp_path / "sharded")
    assert sharded is not None and sharded.shards
    assert sharded.sources == flat.sources and sharded.sentences == flat.sentences
    np.testing.assert_array_equal(sharded.vectors_for(range(150)), flat.vectors_for(range(150)))
    assert not (tmp_path / "sharded" / sharded.generation / "vectors.npy").exists()


def test_a_sharded_index_is_searched_from_mapped_files_as_a_flat_index_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader holds no copy of a sharded archive's vectors: each shard's vectors.npy is
    memory-mapped, and the exact scan, the 8-bit candidates and their re-scoring give the flat
    index's rows and scores, in its order, repeated sentences (tied scores) included."""
    from crosscheck import shards

    monkeypatch.setattr(shards, "SHARD_ROWS", 700)  # shard ends inside faiss's 1,024-row blocks
    again = "Police said 12 people died. The bridge opened on Friday."
    repeated = [make_document(f"again{d:02d}", again) for d in range(30)]
    docs = make_corpus(150, 20) + repeated
    flat, _ = _build(tmp_path / "flat", docs, FakeEmbedder())
    _build(tmp_path / "sharded", docs, FakeEmbedder(), sharded=True)
    sharded = open_index(tmp_path / "sharded")
    assert sharded is not None and len(sharded.shards) == 5
    assert all(isinstance(part, np.memmap) for part in sharded._vectors.parts)
    rows = list(range(0, 3000, 97)) + list(range(3000, 3060, 7))
    np.testing.assert_array_equal(sharded.vectors_for(rows), flat.vectors_for(rows))
    queries = flat.vectors_for(rows)
    for batch in (queries[:5], queries):  # below and above faiss's matrix-product threshold
        for k in (1, 10, 50, 150):
            expected_scores, expected_rows = flat.search(batch, k)
            scores, found = sharded.search(batch, k)
            np.testing.assert_array_equal(found, expected_rows)
            np.testing.assert_array_equal(scores, expected_scores)
    monkeypatch.setattr(index_module, "QUANTIZED_MIN_ROWS", 1_000)
    expected_scores, expected_rows = flat.search(queries[:10], 10)
    scores, found = sharded.search(queries[:10], 10)
    assert sharded._quantized is not None and flat._quantized is not None
    np.testing.assert_array_equal(found, expected_rows)
    np.testing.assert_array_equal(scores, expected_scores)


def test_adding_articles_to_a_sharded_index_writes_one_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosscheck import shards

    monkeypatch.setattr(shards, "SHARD_ROWS", 40)  # 8 articles of 5 sentences a shard
    index_dir = tmp_path / "idx"
    archive, day = make_corpus(20, 5), make_corpus(3, 5, first=20)
    _build(index_dir, archive, FakeEmbedder(), sharded=True)
    before = _shard_files(index_dir)
    assert len({name.split("/")[1] for name in before}) == 3
    counting = FakeEmbedder()
    index, stats = _build(index_dir, archive + day, counting, sharded=True)
    assert (stats.added, stats.unchanged, stats.embedded) == (3, 20, 15)
    after = _shard_files(index_dir)
    assert before.items() <= after.items()
    assert len({name.split("/")[1] for name in after}) == 4
    flat, _ = _build(tmp_path / "flat", archive + day, FakeEmbedder())
    reopened = open_index(index_dir)
    assert reopened is not None and reopened.sentences == flat.sentences
    np.testing.assert_array_equal(reopened.vectors_for(range(115)), flat.vectors_for(range(115)))
    # a changed archive article is rewritten with its neighbours; unlisted shards are deleted
    changed = [make_document("doc00002", "A new text. With two sentences.")]
    index, stats = _build(index_dir, changed, FakeEmbedder(), sharded=True)
    assert stats.changed == 1 and len(index.sentences) == 112
    listed = {entry["name"] for entry in index.shards}
    assert {p.name for p in (index_dir / "shards").iterdir()} == listed


def test_a_damaged_shard_is_refused_until_rebuilt(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    _build(index_dir, make_corpus(5, 4), FakeEmbedder(), sharded=True)
    vectors = next((index_dir / "shards").rglob("vectors.npy"))
    data = bytearray(vectors.read_bytes())
    data[-1] ^= 0xFF
    vectors.write_bytes(bytes(data))
    with pytest.raises(IndexStateError, match="corrupt .*vectors.npy does not match"):
        open_index(index_dir)
    index, _ = _build(index_dir, make_corpus(5, 4), FakeEmbedder(), rebuild=True, sharded=True)
    assert open_index(index_dir) is not None and len(index.sentences) == 20


def test_a_large_sharded_index_picks_candidates_from_its_compressed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the configured size the index keeps IVF-PQ codes; a query's candidates come from
    them and are re-scored exactly, and a day's articles are added without retraining."""
    monkeypatch.setenv("CROSSCHECK_COMPRESS_ROWS", "12000")
    monkeypatch.setattr(index_module, "QUANTIZED_MIN_ROWS", 5_000)
    index_dir = tmp_path / "idx"
    _build(index_dir, make_corpus(600, 20), FakeEmbedder(), sharded=True)
    index = open_index(index_dir)
    assert index is not None and index._compressed is not None
    rows = np.random.default_rng(0).choice(12_000, 40, replace=False)
    hits = []
    for query in index.vectors_for(rows):
        exact_scores, _ = index._flat.search(query[None, :], 10)
        scores, found = index.search(query[None, :], 10)
        np.testing.assert_allclose(scores[0], index.vectors_for(found[0]) @ query, atol=1e-6)
        hits.append(np.mean(scores[0] >= exact_scores[0, -1] - 1e-6))
    assert np.mean(hits) >= 0.95
    trained = faiss.downcast_index(index._compressed).pq.centroids.at(0)
    _build(
        index_dir,
        make_corpus(600, 20) + make_corpus(5, 20, first=600),
        FakeEmbedder(),
        sharded=True,
    )
    grown = open_index(index_dir)
    assert grown is not None and grown._compressed is not None
    assert grown._compressed.ntotal == 12_100
    assert faiss.downcast_index(grown._compressed).pq.centroids.at(0) == trained


def test_a_run_killed_while_embedding_leaves_the_previous_generation(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    old_docs = make_corpus(40, 20)
    _build(index_dir, old_docs, FakeEmbedder())
    child = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_UPDATE, str(index_dir), "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "embedding"
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    child.wait()
    index = open_index(index_dir)
    assert index is not None and index.sources == tuple(d.source for d in old_docs)
    new_docs = make_corpus(40, 20, variant="new")
    index, stats = _build(index_dir, new_docs, FakeEmbedder())
    assert stats.changed == 40 and index.sources == tuple(d.source for d in new_docs)


def _no_segment(doc: Document) -> list:
    raise AssertionError(f"{doc.source.id} should not have been segmented")


def _assert_vectors_match(index, embedder: FakeEmbedder) -> None:
    """Every stored row holds the vector of its own sentence under the index's model."""
    expected = embedder.embed([s.text for s in index.sentences])
    np.testing.assert_allclose(index.vectors_for(range(len(index.sentences))), expected, atol=1e-6)


def test_open_index_is_fast_on_20k_sentences(tmp_path: Path) -> None:
    docs = make_corpus(1000, 20)
    _build(tmp_path / "idx", docs, FakeEmbedder())
    started = time.perf_counter()
    index, stats = _build(tmp_path / "idx", docs, FakeEmbedder())
    assert stats.unchanged == 1000 and len(index.sentences) == 20_000
    assert time.perf_counter() - started < 1.0


def _random_index(rows: int, dim: int, seed: int = 0) -> tuple[StoredIndex, np.ndarray]:
    """A StoredIndex of random unit vectors (no sentences): the search alone, at a size where
    building it through update_index would take the test most of its time."""
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(rows, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(dim)
    flat.add(vectors)
    index = StoredIndex(model="random", sources=(), table=_Table(), flat=flat, generation="gen-0")
    return index, vectors


def test_the_quantized_search_returns_the_exact_top_rows_and_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index_module, "QUANTIZED_MIN_ROWS", 50_000)
    index, vectors = _random_index(60_000, 64)
    rng = np.random.default_rng(1)
    near = vectors[rng.choice(len(vectors), 40)] + rng.normal(0, 0.1, (40, 64))
    queries = np.vstack([near, rng.normal(size=(40, 64))]).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    for k in (1, 5, 50):
        exact_scores, exact_rows = index._flat.search(queries, k)
        scores, rows = index.search(queries, k)
        assert index._quantized is not None  # the batch is large enough to build it at once
        np.testing.assert_array_equal(rows, exact_rows)
        np.testing.assert_allclose(scores, exact_scores, rtol=0, atol=1e-6)
        one_scores, one_rows = index.search(queries[:1], k)  # one query at a time, too
        np.testing.assert_array_equal(one_rows, exact_rows[:1])
        np.testing.assert_allclose(one_scores, exact_scores[:1], rtol=0, atol=1e-6)


def test_one_off_queries_large_batches_and_small_indexes_scan_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Building the 8-bit index costs a few exact scans: a single query must not pay for it,
    nor a batch as large as a report's, which the exact scan answers faster."""
    monkeypatch.setattr(index_module, "QUANTIZED_MIN_ROWS", 2_000)
    index, vectors = _random_index(3_000, 32)
    index.search(vectors[:1], 5)
    assert index._quantized is None
    index.search(vectors[:1000], 5)
    assert index._quantized is None
    index.search(vectors[:10], 5)
    assert index._quantized is not None
    small, small_vectors = _random_index(1_000, 32)
    small.search(small_vectors[:100], 5)
    assert small._quantized is None


def _segment_with_mentions(doc: Document) -> list[Sentence]:
    published = dt.date(2013, 5, 10)
    return [
        s.model_copy(update={"mentions": tuple(extract.extract(s.text, published))})
        for s in simple_segment(doc)
    ]


def test_one_sentence_is_built_without_building_all(tmp_path: Path, fake_embedder) -> None:
    docs = make_corpus(3, 4)
    index, _ = update_index(tmp_path / "idx", docs, _segment_with_mentions, fake_embedder)
    assert all(s.mentions for s in index.sentences)  # the mentions column is read back too
    reopened = open_index(tmp_path / "idx")
    assert reopened is not None
    assert reopened.sentence(5) == index.sentences[5]
    assert "sentences" not in reopened.__dict__  # the cached tuple of all was never built
    assert [reopened.sentence(r) for r in range(12)] == list(reopened.sentences)
    assert reopened.sentence(11) == index.sentences[11]  # served from the built tuple as well
    for row in (-1, 12):
        with pytest.raises(IndexError):
            reopened.sentence(row)


def test_segmenting_shows_progress_on_a_terminal(
    tmp_path: Path, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    tty = FakeTty()
    monkeypatch.setattr(sys, "stderr", tty)
    _build(tmp_path / "quiet", make_corpus(3, 2), fake_embedder)
    assert tty.parts == []
    _build(tmp_path / "shown", make_corpus(3, 2), fake_embedder, progress=True)
    assert "segmenting documents" in "".join(tty.parts)


def test_a_new_segmenter_version_segments_again_from_the_cache(tmp_path: Path) -> None:
    """After an upgrade of the splitting rules, stored sentences are not reused; vectors are."""
    docs = [make_document("a", "One fact here. Another fact there.")]
    fake = FakeEmbedder()
    update_index(tmp_path, docs, simple_segment, fake, segmenter="1")
    calls: list[str] = []

    def counting(doc: Document) -> list[Sentence]:
        calls.append(doc.source.id)
        return simple_segment(doc)

    _, same = update_index(tmp_path, docs, counting, fake, segmenter="1")
    assert calls == [] and same.unchanged == 1
    index, upgraded = update_index(tmp_path, docs, counting, fake, segmenter="2")
    assert calls == ["a"] and upgraded.changed == 1 and upgraded.embedded == 0
    assert index.segmenter == "2"
    assert open_index(tmp_path).segmenter == "2"


def test_the_cache_merges_its_small_chunks_and_leaves_the_large_one(tmp_path: Path) -> None:
    cache = index_module._Cache(tmp_path, "model")
    rng = np.random.default_rng(0)

    def keys(prefix: str, n: int) -> list[bytes]:
        return [index_module._text_key(f"{prefix}{i}") for i in range(n)]

    cache.add(keys("big", 500), rng.normal(size=(500, 8)).astype(np.float32))
    (big,) = cache.folder.iterdir()
    for add in range(30):
        cache.add(keys(f"small{add}-", 3), rng.normal(size=(3, 8)).astype(np.float32))
        chunks = list(cache.folder.iterdir())
        assert len(chunks) <= index_module._MAX_CHUNKS and big in chunks  # never rewritten
    wanted = set(keys("big", 500)) | {k for a in range(30) for k in keys(f"small{a}-", 3)}
    assert cache.lookup(wanted).keys() == wanted


def _crash_at_step(patch: pytest.MonkeyPatch, step: int) -> None:
    """Make the ``step``-th write or directory fsync of the index module raise."""
    seen = {"n": 0}
    for name in ("_write_durable", "_fsync_dir"):
        real = getattr(index_module, name)

        def wrapper(*args: object, _real: Callable[..., None] = real) -> None:
            seen["n"] += 1
            if seen["n"] == step:
                raise RuntimeError("crash")
            _real(*args)

        patch.setattr(index_module, name, wrapper)


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_crash_while_merging_the_cache_loses_no_vector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """Crash at each write and fsync of an add that merges: the new chunk (steps 1-2), the
    merged one (3-4). Every vector stays found, with its value, and the next add cleans up."""
    cache = index_module._Cache(tmp_path, "model")
    rng = np.random.default_rng(0)
    stored: dict[bytes, np.ndarray] = {}
    lost: set[bytes] = set()
    for add in range(index_module._MAX_CHUNKS + 1):
        keys = [index_module._text_key(f"{add}-{i}") for i in range(50 if add == 0 else 2)]
        vectors = rng.normal(size=(len(keys), 8)).astype(np.float32)
        stored |= dict(zip(keys, vectors, strict=True))
        if add < index_module._MAX_CHUNKS:
            cache.add(keys, vectors)
            continue
        with monkeypatch.context() as patch:  # this add merges: crash it at ``step``
            _crash_at_step(patch, step)
            with pytest.raises(RuntimeError, match="crash"):
                cache.add(keys, vectors)
        if step == 1:  # the new chunk was never renamed into place: its update re-embeds
            lost = set(keys)
    found = cache.lookup(set(stored))
    assert found.keys() == stored.keys() - lost
    for key, vector in found.items():
        np.testing.assert_array_equal(vector, stored[key])
    cache.add([index_module._text_key("after")], np.ones((1, 8), dtype=np.float32))
    index_module._collect_garbage(tmp_path, keep=None)
    assert not list(tmp_path.rglob("*.tmp"))
    assert len(list(cache.folder.iterdir())) <= index_module._MAX_CHUNKS


def test_an_index_from_an_older_crosscheck_is_rebuilt_by_an_update(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Readers refuse it; an update builds it anew from the cache instead of stopping."""
    docs = [make_document("a", "One fact here. Another fact there.")]
    fake = FakeEmbedder()
    index, _ = update_index(tmp_path, docs, simple_segment, fake)
    manifest_path = tmp_path / index.generation / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format"] = INDEX_FORMAT - 1
    data = json.dumps(manifest).encode()
    manifest_path.write_bytes(data)
    (tmp_path / "CURRENT").write_text(f"{index.generation} {hashlib.sha256(data).hexdigest()}\n")
    with pytest.raises(IndexStateError, match="older than"):
        open_index(tmp_path)
    calls = fake.calls
    rebuilt, stats = update_index(tmp_path, docs, simple_segment, fake)
    assert stats.added == 1 and fake.calls == calls  # vectors from the cache
    assert "building it anew" in caplog.text
    assert open_index(tmp_path) is not None
