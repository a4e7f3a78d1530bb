"""Hostile and careless input: each defect found by fuzzing and attack, as a regression test.
(The endpoint's share is in test_endpoint.py.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib

import pytest
from helpers import SEED

from kg.atomic import JOURNAL, atomic_write_many, recover
from kg.errors import InputError
from kg.htmlsafe import script_json
from kg.read.source import read_source

SEED_TEXT = SEED.read_text(encoding="utf-8")


def kg(*args, timeout=60, **kw):
    """The real command in its own process, so that a hang is a failure, not a stuck run."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kw)


# -- 1. SERVICE makes the server fetch any address ----------------------------------------

def test_service_is_refused_with_a_clear_message(tmp_path):
    assert kg("build", SEED, "-o", tmp_path).returncode == 0
    r = kg("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "--graph", tmp_path)
    assert r.returncode == 2 and "SERVICE" in r.stderr and "Traceback" not in r.stderr
    r = kg("query", "select * { service silent ?x { ?s ?p ?o } }", "--graph", tmp_path)
    assert r.returncode == 2 and "turned off" in r.stderr
    ok = kg("query", 'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://y/>', "--graph", tmp_path)
    assert ok.returncode == 0, ok.stderr  # the word inside a string or a comment is no clause


# -- 2. Regular expressions that backtrack for minutes ------------------------------------

@pytest.mark.parametrize("text", [
    "会議\n" + " " * 10_000 + "x\n",                                          # a run of spaces (PDF layers)
    "テスト会議\n日時 令和6年5月1日\n出席者 " + "（" * 90_000 + "\n",            # an unclosed bracket
    "テスト会議\n日時 令和6年5月1日\n出席者 " + "【" * 90_000 + "\n",
    "テスト会議 議事概要\n1 日時 令和6年5月1日" + " " * 20_000 + "x\n【山田委員】\n・" + " 。" * 20_000 + "\n",
    "テスト会議\n日時 令和6年5月1日\n【山田委員】\n" + "あ。(" * 20_000 + "\n(1)" + " " * 10_000 + "y z\n",
], ids=["spaces", "paren", "bracket", "long-lines", "trailing-paren"])
def test_pathological_lines_finish(tmp_path, text):
    f = tmp_path / "x.txt"
    f.write_text(text, encoding="utf-8")
    r = kg("build", f, "-o", tmp_path / "out", timeout=60)  # it took 29 s to an hour before
    assert r.returncode in (0, 2) and "Traceback" not in r.stderr


def test_an_overlong_line_is_a_doubt(tmp_path):
    from kg.parse.document import parse
    from kg.read.source import read_source

    f = tmp_path / "x.txt"
    f.write_text("第1回 テスト会議 議事概要\n日時 令和6年5月1日\n【山田委員】\n・" + "あ" * 30_000 + "\n", encoding="utf-8")
    m = parse(read_source(f))
    assert any(d.field == "lines" and "30,001 characters" in d.message and d.line == 4 for d in m.doubts)


def test_a_file_too_large_to_be_a_summary_is_refused(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(("会議 " * 5_000_000).encode("utf-8"))
    with pytest.raises(InputError, match="too large"):
        read_source(f)


# -- 6. Data that breaks pages ------------------------------------------------------------

def test_embedded_json_cannot_end_its_script_element():
    value = {"t": "<!--<script>x</script>--> & \u2028\u2029 '\""}
    blob = script_json(value)
    assert not any(c in blob for c in "<>&\u2028\u2029")
    assert json.loads(blob) == value


# -- 7. PDF decompression bombs -----------------------------------------------------------

def _pdf_with_stream(content: bytes) -> bytes:
    stream = zlib.compress(content, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_pdf_decompression_bomb_is_a_clear_error(tmp_path):
    f = tmp_path / "bomb.pdf"
    f.write_bytes(_pdf_with_stream(b" " * 120_000_000))
    r = kg("build", f, "-o", tmp_path / "out")
    assert r.returncode == 2 and "bomb.pdf" in r.stderr and "Traceback" not in r.stderr


# -- 8. Encodings read wrongly ------------------------------------------------------------

@pytest.mark.parametrize("codec", ["iso2022_jp", "euc_jp", "utf-32", "cp932", "utf-16"])
def test_japanese_encodings_read_as_the_seed(tmp_path, codec):
    f = tmp_path / "s.txt"
    f.write_bytes(SEED_TEXT.encode(codec))
    assert read_source(f).text == SEED_TEXT


def test_utf7_is_refused_not_read_as_ascii(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes(SEED_TEXT.encode("utf-7"))
    with pytest.raises(InputError, match="UTF-7"):
        read_source(f)


def test_a_utf8_line_in_a_cp932_file_is_named(tmp_path):
    f = tmp_path / "s.txt"
    line = SEED_TEXT.splitlines()[7]  # 宮入委員、山口委員
    f.write_bytes(SEED_TEXT.encode("cp932").replace(line.encode("cp932"), line.encode("utf-8")))
    with pytest.raises(InputError, match="mixed encodings") as err:
        read_source(f)
    assert err.value.line == 8


def test_html_meta_charset_is_checked_against_the_bytes(tmp_path):
    f = tmp_path / "p.html"
    f.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><main><p>第1回 テスト会議 議事概要</p>'
                  '<p>日時 令和6年5月1日</p></main></body></html>'.encode("utf-8"))
    assert "第1回 テスト会議 議事概要" in read_source(f).text


def test_control_characters_name_the_line(tmp_path):
    f = tmp_path / "s.txt"
    f.write_bytes("一行目\n二行目\x07\n".encode("utf-8"))
    with pytest.raises(InputError, match="control") as err:
        read_source(f)
    assert err.value.line == 2


# -- 9. Interrupted builds ----------------------------------------------------------------

def test_an_interrupt_while_writing_leaves_the_old_files_and_no_temporary_file(tmp_path):
    (tmp_path / "a.ttl").write_text("old a")
    (tmp_path / "b.ttl").write_text("old b")

    class Interrupt(dict):
        def values(self):
            yield b"new a"
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_many(Interrupt({tmp_path / "a.ttl": None, tmp_path / "b.ttl": None}))
    assert (tmp_path / "a.ttl").read_text() == "old a" and (tmp_path / "b.ttl").read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl", "b.ttl"]


def test_a_swap_killed_halfway_is_completed_by_the_next_write(tmp_path):
    """SIGKILL between two renames: graph.ttl new, graph.trig old. The journal finishes it."""
    (tmp_path / "graph.ttl").write_text("new ttl")
    (tmp_path / "graph.trig").write_text("old trig")
    (tmp_path / ".graph.trig.x1.tmp").write_text("new trig")
    (tmp_path / ".graph.ttl.x2.tmp").write_text("stray from an earlier kill")
    (tmp_path / JOURNAL).write_text(json.dumps([[".graph.ttl.x0.tmp", "graph.ttl"],
                                                [".graph.trig.x1.tmp", "graph.trig"]]))
    recover(tmp_path)
    assert (tmp_path / "graph.trig").read_text() == "new trig"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "graph.ttl"]


def test_sigterm_during_a_build_keeps_outputs_whole(tmp_path):
    from corpus import make_corpus

    (tmp_path / "in").mkdir()
    make_corpus(tmp_path / "in", 30)
    out = tmp_path / "out"
    assert kg("build", SEED, "-o", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", tmp_path / "in", "-o", out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not list(out.glob(".*.tmp")):
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert not list(out.glob(".*.tmp")) and not (out / JOURNAL).exists()
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert set(after) == {"graph.ttl", "graph.trig"}
    # Either the old pair or the new pair, never one of each.
    same = [after[n] == before[n] for n in ("graph.ttl", "graph.trig")]
    assert same[0] == same[1]
    # No half-loaded store; the store in place is used only if it holds exactly these files.
    from kg.store.folder import current_store, read_stamp
    assert not (out / "store.new").exists()
    stamp = read_stamp(out / "store")
    assert current_store(out) is None or not stamp.get("dirty")


def test_a_signal_inside_mkstemp_leaves_no_temporary_file(tmp_path, monkeypatch):
    """SIGTERM (SystemExit) can land after mkstemp has made its file and before it returns the
    name: the write still leaves the old file and no temporary one (it failed under load)."""
    import tempfile

    from kg.atomic import atomic_files, atomic_write
    real = tempfile.mkstemp

    def interrupted(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        os.close(fd)
        raise SystemExit(143)

    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    monkeypatch.setattr(tempfile, "mkstemp", interrupted)
    for write in (lambda: atomic_write(target, b"new"),
                  lambda: atomic_files([target, tmp_path / "graph.trig"]).__enter__()):
        with pytest.raises(SystemExit):
            write()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
        assert target.read_bytes() == b"old"


def test_a_replaced_file_is_freed_later_and_a_leftover_is_recovered(tmp_path):
    """The old graph files are unlinked on a thread after the swap: readers see the new file at
    once, ``settle`` leaves nothing behind, and a hard link left by a kill (named like a
    temporary file) is removed by the next write's recovery."""
    from kg.atomic import atomic_files, settle
    target, other = tmp_path / "graph.ttl", tmp_path / "graph.trig"
    target.write_bytes(b"old")
    with atomic_files([target, other]) as out:
        out[target].write(b"new")
        out[other].write(b"trig")
    assert target.read_bytes() == b"new"
    settle()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "graph.ttl"]
    os.link(target, tmp_path / ".graph.ttl.999-0.old.tmp")  # as a kill before the unlink leaves it
    with atomic_files([target]) as out:
        out[target].write(b"newer")
    settle()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "graph.ttl"]
    assert target.read_bytes() == b"newer"
