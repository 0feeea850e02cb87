"""Peak memory (RSS) of indexing and reporting at 200k sentences.

Run from the repository root after bench/throughput.py: ``.venv/bin/python bench/memory.py
[--copies 115]`` (115 copies = 201,020 sentences). Each step runs in its own process, through the
library (``pipeline.index_corpus`` and ``pipeline.build_report``), and prints its own peak RSS.

Embedding 200k sentences for real takes far longer than a benchmark should on 2 cores, so the
index is filled by ``RecycledEmbedder`` (real MiniLM vectors of the 20k index plus noise, see
bench/corpus.py). To count the model's own memory as a real `crosscheck index` would, the index
process loads the sentence-transformers model and embeds a batch before indexing. The report
process embeds nothing (the index is current), as in a real re-run. The 200k index is kept for
bench/query.py.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from corpus import OUT, RecycledEmbedder, write_corpus
from throughput import machine

from crosscheck.index import open_index
from crosscheck.pipeline import Options, build_report, index_corpus


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recycled(copies_20k: int) -> RecycledEmbedder:
    stored = open_index(OUT / f"index-{copies_20k}")
    if stored is None:
        raise SystemExit("run bench/throughput.py first (its real vectors seed the 200k index)")
    return RecycledEmbedder(stored.vectors_for(range(len(stored._table))))


def child_index(corpus: Path, index: Path, copies_20k: int) -> dict[str, float]:
    from crosscheck.embed import load_embedder

    model = load_embedder()
    model.embed([" ".join(["a long sentence to size the model's buffers"] * 20)] * 64)
    embedder = recycled(copies_20k)
    start = time.perf_counter()
    indexed = index_corpus([corpus], Options(index_dir=index, rebuild=True), embedder)
    return {"seconds": time.perf_counter() - start, "rows": len(indexed.index._table),
            "peak_mb": peak_mb()}


def child_report(corpus: Path, index: Path, copies_20k: int) -> dict[str, float]:
    embedder = recycled(copies_20k)
    start = time.perf_counter()
    report = build_report([corpus], Options(index_dir=index), embedder)
    return {"seconds": time.perf_counter() - start, "rows": report.counts.sentences,
            "findings": len(report.findings), "peak_mb": peak_mb()}


def run_child(step: str, args: argparse.Namespace) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", step, "--copies", str(args.copies),
               "--copies-20k", str(args.copies_20k)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{step} failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=115)
    parser.add_argument("--copies-20k", type=int, default=12)
    parser.add_argument("--child", choices=["index", "report"])
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()
    corpus, index = OUT / f"corpus-{args.copies}", OUT / f"index-{args.copies}-recycled"
    if args.child:
        child = child_index if args.child == "index" else child_report
        print(json.dumps(child(corpus, index, args.copies_20k)))
        return
    if not corpus.exists():
        write_corpus(corpus, args.copies)
    shutil.rmtree(index, ignore_errors=True)
    print(f"machine: {machine()}")
    for step in ("index", "report")[: 1 if args.skip_report else 2]:
        figures = run_child(step, args)
        print(f"{step}: {figures['rows']:.0f} sentences, {figures['seconds']:.1f} s, "
              f"peak RSS {figures['peak_mb']:.0f} MB" + (
                  f", {figures['findings']:.0f} findings" if "findings" in figures else ""))
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()
