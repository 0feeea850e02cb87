"""Render a ``Report`` as Markdown that reads well on GitHub, or as JSON.

The Markdown puts what needs a human first (conflicts, each with both quotes and the reason),
then agreements grouped by fact, then what could not be settled. Nothing in it depends on the
clock or the machine, so the same inputs give byte-identical output and CI diffs mean something.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from crosscheck.language import values_readable
from crosscheck.schema import Finding, Mention, Report, SentenceRef, Source, Verdict

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_SPACE = re.compile(r"\s+")


def to_json(report: Report) -> str:
    """The report as JSON: the pydantic model dumped, so the shapes are the schema's."""
    return report.model_dump_json(indent=2) + "\n"


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def _highlight(text: str, mentions: Iterable[Mention]) -> str:
    """The sentence with the compared values in bold, so the eye finds them in the quote."""
    spans = sorted({(m.start, m.end) for m in mentions if text[m.start : m.end] == m.text})
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out += [_escape(text[pos:start]), f"**{_escape(text[start:end])}**"]
        pos = end
    out.append(_escape(text[pos:]))
    return "".join(out)


def _cite(ref: SentenceRef) -> str:
    outlet = f"{ref.outlet}, " if ref.outlet else ""
    date = ref.published.isoformat() if ref.published else "date unknown"
    where = "" if ref.path == ref.doc_id else f", `{ref.path}`"  # ids are paths, mostly
    return f"`{ref.doc_id}` ({_escape(outlet)}{date}){where} line {ref.line}"


def _quote(ref: SentenceRef, mentions: Iterable[Mention]) -> str:
    return f"> {_highlight(ref.text, mentions)}\n>\n> — {_cite(ref)}"


def _finding_block(f: Finding) -> list[str]:
    claim_values = [c.claim_value for c in f.comparisons]
    evidence_values = [c.evidence_value for c in f.comparisons if c.evidence_value]
    lines = [_quote(f.claim, claim_values), "", _quote(f.evidence, evidence_values), ""]
    lines += [f"- **{c.verdict.value}**: {_escape(c.reason)}" for c in f.comparisons]
    lines += [f"- similarity {f.similarity:.3f}"]
    if f.repeats:
        cited = "; ".join(f"`{r.doc_id}` line {r.line}" for r in f.also)
        lines += [f"- the same values for this fact in {f.repeats} more sentence pairs: {cited}"]
    lines += [""]
    return lines


def _date_found(source: Source) -> str:
    detail = f": {_escape(source.date_detail)}" if source.date_detail else ""
    return f"{source.date_evidence.value}{detail}"


def _sources_table(report: Report) -> list[str]:
    """The sources; a language column only when some source's values were not read for it."""
    unread = [s for s in report.documents if not values_readable(s.language)]
    language = " language |" if unread else ""
    lines = [
        f"| id | outlet | published | date from |{language} path |",
        "|---|---|---|---|" + ("---|" if unread else "") + "---|",
    ]
    for s in report.documents:
        published = s.published.isoformat() if s.published else "unknown"
        shown = f" {s.language or 'unknown'} |" if unread else ""
        lines.append(
            f"| `{s.id}` | {_escape(s.outlet or '')} | {published} | {_date_found(s)} |{shown} "
            f"`{s.path}` |"
        )
    if unread:
        count = f"{len(unread)} of {len(report.documents)}"
        lines += ["", f"Values are not read in the sources not written in English ({count})."]
    return lines + [""]


def _summary(report: Report) -> list[str]:
    c = report.counts
    return [
        "# Consistency report",
        "",
        f"{c.documents} sources, {c.sentences} sentences, {c.claims} claims (sentences with a "
        f"checkable number or date).",
        "",
        f"- **{c.conflicts} conflicts** between sources",
        f"- {c.disputed} disputed (values differ, probably about one fact; why is said)",
        f"- {c.updates} updates and {c.corrected} corrections (a later source changes a figure)",
        f"- {c.agreements} agreements",
        f"- {c.unverified} matches that could not be settled (unverified)",
        f"- {c.within_source} findings within one source (derived facts, self-contradictions)",
        f"- {c.single_source} claims found in one source only",
        f"- {c.skipped} inputs skipped",
        "",
        "## Sources",
        "",
    ]


def _section(title: str, findings: list[Finding], *, grouped: bool, folded: bool) -> list[str]:
    if not findings:
        return [f"## {title} (0)", "", "None.", ""]
    lines = [f"## {title} ({len(findings)})", ""]
    if folded:
        lines += ["<details><summary>Show them</summary>", ""]
    if grouped:
        for fact, group in groupby(findings, key=lambda f: f.fact):
            lines += [f"### {_escape(fact or 'other')}", ""]
            for f in group:
                lines += _finding_block(f)
    else:
        for n, f in enumerate(findings, 1):
            headline = next(c for c in f.comparisons if c.verdict == f.verdict)
            lines += [f"### {n}. {_escape(headline.claim_value.text)}", ""]
            lines += _finding_block(f)
    if folded:
        lines += ["</details>", ""]
    return lines


def _single_source(report: Report) -> list[str]:
    lines = [f"## Claims found in one source only ({len(report.single_source)})", ""]
    if not report.single_source:
        return lines + ["None.", ""]
    lines += ["<details><summary>Show them</summary>", ""]
    lines += [f"- {_escape(ref.text)} — {_cite(ref)}" for ref in report.single_source]
    return lines + ["", "</details>", ""]


def _skipped(report: Report) -> list[str]:
    if not report.skipped:
        return []
    lines = [f"## Skipped inputs ({len(report.skipped)})", ""]
    for s in report.skipped:
        where = f"`{s.path}`" + (f" line {s.line}" if s.line else "")
        lines.append(f"- {where}: {_escape(s.reason)}")
    return lines + [""]


def _settings(report: Report) -> list[str]:
    s = report.settings
    return [
        "## Settings",
        "",
        f"Model `{s.model}`, top-k {s.top_k}, minimum similarity {s.min_similarity}.",
        "",
    ]


def to_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown."""
    cross = [f for f in report.findings if f.claim.doc_id != f.evidence.doc_id]
    within = [f for f in report.findings if f.claim.doc_id == f.evidence.doc_id]
    by_verdict = {v: [f for f in cross if f.verdict == v] for v in Verdict}
    lines = _summary(report) + _sources_table(report)
    lines += _section("Conflicts", by_verdict[Verdict.CONFLICT], grouped=False, folded=False)
    lines += _section("Disputed", by_verdict[Verdict.DISPUTED], grouped=False, folded=False)
    changes = by_verdict[Verdict.CORRECTED] + by_verdict[Verdict.UPDATE]
    lines += _section("Updates and corrections", changes, grouped=False, folded=False)
    lines += _section("Agreements", by_verdict[Verdict.AGREE], grouped=True, folded=False)
    lines += _section("Unverified", by_verdict[Verdict.UNVERIFIED], grouped=False, folded=True)
    if within:
        lines += _section("Checked within one source", within, grouped=True, folded=False)
    lines += _single_source(report) + _skipped(report) + _settings(report)
    return "\n".join(lines).rstrip() + "\n"
