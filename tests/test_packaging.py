"""Every package folder of kg/ is listed in pyproject.toml, so the wheel carries it (the wheel
check in CI builds the seed from an installed wheel; this says which folder is missing)."""

import tomllib

from helpers import ROOT


def test_every_package_is_in_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")
               if "__pycache__" not in p.parts}
    assert folders - listed == set()


def test_citation_names_the_version_and_licence_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {project['version']}" in citation and "license: MIT" in citation
    assert project["license"] == {"text": "MIT"} and "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
