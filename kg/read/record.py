"""The structured fields of a Diet record (kg/read/kokkai.py reads them; SourceText carries
them to the parser), apart from both so that the cache can rebuild them from their types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DietSpeech:
    order: int  # speechOrder
    speaker: str
    yomi: str | None
    group: str | None  # speakerGroup: the parliamentary group (会派)
    position: str | None  # speakerPosition: 委員長, デジタル大臣, 政府参考人 …
    role: str | None  # speakerRole: 証人, 参考人 …
    url: str | None
    start: int  # the speech in the composed text: start, end of its mark (○…　), end
    mark_end: int
    end: int


@dataclass(frozen=True)
class DietRecord:
    issue_id: str
    session: int
    house: str  # 衆議院, 参議院, 両院
    meeting: str  # nameOfMeeting: 内閣委員会
    issue: str  # 第3号
    date: dt.date
    url: str | None
    speeches: tuple[DietSpeech, ...]

    @property
    def council(self) -> str:
        return self.house + self.meeting

    @property
    def title(self) -> str:
        return f"第{self.session}回国会 {self.house} {self.meeting} {self.issue}"
