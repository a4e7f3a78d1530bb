"""Small things a new user meets: kg build outside a checkout says how to name a folder, and
kg serve logs each request."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
import urllib.request

from helpers import serve


def test_build_outside_a_checkout_says_to_name_a_folder(tmp_path):
    for command in ("build", "check"):
        r = subprocess.run([sys.executable, "-m", "kg", command], capture_output=True, text=True, cwd=tmp_path,
                           timeout=120)
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert "data/minutes: no such folder here" in r.stderr and "name the files or folders" in r.stderr
    assert not any(tmp_path.iterdir())  # nothing written


def test_serve_logs_each_request(seed_build, tmp_path):
    _, graph = seed_build
    out = tmp_path / "access.log"
    with open(out, "w", encoding="utf-8") as access, \
            serve(graph, tmp_path / "serve.log", stdout=access) as base:
        query = urllib.parse.urlencode({"query": "ASK {}"})
        with urllib.request.urlopen(f"{base}/sparql?{query}", timeout=30) as r:
            assert r.status == 200
        try:
            urllib.request.urlopen(f"{base}/no-such-page", timeout=30)
        except urllib.error.HTTPError as err:
            assert err.code == 404
        deadline = time.time() + 10
        while time.time() < deadline and "no-such-page" not in out.read_text(encoding="utf-8"):
            time.sleep(0.1)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert any("127.0.0.1" in x and "GET /sparql?query=ASK" in x and " 200" in x for x in lines), lines
    assert any("GET /no-such-page" in x and " 404" in x for x in lines), lines
