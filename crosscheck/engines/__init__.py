"""Who does the per-article and per-story work of a run: this process, or a Ray cluster.

An engine changes where the work runs, never what it computes: the same corpus gives the same
index contents and a byte-identical report with either. The local engine is this base class and
is the default; ``ray`` (crosscheck.engines.ray) needs the optional extra
``pip install 'crosscheck[ray]'`` and is imported only when asked for, by ``--engine ray`` or
``$CROSSCHECK_ENGINE``. ``$CROSSCHECK_RAY_ADDRESS`` (``--ray-address``) names the cluster to
join; without it Ray starts one on this machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from crosscheck.errors import InputError

if TYPE_CHECKING:
    from crosscheck.embed import Embedder
    from crosscheck.index import SegmentMany, StoredIndex
    from crosscheck.ingest import ReadMany
    from crosscheck.pipeline import StoryWork
    from crosscheck.schema import Finding, Sentence

ENGINE_ENV = "CROSSCHECK_ENGINE"
ADDRESS_ENV = "CROSSCHECK_RAY_ADDRESS"
ENGINES = ("local", "ray")


class Engine:
    """The local engine: everything in this process, one article and one story after another.

    A distributed engine overrides the five steps it spreads out; each must return what the
    local step returns, in the same order.
    """

    name = "local"
    sharded = False  # whether the index is written as shards (crosscheck.shards)

    def reader(self) -> ReadMany | None:
        """Reads the article files all at once; None: ingest reads them in turn."""
        return None

    def embedder(self, embedder: Embedder) -> Embedder:
        """The embedder the index update calls (one that embeds elsewhere, or this one)."""
        return embedder

    def segmenter(self) -> SegmentMany | None:
        """Segments the documents that need it all at once; None: the index segments in turn."""
        return None

    def mentions(self, index: StoredIndex) -> list[Sentence]:
        """Every sentence of ``index`` with its values (pipeline.with_mentions)."""
        from crosscheck.pipeline import with_mentions

        return with_mentions(index)

    def compare(self, works: Sequence[StoryWork]) -> Iterable[dict[tuple[int, int], Finding]]:
        """The findings of each story (pipeline.compare_story), in any order."""
        from crosscheck.pipeline import compare_story

        return map(compare_story, works)


def get_engine(name: str | None = None, address: str | None = None) -> Engine:
    """The engine by name (else $CROSSCHECK_ENGINE, else local) and, for Ray, the cluster's
    address (else $CROSSCHECK_RAY_ADDRESS). A bad name, an address given to the local engine,
    or Ray not installed is one clear InputError."""
    chosen = (name or os.environ.get(ENGINE_ENV, "") or "local").strip().lower()
    if chosen not in ENGINES:
        raise InputError(f"unknown engine {chosen!r} (--engine or {ENGINE_ENV}): use local or ray")
    if chosen == "local":
        if address:
            raise InputError("--ray-address needs --engine ray (or CROSSCHECK_ENGINE=ray)")
        return Engine()
    address = address or os.environ.get(ADDRESS_ENV) or None
    if (address or os.environ.get("RAY_ADDRESS") or "local") != "local":
        _limit_join_wait()
    try:
        from crosscheck.engines.ray import RayEngine
    except ImportError as error:
        raise InputError(
            f"--engine ray needs Ray ({error.name or error} is not installed): "
            "pip install 'crosscheck[ray]'"
        ) from error
    return RayEngine(address)


# Ray's settings for joining a cluster, read by Ray when it is imported: by default a cluster
# that does not answer is tried 20 times for about 40 s each, 14 minutes before an error.
# One attempt with 10 s to reach its GCS fails in about 20 s (measured: 127.0.0.1:1, 21 s).
_JOIN_LIMITS = {"RAY_gcs_server_port_wait_time_s": "1", "RAY_py_gcs_connect_timeout_s": "10"}


def _limit_join_wait() -> None:
    """Make a wrong cluster address fail in about 20 s, when ray is not imported yet. Only
    for joining a cluster: one started here keeps Ray's own waits. A value already set wins."""
    for name, value in _JOIN_LIMITS.items():
        os.environ.setdefault(name, value)
