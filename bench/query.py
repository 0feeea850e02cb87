"""Query latency: warm (library) at 20k and 200k sentences, and cold `crosscheck query`.

Run from the repository root after bench/throughput.py and bench/memory.py (they leave the 20k
index of real vectors and the 200k index of recycled vectors in bench/out/perf/), with an ONNX
export made (``python -m crosscheck.onnx_export``): ``.venv/bin/python bench/query.py``.

Warm figures call ``crosscheck.pipeline.query`` over 100 claims with the model loaded and the
index already open (``load_index`` is patched to return it: the library otherwise re-opens and
re-verifies the index on every call, which is reported separately as "open"). Claims are
embedded by the ONNX backend; at 200k they are embedded by the real model and searched among
recycled vectors (see bench/corpus.py). Cold figures run the CLI as a new process over the seeds.
At 200k, ``index.search`` is the 8-bit candidate search with exact re-scoring; its recall is
measured against the exact flat scan, for single queries (k = 5 and 50) and for a report-sized
batch. Targets: warm p50 < 50 ms at 200k with recall >= 0.99; cold query < 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import numpy as np
from corpus import OUT, REPO, ClaimEmbedder, claims
from throughput import CLI, machine

import crosscheck.index as index_module
from crosscheck import pipeline
from crosscheck.embed import Embedder, OnnxEmbedder, find_onnx_export, load_embedder
from crosscheck.index import StoredIndex, open_index

SEEDS = REPO / "seeds"


def percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    return f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"


def warm(label: str, index_dir: Path, embedder: Embedder, texts: list[str]) -> None:
    """Open the index once, then time the claim embedding, the search and pipeline.query."""
    start = time.perf_counter()
    index = open_index(index_dir)
    opened = time.perf_counter() - start
    assert index is not None
    start = time.perf_counter()
    index.sentences  # noqa: B018 - built on first use; a long-lived caller pays it once
    built = time.perf_counter() - start
    options = pipeline.Options(index_dir=index_dir, min_similarity=0.3)
    embedder.embed(texts[:2])
    start = time.perf_counter()
    index.search(embedder.embed(texts[:8]), options.top_k)  # a long-lived caller's first queries
    first = time.perf_counter() - start
    embed_times, search_times, query_times = [], [], []
    for text in texts:
        start = time.perf_counter()
        vector = embedder.embed([text])
        embed_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        index.search(vector, options.top_k)
        search_times.append(time.perf_counter() - start)
    exact_times: list[float] = []
    with mock.patch.object(pipeline, "load_index", lambda *_: index):
        for text in texts:
            start = time.perf_counter()
            pipeline.query(text, [], options, embedder=embedder)
            query_times.append(time.perf_counter() - start)
        with mock.patch.object(index_module, "QUANTIZED_MIN_ROWS", len(index._table) + 1):
            for text in texts:  # the same queries with the exact scan, for comparison
                start = time.perf_counter()
                pipeline.query(text, [], options, embedder=embedder)
                exact_times.append(time.perf_counter() - start)
    quantized = index._quantized is not None
    print(f"{label}: {len(index._table)} sentences; open {opened:.2f} s, "
          f"first sentences access {built:.2f} s, first 8 searches {first:.2f} s"
          f"{' (builds the 8-bit index)' if quantized else ''}")
    print(f"  embed claim (ONNX)     {percentiles(embed_times)}")
    print(f"  index.search ({'8-bit + rescoring' if quantized else 'flat'}) "
          f"{percentiles(search_times)}")
    print(f"  pipeline.query (warm)  {percentiles(query_times)}")
    if quantized:
        print(f"  pipeline.query (warm), exact scan instead  {percentiles(exact_times)}")


def recall(index: StoredIndex, queries: np.ndarray) -> None:
    """``index.search`` against the exact flat scan: recall@k, score error and latency.

    Recall is by score, not by row: the corpus repeats some sentences, and which of several
    identical vectors a search returns is arbitrary; a hit is a row scoring at least the exact
    k-th best. A report searches all its claims in one batch, so a batch is timed as well.
    """
    index.search(queries, 5)  # builds the 8-bit index, as a long-lived caller's first queries do
    for k in (5, 50):
        exact_times, times, hits, error = [], [], [], 0.0
        for query in queries:
            start = time.perf_counter()
            exact_scores, _ = index._flat.search(query[None, :], k)
            exact_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            scores, rows = index.search(query[None, :], k)
            times.append(time.perf_counter() - start)
            true_scores = index.vectors_for(rows[0]) @ query
            hits.append(np.sum(true_scores >= exact_scores[0, -1] - 1e-5) / k)
            error = max(error, float(np.max(np.abs(true_scores - scores[0]))))
        print(f"  recall@{k} {np.mean(hits):.4f} (min {np.min(hits):.2f}), "
              f"max |score - exact| {error:.1e}; search {percentiles(times)}, "
              f"exact scan {percentiles(exact_times)}")
    rows = np.random.default_rng(0).choice(len(index._table), 1000, replace=False)
    batch = index.vectors_for(rows)
    start = time.perf_counter()
    exact_scores, _ = index._flat.search(batch, 50)
    exact_time = time.perf_counter() - start
    start = time.perf_counter()
    scores, found = index.search(batch, 50)
    search_time = time.perf_counter() - start
    found_scores = np.einsum("npd,nd->np", index.vectors_for(found.ravel()).reshape(
        *found.shape, -1), batch)
    batch_recall = np.mean(found_scores >= exact_scores[:, -1:] - 1e-5)
    print(f"  batch of 1000 stored sentences, k=50 (as a report searches): recall "
          f"{batch_recall:.4f}; search {search_time:.2f} s, exact scan {exact_time:.2f} s")


def alternatives(index: StoredIndex, queries: np.ndarray, k: int = 5) -> None:
    """Faster searches than the exact flat scan, against it: recall@k and latency per query.

    At 200k x 384 float32 the flat scan reads 312 MB per query, so it is bound by memory
    bandwidth. HNSW reads a few thousand vectors; 8-bit scalar quantization reads a quarter of
    the bytes and the top ``pool`` are re-scored exactly from the float32 vectors.
    """
    import faiss

    vectors = index.vectors_for(range(len(index._table)))
    exact_scores, _ = index._flat.search(queries, k)

    def report(label: str, search: Callable[[np.ndarray], np.ndarray]) -> None:
        """Recall by score, not by row: the corpus repeats some sentences, and which of several
        identical vectors a search returns is arbitrary; a hit is a row scoring at least the
        exact k-th best."""
        times, hits = [], []
        for query, kth in zip(queries, exact_scores[:, -1], strict=True):
            start = time.perf_counter()
            rows = search(query[None, :])
            times.append(time.perf_counter() - start)
            hits.append(np.sum(vectors[rows] @ query >= kth - 1e-5) / k)
        print(f"  {label}: recall@{k} {np.mean(hits):.3f}, {percentiles(times)}")

    start = time.perf_counter()
    sq8 = faiss.IndexScalarQuantizer(vectors.shape[1], faiss.ScalarQuantizer.QT_8bit,
                                     faiss.METRIC_INNER_PRODUCT)
    sq8.train(vectors)
    sq8.add(vectors)
    built = time.perf_counter() - start

    def rescored(query: np.ndarray, pool: int = 50) -> np.ndarray:
        candidates = sq8.search(query, pool)[1][0]
        scores = vectors[candidates] @ query[0]
        return candidates[np.argsort(-scores)[:k]]

    report(f"SQ8 top-50 + exact rescoring (build {built:.0f} s)", rescored)
    start = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(vectors)
    built = time.perf_counter() - start
    for ef in (128, 512):
        hnsw.hnsw.efSearch = ef
        report(f"HNSW M=32 efSearch={ef} (build {built:.0f} s)",
               lambda q: hnsw.search(q, k)[1][0])


def cold(label: str, args: list[str], runs: int, backend: str) -> None:
    env = os.environ | {"CROSSCHECK_BACKEND": backend, "HF_HUB_OFFLINE": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([str(CLI), *args], capture_output=True, text=True, env=env,
                                check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{label} failed: {result.stderr}")
    print(f"{label} [{backend}]: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s over {runs} runs")


def cold_and_20k(texts: list[str], onnx: Embedder, copies_20k: int) -> None:
    """Cold CLI runs over the seeds and the 20k index, then the warm figures at 20k."""
    seeds_index = OUT / "index-seeds"
    shutil.rmtree(seeds_index, ignore_errors=True)
    torch_env = os.environ | {"CROSSCHECK_BACKEND": "torch"}
    subprocess.run([str(CLI), "index", str(SEEDS), "--index", str(seeds_index), "--quiet"],
                   check=True, capture_output=True, env=torch_env)
    claim = "Putin's first visit to North Korea in 24 years"
    query = ["query", claim, "--index", str(seeds_index)]
    cold("cold `crosscheck query` (seeds index)", query, 5, "onnx")
    cold("cold `crosscheck query` (seeds index)", query, 2, "torch")
    report = ["report", str(SEEDS), "--index", str(seeds_index), "--out",
              str(OUT / "seeds-report.md"), "--quiet"]
    cold("`crosscheck report seeds/`, index current", report, 3, "auto")
    index_20k = OUT / f"index-{copies_20k}"
    cold("cold `crosscheck query` (20k index)", ["query", claim, "--index", str(index_20k)], 3,
         "onnx")

    warm("20k, real vectors", index_20k, onnx, texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies-20k", type=int, default=12)
    parser.add_argument("--copies-200k", type=int, default=115)
    parser.add_argument("--hnsw", action="store_true",
                        help="also measure HNSW and a bare SQ8 top-50 at 200k (recall, latency)")
    parser.add_argument("--only-200k", action="store_true", help="skip the cold and 20k runs")
    args = parser.parse_args()
    reference = load_embedder()
    export = find_onnx_export(reference.name)
    if export is None:
        raise SystemExit("no ONNX export: run .venv/bin/python -m crosscheck.onnx_export")
    onnx = OnnxEmbedder(export)
    texts = claims(100)
    print(f"machine: {machine()}")

    if not args.only_200k:
        cold_and_20k(texts, onnx, args.copies_20k)
    index_200k = OUT / f"index-{args.copies_200k}-recycled"
    stored = open_index(index_200k)
    if stored is None:
        raise SystemExit("run bench/memory.py first (it builds the 200k index)")
    warm("200k, recycled vectors", index_200k, ClaimEmbedder(stored.model, onnx), texts)
    recall(stored, onnx.embed(texts))
    if args.hnsw:
        alternatives(stored, onnx.embed(texts))
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()
