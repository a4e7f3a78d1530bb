"""The body of a summary: agenda items, speaker turns and statements.

Statements: one per bullet (・ ● ア ⑴ ① (1) 1.); an unmarked line after a bullet, even after a
blank line or a page break, continues it; in a turn without bullets each paragraph is one (in
PDF text, where list marks are lost, a line ending in 。 also ends one). Numbered lines outside
turns are agenda items. A document without any speaker gives statements without speaker.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from kg.model import AgendaItem, Doubt, Span, Statement, Turn
from kg.parse.header import AGENDA_MARK_RE, PROCEDURAL_RE, match_field
from kg.parse.items import BULLET_RE, NUMBERED_RE
from kg.parse.lines import Line, is_footer
from kg.parse.speakers import find_marker, is_heading
from kg.read.normalize import nfkc

MAX_STATEMENT = 5_000  # characters; a longer statement is cut into several (see bound_statements)
_SENTENCE_END = re.compile(r"[。．！？!?][」』）)]*")
_SOFT_END = re.compile(r"\n|[、，,;；]|\s")


def _cut(text: str, start: int, stop: int) -> int:
    """Where to end a piece of ``text`` that starts at ``start``: after the last sentence end
    in the second half of the window up to ``stop``, else after its last line break, comma or
    space, else at ``stop`` itself (moved back off a combining mark or selector, which must
    stay with its base character)."""
    low = start + (stop - start) // 2
    for rx in (_SENTENCE_END, _SOFT_END):
        ends = [m.end() for m in rx.finditer(text, low, stop)]
        if ends:
            return ends[-1]
    while stop > low and _clings(text[stop]):
        stop -= 1
    return stop


def _clings(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF \
        or ch in "\u200d\u3099\u309a"


def bound_statements(statements: list[Statement] | tuple[Statement, ...], text: str,
                     line_of=None) -> tuple[list[Statement], list[Doubt]]:
    """Statements of at most MAX_STATEMENT characters: a longer one (a PDF text layer without
    breaks, a page of one paragraph) becomes several consecutive statements of the same turn
    and agenda item, cut at sentence ends. Every character is kept (only the spaces at a cut
    fall between two statements), and the work of every later step is bounded per statement,
    whatever a page holds. A doubt names each statement cut."""
    out: list[Statement] = []
    doubts: list[Doubt] = []
    for s in statements:
        if len(s.text) <= MAX_STATEMENT:
            out.append(replace(s, position=len(out) + 1))
            continue
        pieces = 0
        start, end = s.span.start, s.span.end
        while start < end:
            stop = end if end - start <= MAX_STATEMENT else _cut(text, start, start + MAX_STATEMENT)
            a, b = start, stop
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(replace(s, position=len(out) + 1, text=text[a:b], span=Span(a, b)))
                pieces += 1
            start = stop
        doubts.append(Doubt("statements", f"a statement of {len(s.text):,} characters was cut into {pieces} "
                            f"statements of at most {MAX_STATEMENT:,} characters (at sentence ends, where it has them)",
                            line_of(s.span.start) if line_of else None))
    return out, doubts


def _sentence(line: Line) -> bool:
    return line.text.endswith(("。", "」"))


def _ends_sentence(text: str, end: int) -> bool:
    """``text[:end].rstrip().endswith(("。", "」"))`` without copying the text before ``end``
    (once per line, that copy made a long document quadratic)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] in "。」"


def _is_label(line: Line) -> bool:
    """A body label (主な意見:, 議事要旨) met inside the body: a heading, not content."""
    found = match_field(line)
    return found is not None and found[0] == "body" and not line.norm[found[2]:].strip()


_PAGE_MARK = re.compile(r"^\s{0,8}[-－—―]\s{0,4}\d{1,4}\s{0,4}[-－—―]\s{0,8}$")


class BodyReader:
    def __init__(self, text: str, agenda: list[AgendaItem], pdf: bool):
        self.text = text
        self.agenda = list(agenda)
        self.turns: list[Turn] = []
        self.statements: list[Statement] = []
        self.unread: list[Line] = []  # lines nothing recognized (outside turns, in a document with speakers)
        self._open: tuple[int, int] | None = None  # (start, end) of the statement being read
        self._open_is_bullet = False
        self._in_turn = False
        self._agenda: int | None = None
        self._pdf = pdf

    def _flush(self):
        if self._open:
            start, end = self._open
            turn = self.turns[-1].position if self.turns and self._in_turn else None
            self.statements.append(Statement(position=len(self.statements) + 1, text=self.text[start:end],
                                             span=Span(start, end), turn=turn, agenda_item=self._agenda))
        self._open = None

    def _start(self, line: Line, norm_start: int, bullet: bool, norm_end: int | None = None):
        start = line.span(norm_start, norm_start).start
        end = line.span(norm_end, norm_end).start if norm_end is not None else line.start + len(line.raw.rstrip())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start < end:
            self._open = (start, end)
            self._open_is_bullet = bullet

    def _new_agenda(self, line: Line, title_at: int):
        self._flush()
        self._in_turn = False
        title = line.norm[title_at:].strip()
        known = next((a for a in self.agenda if nfkc(a.title) == title), None)
        if known is None:
            sp = line.span(title_at, title_at + len(title))
            known = AgendaItem(len(self.agenda) + 1, self.text[sp.start:sp.end], sp)
            self.agenda.append(known)
        self._agenda = known.position

    def read(self, lines: list[Line], bare: dict[int, tuple] | None = None):
        """Read the body's lines; ``bare`` holds the turns of speaker lines without a mark."""
        bare = bare or {}
        markers = {ln.start: bare.get(ln.start) or find_marker(ln) for ln in lines if not ln.blank}  # read once
        first = next((m for ln in lines if (m := markers.get(ln.start))), None)
        # Opinions attributed at their end ((山崎委員長) closing the first bullet): the text outside
        # turns is read as in a summary without speakers, each bullet then given its speaker.
        has_speakers = first is not None and first[3] is None
        for line in lines:
            if line.blank:
                if self._open and not self._open_is_bullet:
                    self._flush()  # a blank line ends a paragraph, not a bullet
                continue
            if is_footer(line):
                break
            if _PAGE_MARK.match(line.norm):
                continue
            self._line(line, markers.get(line.start), has_speakers)
        self._flush()

    def _line(self, line: Line, marker, has_speakers: bool):
        t = line.norm
        if m := AGENDA_MARK_RE.match(t):
            self._new_agenda(line, m.start("title"))
            return
        if marker:
            speaker, span, rest, before = marker
            if before is not None:  # …ではないか。(中島環境部長): the text before ends the last statement
                if self._open:
                    self._open = (self._open[0], line.span(before, before).start)
                else:
                    self._start(line, 0, bullet=False, norm_end=before)
                if not self._in_turn:
                    # No speaker is open: the name closes its own bullet (○ …すべき。(山崎委員長)), as
                    # minutes that attribute each opinion at its end do.
                    self.turns.append(Turn(len(self.turns) + 1, speaker, span))
                    self._in_turn = True
                    self._flush()
                    self._in_turn = False
                    return
            self._flush()
            self._in_turn = True
            self.turns.append(Turn(len(self.turns) + 1, speaker, span))
            if rest is not None:
                self._start(line, rest, bullet=False)
            return
        if is_heading(line) or PROCEDURAL_RE.match(t) or _is_label(line):  # 【協議事項】, 午後三時二分散会, 主な意見:
            self._flush()
            self._in_turn = False
            return
        numbered = NUMBERED_RE.match(t)
        title = numbered.group("title") if numbered else None
        if numbered and title and (any(nfkc(a.title) == title for a in self.agenda) or has_speakers and not self._in_turn):
            self._new_agenda(line, numbered.start("title"))
            return
        if b := BULLET_RE.match(t):
            self._flush()
            if self._in_turn or not has_speakers or _sentence(line):
                self._start(line, b.end(), bullet=True)
            else:
                self.unread.append(line)
            return
        ended = self._open and not self._open_is_bullet and _ends_sentence(self.text, self._open[1])
        if ended and (self._pdf or line.raw[:1] in (" ", "\u3000")):
            # An indented line after a finished sentence opens a paragraph (字下げ); in PDF text,
            # which loses list marks and indents, a line ending in 。 ends one.
            self._flush()
        if self._open:
            self._open = (self._open[0], line.start + len(line.raw.rstrip()))
        elif self._in_turn or not has_speakers or _sentence(line):
            # outside any turn, a sentence (…について説明した。) is content without a speaker;
            # a note such as 事務局から資料を用いて説明 is not read
            self._start(line, 0, bullet=False)
        else:
            self.unread.append(line)
