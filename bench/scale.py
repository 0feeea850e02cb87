"""Scale: indexing sentences/s per engine, and the compressed index at 200k, 1M and 2M sentences.

Run from the repository root: ``.venv/bin/python bench/scale.py`` (about 25 minutes on 2
cores; ``--topics N`` and ``--sizes 200000`` for a short run). docs/SCALE.md projects from it.

1. **Throughput.** The ECB+ articles (``../shared/data/ecbplus``, real news, CC BY 3.0) are
   indexed from scratch, with the real model, three times in this one process: by the local
   engine, then by the Ray engine with 1 and with 2 embedding workers on a Ray instance started
   here with 2 CPUs. Each run has its own index and embedding cache, so each embeds every
   sentence. sentences/s = distinct sentences embedded / wall time of the whole
   ``index_corpus`` (reading, segmenting, embedding, writing; for Ray, starting the actors and
   loading one model per actor too). The machine is shared: its load is printed.
2. **Compressed index.** Embedding millions of sentences is beyond a benchmark on 2 cores, so
   the vectors are **real MiniLM vectors recycled**, as bench/memory.py and bench/query.py do:
   each of N rows is one of the real ECB+ vectors of step 1 plus seeded noise (cosine about 0.9
   to it, bench/corpus.py's RecycledEmbedder). Queries are 100 claims (bench/corpus.py) embedded
   by the real model. For each size: the IVF-PQ build time (training and adding every row), the
   size on disk of the float32 vectors and of the compressed index, and for single queries
   (k = 10, as ``crosscheck query`` searches) the latency of ``StoredIndex.search`` (compressed
   candidates re-scored exactly) against the exact scan, with recall@10: the share of returned
   rows scoring at least the exact 10th best (by score, since recycled rows repeat).
3. **check --since** (``--since``, instead of 1 and 2). The 20 ECB+ topics of the Ray tests
   (tests/data/ecbplus, 234 articles) are indexed with the real model without one article, which
   is then added, as a day's new article is; the report of ``check`` is timed three times each
   way: the whole report (what ``check --since`` computed before filtering to the new article)
   and the report on the new article's stories only (``report_of(..., only=...)``, what it
   computes now). Both give ``check`` the same findings (tests/test_since.py).
4. **What an open index holds** (``--held ROWS``, instead of 1 and 2). ROWS random vectors are
   written as a flat and as a sharded index; each is opened in a fresh process that runs 100
   single queries, which prints its own (anonymous) memory and its resident file pages: the
   sharded index's vectors are mapped, not read in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from corpus import OUT, REPO, claims

from crosscheck import shards
from crosscheck.embed import load_embedder
from crosscheck.index import StoredIndex, _empty_flat, _stored_vectors, _Table, open_index
from crosscheck.pipeline import Options, index_corpus, report_of

ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus"
ENGINES = ("local", "ray1", "ray2")
NOISE = 0.025  # per dimension, as bench/corpus.py's RecycledEmbedder: cosine about 0.9


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def throughput(topics: list[Path], work: Path, engines: list[str]) -> Path:
    """Index the topics with each engine asked for (the local one always: its index seeds the
    recycled vectors); print sentences/s; return the local index folder."""
    import ray

    from crosscheck.engines.ray import RayEngine

    print(f"throughput: {len(topics)} ECB+ topics ({machine()})")
    runs = [("local", None), ("ray, 1 worker", 1), ("ray, 2 workers", 2)]
    runs = [run for run, name in zip(runs, ENGINES, strict=True) if name in engines or not run[1]]
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level="WARNING")
    for label, workers in runs:
        index_dir = work / label.replace(" ", "").replace(",", "-")
        engine = RayEngine(workers=workers) if workers else None
        start, cpu = time.perf_counter(), time.process_time()
        indexed = index_corpus(topics, Options(index_dir=index_dir, engine=engine))
        wall = time.perf_counter() - start
        # the local engine embeds in this process; Ray's actors count their own model time
        cpu = engine.embedding_cpu_seconds if engine else time.process_time() - cpu
        embedded = indexed.stats.embedded
        print(
            f"  {label:15} {embedded} sentences in {wall:6.1f} s: {embedded / wall:6.1f} "
            f"sentences/s; {embedded / cpu:5.1f} sentences per CPU second "
            f"{'in the actors' if engine else 'of the process'} ({machine()})"
        )
    ray.shutdown()
    return work / "local"


def recycled(pool: np.ndarray, rows: int, seed: int = 0) -> StoredIndex:
    """An index of ``rows`` recycled vectors, filled in place (no second copy of 3 GB)."""
    flat = _empty_flat(rows, pool.shape[1])
    vectors = _stored_vectors(flat)
    rng = np.random.default_rng(seed)
    for start in range(0, rows, 100_000):
        end = min(rows, start + 100_000)
        block = pool[rng.integers(0, len(pool), end - start)]
        block += rng.normal(0.0, NOISE, block.shape).astype(np.float32)
        vectors[start:end] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return StoredIndex(model="recycled", sources=(), table=_Table(), flat=flat, generation="-")


def compressed(pool: np.ndarray, queries: np.ndarray, rows: int, work: Path) -> None:
    """Build, size and query the compressed index of ``rows`` recycled vectors."""
    index = recycled(pool, rows)
    start = time.perf_counter()
    built = shards.build_compressed(index._vectors)
    build = time.perf_counter() - start
    path = work / f"compressed-{rows}.index"
    shards.save_compressed(path, built)
    size = path.stat().st_size
    index = StoredIndex(
        model="recycled",
        sources=(),
        table=_Table(),
        flat=index._flat,
        generation="-",
        compressed=shards.load_compressed(path),
    )
    times, exact_times, hits = [], [], []
    for query in queries:
        one = query[None, :]
        started = time.perf_counter()
        exact_scores, _ = index._flat.search(one, 10)
        exact_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        scores, found = index.search(one, 10)
        times.append(time.perf_counter() - started)
        hits.append(float(np.mean(scores[0] >= exact_scores[0, -1] - 1e-5)))
    ms = [t * 1000 for t in times]
    exact_ms = [t * 1000 for t in exact_times]
    gigabytes = rows * pool.shape[1] * 4 / 1e9
    print(
        f"  {rows:>9,} sentences: build {build:6.1f} s; vectors {gigabytes:.2f} GB + "
        f"compressed {size / 1e6:.0f} MB; query p50 {statistics.median(ms):.1f} ms "
        f"(p95 {np.percentile(ms, 95):.1f}), exact scan p50 {statistics.median(exact_ms):.1f} ms;"
        f" recall@10 {np.mean(hits):.3f} (min {min(hits):.1f}) ({machine()})"
    )
    path.unlink()


def since(work: Path) -> None:
    """Time the whole report against the report on one new article's stories (see above)."""
    topics = sorted(p for p in (REPO / "tests" / "data" / "ecbplus").iterdir() if p.is_dir())
    new = sorted(topics[4].glob("*.md"))[1]
    options = Options(index_dir=work / "since")
    index_corpus(topics, Options(index_dir=options.index_dir, exclude=(new,)))
    indexed = index_corpus(topics, options)
    ids = {Path(d.source.path).parts[-2:]: d.source.id for d in indexed.corpus.documents}
    only = ids[new.parts[-2:]]
    timed: dict[str, list[float]] = {"whole report": [], "new article's stories": []}
    for _ in range(3):
        for label, changed in zip(timed, (None, frozenset({only})), strict=True):
            start = time.perf_counter()
            report_of(indexed, options, only=changed)
            timed[label].append(time.perf_counter() - start)
    print(f"check --since: {len(indexed.corpus.documents)} articles, one new ({only})")
    for label, times in timed.items():
        print(f"  {label:22} median {statistics.median(times):.2f} s of 3 ({machine()})")


_HELD = """
import sys, numpy as np
from pathlib import Path
from crosscheck.index import open_index
index = open_index(Path(sys.argv[1]))
for query in np.load(sys.argv[2]):
    index.search(query[None, :], 10)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(*(int(status[key].split()[0]) // 1024 for key in ("RssAnon", "RssFile")))
"""


def held(rows: int, work: Path) -> None:
    """What a process holds once it has opened an index of ``rows`` random vectors (1,000 a
    document) and run 100 single queries, flat against sharded, each in a fresh process: its
    own (anonymous) memory, and the file pages it maps, which the OS may drop when short."""
    import subprocess

    from crosscheck.index import _write_generation
    from crosscheck.schema import Source

    rng = np.random.default_rng(0)
    queries = rng.normal(size=(100, 384)).astype(np.float32)
    np.save(work / "queries.npy", queries / np.linalg.norm(queries, axis=1, keepdims=True))
    index = recycled(rng.normal(size=(10_000, 384)).astype(np.float32), rows)
    docs = [f"doc{d:06d}" for d in range(rows // 1000)]
    index.sources = tuple(Source(id=d, path=d, format="txt", sha256="0" * 64) for d in docs)
    columns = index._table.columns
    for d in docs:
        for i in range(1000):
            for name, value in zip(columns, (d, i, f"{d} {i}", 0, 1, 1, []), strict=True):
                columns[name].append(value)
    print(f"held after opening and 100 queries, {rows:,} vectors ({machine()})")
    for sharded in (False, True):
        folder = work / ("sharded" if sharded else "flat")
        folder.mkdir()
        _write_generation(folder, index, None, sharded)
        command = [sys.executable, "-c", _HELD, str(folder), str(work / "queries.npy")]
        anon, mapped = subprocess.run(
            command, capture_output=True, text=True, check=True
        ).stdout.split()
        label = "sharded (mapped)" if sharded else "flat"
        print(f"  {label:17} own memory {anon} MB, file pages {mapped} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, default=0, help="first N ECB+ topics (0: all)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="of local,ray1,ray2")
    parser.add_argument("--sizes", default="200000,1000000,2000000", help='"" skips them')
    parser.add_argument("--since", action="store_true", help="time check --since's report only")
    parser.add_argument("--held", type=int, default=0, help="ROWS: memory of an open index only")
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="scale-", dir=OUT))
    try:
        if args.since:
            since(work)
            return
        if args.held:
            held(args.held, work)
            return
        topics = sorted(p for p in ECBPLUS.iterdir() if p.is_dir())[: args.topics or None]
        local = open_index(throughput(topics, work, args.engines.split(",")))
        assert local is not None
        pool = local.vectors_for(range(len(local.sentences)))
        queries = load_embedder().embed(claims(100))
        print(f"compressed index ({len(pool)} real vectors recycled; {machine()})")
        for rows in (int(size) for size in args.sizes.split(",") if size):
            compressed(pool, queries, rows, work)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
