"""README's pictures: the report and the network views of the seed, and the views of a
40-meeting generated corpus, taken in headless Chromium (Debian's, driven by Playwright).

    python scripts/screenshots.py [-o outputs/screenshots]

The test run takes no screenshots (it must leave the checkout as it found it); run this after
a change to the report or the views, and commit the pictures with it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main as kg

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"
VIEWS = ("overview", "people-themes", "initiatives", "meeting")
FOCUS = "スペースパトロール"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
# The report's darkest speaker × theme cell, clicked so that the picture shows its statements.
DARKEST_CELL = """() => {
  const div = document.getElementById('chart-speaker-theme'), d = div.data[0];
  div.scrollIntoView({block: 'center'});
  let best = [0, 0, -1];
  d.z.forEach((row, r) => row.forEach((v, c) => { if (v !== null && v > best[2]) best = [r, c, v]; }));
  const xa = div._fullLayout.xaxis, ya = div._fullLayout.yaxis, box = div.getBoundingClientRect();
  return {x: box.left + xa._offset + xa.l2p(best[1]), y: box.top + ya._offset + ya.l2p(best[0])};
}"""


def run(*args: str) -> None:
    r = CliRunner().invoke(kg, list(args))
    if r.exit_code != 0:
        raise SystemExit(f"kg {' '.join(args)} failed:\n{r.output}")


def built(root: Path, src: Path) -> Path:
    """``src`` built, reported and drawn into ``root``."""
    run("build", str(src), "-o", str(root), "-q")
    run("report", "--graph", str(root), "-o", str(root / "report.html"), "-q")
    run("view", "--graph", str(root), "-o", str(root))
    return root


def take(browser, page_file: Path, picture: Path, ready: str, then=None) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    # Offline, as the pages are meant to be: anything but the file itself is refused.
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file://", "data:", "blob:"))
                  else r.abort())
    page = context.new_page()
    page.goto(page_file.resolve().as_uri())
    page.wait_for_function(ready)
    if then:
        then(page)
    page.screenshot(path=str(picture))
    context.close()
    print(picture)


def click_darkest_cell(page) -> None:
    page.evaluate("window.kgReport.ready")
    cell = page.evaluate(DARKEST_CELL)
    page.mouse.click(cell["x"], cell["y"])
    page.wait_for_function("document.querySelectorAll('#details-list .statement').length > 0")
    page.evaluate("window.scrollTo(0, 0)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "outputs" / "screenshots")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        seed_in = Path(tmp) / "seed-in"
        seed_in.mkdir()
        shutil.copy(SEED, seed_in)
        seed = built(Path(tmp) / "seed", seed_in)
        run("view", "--graph", str(seed), "-o", str(seed), "--focus", FOCUS, "--depth", "2")
        generate(Path(tmp) / "corpus40-in", 40, prefectures=1)
        corpus40 = built(Path(tmp) / "corpus40", Path(tmp) / "corpus40-in")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            try:
                take(browser, seed / "report.html", args.output / "report.png", "window.kgReport !== undefined",
                     click_darkest_cell)
                for name in (*VIEWS, f"focus-{FOCUS}"):
                    take(browser, seed / f"view-{name}.html", args.output / f"view-{name}.png",
                         "window.kgReady === true")
                for name in VIEWS:
                    take(browser, corpus40 / f"view-{name}.html", args.output / f"view-{name}-40-meetings.png",
                         "window.kgReady === true")
            finally:
                browser.close()


if __name__ == "__main__":
    main()
