"""Long lines cut where a field, a list mark or a speaker mark starts.

Some documents arrive as one line: a .txt whose fields are separated by runs of spaces, a PDF
text layer without line breaks, a table flattened into a row. Every later step reads line by
line, so such a line is cut, before the field labels (日 時, 2.場所, ■審議会委員), list and
section marks (●, ■) and speaker marks (○桑名会長, (事務局)) that follow a space or the end
of a sentence. The pieces keep their source offsets and their physical line number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.parse.lines import MAX_LINE, Line
from kg.parse.rules import rules

LONG = 160  # characters: shorter lines are left as they are


# what a line holding several fields or turns shows somewhere: wide gaps, marks, bars, numbered labels
_SIGNS = re.compile(r"\s\s|[●■□◆▼○〇◎◯|【]|\s\d{1,2}\s{0,2}[.．、)]|[(（][^()（）\s]{1,12}[)）]\s{0,4}\S|\S:\S")


@lru_cache(maxsize=1)
def _cut_re() -> re.Pattern:
    label = rules().label_pattern.replace("(?P<label>", "(?:")
    after_label = r"\s{0,4}(?:[:|]|\(|\s)"
    return re.compile(
        # a numbered or marked field label after a space: 2.場所 …, ■審議会委員
        r"(?<=[\s。」|])(?=(?:\d{1,2}(?:\s{0,2}[.．、)]|\s)|[■□●◆◇▼])\s{0,4}" + label + after_label + ")"
        # a bare field label after a run of spaces (  会 場  …), or after one space before a colon
        r"|(?<=\s\s)(?=" + label + after_label + ")"
        r"|(?<=\s)(?=" + label + r"(?:\s{0,2}:|\s))"
        # a section or list mark: ● 出席者, ■事務局
        r"|(?<=[\s。」|])(?=[●■□◆▼]\s{0,2}\S)"
        # a speaker mark: ○桑名会長, 〇事務局
        r"|(?<=[\s。」|])(?=[○〇◎◯]\s{0,2}[^\s\d])"
        # a bracketed speaker or group: (事務局) …, 【委員】
        r"|(?<=[。」|]|\s)(?=[(（【<〈][^()（）【】<>〈〉\s、。]{1,12}[)）】>〉]\s{0,4}\S)")


def split_long(lines: list[Line]) -> list[Line]:
    """``lines`` with each line of LONG characters or more cut at the starts of fields and turns."""
    out: list[Line] = []
    for line in lines:
        if len(line.raw) < LONG or not _SIGNS.search(line.norm):  # a long sentence has none of the signs
            out.append(line)
            continue
        cuts = [m.start() for m in _cut_re().finditer(line.norm[:MAX_LINE]) if m.start() > 0]
        if not cuts:
            out.append(line)
            continue
        starts = [0, *(line.span(c, c).start - line.start for c in cuts)]
        ends = [*starts[1:], len(line.raw)]
        for s, e in zip(starts, ends):
            if e > s:
                out.append(Line(line.number, line.start + s, line.start + e, line.raw[s:e]))
    return out
