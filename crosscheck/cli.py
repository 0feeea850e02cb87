"""The ``crosscheck`` command: parse arguments, call the library, print the result.

Exit codes: 0 success, 1 when ``check`` finds what it looks for, 2 for bad usage or bad input
(one line on stderr, no traceback). Heavy modules (torch via the embedder) are imported inside
the commands that need them, so ``--help`` and ``extract`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.core import Context  # typer bundles its own click
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from crosscheck import __version__
from crosscheck.errors import CrosscheckError

if TYPE_CHECKING:
    from crosscheck.pipeline import Options


class _Commands(TyperGroup):
    """Turns crosscheck's domain errors into one line on stderr and exit code 2, for every
    command, whether run from the console script or from typer's CliRunner; and takes the
    defaults of options from a config file (see _config_defaults)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        if parent is None and "default_map" not in extra:
            defaults = _config_defaults(Path.cwd(), set(self.commands))
            if defaults:
                extra["default_map"] = defaults
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> object:
        try:
            return super().invoke(ctx)
        except CrosscheckError as err:
            _fail(str(err))
        except UsageError as err:
            hint = f" (see '{err.ctx.command_path} --help')" if err.ctx else ""
            _fail(f"{_plain(err.format_message())}{hint}")


# What click and pydantic put in a usage error that means nothing to a user of crosscheck.
_INTERNALS = (
    (re.compile(r"Value error, "), ""),
    (
        re.compile(r"Input should be a valid integer, unable to parse string as an integer"),
        "not a whole number",
    ),
    (
        re.compile(r"Input should be a valid number, unable to parse string as a number"),
        "not a number",
    ),
    (re.compile(r"\(Possible options: ([^,)]+)\)"), r"(did you mean \1?)"),
    (re.compile(r"\(Possible options: ([^)]+)\)"), r"(did you mean one of \1?)"),
)


CONFIG_FILE = "crosscheck.toml"
# Options a config file may set, by their names there (dashes or underscores), for every
# command that has them; a table named after a command sets them for that command only.
_CONFIG_KEYS = {
    "index": "index",
    "model": "model",
    "top-k": "top_k",
    "min-similarity": "min_similarity",
    "max-bytes": "max_bytes",
}


def _config_defaults(folder: Path, commands: set[str]) -> dict[str, dict[str, Any]]:
    """Option defaults from ``crosscheck.toml`` in the working directory, else from the
    ``[tool.crosscheck]`` table of its ``pyproject.toml``: command line and environment
    variables still win. An unknown key or a file that is not TOML is one line and exit 2."""
    import tomllib

    path = folder / CONFIG_FILE
    table_name = ""
    if not path.is_file():
        path, table_name = folder / "pyproject.toml", "[tool.crosscheck]"
        if not path.is_file():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        _fail(f"{path.name}: not a readable TOML file: {err}")
    if table_name:
        data = data.get("tool", {}).get("crosscheck", {})
    where = f"{path.name}{' ' + table_name if table_name else ''}"
    # "index" names a command and an option: a table is the command's, a value the option's
    tables = {k for k, v in data.items() if k in commands and isinstance(v, dict)}
    shared = {k: v for k, v in data.items() if k not in tables}
    defaults = {command: _config_options(shared, where) for command in commands}
    for command in tables:
        defaults[command] |= _config_options(data[command], f"{where} [{command}]")
    return {command: values for command, values in defaults.items() if values}


def _config_options(table: dict[str, Any], where: str) -> dict[str, Any]:
    options = {}
    for key, value in table.items():
        name = _CONFIG_KEYS.get(key.replace("_", "-"))
        if name is None:
            known = ", ".join(_CONFIG_KEYS)
            _fail(f"{where}: unknown key {key!r} (known: {known})")
        options[name] = str(value) if name in ("index", "model", "max_bytes") else value
    return options


def _plain(message: str) -> str:
    """A usage error in crosscheck's words, not its libraries' ("Value error, ...")."""
    for pattern, replacement in _INTERNALS:
        message = pattern.sub(replacement, message)
    return message


ENVIRONMENT = """[bold]Environment[/]

CROSSCHECK_INDEX: the index folder (--index; default .crosscheck).

CROSSCHECK_MODEL: the sentence-transformers model folder (--model; default ./models/*, then \
the packaged all-MiniLM-L6-v2).

CROSSCHECK_BACKEND: torch, onnx or auto (default): how a query embeds its claim.

CROSSCHECK_ONNX_DIR: where the ONNX export for fast queries is kept (default \
$XDG_CACHE_HOME/crosscheck/onnx, else ~/.cache/crosscheck/onnx).

CROSSCHECK_MAX_BYTES: the largest article read (--max-bytes; default 2MiB).

CROSSCHECK_ENGINE: local (default) or ray: who does the work of index, report and check \
(--engine).

CROSSCHECK_RAY_ADDRESS: the Ray cluster to join (--ray-address; default: a new local one).

CROSSCHECK_COMPRESS_ROWS: sentences from which an index written by the ray engine keeps a \
compressed (IVF-PQ) copy for fast queries (default 1000000).
"""


def _plain_placeholders() -> None:
    """Help that reads like other command-line tools': ``--rebuild`` rather than ``--rebuild
    <bool>``, ``PATH...`` rather than ``{PATH...}...`` with ``<list[Path]>``. Typer draws these
    from the Python types; every crosscheck option that takes a value names it (``DIR``,
    ``YYYY-MM-DD``), so flags and arguments need no type shown."""
    from typer.core import TyperArgument, TyperOption

    option_type = TyperOption.display_type_rich

    def option_display(self: TyperOption, ctx: Context) -> str | None:
        return None if self.is_flag or self.count else option_type(self, ctx)

    def argument_usage(self: TyperArgument) -> str:
        return str(self.metavar or self.name or "").upper()

    TyperOption.display_type_rich = option_display  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    if hasattr(TyperArgument, "_usage_display_name"):
        TyperArgument._usage_display_name = argument_usage  # type: ignore[method-assign]


_plain_placeholders()


def _examples(*lines: str) -> str:
    """A command's epilog: its examples, one a paragraph so that help keeps them apart."""
    return "[bold]Examples[/]\n\n" + "\n\n".join(lines)


app = typer.Typer(
    cls=_Commands,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_examples(
        "crosscheck report seeds/",
        'crosscheck query "Putin\'s first visit to North Korea in 24 years"',
        "crosscheck COMMAND -h",
    )
    + "\n\n"
    + ENVIRONMENT,
    help="Cross-check the numbers and dates in news articles across sources, offline.",
)
log = logging.getLogger("crosscheck")

DEFAULT_REPORT = Path("reports/consistency.md")


class ReportFormat(StrEnum):
    text = "text"  # Markdown, the text format of a report: every command has text and json
    markdown = "markdown"
    json = "json"


class TextFormat(StrEnum):
    text = "text"
    json = "json"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class FailOn(StrEnum):
    """A verdict; ``check`` fails on it and on every more pressing one (see crosscheck.ci)."""

    conflict = "conflict"
    corrected = "corrected"
    disputed = "disputed"
    update = "update"
    unverified = "unverified"


Paths = Annotated[
    list[Path],
    typer.Argument(metavar="PATH...", help="Article files or folders.", show_default=False),
]
IndexDir = Annotated[
    Path, typer.Option("--index", metavar="DIR", help="Index folder.", envvar="CROSSCHECK_INDEX")
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="DIR",
        help="Sentence-transformers model folder (default: $CROSSCHECK_MODEL, ./models/, "
        "then the packaged all-MiniLM-L6-v2).",
    ),
]
TopK = Annotated[
    int, typer.Option("--top-k", metavar="N", min=1, help="Matching sentences per claim.")
]
MinSim = Annotated[
    float,
    typer.Option(
        "--min-similarity", metavar="0..1", min=0.0, max=1.0, help="Lowest similarity kept."
    ),
]
Rebuild = Annotated[bool, typer.Option("--rebuild", help="Discard the index and build it anew.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or warnings.")]
MaxBytes = Annotated[
    str | None,
    typer.Option(
        "--max-bytes",
        metavar="SIZE",
        envvar="CROSSCHECK_MAX_BYTES",
        help="Largest article read, like 2MiB, 500KiB or 8000000 (default 2MiB; an HTML file "
        "may be 4 times as large). Larger files are skipped unread.",
        show_default=False,
    ),
]
EngineName = Annotated[
    str | None,
    typer.Option(
        "--engine",
        metavar="NAME",
        envvar="CROSSCHECK_ENGINE",
        help="Who does the work: local (default) or ray (needs pip install 'crosscheck[ray]').",
        show_default=False,
    ),
]
RayAddress = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        metavar="ADDR",
        envvar="CROSSCHECK_RAY_ADDRESS",
        help="The Ray cluster to join, like auto or 10.0.0.5:6379 (default: a new local one).",
        show_default=False,
    ),
]
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:([kmg])i?b?|b?)\s*", re.IGNORECASE)
_UNITS = {"k": 2**10, "m": 2**20, "g": 2**30}


def _fail(message: str) -> NoReturn:
    typer.echo(f"crosscheck: error: {message}", err=True)
    raise typer.Exit(2)


def _setup(quiet: bool) -> bool:
    """Route warnings to stderr as one line each; return whether progress bars may show."""
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.WARNING,
        format="crosscheck: warning: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    return not quiet and sys.stderr.isatty()


def _size(value: str | None) -> int | None:
    """``--max-bytes``: bytes, or KiB/MiB/GiB (``2MiB``, ``500k``; K, M and G are binary)."""
    if value is None:
        return None
    match = _SIZE.fullmatch(value)
    if match is None or float(match.group(1)) <= 0:
        _fail(f"--max-bytes must be a size like 2MiB, 500KiB or 8000000, not {value!r}")
    return int(float(match.group(1)) * _UNITS.get((match.group(2) or "").lower(), 1))


def _options(
    index: Path,
    model: str | None,
    engine: tuple[str | None, str | None] = (None, None),
    **settings: Any,
) -> Options:
    """The pipeline's options; what a command does not set keeps the library's default.
    ``engine`` is (--engine, --ray-address): the local engine is the library's default."""
    from crosscheck.engines import get_engine
    from crosscheck.pipeline import Options

    chosen = get_engine(*engine) if any(engine) else None
    return Options(index_dir=index, model=model, engine=chosen, **settings)


def _write(path: Path, text: str) -> None:
    """Write atomically so an interrupted run never leaves half a report; ``-`` is stdout."""
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if path.is_dir():
        _fail(f"--out {path}: is a folder; give a file name")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        _fail(f"cannot write {path}: {err.strerror or err}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crosscheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Cross-check the numbers and dates in news articles across sources, offline."""


@app.command(
    epilog=_examples(
        "crosscheck index seeds/",
        "crosscheck index new/article.txt            [dim]# adds it; the rest stays indexed[/]",
        "crosscheck index seeds/ --prune             [dim]# and removes what is not in seeds/[/]",
        "crosscheck index seeds/ --index /tmp/idx --max-bytes 8MiB",
    )
)
def index(
    paths: Paths,
    index: IndexDir = Path(".crosscheck"),
    model: Model = None,
    rebuild: Rebuild = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Remove from the index the articles not given this time (they are kept "
            "otherwise) and list them.",
        ),
    ] = False,
    max_bytes: MaxBytes = None,
    engine: EngineName = None,
    ray_address: RayAddress = None,
    quiet: Quiet = False,
) -> None:
    """Index articles: embed their sentences and save a FAISS index (only what changed).

    Articles indexed before and not given now stay in the index; --prune removes them.
    """
    from crosscheck import pipeline
    from crosscheck.embed import build_onnx_export

    progress = _setup(quiet)
    embedder = pipeline.load_embedder(model)
    indexed = pipeline.index_corpus(
        paths,
        _options(
            index,
            model,
            (engine, ray_address),
            rebuild=rebuild,
            prune=prune,
            progress=progress,
            max_bytes=_size(max_bytes),
        ),
        embedder,
    )
    if getattr(embedder, "_model", None) is not None:
        # torch is loaded anyway: export the model for queries now, so the first query is fast
        build_onnx_export(embedder)
    s = indexed.stats
    kept = f", {s.kept} kept from earlier runs (--prune removes them)" if s.kept else ""
    typer.echo(
        f"indexed {len(indexed.index.sources)} documents, {len(indexed.index.sentences)} "
        f"sentences in {index} ({s.added} added, {s.changed} changed, {s.removed} removed, "
        f"{s.unchanged} unchanged{kept}; {s.embedded} sentences embedded, {s.cached} from cache; "
        f"{len(indexed.corpus.skipped)} skipped)"
    )
    for path in s.removed_paths:
        typer.echo(f"removed {path}")


@app.command(
    epilog=_examples(
        "crosscheck report seeds/                    [dim]# -> reports/consistency.md[/]",
        "crosscheck report seeds/ --format json      [dim]# -> reports/consistency.json[/]",
        "crosscheck report seeds/ --out - | less",
        "crosscheck report a/ b/ --top-k 10 --min-similarity 0.5",
    )
)
def report(
    paths: Paths,
    index: IndexDir = Path(".crosscheck"),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Report file, or - for standard output (default: reports/consistency.md, or "
            "reports/consistency.json with --format json).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", help="Output format: text is the Markdown report."),
    ] = ReportFormat.markdown,
    model: Model = None,
    top_k: TopK = 5,
    min_similarity: MinSim = 0.4,
    rebuild: Rebuild = False,
    max_bytes: MaxBytes = None,
    engine: EngineName = None,
    ray_address: RayAddress = None,
    quiet: Quiet = False,
) -> None:
    """Write the consistency report: conflicts, agreements and single-source claims."""
    from crosscheck import report as render
    from crosscheck.pipeline import build_report

    progress = _setup(quiet)
    target = out or (
        DEFAULT_REPORT.with_suffix(".json") if fmt == ReportFormat.json else DEFAULT_REPORT
    )
    options = _options(
        index,
        model,
        (engine, ray_address),
        top_k=top_k,
        min_similarity=min_similarity,
        rebuild=rebuild,
        progress=progress,
        exclude=() if str(target) == "-" else (target,),
        max_bytes=_size(max_bytes),
    )
    result = build_report(paths, options)
    _write(
        target, render.to_json(result) if fmt == ReportFormat.json else render.to_markdown(result)
    )
    c = result.counts
    typer.echo(
        f"wrote {'the report to stdout' if str(target) == '-' else target}: {c.conflicts} "
        f"conflicts, {c.agreements} agreements, {c.unverified} unverified, "
        f"{c.single_source} single-source claims",
        err=str(target) == "-",  # stdout holds the report
    )


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} must be a date like 2024-09-09, not {value!r}")


@app.command(
    epilog=_examples(
        'crosscheck query "Putin\'s first visit to North Korea in 24 years"',
        'crosscheck query "Xi wrote to Kim on Monday" --as-of 2024-09-09 --format json',
        'crosscheck query "12 people died" new/article.txt  [dim]# adds the article first[/]',
    )
)
def query(
    claim: Annotated[str, typer.Argument(metavar="CLAIM", help="The claim to check, in quotes.")],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[PATH]...", help="Add these articles to the index first."),
    ] = None,
    index: IndexDir = Path(".crosscheck"),
    top_k: TopK = 5,
    min_similarity: MinSim = 0.3,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Read the claim's relative dates as of this date (default: each source's).",
        ),
    ] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", help="Output format.")] = TextFormat.text,
    model: Model = None,
    max_bytes: MaxBytes = None,
    quiet: Quiet = False,
) -> None:
    """Find the sentences across sources that match a claim, with a verdict on its values."""
    from crosscheck.pipeline import query as run_query

    progress = _setup(quiet)
    if not claim.strip():
        _fail("the claim is empty")
    answer = run_query(
        claim,
        paths or [],
        _options(
            index,
            model,
            top_k=top_k,
            min_similarity=min_similarity,
            progress=progress,
            max_bytes=_size(max_bytes),
        ),
        as_of=_parse_date(as_of, "--as-of"),
    )
    if fmt == TextFormat.json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    from crosscheck.console import print_answer

    print_answer(answer)


@app.command(
    epilog=_examples(
        'echo "on Thursday (Sept. 9)" | crosscheck extract - --published 2021-09-27',
        "crosscheck extract article.txt --format json",
    )
)
def extract(
    file: Annotated[
        str, typer.Argument(metavar="[FILE]", help="A text file, or - for standard input.")
    ] = "-",
    published: Annotated[
        str | None,
        typer.Option(
            "--published", metavar="YYYY-MM-DD", help="Publication date to resolve against."
        ),
    ] = None,
    fmt: Annotated[TextFormat, typer.Option("--format", help="Output format.")] = TextFormat.text,
    max_bytes: MaxBytes = None,
) -> None:
    """Show the numbers and dates found in a text, with offsets and normalized values."""
    from crosscheck.extract import extract as find
    from crosscheck.ingest import MAX_ARTICLE_BYTES
    from crosscheck.schema import Extraction

    date = _parse_date(published, "--published")
    limit = _size(max_bytes) or MAX_ARTICLE_BYTES
    text = _read_text(file, limit)
    with _working(f"reading the values of {len(text) / 2**20:.1f} MB of text", len(text)):
        mentions = tuple(find(text, date))
    result = Extraction(published=date, mentions=mentions)
    if fmt == TextFormat.json:
        typer.echo(result.model_dump_json(indent=2))
        return
    for m in result.mentions:
        extra = "".join(
            f" {k}={v}"
            for k, v in (
                ("qualifier", m.qualifier.value if m.qualifier != "exact" else None),
                ("role", m.role.value if m.role else None),
                ("anchor", m.anchor),
                ("head", m.head),
            )
            if v
        )
        typer.echo(f"{m.start}-{m.end}\t{m.kind.value}\t{m.value}\t{m.text!r}{extra}")


def _working(what: str, size: int) -> Any:
    """A spinner with the time spent on stderr, for a long step on a terminal (a large text
    takes about 4 s a megabyte); nothing otherwise."""
    import contextlib

    if size < _SLOW_TEXT or not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"{what} (about {max(1, round(size / 2**18))} s)")


_SLOW_TEXT = 256 * 2**10  # characters of text from which extract shows that it is working


def _read_text(file: str, limit: int) -> str:
    """Input text for ``extract``: UTF-8 only, since offsets must index exactly this text."""
    if file != "-" and (size := _file_size(Path(file))) > limit:
        _fail(_too_large(file, size, limit))
    data = sys.stdin.buffer.read(limit + 1) if file == "-" else _read_bytes(Path(file))
    if len(data) > limit:
        _fail(_too_large(file, len(data), limit))
    if b"\x00" in data:
        _fail(f"{file}: binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        _fail(f"{file}: not UTF-8 text (byte {err.start}); convert it first")


def _too_large(file: str, size: int, limit: int) -> str:
    where = "standard input" if file == "-" else file
    more = "more than " if file == "-" else ""
    from crosscheck.ingest import human_size

    return (
        f"{where}: {more}{human_size(size)}, over the {human_size(limit)} limit for one "
        "article; --max-bytes raises it"
    )


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as err:
        _fail(f"{path}: {err.strerror or err}")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        _fail(f"{path}: {err.strerror or err}")


@app.command(
    epilog=_examples(
        "crosscheck check seeds/                     [dim]# exit 1 on any conflict[/]",
        "crosscheck check seeds/ --since origin/main --format github",
        "crosscheck check seeds/ --changed seeds/new.txt --fail-on unverified",
    )
)
def check(
    paths: Paths,
    changed: Annotated[
        list[Path] | None,
        typer.Option(
            "--changed", metavar="FILE", help="Only findings about this file (repeatable)."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="GIT_REF", help="Only findings about files changed since GIT_REF."
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Which findings fail the check.")
    ] = FailOn.conflict,
    fmt: Annotated[CheckFormat, typer.Option("--format", help="Output format.")] = (
        CheckFormat.text
    ),
    index: IndexDir = Path(".crosscheck"),
    model: Model = None,
    top_k: TopK = 5,
    min_similarity: MinSim = 0.4,
    max_bytes: MaxBytes = None,
    engine: EngineName = None,
    ray_address: RayAddress = None,
    quiet: Quiet = False,
) -> None:
    """Cross-check the corpus and exit 1 if new or changed articles contradict it."""
    from crosscheck import ci
    from crosscheck.pipeline import index_corpus, report_of

    progress = _setup(quiet)
    options = _options(
        index,
        model,
        (engine, ray_address),
        top_k=top_k,
        min_similarity=min_similarity,
        progress=progress,
        max_bytes=_size(max_bytes),
    )
    indexed = index_corpus(paths, options)
    scope = None
    if changed or since:
        documents = [doc.source for doc in indexed.corpus.documents]
        scope = ci.changed_ids(documents, changed or [], require_all=True) | ci.changed_ids(
            documents, ci.git_changed_files(since) if since else []
        )
    result = report_of(indexed, options, only=scope)  # only the stories of the changed articles
    found = ci.failing(result, fail_on.value, scope)
    unchecked = ci.unchecked(result, scope)
    if fmt == CheckFormat.json:
        from crosscheck.schema import CheckResult

        payload = CheckResult(
            failed=bool(found),
            changed=tuple(sorted(scope)) if scope is not None else None,
            findings=tuple(found),
            unchecked=tuple(unchecked),
        )
        typer.echo(payload.model_dump_json(indent=2))
    else:
        lines = (ci.github_annotations if fmt == CheckFormat.github else ci.text_lines)(
            found, scope
        )
        for line in lines + ci.unchecked_lines(unchecked, fmt == CheckFormat.github):
            typer.echo(line)
        what = "changed " if scope is not None else ""
        typer.echo(
            f"crosscheck: {len(found)} findings fail --fail-on {fail_on.value} in {what}documents",
            err=True,
        )
    if found:
        raise typer.Exit(1)


class SchemaName(StrEnum):
    report = "report"
    query = "query"
    extract = "extract"
    check = "check"


@app.command(epilog=_examples("crosscheck schema report > report.schema.json"))
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which command's JSON output.")],
) -> None:
    """Print the JSON Schema of a command's --format json output (pydantic's own schema)."""
    from pydantic import BaseModel

    from crosscheck import schema as models

    by_name: dict[SchemaName, type[BaseModel]] = {
        SchemaName.report: models.Report,
        SchemaName.query: models.QueryAnswer,
        SchemaName.extract: models.Extraction,
        SchemaName.check: models.CheckResult,
    }
    typer.echo(json.dumps(by_name[name].model_json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Console entry point."""
    app()
