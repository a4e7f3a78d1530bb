"""Issue 28, item 9: faults met in one line and leaving nothing behind. A full disk (here a
file-size limit: the same failed write, without a real full disk), a signal while the cache
is written, an edited text index, newlines in an echoed parameter, an unclosed comment at a
page's end, a client that leaves before its request is read."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from helpers import SEED
from test_endpoint import start_server
from test_endpoint_hostile import _wait_for


def _kg(*args, limit: int | None = None) -> subprocess.CompletedProcess:
    def small_files():  # writes past `limit` bytes fail with EFBIG, as a full disk fails them with ENOSPC
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=300, preexec_fn=small_files if limit else None)


def _temporary(folder) -> list:
    return [p for p in folder.rglob("*") if "tmp" in p.name or p.name.endswith(".new")]


@pytest.mark.parametrize("limit", [20_000, 60_000, 150_000, 250_000])
def test_a_full_disk_is_one_line_and_leaves_the_outputs_as_they_were(tmp_path, limit):
    out = tmp_path / "out"
    assert _kg("build", SEED, "-o", out).returncode == 0
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig")}
    r = _kg("build", SEED, "-o", out, "--full", limit=limit)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, r.stderr
    assert "File too large" in r.stderr and "Traceback" not in r.stderr
    assert _temporary(out) == []
    assert {name: (out / name).read_bytes() for name in before} == before


def test_a_first_build_on_a_full_disk_leaves_no_folder(tmp_path):
    r = _kg("build", SEED, "-o", tmp_path / "out", limit=60_000)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert not (tmp_path / "out").exists()


def test_a_signal_while_the_cache_is_written_leaves_no_temporary_file(tmp_path, monkeypatch):
    from kg.corpus.cache import Cache

    cache = Cache(tmp_path / "cache")

    def killed(*args):
        raise SystemExit(128 + signal.SIGTERM)  # what the CLI makes of SIGTERM
    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(SystemExit):
        cache.update_index(docs={})
    assert list((tmp_path / "cache").iterdir()) == []


def test_an_edited_text_index_is_not_trusted(tmp_path):
    out = tmp_path / "out"
    assert _kg("build", SEED, "-o", out).returncode == 0
    search = ("search", "-p", "q=千葉", "--graph", out, "--format", "csv")
    rows = _kg("query", *search).stdout.splitlines()
    assert len(rows) > 3
    db = sqlite3.connect(out / "store" / "texts.sqlite")
    db.execute("DELETE FROM texts WHERE rowid % 2 = 0")
    db.commit()
    db.close()
    assert _kg("query", *search).stdout.splitlines() == rows  # searched by reading every text


def test_a_newline_in_a_parameter_stays_escaped_in_the_echo(seed_build):
    r = _kg("query", "search", "-p", "q=千葉\n# injected", "--graph", seed_build[1], "--format", "csv")
    assert r.returncode == 0, r.stderr
    echo = [line for line in r.stderr.splitlines() if line.startswith("# search")]
    assert echo == ["# search: parameters q='千葉\\n# injected'"], r.stderr
    r = _kg("query", "search", "-p", "q=x", "-p", "bad\nname=1", "--graph", seed_build[1])
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "'bad\\nname'" in r.stderr, r.stderr


def test_an_unclosed_comment_at_the_end_of_a_page_is_not_text():
    from kg.read.html import read_page

    page = read_page("<html><body><main><p>議事の概要</p><p>委員から発言があった。</p>"
                     "<!-- <div class='x'>下書き</div> <p>未公開")
    assert page.text == "議事の概要\n\n委員から発言があった。\n"


def test_a_client_that_leaves_early_is_not_logged_as_an_error(seed_build, tmp_path):
    log = tmp_path / "server.log"
    proc = start_server(seed_build[1], log, "--workers", "1")
    try:
        _, port = _wait_for(log, proc)
        for _ in range(3):  # a body announced and never sent in full
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                          b"Content-Length: 1000\r\n\r\nSELECT")
                time.sleep(0.2)
        time.sleep(1)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:  # still serving
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert s.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "internal error" not in text, text


def test_no_stray_temporary_file_after_a_build(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    out = tmp_path / "out"
    assert _kg("build", folder, "-o", out).returncode == 0
    assert _temporary(out) == []
