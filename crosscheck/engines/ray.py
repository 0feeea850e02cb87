"""The Ray engine: the per-article work on Ray Data, each story's comparisons as a Ray task.

What runs where:

- **read**: the article files, as a Ray Data map over the files (ingest.read_captured): the
  workers must see the files at the paths the driver was given (a shared file system). Each
  file's warnings come back as data and the driver logs them in the local engine's order, so
  the same corpus warns the same way with either engine. Walking the folders and reading the
  manifests stays on the driver;
- **segment**: the documents that need it, as a Ray Data map over the documents;
- **embed**: Ray Data over batches of sentences, mapped by a pool of actors that each load the
  model once. The batches are the local engine's (texts sorted by length, ``batch_size`` each),
  so every vector is computed from the same padded batch and equals the local one. Ray Data
  restarts an actor that dies and retries its batch, and the driver places each batch by its
  position, so a killed worker neither fails nor duplicates the run. The driver stores each chunk
  in the embedding cache as it arrives, as the local engine does: a run killed outright resumes
  from it;
- **write**: the driver writes the index as shards (crosscheck.shards), so a day's articles add
  one shard to an archive instead of rewriting it;
- **extract**: the values of every sentence, as a Ray Data map over the sentences;
- **compare**: each story (pipeline.StoryWork: its candidate pairs and only the sentences they
  name) as a Ray task.

The driver still walks the corpus and reads its manifests, searches the index for the candidate
pairs and groups the stories, over the whole corpus in one process.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import ray
import ray.data

from crosscheck.embed import Embedder, length_order
from crosscheck.engines import Engine
from crosscheck.errors import InputError
from crosscheck.index import SegmentMany, StoredIndex
from crosscheck.ingest import FileJob, FileRead, ReadMany
from crosscheck.pipeline import StoryWork, compare_story
from crosscheck.schema import Document, Finding, Mention, Sentence

_READ_BATCH = 8  # article files a Ray Data task reads
_EXTRACT_BATCH = 16  # articles a Ray Data task reads the values of (about 256 sentences)
_STORY_TASKS_PER_WORKER = 4  # story groups per worker: small stories share a task


class RayEngine(Engine):
    """Runs on the Ray cluster at ``address`` (None: the one this process is connected to, else
    $RAY_ADDRESS as Ray's own tools set it, else a new one on this machine), with ``workers``
    embedding actors (None: one per CPU of the cluster)."""

    name = "ray"
    sharded = True

    def __init__(self, address: str | None = None, *, workers: int | None = None) -> None:
        self.address = address
        self.workers = workers
        # CPU seconds the embedding actors spent in the model (loading it included), summed over
        # this engine's runs: what sizes a cluster, whatever else shares the machine
        self.embedding_cpu_seconds = 0.0

    def connect(self) -> None:
        """Join the cluster once, with Ray Data's progress output off (crosscheck prints its
        own one-line summary; CI logs stay readable). A worker's failure still reaches this
        process as an exception."""
        if not ray.is_initialized():
            # "local" starts a new instance: a bare ray.init() would join whatever cluster
            # was started last on this machine, if its address file is still there
            # and workers' logs stay out of stdout, which may carry a JSON report
            address = self.address or os.environ.get("RAY_ADDRESS") or "local"
            try:
                with _stderr_held(address != "local"):
                    ray.init(
                        address=address,
                        logging_level=logging.WARNING,
                        include_dashboard=False,
                        log_to_driver=False,
                    )
            except (ConnectionError, RuntimeError, ValueError) as error:  # what Ray raises
                detail = " ".join(str(error).split())[:200]
                raise InputError(f"cannot join the Ray cluster at {address}: {detail}") from error
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # before it warns of the bars
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        context.enable_auto_log_stats = False

    def actors(self) -> int:
        """Embedding actors: as asked, else one per CPU of the cluster."""
        self.connect()
        return self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))

    def reader(self) -> ReadMany:
        return self._read_many

    def _read_many(self, jobs: Sequence[FileJob]) -> list[FileRead]:
        if not jobs:
            return []
        self.connect()
        rows = [{"at": at, "job": pickle.dumps(job)} for at, job in enumerate(jobs)]
        done = ray.data.from_items(rows).map_batches(_read_batch, batch_size=_READ_BATCH)
        return _in_order(done, "read", len(jobs))

    def embedder(self, embedder: Embedder) -> Embedder:
        return RayEmbedder(embedder, self)

    def segmenter(self) -> SegmentMany:
        return self._segment_many

    def _segment_many(self, documents: Sequence[Document]) -> list[list[Sentence]]:
        if not documents:
            return []
        self.connect()
        rows = [{"at": at, "doc": pickle.dumps(doc)} for at, doc in enumerate(documents)]
        done = ray.data.from_items(rows).map_batches(_segment_batch, batch_size=8)
        return _in_order(done, "sentences", len(documents))

    def mentions(self, index: StoredIndex) -> list[Sentence]:
        sentences = index.sentences
        if not sentences:
            return []
        self.connect()
        from crosscheck.pipeline import articles

        sources = {s.id: s for s in index.sources}
        groups = list(articles(sentences).items())
        jobs = [
            {"at": at, "job": pickle.dumps(([sentences[r] for r in rows], sources[doc_id]))}
            for at, (doc_id, rows) in enumerate(groups)
        ]
        done = ray.data.from_items(jobs).map_batches(_extract_batch, batch_size=_EXTRACT_BATCH)
        found: list[tuple[Mention, ...]] = [()] * len(sentences)
        for (_, rows), read in zip(groups, _in_order(done, "mentions", len(groups)), strict=True):
            for row, mentions in zip(rows, read, strict=True):
                found[row] = mentions
        return [s.model_copy(update={"mentions": m}) for s, m in zip(sentences, found, strict=True)]

    def compare(self, works: Sequence[StoryWork]) -> Iterator[dict[tuple[int, int], Finding]]:
        if not works:
            return
        self.connect()
        groups = _balanced(works, self.actors() * _STORY_TASKS_PER_WORKER)
        pending = [_compare_stories.remote(group) for group in groups if group]
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            yield from ray.get(ready[0])


@contextmanager
def _stderr_held(hold: bool) -> Iterator[None]:
    """Keep what this process writes to its stderr while joining a cluster (Ray's C++ core
    writes there directly, a line a retry), and show it only if the join succeeds: a wrong
    address is then the one line of its InputError."""
    if not hold:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
        held.seek(0)
        os.write(2, held.read())


class RayEmbedder(Embedder):
    """``inner``'s vectors, computed by a pool of Ray actors that each load the model once."""

    def __init__(self, inner: Embedder, engine: RayEngine) -> None:
        self.inner = inner
        self.engine = engine
        self.name = inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_batch(texts)

    def embed_in_chunks(
        self,
        texts: Sequence[str],
        chunk: int,
        *,
        batch_size: int = 64,
        progress: bool = False,
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        """Embed like the local engine, batch by batch across the actors, handing over the
        vectors every ``chunk`` texts or so as they come back (in any order of batches)."""
        items = list(texts)
        if not items:
            return
        order = length_order(items)
        starts = range(0, len(items), batch_size)
        batches = [
            {"start": start, "texts": [items[i] for i in order[start : start + batch_size]]}
            for start in starts
        ]
        workers = min(self.engine.actors(), len(batches))  # an idle actor loads a model for nothing
        embedded = ray.data.from_items(batches, override_num_blocks=len(batches)).map_batches(
            _EmbedActor,
            fn_constructor_args=(self.inner,),
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        positions: list[int] = []
        parts: list[np.ndarray] = []
        seen: set[int] = set()
        for row in embedded.iter_rows():
            start = int(row["start"])
            if start in seen:  # a retried batch is delivered once; never store it twice
                continue
            seen.add(start)
            self.engine.embedding_cpu_seconds += float(row["cpu"])
            vectors = np.frombuffer(row["vectors"], dtype=np.float32).reshape(-1, self.inner.dim)
            positions.extend(order[start : start + len(vectors)])
            parts.append(vectors)
            if len(positions) >= chunk:
                yield positions, np.concatenate(parts)
                positions, parts = [], []
        if len(seen) != len(batches):
            raise RuntimeError(f"Ray returned {len(seen)} of {len(batches)} embedding batches")
        if positions:
            yield positions, np.concatenate(parts)


class _EmbedActor:
    """One embedding worker: loads the model on its first batch and keeps it."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        texts = [str(text) for text in batch["texts"][0]]
        started = time.process_time()
        vectors = self.embedder._checked(self.embedder.embed_batch(texts))
        cpu = time.process_time() - started
        return {"start": batch["start"], "vectors": [vectors.tobytes()], "cpu": [cpu]}


def _read_batch(batch: dict[str, Any]) -> dict[str, Any]:
    from crosscheck.ingest import read_captured

    jobs = [pickle.loads(data) for data in batch["job"]]
    return {"at": batch["at"], "read": [pickle.dumps(read_captured(job)) for job in jobs]}


def _segment_batch(batch: dict[str, Any]) -> dict[str, Any]:
    from crosscheck import segment

    docs = [pickle.loads(data) for data in batch["doc"]]
    return {"at": batch["at"], "sentences": [pickle.dumps(segment.segment(d)) for d in docs]}


def _extract_batch(batch: dict[str, Any]) -> dict[str, Any]:
    from crosscheck.pipeline import article_mentions

    jobs = [pickle.loads(data) for data in batch["job"]]
    found = [pickle.dumps(article_mentions(sentences, source)) for sentences, source in jobs]
    return {"at": batch["at"], "mentions": found}


def _in_order(done: ray.data.Dataset, column: str, count: int) -> list[Any]:
    """A mapped column back in the order of the items (Ray Data may reorder blocks)."""
    results: list[Any] = [None] * count
    for row in done.iter_rows():
        results[int(row["at"])] = pickle.loads(row[column])
    return results


def _balanced(works: Sequence[StoryWork], groups: int) -> list[list[StoryWork]]:
    """Stories dealt into about ``groups`` tasks of similar numbers of pairs, largest first:
    a task per story would cost more in scheduling than most stories take to compare."""
    buckets: list[list[StoryWork]] = [[] for _ in range(max(1, min(groups, len(works))))]
    loads = [0] * len(buckets)
    for work in sorted(works, key=lambda w: len(w.pairs), reverse=True):
        lightest = loads.index(min(loads))
        buckets[lightest].append(work)
        loads[lightest] += len(work.pairs)
    return buckets


@ray.remote
def _compare_stories(works: Iterable[StoryWork]) -> list[dict[tuple[int, int], Finding]]:
    return [compare_story(work) for work in works]
