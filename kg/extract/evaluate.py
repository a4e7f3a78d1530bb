"""Precision and recall of extraction against a hand-written gold list.

Compared as (statement position, kind, target) triples: does the graph say that statement N
names entity E / discusses theme T / names person P. Gold files are TSV:
``statement<TAB>kind<TAB>target``, ``#`` lines are comments; entities by Japanese name, themes
by key, people by name without spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import Mention
from kg.read.normalize import nfkc

Pair = tuple[int, str, str]
KINDS = ("entity", "theme", "person")


@dataclass(frozen=True)
class Scores:
    kind: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(path: str | Path) -> set[Pair]:
    pairs = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].isdigit() or parts[1] not in KINDS:
            raise InputError("expected: statement<TAB>entity|theme|person<TAB>target", path=path, line=n)
        pairs.add((int(parts[0]), parts[1], nfkc(parts[2])))
    return pairs


def found_pairs(mentions: list[Mention]) -> set[Pair]:
    return {(m.statement, m.kind, m.key) for m in mentions}


def score(found: set[Pair], gold: set[Pair], kinds=("entity", "theme", "all")) -> list[Scores]:
    out = []
    for kind in kinds:
        f = {p for p in found if kind in ("all", p[1])}
        g = {p for p in gold if kind in ("all", p[1])}
        out.append(Scores(kind, len(f & g), len(f - g), len(g - f)))
    return out


def score_by_target(found: set[Pair], gold: set[Pair], kind: str) -> list[Scores]:
    """One line per target of a kind (each theme): where extraction is right and where not."""
    targets = sorted({p[2] for p in found | gold if p[1] == kind})
    return [Scores(t, len({p for p in found & gold if p[1:] == (kind, t)}),
                   len({p for p in found - gold if p[1:] == (kind, t)}),
                   len({p for p in gold - found if p[1:] == (kind, t)})) for t in targets]


def coverage(statements: int, found: set[Pair], kind: str = "theme") -> float:
    """Share of statements with at least one find of a kind."""
    return len({p[0] for p in found if p[1] == kind}) / statements if statements else 0.0
