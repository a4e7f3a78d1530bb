"""What kg fetch remembers in a folder (``.kg-fetch.json``): for each address it saved, the file,
its ETag and Last-Modified (the next run asks only whether it changed); for each page it read,
the links found (a page that did not change is not read again); and the run in progress, so an
interrupted run goes on where it stopped rather than asking again for what it already saved."""

from __future__ import annotations

import json
from pathlib import Path

from kg.atomic import atomic_write
from kg.errors import KgError

STATE_FILE = ".kg-fetch.json"
VERSION = 1


class State:
    def __init__(self, folder: Path):
        self.path = folder / STATE_FILE
        raw: dict = {}
        if self.path.exists():
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise KgError(f"not kg fetch's state (remove it to start afresh: {STATE_FILE})", path=self.path) \
                    from None
            if not isinstance(raw, dict) or raw.get("version") != VERSION:
                raise KgError(f"a state of another version (remove it to start afresh: {STATE_FILE})", path=self.path)
        self.files: dict[str, dict] = raw.get("files", {})  # address → file, etag, last_modified, sha256 …
        self.pages: dict[str, dict] = raw.get("pages", {})  # address → etag, last_modified, links
        self.run: dict | None = raw.get("run")  # targets, done: the run in progress
        self.resumed = False

    def begin(self, targets: list[str]) -> set[str]:
        """Start a run, or go on with an interrupted one of the same targets: the addresses it finished."""
        if self.run and self.run.get("targets") == targets:
            self.resumed = True
            return set(self.run.get("done", []))
        self.run = {"targets": targets, "done": []}
        return set()

    def done(self, url: str) -> None:
        assert self.run is not None, "a run is begun before addresses are done"
        if url not in self.run["done"]:
            self.run["done"].append(url)
        self.save()

    def finish(self) -> None:
        self.run = None
        self.save()

    def names(self) -> set[str]:
        return {f["file"] for f in self.files.values()}

    def save(self) -> None:
        data = {"version": VERSION, "files": self.files, "pages": self.pages, "run": self.run}
        atomic_write(self.path, (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
