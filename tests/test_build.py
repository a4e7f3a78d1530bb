"""`kg build` end to end: encodings give the same graph, output is deterministic, bad input
gets a clear message and leaves earlier output alone."""

import codecs
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED, sparql
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main

KGO = "https://w3id.org/kaigi-kg/ontology#"
# Facts about the file rather than the meeting: they differ between encodings by design.
FILE_FACTS = {URIRef(KGO + "sha256"), URIRef(KGO + "encoding"), URIRef(KGO + "fileName")}


def build(runner, *args):
    return runner.invoke(main, ["build", *map(str, args)], catch_exceptions=False)


def meeting_facts(path) -> Graph:
    g = Graph().parse(path)
    for t in [t for t in g if t[1] in FILE_FACTS]:
        g.remove(t)
    return g


@pytest.fixture
def runner():
    return CliRunner()


def test_build_writes_graph_and_summary(runner, tmp_path):
    result = build(runner, SEED, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 meetings, 13 people, 12 turns, 36 statements" in result.output
    assert (tmp_path / "graph.ttl").stat().st_size > 10_000


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("cp932"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("cp932"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
], ids=["cp932", "utf8-bom", "crlf", "cp932-crlf", "utf16"])
def test_re_encoded_seed_gives_the_same_graph(runner, tmp_path, seed_text, encode):
    variant = tmp_path / "in" / SEED.name
    variant.parent.mkdir()
    variant.write_bytes(encode(seed_text))
    assert build(runner, SEED, "-o", tmp_path / "a").exit_code == 0
    assert build(runner, variant, "-o", tmp_path / "b").exit_code == 0
    a, b = meeting_facts(tmp_path / "a" / "graph.ttl"), meeting_facts(tmp_path / "b" / "graph.ttl")
    assert len(a) > 900 and isomorphic(a, b)


def test_two_builds_are_byte_identical(runner, tmp_path):
    build(runner, SEED, "-o", tmp_path / "a")
    build(runner, SEED, "-o", tmp_path / "b")
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()


def test_output_does_not_depend_on_the_folder_or_file_order(runner, tmp_path):
    one, two = tmp_path / "one", tmp_path / "z" / "deeper"
    two.mkdir(parents=True)
    one.mkdir()
    shutil.copy(SEED, one / "b.txt")
    shutil.copy(SEED, two / "a.txt")
    (one / "b.txt").write_text(SEED.read_text(encoding="utf-8").replace("令和7年3月24日", "令和7年3月25日"), encoding="utf-8")
    build(runner, one, two, "-o", tmp_path / "x")
    build(runner, two, one, "-o", tmp_path / "y")
    data = (tmp_path / "x" / "graph.ttl").read_bytes()
    assert data == (tmp_path / "y" / "graph.ttl").read_bytes()
    assert str(tmp_path).encode() not in data, "no absolute path inside the output"


def test_same_council_same_date_gets_distinct_meetings(runner, tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(SEED.read_text(encoding="utf-8") + "\n【荒川委員】\n- ・追加の意見。\n", encoding="utf-8")
    assert build(runner, tmp_path, "-o", tmp_path / "out").exit_code == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    meetings = sparql(g, "SELECT ?m WHERE { ?m a kgo:Meeting }")
    assert len(meetings) == 2
    assert {m[0].rsplit("/", 1)[1] for m in meetings} == {"2025-03-24", "2025-03-24-2"}


def test_base_changes_every_instance_iri(runner, tmp_path):
    build(runner, SEED, "-o", tmp_path, "--base", "https://example.org/kg/")
    g = Graph().parse(tmp_path / "graph.ttl")
    # Themes are vocabulary (ontology/themes.ttl), not instances: their IRIs stay put.
    subjects = {str(s) for s in g.subjects() if not str(s).startswith("https://w3id.org/kaigi-kg/theme/")}
    assert len(subjects) > 100 and all(s.startswith("https://example.org/kg/") for s in subjects)


def test_bad_base_is_refused(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SEED), "-o", str(tmp_path), "--base", "not an iri"])
    assert result.exit_code == 2
    assert "--base" in result.output
    assert not (tmp_path / "graph.ttl").exists()


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin1.txt": ("Réunion du conseil\n".encode("latin-1") + b"\x81\xff", "undecodable bytes"),
    "notes.txt": ("買い物メモ\n牛乳\n卵\n".encode("utf-8"), "no recognizable meeting"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_a_clear_error_and_keeps_the_old_output(runner, tmp_path, name):
    data, words = BAD_INPUTS[name]
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# earlier build\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(data)
    result = runner.invoke(main, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert words in result.output and str(bad) in result.output
    assert "Traceback" not in result.output
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# earlier build\n"
    assert [p.name for p in out.iterdir()] == ["graph.ttl"], "no temporary file left behind"


def test_a_bad_file_among_good_ones_is_skipped_and_reported(runner, tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "Skipped" in result.output and "empty.txt" in result.output
    assert "1 meetings" in result.output
    strict = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 2 and "empty.txt" in strict.output
    assert not (tmp_path / "strict" / "graph.ttl").exists()


def test_missing_fields_build_with_warnings(runner, tmp_path, seed_text):
    lines = [line for line in seed_text.splitlines()
             if "場所" not in line and "出席者" not in line and "委員、" not in line
             and "課長" not in line and "委員\n" not in line and not line.startswith("宮入委員")]
    f = tmp_path / "partial.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(main, ["build", str(f), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Doubts: 2 in 1 of 1 files (attendees, place)" in result.output and f"kg check {f}" in result.output
    check = runner.invoke(main, ["check", str(f)])
    assert check.exit_code == 1
    assert "[place] no place found (場所)" in check.output
    assert "[attendees] no attendee list found (出席者)" in check.output
    assert str(f) in check.output and "36 statements" in check.output
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(sparql(g, "SELECT ?s WHERE { ?s a kgo:Statement }")) == 36
    assert sparql(g, "SELECT ?p WHERE { ?m schema:location ?p }") == []


def test_missing_path_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_folder_without_sources(runner, tmp_path):
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no source files" in result.output


def test_console_script_default_paths(tmp_path):
    """The installed `kg` command, run where a user runs it: defaults to data/minutes → outputs/."""
    shutil.copytree(SEED.parent, tmp_path / "data" / "minutes")
    beside = Path(sys.executable).parent / "kg"  # where pip puts it, if no shim is on PATH yet
    kg = shutil.which("kg") or (str(beside) if beside.exists() else None)
    if not kg:  # the console script pip installs; CI must have it
        pytest.fail("kg is not on PATH") if os.environ.get("CI") else pytest.skip("kg is not on PATH")
    proc = subprocess.run([kg, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "outputs" / "graph.ttl").exists()
    assert "36 statements" in proc.stderr and proc.stdout == ""  # status goes to stderr


def test_progress_shown_for_many_files(runner, tmp_path, seed_text):
    for day in range(1, 22):
        (tmp_path / f"m{day:02d}.txt").write_text(
            seed_text.replace("令和7年3月24日", f"令和7年3月{day}日"), encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "21 meetings" in result.output
    assert "summaries read" not in result.output  # no progress into a pipe or a file
    import os
    import pty
    import subprocess
    import sys
    main_fd, term = pty.openpty()  # stderr on a terminal: the bar is drawn there
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path), "-o", str(tmp_path / "out2")],
                          stderr=term, stdout=subprocess.PIPE, timeout=120)
    os.close(term)
    drawn = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main_fd)
    assert proc.returncode == 0 and b"21/21 summaries read" in drawn and b"documents built" in drawn


def test_validate_exit_codes(runner, tmp_path, seed_build):
    _, path = seed_build
    ok = runner.invoke(main, ["validate", str(path)])
    assert ok.exit_code == 0 and "conforms" in ok.output
    broken = tmp_path / "broken.ttl"
    broken.write_text(path.read_text(encoding="utf-8").replace("kgo:sha256", "kgo:notSha"), encoding="utf-8")
    bad = runner.invoke(main, ["validate", str(broken)])
    assert bad.exit_code == 1 and "sha256" in bad.output
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    err = runner.invoke(main, ["validate", str(garbage)])
    assert err.exit_code == 2 and "garbage.ttl" in err.output and "Traceback" not in err.output


def test_sources_csv_gives_source_urls(runner, tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "sources.csv").write_text("file,url\nseed.txt,https://www.example.jp/kaigi/r6.html\n", encoding="utf-8")
    assert build(runner, tmp_path, "-o", tmp_path / "out").exit_code == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert sparql(g, "SELECT ?u WHERE { ?d a kgo:SourceDocument ; dcterms:source ?u }") == [
        ("https://www.example.jp/kaigi/r6.html",)]
    (tmp_path / "sources.csv").write_text("file,url\nseed.txt,not a url\n", encoding="utf-8")
    bad = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out2")])
    assert bad.exit_code == 2 and "sources.csv:2" in bad.output


def test_unwritable_output_is_a_clear_error(runner, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    result = runner.invoke(main, ["build", str(SEED), "-o", str(blocker)])
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output
    (tmp_path / "o2").mkdir()
    (tmp_path / "o2" / "graph.ttl").mkdir()  # a folder where the file should go
    result = runner.invoke(main, ["build", str(SEED), "-o", str(tmp_path / "o2")])
    assert result.exit_code == 2 and "cannot write" in result.output
    assert not [p for p in (tmp_path / "o2").iterdir() if p.name.endswith(".tmp")]


def test_check_on_a_clean_summary_exits_0(runner):
    result = runner.invoke(main, ["check", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "council    千葉県ICTアドバイザー会議" in result.output
    assert "date       2025-03-24T10:30:00+09:00 – 11:52" in result.output
    assert "13 attendees, 12 turns, 36 statements" in result.output and "doubt      none" in result.output


def test_check_json_names_each_doubt_with_its_line(runner, tmp_path):
    import json

    f = tmp_path / "talk.txt"
    f.write_text("令和6年度第1回 千葉県テスト会議 議事概要\n1 日時 令和6年5月1日(水)午前10時から11時まで\n"
                 "2 場所 本庁舎3階会議室\n3 出席者 委員:山田委員\n4 議事概要\n【山田委員】\n・一つ目。\n"
                 "【鈴木委員】\n・二つ目。\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(f), "--format", "json"])
    assert result.exit_code == 1
    (review,) = json.loads(result.output)
    assert review["council"] == "千葉県テスト会議" and review["turns"] == 2 and review["statements"] == 2
    assert review["doubts"] == [{"field": "speakers", "message": "speaker 鈴木委員 is not in the attendee list",
                                 "line": 8}]


def test_check_on_unreadable_input_is_exit_2(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["check", str(tmp_path / "empty.txt")])
    assert result.exit_code == 2 and "empty file" in result.output and "Traceback" not in result.output


def test_speakers_parted_by_a_gap_are_read_where_the_record_agrees(runner):
    """A verbatim record whose speakers are written `山田委員長　…` with no mark: read as turns
    because several lines of several speakers share the form."""
    f = Path(__file__).resolve().parent / "fixtures" / "families" / "unknown-speaker-form.txt"
    result = runner.invoke(main, ["check", str(f)])
    assert "4 turns" in result.output and "open like a speaker mark" not in result.output


def test_unknown_speaker_marks_are_a_doubt_not_silence(runner, tmp_path):
    """Lines that open like a speaker, but of one speaker only, prove no form: statements without
    speakers, and kg check says why."""
    f = tmp_path / "record.txt"
    f.write_text("総務委員会会議録\n令和6年6月10日（月）\n" + "山田委員長　ただいまから委員会を開きます。\n" * 3,
                 encoding="utf-8")
    result = runner.invoke(main, ["check", str(f)])
    assert result.exit_code == 1
    assert "[speakers] 3 lines open like a speaker mark no form reads" in result.output
    assert "0 turns" in result.output
