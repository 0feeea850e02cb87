"""Numbers that news writes but that state no checkable value: figures of speech and play.

A game clock ("with 2:31 left"), a game's quarter ("late in the third quarter" of a football
report), a score or a record ("the Chiefs (2-13)", "a 20-13 lead", "improved to 58-3"), the
emergency number ("called 911"), a gun's bore ("a 12-gauge shotgun"), "zero-day" and "100
percent sure" read like times, dates, counts and shares, and "117th Street" like an ordinal,
but no other report can contradict them as such: a time read off a game clock can never be the
time something happened. The extractor leaves them out, so that no later stage has to tell them
from claims.
"""

from __future__ import annotations

import re

from crosscheck.extract.grammar import Ctx, sentence_before
from crosscheck.schema import Kind, Mention

# "with 2:31 left", "11:43 remaining", "with 6:00 minutes remaining", "with 4:10 to play", "at
# 14:32 of the second period", "stopped it at 2:56" (of a round)
# (and "the under-16:00 timeout", told by the word before).
_PLAY_CLOCK_AFTER = re.compile(
    r"\s(?:(?:minutes?|seconds?)\s)?(?:left|remaining|to\splay|to\sgo)\b"
    r"|\s(?:of|into)\sthe\s(?:first|second|third|fourth|final)\s(?:period|quarter|half|round)\b",
    re.IGNORECASE,
)
# Words only a match report uses: they make "the third quarter" a game's, not a year's.
_GAME_WORDS = re.compile(
    r"\b(?:touchdowns?|quarterbacks?|field\sgoals?|interceptions?|intercepted|fumbled?"
    r"|halftime|half-time|end\szone|yard\sline|punts?|kickoff|free\sthrows?|three-pointers?"
    r"|rebounds|layups?|innings?|overtime|picked\soff|sacked|goalkeeper|penalty\skick"
    r"|\d+-yard|play(?:ed)?\sclock|scoreboard|(?:minutes?|seconds?)\s(?:left|remaining|to\splay))\b"
    r"|\d\sleft\b",
    re.IGNORECASE,
)
# "a fourth-quarter comeback", "another fourth quarter victory": what the quarter is of.
_GAME_NOUN_AFTER = re.compile(
    r"[\s-](?:comeback|victory|win|rally|touchdown|drive|lead|deficit|surge|collapse"
    r"|field\sgoal|interception|fumble|goal|basket|run)\b",
    re.IGNORECASE,
)
# A round or period of play named in the sentence: "stopped it at 2:56" of a round is a clock.
_ROUND_OF_PLAY = re.compile(
    r"\b(?:referee|knock(?:ed)?[\s-]?(?:him|her)[\s-]?(?:out|down)|knockout|bout|boxing|fight)\b",
    re.IGNORECASE,
)
_CLOCK_READING = re.compile(r"\d:\s?[0-5]\d")
_YEAR_IN_TEXT = re.compile(r"\d{4}|['’]\d\d")

_SCORE = re.compile(r"\d\s?[-–]\s?\d")
_SCORE_TAIL = re.compile(r"(?:\s?[-–]\s?\d+)*")
_TIED = re.compile(r"[-–]all\b")  # "a 12-all game"
# "(12-3)", "(10-5-1)" right after a name or after "game"/"season": a record or a score.
_PARENTHESIZED_SCORE = re.compile(r"\((?:\d{1,3}[-–]){1,2}\d{1,3}\)")
_SCORE_BEFORE_PAREN = re.compile(r"(?:[A-Z][\w.'’]*|game|season|match|night)\s$")
# The noun a score is the attribute of: "a 20-13 lead", "by a 44-26 margin", "a 3-1 win".
_SCORE_NOUN = re.compile(
    r"\s(?:lead|win|wins|victory|loss|losses|defeat|margin|record|triumph|rout"
    r"|score|halftime|advantage|deficit|edge|aggregate|draw|tie|shootout|overtime|setback"
    r"|upset|thrashing|drubbing|mark|start|season|run)\b"
)
# The verb a score or record follows, perhaps with the team beaten: "won 3-1", "lost 20-13 to",
# "improved to 58-3", "defeated Drake, 65-53", "to make it 19-12".
_SCORE_VERB = re.compile(
    r"\b(?:won|wins?|winning|beat|beats|beating|defeated|defeats?|lost|loses?|losing|trailed"
    r"|trailing|trails?|led|leads?|leading|tied|(?:improved?|improving|fell|falls?|dropped"
    r"|drops?|moved?|moves?|went|goes)\sto|record\sof|(?:by\s)?a\sscore\sof"
    r"|victory|win|loss|defeat|(?:make|makes|made|making)\sit|tops?|topped|edged?|edges"
    r"|routs?|routed|downs?|downed|blanks?|blanked)"
    r"(?:\s(?:the\s)?[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})?[\s,]+$",
    re.IGNORECASE,
)
# After the score: the end of the clause or a function word, never a counted noun ("won 20-25
# seats" is a count of seats).
_SCORE_END = re.compile(
    r"\s?[^\w\s]|\s(?:in|at|on|over|against|to|and|with|after|before|for|as|but|when|while"
    r"|[A-Z]\w*)\b|$"
)

# "called 911", "dialed 999", "a 911 dispatcher": the emergency number, no count.
_EMERGENCY = {911.0, 999.0, 112.0}
_DIAL_BEFORE = re.compile(
    r"\b(?:call(?:s|ed|ing)?|dial(?:s|l?ed|l?ing)?|phon(?:e|es|ed|ing)|r[ai]ng|ringing)\s$",
    re.IGNORECASE,
)
_EMERGENCY_NOUN_AFTER = re.compile(
    r"\s(?:calls?|callers?|dispatch\w*|operators?|cent(?:er|re)s?|system|emergency|line|tapes?"
    r"|recordings?)\b",
    re.IGNORECASE,
)
# "a 12-gauge shotgun", "a .45-caliber handgun": the bore of a gun names its make.
_BORE_AFTER = re.compile(r"[\s-](?:gauge|caliber|calibre)\b", re.IGNORECASE)

# "117th Street", "E. 52nd St.", "the 102nd Precinct", "the Fifth Circuit", "the 82nd Airborne":
# an ordinal (or a number: "10 Downing Street", "54 State St.") that is part of the name or the
# address of a street, a district, a court or a unit.
_PLACE_NAME_AFTER = re.compile(
    r"(?:st|nd|rd|th)?(?:\s[A-Z][\w'’-]*\.?){0,2}\s(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Place|Lane|Drive|Terrace|Parkway"
    r"|Precinct|District|Ward|Amendment|Circuit|Division|Regiment|Battalion|Brigade|Infantry"
    r"|Airborne|Fleet)\b"
)

# "100 percent sure", "give 110 percent": certainty and effort, no share of anything.
_CERTAINTY_AFTER = re.compile(
    r"\s(?:sure|certain|confident|committed|convinced|behind|healthy|fit|ready|focused|honest"
    r"|correct|right|wrong|true|positive|serious|satisfied|dedicated|invested|on\sboard"
    r"|effort)\b",
    re.IGNORECASE,
)
_GIVE_BEFORE = re.compile(r"\b(?:give|gives|gave|given|giving)\s(?:it\s|us\s|them\s|me\s)?$")


def figure_of_speech(ctx: Ctx, m: Mention) -> bool:
    """Whether a proposed mention states no value (see the module docstring)."""
    if m.kind is Kind.TIME:
        timeout = ctx.text[max(0, m.start - 6) : m.start].lower() == "under-"
        clock = _PLAY_CLOCK_AFTER.match(ctx.text, m.end) is not None or _round_clock(ctx, m)
        return timeout or clock
    if m.kind is Kind.DATE:
        return m.granularity == "quarter" and _game_quarter(ctx, m)
    if m.kind is Kind.DURATION:
        return m.value in ("P0D", "PT0H") and m.text[:5].lower() == "zero-"
    if m.kind is Kind.PERCENT:
        return m.number in (100.0, 110.0) and _certainty(ctx, m)
    if m.kind in (Kind.NUMBER, Kind.ORDINAL) and _PLACE_NAME_AFTER.match(ctx.text, m.end):
        return True
    if m.kind is Kind.NUMBER:
        return _score(ctx, m) or _emergency_number(ctx, m) or _bore(ctx, m)
    return False


def _round_clock(ctx: Ctx, m: Mention) -> bool:
    """ "stopped it at 2:56" in a story of a round or a game: a clock of play with nothing after
    it (no "a.m.", no zone, under ten minutes), read by the sentence around it."""
    if not _CLOCK_READING.fullmatch(m.text):
        return False
    if ctx.text[max(0, m.start - 3) : m.start].lower() != "at ":
        return False
    sentence = sentence_before(ctx, m.start, 200) + ctx.text[m.end : m.end + 200]
    return bool(_ROUND_OF_PLAY.search(sentence) or _GAME_WORDS.search(sentence))


def _game_quarter(ctx: Ctx, m: Mention) -> bool:
    """A quarter of play: no year written, and the sentence tells of a game."""
    if _YEAR_IN_TEXT.search(m.text):
        return False
    if _GAME_NOUN_AFTER.match(ctx.text, m.end):
        return True
    sentence = sentence_before(ctx, m.start, 200) + ctx.text[m.end : m.end + 200]
    return _GAME_WORDS.search(sentence) is not None


def _score(ctx: Ctx, m: Mention) -> bool:
    """A score or a win-loss record ("(12-3)", "a 44-26 margin", "improved to 58-3")."""
    text = ctx.text
    near = text[m.start : m.end + 2]
    if "-" not in near and "–" not in near:
        return False  # most numbers: no dash in or right after them
    tail = _SCORE_TAIL.match(text, m.end)
    end = tail.end() if tail else m.end
    if not _SCORE.search(text, m.start, end) and not _TIED.match(text, m.end):
        return False
    opening = text[max(0, m.start - 1) : m.start]
    if opening == "(" and _PARENTHESIZED_SCORE.match(text, m.start - 1):
        return _SCORE_BEFORE_PAREN.search(text, max(0, m.start - 30), m.start - 1) is not None
    if _SCORE_NOUN.match(text, end) or _TIED.match(text, m.end):
        return True
    before = sentence_before(ctx, m.start, 40)
    return _SCORE_VERB.search(before) is not None and _SCORE_END.match(text, end) is not None


def _emergency_number(ctx: Ctx, m: Mention) -> bool:
    if m.number not in _EMERGENCY or m.upper is not None:
        return False
    before = ctx.text[max(0, m.start - 12) : m.start]
    return bool(_DIAL_BEFORE.search(before) or _EMERGENCY_NOUN_AFTER.match(ctx.text, m.end))


def _bore(ctx: Ctx, m: Mention) -> bool:
    return _BORE_AFTER.match(ctx.text, m.end) is not None


def _certainty(ctx: Ctx, m: Mention) -> bool:
    before = ctx.text[max(0, m.start - 16) : m.start]
    return bool(_CERTAINTY_AFTER.match(ctx.text, m.end) or _GIVE_BEFORE.search(before))
