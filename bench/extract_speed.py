"""Time ``crosscheck.extract.extract`` on 10,000 real news sentences, against another checkout.

Extraction runs on every sentence of every article, so a grammar change must not make it slower.
The sentences are ECB+ articles (``../shared/data/ecbplus``, or ``$CROSSCHECK_ECBPLUS``) split by
this checkout's ``crosscheck.segment``; both codes then extract the very same sentences, each in
its own process, taking turns over five rounds (the best round of each is printed, so load from
other processes on the machine weighs on both alike):

    git worktree add /tmp/base-extract <base commit>
    .venv/bin/python bench/extract_speed.py --base /tmp/base-extract
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CROSSCHECK_ECBPLUS", ROOT.parent / "shared" / "data" / "ecbplus"))
SENTENCES = 10_000
ROUNDS = 5


def collect(limit: int) -> list[tuple[str, str | None]]:
    """``limit`` sentences of ECB+ in path order, with their article's date.

    ECB+ holds fewer (about 8,900), so the list starts over until it is long enough.
    """
    from crosscheck.ingest import load_corpus
    from crosscheck.segment import segment

    corpus = load_corpus([DATA], root=DATA)
    found: list[tuple[str, str | None]] = []
    for doc in corpus.documents:
        published = doc.source.published.isoformat() if doc.source.published else None
        found += [(s.text, published) for s in segment(doc)]
    return (found * (limit // len(found) + 1))[:limit]


def measure(path: Path) -> float:
    """Seconds to extract the sentences stored at ``path`` (after one warm-up sentence)."""
    from crosscheck.extract import extract

    rows = [
        (text, dt.date.fromisoformat(day) if day else None)
        for text, day in json.loads(path.read_text(encoding="utf-8"))
    ]
    extract(rows[0][0], rows[0][1])
    started = time.perf_counter()
    for text, published in rows:
        extract(text, published)
    return time.perf_counter() - started


def timed_in(tree: Path, path: Path) -> float:
    """Run ``measure`` in a fresh interpreter that imports crosscheck from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="checkout of the code to compare against")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(f"{measure(args.measure):.3f}")
        return
    sys.path.insert(0, str(ROOT))
    rows = collect(SENTENCES)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sentences.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
        trees = {"this checkout": ROOT} | ({f"base ({args.base})": args.base} if args.base else {})
        best = dict.fromkeys(trees, float("inf"))
        for _ in range(ROUNDS):
            for name, tree in trees.items():
                best[name] = min(best[name], timed_in(tree, path))
        print(f"{len(rows)} ECB+ sentences, best of {ROUNDS} rounds")
        for name, seconds in best.items():
            print(f"{name}: {seconds:.2f} s")


if __name__ == "__main__":
    main()
