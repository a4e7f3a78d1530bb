"""Normalization of Japanese text for matching, with a map back to the original offsets.

Matching runs on NFKC text (full-width digits and brackets become ASCII, half-width kana
become full-width); evidence offsets must point into the original, so ``Normalized`` keeps,
for every normalized character, the offset of the original character it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters NFKC leaves alone that Japanese documents use interchangeably with ASCII ones.
_EXTRA = str.maketrans({"〜": "~", "−": "-", "‐": "-", "―": "-", "－": "-", "：": ":"})


@dataclass(frozen=True)
class Normalized:
    text: str
    origin: tuple[int, ...]  # origin[i] = offset in the original of normalized char i; len+1 entries

    def original_span(self, start: int, end: int, base: int = 0) -> tuple[int, int]:
        """Map a normalized [start, end) back to original offsets (plus ``base``)."""
        return base + self.origin[start], base + self.origin[end]


def _clusters(text: str):
    """Yield (offset, chunk): a base character with the combining marks that follow it."""
    i = 0
    while i < len(text):
        j = i + 1
        # Dakuten and handakuten, full- and half-width (ﾍﾟ is one ペ after NFKC).
        while j < len(text) and (unicodedata.combining(text[j]) or text[j] in "\u3099\u309a\uff9e\uff9f"):
            j += 1
        yield i, text[i:j]
        i = j


def normalize(text: str) -> Normalized:
    out: list[str] = []
    origin: list[int] = []
    for offset, chunk in _clusters(text):
        norm = unicodedata.normalize("NFKC", chunk).translate(_EXTRA)
        out.append(norm)
        origin.extend([offset] * len(norm))
    origin.append(len(text))
    return Normalized("".join(out), tuple(origin))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_EXTRA)
