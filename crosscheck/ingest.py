"""Read article files into ``Document``s: decode, pull out metadata, and date each source.

Every later stage trusts what this module hands on, so it is strict about the run (a missing path
or a malformed manifest stops it with an ``InputError``) and forgiving about single files (an empty,
binary or undecodable file is listed as ``Skipped`` with a one-line warning, and the run goes on).

Publication dates matter because relative dates ("on Monday") resolve against them, so each source
says how its date was found (``DateEvidence``) and the exact text it was read from.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import html as html_lib
import io
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

import charset_normalizer
import dateparser
import frontmatter
import trafilatura
import yaml

from crosscheck.errors import InputError
from crosscheck.language import detect_language, values_readable
from crosscheck.schema import Corpus, DateEvidence, Document, Skipped, Source

log = logging.getLogger("crosscheck")
# Libraries that log their own internals ("discarding data: None") as warnings; crosscheck says
# what matters about a file itself, once, with the file's name.
for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.ERROR)

Format = Literal["txt", "md", "html", "jsonl"]
FORMATS: dict[str, Format] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
MANIFEST_NAME = "manifest.csv"
# The largest article crosscheck reads (2 MiB of text, about 25 000 sentences; a long news article
# is under 100 KB). Larger files are skipped unread, so a stray dump never takes minutes or the
# machine's memory. An HTML page carries markup and scripts, so its file may be larger; its
# extracted text must still fit. A JSONL file is a container: the limit holds for each record.
MAX_ARTICLE_BYTES = 2 * 2**20
MAX_HTML_BYTES = 8 * 2**20
# Publication dates crosscheck accepts. 0001-01-01 and 9999-12-31 are placeholders of databases,
# not dates, and resolving "yesterday" against them leaves the calendar; outside this range a
# metadata date is ignored with a warning (a manifest's is an error) and the date is inferred.
PUBLISHED_RANGE = (dt.date(1800, 1, 1), dt.date(2199, 12, 31))
MANIFEST_COLUMNS = ("file", "outlet", "published", "url", "title", "note")

# crosscheck's own outputs, recognised by their content (see _written_by_crosscheck): the
# Markdown report's title and counts line, and the top-level keys of each JSON output.
_REPORT_TITLE = "# Consistency report\n"
_REPORT_COUNTS = re.compile(r"^\d+ sources?, \d+ sentences?, \d+ claims?\b", re.MULTILINE)
_OUTPUT_KEYS = (
    frozenset({"documents", "findings", "counts"}),  # report
    frozenset({"claim", "claim_mentions", "results"}),  # query
    frozenset({"published", "mentions"}),  # extract
    frozenset({"failed", "findings"}),  # check
)

# The conventional documentation files of a folder (README.md, SOURCES.md, LICENSE.txt,
# README-ECBplus.txt) are not articles, so a folder walk leaves them out. The list is explicit:
# an article may well be named after an outlet in capitals ("UPI_2024-09-09.txt").
_DOC_FILE = re.compile(
    r"^(?:README|SOURCES|LICEN[CS]E|CHANGELOG|CHANGES|CONTRIBUTING|AUTHORS|NOTICE|COPYING|HISTORY)"
    r"(?:[-_.].*)?$",
    re.IGNORECASE,
)

# Parse only absolute dates with day, month and year: "today" or "Sept. 9" must never be completed
# from the clock of the machine that runs the check.
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}

# Date strings as news pages print them; dateparser parses what these find. The patterns only
# locate candidates (dateparser cannot say *where* in a line a date is).
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Numeric dates allow a space after a separator ("2012. 08. 08", "8/2 / 2013"): scraped and
# re-tokenized text often has one, and the separators are removed before parsing.
_DATE_WITH_YEAR = (
    rf"(?:\d{{4}}(?:\s?[-/.]\s?\d{{1,2}}){{2}}"
    rf"|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:\s?[/.]\s?\d{{1,2}})\s?[/.]\s?(?:\d{{4}}|\d{{2}}))"
)
_DATE_RE = re.compile(rf"(?<![\w/.]){_DATE_WITH_YEAR}(?![\w/])", re.IGNORECASE)
_NUMERIC_GAP = re.compile(r"(?<=\d)\s?([-/.])\s?(?=\d)")

# Words a date-only line may carry besides the date: labels, weekdays and clock words. Any other
# word means the line is prose or a byline, not a printed date. Upper-case words of up to five
# letters are time zones (GMT, ET, KST).
_DATE_LINE_WORDS = frozenset(
    {
        *("updated", "update", "published", "posted", "last", "first", "modified", "created"),
        *("date", "dated", "on", "at", "time", "issued", "edited", "story", "article", "and"),
        *("release", "released", "for", "immediate", "hrs", "today", "current", "now", "is"),
        *("am", "pm", "a", "m", "p"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    }
)
_MAX_DATE_LINE = 80
# A line that says "today" shows the reader's date (a scraper banner), never the article's.
_VIEWER_WORDS = frozenset({"today", "current", "now"})

# "WASHINGTON, May 3, 2013 (Reuters) —": an upper-case place, a date with its year, an optional
# agency, then a dash or colon. Without a year ("SEOUL, Sept. 9 (UPI)") it dates nothing.
_DATELINE_RE = re.compile(
    rf"^\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][A-Za-z.]+)*,\s*"
    rf"(?P<date>{_DATE_WITH_YEAR})\s*(?:\([^)\n]{{1,40}}\)\s*)?(?:[—–-]{{1,2}}|:|$)",
)
# Only a full year/month/day in the article's own URL; "2024/10" in an image path is too weak.
_URL_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})(?P<sep>[/-])(?P<m>\d{1,2}|[A-Za-z]{3,9})(?P=sep)(?P<d>\d{1,2})"
    r"(?=[/_.-]|$)"
)
_TOP_LINES = 8  # printed dates sit within the first lines (banner, headline, date) ...
_BOTTOM_LINES = 5  # ... or at the foot ("Updated : 2021-09-27 19:13 GMT+08:00")
_DATELINE_LINES = 5

# Finding an extracted line in its page: its first words, with anything but words between them
# (spaces, line breaks, punctuation, tags).
_WORD = re.compile(r"\w+")
_BETWEEN_WORDS = r"(?:<[^>]*>|[^\w<])+"
_LOOKUP_WORDS = 6
_LOOKUP_WINDOW = 256 * 1024  # characters searched for one line: a huge page stays linear
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # a JSON \u escape of a UTF-16 surrogate
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# The usual legacy encoding of Western news pages (and what browsers read "latin-1" as): preferred
# when it decodes a file as cleanly as any other guess.
_WESTERN = "cp1252"
_CLEAN_CHAOS = 0.05  # charset-normalizer's mess ratio under which a decoding reads as text
_MIN_COHERENCE = 0.2  # its language coherence above which a guess is more than a coin toss
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class _TextDates(yaml.SafeLoader):
    """YAML that leaves dates as text: ``published: 2024-02-30`` must be a warning, not a crash,
    and every metadata date goes through the same checked parser."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FrontMatterYAML(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_TextDates)


class DateGuess(NamedTuple):
    """A publication date with how it was found and the exact text it was read from."""

    date: dt.date | None
    evidence: DateEvidence
    detail: str | None


_UNKNOWN = DateGuess(None, DateEvidence.UNKNOWN, None)


@dataclass(frozen=True)
class _Meta:
    """Metadata a file carries itself (front matter, JSONL fields, HTML metadata)."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: DateGuess = _UNKNOWN


@dataclass(frozen=True)
class _ManifestRow:
    line: int
    outlet: str | None
    published: dt.date | None
    url: str | None
    title: str | None
    note: str | None


class _Skip(Exception):
    """A file or line that cannot be used; becomes a ``Skipped`` entry, never leaves this module."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


# --- public API --------------------------------------------------------------------------------


def load_corpus(
    paths: Sequence[Path],
    *,
    root: Path | None = None,
    exclude: Sequence[Path] = (),
    max_bytes: int | None = None,
    read_many: ReadMany | None = None,
) -> Corpus:
    """Read every article under ``paths`` (files or folders) into a ``Corpus``.

    Args:
        paths: files and folders; folders are walked recursively in sorted order, leaving out
            hidden entries, upper-case documentation files and unknown suffixes.
        root: the folder ``Source.path`` is shown relative to; by default the working directory.
            A file outside it is shown relative to the parent of the path argument it was found
            under, so a report never holds an absolute path.
        exclude: files never read as articles: crosscheck's own report, written inside the
            corpus by ``crosscheck report .``, must not be checked on the next run.
        max_bytes: the largest article text read (default MAX_ARTICLE_BYTES); an HTML file may
            be four times as large, and at least MAX_HTML_BYTES.
        read_many: reads the article files (a distributed engine's way, see ReadMany); by
            default this process reads them one after another.

    Raises:
        InputError: a path does not exist, a manifest is malformed, or no article could be read.
    """
    if not paths:
        raise InputError("no input paths given")
    base = _absolute(root or Path.cwd())
    steps, error = _plan(_found(paths, base, exclude), base, _Limits.of(max_bytes))
    reads = iter((read_many or _read_in_turn)([s.job for s in steps if s.job is not None]))
    skipped: list[Skipped] = []
    documents: list[Document] = []
    other_formats: list[Skipped] = []  # files of other formats, warned about in one line
    first_of: dict[str, str] = {}
    for step in steps:
        for manifest_skip in step.manifest_skips:
            _skip(skipped, manifest_skip)
        if step.job is None:
            other_formats.extend(step.other)
            continue
        read = next(reads)
        _emit(read.logs)
        for item in read.items:
            if isinstance(item, Skipped):
                _skip(skipped, item)
            elif item.source.id in first_of:
                reason = f"duplicate id {item.source.id!r} (first in {first_of[item.source.id]})"
                _skip(skipped, Skipped(path=step.job.shown, reason=reason, line=_line_of(item)))
            else:
                first_of[item.source.id] = step.job.shown
                documents.append(item)
    if error is not None:
        raise error
    if other_formats:
        names = ", ".join(s.path for s in other_formats[:3])
        more = f" and {len(other_formats) - 3} more" if len(other_formats) > 3 else ""
        log.warning(
            "skipped %d files that are not articles (%s): %s%s",
            len(other_formats),
            ", ".join(FORMATS),
            names,
            more,
        )
        skipped = sorted(skipped + other_formats, key=lambda s: (s.path, s.line or 0))
    if not documents:
        raise InputError(_nothing_found(paths, skipped))
    _warn_unread_languages(documents)
    return Corpus(documents=tuple(documents), skipped=tuple(skipped))


@dataclass(frozen=True)
class FileJob:
    """One article file to read, with all its reader needs (its manifest row, the limits):
    picklable, so that a worker of a distributed engine can read it."""

    file: Path
    shown: str
    row: _ManifestRow | None
    limits: _Limits


class FileRead(NamedTuple):
    """What reading one file gave, and the log records it emitted as (logger, level, message)
    when it was read where they cannot reach the user (a worker): the caller emits them."""

    items: list[Document | Skipped]
    logs: tuple[tuple[str, int, str], ...] = ()


# Reads every job and returns one FileRead each, in the order of the jobs.
ReadMany = Callable[[Sequence[FileJob]], Iterable[FileRead]]


@dataclass(frozen=True)
class _Step:
    """One file found, in the order the corpus is read: the warnings of the manifest first read
    for it, then the file to read (``job``) or the reason it is not an article (``other``)."""

    manifest_skips: tuple[Skipped, ...]
    job: FileJob | None
    other: tuple[Skipped, ...] = ()


def _found(
    paths: Sequence[Path], base: Path, exclude: Sequence[Path]
) -> list[tuple[Path, str, Path]]:
    """Every file under ``paths`` as (file, shown path, parent of its argument), in the order
    of their shown paths; a missing or unreadable path is an InputError."""
    found: dict[Path, tuple[str, Path]] = {}  # file -> (shown path, parent of its argument)
    excluded = {_absolute(path) for path in exclude}
    for arg in paths:
        if not arg.exists():
            raise InputError(f"{arg}: no such file or folder")
        if not (arg.is_file() or arg.is_dir()):
            raise InputError(f"{arg}: neither a file nor a folder")
        anchor = _absolute(arg).parent
        try:
            files = [f for f in map(_absolute, _walk(arg)) if f not in excluded]
        except OSError as err:
            raise InputError(f"{err.filename or arg}: {err.strerror or err}") from err
        for file in files:
            found.setdefault(file, (_shown(file, base, anchor), anchor))
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    return [(file, shown, anchor) for file, (shown, anchor) in ordered]


def _plan(
    found: list[tuple[Path, str, Path]], base: Path, limits: _Limits
) -> tuple[list[_Step], InputError | None]:
    """The steps of reading the files found, each folder's manifest read with its first file.

    A malformed manifest ends the plan with its error, raised once the files before it are
    read, as reading them in turn would: the warnings shown before the error stay the same.
    """
    manifests: dict[Path, dict[str, _ManifestRow]] = {}
    steps: list[_Step] = []
    for file, shown, anchor in found:
        folder = file.parent
        manifest_skips: list[Skipped] = []
        if folder not in manifests:
            try:
                manifests[folder] = _read_manifest(
                    folder, _shown(folder / MANIFEST_NAME, base, anchor), manifest_skips
                )
            except InputError as error:
                return steps, error
        if file.suffix.lower() in FORMATS:
            job = FileJob(file, shown, manifests[folder].get(file.name), limits)
            steps.append(_Step(tuple(manifest_skips), job))
        elif not _is_own_output_file(file):
            reason = f"not an article format ({file.suffix or 'no suffix'})"
            steps.append(_Step(tuple(manifest_skips), None, (Skipped(path=shown, reason=reason),)))
        else:
            steps.append(_Step(tuple(manifest_skips), None))
    return steps, None


def _read_in_turn(jobs: Sequence[FileJob]) -> Iterator[FileRead]:
    """The local way: read each file when its turn comes, its warnings logged as it is read."""
    for job in jobs:
        yield FileRead(_read_file(job.file, job.shown, job.row, job.limits))


def read_captured(job: FileJob) -> FileRead:
    """Read one file with what crosscheck logs about it kept in the FileRead instead of shown:
    a worker's records would reach no one, or reach them out of order. (The libraries that read
    files log errors only, see above: crosscheck says what matters about a file itself.)"""
    records: list[logging.LogRecord] = []
    handler = _Keep(records)
    level, propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)  # the caller's own level decides what is shown
    log.propagate = False
    try:
        items = _read_file(job.file, job.shown, job.row, job.limits)
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate
    return FileRead(items, tuple((r.name, r.levelno, r.getMessage()) for r in records))


class _Keep(logging.Handler):
    """Keeps the records it is handed in a list."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _emit(logs: Sequence[tuple[str, int, str]]) -> None:
    """Log the records a worker kept (read_captured), here and in their order."""
    for name, level, message in logs:
        logging.getLogger(name).log(level, "%s", message)


def _warn_unread_languages(documents: list[Document]) -> None:
    """One warning for all the articles in a language whose values are not read (see language)."""
    unread = [d.source for d in documents if not values_readable(d.source.language)]
    if not unread:
        return
    names = ", ".join(f"{s.path} ({s.language})" for s in unread[:3])
    more = f" and {len(unread) - 3} more" if len(unread) > 3 else ""
    log.warning(
        "%d articles are not in English, the one language whose numbers and dates crosscheck "
        "reads: their values are not read: %s%s",
        len(unread),
        names,
        more,
    )


def date_only_line(line: str) -> str | None:
    """The date text of a line that holds nothing but a date, a label and a clock time.

    "Updated : 2021-09-27 19:13 GMT+08:00", "May 03, 2013", "on July 02 2013 7: 41 AM" and the
    banner "Today: 9 March 2025" qualify; a sentence or a byline does not. Segmentation uses this
    to keep such metadata lines out of the claims.
    """
    stripped = line.strip()
    if len(stripped) > _MAX_DATE_LINE:
        return None
    match = _DATE_RE.search(stripped)
    if match is None:
        return None
    rest = _DATE_RE.sub(" ", stripped)
    for word in re.findall(r"[^\W\d_]+", rest):
        if word.lower() not in _DATE_LINE_WORDS and not (word.isupper() and len(word) <= 5):
            return None
    return match.group()


def infer_published(text: str, *, url: str | None = None, title: str | None = None) -> DateGuess:
    """Infer a publication date from the text and URL when no metadata gives one.

    Candidates are printed date lines near the top or bottom, a dateline with a year, and a full
    year/month/day in the URL. A line that shows the viewer's date ("Today: ...") is ignored. When
    text candidates disagree, the one closest to the headline wins (the foot of a page often holds
    an update time); the URL is the last resort since it may be a re-publication path.
    """
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    headline = _headline_index(lines, filled, title)
    candidates: list[tuple[int, DateGuess]] = []
    for i in dict.fromkeys(filled[:_TOP_LINES] + filled[-_BOTTOM_LINES:]):
        guess = _printed_date(lines[i])
        if guess.date is not None:
            candidates.append((i, guess))
    for i in filled[:_DATELINE_LINES]:
        guess = _dateline(lines[i])
        if guess.date is not None:
            candidates.append((i, guess))
    candidates.sort(key=lambda c: (abs(c[0] - headline), c[0]))
    url_guess = _url_date(url)
    chosen = candidates[0][1] if candidates else url_guess
    others = {g.date for _, g in candidates} | {url_guess.date}
    if chosen.date is not None and len(others - {None}) > 1:
        log.info(
            "publication date candidates disagree (%s); using %s from %r",
            ", ".join(sorted(str(d) for d in others - {None})),
            chosen.date,
            chosen.detail,
        )
    return chosen


# --- walking and paths -------------------------------------------------------------------------


def _absolute(path: Path) -> Path:
    """An absolute, normalized path without resolving symlinks (a link stays where it was found)."""
    return Path(os.path.normpath(path.absolute()))


def _shown(file: Path, base: Path, anchor: Path) -> str:
    """The path shown in reports: under ``base`` if possible, else under the argument's parent."""
    for start in (base, anchor):
        if file.is_relative_to(start):
            return file.relative_to(start).as_posix()
    return file.name


def _walk(arg: Path) -> Iterator[Path]:
    """The files under ``arg`` but manifests, documentation and hidden ones; a file named on
    the command line is always taken."""
    if arg.is_file():
        yield arg
        return
    for entry in sorted(arg.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.name != MANIFEST_NAME and not _DOC_FILE.match(entry.stem):
            yield entry  # other formats too, to be listed as skipped (a .pdf, a .docx)


def _skip(skipped: list[Skipped], item: Skipped) -> None:
    where = f"{item.path}:{item.line}" if item.line is not None else item.path
    log.warning("skipped %s: %s", where, item.reason)
    skipped.append(item)


def _line_of(doc: Document) -> int | None:
    return doc.source.line_offset + 1 if doc.source.format == "jsonl" else None


def _nothing_found(paths: Sequence[Path], skipped: list[Skipped]) -> str:
    where = ", ".join(str(p) for p in paths)
    if not skipped:
        kinds = ", ".join(FORMATS)
        return f"no articles found in {where}: no article files ({kinds})"
    listed = "; ".join(
        f"{s.path}{f':{s.line}' if s.line is not None else ''} ({s.reason})" for s in skipped[:5]
    )
    more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"no articles found in {where}: {len(skipped)} skipped: {listed}{more}"


# --- manifest ----------------------------------------------------------------------------------


def _read_manifest(folder: Path, shown: str, skipped: list[Skipped]) -> dict[str, _ManifestRow]:
    """The rows of ``folder/manifest.csv`` by file name; none when the folder has no manifest.

    A malformed manifest stops the run: silently ignoring it would mis-date every file it lists.
    A row naming a missing file is only skipped (added to ``skipped``, for the caller to warn
    about in its turn), as the other rows are still good.
    """
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{shown}: cannot read manifest: {err}") from err
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: dict[str, _ManifestRow] = {}
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        _check_header(header, shown)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            name, row = _manifest_row(header, cells, reader.line_num, shown)
            if name in rows:
                raise InputError(
                    f"{shown}:{row.line}: {name!r} is listed twice (first on line "
                    f"{rows[name].line})"
                )
            rows[name] = row
    except csv.Error as err:
        raise InputError(f"{shown}:{reader.line_num}: malformed CSV: {err}") from err
    for name, row in rows.items():
        if not (folder / name).is_file():
            reason = f"manifest names {name!r}, which does not exist"
            skipped.append(Skipped(path=shown, reason=reason, line=row.line))
    return rows


def _check_header(header: list[str], shown: str) -> None:
    if "file" not in header:
        raise InputError(f"{shown}:1: manifest has no 'file' column (columns: {header})")
    unknown = [name for name in header if name not in MANIFEST_COLUMNS]
    if unknown:
        raise InputError(
            f"{shown}:1: unknown manifest column(s) {unknown}; expected {list(MANIFEST_COLUMNS)}"
        )


def _manifest_row(
    header: list[str], cells: list[str], line: int, shown: str
) -> tuple[str, _ManifestRow]:
    if len(cells) > len(header):
        raise InputError(f"{shown}:{line}: {len(cells)} cells but {len(header)} columns")
    values = {name: (cell.strip() or None) for name, cell in zip(header, cells, strict=False)}
    name = values.get("file")
    if name is None:
        raise InputError(f"{shown}:{line}: the 'file' cell is empty")
    published = values.get("published")
    return name, _ManifestRow(
        line=line,
        outlet=values.get("outlet"),
        published=_manifest_date(published, line, shown) if published else None,
        url=values.get("url"),
        title=values.get("title"),
        note=values.get("note"),
    )


def _manifest_date(value: str, line: int, shown: str) -> dt.date:
    """A manifest date must be ISO: "03/05/2013" would be a guess between two days."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is None:
            raise ValueError("expected YYYY-MM-DD")
        date = dt.date.fromisoformat(value)
        if not _plausible(date):
            first, last = (d.year for d in PUBLISHED_RANGE)
            raise ValueError(f"outside the years {first}-{last}")
        return date
    except ValueError as err:
        raise InputError(f"{shown}:{line}: published {value!r} is not a valid date: {err}") from err


# --- one file ----------------------------------------------------------------------------------


def _read_file(
    file: Path, shown: str, row: _ManifestRow | None, limits: _Limits
) -> list[Document | Skipped]:
    """The documents of one file, or why it (or a JSONL line of it) was skipped."""
    fmt = FORMATS.get(file.suffix.lower())
    if fmt is None:
        return [Skipped(path=shown, reason=f"not an article format ({file.suffix or 'no suffix'})")]
    try:
        _check_size(file.stat().st_size, fmt, limits)
        raw = file.read_bytes()
        text, guessed = _decode(raw, fmt)
    except OSError as err:
        return [Skipped(path=shown, reason=f"cannot read: {err.strerror or err}")]
    except _Skip as skip:
        return [Skipped(path=shown, reason=skip.reason)]
    if _written_by_crosscheck(text):
        log.info("%s: left out: written by crosscheck, not an article", shown)
        return []
    if guessed:
        log.warning("%s: not UTF-8; read as %s (%s)", shown, *guessed)
    sha = hashlib.sha256(raw).hexdigest()

    def make(doc_id: str, body: str, meta: _Meta, line_offset: int) -> Document:
        source = _source(doc_id, shown, fmt, sha, body, meta, row, line_offset)
        return Document(source=source, text=body)

    try:
        if fmt == "jsonl":
            return _read_jsonl(text, shown, make, limits)
        if fmt == "md":
            body, meta, offset = _split_front_matter(text, shown)
        elif fmt == "html":
            body, meta, offset = _extract_html(text, shown, limits)
        else:
            body, meta, offset = text, _Meta(), 0
    except _Skip as skip:
        return [Skipped(path=shown, reason=skip.reason, line=skip.line)]
    return [make(shown, body, meta, offset)]


def _is_own_output_file(file: Path) -> bool:
    """Whether a file of another format is crosscheck's JSON output (a report written with
    ``--format json``): left out silently, like a report in Markdown."""
    if file.suffix.lower() != ".json":
        return False
    try:
        if file.stat().st_size > MAX_HTML_BYTES:
            return False
        return _written_by_crosscheck(file.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return False


def _written_by_crosscheck(text: str) -> bool:
    """Whether a file is crosscheck's own output: a Markdown report (its title and the counts
    line under it), or the JSON of a report, query, extract or check, whatever its name. Read
    as an article, a report would agree with every source it quotes."""
    head = text.lstrip()[:4096]
    if head.startswith(_REPORT_TITLE):
        return _REPORT_COUNTS.search(head) is not None
    if not head.startswith("{"):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or "text" in data:  # a JSONL article of one line
        return False
    return any(keys <= data.keys() for keys in _OUTPUT_KEYS)


@dataclass(frozen=True)
class _Limits:
    """The largest article text and HTML file read (see MAX_ARTICLE_BYTES)."""

    text: int = MAX_ARTICLE_BYTES
    html: int = MAX_HTML_BYTES

    @classmethod
    def of(cls, max_bytes: int | None) -> _Limits:
        if max_bytes is None:
            return cls()
        return cls(text=max_bytes, html=max(MAX_HTML_BYTES, 4 * max_bytes))


def _check_size(size: int, fmt: Format, limits: _Limits) -> None:
    """Refuse an article over the limit before reading it (see MAX_ARTICLE_BYTES)."""
    limit = limits.html if fmt == "html" else limits.text
    if fmt != "jsonl" and size > limit:
        raise _Skip(
            f"too large: {human_size(size)}, over the {human_size(limit)} limit for one article "
            "(--max-bytes raises it)"
        )


def human_size(size: int) -> str:
    """A size as it is said: "2.0 MiB", "500.0 KiB"."""
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 2**10:.1f} KiB"


def _decode(raw: bytes, fmt: Format) -> tuple[str, tuple[str, str] | None]:
    """Decode bytes as UTF-8, else the declared charset, else a guess that is clear enough.

    Returns the text with newlines normalized to ``\\n`` and any BOM dropped; nothing else is
    changed (no Unicode normalization), so quotes and offsets stay as published. The second value
    is (encoding, how it was chosen) when the text was not UTF-8, for a warning.
    """
    if not raw.strip():
        raise _Skip("empty file")
    text, guessed = _decode_with_bom(raw), None
    if text is None:
        if b"\x00" in raw:
            raise _Skip("binary file (contains NUL bytes)")
        text, guessed = _decode_utf8_or_declared(raw, fmt)
    text = _newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise _Skip("empty file")
    return text, guessed


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_with_bom(raw: bytes) -> str | None:
    for bom, codec in _UNICODE_BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as err:
                raise _Skip(f"undecodable text: invalid {codec} after its BOM") from err
    return None


def _decode_utf8_or_declared(raw: bytes, fmt: Format) -> tuple[str, tuple[str, str] | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    declared = _HTML_CHARSET.search(raw[:4096]) if fmt == "html" else None
    if declared is not None:
        name = declared.group(1).decode("ascii")
        try:
            return raw.decode(name), (name, "declared")
        except (LookupError, UnicodeDecodeError):
            log.info("declared charset %r does not decode; guessing", name)
    return _guess(raw)


def _guess(raw: bytes) -> tuple[str, tuple[str, str]]:
    """Decode a file that is neither UTF-8 nor declared, or refuse it: never silent mojibake.

    charset-normalizer ranks encodings, but on a short text several decode "cleanly" and its first
    choice is often wrong (Shift-JIS read as Korean, Latin-1 French read as Baltic). So Windows-1252
    wins when it is among the clean decodings (Western pages are the common case); otherwise the
    guess must have recognised a language; otherwise the file is refused with the candidates.
    """
    results = list(charset_normalizer.from_bytes(raw))
    clean = [r for r in results if r.chaos <= _CLEAN_CHAOS]
    western = next((r for r in clean if r.encoding == _WESTERN), None)
    if western is not None:
        return str(western), (_WESTERN, "guessed")
    if clean and clean[0].coherence >= _MIN_COHERENCE:
        return str(clean[0]), (clean[0].encoding, "guessed")
    if not clean:
        raise _Skip("undecodable text: not UTF-8 and no encoding reads it as text")
    options = ", ".join(r.encoding for r in clean[:3])
    raise _Skip(
        f"undecodable text: not UTF-8 and its encoding is ambiguous ({options}); "
        "convert it to UTF-8"
    )


def _split_front_matter(text: str, shown: str) -> tuple[str, _Meta, int]:
    """The Markdown body, its front matter and how many file lines come before the body."""
    try:
        metadata, body = frontmatter.parse(text, handler=_FrontMatterYAML())
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise _Skip(f"front matter is not valid YAML: {first}") from err
    if not body.strip():
        raise _Skip("no article text after the front matter")
    start = len(text.rstrip()) - len(body)
    key = "published" if "published" in metadata else "date"
    key_line = re.search(rf"^{key}\s*:", text, re.MULTILINE)
    where = f"{shown}:{text.count(chr(10), 0, key_line.start()) + 1}" if key_line else shown
    meta = _Meta(
        title=_field(metadata.get("title")),
        url=_field(metadata.get("url")),
        outlet=_field(metadata.get("outlet", metadata.get("source"))),
        date=_metadata_date(metadata.get(key), DateEvidence.FRONT_MATTER, where),
    )
    return body, meta, text.count("\n", 0, start)


def _extract_html(html: str, shown: str, limits: _Limits) -> tuple[str, _Meta, int]:
    """The main text of a page (trafilatura drops menus, ads and footers) and its metadata.

    Dates come from the page's metadata only (``extensive_search`` off): guessing from free text
    is ``infer_published``'s job, which records where it read the date.
    """
    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(extracted, "text", None) or ""
    if not body.strip():
        raise _Skip("no article text found in the HTML")
    _check_size(len(body.encode("utf-8")), "txt", limits)
    body = _at_file_lines(body, html)
    published = getattr(extracted, "date", None)
    meta = _Meta(
        title=_field(getattr(extracted, "title", None)),
        url=_field(getattr(extracted, "url", None)),
        outlet=_field(getattr(extracted, "sitename", None)),
        date=_metadata_date(published, DateEvidence.HTML_METADATA, shown, str(published)),
    )
    return body, meta, 0


def _at_file_lines(body: str, html: str) -> str:
    """The extracted text with each of its lines moved down to the line of the page it was
    found on (blank lines in between), so that a sentence's line is a line of the HTML file.

    Each line is looked up by its first words, in order, from the page's ``<body>`` on (the
    head may repeat the text in metadata), across tags, entities and line breaks, within the
    next _LOOKUP_WINDOW characters. A line that cannot be found is put just after the one
    before it.
    """
    page = html_lib.unescape(html)  # entities hold no line break but &#10;, which pages avoid
    body_tag = _BODY_TAG.search(page)
    position = body_tag.end() if body_tag else 0
    line = page.count("\n", 0, position) + 1
    placed: list[str] = []
    previous = 0
    for text in body.split("\n"):
        words = _WORD.findall(text)[:_LOOKUP_WORDS]
        found = None
        if words:
            pattern = re.compile(_BETWEEN_WORDS.join(map(re.escape, words)))
            found = pattern.search(page, position, position + _LOOKUP_WINDOW)
        target = previous + 1
        if found is not None:
            line += page.count("\n", position, found.start())
            position = found.start()
            target = max(target, line)
        placed.append("\n" * (target - previous - 1) + text)
        previous = target
    return "\n".join(placed)


_MakeDocument = Callable[[str, str, "_Meta", int], Document]


def _read_jsonl(
    text: str, shown: str, make: _MakeDocument, limits: _Limits
) -> list[Document | Skipped]:
    """One document per JSONL line (its id is the file's path, a colon and the line number); a
    bad line is skipped with its number, the others kept."""
    items: list[Document | Skipped] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            items.append(Skipped(path=shown, reason=f"invalid JSON: {err.msg}", line=number))
            continue
        if _SURROGATE.search(line) and _has_lone_surrogate(record):
            reason = "invalid JSON string: a \\u escape is half of a surrogate pair"
            items.append(Skipped(path=shown, reason=reason, line=number))
            continue
        body = record.get("text") if isinstance(record, dict) else None
        if not isinstance(body, str) or not body.strip():
            reason = "no 'text' field" if isinstance(record, dict) else "not a JSON object"
            items.append(Skipped(path=shown, reason=reason, line=number))
            continue
        try:
            _check_size(len(body.encode("utf-8")), "txt", limits)
        except _Skip as skip:
            items.append(Skipped(path=shown, reason=skip.reason, line=number))
            continue
        where = f"{shown}:{number}"
        meta = _Meta(
            title=_field(record.get("title")),
            url=_field(record.get("url")),
            outlet=_field(record.get("outlet")),
            date=_metadata_date(record.get("published"), DateEvidence.JSONL, where),
        )
        items.append(make(f"{shown}:{number}", _newlines(body), meta, number - 1))
    return items


def _has_lone_surrogate(record: object) -> bool:
    """Whether JSON decoded to text no file can hold ("\\ud800" alone): it cannot be hashed,
    embedded or written to a report, so the record is refused here rather than crash later."""
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _field(value: object) -> str | None:
    """A metadata value as text; lists and mappings are not a title or a URL."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _metadata_date(
    value: object, evidence: DateEvidence, where: str, detail: str | None = None
) -> DateGuess:
    """A date given as metadata; an unreadable one is reported (with the file and line it is on)
    and then ignored, never guessed, so the date is inferred from the text instead."""
    if value is None or value == "":
        return _UNKNOWN
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date) and _plausible(value):
        return DateGuess(value, evidence, detail or str(value))
    parsed = _parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        log.warning(
            "%s: ignored the %s date %r: not a valid date with day, month and year in %d-%d",
            where,
            evidence.value.replace("_", " "),
            str(value),
            *(d.year for d in PUBLISHED_RANGE),
        )
        return _UNKNOWN
    return DateGuess(parsed, evidence, detail or str(value))


def _source(
    doc_id: str,
    shown: str,
    fmt: Format,
    sha: str,
    body: str,
    meta: _Meta,
    row: _ManifestRow | None,
    line_offset: int,
) -> Source:
    """Merge manifest, file metadata and inference; the manifest wins, inference comes last."""
    url = (row and row.url) or meta.url
    title = (row and row.title) or meta.title
    if row is not None and row.published is not None:
        date = DateGuess(row.published, DateEvidence.MANIFEST, row.note)
    elif meta.date.date is not None:
        date = meta.date
    else:
        date = infer_published(body, url=url, title=title)
    return Source(
        id=doc_id,
        path=shown,
        format=fmt,
        sha256=sha,
        title=title,
        url=url,
        outlet=(row and row.outlet) or meta.outlet,
        published=date.date,
        date_evidence=date.evidence,
        date_detail=date.detail,
        line_offset=line_offset,
        language=detect_language(body),
    )


# --- date inference ----------------------------------------------------------------------------


def _parse_date(text: str, order: str | None = None) -> dt.date | None:
    settings = dict(_DATEPARSER_SETTINGS, **({"DATE_ORDER": order} if order else {}))
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None or not _plausible(parsed.date()):
        return None
    return parsed.date()


def _plausible(date: dt.date) -> bool:
    """Whether a date can be an article's publication date (see PUBLISHED_RANGE)."""
    return PUBLISHED_RANGE[0] <= date <= PUBLISHED_RANGE[1]


def _printed_date(line: str) -> DateGuess:
    found = date_only_line(line)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", line)}
    if found is None or words & _VIEWER_WORDS:
        return _UNKNOWN
    parsed = _parse_date(_NUMERIC_GAP.sub(r"\1", found))
    return DateGuess(parsed, DateEvidence.PRINTED_DATE, line.strip()) if parsed else _UNKNOWN


def _dateline(line: str) -> DateGuess:
    match = _DATELINE_RE.match(line)
    if match is None:
        return _UNKNOWN
    parsed = _parse_date(_NUMERIC_GAP.sub(r"\1", match.group("date")))
    return DateGuess(parsed, DateEvidence.DATELINE, match.group().strip()) if parsed else _UNKNOWN


def _url_date(url: str | None) -> DateGuess:
    match = _URL_DATE_RE.search(url or "")
    if match is None:
        return _UNKNOWN
    parsed = _parse_date(f"{match['y']} {match['m']} {match['d']}", order="YMD")
    return DateGuess(parsed, DateEvidence.URL, match.group()) if parsed else _UNKNOWN


def _headline_index(lines: list[str], filled: list[int], title: str | None) -> int:
    """The line of the headline: the title's line, else the first line that is not a date."""
    wanted = title.strip().casefold() if title else None
    for i in filled:
        if wanted and lines[i].strip().casefold() == wanted:
            return i
    for i in filled:
        if date_only_line(lines[i]) is None:
            return i
    return 0
