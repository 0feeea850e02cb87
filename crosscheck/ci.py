"""Guarding a growing corpus: which findings should fail a build, and how to point at them.

A build should fail because of what a change brought in, not because of an old disagreement the
team has already seen; so with ``--changed``/``--since`` only findings that involve a new or
changed article count.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.schema import Finding, Report, SentenceRef, Source, Unchecked, Verdict

# --fail-on NAME fails on findings of that verdict or of any more pressing one.
_PRESSING = (
    Verdict.CONFLICT,
    Verdict.CORRECTED,
    Verdict.DISPUTED,
    Verdict.UPDATE,
    Verdict.UNVERIFIED,
)
FAIL_ON = {v.value: frozenset(_PRESSING[: i + 1]) for i, v in enumerate(_PRESSING)}


def git_changed_files(ref: str, cwd: Path | None = None) -> list[Path]:
    """Files added or modified since ``ref`` (committed or not), plus untracked ones.

    Both lists are asked for from the top of the work tree and NUL-separated, so names are
    relative to the top wherever crosscheck runs and are never quoted (as git quotes "café").
    """
    try:
        top = Path(_git(["git", "rev-parse", "--show-toplevel"], cwd).strip())
        commands = [
            ["git", "diff", "-z", "--name-only", "--diff-filter=AMR", ref, "--"],
            ["git", "ls-files", "-z", "--others", "--exclude-standard"],
        ]
        names = [name for cmd in commands for name in _git(cmd, top).split("\0") if name]
    except FileNotFoundError as err:
        raise InputError("--since needs git, which is not installed") from err
    return [top / name for name in names]


def _git(cmd: list[str], cwd: Path | None) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise InputError(f"{' '.join(cmd[:2])}: {message}")
    return done.stdout


def changed_ids(
    documents: Sequence[Source], files: Iterable[Path], *, require_all: bool = False
) -> frozenset[str]:
    """Ids of the documents whose file is among ``files``.

    A document's path is shown relative to where it was found, so it is matched as the tail of
    the file's absolute path, wherever crosscheck runs. With ``require_all`` (files named by
    hand with ``--changed``), a file that is no document is an error: a typo must not turn the
    check off.
    """
    ids: set[str] = set()
    for file in files:
        parts = file.resolve().parts
        matched = {
            s.id
            for s in documents
            if parts[-len(Path(s.path).parts) :] == Path(s.path).parts
        }
        if require_all and not matched:
            raise InputError(f"--changed {file}: not an article of this corpus")
        ids |= matched
    return frozenset(ids)


def failing(report: Report, fail_on: str, changed: frozenset[str] | None) -> list[Finding]:
    """Findings of the chosen kinds, limited to changed documents when a change set is given."""
    verdicts = FAIL_ON[fail_on]
    return [
        f
        for f in report.findings
        if f.verdict in verdicts
        and (changed is None or f.claim.doc_id in changed or f.evidence.doc_id in changed)
    ]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _sides(finding: Finding, changed: frozenset[str] | None) -> tuple[SentenceRef, SentenceRef]:
    """(the sentence to point at, the other one): the new article's sentence when there is one."""
    if (
        changed is not None
        and finding.evidence.doc_id in changed
        and (finding.claim.doc_id not in changed)
    ):
        return finding.evidence, finding.claim
    return finding.claim, finding.evidence


def github_annotations(findings: Sequence[Finding], changed: frozenset[str] | None) -> list[str]:
    """GitHub workflow commands that put each finding on the line of the new article."""
    lines = []
    for f in findings:
        here, other = _sides(f, changed)
        level = "error" if f.verdict in (Verdict.CONFLICT, Verdict.CORRECTED) else "warning"
        reasons = "; ".join(c.reason for c in f.comparisons if c.verdict == f.verdict)
        message = (
            f'{reasons}. {other.doc_id} ({other.published or "date unknown"}) says: "{other.text}"'
        )
        lines.append(
            f"::{level} file={_escape_property(here.path)},line={here.line},"
            f"title={_escape_property(f'crosscheck {f.verdict.value}')}::{_escape_data(message)}"
        )
    return lines


def text_lines(findings: Sequence[Finding], changed: frozenset[str] | None) -> list[str]:
    """Plain text, one block per finding, for a terminal or a CI log."""
    lines = []
    for f in findings:
        here, other = _sides(f, changed)
        lines += [
            f"{f.verdict.value.upper()} {here.path}:{here.line}",
            f"  {here.doc_id}: {here.text}",
            f"  {other.doc_id} ({other.path}:{other.line}): {other.text}",
        ]
        lines += [f"  - {c.verdict.value}: {c.reason}" for c in f.comparisons]
    return lines


def unchecked(report: Report, changed: frozenset[str] | None) -> list[Unchecked]:
    """The new or changed articles that could not be checked, and why: CI must tell "agrees"
    from "could not be read". Without a change set, every article is considered."""
    claims: dict[str, int] = {}
    for ref in report.single_source:
        claims[ref.doc_id] = claims.get(ref.doc_id, 0) + 1
    compared = {r.doc_id for f in report.findings for r in (f.claim, f.evidence)}
    result = []
    for source in report.documents:
        if changed is not None and source.id not in changed:
            continue
        reasons = []
        if source.published is None:
            reasons.append("no publication date: its relative dates cannot be resolved")
        if source.id not in compared and not claims.get(source.id):
            reasons.append("no checkable number or date was found in it")
        elif source.id not in compared:
            reasons.append("no other source states any of its values")
        if reasons:
            result.append(Unchecked(doc_id=source.id, path=source.path, reasons=tuple(reasons)))
    return result


def unchecked_lines(items: Sequence[Unchecked], github: bool) -> list[str]:
    """One line per article that could not be checked (a ``::warning`` on GitHub)."""
    if github:
        return [
            f"::warning file={_escape_property(u.path)},"
            f"title={_escape_property('crosscheck: not checked')}::"
            f"{_escape_data('; '.join(u.reasons))}"
            for u in items
        ]
    return [f"NOT CHECKED {u.path}: {'; '.join(u.reasons)}" for u in items]
