"""The on-disk sentence index: metadata, vectors and an embedding cache.

Layout of the index folder (default ``.crosscheck/``)::

    CURRENT              "gen-000012 <sha256 of its manifest.json>", replaced atomically
    lock                 filelock held by update_index
    gen-000012/          one immutable generation
        manifest.json    format, model, dim, rows and the sha256 of every other file
        sources.json     the Source of every document, in corpus order
        sentences.json   sentence metadata, column-wise (one list per field) to load fast
        vectors.npy      float32 (rows, dim), row i is sentence i; read straight into the
                         storage of an in-memory IndexFlatIP (format 1 also stored that index
                         as faiss.index, a second copy of every vector to write and checksum)
    cache/<model key>/<sha256>.npy   embedding cache chunks, named by their own checksum

A run writes a complete new generation, then switches ``CURRENT`` with ``os.replace`` and deletes
the old generation, so a crash at any point leaves the previous generation readable. Readers take
no lock: generations never change once written, and a reader that loses a race retries.

Searches are exact scans of the flat index up to QUANTIZED_MIN_ROWS rows. Above, a process that
searches repeatedly builds an 8-bit copy of the vectors in memory (not on disk: 0.2 s at 200k rows,
less than writing, checksumming and reading it would add to every update and load) to pick
candidates, which are then re-scored from the float32 vectors.

A sharded generation (crosscheck.shards) is not read into memory: each shard's vectors are mapped
from its file (MappedVectors) and searched there.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel, TypeAdapter, ValidationError

from crosscheck.embed import Embedder, track
from crosscheck.errors import IndexStateError
from crosscheck.schema import Document, Mention, Sentence, Source

log = logging.getLogger("crosscheck")

INDEX_FORMAT = 2
DEFAULT_LOCK_TIMEOUT = 60.0
# Sentences embedded between two writes of the embedding cache (about 25 s of embedding on two
# cores): what an interrupted run loses at most.
CACHE_CHUNK = 4096
# From this many rows, searches pick candidates from an 8-bit copy of the vectors and re-score
# them exactly (see StoredIndex.search). Below it the exact scan is fast enough (21 ms p50 for a
# whole query at 21k rows) and the copy would only cost memory and build time.
QUANTIZED_MIN_ROWS = 50_000

_CURRENT = "CURRENT"
# Every command reads the index, but only `index` (and `report`) can rebuild it: say which.
REBUILD_HINT = "rebuild it with `crosscheck index PATH... --rebuild`"
_LOCK = "lock"
_CACHE = "cache"
_MANIFEST = "manifest.json"
_SOURCES = "sources.json"
_SENTENCES = "sentences.json"
_VECTORS = "vectors.npy"
_SHARDS = "shards"  # crosscheck.shards.SHARDS, named here to tell crosscheck's own files
_TMP_SUFFIX = ".tmp"
_GENERATION = re.compile(r"gen-(\d{6})")
_POINTER = re.compile(r"(gen-\d{6}) ([0-9a-f]{64})\n?")
_CHUNK = re.compile(r"[0-9a-f]{64}\.npy")
_MAX_CHUNKS = 8
_READ_ATTEMPTS = 3
_READ_BLOCK = 1 << 24  # vectors.npy is read and checksummed in blocks of this many bytes
_COLUMNS = ("doc_id", "index", "text", "start", "end", "line", "mentions")
# Building the 8-bit index costs about as much as this many exact scans (both grow with the rows:
# 0.21 s against 54 ms at 203k), so it is built only once that many queries were scanned exactly:
# a one-off query never pays for it, and a long-lived caller pays at most twice the best choice.
_QUANTIZE_AFTER_QUERIES = 4
# A batch this large or larger is scanned exactly: from about 400 queries faiss computes the exact
# scores as one matrix product, 1.1 ms a query at 203k, three times faster than the 8-bit scan
# (3.5 ms a query at any batch size). A report searches all its claims in one such batch.
_QUANTIZED_MAX_BATCH = 256
_QUANTIZE_BLOCK = 65_536  # rows read at once to build the 8-bit copy (96 MB at 384 dims)
# Queries re-scored at once: bounds the gathered (queries, pool, dim) block, 98 MB at k = 1000.
_RESCORE_CHUNK = 16

_SOURCE_LIST = TypeAdapter(tuple[Source, ...])
_SENTENCE_LIST = TypeAdapter(tuple[Sentence, ...])
_MENTION_LIST = TypeAdapter(list[Mention])


class UpdateStats(BaseModel):
    """What an update did, counted in documents, then in sentences.

    ``added``, ``changed`` and ``unchanged`` count the documents given; ``kept`` those indexed
    by an earlier run and not given now, which stay (adding articles never removes others);
    ``removed`` those dropped because ``prune`` was asked for.

    ``embedded`` counts the distinct texts sent to the model; ``cached`` the sentences that needed
    a vector (those of added or changed documents, or all after a model switch) and found it in
    the embedding cache.
    """

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    cached: int = 0
    kept: int = 0  # documents indexed before but not given this time, kept (no ``prune``)
    removed_paths: tuple[str, ...] = ()  # paths of the removed documents, to say which


@dataclass
class _Table:
    """Sentence metadata as one list per field: loads several times faster than one JSON object
    per sentence, and lets unchanged documents be copied over without building Sentence models."""

    columns: dict[str, list[Any]] = field(default_factory=lambda: {c: [] for c in _COLUMNS})

    def __len__(self) -> int:
        return len(self.columns["doc_id"])

    def extend(self, other: _Table, start: int, end: int) -> None:
        for name, values in self.columns.items():
            values.extend(other.columns[name][start:end])

    def append(self, sentence: Sentence) -> None:
        row = sentence.model_dump(mode="json", exclude={"mentions"})
        for name in _COLUMNS[:-1]:
            self.columns[name].append(row[name])
        self.columns["mentions"].append(
            [m.model_dump(mode="json", exclude_defaults=True) for m in sentence.mentions]
        )

    def row(self, row: int) -> Sentence:
        """Validate one row into a Sentence, leaving the others as stored."""
        if not 0 <= row < len(self):
            raise IndexError(f"row {row} is not in an index of {len(self)} sentences")
        fields = {name: self.columns[name][row] for name in _COLUMNS[:-1]}
        mentions = tuple(_MENTION_LIST.validate_python(self.columns["mentions"][row]))
        return Sentence.model_validate(fields | {"mentions": mentions})

    def sentences(self) -> tuple[Sentence, ...]:
        """Validate the rows into Sentence models, mentions first in one bulk call (fastest)."""
        grouped = self.columns["mentions"]
        flat = iter(_MENTION_LIST.validate_python([m for ms in grouped for m in ms]))
        rows = [
            {name: self.columns[name][i] for name in _COLUMNS[:-1]}
            | {"mentions": tuple(next(flat) for _ in ms)}
            for i, ms in enumerate(grouped)
        ]
        return _SENTENCE_LIST.validate_python(rows)


class OutdatedIndexError(IndexStateError):
    """The index was written by an older crosscheck: readable by none, rebuilt by an update."""


class StoredIndex:
    """One generation of the index, loaded; immutable."""

    def __init__(
        self,
        *,
        model: str,
        sources: tuple[Source, ...],
        table: _Table,
        flat: faiss.IndexFlatIP | MappedVectors,
        generation: str,
        segmenter: str = "",
        resegment: frozenset[str] = frozenset(),
        shards: tuple[dict[str, Any], ...] = (),
        compressed: faiss.Index | None = None,
    ) -> None:
        self.model = model
        self.segmenter = segmenter
        # documents kept from an earlier run across a segmenter upgrade: their sentences are the
        # old segmenter's, to be segmented again when they are next given
        self.resegment = resegment
        self.sources = sources
        self.generation = generation
        self._table = table
        # the vectors: in a flat index in memory, or mapped from a sharded generation's files
        self._flat = flat
        self._vectors = flat if isinstance(flat, MappedVectors) else _stored_vectors(flat)
        self._exact_queries = 0  # queries scanned exactly so far; see _QUANTIZE_AFTER_QUERIES
        self._quantized: faiss.IndexScalarQuantizer | None = None
        # a sharded generation's shards (see crosscheck.shards), and its compressed index,
        # which picks the candidates of small searches from QUANTIZED_MIN_ROWS rows on
        self.shards = shards
        self._compressed = compressed

    @property
    def dim(self) -> int:
        return int(self._flat.d)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Row i of the FAISS index is sentences[i]; built on first use (it is the slow part)."""
        return self._table.sentences()

    @cached_property
    def _doc_rows(self) -> dict[str, tuple[int, int]]:
        """Row range of each document; rows of a document are contiguous."""
        ranges: dict[str, tuple[int, int]] = {}
        for row, doc_id in enumerate(self._table.columns["doc_id"]):
            start = ranges.get(doc_id, (row, row))[0]
            ranges[doc_id] = (start, row + 1)
        return ranges

    def sentence(self, row: int) -> Sentence:
        """The sentence of one row, without building all of them (1.1 s at 200k rows) when a
        caller such as a one-off query needs only a few."""
        built = self.__dict__.get("sentences")  # the cached_property, if already built
        if built is not None and 0 <= row < len(built):
            return built[row]
        return self._table.row(row)  # also refuses a row out of range, -1 included

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Inner-product search: (scores, row ids) of shape (n, k), row id -1 when missing.

        Scores are exact and rows ordered by them, ties to the lower row. From
        QUANTIZED_MIN_ROWS rows the exact scan, bound by memory bandwidth (312 MB per query at
        200k x 384), becomes the slow part of a query; there the candidates come from an 8-bit
        copy (a quarter of the bytes) and are re-scored from the float32 vectors. The candidate
        pool makes a miss rare, not impossible: bench/query.py measures recall against the exact
        scan.
        """
        queries = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if k <= 0 or self._flat.ntotal == 0:
            shape = (len(queries), max(k, 0))
            return np.full(shape, -np.inf, dtype=np.float32), np.full(shape, -1, dtype=np.int64)
        pool = _candidate_pool(k, compressed=self._compressed is not None)
        quantized = self._quantized_for(len(queries), pool)
        if quantized is None:
            self._exact_queries += len(queries)
            return _best(self._flat.search, queries, k, int(self._flat.ntotal))
        _, candidates = quantized.search(queries, pool)
        return _rescore(self._vectors, queries, candidates, k)

    def _quantized_for(self, queries: int, pool: int) -> faiss.Index | None:
        """The index that picks candidates for this search (the stored compressed one, else the
        8-bit one, built on first need), or None for an exact scan."""
        rows = int(self._flat.ntotal)
        if rows < QUANTIZED_MIN_ROWS or pool >= rows or queries >= _QUANTIZED_MAX_BATCH:
            return None
        if self._compressed is not None:
            return self._compressed
        if self._quantized is None:
            if self._exact_queries + queries <= _QUANTIZE_AFTER_QUERIES:
                return None
            self._quantized = _quantize(self._vectors)
        return self._quantized

    def vectors_for(self, rows: Sequence[int]) -> np.ndarray:
        return np.array(self._vectors[np.asarray(rows, dtype=np.int64)], dtype=np.float32)

    def sentences_of(self, doc_id: str) -> list[Sentence]:
        start, end = self._doc_rows.get(doc_id, (0, 0))
        return list(self.sentences[start:end])

    def restricted(self, doc_ids: Sequence[str]) -> StoredIndex:
        """A view of this index holding only ``doc_ids``, in that order (in memory only).

        The index keeps every article any run added; a report is about the articles it was
        given, so it reads this view. It is this index itself when that is all it holds.
        """
        if list(doc_ids) == [source.id for source in self.sources]:
            return self
        by_id = {source.id: source for source in self.sources}
        missing = [doc_id for doc_id in doc_ids if doc_id not in by_id]
        if missing:
            raise KeyError(f"not in the index: {missing[0]}")
        table = _Table()
        spans: list[tuple[int, int, int]] = []
        for doc_id in doc_ids:
            start, end = self._doc_rows.get(doc_id, (0, 0))
            spans.append((len(table), start, end))
            table.extend(self._table, start, end)
        flat = _empty_flat(len(table), self.dim)
        vectors = _stored_vectors(flat)
        for row, start, end in spans:
            vectors[row : row + end - start] = self._vectors[start:end]
        return StoredIndex(
            model=self.model,
            sources=tuple(by_id[doc_id] for doc_id in doc_ids),
            table=table,
            flat=flat,
            generation=self.generation,
            segmenter=self.segmenter,
            resegment=self.resegment,
        )


class MappedVectors:
    """The float32 vectors of a sharded generation, one memory-mapped array a shard, in row order.

    Stands in for index.StoredIndex's in-memory flat index and its vectors: ``d``, ``ntotal``
    and an exact ``search`` like a faiss IndexFlatIP, ``shape`` and rows by number like an array.
    """

    def __init__(self, parts: Sequence[np.ndarray], dim: int) -> None:
        self.parts = tuple(parts)
        self.starts = np.cumsum([0, *(len(part) for part in self.parts)], dtype=np.int64)
        self.d = dim
        self.ntotal = int(self.starts[-1])
        self.shape = (self.ntotal, dim)

    def __len__(self) -> int:
        return self.ntotal

    def __getitem__(self, rows: slice | np.ndarray) -> np.ndarray:
        """The vectors of ``rows`` (a slice, or row numbers in an array of any shape; -1 is the
        last row, as for an array), copied out of the shards that hold them."""
        if isinstance(rows, slice):
            rows = np.arange(*rows.indices(self.ntotal))
        rows = np.asarray(rows, dtype=np.int64)
        rows = np.where(rows < 0, rows + self.ntotal, rows)
        out = np.empty((*rows.shape, self.d), dtype=np.float32)
        part = np.searchsorted(self.starts, rows, side="right") - 1
        for number in np.unique(part):
            here = part == number
            out[here] = self.parts[number][rows[here] - self.starts[number]]
        return out

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact inner-product search, shard by shard: the k best of all the shards' best."""
        scores, rows = [], []
        for start, part in zip(self.starts, self.parts, strict=False):
            found_scores, found = faiss.knn(queries, part, k, metric=faiss.METRIC_INNER_PRODUCT)
            scores.append(found_scores)
            rows.append(np.where(found < 0, -1, found + start))
        return _ranked(np.hstack(scores), np.hstack(rows), k)


def _best(
    search: Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]],
    queries: np.ndarray,
    k: int,
    rows: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The k best of ``rows`` rows by exact score, ties to the lower row, from a faiss-like
    exact ``search``. Faiss orders rows of equal score (a sentence repeated: equal vectors) by
    where it met them, so one flat index and its shards would break ties apart; asking for
    one row more, and for twice as many while the last one asked for ties the k-th, fixes both
    which tied rows make the k and their order.
    """
    ask = k if k >= rows else k + 1
    scores, found = search(queries, ask)
    while ask < rows and not np.all(scores[:, ask - 1] < scores[:, k - 1]):
        ask = min(2 * ask, rows)
        scores, found = search(queries, ask)
    return _ranked(scores, found, k)


def _ranked(scores: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best of each line of candidates: by score, ties to the lower row, missing (-1)
    rows last."""
    missing_last = np.where(rows < 0, np.iinfo(np.int64).max, rows)
    order = np.lexsort((missing_last, -scores), axis=1)[:, :k]
    return np.take_along_axis(scores, order, axis=1), np.take_along_axis(rows, order, axis=1)


def _candidate_pool(k: int, *, compressed: bool = False) -> int:
    """Candidates fetched from the 8-bit index for k results: enough that quantization error
    (about 1e-3 on a score) rarely pushes a true top-k row out of them. Product quantization
    errs far more (48 bytes a vector), so the compressed index is asked for many more: at 2M
    rows, 4,000 candidates for k = 10 took recall@10 from 0.96 (1,000) to 0.98, for 8 ms a
    query instead of 5 (bench/scale.py, docs/SCALE.md)."""
    return max(400 * k, 4000) if compressed else max(4 * k, k + 50)


def _quantize(vectors: np.ndarray | MappedVectors) -> faiss.IndexScalarQuantizer:
    """An 8-bit scalar-quantized copy of ``vectors``, read block by block so that mapped
    vectors are never all in memory at once. Its training only takes each dimension's least
    and greatest value (faiss's RS_minmax), so training on those two rows is training on all."""
    index = faiss.IndexScalarQuantizer(
        vectors.shape[1], faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    starts = range(0, len(vectors), _QUANTIZE_BLOCK)
    low = np.min([vectors[s : s + _QUANTIZE_BLOCK].min(axis=0) for s in starts], axis=0)
    high = np.max([vectors[s : s + _QUANTIZE_BLOCK].max(axis=0) for s in starts], axis=0)
    index.train(np.stack([low, high]))
    for start in starts:
        index.add(np.ascontiguousarray(vectors[start : start + _QUANTIZE_BLOCK]))
    return index


def _rescore(
    vectors: np.ndarray | MappedVectors, queries: np.ndarray, candidates: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The k best candidates of each query by exact inner product, ties to the lower row.

    Works in chunks of queries so that a large k never gathers all the candidates' vectors of
    a batch at once.
    """
    scores_out = np.empty((len(queries), k), dtype=np.float32)
    rows_out = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), _RESCORE_CHUNK):
        rows = candidates[start : start + _RESCORE_CHUNK]
        block = queries[start : start + _RESCORE_CHUNK]
        scores = np.einsum("npd,nd->np", vectors[rows], block)
        best_scores, best_rows = _ranked(scores, rows, k)
        rows_out[start : start + len(rows)] = best_rows
        scores_out[start : start + len(rows)] = best_scores
    return scores_out, rows_out


def _empty_flat(rows: int, dim: int) -> faiss.IndexFlatIP:
    """A flat index of ``rows`` zero vectors, to be filled in place through _stored_vectors."""
    flat = faiss.IndexFlatIP(dim)
    flat.codes.resize(rows * dim * np.dtype(np.float32).itemsize)
    flat.ntotal = rows
    return flat


def _stored_vectors(flat: faiss.IndexFlatIP) -> np.ndarray:
    """The flat index's own storage as a (rows, dim) array: no second copy of every vector."""
    if flat.ntotal == 0:
        return np.zeros((0, flat.d), dtype=np.float32)
    size = flat.ntotal * flat.d
    return faiss.rev_swig_ptr(flat.get_xb(), size).reshape(flat.ntotal, flat.d)


def open_index(index_dir: Path) -> StoredIndex | None:
    """The current generation, verified; None when the folder holds no index yet."""
    if not index_dir.exists():
        return None
    if not index_dir.is_dir():
        raise IndexStateError(f"index {index_dir} is not a folder; choose another index folder")
    for _ in range(_READ_ATTEMPTS):
        pointer = _read_pointer(index_dir)
        if pointer is None:
            _refuse_foreign(index_dir)
            return None
        try:
            return _load_generation(index_dir, *pointer)
        except (FileNotFoundError, IndexStateError) as error:
            if _read_pointer(index_dir) != pointer:  # a writer replaced the generation: read anew
                continue
            if isinstance(error, FileNotFoundError):
                raise _corrupt(index_dir, f"missing {Path(error.filename).name}") from error
            raise
    raise IndexStateError(f"index {index_dir} keeps changing under this run; try again")


def update_index(
    index_dir: Path,
    documents: Sequence[Document],
    segment: Callable[[Document], list[Sentence]],
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    segmenter: str = "",
    prune: bool = False,
    segment_many: SegmentMany | None = None,
    sharded: bool = False,
) -> tuple[StoredIndex, UpdateStats]:
    """Add ``documents`` to the index, segmenting and embedding only what changed.

    Documents indexed by an earlier run and not given now are kept: indexing some articles never
    removes the others. With ``prune`` they are removed, and the stats name them; the index
    then mirrors ``documents``. New documents come after the stored ones, whose order is kept.

    A document is reused as stored, without calling ``segment`` or the embedder, when its Source
    equals the stored one. Any other change re-segments it, metadata included, because sentences
    depend on more than the bytes (``line_offset`` shifts their lines, ``format`` their splitting);
    its vectors then come from the cache unless its sentences are new. ``rebuild`` discards the
    embedding cache and builds a generation without reading the old one, which stays current (and
    readable, if it was) until the new one replaces it, so a killed rebuild loses nothing; waiting
    longer than ``lock_timeout`` seconds for another run is an IndexStateError. ``segmenter``
    names the version of ``segment``: sentences stored by another version are segmented again
    (their vectors still come from the cache), so an upgrade never leaves stale sentences.

    An index that is already current is returned without taking the lock or writing anything,
    so a read-only index serves reports; one that needs writing and cannot be written is an
    IndexStateError of one line.

    ``segment_many``, when given, segments all the documents that need it in one call (a
    distributed engine's way), in place of ``segment`` one by one. ``sharded`` writes the
    generation as shards (crosscheck.shards): an update that only adds documents to a sharded
    index then writes one shard for them and keeps the others as they are.
    """
    ids = [doc.source.id for doc in documents]
    if len(set(ids)) != len(ids):
        raise ValueError("update_index needs documents with distinct source ids")
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexStateError(f"index {index_dir} is not a folder; choose another index folder")
    if not rebuild:
        # Read first, without the lock: a current index needs no writing (and a damaged or
        # foreign one is refused before anything, even a lock file, is written into it).
        current = _open_for_update(index_dir, quiet=True)
        if (
            current is not None
            and _is_current(current, documents, embedder, segmenter, prune)
            and not _has_leftovers(index_dir, current.generation)
        ):
            return current, UpdateStats(
                unchanged=len(documents), kept=len(current.sources) - len(documents)
            )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with _locked(index_dir, lock_timeout):
            if rebuild:
                _remove(index_dir / _CACHE)
            old = None if rebuild else _open_for_update(index_dir)
            _collect_garbage(index_dir, keep=old.generation if old else _current_name(index_dir))
            if old is not None and _is_current(old, documents, embedder, segmenter, prune):
                return old, UpdateStats(
                    unchanged=len(documents), kept=len(old.sources) - len(documents)
                )
            how = _How(segment_many or _one_by_one(segment, progress), segmenter, prune, sharded)
            return _build(index_dir, documents, how, embedder, old, progress)
    except OSError as error:
        raise _unwritable(index_dir, error) from error


def _has_leftovers(index_dir: Path, keep: str) -> bool:
    """Whether a killed run left files behind: then even a current index takes the lock, so
    that the leftovers are deleted."""
    for path in index_dir.iterdir():
        if (path.name.endswith(_TMP_SUFFIX) and _is_ours(path)) or (
            _GENERATION.fullmatch(path.name) and path.name != keep
        ):
            return True
    return False


def _unwritable(index_dir: Path, error: OSError) -> IndexStateError:
    """One line for an index that needs updating but cannot be written (read-only, full disk)."""
    reason = error.strerror or _one_line(error)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexStateError(
            f"index {index_dir} needs updating but cannot be written ({reason}); "
            "use --index to choose a folder you can write, or index the articles as its owner"
        )
    where = f" ({error.filename})" if error.filename else ""
    return IndexStateError(f"cannot update the index in {index_dir}: {reason}{where}")


def _merged_sources(
    old: StoredIndex | None, documents: Sequence[Document], prune: bool
) -> tuple[list[Document | Source], list[Source]]:
    """The new index's entries in order (a given Document, or a stored Source kept as it is)
    and the stored sources removed. Stored order first, then the new documents."""
    given = {doc.source.id: doc for doc in documents}
    entries: list[Document | Source] = []
    removed: list[Source] = []
    for source in old.sources if old else ():
        if source.id in given:
            entries.append(given.pop(source.id))
        elif prune:
            removed.append(source)
        else:
            entries.append(source)
    entries.extend(given.values())
    return entries, removed


def _is_current(
    index: StoredIndex,
    documents: Sequence[Document],
    embedder: Embedder,
    segmenter: str,
    prune: bool,
) -> bool:
    """Whether adding ``documents`` (and pruning, if asked) would change nothing."""
    if index.model != embedder.name or index.segmenter != segmenter:
        return False
    entries, removed = _merged_sources(index, documents, prune)
    sources = tuple(e.source if isinstance(e, Document) else e for e in entries)
    given = {doc.source.id for doc in documents}
    return not removed and sources == index.sources and not (index.resegment & given)


def _open_for_update(index_dir: Path, *, quiet: bool = False) -> StoredIndex | None:
    """The index to update; one written by an older crosscheck is built anew (its embeddings
    still come from the cache), since an upgrade is no reason to stop a run. A damaged or newer
    index is still refused."""
    try:
        return open_index(index_dir)
    except OutdatedIndexError as err:
        if not quiet:
            log.warning("%s: building it anew from the embedding cache", str(err).split(";")[0])
        return None


SegmentMany = Callable[[Sequence[Document]], Iterable[list[Sentence]]]


@dataclass(frozen=True)
class _How:
    """How a build segments and writes: what update_index's caller chose."""

    segment_many: SegmentMany
    segmenter: str
    prune: bool
    sharded: bool


def _one_by_one(segment: Callable[[Document], list[Sentence]], progress: bool) -> SegmentMany:
    """The local way: segment the documents in turn, showing it (thousands take seconds)."""

    def segment_many(documents: Sequence[Document]) -> Iterator[list[Sentence]]:
        for document in track(documents, "segmenting documents", progress):
            yield segment(document)

    return segment_many


def _build(
    index_dir: Path,
    documents: Sequence[Document],
    how: _How,
    embedder: Embedder,
    old: StoredIndex | None,
    progress: bool,
) -> tuple[StoredIndex, UpdateStats]:
    """Assemble the new rows, fill their vectors, and write them as the next generation."""
    stats = UpdateStats()
    old_sources = {source.id: source for source in old.sources} if old else {}
    reuse_vectors = old is not None and old.model == embedder.name
    entries, removed = _merged_sources(old, documents, how.prune)
    fresh = [
        entry
        for entry in entries
        if isinstance(entry, Document)
        and not (
            old is not None
            and old_sources.get(entry.source.id) == entry.source
            and old.segmenter == how.segmenter
            and entry.source.id not in old.resegment
        )
    ]
    segmented = iter(how.segment_many(fresh))
    resegment: set[str] = set()
    table = _Table()
    copies: list[tuple[int, int, int]] = []  # (new row, old start, old end) of reused vectors
    needed: list[int] = []  # new rows that need a vector from the cache or the model
    fresh_ids = {entry.source.id for entry in fresh}
    for entry in entries:
        start = len(table)
        source = entry.source if isinstance(entry, Document) else entry
        previous = old_sources.get(source.id)
        if old is not None and source.id not in fresh_ids:
            if isinstance(entry, Document):
                stats.unchanged += 1
            else:
                stats.kept += 1
                if old.segmenter != how.segmenter or source.id in old.resegment:
                    resegment.add(source.id)  # its text is not at hand: segmented when given
            old_start, old_end = old._doc_rows.get(source.id, (0, 0))
            table.extend(old._table, old_start, old_end)
            if reuse_vectors:
                copies.append((start, old_start, old_end))
                continue
        else:
            assert isinstance(entry, Document)
            if previous is None:
                stats.added += 1
            else:
                stats.changed += 1
            for sentence in next(segmented):
                if sentence.doc_id != source.id:
                    raise ValueError(
                        f"segment returned a sentence of {sentence.doc_id} for {source.id}"
                    )
                table.append(sentence)
        needed.extend(range(start, len(table)))
    stats.removed = len(removed)
    stats.removed_paths = tuple(source.path for source in removed)
    flat = _fill_vectors(index_dir, embedder, table, copies, needed, old, stats, progress)
    sources = tuple(e.source if isinstance(e, Document) else e for e in entries)
    stored = StoredIndex(
        model=embedder.name,
        sources=sources,
        table=table,
        flat=flat,
        generation="",
        segmenter=how.segmenter,
        resegment=frozenset(resegment),
    )
    index = _write_generation(index_dir, stored, old if how.sharded else None, how.sharded)
    _collect_garbage(index_dir, keep=index.generation)
    return index, stats


def _fill_vectors(
    index_dir: Path,
    embedder: Embedder,
    table: _Table,
    copies: list[tuple[int, int, int]],
    needed: list[int],
    old: StoredIndex | None,
    stats: UpdateStats,
    progress: bool,
) -> faiss.IndexFlatIP:
    """Vectors for every row: copied from the old generation, else from the cache, else embedded.
    They are written straight into the storage of the returned flat index: no second copy.

    The embedder is only touched when some text is in neither, so an update that only drops or
    reorders documents never loads the model.
    """
    texts = table.columns["text"]
    keys = [_text_key(texts[row]) for row in needed]
    cache = _Cache(index_dir, embedder.name)
    known = cache.lookup(set(keys)) if needed else {}
    stats.cached = sum(1 for key in keys if key in known)
    missing = list(
        dict.fromkeys(texts[row] for row, key in zip(needed, keys, strict=True) if key not in known)
    )
    # The cache takes the vectors chunk by chunk: a run interrupted while embedding (Ctrl-C, a
    # kill) keeps what it embedded, and the next run embeds only the rest.
    for positions, fresh in embedder.embed_in_chunks(missing, CACHE_CHUNK, progress=progress):
        fresh_keys = [_text_key(missing[i]) for i in positions]
        cache.add(fresh_keys, fresh)
        known.update(zip(fresh_keys, fresh, strict=True))
    stats.embedded = len(missing)
    dim = _dimension(embedder, old, copies, known)
    flat = _empty_flat(len(table), dim)
    vectors = _stored_vectors(flat)
    if old is not None:
        for start, old_start, old_end in copies:
            vectors[start : start + old_end - old_start] = old._vectors[old_start:old_end]
    for row, key in zip(needed, keys, strict=True):
        vectors[row] = known[key]
    return flat


def _dimension(
    embedder: Embedder,
    old: StoredIndex | None,
    copies: list[tuple[int, int, int]],
    known: dict[bytes, np.ndarray],
) -> int:
    """The vector length, asking the embedder (which loads the model) only as a last resort."""
    if old is not None and copies:
        return old.dim
    if known:
        return len(next(iter(known.values())))
    return embedder.dim


def _text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).digest()


class _Cache:
    """Vectors of one model keyed by sha1 of the sentence text, in immutable chunk files.

    Each chunk is named by the sha256 of its bytes, so a damaged chunk is recognised and
    dropped (it is only a cache), and a crash can at worst leave a complete but unused chunk.
    """

    def __init__(self, index_dir: Path, model: str) -> None:
        model_key = hashlib.sha256(model.encode()).hexdigest()[:16]
        self.folder = index_dir / _CACHE / model_key

    def lookup(self, keys: set[bytes]) -> dict[bytes, np.ndarray]:
        wanted = np.array(sorted(keys), dtype="S20")
        found: dict[bytes, np.ndarray] = {}
        for chunk in self._chunks():
            hits = chunk[np.isin(chunk["key"], wanted)]
            # numpy strips trailing NUL bytes from "S20" items: pad the 20-byte sha1 keys back
            stored = [key.ljust(20, b"\0") for key in hits["key"].tolist()]
            found.update(zip(stored, hits["vec"], strict=True))
        return found

    def add(self, keys: list[bytes], vectors: np.ndarray) -> None:
        """Store new vectors as one chunk; once there are too many, merge the smallest.

        Merging only the smallest chunks, down to half the limit, keeps an incremental update
        from rewriting the whole cache (the chunk of a 20k index's first build is 27 MB, the
        chunk of one added article a few kB): a chunk is rewritten only once three others are
        at least its size. The merged chunk is complete before the chunks it holds are deleted,
        so a crash in between leaves duplicates, which lookups tolerate.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write_chunk(np.array(keys, dtype="S20"), vectors)
        chunks = [p for p in self.folder.iterdir() if _CHUNK.fullmatch(p.name)]
        if len(chunks) <= _MAX_CHUNKS:
            return
        chunks.sort(key=lambda path: (_size(path), path.name))
        smallest = chunks[: len(chunks) - _MAX_CHUNKS // 2 + 1]
        loaded = [chunk for chunk in map(self._load, smallest) if chunk is not None]
        if not loaded:
            return
        keys_all = np.concatenate([c["key"] for c in loaded])
        _, first = np.unique(keys_all, return_index=True)
        merged = self._write_chunk(
            keys_all[first], np.concatenate([c["vec"] for c in loaded])[first]
        )
        for path in smallest:
            if path != merged:
                path.unlink(missing_ok=True)

    def _write_chunk(self, keys: np.ndarray, vectors: np.ndarray) -> Path:
        chunk = np.empty(len(keys), dtype=[("key", "S20"), ("vec", "<f4", (vectors.shape[1],))])
        chunk["key"], chunk["vec"] = keys, vectors
        buffer = io.BytesIO()
        np.save(buffer, chunk, allow_pickle=False)
        data = buffer.getvalue()
        path = self.folder / f"{hashlib.sha256(data).hexdigest()}.npy"
        _write_atomic(path, data)
        return path

    def _chunks(self) -> Iterator[np.ndarray]:
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.iterdir()):
            if _CHUNK.fullmatch(path.name) and (chunk := self._load(path)) is not None:
                yield chunk

    @staticmethod
    def _load(path: Path) -> np.ndarray | None:
        """A verified chunk; None (and the file dropped) if it is damaged or gone."""
        try:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != path.stem:
                raise ValueError("checksum mismatch")
            chunk = np.load(io.BytesIO(data), allow_pickle=False)
            if chunk.dtype.names != ("key", "vec"):
                raise ValueError("not a cache chunk")
        except FileNotFoundError:
            return None
        except ValueError:
            path.unlink(missing_ok=True)  # ours by name, and useless: drop it
            return None
        return chunk


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@contextmanager
def _locked(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the index's lock; say so when waiting for another run, so a pause is not a hang."""
    lock = FileLock(index_dir / _LOCK, timeout=timeout)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.warning("index %s is in use by another crosscheck run; waiting", index_dir)
            lock.acquire()
    except Timeout as error:
        raise IndexStateError(
            f"index {index_dir} is locked by another crosscheck run (waited {timeout:g} s)"
        ) from error
    try:
        yield
    finally:
        lock.release()


def _write_generation(
    index_dir: Path, index: StoredIndex, old: StoredIndex | None, sharded: bool
) -> StoredIndex:
    """Write every file of a new generation, then point CURRENT at it in one atomic step.

    Returns ``index`` as that generation. A sharded generation keeps the shards of ``old``
    when ``index`` only adds documents after them (see crosscheck.shards).
    """
    name = f"gen-{_next_generation(index_dir):06d}"
    folder = index_dir / name
    folder.mkdir()
    vectors = _in_memory(index)
    layout: dict[str, Any]
    compressed = None
    if sharded:
        shard_list, compressed = _write_shards(index_dir, folder, index, old)
        layout = {"shards": shard_list, "files": _sharded_files(folder, compressed)}
    else:
        layout = {"files": _write_rows(folder, index.sources, index._table, vectors)}
    manifest = json.dumps(
        {
            "format": INDEX_FORMAT,
            "model": index.model,
            "segmenter": index.segmenter,
            **({"resegment": sorted(index.resegment)} if index.resegment else {}),
            "html_lines": True,  # sentences of HTML pages carry lines of the page
            "dim": int(vectors.shape[1]),
            "rows": len(index._table),
            **layout,
        },
        indent=1,
    ).encode()
    _write_durable(folder / _MANIFEST, manifest)
    _fsync_dir(folder)
    pointer = f"{name} {hashlib.sha256(manifest).hexdigest()}\n".encode()
    _write_atomic(index_dir / _CURRENT, pointer)
    return StoredIndex(
        model=index.model,
        sources=index.sources,
        table=index._table,
        flat=index._flat,
        generation=name,
        segmenter=index.segmenter,
        resegment=index.resegment,
        shards=tuple(layout.get("shards", ())),
        compressed=compressed,
    )


def _in_memory(index: StoredIndex) -> np.ndarray:
    """The vectors of an index being written: a build holds them in memory (_fill_vectors)."""
    assert isinstance(index._vectors, np.ndarray), "a built index holds its vectors in memory"
    return index._vectors


def _write_rows(
    folder: Path, sources: tuple[Source, ...], table: _Table, vectors: np.ndarray
) -> dict[str, str]:
    """The three files of some rows (a flat generation's or a shard's), synced; their sha256."""
    sentences = json.dumps(table.columns, ensure_ascii=False, separators=(",", ":"))
    writers: dict[str, Callable[[Path], object]] = {
        _SOURCES: lambda path: path.write_bytes(
            _SOURCE_LIST.dump_json(sources, exclude_defaults=True)
        ),
        _SENTENCES: lambda path: path.write_text(sentences, encoding="utf-8"),
        _VECTORS: lambda path: np.save(path, vectors, allow_pickle=False),
    }
    checksums = {}
    for file_name, write in writers.items():
        write(folder / file_name)
        checksums[file_name] = _sync_and_hash(folder / file_name)
    return checksums


def _write_shards(
    index_dir: Path, folder: Path, index: StoredIndex, old: StoredIndex | None
) -> tuple[list[dict[str, Any]], faiss.Index | None]:
    """The shards of a new generation: those of ``old`` when its documents come first and
    unchanged (only documents were added), then new shards for the other rows; and the
    compressed index when the rows reach the configured size."""
    from crosscheck import shards

    kept: list[dict[str, Any]] = []
    first_doc = 0
    if (
        old is not None
        and old.shards
        and old.model == index.model
        and old.segmenter == index.segmenter
        and index.sources[: len(old.sources)] == old.sources
        and not (old.resegment & {s.id for s in old.sources})
    ):
        kept, first_doc = list(old.shards), len(old.sources)
    spans = (index._doc_rows.get(source.id, (0, 0)) for source in index.sources)
    doc_rows = [end - start for start, end in spans]
    offsets = np.concatenate([[0], np.cumsum(doc_rows, dtype=np.int64)])
    written = []
    for start_doc, end_doc in shards.document_spans(doc_rows[first_doc:]):
        low, high = offsets[first_doc + start_doc], offsets[first_doc + end_doc]
        part = _Table()
        part.extend(index._table, int(low), int(high))
        sources = index.sources[first_doc + start_doc : first_doc + end_doc]
        vectors = _in_memory(index)[low:high]
        written.append(
            shards.write_shard(
                index_dir,
                partial(_write_rows, sources=sources, table=part, vectors=vectors),
                int(high - low),
                index.dim,
            )
        )
    compressed = None
    if len(index._table) >= shards.compress_min_rows() and len(index._table) > 0:
        previous = old._compressed if kept and old is not None else None
        compressed = shards.build_compressed(_in_memory(index), previous)
        shards.save_compressed(folder / shards.COMPRESSED, compressed)
        compressed = shards.load_compressed(folder / shards.COMPRESSED)
    return kept + written, compressed


def _sharded_files(folder: Path, compressed: faiss.Index | None) -> dict[str, str]:
    from crosscheck.shards import COMPRESSED

    return {COMPRESSED: _sync_and_hash(folder / COMPRESSED)} if compressed is not None else {}


def _load_generation(index_dir: Path, name: str, manifest_sha: str) -> StoredIndex:
    """Read and verify one generation; anything unexpected is IndexStateError, never used."""
    folder = index_dir / name
    manifest_bytes = (folder / _MANIFEST).read_bytes()
    if hashlib.sha256(manifest_bytes).hexdigest() != manifest_sha:
        raise _corrupt(index_dir, f"{name}/{_MANIFEST} does not match its checksum")
    try:
        manifest = json.loads(manifest_bytes)
        index_format = manifest["format"]
        if isinstance(index_format, int) and index_format < INDEX_FORMAT:
            raise OutdatedIndexError(
                f"index {index_dir} has format {index_format}, older than this crosscheck's "
                f"{INDEX_FORMAT}; {REBUILD_HINT}"
            )
        if index_format != INDEX_FORMAT:
            raise IndexStateError(
                f"index {index_dir} has format {index_format}, this crosscheck reads format "
                f"{INDEX_FORMAT}; {REBUILD_HINT}"
            )
        flat: faiss.IndexFlatIP | MappedVectors
        if "shards" in manifest:
            sources, table, flat = _read_shards(index_dir, manifest)
            compressed = _read_compressed(folder, manifest)
        else:
            sources, table = _read_rows(folder, manifest["files"], manifest["rows"])
            flat = _empty_flat(*_shape(manifest))
            _read_vectors(folder / _VECTORS, manifest["files"][_VECTORS], _stored_vectors(flat))
            compressed = None
    except (KeyError, TypeError, ValueError, ValidationError, RuntimeError) as error:
        raise _corrupt(index_dir, f"{name}: {_one_line(error)}") from error
    return StoredIndex(
        model=str(manifest["model"]),
        sources=sources,
        table=table,
        flat=flat,
        generation=name,
        segmenter=str(manifest.get("segmenter", "")),
        resegment=frozenset(str(i) for i in manifest.get("resegment", ()))
        | _html_without_page_lines(manifest, sources),
        shards=tuple(manifest.get("shards", ())),
        compressed=compressed,
    )


def _read_rows(
    folder: Path, files: dict[str, str], rows: object
) -> tuple[tuple[Source, ...], _Table]:
    """The verified sources and sentence table of a flat generation or of one shard."""
    for file_name in (_SOURCES, _SENTENCES):
        _verify(folder / file_name, files[file_name])
    sources = _SOURCE_LIST.validate_json((folder / _SOURCES).read_bytes())
    table = _Table(json.loads((folder / _SENTENCES).read_bytes()))
    _check_table(rows, table)
    return sources, table


def _read_shards(
    index_dir: Path, manifest: dict[str, Any]
) -> tuple[tuple[Source, ...], _Table, MappedVectors]:
    """A sharded generation's rows, shard after shard, each verified; the vectors mapped."""
    from crosscheck.shards import read_shard

    rows, dim = _shape(manifest)
    parts: list[np.ndarray] = []
    sources: list[Source] = []
    table = _Table()
    for entry in manifest["shards"]:
        info, folder = read_shard(index_dir, entry)
        shard_sources, part = _read_rows(folder, info["files"], info["rows"])
        if len(table) + info["rows"] > rows or info["dim"] != dim:
            raise ValueError(f"shard {entry['name']} does not fit the manifest's {rows} x {dim}")
        parts.append(_map_vectors(folder / _VECTORS, info["files"][_VECTORS], info["rows"], dim))
        sources.extend(shard_sources)
        table.extend(part, 0, len(part))
    _check_table(rows, table)
    return tuple(sources), table, MappedVectors(parts, dim)


def _map_vectors(path: Path, expected: str, rows: int, dim: int) -> np.ndarray:
    """A shard's ``vectors.npy``, verified by reading it through once in blocks (the page cache
    keeps what fits), then memory-mapped read-only: searched, never held in this process."""
    _verify(path, expected)
    if rows == 0:  # nothing to map (mmap refuses an empty range)
        return np.zeros((0, dim), dtype=np.float32)
    mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    if (
        mapped.shape != (rows, dim)
        or mapped.dtype != np.dtype("<f4")
        or not mapped.flags.c_contiguous
    ):
        raise ValueError(f"{_VECTORS} does not hold {rows} x {dim} float32 vectors")
    return mapped


def _shape(manifest: dict[str, Any]) -> tuple[int, int]:
    rows, dim = manifest["rows"], manifest["dim"]
    if not isinstance(rows, int) or not isinstance(dim, int) or rows < 0 or dim <= 0:
        raise ValueError(f"the manifest names no valid shape ({rows} x {dim})")
    return rows, dim


def _read_compressed(folder: Path, manifest: dict[str, Any]) -> faiss.Index | None:
    """The generation's verified compressed index, if it has one."""
    from crosscheck.shards import COMPRESSED, load_compressed

    expected = manifest["files"].get(COMPRESSED)
    if expected is None:
        return None
    _verify(folder / COMPRESSED, expected)
    compressed = load_compressed(folder / COMPRESSED)
    if compressed.ntotal != manifest["rows"]:
        raise ValueError(f"{COMPRESSED} does not hold {manifest['rows']} rows")
    return compressed


def _html_without_page_lines(manifest: dict[str, Any], sources: tuple[Source, ...]) -> set[str]:
    """HTML articles of a generation written before their sentences carried the line of the
    page (not of the extracted text): segmented again when next given, vectors from the cache."""
    if manifest.get("html_lines"):
        return set()
    return {source.id for source in sources if source.format == "html"}


def _verify(path: Path, expected: str) -> None:
    with open(path, "rb") as handle:
        if hashlib.file_digest(handle, "sha256").hexdigest() != expected:
            raise ValueError(f"{path.name} does not match its checksum")


def _check_table(rows: object, table: _Table) -> None:
    if not isinstance(table.columns, dict):
        raise ValueError(f"{_SENTENCES} is not a table")
    if set(table.columns) != set(_COLUMNS) or any(len(v) != rows for v in table.columns.values()):
        raise ValueError(f"{_SENTENCES} does not hold {rows} rows")


def _read_vectors(path: Path, expected: str, out: np.ndarray) -> None:
    """Read ``vectors.npy`` block by block straight into ``out`` (a flat index's own storage,
    or its rows of one shard), checksummed on the way: one pass, no second copy in memory."""
    rows, dim = out.shape
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        if shape != (rows, dim) or fortran or dtype != np.dtype("<f4"):
            raise ValueError(f"{_VECTORS} does not hold {rows} x {dim} float32 vectors")
        header = handle.tell()
        handle.seek(0)
        digest.update(handle.read(header))
        data = out.reshape(-1).view(np.uint8).data
        for start in range(0, len(data), _READ_BLOCK):
            block = data[start : start + _READ_BLOCK]
            if handle.readinto(block) != len(block):
                raise ValueError(f"{_VECTORS} is truncated")
            digest.update(block)
        if handle.read(1):
            raise ValueError(f"{_VECTORS} is longer than its {rows} x {dim} vectors")
    if digest.hexdigest() != expected:
        raise ValueError(f"{_VECTORS} does not match its checksum")


def _read_pointer(index_dir: Path) -> tuple[str, str] | None:
    try:
        text = (index_dir / _CURRENT).read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _corrupt(index_dir, f"unreadable {_CURRENT}: {_one_line(error)}") from error
    match = _POINTER.fullmatch(text)
    if match is None:
        raise _corrupt(index_dir, f"{_CURRENT} does not name a generation")
    return match.group(1), match.group(2)


def _is_ours(path: Path) -> bool:
    """Whether crosscheck made this entry of the index folder: the only things it may delete."""
    name = path.name
    if name.endswith(_TMP_SUFFIX):
        name = name[: -len(_TMP_SUFFIX)]
    return name in (_CURRENT, _LOCK, _CACHE, _SHARDS) or _GENERATION.fullmatch(name) is not None


def _refuse_foreign(index_dir: Path) -> None:
    """A folder without CURRENT is a fresh index only if all it holds is crosscheck's own."""
    foreign = sorted(p.name for p in index_dir.iterdir() if not _is_ours(p))
    if foreign:
        raise IndexStateError(
            f"{index_dir} is not a crosscheck index (it holds {foreign[0]!r}); "
            f"{REBUILD_HINT} or choose another index folder"
        )


def _current_name(index_dir: Path) -> str | None:
    """The generation CURRENT names, if it names one: garbage collection must not delete it."""
    try:
        pointer = _read_pointer(index_dir)
    except IndexStateError:
        return None
    return pointer[0] if pointer else None


def _collect_garbage(index_dir: Path, *, keep: str | None) -> None:
    """Delete generations and temp files other than ``keep``: leftovers of old or crashed runs."""
    for path in index_dir.iterdir():
        leftover_temp = path.name.endswith(_TMP_SUFFIX) and _is_ours(path)
        if leftover_temp or (_GENERATION.fullmatch(path.name) and path.name != keep):
            _remove(path)
    listed = _listed_shards(index_dir, keep)
    if listed is not None and (index_dir / _SHARDS).is_dir():
        from crosscheck.shards import remove_unlisted

        remove_unlisted(index_dir, listed)
    cache = index_dir / _CACHE
    if cache.is_dir():
        for temp in cache.glob(f"*/*{_TMP_SUFFIX}"):
            temp.unlink(missing_ok=True)


def _listed_shards(index_dir: Path, keep: str | None) -> set[str] | None:
    """The shards the kept generation lists (all the others are leftovers); None when its
    manifest cannot be read, so that nothing is deleted on a guess."""
    if keep is None:
        return set()
    from crosscheck.shards import shard_names

    try:
        return set(shard_names(json.loads((index_dir / keep / _MANIFEST).read_bytes())))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _next_generation(index_dir: Path) -> int:
    numbers = [
        int(match.group(1))
        for path in index_dir.iterdir()
        if (match := _GENERATION.fullmatch(path.name.removesuffix(_TMP_SUFFIX)))
    ]
    return max(numbers, default=0) + 1


def _sync_and_hash(path: Path) -> str:
    """Flush a file written by a library to disk and return its sha256 for the manifest."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _write_durable(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a temp file, fsync, rename it over ``path``: readers see old or new, never half."""
    temp = path.with_name(path.name + _TMP_SUFFIX)
    _write_durable(temp, data)
    os.replace(temp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _corrupt(index_dir: Path, detail: str) -> IndexStateError:
    return IndexStateError(f"index {index_dir} is corrupt ({detail}); {REBUILD_HINT}")


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
