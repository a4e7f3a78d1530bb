"""kg push and kg query --endpoint against a real Oxigraph server (the PyPI `oxigraph`
package's `oxigraph serve`, started here on 127.0.0.1): after a push every named query gives
the rows it gives locally; a re-push sends nothing, never duplicates, and deletes what went;
authentication is sent, and refused pushes say so."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT

FAMILIES = ROOT / "tests" / "fixtures" / "families"
SEED = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"
PARAMS = {"org-tree": ["-p", "root=千葉県"], "outside-bodies": ["-p", "home=千葉県"], "search": ["-p", "q=生成AI"],
          "council-overlap": ["-p", "min=1"]}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc=None, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def _start_oxigraph(location: Path, port: int) -> subprocess.Popen:
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph server (pip install oxigraph) is part of the test setup")
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc)
    return proc


@pytest.fixture()
def oxigraph(tmp_path):
    port = _port()
    proc = _start_oxigraph(tmp_path / "ox", port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=180, cwd=cwd)


@pytest.fixture()
def built(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    for f in ("chiba/r3-kekka.txt", "pref-gaiyo-fullnames.txt"):
        shutil.copy(FAMILIES / f, src / Path(f).name)
    shutil.copy(ROOT / "tests" / "fixtures" / "attendance" / "closed-meeting.txt", src)  # for closed-meetings
    out = tmp_path / "out"
    assert kg("build", src, "-o", out, "-q").returncode == 0
    return src, out


def _names() -> list[str]:
    from kg.query.named import library
    return sorted(library())


def test_every_named_query_gives_the_same_rows_remotely(oxigraph, built):
    _, out = built
    r = kg("push", "--endpoint", oxigraph + "/store", "--graph", out)
    assert r.returncode == 0, r.stderr
    assert "graphs sent" in r.stderr
    for name in _names():
        args = ["query", name, *PARAMS.get(name, []), "--format", "tsv", "-q"]
        local = kg(*args, "--graph", out)
        remote = kg(*args, "--endpoint", oxigraph + "/query")
        assert local.returncode == 0 and remote.returncode == 0, (name, local.stderr, remote.stderr)
        assert len(local.stdout.splitlines()) > 1, name  # a query with rows, not two empty answers
        assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines()), name
    params = kg("query", "initiatives", "-p", "speaker=今泉", "--format", "tsv", "-q", "--endpoint", oxigraph + "/query")
    assert params.stdout == kg("query", "initiatives", "-p", "speaker=今泉", "--format", "tsv", "-q", "--graph", out).stdout
    assert "今泉" in params.stdout and "荒川" not in params.stdout


def _quads(base: str) -> int:
    from kg.query.remote import RemoteStore
    rows = RemoteStore(base + "/query").query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return int(rows[0][0])


def _graph_blocks(trig: Path) -> dict[str, str]:
    """graph IRI → its block of graph.trig."""
    blocks, name = {}, None
    for line in trig.read_text(encoding="utf-8").splitlines():
        if line.startswith("<") and line.endswith(" {"):
            name = line[1:line.index(">")]
            blocks[name] = ""
        elif name is not None:
            blocks[name] += line + "\n"
    return blocks


def test_a_repush_sends_only_what_changed_and_never_duplicates(oxigraph, built, tmp_path):
    import pyoxigraph as ox
    src, out = built
    endpoint = oxigraph + "/store"
    assert kg("push", "--endpoint", endpoint, "--graph", out).returncode == 0
    local = sum(1 for _ in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert _quads(oxigraph) == local
    again = kg("push", "--endpoint", endpoint, "--graph", out)
    assert "0 graphs sent" in again.stderr and _quads(oxigraph) == local
    before = _graph_blocks(out / "graph.trig")
    (src / "r3-kekka.txt").unlink()
    changed = src / "pref-gaiyo-fullnames.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("研修を増やしてほしい", "研修を倍にしてほしい"),
                       encoding="utf-8")
    assert kg("build", src, "-o", out, "-q").returncode == 0
    after = _graph_blocks(out / "graph.trig")
    third = kg("push", "--endpoint", endpoint, "--graph", out)
    # the changed summary, the parts of the corpus tallies that changed and the union; the
    # removed summary's graph deleted; the other graphs (most tally parts) not sent again
    sent = [g for g, block in after.items() if before.get(g) != block]
    deleted = [g for g in before if g not in after]
    assert 3 <= len(sent) < len(after) - 2 and any("/tally/" in g for g in sent), sent
    assert f"{len(sent) + 1} graphs sent" in third.stderr and f"{len(deleted)} deleted" in third.stderr, third.stderr
    assert f"{len(after) - len(sent)} unchanged" in third.stderr
    local = sum(1 for _ in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert _quads(oxigraph) == local
    full = kg("push", "--endpoint", endpoint, "--graph", out, "--full")
    assert "0 unchanged" in full.stderr and _quads(oxigraph) == local


def test_a_wiped_store_is_filled_again_without_full(built, tmp_path):
    """The store is emptied and restarted between two pushes of the same build: the record says
    nothing changed, the store says it holds nothing, and the store wins."""
    import pyoxigraph as ox
    _, out = built
    port = _port()
    base = f"http://127.0.0.1:{port}"
    local = sum(1 for _ in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    graphs = len(_graph_blocks(out / "graph.trig"))
    proc = _start_oxigraph(tmp_path / "ox", port)
    try:
        assert kg("push", "--endpoint", base + "/store", "--graph", out).returncode == 0
        assert _quads(base) == local
        meetings = kg("query", "meetings", "--format", "tsv", "-q", "--endpoint", base + "/query").stdout
        built_here = kg("query", "meetings", "--format", "tsv", "-q", "--graph", out).stdout
        assert len(meetings.splitlines()) == len(built_here.splitlines()) == 1 + 4  # the build's four meetings
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    shutil.rmtree(tmp_path / "ox")
    proc = _start_oxigraph(tmp_path / "ox", port)
    try:
        assert _quads(base) == 0
        again = kg("push", "--endpoint", base + "/store", "--graph", out)
        assert again.returncode == 0, again.stderr
        assert f"{graphs + 1} graphs sent ({graphs + 1} the store had lost), 0 unchanged" in again.stderr
        assert _quads(base) == local
        assert kg("query", "meetings", "--format", "tsv", "-q", "--endpoint", base + "/query").stdout == meetings
        # one graph dropped behind kg's back: that one alone goes again
        first = next(iter(_graph_blocks(out / "graph.trig")))
        import httpx
        assert httpx.delete(base + "/store", params={"graph": first}).status_code in (200, 204)
        third = kg("push", "--endpoint", base + "/store", "--graph", out)
        assert f"1 graphs sent (1 the store had lost), {graphs} unchanged" in third.stderr, third.stderr
        assert _quads(base) == local
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_authentication_is_sent_and_a_refusal_is_clear(built):
    import base64

    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    _, out = built
    seen = []

    async def store(request):
        seen.append((request.method, request.headers.get("authorization")))
        want = "Basic " + base64.b64encode(b"alice:s3cret").decode()
        return Response(status_code=204 if request.headers.get("authorization") == want else 401)

    port = _port()
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/store", store, methods=["PUT", "DELETE"])]),
                                           host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        _wait(f"http://127.0.0.1:{port}/")
        endpoint = f"http://127.0.0.1:{port}/store"
        refused = kg("push", "--endpoint", endpoint, "--graph", out)
        assert refused.returncode == 2 and "401" in refused.stderr and "--auth" in refused.stderr
        assert "Traceback" not in refused.stderr
        ok = kg("push", "--endpoint", endpoint, "--graph", out, "--auth", "alice:s3cret")
        assert ok.returncode == 0, ok.stderr
        assert seen[-1][1].startswith("Basic ")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_an_unreachable_endpoint_is_a_clear_error(built):
    _, out = built
    port = _port()  # nothing listens there
    r = kg("push", "--endpoint", f"http://127.0.0.1:{port}/store", "--graph", out)
    assert r.returncode == 2 and "cannot reach" in r.stderr and "Traceback" not in r.stderr
    q = kg("query", "initiatives", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert q.returncode == 2 and "cannot reach" in q.stderr and "Traceback" not in q.stderr


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.org/store", "", "not a url"])
def test_a_bad_endpoint_address_is_a_clear_error(built, url):
    _, out = built
    for args in (["push", "--endpoint", url, "--graph", out], ["query", "initiatives", "--endpoint", url]):
        r = kg(*args)
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert "URL" in r.stderr
