"""README's and docs/'s console examples are run: each `$ kg …` line in a ```console block runs
in a fresh folder holding the bundled summary (and the transport council's fixtures), and every
output line shown (lines cut with … as a prefix) must appear in what the command prints. README
stays a page for users: at most 300 lines."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def examples() -> list[tuple[str, list[str]]]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, shown = None, []
        for line in block.splitlines() + ["$ end"]:
            if line.startswith("$ "):
                if command:
                    out.append((command, shown))
                command, shown = re.sub(r"\s+#.*$", "", line[2:]).strip(), []
            elif line.strip() and line.strip() != "…":
                shown.append(line)
    return [(c, s) for c, s in out if c.startswith("kg ")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "data" / "minutes", root / "data" / "minutes")
    shutil.copytree(ROOT / "tests" / "fixtures" / "kotsu", root / "tests" / "fixtures" / "kotsu")
    subprocess.run([sys.executable, "-m", "kg", "build"], cwd=root, check=True, capture_output=True)
    return root


def test_readme_has_examples():
    assert len(examples()) >= 5


def test_readme_is_short_and_links_to_every_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    assert all(f"docs/{p.name}" in readme for p in (ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("command, shown", examples(), ids=[c for c, _ in examples()])
def test_readme_example(folder, command, shown):
    import shlex
    args = shlex.split(command)[1:]
    r = subprocess.run([sys.executable, "-m", "kg", *args], cwd=folder, capture_output=True, text=True, timeout=120)
    said = r.stdout + r.stderr
    assert r.returncode in (0, 1), said  # kg check exits 1 when something is doubtful
    for line in shown:
        want = line.rstrip()
        if want.endswith("…"):
            assert any(x.startswith(want[:-1]) for x in said.splitlines()), (command, want)
        else:
            assert want in said.splitlines() or want in said, (command, want)
