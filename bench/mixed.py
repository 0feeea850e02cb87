"""Event identity on ECB+: all topics in one folder must not be compared with each other.

Copies every article of the chosen ECB+ topics into one folder (bench/out/mixed/all/, git-
ignored), named ``<topic>__<file>`` so that ids stay unique (ids were file stems until ae5c2f4),
runs one report over it, and prints:

- findings (by verdict) whose two sentences come from different topics: these must be 0;
- findings within topics, by verdict, against the per-topic runs (each topic alone), with the
  pairs that the mixed run lost, gained or judged differently.

    .venv/bin/python bench/mixed.py                    # all 43 topics
    .venv/bin/python bench/mixed.py topic01 topic03    # some

Every cross-topic finding and every within-topic difference is written to
bench/out/mixed_details.md. Each run works in a private folder under bench/out/mixed/ (removed
at the end; concurrent runs never share files) seeded from a shared embedding cache;
``--work DIR`` uses and keeps DIR instead, with the details in DIR/details.md. Findings are
compared by (verdict, the two documents and the two sentence texts); within-source findings
(both sentences in one article) are counted apart.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

DATA = Path(os.environ.get("CROSSCHECK_ECBPLUS", "../shared/data/ecbplus"))
OUT = Path("bench/out")
WORK = OUT / "mixed"
SEP = "__"

Pair = tuple[tuple[str, str], tuple[str, str]]


def _verdict(finding: Any) -> str:
    return str(getattr(finding.verdict, "value", finding.verdict))


def _doc(ref: Any) -> str:
    """An article by its file name, whether crosscheck's ids are file stems or paths."""
    return Path(ref.path).name


def _pair(finding: Any, prefix: str = "") -> Pair:
    a = (prefix + _doc(finding.claim), finding.claim.text)
    b = (prefix + _doc(finding.evidence), finding.evidence.text)
    first, second = sorted((a, b))
    return first, second


def _topic(doc_id: str) -> str:
    return doc_id.split(SEP, 1)[0]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _publish(source: Path, shared: Path) -> None:
    """Copy ``source`` to ``shared`` if nobody has yet, atomically (concurrent runs race here)."""
    if shared.exists() or not source.is_dir():
        return
    temp = Path(tempfile.mkdtemp(prefix=f".{shared.name}-", dir=shared.parent))
    try:
        shutil.copytree(source, temp / "cache")
        os.rename(temp / "cache", shared)
    except OSError:
        pass  # another run published it first
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def mixed_folder(topics: list[str], work: Path) -> Path:
    """One folder with every article of ``topics``, copied, prefixed by its topic."""
    folder = work / "all"
    wanted = {}
    for topic in topics:
        for path in sorted((DATA / topic).iterdir()):
            if path.is_file() and path.suffix == ".md":
                wanted[f"{topic}{SEP}{path.name}"] = path
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name not in wanted:
                old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in wanted.items():
        target = folder / name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="topic folder names (default: all)")
    parser.add_argument("--show", type=int, default=10, help="examples printed per list")
    parser.add_argument(
        "--work",
        type=Path,
        help="work folder, kept (default: a private folder under bench/out/mixed/, removed)",
    )
    args = parser.parse_args()
    if args.work:
        run(args, args.work, args.work / "details.md")
        return
    WORK.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=WORK))
    try:
        run(args, work, OUT / "mixed_details.md")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path, details: Path) -> None:

    import crosscheck
    from crosscheck.embed import load_embedder
    from crosscheck.pipeline import Options, build_report

    topics = args.topics or sorted(
        p.name for p in DATA.iterdir() if p.is_dir() and p.name.startswith("topic")
    )
    started = time.perf_counter()
    print(f"crosscheck from {Path(crosscheck.__file__).parent}; {len(topics)} topics")
    model = load_embedder(None)

    # all together first: it embeds every sentence once, and its embedding cache then seeds
    # the per-topic indexes (the cache is keyed by model and sentence, not by file)
    folder = mixed_folder(topics, work)
    shared = WORK / "cache"  # written once, atomically, never changed; seeds every run
    if shared.is_dir() and not (work / "index-all" / "cache").exists():
        (work / "index-all").mkdir(parents=True, exist_ok=True)
        shutil.copytree(shared, work / "index-all" / "cache")
    report = build_report([folder], Options(index_dir=work / "index-all"), embedder=model)
    if not args.topics:  # only a run over every topic leaves a cache that covers all
        _publish(work / "index-all" / "cache", shared)
    mixed_seconds = time.perf_counter() - started

    # each topic alone
    t0 = time.perf_counter()
    alone: dict[Pair, str] = {}
    alone_within_source = Counter()
    for topic in topics:
        index_dir = work / "index-topics" / topic
        if not (index_dir / "cache").exists() and (work / "index-all" / "cache").is_dir():
            index_dir.mkdir(parents=True, exist_ok=True)
            # hard links: cache chunks are immutable files named by their checksum
            shutil.copytree(
                work / "index-all" / "cache", index_dir / "cache", copy_function=_link_or_copy
            )
        alone_report = build_report([DATA / topic], Options(index_dir=index_dir), embedder=model)
        for f in alone_report.findings:
            if _doc(f.claim) == _doc(f.evidence):
                alone_within_source[_verdict(f)] += 1
            else:
                alone[_pair(f, prefix=f"{topic}{SEP}")] = _verdict(f)
    per_topic_seconds = time.perf_counter() - t0

    across: list[Any] = []
    within: dict[Pair, str] = {}
    within_source = Counter()
    for f in report.findings:
        if _topic(_doc(f.claim)) != _topic(_doc(f.evidence)):
            across.append(f)
        elif _doc(f.claim) == _doc(f.evidence):
            within_source[_verdict(f)] += 1
        else:
            within[_pair(f)] = _verdict(f)

    print(
        f"\n{report.counts.documents} articles, {report.counts.sentences} sentences, "
        f"{report.counts.claims} claims in one folder ({mixed_seconds:.0f} s; per-topic runs "
        f"{per_topic_seconds:.0f} s)"
    )
    across_by = Counter(_verdict(f) for f in across)
    print(f"\nfindings ACROSS topics (must be 0): {len(across)}  {dict(sorted(across_by.items()))}")
    for f in across[: args.show]:
        print(
            f"  {_verdict(f):<10} {f.similarity:.2f}  {f.claim.doc_id}: {f.claim.text[:70]!r}"
            f"\n  {'':<16} {f.evidence.doc_id}: {f.evidence.text[:70]!r}"
        )

    verdicts = sorted(set(within.values()) | set(alone.values()))
    mixed_by = Counter(within.values())
    alone_by = Counter(alone.values())
    lost = {p: v for p, v in alone.items() if p not in within}
    gained = {p: v for p, v in within.items() if p not in alone}
    changed = {p: (alone[p], v) for p, v in within.items() if p in alone and alone[p] != v}
    print("\nfindings WITHIN topics, between articles: mixed folder vs each topic alone")
    print(f"  {'verdict':<12} {'alone':>6} {'mixed':>6} {'lost':>5} {'gained':>6}")
    for v in verdicts:
        print(
            f"  {v:<12} {alone_by[v]:>6} {mixed_by[v]:>6} "
            f"{sum(1 for x in lost.values() if x == v):>5} "
            f"{sum(1 for x in gained.values() if x == v):>6}"
        )
    print(
        f"  {'all':<12} {len(alone):>6} {len(within):>6} {len(lost):>5} {len(gained):>6}"
        f"   verdict changed on {len(changed)} pairs: "
        f"{dict(Counter(f'{a}->{b}' for a, b in changed.values()))}"
    )
    print(
        f"  within one article (derived facts): alone {dict(alone_within_source)}, "
        f"mixed {dict(within_source)}"
    )

    lines = ["# ECB+ topics mixed in one folder", ""]
    lines += ["## Findings across topics", ""]
    for f in across:
        lines += [
            f"- **{_verdict(f)}** ({f.similarity:.2f}) `{f.claim.doc_id}`: {f.claim.text}",
            f"  / `{f.evidence.doc_id}`: {f.evidence.text}",
            *(
                f"  - {c.claim_value.text} / {c.evidence_value.text if c.evidence_value else '-'}"
                f": {_verdict(c)}, {c.reason}"
                for c in f.comparisons
            ),
        ]
    for title, items in (
        ("Lost (found per topic, not mixed)", {p: v for p, v in lost.items()}),
        ("Gained (found mixed, not per topic)", gained),
        ("Verdict changed (alone -> mixed)", {p: f"{a} -> {b}" for p, (a, b) in changed.items()}),
    ):
        lines += ["", f"## {title}", ""]
        for (a, b), v in sorted(items.items()):
            lines.append(f"- **{v}** `{a[0]}`: {a[1]} / `{b[0]}`: {b[1]}")
    details.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\ndetails in {details}; total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
