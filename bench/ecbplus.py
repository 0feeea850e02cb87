"""Run crosscheck over ECB+ topics (real multi-outlet news) and print what it finds.

The point is to be read: every conflict listed here should be one a careful reader agrees with.
Prints one line per topic (sources, claims, conflicts, agreements, unverified, seconds) and
writes every conflict, with both quotes and the reason, to bench/out/ecbplus_conflicts.md.

    .venv/bin/python bench/ecbplus.py                 # all 43 topics
    .venv/bin/python bench/ecbplus.py topic01 topic12 # some
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from crosscheck import report as render
from crosscheck.embed import load_embedder
from crosscheck.pipeline import Options, build_report
from crosscheck.schema import Report, Verdict

DATA = Path(os.environ.get("CROSSCHECK_ECBPLUS", "../shared/data/ecbplus"))
OUT = Path("bench/out")


def _conflicts_md(topic: str, report: Report) -> list[str]:
    conflicts = [f for f in report.findings if f.verdict == Verdict.CONFLICT]
    if not conflicts:
        return []
    only = report.model_copy(update={"findings": tuple(conflicts), "single_source": ()})
    body = render.to_markdown(only)
    start = body.index("## Conflicts")
    end = body.index("## Agreements")
    return [f"# {topic}", "", body[start:end]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="topic folder names (default: all)")
    args = parser.parse_args()
    topics = args.topics or sorted(p.name for p in DATA.iterdir() if p.is_dir())
    model = load_embedder(None)
    OUT.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    totals = dict.fromkeys(("sources", "claims", "conflicts", "agreements", "unverified"), 0)
    print(
        f"{'topic':<10} {'sources':>7} {'claims':>6} {'conflicts':>9} {'agree':>6} "
        f"{'unverif':>7} {'undated':>7} {'sec':>5}"
    )
    for topic in topics:
        started = time.perf_counter()
        report = build_report(
            [DATA / topic], Options(index_dir=OUT / "ecbplus-index" / topic), embedder=model
        )
        c = report.counts
        undated = sum(1 for s in report.documents if s.published is None)
        print(
            f"{topic:<10} {c.documents:>7} {c.claims:>6} {c.conflicts:>9} {c.agreements:>6} "
            f"{c.unverified:>7} {undated:>7} {time.perf_counter() - started:>5.1f}"
        )
        for key, value in (
            ("sources", c.documents),
            ("claims", c.claims),
            ("conflicts", c.conflicts),
            ("agreements", c.agreements),
            ("unverified", c.unverified),
        ):
            totals[key] += value
        lines += _conflicts_md(topic, report)
    print("total      " + " ".join(f"{k}={v}" for k, v in totals.items()))
    target = OUT / "ecbplus_conflicts.md"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"conflicts written to {target}")


if __name__ == "__main__":
    main()
