"""Score crosscheck.extract against the MEANTIME English corpus (TIMEX3 and VALUE markables).

Run from the repository root: ``.venv/bin/python bench/temporal.py``. Prints extent, type and
value scores and writes every miss, spurious hit and wrong value to bench/out/temporal_errors.txt.
See bench/README.md for the scoring choices and the figures.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from crosscheck.extract import extract  # noqa: E402
from crosscheck.ingest import infer_published  # noqa: E402
from crosscheck.schema import TIME_KINDS, Kind, Mention  # noqa: E402

CORPUS = ROOT / "data" / "meantime" / "intra_cross-doc_annotation"
ERRORS = ROOT / "out" / "temporal_errors.txt"

# Our number kinds against MEANTIME's VALUE types. MEANTIME calls bare counts ("six", "3,700")
# QUANTITY and does not annotate ordinals as values, so counts join quantities and ordinals are
# left out of the VALUE scores (neither hits nor spurious).
VALUE_TYPE = {
    Kind.MONEY: "MONEY",
    Kind.PERCENT: "PERCENT",
    Kind.QUANTITY: "QUANTITY",
    Kind.NUMBER: "QUANTITY",
}
# MEANTIME annotates TIMEX3 and VALUE only in the title (sentence 0), the date line (1) and the
# first four sentences of the body (2-5); one article also has two values in sentence 6. Mentions
# after that window are not scored (the extractor still reads the whole article).
ANNOTATED_SENTENCES = 5
NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "%", "'s", "’s", "n't", "?", "!", "'"}
NO_SPACE_AFTER = {"(", "$", "US$", "£", "€", "¥"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Article:
    name: str
    text: str
    created: dt.date | None
    creation_span: tuple[int, int] | None
    timex: list[Span]
    values: list[Span]
    window_end: int  # text offset where the annotated part of the article ends


def load(path: Path) -> Article:
    """Rebuild an article's text from its tokens, keeping each token's character offsets.

    Tokens are joined with light detokenization so that the extractor sees news text ("$40",
    "March 01, 2008"), not token soup. MEANTIME stores the pound sign as "#" (an encoding loss
    in the corpus), so a lone "#" token is given back as "£" (same length, offsets unchanged).
    """
    root = ET.parse(path).getroot()
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    sentence_end: dict[int, int] = {}
    length = 0
    previous: tuple[str, str] | None = None
    for token in root.iter("token"):
        word = token.text or ""
        word = "£" if word == "#" else word
        sentence = token.get("sentence", "")
        if previous is not None:
            sep = "\n" if previous[0] != sentence else " "
            if sep == " " and (word in NO_SPACE_BEFORE or previous[1] in NO_SPACE_AFTER):
                sep = ""
            parts.append(sep)
            length += len(sep)
        offsets[token.get("t_id", "")] = (length, length + len(word))
        sentence_of[token.get("t_id", "")] = int(sentence or 0)
        sentence_end[int(sentence or 0)] = length + len(word)
        parts.append(word)
        length += len(word)
        previous = (sentence, word)
    text = "".join(parts)
    created, creation_span = None, None
    timex: list[Span] = []
    values: list[Span] = []
    last_sentence = ANNOTATED_SENTENCES
    for markable in root.find("Markables") or []:
        if markable.tag not in ("TIMEX3", "VALUE"):
            continue
        ids = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        spans = [offsets[i] for i in ids if i in offsets]
        bounds = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None
        if markable.get("functionInDocument") == "CREATION_TIME":
            created = creation_date(markable.get("value", ""))
            creation_span = bounds
            continue
        if bounds is None:
            continue  # an implicit timex (no words): nothing for an extractor to find
        last_sentence = max(last_sentence, *(sentence_of[i] for i in ids if i in sentence_of))
        span = Span(
            *bounds,
            markable.get("type", ""),
            markable.get("value", ""),
            text[bounds[0] : bounds[1]],
        )
        (timex if markable.tag == "TIMEX3" else values).append(span)
    window_end = max((e for k, e in sentence_end.items() if k <= last_sentence), default=0)
    return Article(path.stem, text, created, creation_span, timex, values, window_end)


def creation_date(value: str) -> dt.date | None:
    """The article date; one file writes it day-first ("03-02-2009" for 2009-02-03)."""
    if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def published(art: Article) -> dt.date | None:
    """The date the extractor is given: the creation time, else the date crosscheck would infer.

    Two articles have no creation time, only a printed date line ("September 01, 2007"), which
    MEANTIME annotates as an ordinary date. crosscheck dates such an article from that line
    (``ingest.infer_published``), so the benchmark does too rather than read it undated.
    """
    return art.created or infer_published(art.text).date


def overlaps(a: Span | Mention, b: Span | Mention) -> bool:
    return a.start < b.end and b.start < a.end


def same_value(ours: str, theirs: str) -> bool:
    """TIMEX3 value equality, with the two spellings of a decade ("198X" and "198") equal."""
    return ours == theirs or (ours.endswith("X") and ours.rstrip("X") == theirs)


def match(gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of overlapping gold and system spans (exact spans first)."""
    pairs: list[tuple[Span, Span]] = []
    used: set[int] = set()
    for exact_pass in (True, False):
        for g in gold:
            if any(g is p[0] for p in pairs):
                continue
            for index, s in enumerate(system):
                hit = (s.start, s.end) == (g.start, g.end) if exact_pass else overlaps(g, s)
                if index not in used and hit:
                    pairs.append((g, s))
                    used.add(index)
                    break
    return pairs


def prf(hits: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_system if n_system else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fmt(name: str, hits: int, n_system: int, n_gold: int) -> str:
    p, r, f = prf(hits, n_system, n_gold)
    counts = f"({hits} / sys {n_system} / gold {n_gold})"
    return f"  {name:28} P {p:6.2%}  R {r:6.2%}  F1 {f:6.2%}   {counts}"


def context(text: str, start: int, end: int) -> str:
    return (
        text[max(0, start - 50) : start] + "[[" + text[start:end] + "]]" + text[end : end + 50]
    ).replace("\n", " ")


def main() -> int:
    began = time.perf_counter()
    counts: Counter[str] = Counter()
    errors: list[str] = []
    for path in sorted(CORPUS.glob("corpus_*/*.xml")):
        art = load(path)
        mentions = [
            m
            for m in extract(art.text, published(art))
            if m.start < art.window_end
            and not (art.creation_span and overlaps(m, Span(*art.creation_span, "", "", "")))
        ]
        sys_timex = [
            Span(m.start, m.end, m.kind.value.upper(), m.value, m.text)
            for m in mentions
            if m.kind in TIME_KINDS
        ]
        sys_values = [
            Span(m.start, m.end, VALUE_TYPE[m.kind], m.value, m.text)
            for m in mentions
            if m.kind in VALUE_TYPE
        ]
        errors.append(f"=== {art.name} (created {art.created}, published {published(art)})")
        score_timex(art, sys_timex, counts, errors)
        score_values(art, sys_values, counts, errors)
    report(counts)
    ERRORS.parent.mkdir(parents=True, exist_ok=True)
    ERRORS.write_text("\n".join(errors) + "\n", encoding="utf-8")
    print(
        f"\nerrors written to {ERRORS.relative_to(ROOT.parent)}; {time.perf_counter() - began:.1f}s"
    )
    return 0


def score_timex(art: Article, system: list[Span], counts: Counter[str], errors: list[str]) -> None:
    pairs = match(art.timex, system)
    counts["t_gold"] += len(art.timex)
    counts["t_sys"] += len(system)
    counts["t_relaxed"] += len(pairs)
    counts["t_strict"] += sum((g.start, g.end) == (s.start, s.end) for g, s in pairs)
    counts["t_type"] += sum(g.type == s.type for g, s in pairs)
    counts["t_value"] += sum(same_value(s.value, g.value) for g, s in pairs)
    matched_gold = {id(g) for g, _ in pairs}
    matched_sys = {id(s) for _, s in pairs}
    for g in art.timex:
        if id(g) not in matched_gold:
            errors.append(
                f"TIMEX MISS      {g.type:8} {g.value:14} {context(art.text, g.start, g.end)}"
            )
    for s in system:
        if id(s) not in matched_sys:
            errors.append(
                f"TIMEX SPURIOUS  {s.type:8} {s.value:14} {context(art.text, s.start, s.end)}"
            )
    for g, s in pairs:
        if not same_value(s.value, g.value):
            errors.append(
                f"TIMEX VALUE     gold {g.value} ours {s.value}  "
                f"{context(art.text, s.start, s.end)}  (gold: {g.text!r})"
            )
        elif g.type != s.type:
            errors.append(
                f"TIMEX TYPE      gold {g.type} ours {s.type}  {context(art.text, s.start, s.end)}"
            )


def score_values(art: Article, system: list[Span], counts: Counter[str], errors: list[str]) -> None:
    pairs = match(art.values, system)
    counts["v_gold"] += len(art.values)
    counts["v_sys"] += len(system)
    counts["v_relaxed"] += len(pairs)
    counts["v_strict"] += sum((g.start, g.end) == (s.start, s.end) for g, s in pairs)
    for kind in ("MONEY", "PERCENT", "QUANTITY"):
        gold = [g for g in art.values if g.type == kind]
        ours = [s for s in system if s.type == kind]
        counts[f"v_{kind}_gold"] += len(gold)
        counts[f"v_{kind}_sys"] += len(ours)
        counts[f"v_{kind}_hit"] += len(match(gold, ours))
    matched_gold = {id(g) for g, _ in pairs}
    matched_sys = {id(s) for _, s in pairs}
    for g in art.values:
        if id(g) not in matched_gold:
            errors.append(f"VALUE MISS      {g.type:8} {context(art.text, g.start, g.end)}")
    for s in system:
        if id(s) not in matched_sys:
            errors.append(
                f"VALUE SPURIOUS  {s.type:8} {s.value:14} {context(art.text, s.start, s.end)}"
            )
    for g, s in pairs:
        if g.type != s.type:
            errors.append(
                f"VALUE TYPE      gold {g.type} ours {s.type}  {context(art.text, s.start, s.end)}"
            )


def report(c: Counter[str]) -> None:
    print("MEANTIME English, 120 Wikinews articles (TIMEX3 without the creation time; VALUE)")
    print("\nTime expressions")
    print(fmt("strict extent", c["t_strict"], c["t_sys"], c["t_gold"]))
    print(fmt("relaxed extent", c["t_relaxed"], c["t_sys"], c["t_gold"]))
    print(fmt("value (TempEval-3)", c["t_value"], c["t_sys"], c["t_gold"]))
    type_acc = c["t_type"] / c["t_relaxed"] if c["t_relaxed"] else 0.0
    print(f"  {'type accuracy':28} {type_acc:6.2%} of {c['t_relaxed']} relaxed matches")
    print("\nVALUE mentions (money, percent, quantity incl. counts)")
    print(fmt("strict extent", c["v_strict"], c["v_sys"], c["v_gold"]))
    print(fmt("relaxed extent", c["v_relaxed"], c["v_sys"], c["v_gold"]))
    for kind in ("MONEY", "PERCENT", "QUANTITY"):
        print(
            fmt(
                f"relaxed {kind.lower()} (typed)",
                c[f"v_{kind}_hit"],
                c[f"v_{kind}_sys"],
                c[f"v_{kind}_gold"],
            )
        )


if __name__ == "__main__":
    raise SystemExit(main())
