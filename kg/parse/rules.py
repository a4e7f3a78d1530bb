"""The parse rules of ``rules.toml`` (posts, units, field labels, header layouts, speaker
forms, title decorations, attendee groups), loaded once and compiled on first use."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("rules.toml")


@dataclass(frozen=True)
class Rule:
    """One named line form with a description and example lines (run by the tests)."""

    name: str
    description: str
    pattern: re.Pattern
    examples: tuple[str, ...]


def _by_length(words) -> tuple[str, ...]:
    """Longest first, then in text order: 副参事 is tried before 参事, 課長補佐 before 課長."""
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def _spaced(label: str) -> str:
    """A label whose characters may be spaced out (日 時), as a regex."""
    return r"\s{0,4}".join(map(re.escape, label))


class Rules:
    def __init__(self, data: dict):
        self.data = data
        posts = data["posts"]
        self.member_roles = _by_length(posts["member"])
        self.official_posts = _by_length(posts["official"])
        self.affiliation_posts = _by_length(posts["affiliation"])
        self.post_prefixes = _by_length(posts["prefixes"])
        self.all_posts = _by_length([*self.member_roles, *self.official_posts, *self.affiliation_posts])
        self.unit_levels: dict[str, int] = data["units"]["levels"]
        self.unit_words = _by_length(self.unit_levels)
        fields = data["fields"]
        self.field_of = {label: kind for kind, labels in fields.items() for label in labels}
        groups = data["attendees"]
        self.member_groups = frozenset(groups["member_groups"])
        self.official_groups = frozenset(groups["official_groups"])
        self.other_groups = frozenset(groups["other_groups"])
        self.elsewhere = tuple(groups["elsewhere"])
        self.unnamed = re.compile(groups["unnamed"])
        title = data["title"]
        self.body_words = _by_length(title["body_words"])
        self.furniture = tuple(title["furniture"])
        self.title_examples = tuple(tuple(x) for x in title["examples"])
        self.boilerplate = tuple(data["page"]["boilerplate"])
        self.footer = tuple(data["page"]["footer"])

    @cached_property
    def label_pattern(self) -> str:
        labels = _by_length(self.field_of)
        return r"(?P<label>" + "|".join(_spaced(lab) for lab in labels) + ")"

    @cached_property
    def header_layouts(self) -> tuple[Rule, ...]:
        return tuple(Rule(e["name"], e["description"],
                          re.compile(e["pattern"].replace("{label}", self.label_pattern)), tuple(e["examples"]))
                     for e in self.data["header_layout"])

    @cached_property
    def speaker_forms(self) -> tuple[Rule, ...]:
        return tuple(Rule(e["name"], e["description"], re.compile(e["pattern"]), tuple(e["examples"]))
                     for e in self.data["speaker_form"])

    @cached_property
    def decorations(self) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p) for p in self.data["title"]["decorations"])

    @cached_property
    def body_word_re(self) -> re.Pattern:
        return re.compile("|".join(map(re.escape, self.body_words)))

    def unit_level(self, unit: str) -> int:
        return next((self.unit_levels[w] for w in self.unit_words if unit.endswith(w)), 5)

    def ends_with_unit(self, text: str) -> bool:
        return len(text) >= 2 and any(text.endswith(w) and len(text) > len(w) for w in self.unit_words)


@lru_cache(maxsize=1)
def rules() -> Rules:
    with RULES_FILE.open("rb") as f:
        return Rules(tomllib.load(f))
