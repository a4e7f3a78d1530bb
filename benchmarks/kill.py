"""Kill test: SIGKILL at a random moment during full and incremental builds of a small synthetic
corpus, then the next build, then checks that nothing was lost or left half-done.

    python benchmarks/kill.py [--runs 50] [--meetings 10] [--seed 1] [--reference-every 10]

Each run changes the inputs (an edited summary, one added or removed; every other run a
--full build, some with --store-graphs), starts `kg build`, kills its whole process group
with SIGKILL after a random delay within the time such a build takes, then runs the next
build to its end. That build must exit 0 without a traceback, and then:

- no temporary file, journal or half-loaded store is left in the outputs folder;
- graph.ttl and graph.trig parse (Oxigraph), and graph.trig has one named graph per summary;
- the store is current (its stamp names these graph files), its default graph holds exactly
  graph.ttl's triples, and with --store-graphs its named graphs exactly graph.trig's quads;
- the text index holds exactly the statements' texts of graph.ttl (subject and text);
- every --reference-every runs and after the last, graph.ttl and graph.trig are byte for byte
  those of a clean build of the same inputs in a new folder.

Prints figures; exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
SCHEMA_TEXT = "https://schema.org/text"


def build(inputs: Path, out: Path, *flags: str) -> subprocess.Popen:
    # A session of its own: the kill reaches the build's worker processes too, as a crash would.
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(inputs), "-o", str(out), "-q", *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, err = proc.communicate(timeout=900)
    return proc.returncode, err


def change_inputs(rng: random.Random, inputs: Path, spare: list[Path], run: int) -> str:
    """Edit one summary, and add one from the spares or remove one: what an incremental build
    then redoes."""
    files = sorted(inputs.glob("*.txt"))
    victim = rng.choice(files)
    lines = victim.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("- ・"))
    lines.insert(at, f"- ・第{run}稿で追記された意見があった。")
    victim.write_text("\n".join(lines), encoding="utf-8")
    if spare and (len(files) < 4 or rng.random() < 0.5):
        new = spare.pop(rng.randrange(len(spare)))
        shutil.move(str(new), inputs / new.name)
        return f"edited {victim.name}, added {new.name}"
    gone = rng.choice([f for f in files if f != victim])
    spare.append(gone.parent.parent / "made" / gone.name)  # it may come back later
    shutil.move(str(gone), spare[-1])
    return f"edited {victim.name}, removed {gone.name}"


def check(out: Path, inputs: Path, graphs: bool) -> list[str]:
    """What is wrong with the outputs in ``out`` (nothing: an empty list)."""
    import pyoxigraph as ox

    from kg.read.normalize import search_form
    from kg.store.folder import STORE, current_store
    from kg.store.texts import FILE

    problems = []
    left = [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old")) or p.name.startswith(".kg")
            or p.name == "store.new"]
    left += [str(p.relative_to(out)) for p in (out / "store").glob("*.tmp")]
    if left:
        problems.append(f"left behind: {left}")
    try:
        ttl = list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
        trig = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    except (OSError, SyntaxError) as exc:
        return [*problems, f"graph files do not parse: {exc}"]
    named = {q.graph_name for q in trig if not isinstance(q.graph_name, ox.DefaultGraph)}
    sources = len(list(inputs.glob("*.txt")))
    if len(named) < sources:
        problems.append(f"graph.trig has {len(named)} named graphs for {sources} summaries")
    store = current_store(out)
    if store is None:
        return [*problems, "the store is not current (its stamp does not match graph.ttl and graph.trig)"]
    db = ox.Store.read_only(str(store))
    default = sum(1 for _ in db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default != len(set(q.triple for q in ttl)):
        problems.append(f"store's default graph {default} triples, graph.ttl {len(ttl)}")
    if graphs:
        in_store = sum(1 for q in db if not isinstance(q.graph_name, ox.DefaultGraph))
        in_trig = len({q for q in trig if not isinstance(q.graph_name, ox.DefaultGraph)})
        if in_store != in_trig:
            problems.append(f"store's named graphs {in_store} quads, graph.trig {in_trig}")
    del db
    texts = {(t.subject.value, search_form(t.object.value)) for t in ttl if t.predicate.value == SCHEMA_TEXT}
    con = sqlite3.connect(f"file:{out / STORE / FILE}?mode=ro", uri=True)
    try:
        index = set(con.execute("SELECT s, text FROM texts"))
    finally:
        con.close()
    if index != texts:
        problems.append(f"text index {len(index)} texts, graph.ttl {len(texts)} "
                        f"({len(index - texts)} not in the graph, {len(texts - index)} missing)")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--meetings", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reference-every", type=int, default=10)
    args = ap.parse_args()
    from corpus import make_corpus

    rng = random.Random(args.seed)
    failures: list[str] = []
    killed, finished_first, while_writing, next_times = 0, 0, 0, []
    stray: list[int] = []  # temporaries a kill left in the cache (not outputs: unused, never read)
    kill_at: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kg-kill-") as tmp:
        made, inputs, out = Path(tmp) / "made", Path(tmp) / "in", Path(tmp) / "out"
        made.mkdir()
        inputs.mkdir()
        make_corpus(made, args.meetings * 2)  # half to start with, half to add on the way
        every = sorted(made.glob("*.txt"))
        for f in every[:args.meetings]:
            shutil.move(str(f), inputs / f.name)
        spare = every[args.meetings:][::-1]
        took = {}
        for mode, flags in (("full", ("--full",)), ("incremental", ())):  # how long each takes unhurt
            t0 = time.perf_counter()
            code, err = finish(build(inputs, out, *flags))
            took[mode] = time.perf_counter() - t0
            if code:
                sys.exit(f"the first {mode} build failed: {err.strip()[-300:]}")
        print(f"unhurt: full build {took['full']:.1f} s, incremental {took['incremental']:.1f} s "
              f"({args.meetings} meetings)", flush=True)
        for run in range(1, args.runs + 1):
            mode = "full" if run % 2 else "incremental"
            graphs = rng.random() < 0.3
            flags = (("--full",) if mode == "full" else ()) + (("--store-graphs",) if graphs else ())
            what = change_inputs(rng, inputs, spare, run)
            delay = rng.uniform(0, took[mode] * (1.4 if graphs else 0.9))  # within the build, mostly
            proc = build(inputs, out, *flags)
            time.sleep(delay)
            # Writing its outputs when killed: a temporary file, a swap journal or a new store there
            writing = any(p.name.endswith(".tmp") or p.name in (".kg-swap.json", "store.new") for p in out.iterdir())
            with contextlib.suppress(ProcessLookupError):  # it may end meanwhile
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            if proc.returncode == -signal.SIGKILL:
                killed += 1
                kill_at.append(delay)
                while_writing += writing
            else:  # the machine is quicker now: aim within this build's time from now on
                finished_first += 1
                took[mode] = delay / (1.4 if graphs else 1.0)
            t0 = time.perf_counter()
            code, err = finish(build(inputs, out, *(("--store-graphs",) if graphs else ())))
            next_times.append(time.perf_counter() - t0)
            problems = [f"next build exit {code}: {err.strip()[-300:]}"] if code or "Traceback" in err else []
            if not problems:
                problems = check(out, inputs, graphs)
            if not problems and (run % args.reference_every == 0 or run == args.runs):
                clean = Path(tmp) / f"clean{run}"
                code, err = finish(build(inputs, clean, "--no-store"))
                for name in ("graph.ttl", "graph.trig"):
                    if code or (clean / name).read_bytes() != (out / name).read_bytes():
                        problems.append(f"{name} differs from a clean build's ({err.strip()[-200:]})")
                shutil.rmtree(clean, ignore_errors=True)
            stray.append(sum(1 for _ in (out / "cache").rglob("*.tmp")))
            status = "ok" if not problems else "FAILED: " + "; ".join(problems)
            print(f"run {run:3d} {mode:<11}{' +graphs' if graphs else '':8} {what:<40} "
                  f"{'killed at' if proc.returncode < 0 else 'ended by'} {delay:5.1f} s  {status}", flush=True)
            failures += [f"run {run}: {p}" for p in problems]
    print(f"\nruns {args.runs}: killed {killed} (at {min(kill_at, default=0):.1f}–{max(kill_at, default=0):.1f} s), "
          f"{while_writing} of them while writing outputs; ended before the kill {finished_first}; "
          f"temporaries left in the cache at most {max(stray, default=0)}; "
          f"next build median {statistics.median(next_times):.1f} s; "
          f"runs failing a check {len({f.split(':')[0] for f in failures})}")
    for f in failures[:20]:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
