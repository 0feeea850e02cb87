"""Pydantic models that are the contracts between crosscheck's stages.

Every stage takes and returns these objects, so the CLI, the tests and a Python caller all see the
same data; JSON output is simply a model dumped. Values are frozen so that a mention computed once
can be cached, hashed and shared between findings without defensive copies.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2  # 2: verdicts disputed, update, corrected, related; slot, also, repeats


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Mutable(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Kind(StrEnum):
    """What sort of checkable value a mention is."""

    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    SET = "set"
    NUMBER = "number"
    ORDINAL = "ordinal"
    MONEY = "money"
    PERCENT = "percent"
    QUANTITY = "quantity"


TIME_KINDS = frozenset({Kind.DATE, Kind.TIME, Kind.DURATION, Kind.SET})


class Qualifier(StrEnum):
    """How exact a value is: "over eight months" is a lower bound, not a point."""

    EXACT = "exact"
    APPROX = "approx"  # about, around, nearly, almost, some, roughly
    MORE_THAN = "more_than"  # over, more than
    AT_LEAST = "at_least"  # at least, no fewer than
    LESS_THAN = "less_than"  # under, less than, fewer than
    AT_MOST = "at_most"  # up to, at most, no more than


class Role(StrEnum):
    """What a value says beyond itself, so that derived facts can be compared.

    ANNIVERSARY: "the 76th anniversary of X" (or "72nd National Day") published in 2024 puts X in
    1948; the mention's ``anchor`` holds that year.
    SINCE: "since 2000", "for the first time since 1959": the anchor is the starting point.
    GAP: "first ... in 24 years" published in 2024: the anchor is the last time before, 2000.
    """

    ANNIVERSARY = "anniversary"
    SINCE = "since"
    GAP = "gap"


class Mention(_Frozen):
    """One checkable value found in a text.

    ``start``/``end`` are character offsets into the exact text given to the extractor (a sentence,
    or the whole input of ``crosscheck extract``). ``value`` is the normalized value as a string:
    TIMEX3 for time kinds (``2024-09-09``, ``2024-06``, ``2024-W37``, ``P24Y``, ``XXXX-06`` when
    the year cannot be resolved, ``PRESENT_REF``); for the other kinds the number, followed by the
    unit when there is one (``1500000 USD``, ``35 %``, ``76``). ``resolved`` is False when the
    value depended on a publication date that is unknown.
    """

    start: int
    end: int
    text: str
    kind: Kind
    value: str
    number: float | None = None
    upper: float | None = None  # upper end of a range ("between 5 and 7" -> number=5, upper=7)
    unit: str | None = None  # ISO currency for money, "%" for percent, unit word for quantity
    qualifier: Qualifier = Qualifier.EXACT
    granularity: str | None = None  # for time kinds: century, decade, year, quarter, month,
    # week, day, minute, ... ; None for numbers
    resolved: bool = True
    role: Role | None = None
    anchor: str | None = None  # TIMEX3 of the derived point for a role (anniversary -> "1948")
    head: str | None = None  # the noun a count or ordinal is about ("troops", "anniversary")
    subject: str | None = None  # what an anniversary or count is of ("founding of North Korea")


class DateEvidence(StrEnum):
    """How a source's publication date was found; reported so a reader can judge it."""

    MANIFEST = "manifest"
    FRONT_MATTER = "front_matter"
    HTML_METADATA = "html_metadata"  # a date in the page's meta tags, read by trafilatura
    JSONL = "jsonl"
    PRINTED_DATE = "printed_date"  # a date line printed in the text ("Updated : 2021-09-27")
    DATELINE = "dateline"  # "SEOUL, Sept. 9, 2024 (UPI)"
    URL = "url"  # /2013/05/03/ in the source URL
    UNKNOWN = "unknown"


class Source(_Frozen):
    """One article: where it came from and when it was published."""

    id: str
    path: str  # relative to the working directory when the file is under it, else to the
    # parent of the path argument it was found under; never absolute
    format: Literal["txt", "md", "html", "jsonl"]
    sha256: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    date_evidence: DateEvidence = DateEvidence.UNKNOWN
    date_detail: str | None = None  # the text the date was read from ("Updated : 2021-09-27")
    line_offset: int = 0  # lines of the file before the text: front matter, or n-1 for JSONL
    # line n, so that a sentence's line is line_offset + 1 + the newlines before it
    language: str | None = None  # ISO 639-1 code of the article's language when detected


class Document(_Frozen):
    """A source with its decoded text, as ingest hands it to segmentation."""

    source: Source
    text: str


class Sentence(_Frozen):
    """A sentence of a document with the values found in it.

    ``start``/``end`` are offsets into ``Document.text``; ``line`` is the 1-based line of the
    original file where the sentence starts, for editor and CI annotations.
    """

    doc_id: str
    index: int
    text: str
    start: int
    end: int
    line: int
    mentions: tuple[Mention, ...] = ()

    @property
    def is_claim(self) -> bool:
        """A sentence is a claim when it states at least one checkable value."""
        return bool(self.mentions)


class Skipped(_Frozen):
    """An input that was not indexed, and why; listed in the report."""

    path: str
    reason: str
    line: int | None = None


class Verdict(StrEnum):
    """What two values of one fact say together.

    CONFLICT: surely one fact, values differ. DISPUTED: the values differ and probably are one
    fact, but the alignment is uncertain (the reason says why). UPDATE: a later source changes a
    figure as the story develops; CORRECTED: the text says an earlier figure was wrong. AGREE:
    the values are consistent. UNVERIFIED: one fact that cannot be settled (the reason says
    why). RELATED: a query match that states no value comparable with the claim's.
    """

    AGREE = "agree"
    CONFLICT = "conflict"
    DISPUTED = "disputed"
    UPDATE = "update"
    CORRECTED = "corrected"
    UNVERIFIED = "unverified"
    RELATED = "related"


class Comparison(_Frozen):
    """One value of a claim set against one value of the evidence."""

    claim_value: Mention
    evidence_value: Mention | None
    verdict: Verdict
    reason: str
    slot: str = ""  # what both values measure, as a stable key ("age of doe", "count of
    # people killed", "date of arrest"); the reason says it in words


class SentenceRef(_Frozen):
    """A sentence quoted in a finding, with enough of its source to cite it."""

    doc_id: str
    text: str
    index: int
    line: int
    path: str
    outlet: str | None = None
    published: dt.date | None = None


class Finding(_Frozen):
    """A claim sentence matched with a sentence of another source, and what their values say."""

    verdict: Verdict
    claim: SentenceRef
    evidence: SentenceRef
    similarity: float
    comparisons: tuple[Comparison, ...]
    fact: str = ""  # a short key that groups agreements about the same fact ("date 1948")
    repeats: int = 0  # other sentence pairs that state the same values for this fact
    also: tuple[SentenceRef, ...] = ()  # the other sentences of those pairs


class Settings(_Frozen):
    """The knobs a report was made with, so that a report says how to reproduce it."""

    model: str
    top_k: int
    min_similarity: float


class Counts(_Frozen):
    documents: int
    sentences: int
    claims: int
    conflicts: int
    agreements: int
    unverified: int
    disputed: int = 0
    updates: int = 0
    corrected: int = 0
    within_source: int = 0  # derived facts checked within one source, of any verdict
    single_source: int
    skipped: int


class Report(_Frozen):
    """The whole consistency report; the JSON output is this model dumped."""

    schema_version: int = SCHEMA_VERSION
    settings: Settings
    documents: tuple[Source, ...]
    skipped: tuple[Skipped, ...] = ()
    findings: tuple[Finding, ...] = ()
    single_source: tuple[SentenceRef, ...] = ()
    counts: Counts


class QueryResult(_Frozen):
    doc_id: str
    text: str
    similarity: float
    verdict: Verdict
    comparisons: tuple[Comparison, ...]
    path: str
    line: int
    outlet: str | None = None
    published: dt.date | None = None
    as_of: dt.date | None = Field(
        default=None, description="the date the claim's relative values were read against"
    )


class QueryAnswer(_Frozen):
    schema_version: int = SCHEMA_VERSION
    claim: str
    as_of: dt.date | None
    claim_mentions: tuple[Mention, ...]
    results: tuple[QueryResult, ...]


class Extraction(_Frozen):
    """What ``crosscheck extract`` prints: the values in one text."""

    schema_version: int = SCHEMA_VERSION
    published: dt.date | None
    mentions: tuple[Mention, ...]


class Unchecked(_Frozen):
    """A new or changed article that ``check`` could not check, and why."""

    doc_id: str
    path: str
    reasons: tuple[str, ...]


class CheckResult(_Frozen):
    """What ``crosscheck check --format json`` prints."""

    schema_version: int = SCHEMA_VERSION
    failed: bool
    changed: tuple[str, ...] | None = None  # ids of the new or changed articles, if given
    findings: tuple[Finding, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()


class Corpus(_Frozen):
    """What ingest read from the paths given: the usable documents and what was skipped."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
