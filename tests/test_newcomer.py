"""Issue 11, a newcomer's first hour: each point the CLI got wrong, through typer's CliRunner.

The fake embedder stands in for the model, as in tests/test_cli.py (whose fixtures these share).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_cli import AGREE, CONFLICT, corpus
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.index import open_index

# every test runs in a fresh working directory with the fake model (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("fake_model")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _stored_paths(index_dir: Path = Path(".crosscheck")) -> list[str]:
    index = open_index(index_dir)
    assert index is not None
    return sorted(source.path for source in index.sources)


# --- 2. indexing some articles never removes the others -----------------------------------------


def test_indexing_some_articles_keeps_the_others(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE), ("conflict.txt", CONFLICT))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    everything = _stored_paths()
    result = runner.invoke(app, ["index", str(folder / "agree.txt")])
    assert result.exit_code == 0, result.output
    assert "0 removed" in result.output and "2 kept from earlier runs" in result.output
    assert (
        _stored_paths()
        == everything
        == [
            "news/agree.txt",
            "news/base.txt",
            "news/conflict.txt",
        ]
    )


def test_query_with_some_articles_keeps_the_others(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE), ("conflict.txt", CONFLICT))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    claim = "The earthquake killed 12 people in Aceh on Monday"
    result = runner.invoke(app, ["query", claim, str(folder / "base.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(_stored_paths()) == 3
    # the query searched the whole index, not only the article it was given
    assert {r["path"] for r in json.loads(result.output)["results"]} >= {"news/conflict.txt"}


def test_prune_removes_what_was_not_given_and_says_what(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE), ("conflict.txt", CONFLICT))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    result = runner.invoke(app, ["index", str(folder / "base.txt"), "--prune"])
    assert result.exit_code == 0, result.output
    assert "2 removed" in result.output
    assert "removed news/agree.txt" in result.output
    assert "removed news/conflict.txt" in result.output
    assert _stored_paths() == ["news/base.txt"]


def test_a_report_covers_the_articles_it_was_given(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE), ("conflict.txt", CONFLICT))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    (folder / "conflict.txt").rename(tmp_path / "conflict.txt")  # out of the folder now
    (folder / "manifest.csv").write_text(
        "file,outlet,published\nbase.txt,Base News,2024-01-02\nagree.txt,Other Outlet,2024-01-03\n"
    )
    result = runner.invoke(app, ["report", str(folder), "--format", "json", "--out", "r.json"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "r.json").read_text())
    assert sorted(d["path"] for d in data["documents"]) == ["news/agree.txt", "news/base.txt"]
    assert all(f["verdict"] != "conflict" for f in data["findings"])
    assert "news/conflict.txt" in _stored_paths()  # still indexed, only not reported


# --- 3. crosscheck never reads what it wrote ---------------------------------------------------


def test_reports_in_the_corpus_are_not_read_back(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE))
    (tmp_path / "news" / "reports").mkdir()
    assert runner.invoke(app, ["report", "news", "--out", "news/reports/a.md"]).exit_code == 0
    first = (tmp_path / "news/reports/a.md").read_text()
    # a second Markdown report, a JSON report and a saved query answer, under names that are
    # article formats: none of them is an article
    assert runner.invoke(app, ["report", "news", "--out", "news/reports/b.md"]).exit_code == 0
    args = ["report", "news", "--format", "json", "--out", "news/reports/c.txt"]
    assert runner.invoke(app, args).exit_code == 0
    answer = runner.invoke(app, ["query", "12 people on Monday", "--format", "json"]).output
    (folder / "answer.txt").write_text(answer)
    args = ["report", "news", "--format", "json", "--out", "r.json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "r.json").read_text())
    assert sorted(d["path"] for d in data["documents"]) == ["news/agree.txt", "news/base.txt"]
    assert data["skipped"] == []
    assert (tmp_path / "news/reports/b.md").read_text() == first


# --- 4. a read-only index ---------------------------------------------------------------------


def _read_only(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the index unwritable: by its mode, and, since root writes anyway, by failing every
    way crosscheck writes into it (the lock file, file writes, folders) as the kernel would."""
    import errno

    import crosscheck.index as index_module

    for path in [index_dir, *index_dir.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(index_dir / "lock"))

    class Lock:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        acquire = release = refuse

    monkeypatch.setattr(index_module, "FileLock", Lock)
    monkeypatch.setattr(index_module, "_write_durable", refuse)


def test_a_read_only_index_serves_reports_and_queries(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    _read_only(tmp_path / ".crosscheck", monkeypatch)
    result = runner.invoke(app, ["report", "news", "--out", "r.md"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["index", "news"]).exit_code == 0
    result = runner.invoke(app, ["query", "12 people on Monday", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]


def test_a_read_only_index_that_needs_updating_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    _read_only(tmp_path / ".crosscheck", monkeypatch)
    (folder / "agree.txt").write_text(CONFLICT)
    for args in (["report", "news", "--out", "r.md"], ["index", "news"], ["check", "news"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert lines == [
            "crosscheck: error: index .crosscheck needs updating but cannot be written "
            "(Permission denied); use --index to choose a folder you can write, or index the "
            "articles as its owner"
        ]


# --- 8, 17. the README's install steps -----------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_starts_with_make_report_and_make_test() -> None:
    block = README.read_text(encoding="utf-8").split("```bash\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in block.splitlines()[:2]] == [
        ["make", "report"],
        ["make", "test"],
    ]


def test_the_readme_says_how_to_get_crosscheck_on_the_path() -> None:
    text = README.read_text(encoding="utf-8")
    before_commands = text.split("## Commands", 1)[0]
    assert ". .venv/bin/activate" in before_commands
    assert "pip install ." in before_commands
    # the CPU build of torch, where a plain pip install would pull the CUDA one
    assert "--index-url https://download.pytorch.org/whl/cpu" in before_commands


# --- 10. small things a newcomer trips over ----------------------------------------------------


def test_a_query_panel_keeps_its_similarity_on_a_narrow_terminal() -> None:
    from rich.console import Console

    from crosscheck.console import print_answer
    from crosscheck.schema import QueryAnswer, QueryResult, Verdict

    result = QueryResult(
        doc_id="scraped/2024/09/09/a-very-long-file-name-as-a-scraper-saves-it.txt",
        text="The earthquake killed 12 people.",
        similarity=0.8123,
        verdict=Verdict.AGREE,
        comparisons=(),
        path="scraped/2024/09/09/a-very-long-file-name-as-a-scraper-saves-it.txt",
        line=3,
        outlet="The Very Long Name of a Regional Newspaper",
        published=None,
        as_of=None,
    )
    console = Console(width=80, record=True, highlight=False)
    print_answer(
        QueryAnswer(claim="12 people", as_of=None, claim_mentions=(), results=(result,)), console
    )
    assert "similarity 0.812" in console.export_text()


def test_report_out_dash_writes_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    corpus(tmp_path, ("agree.txt", AGREE))
    result = runner.invoke(app, ["report", "news", "--format", "json", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["documents"] == 2
    assert "wrote the report to stdout" in result.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", ["index", "report", "query", "extract", "check"])
def test_dash_h_is_help(runner: CliRunner, command: str) -> None:
    for args in ([command, "-h"], ["-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["report", "news", "--format", "md"],
            "Invalid value for '--format': 'md' is not one of 'text', 'markdown', 'json'.",
        ),
        (
            ["report", "news", "--fromat", "json"],
            "No such option: --fromat (did you mean one of --format, --out?)",
        ),
        (["query", "x", "--top-k", "many"], "Invalid value for '--top-k': not a whole number"),
    ],
)
def test_usage_errors_speak_crosschecks_words(
    runner: CliRunner, tmp_path: Path, args: list[str], expected: str
) -> None:
    corpus(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert expected in line
    assert (
        "Value error" not in line and "Possible options" not in line and "Input should" not in line
    )


def test_a_refused_index_names_the_command_that_rebuilds_it_and_gets_no_lock(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus(tmp_path)
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("mine")
    for args in (["index", "news"], ["report", "news"], ["query", "12 people"]):
        result = runner.invoke(app, [*args, "--index", "notes"])
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.endswith(
            "rebuild it with `crosscheck index PATH... --rebuild` or choose another index folder"
        )
    assert sorted(p.name for p in foreign.iterdir()) == ["todo.txt"]  # no stale lock left


# --- 11. other formats are listed; HTML lines are lines of the file -----------------------------

PAGE = """<!doctype html>
<html><head><title>Quake</title>
<script type="application/ld+json">{"articleBody": "The earthquake killed 12 people."}</script>
</head>
<body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Quake in Aceh</h1>
<p>The earthquake killed 12 people in the province of Aceh on Monday, officials said.</p>


<p>Rescuers searched for
   survivors in <a href="/x">three villages</a> on Tuesday &amp; Wednesday, the agency said.</p>
<p>Officials said 300 homes were damaged.</p>
</article>
</body></html>
"""


def test_html_sentences_carry_the_line_of_the_file(tmp_path: Path) -> None:
    from crosscheck.ingest import load_corpus
    from crosscheck.segment import segment

    (tmp_path / "page.html").write_text(PAGE)
    (document,) = load_corpus([tmp_path / "page.html"]).documents
    lines = {s.text.split()[0]: s.line for s in segment(document)}
    assert lines == {"The": 9, "Rescuers": 12, "Officials": 14}
    for word, line in lines.items():
        assert word in PAGE.splitlines()[line - 1]


def test_files_of_other_formats_are_listed_as_skipped(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE))
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = runner.invoke(app, ["report", "news", "--format", "json", "--out", "news/r.json"])
    assert result.exit_code == 0, result.output
    assert "skipped 2 files that are not articles" in result.stderr
    data = json.loads((folder / "r.json").read_text())
    assert [(s["path"], s["reason"]) for s in data["skipped"]] == [
        ("news/photo.jpg", "not an article format (.jpg)"),
        ("news/scan.pdf", "not an article format (.pdf)"),
    ]
    # the JSON report written into the folder is crosscheck's own: left out, not listed
    again = runner.invoke(app, ["report", "news", "--format", "json", "--out", "news/r2.json"])
    assert again.exit_code == 0
    assert json.loads((folder / "r2.json").read_text()) == data


# --- 12. an interrupted index keeps what it embedded ------------------------------------------


def test_ctrl_c_while_embedding_keeps_the_embeddings_made_so_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakes import FakeEmbedder, make_corpus, simple_segment

    import crosscheck.index as index_module

    monkeypatch.setattr(index_module, "CACHE_CHUNK", 8)
    docs = make_corpus(10, 8)  # 80 sentences: a batch of 64, then one of 16

    class Interrupted(FakeEmbedder):
        def embed_batch(self, texts: list[str]) -> np.ndarray:
            if self.calls == 1:
                raise KeyboardInterrupt
            return super().embed_batch(texts)

    with pytest.raises(KeyboardInterrupt):
        index_module.update_index(tmp_path, docs, simple_segment, Interrupted())
    assert open_index(tmp_path) is None  # no index yet: the run did not finish
    rerun = FakeEmbedder()
    index, stats = index_module.update_index(tmp_path, docs, simple_segment, rerun)
    assert (stats.cached, stats.embedded) == (64, 16)  # the first batch was kept
    assert len(rerun.texts) == 16 and len(index.sentences) == 80


def test_embedding_in_chunks_gives_the_vectors_of_embed() -> None:
    from fakes import FakeEmbedder

    texts = [f"sentence {i} " + "word " * (i % 7) for i in range(50)]
    whole = FakeEmbedder().embed(texts, batch_size=4)
    pieces = list(FakeEmbedder().embed_in_chunks(texts, 10, batch_size=4))
    assert [len(positions) for positions, _ in pieces] == [12, 12, 12, 12, 2]
    got = np.empty_like(whole)
    for positions, vectors in pieces:
        got[positions] = vectors
    np.testing.assert_array_equal(got, whole)


# --- 13. the article size limit can be raised -------------------------------------------------


def test_max_bytes_sets_the_article_limit(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    (folder / "long.txt").write_text(AGREE * 30)  # 2.5 KB
    args = ["report", "news", "--format", "json", "--out", "r.json"]
    result = runner.invoke(app, [*args, "--max-bytes", "2KiB"])
    assert result.exit_code == 0, result.output
    assert "over the 2.0 KiB limit for one article (--max-bytes raises it)" in result.stderr
    assert json.loads((tmp_path / "r.json").read_text())["counts"]["documents"] == 1
    result = runner.invoke(app, [*args, "--max-bytes", "3k"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.json").read_text())["counts"]["documents"] == 2


def test_extract_refuses_a_text_over_the_limit_unless_raised(
    runner: CliRunner, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The army sent 500 troops on Monday.\n" * 100)  # 3.6 KB
    result = runner.invoke(app, ["extract", str(big), "--max-bytes", "3KiB"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith("3.5 KiB, over the 3.0 KiB limit for one article; --max-bytes raises it")
    result = runner.invoke(app, ["extract", "-", "--max-bytes", "1k"], input="x " * 600)
    assert result.exit_code == 2 and "standard input: more than" in result.stderr
    result = runner.invoke(app, ["extract", str(big), "--max-bytes", "4KiB", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["mentions"]) == 200


def test_extract_shows_that_it_is_working_on_a_large_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.status import Status

    from crosscheck import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    assert isinstance(cli._working("reading", 5 * 2**20), Status)
    assert not isinstance(cli._working("reading", 1000), Status)


def test_a_bad_max_bytes_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    corpus(tmp_path)
    result = runner.invoke(app, ["report", "news", "--max-bytes", "lots"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "crosscheck: error: --max-bytes must be a size like 2MiB, 500KiB or 8000000, not 'lots'"
    )


# --- 14. help that shows how --------------------------------------------------------------------

COMMANDS = ["index", "report", "query", "extract", "check"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples_and_no_type_placeholders(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    text = result.output
    for placeholder in ("<bool>", "<str>", "<path>", "<list", "{", "<int>", "<float>"):
        assert placeholder not in text, placeholder
    assert "Examples" in text and f"crosscheck {command}" in text.split("Examples", 1)[1]


def test_help_names_date_formats_defaults_and_the_environment(runner: CliRunner) -> None:
    def help_of(*args: str) -> str:
        return " ".join(
            runner.invoke(app, [*args, "--help"], env={"COLUMNS": "300"}).output.split()
        )

    assert "--as-of YYYY-MM-DD" in help_of("query")
    assert "--published YYYY-MM-DD" in help_of("extract")
    assert "default: reports/consistency.md" in help_of("report")
    top = help_of()
    assert "Environment" in top
    for variable in (
        "CROSSCHECK_INDEX",
        "CROSSCHECK_MODEL",
        "CROSSCHECK_BACKEND",
        "CROSSCHECK_ONNX_DIR",
        "CROSSCHECK_MAX_BYTES",
    ):
        assert variable in top


def test_every_command_takes_format_text_and_json(runner: CliRunner, tmp_path: Path) -> None:
    corpus(tmp_path, ("agree.txt", AGREE))
    for fmt in ("text", "json"):
        for args in (
            ["report", "news", "--out", f"r.{fmt}"],
            ["query", "12 people on Monday"],
            ["extract", "-"],
            ["check", "news"],
        ):
            result = runner.invoke(app, [*args, "--format", fmt], input="on Monday")
            assert result.exit_code == 0, (args, fmt, result.output)
    assert (tmp_path / "r.text").read_text().startswith("# Consistency report")


# --- 18. shell completion and a config file -----------------------------------------------------


def test_shell_completion_is_offered(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.output and "--show-completion" in result.output
    # typer guesses the shell from the parent processes (sh under make); name it instead
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    shown = runner.invoke(app, ["--show-completion", "bash"], prog_name="crosscheck")
    assert shown.exit_code == 0 and "complete" in shown.output


def test_a_config_file_sets_option_defaults(runner: CliRunner, tmp_path: Path) -> None:
    corpus(tmp_path, ("agree.txt", AGREE), ("conflict.txt", CONFLICT))
    (tmp_path / "crosscheck.toml").write_text('index = "idx"\ntop-k = 1\n[query]\ntop_k = 2\n')
    assert runner.invoke(app, ["index", "news"]).exit_code == 0
    assert (tmp_path / "idx" / "CURRENT").is_file() and not (tmp_path / ".crosscheck").exists()
    claim = ["query", "The earthquake killed 12 people in Aceh on Monday", "--format", "json"]
    assert len(json.loads(runner.invoke(app, claim).output)["results"]) == 2  # [query] wins
    result = runner.invoke(app, [*claim, "--top-k", "3"])  # the command line wins
    assert len(json.loads(result.output)["results"]) == 3


def test_pyproject_tool_crosscheck_is_read(runner: CliRunner, tmp_path: Path) -> None:
    corpus(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.crosscheck]\nindex = "i2"\n'
    )
    assert runner.invoke(app, ["index", "news"]).exit_code == 0
    assert (tmp_path / "i2" / "CURRENT").is_file()


def test_an_unknown_config_key_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    corpus(tmp_path)
    (tmp_path / "crosscheck.toml").write_text("topk = 3\n")
    result = runner.invoke(app, ["report", "news"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "crosscheck: error: crosscheck.toml: unknown key 'topk' "
        "(known: index, model, top-k, min-similarity, max-bytes)"
    )


# --- 17. bench/ecbplus.py without the corpus ----------------------------------------------------


def test_ecbplus_bench_says_where_its_data_comes_from(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "bench" / "ecbplus.py"
    env = os.environ | {"CROSSCHECK_ECBPLUS": str(tmp_path / "nowhere")}
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "no ECB+ corpus in" in done.stderr and "set CROSSCHECK_ECBPLUS" in done.stderr


def test_html_articles_of_an_older_index_are_segmented_again(
    runner: CliRunner, tmp_path: Path
) -> None:
    import hashlib

    folder = corpus(tmp_path)
    (folder / "page.html").write_text(PAGE)
    assert runner.invoke(app, ["index", "news"]).exit_code == 0
    # the manifest as a crosscheck before page lines wrote it
    index_dir = tmp_path / ".crosscheck"
    name = (index_dir / "CURRENT").read_text().split()[0]
    manifest = index_dir / name / "manifest.json"
    data = json.loads(manifest.read_text())
    del data["html_lines"]
    manifest.write_text(json.dumps(data))
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    (index_dir / "CURRENT").write_text(f"{name} {digest}\n")
    result = runner.invoke(app, ["index", "news"])
    assert "1 changed" in result.output and "0 sentences embedded" in result.output
    again = runner.invoke(app, ["index", "news"])
    assert "0 changed" in again.output and "2 unchanged" in again.output
