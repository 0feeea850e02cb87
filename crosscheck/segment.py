"""Split a document into sentences, leaving out page furniture so that it never becomes a claim.

Scraped news text uses one line per paragraph, so lines are split first (a headline is its own
sentence) and pysbd splits within them. Boilerplate is recognized by category, not by the literal
strings of known sites: advertisement markers, navigation and teaser blocks, calls to action,
credits and captions, printed date lines, markup, and lines too short to say anything. Each
category is a small pattern list or a structural rule below, so another outlet's furniture is
caught by the same rules.

Offsets are exact: ``doc.text[s.start:s.end] == s.text`` for every sentence, because findings
point back into the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pysbd

from crosscheck.extract import MONTH, WEEKDAY
from crosscheck.ingest import date_only_line
from crosscheck.schema import Document, Sentence

# The version of these rules, stored with the index: bump it whenever a change here can split
# or drop text differently, so that indexes made before segment their documents again.
VERSION = "2"

# Without char_span: pysbd would compile one regex per sentence to find its offsets (half its time);
# _pysbd_spans finds them with str.find instead.
_SEGMENTER = pysbd.Segmenter(language="en", clean=False, char_span=False)

Span = tuple[int, int]

# Markers that a scraper glues to the paragraph after them ("Article continues after this
# advertisementState media ..."). They are cut out and the text on either side is kept. HTML tags
# are cut the same way, so "<p>Text</p>" keeps "Text".
_CUT = re.compile(
    r"(?:Article|Story) continues (?:below|after)(?: (?:this|the))? (?:advertisement|ad)"
    r"|Continue reading (?:below|the main story)"
    r"|Scroll (?:down )?to continue(?: with content)?"
    r"|\bADVERTISEMENT\b"
    r"|(?<![A-Za-z])Advertisement(?=[A-Z\"“‘]|\s*$)"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# Markdown and list markers in front of a line are not part of its sentence.
_LEAD = re.compile(r"^(?:#{1,6}\s+|[-*+•·▪]\s+|>\s*)+")

# Navigation headings that only close an article: everything after one is teasers, comments and
# footer, so the rest of the document is dropped (once some article text has been kept, so that a
# menu at the very top cannot swallow the article).
_END_HEADING = re.compile(
    r"(?:\d+\s+)?comments?|leave a (?:comment|reply)"
    r"|(?:previous|next|prev)\s+(?:story|article|post)|(?:latest|more) from\b[^:]{0,40}"
    r"|don['’]?t miss|you (?:may|might) also like|recommended(?: for you)?"
    r"|related(?: stories| articles| posts| news| content)?|posted in|filed under|tags?"
    r"|go\s*to\s*top|back to top|most (?:read|popular|viewed)|trending(?: now)?|read next"
    r"|share this(?: article| story| post)?",
    re.IGNORECASE,
)
_MIN_SENTENCES_BEFORE_END = 3

# Whole lines that are navigation or widget labels wherever they appear.
_NAV_LINE = re.compile(
    r"loading|did you know|advertisement|sponsored(?: content)?|latest news|top stories"
    r"|read more|continue reading|skip to (?:main )?content|sign in|log in|menu|home|print|e-?mail"
    r"|share|click here",
    re.IGNORECASE,
)
# Teasers: a label and a colon in front of another article's headline.
_TEASER = re.compile(
    r"^(?:featured stories|(?:more|latest) from\b[^:]{0,40}:"
    r"|(?:also |must )?read(?: more| next| also)?\s*:|see also\s*:"
    r"|related(?: stories| articles| news)?\s*:|more\s*:|watch\s*:|listen\s*:|recommended\s*:"
    r"|trending\s*:|suggested\s*:|opinion\s*:)",
    re.IGNORECASE,
)
# Calls to action and marketing copy.
_CALL_TO_ACTION = re.compile(
    r"^(?:subscribe|sign up|join now|join us|register now|download (?:the|our)|follow us"
    r"|(?:get|sign up for) (?:the|our) (?:latest|[\w ]{0,20}newsletter|app)|click here"
    r"|become a (?:member|subscriber))\b"
    r"|\bsmarter investing\b|\btrade (?:confidently|smarter)\b"
    r"|\bfree (?:trial|reports?|alerts?)\b|\bunlock (?:premium|full)\b"
    r"|\b(?:data|content) brought to you by\b|\bbrought to you by\b",
    re.IGNORECASE,
)
# Credits, captions and production notes.
_CREDIT = re.compile(
    r"^(?:images?|photos?|pictures?|video|graphics?|illustrations?)(?:\s+by|\s+courtesy|\s*:)"
    r"|^(?:(?:additional )?reporting|writing|editing|compiled) by\b"
    r"|^this (?:story|article|report|content|post) (?:was|has been|is) (?:auto-?)?"
    r"(?:generated|produced|written|created|compiled|prepared)\b"
    r"|\((?:[^()]{0,40}\s)?(?:photo|photos|image|picture|file photo)(?:[\s/:][^()]{0,40})?\)\s*$"
    r"|\b(?:getty images|via flickr|via wikimedia commons|shutterstock)\s*\.?$",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^(?:reading time:?\s*)?\d+\s*-?\s*(?:min|mins|minutes?)(?:\s+read(?:ing)?)?\.?$", re.I
)
_ATTRIBUTE = re.compile(r"[\w:-]+=\"[^\"]*\"?")
_URL = re.compile(r"https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_VERB_WORDS = frozenset(
    {
        *("is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can"),
        *("could", "may", "might", "must", "shall", "should", "do", "does", "did", "says", "said"),
    }
)
_MAX_FRAGMENT_WORDS = 3
_ATTRIBUTION = re.compile(
    r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\s(?:said|says|added|wrote|told \w+)\.", re.UNICODE
)
_SENTENCE_END = re.compile(r"[.!?…](?:\s?[\"”’')\]])*$")
_GLUED_BREAK = re.compile(r"\b[a-z]{2,}[.!?](?=[A-Z][a-z])")
_WEB_CHUNK = re.compile(r"www|https?:|[/@]")
# pysbd ends a sentence after "a.m."/"p.m." before any capitalised word; when that word dates the
# time (a weekday, a month, "today", a time zone), the two are one sentence.
_CLOCK_END = re.compile(r"\b[ap]\.\s?m\.$", re.IGNORECASE)
_DATE_START = re.compile(
    rf"(?:{WEEKDAY}|{MONTH}|Today|Tonight|Tomorrow|Yesterday|[A-Z]{{1,3}}T|UTC|GMT)\b"
)
# Characters given to pysbd at once: its time grows with the square of its input length, and
# paragraphs of real articles are far shorter, so only run-on lines are ever windowed.
_WINDOW = 4_000


def segment(doc: Document) -> list[Sentence]:
    """The sentences of ``doc`` in order, without boilerplate; ``mentions`` are left empty."""
    text = doc.text
    spans: list[Span] = []
    seen: set[str] = set()
    for piece in _pieces(text):
        chunk = text[piece[0] : piece[1]]
        if _END_HEADING.fullmatch(_bare(chunk)):
            if len(spans) >= _MIN_SENTENCES_BEFORE_END:
                break
            continue
        key = " ".join(chunk.split()).casefold()
        if key in seen or is_boilerplate(chunk):
            continue
        seen.add(key)
        spans.extend(s for s in _sentences(text, piece) if not _is_boilerplate_sentence(text, s))
    lines = _lines(doc, [start for start, _ in spans])
    return [
        Sentence(
            doc_id=doc.source.id,
            index=index,
            text=text[start:end],
            start=start,
            end=end,
            line=line,
        )
        for index, ((start, end), line) in enumerate(zip(spans, lines, strict=True))
    ]


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture rather than article text.

    Callers pass one line (a paragraph of scraped text); sentence punctuation, digits and verbs
    are what keep a short line in.
    """
    bare = _bare(line)
    if not any(ch.isalnum() for ch in bare):
        return True
    return (
        _NAV_LINE.fullmatch(bare) is not None
        or _END_HEADING.fullmatch(bare) is not None
        or _TEASER.match(line.strip()) is not None
        or _CALL_TO_ACTION.search(line.strip()) is not None
        or _CREDIT.search(line.strip()) is not None
        or _READING_TIME.match(line.strip()) is not None
        or date_only_line(line) is not None
        or _is_markup(line)
        or _is_fragment(line)
    )


def _bare(line: str) -> str:
    """The line without surrounding space and trailing label punctuation ("Posted In:")."""
    return line.strip().rstrip(":.?!… ").strip()


def _is_markup(line: str) -> bool:
    """Attribute soup from a broken tag, or a line that is mostly links."""
    if len(_ATTRIBUTE.findall(line)) >= 2:
        return True
    solid = len("".join(line.split()))
    linked = sum(len(m.group()) for m in _URL.finditer(line))
    return solid > 0 and linked * 2 >= solid


def _is_fragment(line: str) -> bool:
    """A very short line with no digit, no sentence punctuation and no verb-like word.

    Such a line ("Directory of Taiwan", a section name, a byline) states nothing checkable; a short
    headline keeps its verb ("Obama wins") and a short sentence keeps its full stop.
    """
    stripped = line.strip()
    words = _WORD.findall(stripped)
    if len(words) > _MAX_FRAGMENT_WORDS or _SENTENCE_END.search(stripped):
        return False
    if any(ch.isdigit() for ch in stripped):
        return False
    return not any(_verb_like(word) for word in words)


def _verb_like(word: str) -> bool:
    lower = word.lower()
    if lower in _VERB_WORDS or lower.endswith(("n't", "n’t")):
        return True
    return len(lower) > 3 and lower.endswith(("ed", "ing", "s")) and not lower.endswith("ss")


def _is_boilerplate_sentence(text: str, span: Span) -> bool:
    """Furniture that shares a line with article text ("... goal. READ: teaser")."""
    sentence = text[span[0] : span[1]]
    return (
        _TEASER.match(sentence) is not None
        or _CALL_TO_ACTION.search(sentence) is not None
        or _CREDIT.search(sentence) is not None
    )


def _pieces(text: str) -> Iterator[Span]:
    """Non-empty stripped spans of each line, with lead markers, ad markers and tags cut out."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        lead = _LEAD.match(line)
        cursor = start + (lead.end() if lead else 0)
        for cut in _CUT.finditer(text, cursor, end):
            yield from _stripped(text, cursor, cut.start())
            cursor = cut.end()
        yield from _stripped(text, cursor, end)
        start = end + 1


def _stripped(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _sentences(text: str, piece: Span) -> list[Span]:
    """pysbd's sentences of one piece as exact spans, with its false breaks joined again.

    pysbd breaks before a lowercase word ("9 a. m., Lyons said", "friendly… cooperation"), a
    comma, a lone closing quote, the second half of a spaced decimal ("magnitude-6. 1") or the
    attribution after a quote ('"...here. " Smith said.'); a sentence never starts that way, so
    such a piece is joined to the sentence before it.
    """
    chunk = text[piece[0] : piece[1]]
    spans: list[Span] = []
    for start, end in _windowed_spans(chunk):
        for s, e in _unglued(chunk, start, end):
            if spans and _continues(chunk, spans[-1], (s, e)):
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    return [(piece[0] + s, piece[0] + e) for s, e in spans]


def _windowed_spans(chunk: str) -> list[Span]:
    """pysbd's spans of a piece of any length, found ``_WINDOW`` characters at a time.

    pysbd's time grows with the square of its input (a 1 MB line without breaks took minutes), so a
    long piece is fed in windows. Each window's last sentence may be cut by the window's end, so it
    is not kept: the next window starts where it starts, and every kept boundary is one pysbd chose
    with the text around it in view. A window without any boundary is cut at its last space.
    """
    spans: list[Span] = []
    offset = 0
    while len(chunk) - offset > _WINDOW:
        found = _pysbd_spans(chunk[offset : offset + _WINDOW])
        if len(found) > 1:
            spans.extend((offset + s, offset + e) for s, e in found[:-1])
            offset += found[-1][0]
        else:
            space = chunk.rfind(" ", offset + _WINDOW // 2, offset + _WINDOW)
            cut = space if space > offset else offset + _WINDOW
            spans.append((offset, cut))
            offset = cut
    spans.extend((offset + s, offset + e) for s, e in _pysbd_spans(chunk[offset:]))
    return spans


def _pysbd_spans(chunk: str) -> list[Span]:
    """pysbd's sentences as spans, checked: if they do not tile the text, the piece is one sentence.

    Each sentence is looked for where the previous one ended, with only space between; pysbd can
    alter text, and a wrong offset would point a finding at the wrong words.
    """
    spans: list[Span] = []
    cursor = 0
    for sent in _SEGMENTER.segment(chunk):
        if not sent:
            continue
        start = chunk.find(sent, cursor)
        if start < 0 or chunk[cursor:start].strip():
            return [(0, len(chunk))]
        spans.append((start, start + len(sent)))
        cursor = start + len(sent)
    if not spans or chunk[cursor:].strip():
        return [(0, len(chunk))]
    return spans


def _unglued(chunk: str, start: int, end: int) -> Iterator[Span]:
    """The stripped span, split where a sentence end lost its space ("the north side.Four people").

    pysbd needs a space after the full stop. A lowercase word, a stop and a capitalised word is a
    sentence break glued by a scraper; initials ("N.Korea"), abbreviations ("Gov.Smith"), numbers
    ("Jan.1") and web addresses ("www.Example.com") do not take that shape or are left whole.
    """
    cursor = start
    for glue in _GLUED_BREAK.finditer(chunk, start, end):
        if not _in_web_address(chunk, glue.start()):
            yield from _stripped(chunk, cursor, glue.end())
            cursor = glue.end()
    yield from _stripped(chunk, cursor, end)


def _in_web_address(chunk: str, position: int) -> bool:
    """Whether ``position`` lies in a whitespace-delimited run that is a URL, path or e-mail."""
    left = max(chunk.rfind(" ", 0, position), chunk.rfind("\n", 0, position)) + 1
    right = len(chunk) if (space := chunk.find(" ", position)) < 0 else space
    return _WEB_CHUNK.search(chunk[left:right]) is not None


def _continues(chunk: str, previous: Span, current: Span) -> bool:
    first = chunk[current[0]]
    if first.islower() or first in ",;:)]”’":
        return True
    if _CLOCK_END.search(chunk, previous[0], previous[1]) and _DATE_START.match(chunk, current[0]):
        return True  # "about 6:48 p.m. Sunday where": the day belongs to the time
    text = chunk[current[0] : current[1]]
    if not any(ch.isalnum() for ch in text) or _ATTRIBUTION.fullmatch(text):
        return True
    return first.isdigit() and re.search(r"\d\.$", chunk[previous[0] : previous[1]]) is not None


def _lines(doc: Document, starts: list[int]) -> list[int]:
    """The 1-based file line of each offset (ascending), counting newlines once for them all.

    Counting from the top for every sentence was quadratic: minutes for a 50 MB article. A JSONL
    article sits on one line whatever it holds.
    """
    first = doc.source.line_offset + 1
    if doc.source.format == "jsonl":
        return [first] * len(starts)
    lines: list[int] = []
    line, position = first, 0
    for start in starts:
        line += doc.text.count("\n", position, start)
        position = start
        lines.append(line)
    return lines
