"""The fact model: what each value measures, and which articles tell one story.

``read_facts`` gives each mention of a sentence its slot (whose age, which event's date, which
outcome a count counts); ``story_of`` groups articles by the event they report;
``same_slot_pairs`` pairs the sentences of a story that fill one named slot; and
``weekday_mismatches`` finds a weekday printed beside a date it does not fall on.
"""

from crosscheck.facts.holders import Holder, sole_first_names
from crosscheck.facts.pairs import same_slot_pairs
from crosscheck.facts.slots import (
    Fact,
    age_years,
    ambiguous_holders,
    named_ages,
    read_facts,
    weekday_mismatches,
)
from crosscheck.facts.stories import story_of

__all__ = [
    "Fact",
    "Holder",
    "read_facts",
    "same_slot_pairs",
    "ambiguous_holders",
    "age_years",
    "named_ages",
    "sole_first_names",
    "story_of",
    "weekday_mismatches",
]
