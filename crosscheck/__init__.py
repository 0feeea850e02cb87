"""crosscheck: cross-check the numbers and dates in news articles across sources, offline.

The library API, for a Python caller::

    from crosscheck import build_report, query
    report = build_report(["seeds/"])            # a Report; report.findings, report.counts
    answer = query("Xi wrote to Kim on Monday")  # against the saved index

and ``crosscheck.extract.extract(text, published)`` reads the values of one text.
The functions are imported on first use, so ``import crosscheck`` (and ``crosscheck --help``)
stays fast and never loads torch.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "build_report": "crosscheck.pipeline",
    "index_corpus": "crosscheck.pipeline",
    "query": "crosscheck.pipeline",
    "Options": "crosscheck.pipeline",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'crosscheck' has no attribute {name!r}")
