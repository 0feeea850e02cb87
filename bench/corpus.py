"""A large news corpus for the performance benchmarks, made from the MEANTIME texts and the seeds.

Copy 0 is the original articles; every further copy swaps about one word in six for another word
of the corpus (seeded), so nearly every sentence is new text for the embedder (a copy of an
unchanged sentence would be served by the embedding cache and flatter the pipeline) while
sentence lengths and vocabulary stay those of real news. Files are .txt with a manifest.csv,
as a user would lay them out.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from temporal import CORPUS as MEANTIME  # noqa: E402
from temporal import load as load_meantime  # noqa: E402

from crosscheck.embed import Embedder  # noqa: E402

SEEDS = REPO / "seeds"
OUT = ROOT / "out" / "perf"
_WORD = re.compile(r"[a-z]{4,}")
SWAP_RATE = 1 / 6


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    outlet: str
    published: dt.date | None


def base_articles() -> list[Article]:
    """The 120 MEANTIME articles (one sentence per line) and the 5 seed articles."""
    articles = [
        Article(a.name, a.text.replace("\n", "\n\n"), "Wikinews", a.created)
        for a in map(load_meantime, sorted(MEANTIME.rglob("*.xml")))
    ]
    with open(SEEDS / "manifest.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            text = (SEEDS / row["file"]).read_text(encoding="utf-8")
            articles.append(Article(Path(row["file"]).stem, text, row["outlet"], published))
    return articles


def vary(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """Swap about one lower-case word in six for a random corpus word of the same kind."""
    return _WORD.sub(
        lambda m: rng.choice(vocabulary) if rng.random() < SWAP_RATE else m.group(), text
    )


def write_corpus(folder: Path, copies: int, *, first: int = 0, seed: int = 0) -> list[Path]:
    """Write copies ``first .. first+copies-1`` of every base article and a manifest; return
    the article files. Copy 0 is the originals; the output is the same for the same arguments."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = base_articles()
    vocabulary = sorted({w for a in articles for w in _WORD.findall(a.text)})
    rows: list[dict[str, str]] = []
    files: list[Path] = []
    for copy in range(first, first + copies):
        for number, article in enumerate(articles):
            rng = random.Random(f"{seed}-{copy}-{number}")
            text = article.text if copy == 0 else vary(article.text, rng, vocabulary)
            path = folder / f"c{copy:04d}_{number:03d}_{article.name[:40]}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
            rows.append(
                {
                    "file": path.name,
                    "outlet": f"{article.outlet} {copy}",
                    "published": article.published.isoformat() if article.published else "",
                    "url": "",
                    "title": "",
                    "note": "",
                }
            )
    manifest = folder / "manifest.csv"
    existing = []
    if manifest.exists():
        with open(manifest, encoding="utf-8") as handle:
            existing = list(csv.DictReader(handle))
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "outlet", "published", "url", "title",
                                                    "note"])
        writer.writeheader()
        writer.writerows(existing + rows)
    return files


def sentences_per_copy() -> int:
    """Sentences in one copy of the base articles, as crosscheck segments them."""
    from crosscheck import segment
    from crosscheck.ingest import load_corpus

    folder = OUT / "one-copy"
    if not folder.exists():
        write_corpus(folder, 1)
    corpus = load_corpus([folder])
    return sum(len(segment.segment(doc)) for doc in corpus.documents)


if __name__ == "__main__":
    print(f"{len(base_articles())} base articles, {sentences_per_copy()} sentences per copy")


class RecycledEmbedder(Embedder):
    """A cheap stand-in for the model at 200k sentences: each text gets a real MiniLM vector of
    the 20k corpus, picked by a hash of the text, plus seeded noise (cosine about 0.9 to it).

    The vectors are spread and clustered like real ones, which is what search latency, HNSW
    recall and memory depend on, at no embedding cost. Its name is its own, so these vectors
    can never mix with the real model's in an index or cache.
    """

    name = "bench-recycled-minilm"
    noise = 0.025

    def __init__(self, pool: np.ndarray) -> None:
        self.pool = np.asarray(pool, dtype=np.float32)

    @property
    def dim(self) -> int:
        return int(self.pool.shape[1])

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            noise = np.random.default_rng(seed).normal(0.0, self.noise, self.dim)
            out[row] = self.pool[seed % len(self.pool)] + noise
        return out / np.linalg.norm(out, axis=1, keepdims=True)


class ClaimEmbedder(Embedder):
    """Embeds claims with the real model under another embedder's name, to query an index of
    recycled vectors (which live in the real model's vector space) with real claim vectors."""

    def __init__(self, name: str, inner: Embedder) -> None:
        self.name, self.inner = name, inner

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_batch(texts)


def claims(count: int = 100, seed: int = 7) -> list[str]:
    """Claims to query: sentences with a number from the base articles, one word in six swapped,
    so they are near, but not copies of, indexed sentences."""
    articles = base_articles()
    vocabulary = sorted({w for a in articles for w in _WORD.findall(a.text)})
    lines = sorted(
        {
            line.strip()
            for a in articles
            for line in a.text.splitlines()
            if 40 <= len(line.strip()) <= 220 and re.search(r"\d", line)
        }
    )
    rng = random.Random(seed)
    return [vary(line, rng, vocabulary) for line in rng.sample(lines, count)]
