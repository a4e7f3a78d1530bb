"""A meeting record of the Diet's minutes (国会会議録検索システム's API), as ``kg fetch kokkai``
saves it (``*.kokkai.json``: one ``meetingRecord`` of the API's answer), read into text and the
structured fields of each speech.

The text is a short header and every speech in speech order, blank lines between; each speech
keeps its own characters, so every span in the graph points into text a reader can check
against the Diet's page. Who speaks is never guessed from the text: the API names the speaker,
the speaker's group (会派), position and role.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from kg.errors import InputError
from kg.read.record import DietRecord, DietSpeech
from kg.read.source import normalize_newlines

SUFFIX = ".kokkai.json"
MEDIA_TYPE = "application/json"
FRONT_MATTER = "会議録情報"  # speech 0 of every record: the front page (attendees, agenda), no speaker
_MARK = re.compile(r"○[^\s\u3000]{1,40}[\s\u3000]?")  # ○山田委員長　: the speaker's mark the speech opens with


def is_record(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIX)


def _text(value, what: str, path: Path, required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise InputError(f"Diet record without {what}", path=path)
        return None
    if not isinstance(value, str | int):
        raise InputError(f"Diet record: {what} must be text, not {type(value).__name__}", path=path)
    return str(value).strip() or None


def read_record(data: bytes, path: Path) -> tuple[str, DietRecord]:
    """(the composed text, the record). A file that is not a meeting record is an InputError."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a Diet record (JSON): {exc}"[:200], path=path) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("speechRecord"), list):
        raise InputError("not a Diet record: no speechRecord list", path=path)
    house, meeting = _text(raw.get("nameOfHouse"), "nameOfHouse", path), _text(raw.get("nameOfMeeting"),
                                                                             "nameOfMeeting", path)
    try:
        date = dt.date.fromisoformat(str(raw.get("date")))
        session = int(raw.get("session"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"Diet record: date {raw.get('date')!r} or session {raw.get('session')!r} "
                         "is not one", path=path) from None
    issue = _text(raw.get("issue"), "issue", path, required=False) or ""
    parts = [f"第{session}回国会 {house} {meeting} {issue}".rstrip(), f"開会日 {date.isoformat()}", ""]
    at = sum(len(p) + 1 for p in parts)
    speeches = []
    rows = sorted((s for s in raw["speechRecord"] if isinstance(s, dict)), key=lambda s: _order(s, path))
    for s in rows:
        speech = normalize_newlines(_text(s.get("speech"), "speech", path, required=False) or "")
        speaker = _text(s.get("speaker"), "speaker", path, required=False) or ""
        mark = _MARK.match(speech)
        if speaker and speaker != FRONT_MATTER:
            speeches.append(DietSpeech(
                order=_order(s, path), speaker="".join(speaker.split()),
                yomi=_text(s.get("speakerYomi"), "speakerYomi", path, required=False),
                group=_text(s.get("speakerGroup"), "speakerGroup", path, required=False),
                position=_text(s.get("speakerPosition"), "speakerPosition", path, required=False),
                role=_text(s.get("speakerRole"), "speakerRole", path, required=False),
                url=_text(s.get("speechURL"), "speechURL", path, required=False),
                start=at, mark_end=at + (mark.end() if mark else 0), end=at + len(speech)))
        parts.append(speech)
        parts.append("")
        at += len(speech) + 2
    if not speeches:
        raise InputError("Diet record without speeches", path=path)
    record = DietRecord(issue_id=_text(raw.get("issueID"), "issueID", path) or "", session=session,
                        house=house or "", meeting=meeting or "", issue=issue, date=date,
                        url=_text(raw.get("meetingURL"), "meetingURL", path, required=False), speeches=tuple(speeches))
    return "\n".join(parts), record


def _order(s: dict, path: Path) -> int:
    try:
        return int(s.get("speechOrder"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"Diet record: speechOrder {s.get('speechOrder')!r} is not a number", path=path) from None
