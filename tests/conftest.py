"""Fixtures shared by all tests; test doubles live in tests/fakes.py so modules can import them
(pytest puts tests/ on sys.path: ``from fakes import FakeEmbedder``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeEmbedder


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeEmbedder:
    """The fake model in place of the real one for every command and library call, run in a
    fresh working directory (test files that need it use it for every test)."""
    fake = FakeEmbedder()
    monkeypatch.setattr(
        "crosscheck.pipeline.load_embedder", lambda model=None, purpose="index": fake
    )
    monkeypatch.chdir(tmp_path)
    return fake
