"""The Python API and the outputs for scripts (issue 11, points 6, 15 and 16): what a caller can
do without guessing, the schema every JSON output carries, and what ``check`` says about new
articles it could not check. The fake embedder stands in for the model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import crosscheck
from crosscheck.cli import app
from crosscheck.schema import SCHEMA_VERSION

DATED = "The earthquake killed 12 people in the province of Aceh on Monday, officials said.\n"
UNDATED = "Officials said the earthquake killed 12 people in the province on Monday.\n"
NO_VALUES = "Officials said the province was shaken and rescue teams were on their way.\n"


# every test runs in a fresh working directory with the fake model (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("fake_model")


def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "dated.txt").write_text(DATED)
    (folder / "undated.txt").write_text(UNDATED)
    (folder / "empty_of_values.txt").write_text(NO_VALUES)
    (folder / "manifest.csv").write_text(
        "file,outlet,published\ndated.txt,A,2024-01-02\nempty_of_values.txt,B,2024-01-02\n"
    )
    return folder


def test_build_report_takes_str_paths_and_default_options(tmp_path: Path) -> None:
    news(tmp_path)
    report = crosscheck.build_report(["news/"])
    assert {d.id for d in report.documents} == {
        "news/dated.txt",
        "news/undated.txt",
        "news/empty_of_values.txt",
    }
    assert (tmp_path / ".crosscheck").is_dir()  # the default index folder
    assert report.schema_version == SCHEMA_VERSION


def test_query_defaults_to_the_saved_index(tmp_path: Path) -> None:
    crosscheck.index_corpus([str(news(tmp_path))])
    answer = crosscheck.query("The earthquake killed 12 people")
    assert answer.results and answer.schema_version == SCHEMA_VERSION


def test_importing_crosscheck_loads_neither_torch_nor_the_pipeline() -> None:
    code = (
        "import sys, crosscheck;print('torch' in sys.modules, 'crosscheck.pipeline' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("name", ["report", "query", "extract", "check"])
def test_schema_prints_the_json_schema_of_each_output(name: str) -> None:
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert "schema_version" in schema["properties"]


def test_every_json_output_carries_its_schema_version(tmp_path: Path) -> None:
    runner = CliRunner()
    news(tmp_path)
    extract = runner.invoke(app, ["extract", "-", "--format", "json"], input="on Monday")
    assert json.loads(extract.output)["schema_version"] == SCHEMA_VERSION
    check = runner.invoke(app, ["check", "news", "--format", "json"])
    assert json.loads(check.output)["schema_version"] == SCHEMA_VERSION


def test_check_says_which_new_articles_it_could_not_check(tmp_path: Path) -> None:
    runner = CliRunner()
    news(tmp_path)
    text = runner.invoke(app, ["check", "news", "--changed", "news/undated.txt"])
    assert text.exit_code == 0
    assert "NOT CHECKED news/undated.txt: no publication date" in text.output
    assert "empty_of_values" not in text.output  # not a changed article
    github = runner.invoke(app, ["check", "news", "--format", "github"])
    assert "::warning file=news/empty_of_values.txt" in github.output
    assert "no checkable number or date" in github.output
    payload = json.loads(runner.invoke(app, ["check", "news", "--format", "json"]).output)
    reasons = {u["doc_id"]: u["reasons"] for u in payload["unchecked"]}
    assert any("no publication date" in r for r in reasons["news/undated.txt"])


def test_options_take_the_index_folder_as_str(tmp_path: Path) -> None:
    news(tmp_path)
    report = crosscheck.build_report(["news"], crosscheck.Options(index_dir=str(tmp_path / "i")))
    assert report.documents and (tmp_path / "i" / "CURRENT").is_file()
