"""The YASGUI query editor of `kg serve` (/editor), shipped in the package: in headless
Chromium with every request to another host refused, a named query runs by name with its
parameter, an edited one says its parameters no longer apply and runs as typed, and a typed
query runs."""

import re

import pytest
from helpers import serve
from test_endpoint import call


@pytest.fixture(scope="module")
def server(seed_build, tmp_path_factory):
    _, graph = seed_build
    log = tmp_path_factory.mktemp("editor-server") / "server.log"
    with serve(graph, log, "--workers", "1") as base:
        yield base


def test_editor_files_are_served_from_the_package(server):
    status, headers, html = call(server + "/editor")
    assert status == 200 and "/static/yasgui/yasgui.min.js" in html
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html), "no outside resources"
    status, headers, _ = call(server + "/static/yasgui/yasgui.min.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "MIT" in call(server + "/static/yasgui/LICENSE.txt")[2]
    assert call(server + "/static/yasgui/../app.py")[0] == 404
    import json
    assert json.loads(call(server + "/editor/prefixes.json")[2])["kgo"] == "https://w3id.org/kaigi-kg/ontology#"


ROWS = ".yasr:visible table.dataTable tbody tr"


def rows(page):
    return page.eval_on_selector_all(ROWS, "rs => rs.map(r => [...r.cells].slice(1).map(c => c.textContent))")


def test_yasgui_runs_a_named_and_a_typed_query_offline(server):
    from browser import Page, browser
    with browser() as b:
        p = Page(b, allow_prefix=server)
        page = p.page
        page.goto(server + "/editor")
        page.wait_for_selector(".yasqe .CodeMirror")
        # a named query, by name, with its parameter
        page.select_option("#named", "initiatives")
        page.fill("#params input[name='speaker']", "今泉")
        page.locator(".yasqe_queryButton:visible").click()
        page.wait_for_selector(ROWS)
        assert rows(page) == [['"ちばDXポータル"@ja', '"今泉"@ja', '"1"^^xsd:integer', '"1"^^xsd:integer'],
                              ['"スペースパトロール"@ja', '"今泉"@ja', '"1"^^xsd:integer', '"1"^^xsd:integer']]
        assert page.is_hidden("#stale")
        # one word of its text edited: the parameter no longer applies, and says so
        page.evaluate("() => { const y = yasgui.getTab().getYasqe();"
                      " y.setValue(y.getValue().replace('ORDER BY', 'ORDER  BY')); }")
        assert page.is_visible("#stale") and page.is_disabled("#params input[name='speaker']")
        assert page.input_value("#params input[name='speaker']") == "今泉"  # kept, visibly unused
        page.locator(".yasqe_queryButton:visible").click()
        page.wait_for_function("() => document.querySelectorAll('.yasr table.dataTable tbody tr').length > 2")
        assert len(rows(page)) == 16
        # a typed query in a new tab, the usual prefixes known without PREFIX
        page.click(".addTab")
        page.evaluate("() => yasgui.getTab().getYasqe().setValue('SELECT (COUNT(?m) AS ?n) WHERE { ?m a kgo:Meeting }')")
        page.locator(".yasqe_queryButton:visible").click()
        page.wait_for_function("() => [...document.querySelectorAll('.yasr table.dataTable tbody tr')]"
                               ".some(r => r.offsetParent && r.textContent.includes('xsd:integer'))")
        assert rows(page) == [['"1"^^xsd:integer']]
        # result IRIs of the graph link to their pages here
        page.evaluate("() => yasgui.getTab().getYasqe().setValue("
                      "\"SELECT ?p WHERE { ?p foaf:name '今泉'@ja }\")")
        page.locator(".yasqe_queryButton:visible").click()
        page.wait_for_function("() => [...document.querySelectorAll('.yasr a')].some(a => a.offsetParent"
                               " && (a.getAttribute('href') || '').startsWith('/id/person/'))")
        assert p.blocked == [], p.blocked
        assert p.errors == [], p.errors
        p.close()
