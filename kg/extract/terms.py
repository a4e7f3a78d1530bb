"""Candidate theme terms of a corpus: compound nouns read by the morphological analyser and
scored by C-value (Frantzi, Ananiadou and Mima 2000) times their spread over meetings.

A compound is a run of nouns (with a prefix before and noun-like suffixes after), never a
number, a person's name or an adverbial time word (今後, 今年度). Every sub-run of a compound is
a candidate too, so that 地域公共交通 is counted inside 地域公共交通計画; C-value then lowers
a term that mostly occurs nested in longer ones. Generic words of council talk and names of
bodies are dropped by the rules of ``terms.toml``; written variants (デマンド型交通 /
デマンド交通) are grouped by the analyser's normalized forms."""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Set
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.parse.names import tokenizer
from kg.read.normalize import nfkc

TERMS_FILE = Path(__file__).with_name("terms.toml")
MAX_TOKENS = 5  # longest sub-run counted: longer compounds are rare and their parts enough
_KANA_ONLY = re.compile(r"[\u3040-\u309fー・]{1,40}")  # hiragana alone: こと, ため
_VARIANT_NOISE = re.compile(r"[型的のー・]")


@dataclass(frozen=True)
class TermRules:
    generic: frozenset[str]
    body_suffixes: tuple[str, ...]


@lru_cache(maxsize=1)
def term_rules() -> TermRules:
    data = tomllib.loads(TERMS_FILE.read_text(encoding="utf-8"))
    return TermRules(frozenset(data["generic"]), tuple(data["body_suffixes"]))


def _noun_like(pos: tuple[str, ...], first: bool) -> bool:
    if pos[0] == "名詞":
        return pos[1] not in ("数詞", "代名詞") and pos[2] not in ("人名", "副詞可能", "助数詞可能")
    if pos[0] == "接頭辞":
        return first
    return pos[0] == "接尾辞" and pos[1] == "名詞的" and not first


def compounds(text: str) -> list[list[tuple[str, str]]]:
    """Runs of noun-like morphemes, each as (surface, normalized form)."""
    runs: list[list[tuple[str, str]]] = []
    run: list[tuple[str, str]] = []
    for m in tokenizer().tokenize(nfkc(text)):
        pos = tuple(m.part_of_speech()[:4])
        if _noun_like(pos, not run):
            run.append((m.surface(), m.normalized_form()))
            continue
        if run:
            runs.append(run)
        run = [(m.surface(), m.normalized_form())] if _noun_like(pos, True) else []
    if run:
        runs.append(run)
    return runs


def variant_key(parts: list[tuple[str, str]]) -> str:
    """デマンド型交通 and デマンド交通 alike: normalized forms without 型/的/の/ー/・."""
    return _VARIANT_NOISE.sub("", "".join(norm for _, norm in parts))


@dataclass(frozen=True)
class Candidate:
    label: str  # the most frequent written form
    variants: tuple[str, ...]
    tokens: int
    occurrences: int
    statements: frozenset[int]  # indexes into the statement list given
    meetings: frozenset[str]
    cvalue: float
    alone: int  # occurrences not inside a longer candidate

    @property
    def score(self) -> float:
        """C-value × spread over meetings; a single word counts by its uses on its own, so that
        交通 inside デマンド交通 and 地域公共交通計画 does not outrank them."""
        single = self.alone / self.occurrences if self.tokens == 1 else 1.0
        return round(self.cvalue * math.log2(1 + len(self.meetings)) * single, 6)


def candidates(statements: list[tuple[str, str]], exclude: Set[str] = frozenset()) -> list[Candidate]:
    """Scored candidates of (meeting key, text) statements, best first; ``exclude``: names that
    are no theme (the council, its body)."""
    rules = term_rules()
    freq: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[str, set[int]] = defaultdict(set)
    meetings: dict[str, set[str]] = defaultdict(set)
    length: dict[str, int] = {}
    containers: dict[str, set[str]] = defaultdict(set)
    alone: Counter[str] = Counter()  # occurrences not inside a longer candidate
    for i, (meeting, text) in enumerate(statements):
        for run in compounds(text):
            spans = {}
            for a in range(len(run)):
                for b in range(a + 1, min(len(run), a + MAX_TOKENS) + 1):
                    surface = "".join(s for s, _ in run[a:b])
                    if _acceptable(surface, rules, exclude):
                        spans[(a, b)] = key = variant_key(run[a:b])
                        freq[key] += 1
                        forms[key][surface] += 1
                        where[key].add(i)
                        meetings[key].add(meeting)
                        length[key] = min(length.get(key, b - a), b - a)
            for (c, d), inner in spans.items():  # which candidates this one is nested in
                outer = {key for (a, b), key in spans.items() if a <= c and d <= b and (a, b) != (c, d)}
                containers[inner] |= outer - {inner}
                alone[inner] += not outer
    out = [Candidate(label=min(forms[k], key=lambda f: (-forms[k][f], f)),
                     variants=tuple(sorted(forms[k])), tokens=length[k], occurrences=freq[k],
                     statements=frozenset(where[k]), meetings=frozenset(meetings[k]),
                     cvalue=_cvalue(k, freq, length, containers[k]), alone=alone[k]) for k in freq]
    return sorted((c for c in out if c.cvalue > 0), key=lambda c: (-c.score, c.label))


def _acceptable(surface: str, rules: TermRules, exclude: Set[str]) -> bool:
    if len(surface) < 2 or surface in rules.generic or _KANA_ONLY.fullmatch(surface):
        return False
    if surface.endswith(rules.body_suffixes) or any(surface in name and name.startswith(surface) for name in exclude):
        return False  # ひばり市 and ひばり市地域公共交通会議 are the council, not its subject
    return not surface[0].isdigit()


def _cvalue(key: str, freq: Counter, length: dict[str, int], longer: set[str]) -> float:
    """log2(1 + tokens) × (frequency − mean frequency of the longer candidates containing it)."""
    nested = sum(freq[k] for k in longer) / len(longer) if longer else 0.0
    return math.log2(1 + length[key]) * (freq[key] - nested)
