"""Hand-judged ECB+ findings, kept as a regression table: how many of crosscheck's flags are right.

bench/ecbplus.py writes every finding of the 43 ECB+ topics to bench/out/ecbplus_findings.jsonl.
This script matches each flagged finding (conflict, disputed, update, corrected) with the
hand-judged table bench/data/ecbplus_judged.tsv and prints, per verdict, how many are judged
genuine; findings not in the table are printed as rows to judge, and judged rows no longer
found are listed as gone. With ``--agreements`` it does the same for a fixed random sample of
agreements against bench/data/ecbplus_agreements_judged.tsv (spurious ones are the count that
matters), and with ``--read`` it says which discrepancies found by reading the articles
(bench/data/ecbplus_read.tsv) crosscheck flags.

    .venv/bin/python bench/ecbplus.py && .venv/bin/python bench/judged.py
    .venv/bin/python bench/judged.py --agreements 100 --read
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

FINDINGS = Path("bench/out/ecbplus_findings.jsonl")
JUDGED = Path("bench/data/ecbplus_judged.tsv")
AGREEMENTS = Path("bench/data/ecbplus_agreements_judged.tsv")
READ = Path("bench/data/ecbplus_read.tsv")
FLAGGED = ("conflict", "corrected", "disputed", "update")
COLUMNS = ["topic", "verdict", "slot", "file_a", "value_a", "file_b", "value_b", "judgement"]
COLUMNS += ["reason"]
SEED = 20261129


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _shown(record: dict[str, Any]) -> dict[str, str]:
    """The comparison a finding is about, as table cells (files and values in a fixed order)."""
    f = record["finding"]
    c = next(c for c in f["comparisons"] if c["verdict"] == f["verdict"])
    sides = sorted(
        [
            (f["claim"]["doc_id"], c["claim_value"]["text"]),
            (f["evidence"]["doc_id"], c["evidence_value"]["text"]),
        ]
    )
    return {
        "topic": record["topic"],
        "verdict": f["verdict"],
        "slot": c.get("slot", ""),
        "file_a": sides[0][0],
        "value_a": sides[0][1],
        "file_b": sides[1][0],
        "value_b": sides[1][1],
    }


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[c] for c in COLUMNS[:7])


def _table(path: Path) -> dict[tuple[str, ...], dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {_key(row): row for row in csv.DictReader(handle, delimiter="\t")}


def _report(title: str, found: list[dict[str, str]], table: dict[tuple[str, ...], dict[str, str]]):
    judged = [table[_key(row)] for row in found if _key(row) in table]
    new = [row for row in found if _key(row) not in table]
    keys = {_key(row) for row in found}
    gone = [row for key, row in table.items() if key not in keys]
    print(f"\n{title}: {len(found)} found, {len(judged)} judged, {len(new)} not yet judged")
    by_verdict = Counter((row["verdict"], row["judgement"]) for row in judged)
    for verdict in sorted({row["verdict"] for row in found}):
        genuine = by_verdict[(verdict, "genuine")]
        total = sum(n for (v, _), n in by_verdict.items() if v == verdict)
        share = f"{genuine / total:.0%}" if total else "-"
        print(f"  {verdict:<10} judged {total:>3}  genuine {genuine:>3}  ({share})")
    for row in new:
        print("  NEW\t" + "\t".join(row[c] for c in COLUMNS[:7]) + "\t?\t?")
    for row in gone:
        print(f"  GONE\t{row['topic']}\t{row['verdict']}\t{row['slot']}\t{row['judgement']}")
    return judged


def _read_check(records: list[dict[str, Any]]) -> None:
    """Which discrepancies found by reading crosscheck flags (any verdict but agree)."""
    if not READ.exists():
        print(f"\n{READ} not found")
        return
    flagged = [
        (r["topic"], r["finding"])
        for r in records
        if r["finding"]["verdict"] in (*FLAGGED, "unverified")
    ]
    with READ.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    hits = 0
    print(f"\nDiscrepancies found by reading ({len(rows)}):")
    for row in rows:
        match = [
            f
            for topic, f in flagged
            if topic == row["topic"] and _states(f, row["value_a"]) and _states(f, row["value_b"])
        ]
        hits += bool(match)
        verdict = match[0]["verdict"] if match else "-"
        print(
            f"  {verdict:<10} {row['topic']} {row['class']:<12} {row['fact']}: "
            f"{row['value_a']!r} vs {row['value_b']!r}"
        )
    print(f"  flagged {hits} of {len(rows)}")


def _states(finding: dict[str, Any], value: str) -> bool:
    """Whether a finding compares a value written as ``value`` (either side, any pair of
    articles: the list read by hand gives one representative pair per pair of values)."""
    texts = [
        side["text"]
        for c in finding["comparisons"]
        if c["verdict"] == finding["verdict"]
        for side in (c["claim_value"], c["evidence_value"])
        if side
    ]
    return any(t in value or value in t for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=0, help="sample this many agreements")
    parser.add_argument("--read", action="store_true", help="check the discrepancies read by hand")
    parser.add_argument(
        "--seed", type=int, default=SEED, help="draw another sample (a fresh, unread one)"
    )
    args = parser.parse_args()
    records = _load(FINDINGS)
    flagged = [_shown(r) for r in records if r["finding"]["verdict"] in FLAGGED]
    _report("Flagged findings (conflict, corrected, disputed, update)", flagged, _table(JUDGED))
    if args.agreements:
        agreements = [_shown(r) for r in records if r["finding"]["verdict"] == "agree"]
        sample = random.Random(args.seed).sample(agreements, min(args.agreements, len(agreements)))
        judged = _report("Sample of agreements", sample, _table(AGREEMENTS))
        spurious = sum(1 for row in judged if row["judgement"] != "genuine")
        print(f"  spurious agreements in the judged sample: {spurious} of {len(judged)}")
    if args.read:
        _read_check(records)


if __name__ == "__main__":
    main()
