"""Incremental indexing: adding one article to the 20k index, and re-running with no change.

Run from the repository root after bench/throughput.py (which leaves the 20k corpus and index in
bench/out/perf/): ``.venv/bin/python bench/incremental.py [--copies 12]``. Works on copies of
them. Each case is timed twice: as a `crosscheck index` process (what a user waits for, torch
start-up included) and as a library call with the model already loaded (the work itself).
Targets: add one article <= 2x indexing it alone; nothing changed < 1 s.
The library timings are split into reading the corpus (crosscheck.ingest), embedding, and the
rest (the index update: load, segment, cache, write), the part crosscheck/index.py decides.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corpus import OUT, base_articles, vary
from throughput import machine, run_index

from crosscheck import ingest
from crosscheck.embed import Embedder, SentenceTransformerEmbedder, load_embedder
from crosscheck.pipeline import Options, index_corpus


def add_article(corpus: Path, number: int, tag: str) -> Path:
    """Write a new variant of base article ``number`` into ``corpus`` and its manifest."""
    articles = base_articles()
    vocabulary = sorted({w for a in articles for w in a.text.split() if w.isalpha()})
    article = articles[number]
    path = corpus / f"new_{tag}_{article.name[:40]}.txt"
    path.write_text(vary(article.text, random.Random(tag), vocabulary), encoding="utf-8")
    manifest = corpus / "manifest.csv"
    if manifest.exists():
        with open(manifest, "a", encoding="utf-8", newline="") as handle:
            published = article.published.isoformat() if article.published else ""
            csv.writer(handle).writerow([path.name, f"New {tag}", published, "", "", ""])
    return path


def alone(path: Path, work: Path) -> Path:
    """A folder holding only this article, with a manifest row like the one in the corpus."""
    folder = work / f"alone-{path.stem}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(path, folder / path.name)
    with open(path.parent / "manifest.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle) if r and r[0] in ("file", path.name)]
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return folder


@contextmanager
def timing(owner: object, name: str, spent: list[float]) -> Iterator[None]:
    """Add the time spent in ``owner.name`` to ``spent`` while inside the block."""
    real, own = getattr(owner, name), name in vars(owner)  # a module's, or a bound method

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    setattr(owner, name, timed)
    try:
        yield
    finally:
        if own:
            setattr(owner, name, real)
        else:
            delattr(owner, name)


def timed_library(corpus: Path, index: Path, embedder: Embedder) -> tuple[float, str]:
    """Seconds of one index_corpus call, and its stats with the time split into parts."""
    reading: list[float] = []
    embedding: list[float] = []
    with timing(ingest, "load_corpus", reading), timing(embedder, "embed", embedding):
        start = time.perf_counter()
        indexed = index_corpus([corpus], Options(index_dir=index), embedder)
        took = time.perf_counter() - start
    rest = took - sum(reading) - sum(embedding)
    split = f"read {sum(reading):.2f} s, embed {sum(embedding):.2f} s, index {rest:.2f} s"
    return took, f"{indexed.stats}; {split}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=12)
    args = parser.parse_args()
    source_corpus, source_index = OUT / f"corpus-{args.copies}", OUT / f"index-{args.copies}"
    if not source_index.exists():
        raise SystemExit("run bench/throughput.py first (it builds the 20k index)")
    work = OUT / "incremental"
    shutil.rmtree(work, ignore_errors=True)
    corpus, index = work / "corpus", work / "index"
    shutil.copytree(source_corpus, corpus)
    shutil.copytree(source_index, index)
    print(f"machine: {machine()}")

    # The copies live at new paths, so the first run re-reads every document (from the cache).
    run_index(corpus, index)
    wall, line = run_index(corpus, index)
    print(f"process, nothing changed: {wall:.2f} s\n  {line}")
    new = add_article(corpus, 3, "cli")
    wall_add, line = run_index(corpus, index)
    print(f"process, one article added: {wall_add:.2f} s\n  {line}")
    wall_alone, line = run_index(alone(new, work), work / "alone-index-cli")
    print(f"process, that article alone: {wall_alone:.2f} s\n  {line}")
    print(f"process ratio added / alone: {wall_add / wall_alone:.2f} (target <= 2)")

    embedder = load_embedder()
    assert isinstance(embedder, SentenceTransformerEmbedder)
    embedder.embed(["warm the model up"])
    took, stats = timed_library(corpus, index, embedder)
    print(f"library, nothing changed: {took:.2f} s ({stats}; target < 1 s)")
    added, single = [], []
    for number in (7, 11, 19):  # three articles, medians: one run is at the mercy of the machine
        new = add_article(corpus, number, f"lib{number}")
        added.append(timed_library(corpus, index, embedder))
        single.append(timed_library(alone(new, work), work / f"alone-index-{number}", embedder))
    took_add = statistics.median(t for t, _ in added)
    took_alone = statistics.median(t for t, _ in single)
    print(f"library, one article added: median {took_add:.2f} s")
    for took, stats in added:
        print(f"  {took:.2f} s ({stats})")
    print(f"library, that article alone: median {took_alone:.2f} s")
    for took, stats in single:
        print(f"  {took:.2f} s ({stats})")
    print(f"library ratio added / alone: {took_add / took_alone:.2f} (target <= 2)")
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()
