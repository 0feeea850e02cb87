"""Sharded generations: an archive that grows by a day's articles without rewriting itself.

A flat generation (index.py) holds every row in its own three files, so adding one article
rewrites and re-checksums them all: 46 GB of vectors at 30 million sentences. A sharded
generation lists immutable shards instead, and the next generation lists the same shards plus
one for the new articles::

    shards/<sha256 of its shard.json>/   one shard, never changed once written
        shard.json       rows, dim and the sha256 of each of its files
        sources.json     the Source of each of its documents (whole documents only)
        sentences.json   their sentences, column-wise as in a flat generation
        vectors.npy      float32 (rows, dim)
    gen-000013/
        manifest.json    as a flat generation's, with "shards": [{"name", "sha256", "rows"}]
                         in row order instead of the three files
        compressed.index (from COMPRESS_MIN_ROWS rows) IVF-PQ codes of every row

The promises are index.py's: CURRENT switches generations in one atomic step; every file is
checked against a checksum that the manifest (itself checked by CURRENT) vouches for; a run
killed at any point leaves the previous generation readable, because it only ever adds shards
and deletes the ones no current generation lists after the switch.

A reader maps each shard's vectors.npy read-only (index.MappedVectors) instead of reading it into
memory: the process holds no copy of the archive's vectors, the operating system pages in what a
search reads, and an archive larger than RAM can still be searched.

The compressed index answers searches that would otherwise scan every vector (a query, a few
claims): it picks candidates from product-quantized codes (48 bytes a vector instead of 1,536)
in the nearest inverted lists, and index.StoredIndex re-scores them from the float32 vectors.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

SHARDS = "shards"
SHARD_FILE = "shard.json"
COMPRESSED = "compressed.index"
COMPRESS_ENV = "CROSSCHECK_COMPRESS_ROWS"
# From this many rows a sharded generation carries the compressed index: below, the exact scan
# (or index.py's 8-bit copy) answers a query within 100 ms; above, it scans gigabytes a query.
COMPRESS_MIN_ROWS = 1_000_000
# Rows of one shard written in one run: bounds what a reader re-verifies for one shard, and
# what a full rewrite holds per file.
SHARD_ROWS = 250_000
PQ_BYTES = 48  # bytes of code per vector: 384 dims in 48 sub-vectors of 8 bits each
# Inverted lists searched per query (of at most _MAX_LISTS): claims unlike any stored sentence
# have their neighbours spread over many lists. At 200k rows recall@10 was 0.93 with 24 and
# 0.99 with 128; at 2M rows probing 256 or 512 gained less than more candidates (docs/SCALE.md).
NPROBE = 128
_MAX_LISTS = 2048  # inverted lists: k-means beyond this costs minutes to train on 2 cores
_TRAIN_PER_LIST = 39  # training vectors per list (faiss warns below)


def compress_min_rows() -> int:
    """Rows from which a sharded generation is compressed: $CROSSCHECK_COMPRESS_ROWS, else
    COMPRESS_MIN_ROWS."""
    value = os.environ.get(COMPRESS_ENV, "").strip()
    if not value:
        return COMPRESS_MIN_ROWS
    try:
        rows = int(value)
    except ValueError:
        from crosscheck.errors import InputError

        raise InputError(f"{COMPRESS_ENV} must be a number of rows, not {value!r}") from None
    return rows


def shard_names(manifest: dict[str, Any]) -> list[str]:
    """The shards a generation's manifest lists, in row order."""
    return [str(entry["name"]) for entry in manifest.get("shards", ())]


def document_spans(doc_rows: Sequence[int], limit: int | None = None) -> list[tuple[int, int]]:
    """Split documents (given their row counts) into runs of at most ``limit`` rows (default
    SHARD_ROWS), whole documents only: (first document, end document) of each shard. A larger
    document is a shard of its own."""
    limit = limit or SHARD_ROWS
    spans: list[tuple[int, int]] = []
    first, rows = 0, 0
    for number, count in enumerate(doc_rows):
        if rows and rows + count > limit:
            spans.append((first, number))
            first, rows = number, 0
        rows += count
    if first < len(doc_rows):
        spans.append((first, len(doc_rows)))
    return spans


def write_shard(
    index_dir: Path, write: Callable[[Path], dict[str, str]], rows: int, dim: int
) -> dict[str, Any]:
    """Write one shard under a temporary name (``write`` fills the folder and returns the
    sha256 of each file, synced), and give it its checksum's name.

    Returns the manifest entry. An intact shard with the same contents already there is the
    same shard (names are checksums), so it is kept and this copy dropped; a damaged one (what
    a rebuild may be repairing) is replaced.
    """
    from crosscheck.index import _fsync_dir, _write_durable

    root = index_dir / SHARDS
    root.mkdir(exist_ok=True)
    temp = root / f"new-{os.getpid()}.tmp"
    if temp.exists():
        shutil.rmtree(temp)
    temp.mkdir()
    checksums = write(temp)
    described = json.dumps({"rows": rows, "dim": dim, "files": checksums}, indent=1).encode()
    _write_durable(temp / SHARD_FILE, described)
    _fsync_dir(temp)
    digest = hashlib.sha256(described).hexdigest()
    final = root / digest
    if final.exists() and _intact(final, checksums):
        shutil.rmtree(temp)
    else:
        if final.exists():
            os.replace(final, root / f"damaged-{os.getpid()}.tmp")
        os.replace(temp, final)
        _fsync_dir(root)
    return {"name": digest, "sha256": digest, "rows": rows}


def _intact(folder: Path, checksums: dict[str, str]) -> bool:
    """Whether every file of a stored shard still has the checksum it was written with."""
    for name, expected in checksums.items():
        try:
            with open(folder / name, "rb") as handle:
                if hashlib.file_digest(handle, "sha256").hexdigest() != expected:
                    return False
        except OSError:
            return False
    return True


def read_shard(index_dir: Path, entry: dict[str, Any]) -> tuple[dict[str, Any], Path]:
    """A shard's verified description and folder; ValueError when it does not match."""
    folder = index_dir / SHARDS / str(entry["name"])
    described = (folder / SHARD_FILE).read_bytes()
    if hashlib.sha256(described).hexdigest() != entry["sha256"]:
        raise ValueError(f"shard {entry['name']} does not match its checksum")
    info = json.loads(described)
    if info["rows"] != entry["rows"]:
        raise ValueError(f"shard {entry['name']} does not hold {entry['rows']} rows")
    return info, folder


def remove_unlisted(index_dir: Path, keep: set[str]) -> None:
    """Delete the shards no kept generation lists, and temporary shards of killed runs."""
    root = index_dir / SHARDS
    if not root.is_dir():
        return
    for path in root.iterdir():
        if path.name not in keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def build_compressed(vectors: np.ndarray, previous: faiss.Index | None = None) -> faiss.Index:
    """An IVF-PQ index of ``vectors`` (inner product), trained on a sample of them.

    With ``previous`` (the compressed index of the same rows' first part, from the generation
    before), only the new rows are encoded and added: a day's articles do not retrain it.
    """
    rows, dim = vectors.shape
    if previous is not None and previous.ntotal <= rows:
        index = faiss.clone_index(previous)
        index.add(np.ascontiguousarray(vectors[previous.ntotal :]))
        return index
    lists = max(1, min(4 * int(math.sqrt(rows)), rows // _TRAIN_PER_LIST, _MAX_LISTS))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFPQ(quantizer, dim, lists, _pq_bytes(dim), 8, faiss.METRIC_INNER_PRODUCT)
    train = min(rows, max(256 * _TRAIN_PER_LIST, lists * _TRAIN_PER_LIST))
    sample = np.random.default_rng(0).choice(rows, train, replace=False)
    index.train(np.ascontiguousarray(vectors[np.sort(sample)]))
    index.add(np.ascontiguousarray(vectors))
    return index


def _pq_bytes(dim: int) -> int:
    """Sub-vectors per code: PQ_BYTES, or the largest count below it that divides ``dim``."""
    return max(m for m in range(1, PQ_BYTES + 1) if dim % m == 0)


def save_compressed(path: Path, index: faiss.Index) -> None:
    faiss.write_index(index, str(path))


def load_compressed(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    faiss.extract_index_ivf(index).nprobe = NPROBE
    return index
