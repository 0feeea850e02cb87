"""Test doubles shared by the test modules: an instant embedder and a tiny corpus builder.

The fake embedder needs no torch, so the index and pipeline logic are tested in milliseconds;
the real model is only loaded by tests marked ``realmodel``.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from crosscheck.embed import Embedder
from crosscheck.schema import Document, Sentence, Source

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


class FakeEmbedder(Embedder):
    """Hashed bag of lower-cased words and word bigrams: sentences sharing words are similar.

    Each feature adds +1 or -1 to one of ``dim`` slots (signed hashing keeps unrelated sentences
    near zero similarity). ``salt`` changes the hash, so two salts act as two different models.
    ``calls`` and ``texts`` count what was embedded, to assert the model was not needed.
    """

    def __init__(self, dim: int = 64, salt: str = "") -> None:
        self.name = f"fake-{dim}{'-' + salt if salt else ''}"
        self._dim = dim
        self._salt = salt
        self.calls = 0
        self.texts: list[str] = []

    @property
    def dim(self) -> int:
        return self._dim

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts.extend(texts)
        vectors = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            for feature in features or [""]:
                digest = hashlib.blake2b(f"{self._salt}\0{feature}".encode(), digest_size=8)
                value = int.from_bytes(digest.digest(), "little")
                vectors[row, value % self._dim] += 1.0 if value >> 63 else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors[:, 0:1] += norms == 0  # a text whose features cancel out still gets a unit vector
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def make_document(doc_id: str, text: str, **source: object) -> Document:
    """A txt document whose sha256 is that of its text, as ingest would compute it."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    fields = {"id": doc_id, "path": f"{doc_id}.txt", "format": "txt", "sha256": digest} | source
    return Document(source=Source.model_validate(fields), text=text)


def simple_segment(doc: Document) -> list[Sentence]:
    """Split on ., ! and ?: enough structure for index tests, without the real segmenter."""
    sentences: list[Sentence] = []
    for match in _SENTENCE.finditer(doc.text):
        text = match.group().strip()
        if text:
            start = match.start() + match.group().index(text)
            sentences.append(
                Sentence(
                    doc_id=doc.source.id,
                    index=len(sentences),
                    text=text,
                    start=start,
                    end=start + len(text),
                    line=1 + doc.text.count("\n", 0, start),
                )
            )
    return sentences


def make_corpus(docs: int, sentences: int, *, first: int = 0, variant: str = "") -> list[Document]:
    """Documents ``doc{first:05d}``... of distinct sentences; ``variant`` changes every text."""
    return [
        make_document(
            f"doc{d:05d}",
            " ".join(
                f"Report {variant}{d} item {s} says {d * 31 + s} troops arrived on day {s}."
                for s in range(sentences)
            ),
        )
        for d in range(first, first + docs)
    ]


class FakeTty:
    """A stderr stand-in that claims to be a terminal, to see progress bars drawn."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True
