"""Fixtures shared by all tests; test doubles live in tests/fakes.py so modules can import them
(pytest puts tests/ on sys.path: ``from fakes import FakeEmbedder``)."""

from __future__ import annotations

import pytest
from fakes import FakeEmbedder


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()
