"""Run crosscheck over ECB+ topics (real multi-outlet news) and print what it finds.

The point is to be read: every conflict listed here should be one a careful reader agrees with.
Prints one line per topic (sources, claims, conflicts, agreements, unverified, seconds) and
writes every conflict, disputed finding, update and correction, with both quotes and the
reason, to bench/out/ecbplus_conflicts.md, and every finding (agreements too) as JSON lines to
bench/out/ecbplus_findings.jsonl, which bench/judged.py samples and checks.

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


_FLAGGED = (Verdict.CONFLICT, Verdict.DISPUTED, Verdict.UPDATE, Verdict.CORRECTED)


def _conflicts_md(topic: str, report: Report) -> list[str]:
    """Every finding a reader must judge (conflicts, disputed, updates and corrections, within
    one source too), with both quotes and the reason, as the report shows them."""
    flagged = [f for f in report.findings if f.verdict in _FLAGGED]
    if not flagged:
        return []
    only = report.model_copy(update={"findings": tuple(flagged), "single_source": ()})
    body = render.to_markdown(only)
    start = body.index("## Conflicts")
    end = body.index("## Claims found in one source only")
    return [f"# {topic}", "", body[start:end]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="topic folder names (default: all)")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(
            f"ecbplus.py: no ECB+ corpus in {DATA.resolve()}: set CROSSCHECK_ECBPLUS to a folder "
            "with one folder of article files per topic (topic01/ ...), made from ECB+ "
            "(Cybulska and Vossen, LREC 2014, CC BY 3.0); this project reads it from "
            "../shared/data/ecbplus/"
        )
    topics = args.topics or sorted(p.name for p in DATA.iterdir() if p.is_dir())
    model = load_embedder(None)
    OUT.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    every: list[str] = []
    keys = ("sources", "claims", "conflicts", "disputed", "updates", "corrected", "agreements")
    totals = dict.fromkeys((*keys, "unverified", "within_source"), 0)
    print(
        f"{'topic':<10} {'sources':>7} {'claims':>6} {'conflicts':>9} {'disputed':>8} "
        f"{'update':>6} {'correct':>7} {'agree':>6} {'unverif':>7} {'within':>6} {'undated':>7} "
        f"{'sec':>5}"
    )
    for topic in topics:
        started = time.perf_counter()
        report = build_report(
            [DATA / topic], Options(index_dir=OUT / "ecbplus-index" / topic), embedder=model
        )
        c = report.counts
        undated = sum(1 for s in report.documents if s.published is None)
        print(
            f"{topic:<10} {c.documents:>7} {c.claims:>6} {c.conflicts:>9} {c.disputed:>8} "
            f"{c.updates:>6} {c.corrected:>7} {c.agreements:>6} {c.unverified:>7} "
            f"{c.within_source:>6} {undated:>7} {time.perf_counter() - started:>5.1f}"
        )
        for key, value in (
            ("sources", c.documents),
            ("claims", c.claims),
            ("conflicts", c.conflicts),
            ("disputed", c.disputed),
            ("updates", c.updates),
            ("corrected", c.corrected),
            ("agreements", c.agreements),
            ("unverified", c.unverified),
            ("within_source", c.within_source),
        ):
            totals[key] += value
        lines += _conflicts_md(topic, report)
        every += [
            f'{{"topic": "{topic}", "finding": {f.model_dump_json()}}}' for f in report.findings
        ]
    print("total      " + " ".join(f"{k}={v}" for k, v in totals.items()))
    (OUT / "ecbplus_findings.jsonl").write_text("\n".join(every) + "\n", encoding="utf-8")
    target = OUT / "ecbplus_conflicts.md"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"conflicts, disputed, updates and corrections written to {target}")


if __name__ == "__main__":
    main()
