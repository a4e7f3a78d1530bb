"""Named queries: each has its expected answer on the seed; results are identical on
Oxigraph and rdflib; parameters are bound as terms; errors are clear."""

import json

import pytest
from click.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.errors import ParamError, QueryError, QueryNotFound
from kg.query.engines import open_store
from kg.query.formats import serialize
from kg.query.named import get, library
from kg.query.service import prepare


@pytest.fixture(scope="module")
def stores(seed_build):
    _, path = seed_build
    return {b: open_store(path, b) for b in ("oxigraph", "rdflib")}


@pytest.fixture(scope="module")
def kg(stores):
    return KnowledgeGraph(stores["oxigraph"])


def test_library_has_at_least_12_documented_queries():
    queries = library()
    assert len(queries) >= 12
    for q in queries.values():
        assert q.title and q.description, q.name
        for p in q.params:  # bound where the query says (# parameters here), or a projected variable
            select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
            assert f"?{p.name}" in select or "# parameters here" in q.text, (q.name, p.name)


@pytest.mark.parametrize("name", sorted(library()))
def test_same_results_on_both_stores(stores, name):
    params = {"search": {"q": "DX"}, "org-tree": {"root": "千葉県"}, "outside-bodies": {"home": "千葉県"},
              "council-overlap": {"min": "1"}}.get(name, {})
    q = prepare(name, params, stores["oxigraph"].query)
    ox = stores["oxigraph"].query(q.text, q.bindings)
    rl = stores["rdflib"].query(q.text, q.bindings)
    assert ox.variables == rl.variables
    assert ox.rows == rl.rows, name  # every named query is ORDER BY'd: same order too
    # the seed says nothing of openness: closed-meetings is compared on fixtures (test_people.py)
    assert len(ox.rows) > 0 or name == "closed-meetings", f"{name} gives no rows on the seed"
    assert serialize(ox, "json") == serialize(rl, "json")


@pytest.mark.parametrize("name", sorted(n for n, q in library().items() if any(p.name == "council" for p in q.params)))
def test_a_council_on_both_stores(stores, name):
    """The council parameter binds alike on both stores (theme-cooccurrence: in both of its
    branches); on the seed, its one council is the whole graph."""
    q = prepare(name, {"council": "千葉県ICTアドバイザー会議"}, stores["oxigraph"].query)
    ox, rl = (stores[b].query(q.text, q.bindings) for b in ("oxigraph", "rdflib"))
    assert ox.rows == rl.rows and ox.rows, name
    every = prepare(name, {}, stores["oxigraph"].query)
    assert ox.rows == stores["oxigraph"].query(every.text, every.bindings).rows
    none = prepare(name, {"council": "ないかいぎ"}, stores["oxigraph"].query)
    assert stores["rdflib"].query(none.text, none.bindings).rows == []


def test_attendance(kg):
    rows = kg.named("attendance")
    assert len(rows) == 14  # 13 people, 庄司 as 委員 and 座長
    assert {(r["person"], r["role"]) for r in kg.named("attendance", person="庄司")} == {("庄司", "委員"), ("庄司", "座長")}
    assert {r["organization"] for r in kg.named("attendance", person="戸崎")} == {"デジタル化支援室"}


def test_initiatives_imaizumi_mentioned(kg):
    rows = kg.named("initiatives", speaker="今泉")
    assert {r["initiative"] for r in rows} == {"ちばDXポータル", "スペースパトロール"}
    everyone = kg.named("initiatives")
    portal = {r["speaker"]: r["statements"] for r in everyone if r["initiative"] == "ちばDXポータル"}
    assert portal == {"庄司": 1, "白澤": 1, "今泉": 1, "事務局（千葉県ICTアドバイザー会議）": 1}


def test_the_three_secretariat_answers(kg):
    answers = {}
    for member in ("庄司", "白澤", "山口", "宮入", "今泉", "荒川"):
        for r in kg.named("secretariat-answers", member=member):
            answers.setdefault(r["answerTurn"], set()).add(r["memberTurn"])
    assert answers == {3: {1, 2}, 7: {4, 5, 6}, 11: {8, 9, 10}}
    imaizumi = kg.named("secretariat-answers", member="今泉")
    assert [r["position"] for r in imaizumi] == [32, 33, 34, 35]
    # without a member, no silent filter: every answer to every member (8 answer statements to 6 members)
    everyone = kg.named("secretariat-answers")
    assert {r["member"] for r in everyone} == {"庄司", "白澤", "山口", "宮入", "今泉", "荒川"}


def test_statements_on_theme(kg):
    rows = kg.named("statements-on-theme", theme="生成AI")
    assert [(r["speaker"], r["position"]) for r in rows] == [("今泉", 29), ("事務局", 35)]
    by_key = kg.named("statements-on-theme", theme="generative-ai", speaker="事務局")
    assert [r["position"] for r in by_key] == [35]
    assert {r["speaker"] for r in kg.named("statements-on-theme")} >= {"宮入", "庄司"}


def test_person_theme_matrix(kg):
    rows = {(r["speaker"], r["theme"]): r["statements"] for r in kg.named("person-theme-matrix")}
    assert rows[("今泉", "生成AI")] == 1
    assert rows[("事務局（千葉県ICTアドバイザー会議）", "DX人材")] == 3  # statements 20, 21, 23
    assert not any(speaker in ("事務局", "委員") for speaker, _ in rows)  # such speakers say their council
    assert rows[("庄司", "広報・ブランディング")] == 2  # statements 1 and 36


def test_theme_cooccurrence(kg):
    rows = kg.named("theme-cooccurrence")
    pairs = {frozenset((r["themeA"], r["themeB"])): r["statements"] for r in rows}
    assert pairs[frozenset(("公共工事のデジタル化", "紙・原本のデジタル化"))] == 2  # statements 10 and 14
    assert all(r["themeA"] != r["themeB"] for r in rows)


def test_org_tree(kg):
    with pytest.raises(ParamError, match="needs --param root"):
        kg.named("org-tree")
    rows = kg.named("org-tree", root="千葉県")
    assert ("デジタル推進課", "デジタル化支援室", "戸崎", "室長") in {(r["parent"], r["unit"], r["person"], r["post"]) for r in rows}
    officials = {r["person"] for r in rows if r["person"] and r["unit"] != "千葉県ICTアドバイザー会議"}
    assert officials == {"木村", "勝", "小坂", "加瀬", "戸崎", "田中", "岩堀"}
    members = {(r["person"], r["post"]) for r in rows if r["unit"] == "千葉県ICTアドバイザー会議"}
    assert ("庄司", "座長") in members and len({p for p, _ in members}) == 6  # the council sits under 千葉県


def test_outside_bodies(kg):
    bodies = {r["body"] for r in kg.named("outside-bodies", home="千葉県")}
    assert bodies == {"GovTech東京", "東京都", "中部DX推進コミュニティ", "中部経済産業局", "島根県", "総務省",
                      "公益社団法人千葉県情報サービス産業協会"}


def test_evidence(kg, seed_text):
    rows = kg.named("evidence", target="中部DX推進コミュニティ")
    assert len(rows) == 1
    r = rows[0]
    assert r["matched"] == "中部DX推進コミュニティ" and r["speaker"] == "宮入"
    assert seed_text[r["sourceStart"]:r["sourceStart"] + r["end"] - r["start"]] == "中部DX推進コミュニティ"


def test_themes_by_meeting(kg):
    rows = kg.named("themes-by-meeting")
    assert {r["date"] for r in rows} == {"2025-03-24"}
    counts = {r["theme"]: r["statements"] for r in rows}
    assert counts["生成AI"] == 2 and counts["衛星データ活用"] == 2


def test_themes_over_time_counts_by_fiscal_year(kg):
    """The seed's meeting (2025-03-24) is in 令和6年度: the fiscal year begun in April 2024."""
    rows = kg.named("themes-over-time")
    assert {r["fiscalYear"] for r in rows} == {2024}  # an int, as the year it is
    by_meeting = {r["theme"]: r["statements"] for r in kg.named("themes-by-meeting")}
    assert {r["theme"]: r["statements"] for r in rows} == by_meeting


def test_search(kg):
    assert [r["position"] for r in kg.named("search", q="GovTech")] == [36]
    assert [r["position"] for r in kg.named("search", q="govtech")] == [36]


def test_initiative_statements(kg):
    rows = kg.named("initiative-statements", initiative="スペースパトロール")
    assert [(r["speaker"], r["position"], r["date"]) for r in rows] == [("今泉", 28, "2025-03-24"), ("事務局", 33, "2025-03-24")]
    assert {r["initiative"] for r in kg.named("initiative-statements")} >= {"スペースパトロール", "ちばDXポータル"}


def test_meetings(kg):
    assert kg.named("meetings") == [{"date": "2025-03-24", "council": "千葉県ICTアドバイザー会議",
                                     "meeting": "令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）",
                                     "place": "県庁本庁舎5階 大会議室", "attendees": 13, "statements": 36}]


def test_parameters_are_terms_not_text(kg):
    """A value full of SPARQL syntax is just a string to search for."""
    hostile = '" ) } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    assert kg.named("search", q=hostile) == []
    assert kg.named("initiatives", speaker='今泉"@ja } UNION { ?x ?y ?z') == []


def test_param_errors(stores):
    with pytest.raises(ParamError, match="needs --param q"):
        get("search").bindings({})
    with pytest.raises(ParamError, match="has no parameter 'colour'"):
        get("search").bindings({"q": "x", "colour": "red"})
    with pytest.raises(ParamError, match="unknown theme") as refused:
        prepare("statements-on-theme", {"theme": "天気"}, stores["oxigraph"].query)
    concept = "<http://www.w3.org/2004/02/skos/core#Concept>"
    themes = stores["oxigraph"].query(f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a {concept} }}").rows[0][0]
    listed = str(refused.value).split("themes (key or Japanese label): ")[1].split(", ")
    assert len(listed) == int(themes) and "dx-talent (DX人材)" in listed  # every theme, with its Japanese label
    with pytest.raises(QueryNotFound, match="Did you mean initiatives"):
        get("initiative")


def test_dataframe_when_pandas_is_there(kg):
    pd = pytest.importorskip("pandas")
    df = kg.dataframe("person-theme-matrix")
    assert list(df.columns) == ["speaker", "theme", "statements"] and len(df) > 30
    assert isinstance(df, pd.DataFrame)


def test_malformed_query_is_a_query_error(stores):
    for store in stores.values():
        with pytest.raises(QueryError, match="malformed query"):
            store.query("SELECT ?x WHERE { ?x ?y }")


@pytest.fixture
def run(seed_build):
    _, path = seed_build

    def invoke(*args):
        return CliRunner().invoke(main, [*args, "--graph", str(path)] if args[0] == "query" else list(args))
    return invoke


def test_cli_formats(run):
    table = run("query", "initiatives", "-p", "speaker=今泉")
    assert table.exit_code == 0 and "スペースパトロール" in table.stdout
    assert table.stderr.strip() == "# initiatives: parameters speaker=今泉"  # the filter, named on stderr
    js = json.loads(run("query", "initiatives", "-p", "speaker=今泉", "--format", "json").stdout)
    assert js["head"]["vars"] == ["initiative", "speaker", "statements", "meetings"]
    assert js["head"]["parameters"] == {"speaker": "今泉"}
    assert js["results"]["bindings"][0]["initiative"] == {"type": "literal", "value": "ちばDXポータル", "xml:lang": "ja"}
    csv_out = run("query", "search", "-p", "q=GovTech", "--format", "csv").stdout_bytes.decode()
    assert csv_out.startswith("q,date,speaker,position,text\r\n")
    excel = run("query", "search", "-p", "q=GovTech", "--format", "excel-csv").stdout_bytes
    assert excel.startswith("\ufeffq,date,speaker".encode("utf-8"))  # the BOM Excel needs
    tsv = run("query", "search", "-p", "q=GovTech", "--format", "tsv").stdout
    assert tsv.startswith("q\tdate\tspeaker\tposition\ttext\n") and "\t庄司\t" in tsv and "@ja" not in tsv
    ask = run("query", "ASK { ?s a <https://w3id.org/kaigi-kg/ontology#Meeting> }")
    assert ask.stdout.strip() == "true"
    ttl = run("query", "CONSTRUCT { ?i ?p ?o } WHERE { ?i a <https://w3id.org/kaigi-kg/ontology#Initiative> ; ?p ?o }")
    assert "@prefix kgo:" in ttl.stdout and "kgo:Initiative" in ttl.stdout


def test_table_is_whole_in_a_pipe_and_cut_on_request(run):
    whole = run("query", "search", "-p", "q=生成AI").stdout
    assert "生成AIは学習した内容が外部に漏れない環境を構築し、全庁的に利用を始めているところ。今年度は庁内固有データ" in whole
    cut = run("query", "search", "-p", "q=生成AI", "--max-width", "20").stdout
    assert "…" in cut and "今年度は庁内固有データ" not in cut


def test_quiet_and_verbose_on_every_command(run):
    from kg.cli import main as group
    for name, command in group.commands.items():
        opts = {o for p in command.params for o in p.opts}
        assert {"-q", "--quiet", "-v", "--verbose"} <= opts, name
    quiet = run("query", "initiatives", "-p", "speaker=今泉", "-q")
    assert quiet.stderr == "" and "スペースパトロール" in quiet.stdout
    verbose = run("query", "initiatives", "-p", "speaker=今泉", "-v")
    assert "SELECT" in verbose.stderr  # the query as it ran


def test_cli_table_is_aligned_for_wide_characters(run):
    """The second column starts at the same display column on every line, though the first
    holds Japanese (two columns a character)."""
    import re

    from kg.query.table import width
    lines = run("query", "initiatives").stdout.splitlines()
    first_rule = re.match(r"-+", lines[1]).group()
    expected = len(first_rule) + 2
    for line in lines[2:]:
        cell = re.match(r"\S+", line).group()
        second = len(cell) + len(re.match(r" +", line[len(cell):]).group())
        assert width(line[:second]) == expected, line
    assert any(width(line) > len(line) for line in lines[2:])  # it did hold wide characters


def test_cli_errors(run, tmp_path):
    bad = run("query", "nope")
    assert bad.exit_code == 2 and "no named query 'nope'" in bad.output
    broken = run("query", "SELECT ?x WHERE { ?x ?y }")
    assert broken.exit_code == 2 and "malformed query" in broken.output and "Traceback" not in broken.output
    missing = run("query", "search")
    assert missing.exit_code == 2 and "needs --param q" in missing.output
    nograph = CliRunner().invoke(main, ["query", "meetings", "--graph", str(tmp_path)])
    assert nograph.exit_code == 2 and "run `kg build` first" in nograph.output
    listing = CliRunner().invoke(main, ["queries", "--format", "json"])
    assert {q["name"] for q in json.loads(listing.output)} == set(library())


def test_cli_query_file(run, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kaigi-kg/ontology#Statement> }", encoding="utf-8")
    out = run("query", "--file", str(f), "--format", "csv")
    assert out.exit_code == 0 and out.stdout_bytes == b"n\r\n36\r\n"


def test_sparql_text_with_parameters_is_a_clear_error(kg):
    with pytest.raises(ParamError, match="parameters go with a named query"):
        kg.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", speaker="今泉")
    assert kg.sparql("initiatives", speaker="今泉")  # a name with parameters is a named query


def test_theme_parameters_use_the_graphs_own_scheme(tmp_path, seed_path):
    """A graph built with --themes answers theme parameters from that scheme, not the default."""
    from kg.resources import ontology_file

    scheme = tmp_path / "themes.ttl"
    scheme.write_text(ontology_file("themes.ttl").read_text(encoding="utf-8") + """
<https://w3id.org/kaigi-kg/theme/portal-only> a skos:Concept ;
    skos:inScheme <https://w3id.org/kaigi-kg/theme/scheme> ;
    skos:prefLabel "ポータルだけ"@ja, "Portals only"@en ; skos:altLabel "人材"@ja .
""", encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(seed_path), "-o", str(out), "--themes", str(scheme)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["query", "statements-on-theme", "-p", "theme=ポータルだけ", "--graph", str(out),
                             "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "ポータルだけ" in r.output and len(r.output.splitlines()) > 1
    plain = tmp_path / "plain"
    assert runner.invoke(main, ["build", str(seed_path), "-o", str(plain)]).exit_code == 0
    r = runner.invoke(main, ["query", "statements-on-theme", "-p", "theme=ポータルだけ", "--graph", str(plain)])
    assert r.exit_code == 2 and "unknown theme 'ポータルだけ'" in r.output


def test_parameters_go_where_the_query_asks():
    """A named query's VALUES row opens its WHERE group, or replaces a '# parameters here'
    line (inside a subquery that must see the parameter); terms are written as N-Triples."""
    from pyoxigraph import Literal

    from kg.query.named import PARAMETERS_HERE, get, inline_bindings
    top = inline_bindings("SELECT ?a WHERE { ?s ?p ?a } ", {"a": Literal('x"y', language="ja")})
    assert top.startswith("SELECT ?a WHERE {\n  VALUES (?a) { (\"x\\\"y\"@ja) }\n")
    search = get("search").text
    assert PARAMETERS_HERE in search
    bound = inline_bindings(search, {"q": Literal("DX")})
    sub = bound.index("{ SELECT ?q ?s ?text WHERE {")
    assert sub < bound.index('VALUES (?q) { ("DX") }') < bound.index("FILTER(CONTAINS")
