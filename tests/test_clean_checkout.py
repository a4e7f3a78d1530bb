"""Commands run as the tests run them (every output in a temporary folder) leave the checkout as
it was: `git status` unchanged and a user's own outputs/ untouched (a test that wrote there
once replaced a user's report and README's screenshots)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def git_status() -> str | None:
    """`git status --porcelain` of the checkout; None when it is not a git checkout."""
    if not shutil.which("git"):
        return None
    r = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
                       capture_output=True, text=True)
    if r.returncode != 0 or not (ROOT / ".git").exists():
        return None
    return r.stdout


def outputs_state() -> dict[str, tuple[int, int, bytes | None]]:
    """Every file under outputs/: size and time, and the bytes of the small ones."""
    state = {}
    for f in sorted((ROOT / "outputs").rglob("*")):
        if f.is_file():
            st = f.stat()
            state[f.relative_to(ROOT).as_posix()] = (st.st_size, st.st_mtime_ns,
                                                      f.read_bytes() if st.st_size < 1_000_000 else None)
    return state


def test_commands_leave_the_checkout_as_it_was(tmp_path):
    before = git_status()
    if before is None:
        pytest.skip("not a git checkout")
    outputs_before = outputs_state()
    assert "outputs/README.md" in outputs_before  # a file of outputs/ that must keep its bytes
    out = tmp_path / "out"
    commands = [
        ["build", "data/minutes", "-o", str(out), "-q"],
        ["check", "data/minutes", "-q"],
        ["query", "initiatives", "--graph", str(out), "-q"],
        ["stats", "--graph", str(out)],
        ["report", "--graph", str(out), "-o", str(out / "report.html"), "-q"],
        ["view", "--graph", str(out), "-o", str(out / "views"), "-q"],
        ["analyze", "--graph", str(out), "-o", str(out / "analysis"), "-q"],
        ["export", "--all", "--graph", str(out), "-o", str(out / "export"), "-q"],
        ["validate", str(out / "graph.ttl"), "-q"],
        ["docs", "--graph", str(out), "-o", str(out / "docs"), "-q"],
    ]
    for args in commands:
        r = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode in (0, 1), (args, r.stderr)  # check exits 1 when something is doubtful
    assert git_status() == before
    assert outputs_state() == outputs_before
