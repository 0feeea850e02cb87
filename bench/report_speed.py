"""Time `build_report` and `query` of two versions of crosscheck in one run, warm.

    .venv/bin/python bench/report_speed.py --base /tmp/base      # a worktree of another commit

For each version (this checkout, and ``--base``'s ``crosscheck/``), a fresh process imports that
code, loads the embedder once, indexes each corpus once into its own folder (so the embedding
cache is warm and the index is built), then times ``build_report`` and ``query`` ``--repeat``
times each and prints the median in seconds. Corpora: the seeds and one ECB+ topic (topic33 by
default). The versions run one after the other on the same machine, so load from other work
affects both; run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ECBPLUS = Path(os.environ.get("CROSSCHECK_ECBPLUS", ROOT.parent / "shared/data/ecbplus"))
CLAIM = "The shooting happened on Friday afternoon and killed a mother of twelve."

_CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from crosscheck.embed import load_embedder
from crosscheck.pipeline import Options, build_report, query

corpora, work, repeat, claim = json.loads(sys.argv[1])
embedder = load_embedder(None)
result = {}
for name, folder in corpora.items():
    options = Options(index_dir=Path(work) / name)
    folder = Path(folder)  # older versions take paths only
    build_report([folder], options, embedder=embedder)  # warm: index and cache built
    times = {"report": [], "query": []}
    for _ in range(repeat):
        start = time.perf_counter()
        build_report([folder], options, embedder=embedder)
        times["report"].append(time.perf_counter() - start)
        start = time.perf_counter()
        query(claim, [folder], options, embedder=embedder)
        times["query"].append(time.perf_counter() - start)
    result[name] = {k: statistics.median(v) for k, v in times.items()}
print(json.dumps(result))
"""


def run(code: Path, corpora: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    """Medians for one version: ``code`` is the folder that holds its ``crosscheck/``."""
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, PYTHONPATH=str(code), HF_HUB_OFFLINE="1")
        args = json.dumps([corpora, work, repeat, CLAIM])
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, args], env=env, capture_output=True, text=True, cwd=work
        )
        if out.returncode:
            sys.exit(f"{code}: {out.stderr.strip().splitlines()[-1]}")
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of another commit")
    parser.add_argument("--topic", default="topic33")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpora = {"seeds": str(ROOT / "seeds"), args.topic: str(ECBPLUS / args.topic)}
    base = run(args.base.resolve(), corpora, args.repeat)
    head = run(ROOT, corpora, args.repeat)
    print(f"{'corpus':10} {'step':7} {'base s':>8} {'head s':>8} {'ratio':>6}")
    for name in corpora:
        for step in ("report", "query"):
            b, h = base[name][step], head[name][step]
            print(f"{name:10} {step:7} {b:8.2f} {h:8.2f} {h / b:6.2f}")


if __name__ == "__main__":
    main()
