"""Step 1 of a corpus build: read, parse and identify each summary, in worker processes,
unless the cache has it (same settings, path, bytes, sources.csv entry and folder)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace
from pathlib import Path

from kg.corpus.cache import Cache, Parsed, digest
from kg.corpus.parallel import workers
from kg.corpus.settings import Workspace
from kg.corpus.steps import find_sources, learned_names, read_minutes, source_roots
from kg.errors import InputError
from kg.people.sightings import roster_of
from kg.rdf.mapping import meeting_key
from kg.read.normalize import normalize
from kg.read.sources import entry_of


def parse_key(f: Path, fingerprint: str, roots: Set[Path], cache: Cache, folders: dict[Path, Path]) -> str | None:
    """``folders``: folders resolved so far (a corpus has many files a folder; resolving each
    file's took a tenth of a build with no change)."""
    sha = cache.source_sha256(f)
    if sha is None:
        return None  # reading it again gives the error, in its place
    folder = folders.get(f.parent) or folders.setdefault(f.parent, f.parent.resolve())
    return digest(fingerprint, f.as_posix(), sha, entry_of(f, folder), folder.name if folder not in roots else None)


def statements_text(minutes) -> str:
    """A summary's statements, normalized (as extraction matches them), one a line."""
    return "\n".join(normalize(s.text).text for s in minutes.statements)


def _parse_task(ws: Workspace, item: tuple[Path, str | None]):
    f, key = item
    try:
        minutes = read_minutes(f, ws.councils, ws.roots)
    except InputError as exc:
        return exc
    # key is None only for a file that could not be read, and then read_minutes failed too
    parsed = Parsed(key=key,  # type: ignore[arg-type]
 path=f, series=minutes.series, meeting_key=meeting_key(minutes),
                    sha256=minutes.source.sha256, learned=tuple(learned_names(ws.extractor, minutes)),
                    warnings=tuple(minutes.warnings), doubts=len(minutes.doubts),
                    doubt_fields=tuple(sorted({d.field for d in minutes.doubts})), roster=roster_of(minutes))
    if key is not None:
        ws.cache.save_parsed(key, parsed, minutes, statements_text(minutes))
    return parsed


def parse_all(paths: list, fingerprint: str, ws: Workspace, jobs: int | None, note):
    """(parsed summaries in file order, failures)."""
    files = find_sources(paths)
    roots = frozenset(source_roots(paths))
    ws = replace(ws, roots=roots)
    cache = ws.cache
    found: dict[Path, Parsed | InputError] = {}
    todo = []
    folders: dict[Path, Path] = {}
    for f in files:
        key = parse_key(f, fingerprint, roots, cache, folders)
        hit = cache.load_parsed_meta(key) if key else None
        if hit is not None:
            found[f] = hit
        else:
            todo.append((f, key))
    with workers(jobs, len(todo), ws) as imap:
        for n, ((f, _), got) in enumerate(zip(todo, imap(_parse_task, todo)), start=1):
            found[f] = got
            if isinstance(got, Parsed) and got.key:
                cache.mark_parsed(got.key)
            note("read", n, len(todo))
    parsed = [found[f] for f in files if isinstance(found[f], Parsed)]
    failures = [found[f] for f in files if isinstance(found[f], InputError)]
    return parsed, failures
