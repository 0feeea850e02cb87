"""Rendering: the Markdown says what a reader needs, in a stable order, with the values marked."""

from __future__ import annotations

import datetime as dt
import json

from crosscheck import report as render
from crosscheck.schema import (
    Comparison,
    Counts,
    DateEvidence,
    Finding,
    Kind,
    Mention,
    Report,
    SentenceRef,
    Settings,
    Skipped,
    Source,
    Verdict,
)

A_TEXT = "The quake killed 12 people in *Aceh* on Monday."
B_TEXT = "The quake killed 15 people in Aceh on Monday."


def _ref(doc: str, text: str) -> SentenceRef:
    return SentenceRef(
        doc_id=doc,
        text=text,
        index=3,
        line=7,
        path=f"news/{doc}.txt",
        outlet="Outlet " + doc.upper(),
        published=dt.date(2024, 1, 2),
    )


def _mention(text: str, phrase: str, value: str) -> Mention:
    start = text.index(phrase)
    return Mention(
        start=start,
        end=start + len(phrase),
        text=phrase,
        kind=Kind.NUMBER,
        value=value,
        number=float(value),
        head="people",
    )


def _report() -> Report:
    comparison = Comparison(
        claim_value=_mention(A_TEXT, "12 people", "12"),
        evidence_value=_mention(B_TEXT, "15 people", "15"),
        verdict=Verdict.CONFLICT,
        reason='"12 people" = 12; "15 people" = 15: differ',
    )
    finding = Finding(
        verdict=Verdict.CONFLICT,
        claim=_ref("a", A_TEXT),
        evidence=_ref("b", B_TEXT),
        similarity=0.91234,
        comparisons=(comparison,),
        fact="",
    )
    sources = tuple(
        Source(
            id=d,
            path=f"news/{d}.txt",
            format="txt",
            sha256="x",
            outlet="Outlet " + d.upper(),
            published=dt.date(2024, 1, 2),
            date_evidence=DateEvidence.PRINTED_DATE,
            date_detail="January 2, 2024",
        )
        for d in ("a", "b")
    )
    return Report(
        settings=Settings(model="m", top_k=5, min_similarity=0.5),
        documents=sources,
        skipped=(Skipped(path="news/bad.jsonl", reason="line is not JSON", line=4),),
        findings=(finding,),
        counts=Counts(
            documents=2,
            sentences=9,
            claims=2,
            conflicts=1,
            agreements=0,
            unverified=0,
            single_source=0,
            skipped=1,
        ),
    )


def test_markdown_shows_conflict_with_both_quotes_values_and_reason() -> None:
    md = render.to_markdown(_report())
    assert md.startswith("# Consistency report\n")
    assert "## Conflicts (1)" in md
    assert "killed **12 people** in \\*Aceh\\* on Monday." in md
    assert "killed **15 people** in Aceh" in md
    assert "`a` (Outlet A, 2024-01-02), `news/a.txt` line 7" in md
    assert "differ" in md
    assert "printed_date: January 2, 2024" in md
    assert "`news/bad.jsonl` line 4: line is not JSON" in md


def test_markdown_orders_conflicts_before_agreements() -> None:
    md = render.to_markdown(_report())
    assert md.index("## Conflicts") < md.index("## Agreements") < md.index("## Unverified")


def test_json_is_the_model_dumped_with_the_documented_names() -> None:
    data = json.loads(render.to_json(_report()))
    assert {"id", "path", "published"} <= set(data["documents"][0])
    finding = data["findings"][0]
    assert finding["verdict"] == "conflict"
    assert finding["claim"]["doc_id"] == "a" and finding["claim"]["text"] == A_TEXT
    assert finding["evidence"]["doc_id"] == "b"
    assert {"claim_value", "evidence_value", "verdict", "reason"} <= set(finding["comparisons"][0])
    assert Report.model_validate(data) == _report()


def test_rendering_is_deterministic() -> None:
    assert render.to_markdown(_report()) == render.to_markdown(_report())
