"""Headless Chromium (Debian's, driven by Playwright) with every request off this page's
own file refused and recorded, so a test can assert that nothing left the page."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    return path


@contextmanager
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Page:
    """A page whose outside requests are blocked and listed in ``blocked``; script errors
    are listed in ``errors``."""

    def __init__(self, b, allow_prefix: str = "file://", width: int = 1400, height: int = 900):
        self.context = b.new_context(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.errors: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith((allow_prefix, "data:", "blob:")):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def close(self):
        self.context.close()


# What vis-network drew at first display (a view's page, once window.kgReady): read by the
# legibility tests of every view.
LEGIBILITY = """() => {
  // Read what vis-network drew at the initial fit: the label boxes of nodes whose label is
  // drawn (vis skips labels under drawThreshold px), their size on screen, and the span of nodes.
  const net = kgNetwork, scale = net.getScale();
  const canvas = document.querySelector('#network canvas');
  const W = canvas.clientWidth, H = canvas.clientHeight;
  const ids = kgNodes.getIds().filter(id => !kgNodes.get(id).hidden);
  const pos = net.getPositions(ids);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const id of ids) { const p = net.canvasToDOM(pos[id]);
    x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); }
  const boxes = [], px = [];
  const missing = [], outside = [];  // labels not drawn; drawn but past the canvas's edge
  for (const id of ids) {
    const node = net.body.nodes[id], lm = node.labelModule;
    if (!node.options.label || lm.fontOptions.size * scale < node.options.scaling.label.drawThreshold) {
      missing.push(kgNodes.get(id).fullLabel); continue; }
    // vis draws the text font.vadjust lower than its box says (a label set above its node)
    const s = lm.size, v = lm.fontOptions.vadjust || 0;
    const a = net.canvasToDOM({x: s.left, y: s.top + v}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height + v});
    boxes.push([a.x, a.y, b.x, b.y]); px.push(lm.fontOptions.size * scale);
    if (a.x < 0 || a.y < 0 || b.x > W || b.y > H) outside.push(node.options.label);
  }
  let overlapping = 0;
  boxes.forEach((A, i) => { if (boxes.some((B, j) => i !== j && A[0] < B[2] && B[0] < A[2] && A[1] < B[3] && B[1] < A[3])) overlapping++; });
  return {nodes: ids.length, labels: boxes.length, overlapping, minPx: Math.min(...px), missing, outside,
          spanX: (x1 - x0) / W, spanY: (y1 - y0) / H};
}"""
