"""End to end with the real model on the seeds: what the product promises, checked for real.

These load all-MiniLM-L6-v2 once per module (a few seconds) and run in CI. The perturbation tests
copy the seeds, change one fact, and require the report to show that conflict with the right two
sentences, having shown none before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crosscheck import report as render
from crosscheck.embed import Embedder, load_embedder
from crosscheck.pipeline import Options, build_report
from crosscheck.schema import Finding, Report, Role, Verdict

pytestmark = pytest.mark.realmodel

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def model() -> Embedder:
    return load_embedder(None)


@pytest.fixture(scope="module")
def seeds_report(model: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Report:
    index_dir = tmp_path_factory.mktemp("index")
    return _report_in(ROOT, Path("seeds"), index_dir, model)


def _report_in(cwd: Path, corpus: Path, index_dir: Path, model: Embedder) -> Report:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        return build_report([corpus], Options(index_dir=index_dir), embedder=model)


def _conflicts(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.verdict == Verdict.CONFLICT]


def test_committed_reports_are_up_to_date(seeds_report: Report) -> None:
    """The committed report is what the code produces now; regenerate with `make report`."""
    assert (ROOT / "reports/consistency.md").read_text() == render.to_markdown(seeds_report)
    assert (ROOT / "reports/consistency.json").read_text() == render.to_json(seeds_report)


def test_seeds_have_no_conflict(seeds_report: Report) -> None:
    assert _conflicts(seeds_report) == []


def test_seeds_anniversaries_agree_on_1948(seeds_report: Report) -> None:
    pairs = {
        frozenset((f.claim.doc_id, f.evidence.doc_id))
        for f in seeds_report.findings
        if f.verdict == Verdict.AGREE and "1948" in f.fact
    }
    assert frozenset({"seeds/000_d417f414a59f5b23.txt", "seeds/004_695de1ab44532986.txt"}) in pairs
    assert frozenset({"seeds/000_d417f414a59f5b23.txt", "seeds/001_23272d59b78fa6f4.txt"}) in pairs


def test_seeds_national_day_is_not_compared_with_the_founding(seeds_report: Report) -> None:
    for f in seeds_report.findings:
        texts = f.claim.text + f.evidence.text
        assert not ("72nd Chinese National Day" in texts and "73rd anniversary" in texts)


def test_seeds_first_in_24_years_agrees_with_since_2000(seeds_report: Report) -> None:
    derived = [
        (c.claim_value, c.evidence_value)
        for f in seeds_report.findings
        for c in f.comparisons
        if c.verdict == Verdict.AGREE and c.evidence_value
    ]
    assert any(
        {a.role, b.role} == {Role.GAP, Role.SINCE}
        and a.anchor == b.anchor == "2000"
        and "24 years" in (a.text + b.text)
        for a, b in derived
    )


def test_seeds_boilerplate_is_never_a_claim(seeds_report: Report) -> None:
    quoted = [f.claim.text for f in seeds_report.findings] + [
        r.text for r in seeds_report.single_source
    ]
    for junk in (
        "advertisement",
        "FEATURED STORIES",
        "Previous Story",
        "simplifies the market",
        "Today:",
        "mins read",
    ):
        assert not any(junk in text for text in quoted), junk


def test_report_is_byte_identical_on_a_rerun(
    seeds_report: Report, model: Embedder, tmp_path: Path
) -> None:
    again = _report_in(ROOT, Path("seeds"), tmp_path / "index", model)
    assert render.to_markdown(again) == render.to_markdown(seeds_report)


PERTURBATIONS = [
    pytest.param(
        "004_695de1ab44532986.txt",
        "the 76th anniversary of the founding",
        "the 77th anniversary of the founding",
        "77th anniversary",
        ("73rd anniversary", "76th anniversary"),
        id="ordinal",
    ),
    pytest.param(
        "002_c3029c03c2704193.txt",
        "mark the 75th anniversary of the establishment",
        "mark the 74th anniversary of the establishment",
        "74th anniversary",
        ("75th anniversary",),
        id="anniversary-of-relations",
    ),
    pytest.param(
        "004_695de1ab44532986.txt",
        "Putin visited Pyongyang in June",
        "Putin visited Pyongyang in April",
        "in April",
        ("in June",),
        id="month",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "changed", "others"), PERTURBATIONS)
def test_a_changed_fact_is_a_conflict_with_both_sentences(
    model: Embedder,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    changed: str,
    others: tuple[str, ...],
) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    target = corpus / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")
    report = _report_in(tmp_path, Path("seeds"), tmp_path / "index", model)
    conflicts = _conflicts(report)
    assert conflicts, f"no conflict after changing {old!r} to {new!r}"
    for f in conflicts:
        sides = {f.claim.doc_id: f.claim.text, f.evidence.doc_id: f.evidence.text}
        changed_id = f"seeds/{file}"  # an article's id is its path
        assert changed_id in sides
        assert changed in sides[changed_id]
        other = next(t for d, t in sides.items() if d != changed_id)
        assert any(o in other for o in others)
        assert any(c.verdict == Verdict.CONFLICT and c.reason for c in f.comparisons)
