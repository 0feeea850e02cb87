"""Which articles report one story, so that values are only ever compared within a story.

A folder may hold many stories (a day of news, an archive); two shootings in one city share
their vocabulary but not their facts. Articles are linked when they share rare names (the
people and places of one event, weighted by how few articles name them) and read alike (the
mean of their sentence vectors); stories are the connected groups of linked articles. An
article linked to none is a story of its own.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from crosscheck.facts.holders import is_name_word
from crosscheck.facts.words import words
from crosscheck.schema import Sentence

# Measured on ECB+ (43 topics, 502 articles, every pair): articles of one topic score a median
# 0.46 on this blend, articles of different topics at most 0.32.
_MEANING_WEIGHT = 0.3
_LINK = 0.34
_MIN_MEANING = 0.3  # names alone never link two articles that read nothing alike
# Articles that read this alike are one story whatever names they print ("the shooting at the
# old Nabisco factory" told with other names): on ECB+, articles of different topics read at
# most 0.82 alike (a quake against a quake), and a third of the pairs of one topic 0.85 or more.
_SAME_MEANING = 0.85


def story_of(
    doc_ids: Sequence[str], sentences: Sequence[Sentence], vectors: np.ndarray
) -> dict[str, int]:
    """A story number for every document (numbered in the order of ``doc_ids``).

    Args:
        doc_ids: the documents, in a fixed order (story numbers follow it).
        sentences: every sentence of those documents.
        vectors: the normalized embedding of each sentence, row for row.
    """
    if not doc_ids:
        return {}
    position = {d: i for i, d in enumerate(doc_ids)}
    meaning = _mean_vectors(position, sentences, vectors)
    names = _name_matrix(position, sentences)
    alike = meaning @ meaning.T
    score = _MEANING_WEIGHT * alike + (1 - _MEANING_WEIGHT) * names
    linked = ((score >= _LINK) & (alike >= _MIN_MEANING)) | (alike >= _SAME_MEANING)
    _, labels = sparse.csgraph.connected_components(sparse.csr_matrix(linked), directed=False)
    first: dict[int, int] = {}
    return {d: first.setdefault(int(labels[i]), len(first)) for d, i in position.items()}


def _mean_vectors(
    position: dict[str, int], sentences: Sequence[Sentence], vectors: np.ndarray
) -> np.ndarray:
    sums = np.zeros((len(position), vectors.shape[1]), dtype=np.float64)
    for sentence, vector in zip(sentences, vectors, strict=True):
        sums[position[sentence.doc_id]] += vector
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.where(norms == 0, 1, norms)


def _name_matrix(position: dict[str, int], sentences: Sequence[Sentence]) -> np.ndarray:
    """Cosine of the articles' sets of names, each name weighted by its rarity (smoothed IDF).

    Names are capitalised words other than a sentence's first; a name every article uses ("Xi"
    in a folder on Xi) still counts, so a small folder on one story stays one story.
    """
    per_doc: list[set[str]] = [set() for _ in position]
    for sentence in sentences:
        found = per_doc[position[sentence.doc_id]]
        found.update(w.low for w in words(sentence.text)[1:] if is_name_word(w) and len(w.text) > 1)
    df = Counter(name for names in per_doc for name in names)
    vocabulary = {name: i for i, name in enumerate(sorted(df))}
    n = len(per_doc)
    rows, cols, data = [], [], []
    for row, names in enumerate(per_doc):
        for name in names:
            rows.append(row)
            cols.append(vocabulary[name])
            data.append(math.log((n + 1) / (df[name] + 1)) + 1)
    weights = sparse.csr_matrix((data, (rows, cols)), shape=(n, max(len(vocabulary), 1)))
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    normalized = sparse.diags(1 / np.where(norms == 0, 1, norms)) @ weights
    return np.asarray((normalized @ normalized.T).todense())
