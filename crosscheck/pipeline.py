"""The stages wired once: ingest -> segment -> embed/index -> extract -> compare -> report.

This is crosscheck's library API: the CLI and the tests call these functions, and so can any
Python caller. Each function takes the paths of a corpus and an ``Options``; the embedder can be
passed in (tests use a fake) and is otherwise loaded lazily, so a run that finds nothing new to
embed never starts the model.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from crosscheck import compare, extract, facts
from crosscheck.embed import Embedder, load_embedder
from crosscheck.errors import IndexStateError
from crosscheck.index import StoredIndex, UpdateStats, open_index, update_index
from crosscheck.schema import (
    Comparison,
    Corpus,
    Counts,
    Finding,
    Kind,
    Mention,
    QueryAnswer,
    QueryResult,
    Report,
    Role,
    Sentence,
    SentenceRef,
    Settings,
    Source,
    Verdict,
)

if TYPE_CHECKING:
    from crosscheck.engines import Engine

_POOL_FACTOR = 10  # neighbours searched per claim, as a multiple of top_k
_MIN_POOL = 50
_VERDICT_ORDER = {
    Verdict.CONFLICT: 0,
    Verdict.CORRECTED: 1,
    Verdict.DISPUTED: 2,
    Verdict.UPDATE: 3,
    Verdict.AGREE: 4,
    Verdict.UNVERIFIED: 5,
    Verdict.RELATED: 6,
}
_DERIVED_ROLES = frozenset({Role.SINCE, Role.GAP, Role.ANNIVERSARY})
# Within one article, only values that surely are one fact and differ are worth a finding.
_WITHIN = frozenset({Verdict.CONFLICT, Verdict.CORRECTED, Verdict.UPDATE})


@dataclass(frozen=True)
class Options:
    """Where the index lives and how matching sentences are chosen."""

    index_dir: Path = Path(".crosscheck")
    model: str | None = None
    top_k: int = 5
    min_similarity: float = 0.4
    thresholds: compare.Thresholds = field(default_factory=compare.Thresholds)
    rebuild: bool = False
    progress: bool = False
    exclude: tuple[Path, ...] = ()  # files never read as articles (the report being written)
    prune: bool = False  # remove from the index the articles not given (else they are kept)
    max_bytes: int | None = None  # the largest article read (None: ingest.MAX_ARTICLE_BYTES)
    engine: Engine | None = None  # who does the work (None: this process, crosscheck.engines)

    def __post_init__(self) -> None:
        # a caller may give the index folder as a str ("/tmp/idx")
        object.__setattr__(self, "index_dir", Path(self.index_dir))


@dataclass(frozen=True)
class Indexed:
    """A corpus as read from disk and the index that now mirrors it."""

    corpus: Corpus
    index: StoredIndex
    stats: UpdateStats


PathLike = str | Path


def index_corpus(
    paths: Sequence[PathLike], options: Options | None = None, embedder: Embedder | None = None
) -> Indexed:
    """Read the corpus and bring the index up to date with it, embedding only what is new.

    ``paths`` are files or folders, as str or Path; ``options`` default to ``Options()``.
    """
    from crosscheck import ingest, segment  # trafilatura and pysbd: not needed by a query

    options = options or Options()
    engine = _engine(options)
    corpus = ingest.load_corpus(
        [Path(p) for p in paths],
        exclude=options.exclude,
        max_bytes=options.max_bytes,
        read_many=engine.reader(),
    )
    index, stats = update_index(
        options.index_dir,
        corpus.documents,
        segment.segment,
        engine.embedder(embedder or load_embedder(options.model)),
        rebuild=options.rebuild,
        progress=options.progress,
        segmenter=segment.VERSION,
        prune=options.prune,
        segment_many=engine.segmenter(),
        sharded=engine.sharded,
    )
    return Indexed(corpus, index, stats)


def _engine(options: Options) -> Engine:
    from crosscheck.engines import Engine

    return options.engine or Engine()


def with_mentions(index: StoredIndex) -> list[Sentence]:
    """Every indexed sentence with its values read against its own source's publication date,
    in its source's language (none are read in a language the grammar does not know), and
    after the dates of its article's sentences before it."""
    sources = {s.id: s for s in index.sources}
    found: list[tuple[Mention, ...]] = [()] * len(index.sentences)
    for doc_id, rows in articles(index.sentences).items():
        read = article_mentions([index.sentences[row] for row in rows], sources[doc_id])
        for row, mentions in zip(rows, read, strict=True):
            found[row] = mentions
    return [
        s.model_copy(update={"mentions": m}) for s, m in zip(index.sentences, found, strict=True)
    ]


def articles(sentences: Sequence[Sentence]) -> dict[str, list[int]]:
    """The rows of each article's sentences, in the order they are given."""
    rows: dict[str, list[int]] = {}
    for row, sentence in enumerate(sentences):
        rows.setdefault(sentence.doc_id, []).append(row)
    return rows


def article_mentions(sentences: Sequence[Sentence], source: Source) -> list[tuple[Mention, ...]]:
    """The values of one article's sentences, in order, each read as of its source's date and
    in its language, after the article's dates before it: "He was charged the next day" is
    the day after the arrest a sentence before dated."""
    earlier: tuple[Mention, ...] = ()
    found = []
    for sentence in sentences:
        mentions = mentions_of(sentence, source, earlier)
        dated = tuple(m for m in mentions if m.kind == Kind.DATE)
        earlier = (earlier + dated)[-_EARLIER_DATES:]
        found.append(mentions)
    return found


_EARLIER_DATES = 8  # an article's last dates that "that day" and its kin may refer back to


def mentions_of(
    sentence: Sentence, source: Source, earlier: Sequence[Mention] = ()
) -> tuple[Mention, ...]:
    """The values of one sentence, read as of its source's date and in its language."""
    return tuple(extract.extract(sentence.text, source.published, source.language, earlier))


def _ref(sentence: Sentence, source: Source) -> SentenceRef:
    return SentenceRef(
        doc_id=sentence.doc_id,
        text=sentence.text,
        index=sentence.index,
        line=sentence.line,
        path=source.path,
        outlet=source.outlet,
        published=source.published,
    )


def _dimensions(sentence: Sentence) -> frozenset[tuple[str, ...]]:
    return frozenset(d for m in sentence.mentions if (d := compare.dimension(m)))


def _neighbours(
    index: StoredIndex,
    sentences: list[Sentence],
    rows: list[int],
    story: dict[str, int],
    options: Options,
) -> Iterator[tuple[int, int, float]]:
    """(claim row, neighbour row, similarity) for each claim's nearest comparable sentences.

    Many sentences of one story are alike ("Xi vowed to strengthen ties"), so the nearest few by
    meaning are often ones with nothing to compare. A wider pool is searched and the ``top_k``
    nearest of the same story that state a value of each of the claim's dimensions (a date, an
    anniversary, a count) are kept. Sentences of the claim's own source are kept for derived
    facts only ("first in 24 years" vs "since 2000" are often in one article), so they never use
    up the places of other sources. Similarity only ranks here; the fact model decides.
    """
    if not rows:
        return
    dims = {row: _dimensions(sentences[row]) for row in rows}
    derived = {row: _dimensions(_derived_only(sentences[row])) for row in rows}
    pool = min(len(sentences), max(options.top_k * _POOL_FACTOR, _MIN_POOL))
    scores, ids = index.search(index.vectors_for(rows), pool)
    for row, row_scores, row_ids in zip(rows, scores, ids, strict=True):
        kept = dict.fromkeys(dims[row], 0)
        home = story[sentences[row].doc_id]
        for score, other in zip(row_scores, row_ids, strict=True):
            if score < options.min_similarity:
                break
            if other < 0 or other == row or story[sentences[other].doc_id] != home:
                continue
            comparable = dims.get(int(other), frozenset())
            if sentences[other].doc_id == sentences[row].doc_id:
                comparable = derived[row] & derived.get(int(other), frozenset())
            open_dims = {d for d in comparable if kept.get(d, options.top_k) < options.top_k}
            if not open_dims:
                continue
            for d in open_dims:
                kept[d] += 1
            yield row, int(other), round(float(score), 3)


@dataclass(frozen=True)
class StoryWork:
    """One story's comparisons, self-contained so that another process can do them: its
    candidate pairs of rows (first row lower, each pair once, in the order they were found)
    with their similarity, and only the sentences and sources those pairs name."""

    pairs: tuple[tuple[int, int, float], ...]
    sentences: dict[int, Sentence]
    sources: dict[str, Source]
    thresholds: compare.Thresholds


def compare_story(work: StoryWork) -> dict[tuple[int, int], Finding]:
    """The findings of one story, by pair of rows: how the local loop and a distributed
    engine's tasks both compare."""
    findings = {}
    for first, second, similarity in work.pairs:
        a, b = work.sentences[first], work.sentences[second]
        pair = ((a, work.sources[a.doc_id]), (b, work.sources[b.doc_id]))
        if finding := _finding(*pair, similarity, work.thresholds):
            findings[(first, second)] = finding
    return findings


def _story_works(
    candidates: Iterable[tuple[int, int, float]],
    sentences: list[Sentence],
    sources: dict[str, Source],
    story: dict[str, int],
    limits: dict[int, compare.Thresholds],
) -> tuple[list[tuple[int, int]], list[StoryWork]]:
    """Every pair of rows once, in the order first found, and the work of each story.

    A pair is judged once, by its first candidate (a later one with another similarity would
    be judged the same), within the story of its lower row.
    """
    order: dict[tuple[int, int], float] = {}
    for row, other, similarity in candidates:
        order.setdefault((min(row, other), max(row, other)), similarity)
    pairs_of: dict[int, list[tuple[int, int, float]]] = {}
    for (first, second), similarity in order.items():
        pairs_of.setdefault(story[sentences[first].doc_id], []).append((first, second, similarity))
    works = []
    for sid, pairs in pairs_of.items():
        rows = {row for pair in pairs for row in pair[:2]}
        members = {row: sentences[row] for row in sorted(rows)}
        named = {s.doc_id: sources[s.doc_id] for s in members.values()}
        works.append(StoryWork(tuple(pairs), members, named, limits[sid]))
    return list(order), works


def _finding(
    claim: tuple[Sentence, Source],
    evidence: tuple[Sentence, Source],
    similarity: float,
    thresholds: compare.Thresholds,
) -> Finding | None:
    """A finding for two sentences, or None when no value of one is aligned with the other.

    Within one source, derived facts are checked ("24 years" against "since 2000"), and two
    values that surely are one fact must not differ.
    """
    comparisons = compare.compare_sentences(claim, evidence, thresholds)
    if claim[0].doc_id == evidence[0].doc_id:
        comparisons = tuple(c for c in comparisons if _derives(c) or _self_contradiction(c))
    if not comparisons:
        return None
    return Finding(
        verdict=compare.overall(comparisons),
        claim=_ref(*claim),
        evidence=_ref(*evidence),
        similarity=similarity,
        comparisons=comparisons,
        fact=compare.fact_key(comparisons),
    )


def _derives(comparison: Comparison) -> bool:
    """A source restating one value in the same words is not a check; a derivation is."""
    value, claim = comparison.evidence_value, comparison.claim_value
    return (
        value is not None
        and claim.role in _DERIVED_ROLES
        and value.role in _DERIVED_ROLES
        and (value.text, value.kind) != (claim.text, claim.kind)
    )


def _self_contradiction(comparison: Comparison) -> bool:
    """One article giving two ages of one person or two counts of one outcome. Its differing
    dates of one kind of event are usually two occurrences (two arrests), so not these."""
    return comparison.verdict in _WITHIN and comparison.reason.startswith(("age of", "count of"))


def _derived_only(sentence: Sentence) -> Sentence:
    """A sentence with only its derived values, the ones worth checking within one source."""
    kept = tuple(m for m in sentence.mentions if m.role in _DERIVED_ROLES)
    return sentence.model_copy(update={"mentions": kept})


def build_report(
    paths: Sequence[PathLike], options: Options | None = None, embedder: Embedder | None = None
) -> Report:
    """Index the corpus and cross-check every claim against the other sources.

    ``build_report(["seeds/"])`` is enough: paths may be str, options default to ``Options()``.
    """
    options = options or Options()
    return report_of(index_corpus(paths, options, embedder), options)


def report_of(indexed: Indexed, options: Options, *, only: frozenset[str] | None = None) -> Report:
    """The report on the articles just indexed (not others the index keeps); with ``only``,
    on the stories of those articles alone (see report_from_index)."""
    ids = [doc.source.id for doc in indexed.corpus.documents]
    return report_from_index(indexed.index.restricted(ids), indexed.corpus, options, only=only)


def report_from_index(
    index: StoredIndex, corpus: Corpus, options: Options, *, only: frozenset[str] | None = None
) -> Report:
    """Cross-check every claim of an up-to-date index; pure given the index.

    With ``only`` (ids of new or changed articles: ``check --since``), just the stories that
    hold one of them are compared: the findings, single-source claims and claim counts are
    those stories' (documents and sentences are still all counted). Every finding and
    single-source claim of an ``only`` article is the full report's, since pairs never cross
    stories. Every claim is still read and searched in one batch, as the full report searches
    them, because faiss's scores depend on the batch in their last bits.
    """
    engine = _engine(options)
    sentences = engine.mentions(index)
    sources = {s.id: s for s in index.sources}
    claim_rows = [i for i, s in enumerate(sentences) if s.is_claim]
    vectors = index.vectors_for(range(len(sentences)))
    story = facts.story_of(sorted(sources), sentences, vectors)
    shown = set(story.values()) if only is None else {story[d] for d in only if d in story}
    compared = [row for row in claim_rows if story[sentences[row].doc_id] in shown]
    limits = _story_thresholds(sentences, story, options.thresholds, shown)
    candidates = itertools.chain(
        _neighbours(index, sentences, claim_rows, story, options),
        facts.same_slot_pairs(sentences, compared, story, vectors),
    )
    in_shown = (c for c in candidates if story[sentences[c[0]].doc_id] in shown)
    order, works = _story_works(in_shown, sentences, sources, story, limits)
    found: dict[tuple[int, int], Finding] = {}
    for story_findings in engine.compare(works):
        found.update(story_findings)
    findings = {pair: found[pair] for pair in order if pair in found}
    findings.update(_weekday_findings(sentences, compared, sources))
    merged = _one_per_fact(list(findings.values()), story)
    ordered = sorted(_group_facts(merged), key=_finding_order)
    single = _single_source(sentences, compared, ordered, sources)
    return Report(
        settings=Settings(
            model=index.model, top_k=options.top_k, min_similarity=options.min_similarity
        ),
        documents=tuple(sorted(index.sources, key=lambda s: s.id)),
        skipped=corpus.skipped,
        findings=tuple(ordered),
        single_source=single,
        counts=_counts(index, sentences, compared, ordered, corpus, len(single)),
    )


def _story_thresholds(
    sentences: list[Sentence], story: dict[str, int], base: compare.Thresholds, shown: set[int]
) -> dict[int, compare.Thresholds]:
    """Each story's own vocabulary and ambiguous names (of the ``shown`` stories): in a folder
    of many stories, words and surnames common to all of them say nothing about one of them."""
    by_story: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        if story[sentence.doc_id] in shown:
            by_story.setdefault(story[sentence.doc_id], []).append(sentence)
    return {
        sid: replace(
            base,
            common_words=compare.common_words(members),
            ambiguous_holders=(ambiguous := facts.ambiguous_holders(members)),
            sole_first_names=facts.sole_first_names(
                ((s.doc_id, s.text) for s in members), ambiguous
            ),
            named_ages=facts.named_ages(members),
        )
        for sid, members in by_story.items()
    }


def _weekday_findings(
    sentences: list[Sentence], rows: list[int], sources: dict[str, Source]
) -> dict[tuple[int, int], Finding]:
    """A weekday printed beside a date it does not fall on ("Monday, Nov. 15" in a year when
    Nov. 15 was a Tuesday): one source contradicting itself, checked by the calendar."""
    found = {}
    for row in rows:
        sentence = sentences[row]
        mismatches = facts.weekday_mismatches(sentence)
        comparisons = tuple(
            Comparison(
                claim_value=day,
                evidence_value=date,
                verdict=Verdict.CONFLICT,
                reason=f'weekday of a date: "{day.text}" beside "{date.text}" = {date.value},'
                f" which was a {_weekday(date.value)}",
            )
            for day, date in mismatches
        )
        if comparisons:
            ref = _ref(sentence, sources[sentence.doc_id])
            found[(row, row)] = Finding(
                verdict=Verdict.CONFLICT,
                claim=ref,
                evidence=ref,
                similarity=1.0,
                comparisons=comparisons,
                fact=f"weekday of {mismatches[0][1].value}",
            )
    return found


def _weekday(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%A")


def _one_per_fact(findings: list[Finding], story: dict[str, int]) -> list[Finding]:
    """One finding per fact, pair of values and story: a figure repeated in many sentences (or
    by outlets copying one wire story) is one discrepancy, shown with its closest pair of
    sentences and the number of other pairs; the same two figures in two stories are two."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        if f.verdict in (Verdict.AGREE, Verdict.UNVERIFIED):
            groups[(id(f),)] = [f]
            continue
        shown = frozenset(
            (c.slot, frozenset((c.claim_value.value, c.evidence_value.value)))
            for c in f.comparisons
            if c.verdict == f.verdict and c.evidence_value
        )
        within = f.claim.doc_id == f.evidence.doc_id
        groups.setdefault((f.verdict, shown, within, story[f.claim.doc_id]), []).append(f)
    return [_merged(group) if len(group) > 1 else group[0] for group in groups.values()]


def _merged(group: list[Finding]) -> Finding:
    """The closest pair of a group of findings, with the other sentences that say the same."""
    shown = max(group, key=lambda f: (f.similarity, _finding_order(f)))
    seen = {(shown.claim.doc_id, shown.claim.index), (shown.evidence.doc_id, shown.evidence.index)}
    also = []
    for f in sorted(group, key=_finding_order):
        for ref in (f.claim, f.evidence):
            if (ref.doc_id, ref.index) not in seen:
                seen.add((ref.doc_id, ref.index))
                also.append(ref)
    return shown.model_copy(update={"repeats": len(group) - 1, "also": tuple(also)})


def _group_facts(findings: list[Finding]) -> list[Finding]:
    """Give agreements that chain together ("73rd" = "76th" = "76th") one fact label.

    Agreement is transitive for a reader, so a fact is a connected group of agreeing values;
    it is named after the first of its findings in report order, so the label is stable.
    """
    parent: dict[tuple[str, int, int], tuple[str, int, int]] = {}

    def root(node: tuple[str, int, int]) -> tuple[str, int, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    def nodes(f: Finding) -> list[tuple[tuple[str, int, int], tuple[str, int, int]]]:
        return [
            (
                (f.claim.doc_id, f.claim.index, c.claim_value.start),
                (f.evidence.doc_id, f.evidence.index, c.evidence_value.start),
            )
            for c in f.comparisons
            if c.verdict == Verdict.AGREE and c.evidence_value
        ]

    for f in findings:
        for a, b in nodes(f):
            parent[root(a)] = root(b)
    labels: dict[tuple[str, int, int], str] = {}
    for f in sorted(findings, key=_finding_order):
        if first := nodes(f):
            labels.setdefault(root(first[0][0]), f.fact)
    return [
        f.model_copy(update={"fact": labels[root(nodes(f)[0][0])]}) if nodes(f) else f
        for f in findings
    ]


def _finding_order(f: Finding) -> tuple[object, ...]:
    within = f.claim.doc_id == f.evidence.doc_id
    return (
        within,
        _VERDICT_ORDER[f.verdict],
        f.fact,
        f.claim.doc_id,
        f.claim.index,
        f.evidence.doc_id,
        f.evidence.index,
    )


def _single_source(
    sentences: list[Sentence],
    claim_rows: list[int],
    findings: list[Finding],
    sources: dict[str, Source],
) -> tuple[SentenceRef, ...]:
    """Claims that no other source speaks to: where a fact-checker has to look elsewhere."""
    covered = {
        (ref.doc_id, ref.index)
        for f in findings
        if f.claim.doc_id != f.evidence.doc_id
        for ref in (f.claim, f.evidence)
    }
    return tuple(
        _ref(sentences[r], sources[sentences[r].doc_id])
        for r in claim_rows
        if (sentences[r].doc_id, sentences[r].index) not in covered
    )


def _counts(
    index: StoredIndex,
    sentences: list[Sentence],
    claim_rows: list[int],
    findings: list[Finding],
    corpus: Corpus,
    single_source: int,
) -> Counts:
    """Verdict counts between sources; findings within one source are counted apart, as the
    report shows them apart."""
    cross = [f.verdict for f in findings if f.claim.doc_id != f.evidence.doc_id]
    return Counts(
        documents=len(index.sources),
        sentences=len(sentences),
        claims=len(claim_rows),
        conflicts=cross.count(Verdict.CONFLICT),
        agreements=cross.count(Verdict.AGREE),
        unverified=cross.count(Verdict.UNVERIFIED),
        disputed=cross.count(Verdict.DISPUTED),
        updates=cross.count(Verdict.UPDATE),
        corrected=cross.count(Verdict.CORRECTED),
        within_source=len(findings) - len(cross),
        single_source=single_source,
        skipped=len(corpus.skipped),
    )


def load_index(paths: Sequence[PathLike], options: Options, embedder: Embedder) -> StoredIndex:
    """The index to query: brought up to date with ``paths`` if given, else the saved one."""
    if paths:
        return index_corpus(paths, options, embedder).index
    index = open_index(options.index_dir)
    if index is None:
        raise IndexStateError(
            f"no index in {options.index_dir}: run `crosscheck index PATH...` or pass PATH"
        )
    return index


def query(
    claim: str,
    paths: Sequence[PathLike] = (),
    options: Options | None = None,
    *,
    as_of: dt.date | None = None,
    embedder: Embedder | None = None,
) -> QueryAnswer:
    """The sentences across sources that match a claim, with a verdict on the claim's values.

    Without ``as_of``, a relative value in the claim ("last month") is read as of each
    evidence's publication date: the claim is taken to be made when that source was written.
    Without ``paths`` the saved index is queried.
    """
    options = options or Options()
    embedder = embedder or load_embedder(options.model, purpose="query")
    index = load_index(paths, options, embedder)
    if index.model != embedder.name:
        raise IndexStateError(
            f"the index in {options.index_dir} was built with {index.model}, not {embedder.name}:"
            " re-run `crosscheck index` with --rebuild"
        )
    vector = embedder.embed([claim])
    scores, ids = index.search(np.asarray(vector, dtype=np.float32), options.top_k)
    sources = {s.id: s for s in index.sources}
    results = [
        _query_result(claim, index.sentence(int(row)), sources, as_of, float(score), options)
        for score, row in zip(scores[0], ids[0], strict=True)
        if row >= 0 and score >= options.min_similarity
    ]
    return QueryAnswer(
        claim=claim,
        as_of=as_of,
        claim_mentions=tuple(extract.extract(claim, as_of)),
        results=tuple(results),
    )


def _query_result(
    claim: str,
    sentence: Sentence,
    sources: dict[str, Source],
    claim_as_of: dt.date | None,
    similarity: float,
    options: Options,
) -> QueryResult:
    source = sources[sentence.doc_id]
    as_of = claim_as_of or source.published
    claimed = Sentence(
        doc_id="claim",
        index=0,
        text=claim,
        start=0,
        end=len(claim),
        line=1,
        mentions=tuple(extract.extract(claim, as_of)),
    )
    evidence = sentence.model_copy(update={"mentions": mentions_of(sentence, source)})
    comparisons = compare.compare_sentences(
        (claimed, Source(id="claim", path="-", format="txt", sha256="", published=as_of)),
        (evidence, source),
        options.thresholds,
    )
    return QueryResult(
        doc_id=sentence.doc_id,
        text=sentence.text,
        similarity=round(similarity, 3),
        verdict=compare.overall(comparisons),
        comparisons=comparisons,
        path=source.path,
        line=sentence.line,
        outlet=source.outlet,
        published=source.published,
        as_of=as_of,
    )
