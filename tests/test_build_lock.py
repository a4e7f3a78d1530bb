"""One build at a time in an outputs folder (issue 28, item 5): a second `kg build` into the
same folder is refused with one line and exit 2, and the first one's outputs stay whole."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.atomic import exclusive
from kg.errors import FolderBusy

ROOT = Path(__file__).resolve().parent.parent


def kg(*args, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import make_corpus

    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder, 30)  # a build of a few seconds
    return folder


def _locked(folder: Path) -> bool:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _whole(out: Path) -> int:
    """The outputs parse, and the store answers with the graph file's meetings."""
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    ox.Store().bulk_load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    meetings = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a <https://w3id.org/kaigi-kg/ontology#Meeting> }"
    n = int(next(iter(store.query(meetings)))["n"].value)
    r = subprocess.run([sys.executable, "-m", "kg", "query", meetings, "--graph", str(out), "--format", "csv"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0 and r.stdout.split() == ["n", str(n)], r.stderr
    return n


def test_a_second_build_into_the_same_folder_is_refused_in_one_line(tmp_path, corpus):
    out = tmp_path / "out"
    first = kg("build", corpus, "-o", out)
    deadline = time.monotonic() + 60
    while not _locked(out):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.01)
    second = kg("build", corpus, "-o", out)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "another kg build is writing" in err and str(out) in err
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert _whole(out) == 30
    third = kg("build", corpus, "-o", out)  # the lock went with the first build
    assert third.wait(timeout=300) == 0


def test_builds_started_together_never_interleave(tmp_path, corpus):
    for n in range(3):
        out = tmp_path / f"out{n}"
        pair = [kg("build", corpus, "-o", out), kg("build", corpus, "-o", out)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in pair]
        codes = sorted(code for code, _ in results)
        assert codes in ([0, 0], [0, 2]), results  # both in turn, or one refused; never two failed
        assert not any("Traceback" in err for _, err in results)
        assert _whole(out) == 30


def test_the_lock_is_per_folder_and_taken_again_after_removal(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    with exclusive(a):
        with pytest.raises(FolderBusy, match="another kg build"):
            with exclusive(a):
                pass
        with exclusive(b):  # another folder is free
            pass
    with exclusive(a):  # released
        os.rmdir(a)
    with exclusive(a) as held:  # made again and locked
        assert held.is_dir() and _locked(a)
