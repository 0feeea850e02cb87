"""The CLI through typer's CliRunner: exit codes, files written, output shapes, one-line errors.

The fake embedder stands in for the model (``crosscheck.pipeline.load_embedder`` is patched), so
these run in milliseconds; tests/test_e2e.py does the same with the real model.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fakes import FakeEmbedder
from typer.testing import CliRunner

from crosscheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["index", "report", "query", "extract", "check"]

BASE = "The earthquake killed 12 people in the province of Aceh on Monday, officials said.\n"
AGREE = "Officials said the earthquake killed 12 people in the province of Aceh on Monday.\n"
CONFLICT = "Officials said the earthquake killed 15 people in the province of Aceh on Monday.\n"
MANIFEST = "file,outlet,published\nbase.txt,Base News,2024-01-02\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# every test runs in a fresh working directory with the fake model (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("fake_model")


def corpus(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    """A folder with one dated article and, optionally, more articles dated the next day."""
    folder = tmp_path / "news"
    folder.mkdir(exist_ok=True)
    (folder / "base.txt").write_text(BASE)
    lines = [MANIFEST.rstrip("\n")]
    for name, text in extra:
        (folder / name).write_text(text)
        lines.append(f"{name},Other Outlet,2024-01-03")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    return folder


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_top_level_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_commands_are_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in COMMANDS:
        assert f"crosscheck {command}" in readme


def test_extract_json_gives_offsets_into_the_input(runner: CliRunner) -> None:
    text = "Xi wrote on Thursday (Sept. 9), his first letter in over eight months."
    result = runner.invoke(
        app, ["extract", "-", "--published", "2021-09-27", "--format", "json"], input=text
    )
    assert result.exit_code == 0, result.output
    mentions = json.loads(result.output)["mentions"]
    assert any(m["value"] == "2021-09-09" for m in mentions)
    assert any(m["value"] == "P8M" and m["qualifier"] == "more_than" for m in mentions)
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]


def test_extract_text_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Putin visited Pyongyang in June.")
    result = runner.invoke(app, ["extract", "a.txt", "--published", "2024-09-09"])
    assert result.exit_code == 0
    assert "2024-06" in result.output


def test_extract_without_a_date_leaves_relative_values_unresolved(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "json"], input="in June")
    mention = json.loads(result.output)["mentions"][0]
    assert mention["value"] == "XXXX-06" and mention["resolved"] is False


@pytest.mark.parametrize(
    ("args", "data", "message"),
    [
        (["extract", "bin.txt"], b"abc\x00def", "binary"),
        (["extract", "latin.txt"], "caf\xe9".encode("latin-1"), "not UTF-8"),
        (["extract", "missing.txt"], None, "missing.txt"),
        (["extract", "-", "--published", "2024-02-30"], None, "--published"),
    ],
)
def test_extract_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, args: list[str], data: bytes | None, message: str
) -> None:
    if data is not None:
        (tmp_path / args[1]).write_bytes(data)
    result = runner.invoke(app, args, input="")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_report_writes_markdown_and_json(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE))
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "reports/consistency.md").read_text()
    assert markdown.startswith("# Consistency report")
    assert "Base News" in markdown
    result = runner.invoke(app, ["report", str(folder), "--format", "json", "--out", "r.json"])
    assert result.exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert {d["id"] for d in data["documents"]} == {"news/base.txt", "news/agree.txt"}
    assert data["findings"] and data["findings"][0]["verdict"] == "agree"


def test_report_shows_a_conflict_with_both_sentences(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("conflict.txt", CONFLICT))
    runner.invoke(app, ["report", str(folder), "--format", "json", "--out", "r.json"])
    finding = json.loads((tmp_path / "r.json").read_text())["findings"][0]
    assert finding["verdict"] == "conflict"
    assert {finding["claim"]["text"], finding["evidence"]["text"]} == {
        BASE.strip(),
        CONFLICT.strip(),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "nowhere"], "nowhere"),
        (["report", "empty"], "no articles"),
        (["query", "claim", "--as-of", "soon"], "--as-of"),
        (["query", "   "], "empty"),
        (["query", "a claim"], "no index"),
        (["report", "news", "--top-k", "0"], "top-k"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    corpus(tmp_path)
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_query_json_answers_from_the_saved_index(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("conflict.txt", CONFLICT))
    assert runner.invoke(app, ["index", str(folder)]).exit_code == 0
    result = runner.invoke(
        app,
        ["query", "The earthquake killed 12 people in Aceh on Monday", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    by_doc = {r["doc_id"]: r for r in answer["results"]}
    assert by_doc["news/base.txt"]["verdict"] == "agree"
    assert by_doc["news/conflict.txt"]["verdict"] == "conflict"
    assert by_doc["news/base.txt"]["as_of"] == "2024-01-02"  # read as of each evidence's date


def test_query_as_of_reads_relative_dates_at_that_date(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["index", str(corpus(tmp_path))])
    result = runner.invoke(
        app,
        [
            "query",
            "The earthquake killed 12 people on Monday",
            "--as-of",
            "2024-02-01",
            "--format",
            "json",
        ],
    )
    answer = json.loads(result.output)
    assert answer["as_of"] == "2024-02-01"
    assert any(m["value"] == "2024-01-29" for m in answer["claim_mentions"])


def test_query_text_says_how_relative_dates_were_read(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["index", str(corpus(tmp_path))])
    result = runner.invoke(app, ["query", "The earthquake killed 12 people on Monday"])
    assert result.exit_code == 0
    assert "each source's publication date" in result.output
    assert "AGREE" in result.output


def test_query_without_values_returns_related_matches(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["index", str(corpus(tmp_path))])
    result = runner.invoke(app, ["query", "earthquake in the province", "--format", "json"])
    results = json.loads(result.output)["results"]
    assert results and all(r["verdict"] == "related" for r in results)


def test_index_reuses_the_cache(
    runner: CliRunner, tmp_path: Path, fake_model: FakeEmbedder
) -> None:
    folder = corpus(tmp_path, ("agree.txt", AGREE))
    runner.invoke(app, ["index", str(folder)])
    calls = fake_model.calls
    result = runner.invoke(app, ["index", str(folder)])
    assert "0 sentences embedded" in result.output
    assert fake_model.calls == calls


@pytest.mark.parametrize(
    ("extra", "code"), [(("agree.txt", AGREE), 0), (("conflict.txt", CONFLICT), 1)]
)
def test_check_exit_codes(
    runner: CliRunner, tmp_path: Path, extra: tuple[str, str], code: int
) -> None:
    result = runner.invoke(app, ["check", str(corpus(tmp_path, extra))])
    assert result.exit_code == code, result.output


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one article committed, as a newsroom's corpus would be."""
    corpus(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "news")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "corpus")
    return tmp_path


def _add_article(repo: Path, name: str, text: str) -> None:
    (repo / "news" / name).write_text("Headline of the new story\n\n" + text)
    with (repo / "news/manifest.csv").open("a") as manifest:
        manifest.write(f"{name},New Outlet,2024-01-03\n")


def test_check_since_passes_an_agreeing_new_article(runner: CliRunner, repo: Path) -> None:
    _add_article(repo, "new.txt", AGREE)
    result = runner.invoke(app, ["check", "news", "--since", "HEAD", "--format", "github"])
    assert result.exit_code == 0, result.output
    assert "::error" not in result.output


def test_check_since_annotates_the_contradicting_line(runner: CliRunner, repo: Path) -> None:
    _add_article(repo, "new.txt", CONFLICT)
    result = runner.invoke(app, ["check", "news", "--since", "HEAD", "--format", "github"])
    assert result.exit_code == 1, result.output
    annotation = next(line for line in result.output.splitlines() if line.startswith("::error"))
    assert "file=news/new.txt,line=3," in annotation
    assert '"15" people = 15' in annotation and "killed 12 people" in annotation


def test_check_ignores_old_disagreements_when_nothing_changed(
    runner: CliRunner, repo: Path
) -> None:
    (repo / "news/old.txt").write_text(CONFLICT)
    with (repo / "news/manifest.csv").open("a") as manifest:
        manifest.write("old.txt,Old Outlet,2024-01-03\n")
    _git(repo, "add", "news")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old")
    assert runner.invoke(app, ["check", "news"]).exit_code == 1
    assert runner.invoke(app, ["check", "news", "--since", "HEAD"]).exit_code == 0


def test_check_json_lists_the_failing_findings(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path, ("conflict.txt", CONFLICT))
    result = runner.invoke(
        app, ["check", str(folder), "--changed", str(folder / "conflict.txt"), "--format", "json"]
    )
    payload = json.loads(result.output[: result.output.rindex("}") + 1])
    assert result.exit_code == 1
    assert payload["failed"] is True and payload["changed"] == ["news/conflict.txt"]
    assert payload["findings"][0]["verdict"] == "conflict"


def test_check_changed_matches_articles_outside_the_working_directory(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus(tmp_path, ("conflict.txt", CONFLICT))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["check", str(folder), "--changed", str(folder / "conflict.txt")])
    assert result.exit_code == 1, result.output


def test_check_changed_with_a_file_that_is_no_article_is_an_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = corpus(tmp_path, ("conflict.txt", CONFLICT))
    result = runner.invoke(app, ["check", str(folder), "--changed", "news/typo.txt"])
    assert result.exit_code == 2
    assert "not an article" in result.output


def test_check_since_from_a_subfolder_sees_new_files_with_any_name(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_article(repo, "café.txt", CONFLICT)
    monkeypatch.chdir(repo / "news")
    result = runner.invoke(app, ["check", ".", "--since", "HEAD", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert '"café.txt"' in result.output


def test_report_in_the_corpus_folder_does_not_read_its_own_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    corpus(tmp_path, ("agree.txt", AGREE))
    for _ in range(2):
        result = runner.invoke(app, ["report", "."])
        assert result.exit_code == 0, result.output
    assert (
        "consistency"
        not in (tmp_path / "reports/consistency.md")
        .read_text()
        .split("## Sources")[1]
        .split("##")[0]
    )


def test_an_article_named_after_an_outlet_in_capitals_is_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "up"
    folder.mkdir()
    (folder / "UPI_2024-09-09.txt").write_text(BASE)
    (folder / "README.md").write_text("# notes\n\nNot an article, 2024.\n")
    result = runner.invoke(app, ["index", str(folder)])
    assert result.exit_code == 0
    assert "indexed 1 documents" in result.output


def test_report_out_to_a_folder_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = runner.invoke(app, ["report", str(folder), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.output
