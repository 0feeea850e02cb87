"""Terminal output for ``crosscheck query``: one panel per matching source, values highlighted."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from crosscheck.schema import QueryAnswer, QueryResult, Verdict

_STYLE = {
    Verdict.AGREE: "green",
    Verdict.CONFLICT: "bold red",
    Verdict.DISPUTED: "red",
    Verdict.CORRECTED: "magenta",
    Verdict.UPDATE: "cyan",
    Verdict.UNVERIFIED: "yellow",
    Verdict.RELATED: "dim",
}


def _result_panel(result: QueryResult) -> Panel:
    published = result.published.isoformat() if result.published else "date unknown"
    outlet = f"{result.outlet}, " if result.outlet else ""
    lines = [escape(result.text), ""]
    lines += [
        f"[{_STYLE[c.verdict]}]{c.verdict.value}[/]: {escape(c.reason)}" for c in result.comparisons
    ]
    if not result.comparisons:
        lines.append("[yellow]unverified[/]: no value of the claim is stated here")
    # The verdict and similarity first: a title too long for the terminal is cut at its end.
    # The source's path (its id) is the subtitle, with the line.
    title = (
        f"[{_STYLE[result.verdict]}]{result.verdict.value.upper()}[/]  similarity "
        f"{result.similarity:.3f}  {escape(outlet)}{published}"
    )
    subtitle = f"{escape(result.path)}:{result.line}"
    return Panel("\n".join(lines), title=title, title_align="left", subtitle=subtitle)


def print_answer(answer: QueryAnswer, console: Console | None = None) -> None:
    """Print a query's answer; relative values are explained once, above the results."""
    console = console or Console(highlight=False)
    values = ", ".join(f"{m.text!r} = {m.value}" for m in answer.claim_mentions) or "none"
    console.print(f"Claim: {escape(answer.claim)}")
    console.print(f"Checkable values: {escape(values)}")
    if answer.as_of:
        console.print(f"Relative dates read as of {answer.as_of.isoformat()} (--as-of).")
    else:
        console.print("Relative dates read as of each source's publication date (no --as-of).")
    if not answer.results:
        console.print("No matching sentence in the index.")
    for result in answer.results:
        console.print(_result_panel(result))
