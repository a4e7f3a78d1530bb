"""The Diet's records from 国会会議録検索システム's public API (the meeting endpoint, JSON):
every meeting a search finds, saved as ``<issueID>.kokkai.json`` (the API's meetingRecord,
speeches in order) with its sources.csv row; kg/read/kokkai.py reads them for kg build."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlencode

from kg.atomic import atomic_write
from kg.errors import FetchError, KgError
from kg.fetch.client import Client
from kg.fetch.crawl import FetchReport, Note, _folder, _quiet
from kg.fetch.ledger import Ledger
from kg.fetch.links import Link
from kg.fetch.settings import FetchSettings
from kg.read.kokkai import MEDIA_TYPE, SUFFIX

DEFAULT_API = "https://kokkai.ndl.go.jp/api/meeting"
PAGE_SIZE = 10  # the most records the meeting endpoint returns at once
# The API's search parameters (its documentation); anything else is a typo to report.
PARAMETERS = ("any", "speaker", "nameOfHouse", "nameOfMeeting", "from", "until", "sessionFrom", "sessionTo",
              "issueFrom", "issueTo", "speakerPosition", "speakerGroup", "speakerRole", "speechNumber",
              "speechID", "issueID", "supplementAndAppendix", "contentsAndIndex", "searchRange", "closing")
_ID = re.compile(r"^[0-9A-Za-z]{1,40}$")


def check_parameters(params: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise KgError(f"unknown search parameter {', '.join(unknown)}; the API knows {', '.join(PARAMETERS)}")
    for key in ("from", "until"):
        if key in params:
            try:
                dt.date.fromisoformat(params[key])
            except ValueError:
                raise KgError(f"--{key} must be a date YYYY-MM-DD, not {params[key]!r}") from None
    if not params:
        raise KgError("a Diet search needs at least one parameter (--name, --from, --any …)")
    return params


def _answer(content: bytes, url: str) -> dict:
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FetchError("the API's answer is not JSON", path=url) from None
    if not isinstance(data, dict):
        raise FetchError("the API's answer is not a JSON object", path=url)
    if "meetingRecord" not in data:
        if data.get("message") or data.get("numberOfRecords") in (0, "0"):
            if data.get("numberOfRecords") in (0, "0"):
                return {"meetingRecord": []}
            raise FetchError(f"the API refused the search: {data.get('message')}"[:300], path=url)
        raise FetchError("the API's answer has no meetingRecord", path=url)
    return data


def fetch_kokkai(params: dict[str, str], folder: str | Path, settings: FetchSettings, api: str = DEFAULT_API,
                 dry_run: bool = False, note: Note = _quiet, client: Client | None = None) -> FetchReport:
    """Save every meeting record the search finds; a record saved before with the same bytes
    is left as it is."""
    check_parameters(params)
    out = _folder(folder, dry_run)
    report = FetchReport()
    ledger = None if dry_run else Ledger(out)  # a sources.csv it cannot add to stops the run before any request
    client = client or Client(settings)
    start, pages = 1, 0
    try:
        while start and pages < settings.max_pages:
            pages += 1
            url = api + "?" + urlencode({**params, "recordPacking": "json", "maximumRecords": PAGE_SIZE,
                                         "startRecord": start})
            data = _answer(client.get(url).content, url)
            for rec in data["meetingRecord"]:
                issue = str(rec.get("issueID", "")) if isinstance(rec, dict) else ""
                if not _ID.match(issue):
                    report.failures.append(FetchError(f"a meeting record without a usable issueID ({issue!r})",
                                                      path=url))
                    continue
                title = f"第{rec.get('session')}回国会 {rec.get('nameOfHouse')} {rec.get('nameOfMeeting')} " \
                        f"{rec.get('issue')}"
                source = str(rec.get("meetingURL") or "")
                if dry_run:
                    report.planned.append(Link("meeting", source, title))
                    note("planned", source, title)
                    continue
                name = issue + SUFFIX
                body = (json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
                path = out / name
                if path.exists() and path.read_bytes() == body:
                    report.unchanged.append(name)
                    note("unchanged", source, name)
                    continue
                atomic_write(path, body)
                assert ledger is not None, "a dry run saves nothing"
                ledger.record(name, url=source if source.startswith(("http://", "https://")) else "",
                              fetched=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                              sha256=hashlib.sha256(body).hexdigest(), content_type=MEDIA_TYPE, index_title=title)
                report.saved.append(name)
                note("saved", source, name)
            nxt = data.get("nextRecordPosition")
            start = int(nxt) if isinstance(nxt, int | str) and str(nxt).isdigit() and int(nxt) > start else 0
    except FetchError as exc:
        report.failures.append(exc)
        note("failed", exc.path or "", exc.message)
    finally:
        client.close()
    return report
