"""Benchmark runner: time one gkml stage on generated corpora of several sizes.

``python -m benchmarks.run STAGE --n N [--n N2 …] [--seed S] [--repeat R] [--keep]``

For each N the corpus under ``benchmarks/.corpus/n<N>/`` is reused when its stamp matches
(n, seed, hash of the corpus generator's sources) and regenerated otherwise. The stage runs as
a child process; the runner records its wall time (``time.perf_counter``) and its peak resident
memory (``os.wait4`` → ``ru_maxrss``, KiB on Linux), prints a table row and appends a JSON line
to ``benchmarks/results/<stage>.jsonl``.

To add a stage, write a function ``StageContext -> Outcome`` and register it in ``STAGES``.

Trees that must go (an outdated corpus, a stage's output) are renamed into
``benchmarks/.corpus/.trash/`` and deleted in the background after all timings: on this
machine's disk, file creation is slow for tens of seconds after a large tree is deleted.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import corpus, hugo, plain
from generator.options import SEARCH_ENGINES

REPO = Path(__file__).resolve().parent.parent
CORPUS_ROOT = REPO / "benchmarks" / ".corpus"
RESULTS = REPO / "benchmarks" / "results"
TRASH = CORPUS_ROOT / ".trash"
AS_OF = corpus.END + timedelta(days=1)

Extra = Mapping[str, int | float | str]


@dataclass(frozen=True)
class Corpus:
    """A generated corpus on disk and what it holds."""

    n: int
    seed: int
    path: Path
    items: int
    body_bytes: int
    total_bytes: int
    source: str  # hash of the generator's sources
    gen_seconds: float | None  # None when reused


@dataclass(frozen=True)
class Measurement:
    """How one child process ran."""

    argv: tuple[str, ...]
    seconds: float
    peak_rss_kib: int
    exit_code: int
    cpu_seconds: float = 0.0  # user + system time of the child (and its reaped children)
    tree_pss_kib: int = 0  # peak summed PSS of the child and its descendants (sampled)


@dataclass(frozen=True)
class StageContext:
    """What a stage gets: the corpus, an empty directory for its output, the repository.

    *peer*: whether to measure the peer tool beside gkml (Pagefind in ``search``).
    *engine*: the search page's engine over http in ``search`` (catalog.yml's site.search).
    *repeat*: how often ``build`` runs each rebuild step, each run after a change of its own.
    """

    corpus: Corpus
    work: Path
    repo: Path
    peer: bool = True
    engine: str = "gkml"
    repeat: int = 1


@dataclass(frozen=True)
class Outcome:
    """What a stage reports: the measured run, whether it counts as run, stage-specific counts.

    A stage that times several runs (``build``) returns one outcome per run, each named by
    *step* (``gkml cold`` …).
    """

    measurement: Measurement
    ok: bool
    extra: Extra = field(default_factory=dict)
    step: str = ""


Stage = Callable[[StageContext], Outcome | Sequence[Outcome]]


# --------------------------------------------------------------------------- measuring


PROC = Path("/proc")
SAMPLE_SECONDS = 0.1  # between two samples of a process tree's memory, at the least
# Reading a process's smaps_rollup walks its page tables: ~23 ms for an 800 MiB process here.
# Sampled every 25 ms, a build's three processes kept the sampler busy all the time, on one of
# the two cores, and slowed the measured build by a third. The pause after a sample is at least
# SAMPLE_COST_SHARE⁻¹ times what the sample took, so the sampler uses at most a tenth of a core.
SAMPLE_COST_SHARE = 0.1
# ...and at most SAMPLE_MAX_SECONDS: on a loaded machine a sample can take long, and a pause of
# ten times that would miss a peak that lasts a second or two.
SAMPLE_MAX_SECONDS = 0.5


def _descendants(root: int) -> list[int]:
    """Return *root* and its living descendants, from the parent pids in ``/proc/<pid>/stat``."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        # Pids grow: a descendant's is larger than *root*'s (barring a wrap-around of pid_max,
        # which would only hide it), so reading the other processes' stat is not needed.
        if not entry.name.isdigit() or int(entry.name) <= root:
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()  # after "pid (comm)": state, ppid, …
        if len(fields) > 1 and fields[1].isdigit():
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


class _TreeSampler(threading.Thread):
    """Sample the summed PSS of a process tree until stopped; keep the peak.

    ``ru_maxrss`` is the largest single process: for a build that forks workers (gkml) it
    misses the workers' sum, for a threaded one (Hugo) it is the whole. PSS divides pages
    shared after ``fork`` among their sharers, so the sum does not count them twice.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        available = (PROC / "self" / "smaps_rollup").exists()
        while available:
            began = time.perf_counter()
            total = sum(_pss_kib(pid) for pid in _descendants(self.pid))
            self.peak_kib = max(self.peak_kib, total)
            took = time.perf_counter() - began
            pause = min(SAMPLE_MAX_SECONDS, max(SAMPLE_SECONDS, took / SAMPLE_COST_SHARE))
            if self._stop_event.wait(pause):
                break

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kib


def measure(argv: Sequence[str], *, cwd: Path, stdout: Path, stderr: Path) -> Measurement:
    """Run *argv* with output to files; return its wall time, peak memory, CPU time, exit code."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree_pss = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(tuple(argv), seconds, usage.ru_maxrss, proc.returncode, cpu, tree_pss)


# --------------------------------------------------------------------------- stages


def _diagnostic_counts(path: Path) -> dict[str, int | float | str]:
    """Return the number of diagnostics in the checker's JSON array, by severity if given."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {"json_error": f"{type(exc).__name__}: {exc}"[:200]}
    if not isinstance(data, list):
        return {"json_error": f"expected a JSON array, got {type(data).__name__}"}
    severities: Counter[str] = Counter()
    for diag in data:
        if isinstance(diag, dict):
            severities[str(diag.get("severity", diag.get("level", "unknown")))] += 1
    return {"diagnostics": len(data), **{f"{k}s": v for k, v in sorted(severities.items())}}


def stage_check(ctx: StageContext) -> Outcome:
    """Run ``python -m generator check --format json`` on the corpus.

    Exit 0 (clean) and 1 (diagnostics found) both count as a run; anything else is a failure.
    """
    argv = [sys.executable, "-m", "generator", "check", "--site", str(ctx.corpus.path)]
    # The corpus ends on corpus.END; checking "as of" the next day keeps the result (columns
    # not updated for long, future dates) the same whatever day the benchmark runs.
    argv += ["--format", "json", "--as-of", AS_OF.isoformat()]
    out = ctx.work / "check.json"
    m = measure(argv, cwd=ctx.repo, stdout=out, stderr=ctx.work / "check.stderr")
    if m.exit_code not in (0, 1):
        return Outcome(m, ok=False)
    extra = _diagnostic_counts(out)
    return Outcome(m, ok="json_error" not in extra, extra=extra)


GKML_CACHE = ".gkml-cache"  # gkml build's incremental cache, inside the site directory
# one-changed: a sentence added to one item's body; title-changed: then its title (metadata:
# the listings, feeds and exports that show it change too).
BUILD_STEPS = ("cold", "no-change", "one-changed", "title-changed")
PLAIN = "gkml-plain"  # gkml building Hugo's page (`benchmarks/plain.py`): its cold build only
PLAIN_STEP = "cold (Hugo's page)"  # the summary's row of it
_MARKERS = {"one-changed": hugo.MARKER, "title-changed": hugo.TITLE_MARKER}


def _stderr_tail(path: Path, limit: int = 300) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return " ".join(text.split())[-limit:]


def _set_aside(path: Path, work: Path) -> None:
    """Rename *path* (a cache) into *work*, which goes to the trash after the stage."""
    if path.exists():
        path.rename(work / f"aside-{path.name}-{time.monotonic_ns()}")


def _timed_build(
    tool: str, step: str, argv: Sequence[str], *, cwd: Path, out: Path, work: Path
) -> Outcome:
    """Run one build; report the HTML files in *out*, those it wrote, and the marker's presence."""
    name = f"{tool}-{step}"
    os.sync()  # write back the previous step's output now, not during this timing
    stamp = work / f"{name}.stamp"
    stamp.touch()
    since = stamp.stat().st_mtime_ns  # the file system's clock, as the output's mtimes
    stderr = work / f"{name}.stderr"
    m = measure(argv, cwd=cwd, stdout=work / f"{name}.stdout", stderr=stderr)
    label = f"{tool} {step}"
    if m.exit_code != 0:
        return Outcome(m, ok=False, extra={"stderr": _stderr_tail(stderr)}, step=label)
    scan = hugo.scan_output(out, since, _MARKERS.get(step, hugo.MARKER))
    extra: dict[str, int | float | str] = {"html": scan.html, "written": scan.written}
    printed = (work / f"{name}.stdout").read_text(encoding="utf-8", errors="replace")
    if stages := gkml_stages(printed):
        extra["stages"] = stages
    if peaks := gkml_peaks(printed):
        extra["stage_mib"] = peaks
    ok = scan.html > 0
    if step in _MARKERS:
        extra["change"] = "in output" if scan.marker else "NOT IN OUTPUT"
        ok = ok and scan.marker
    return Outcome(m, ok=ok, extra=extra, step=label)


_STAGE_VALUE = re.compile(r"([a-z]+) (\d+(?:\.\d+)?)")
SECONDS_LINE = "用时 (seconds):"  # gkml build: `用时 (seconds): check 0.55s、plan …`
PEAKS_LINE = "内存峰值"  # gkml build: `内存峰值，至各阶段结束 (… MiB): check 48、…`


def gkml_summary(stdout: str, line: str) -> dict[str, str]:
    """Return stage → number from the last line of gkml build's output that starts with *line*
    (SECONDS_LINE or PEAKS_LINE); {} when there is none (a no-change build, or Hugo)."""
    found = [x for x in stdout.splitlines() if x.startswith(line)]
    return dict(_STAGE_VALUE.findall(found[-1].rpartition(": ")[2])) if found else {}


def gkml_stages(stdout: str) -> str:
    """Return gkml build's seconds per stage as `check 0.55 plan …`; "" when it printed none."""
    return " ".join(f"{k} {v}" for k, v in gkml_summary(stdout, SECONDS_LINE).items())


def gkml_peaks(stdout: str) -> str:
    """Return gkml build's peak memory by stage (MiB) as `check 48 plan …`; "" when none."""
    return " ".join(f"{k} {v}" for k, v in gkml_summary(stdout, PEAKS_LINE).items())


def _settle(tree: Path, seconds: float = 1.1) -> None:
    """Wait until the newest file under *tree* is *seconds* old. gkml's read cache does not keep
    a file changed within a second of its read (it could change again within the file system's
    clock step), so a corpus generated just before the cold build (a fresh clone: 0.3 s for
    1,000 items) would be read whole again by the first rebuild, which a build of files left
    alone for a second does not do."""
    newest = max((p.stat().st_mtime for p in tree.rglob("*") if p.is_file()), default=0.0)
    time.sleep(max(0.0, newest + seconds - time.time()))


def _gkml_build(site: Path, out: Path) -> list[str]:
    """Return the command of a timed `gkml build` of *site* into *out*."""
    argv = [sys.executable, "-m", "generator", "build", "--site", str(site), "--out", str(out)]
    argv += ["--as-of", AS_OF.isoformat()]
    return [*argv, "--no-search"]  # the targets exclude search indexing (stage "search")


def stage_build(ctx: StageContext) -> list[Outcome]:
    """Time gkml and Hugo on the same corpus: cold build, no-change rebuild, one item's body
    changed, then its title.

    Outside the timings: the corpus is copied into the work directory (without any gkml cache),
    so the one-item change never touches the shared corpus, and converted into a Hugo site
    (``benchmarks/hugo.py``). Every step runs in a fresh child process; before each, ``sync``.
    The two tools take turns, step by step: each rebuild step runs *ctx.repeat* times for each
    (the body gains one more sentence, the title one more marker, each time), so that both
    tools' runs of a step fall in the same minutes of a machine whose speed moves from one
    minute to the next.
    """
    work = ctx.work
    site = work / "corpus"
    shutil.copytree(ctx.corpus.path, site, ignore=shutil.ignore_patterns(GKML_CACHE))
    hugo_site = hugo.make_site(ctx.corpus.path, work / "hugo", cache_dir=work / "hugo-cache")
    changed = hugo.pick_item(site / "content")
    _settle(site)
    gkml_out = work / "site"
    gkml_argv = _gkml_build(site, gkml_out)
    hugo_out = work / "hugo-public"
    hugo_argv = [str(hugo.hugo_binary()), "--quiet", "--source", str(hugo_site.root)]
    hugo_argv += ["--destination", str(hugo_out)]
    runs: tuple[tuple[str, list[str], list[str], Path, Path, Path], ...] = (
        ("gkml", gkml_argv, [], ctx.repo, gkml_out, site / "content" / changed),
        (
            "hugo",
            hugo_argv,
            ["--ignoreCache"],
            hugo_site.root,
            hugo_out,
            hugo_site.root / "content" / changed,
        ),
    )
    outcomes: list[Outcome] = []
    _set_aside(site / GKML_CACHE, work)  # cold: no incremental cache …
    _set_aside(hugo_site.root / "resources", work)  # … and no Hugo resources cache
    for step in BUILD_STEPS:
        times = 1 if step == "cold" else ctx.repeat
        for number in range(1, times + 1):
            for tool, argv, cold_flags, cwd, out, item in runs:
                if step == "one-changed":
                    hugo.append_marker(item)
                elif step == "title-changed":
                    hugo.retitle(item)
                flags = cold_flags if step == "cold" else []
                outcome = _timed_build(tool, step, [*argv, *flags], cwd=cwd, out=out, work=work)
                if times > 1:
                    extra = {**outcome.extra, "run": f"{number}/{times}"}
                    outcome = dataclasses.replace(outcome, extra=extra)
                outcomes.append(outcome)
    # Like for like: gkml's cold build of Hugo's page, one edition (`benchmarks/plain.py`).
    plain_site = plain.make_site(ctx.corpus.path, work / "plain", ignore=GKML_CACHE)
    _settle(plain_site)
    plain_out = work / "plain-site"
    plain_argv = _gkml_build(plain_site, plain_out)
    outcomes.append(_timed_build(PLAIN, "cold", plain_argv, cwd=ctx.repo, out=plain_out, work=work))
    return outcomes


def _tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def stage_archive(ctx: StageContext) -> list[Outcome]:
    """Time ``gkml archive --iso`` (a cold build, the bag, the image), then ``gkml verify``
    on the bag and on the image.

    The corpus is copied into the work directory without its gkml cache, outside the timing.
    """
    work = ctx.work
    site = work / "corpus"
    shutil.copytree(ctx.corpus.path, site, ignore=shutil.ignore_patterns(GKML_CACHE))
    out = work / "archive"
    gkml = [sys.executable, "-m", "generator"]
    argv = [*gkml, "archive", "--site", str(site), "--out", str(out), "--iso"]
    argv += ["--as-of", AS_OF.isoformat()]
    os.sync()
    m = measure(argv, cwd=ctx.repo, stdout=work / "archive.stdout", stderr=work / "archive.err")
    bags = sorted(p for p in out.iterdir() if p.is_dir()) if out.is_dir() else []
    if m.exit_code != 0 or len(bags) != 1:
        extra = {"stderr": _stderr_tail(work / "archive.err")}
        return [Outcome(m, ok=False, extra=extra, step="archive --iso")]
    bag = bags[0]
    image = bag.with_name(f"{bag.name}.iso")
    sizes: dict[str, int | float | str] = {
        "bag_mib": round(_tree_bytes(bag) / 2**20, 1),
        "iso_mib": round(image.stat().st_size / 2**20, 1) if image.is_file() else 0,
        "files": sum(1 for p in bag.rglob("*") if p.is_file()),
    }
    outcomes = [Outcome(m, ok=image.is_file(), extra=sizes, step="archive --iso")]
    for name, target in (("bag", bag), ("iso", image)):
        os.sync()
        v = measure(
            [*gkml, "verify", str(target)],
            cwd=ctx.repo,
            stdout=work / f"verify-{name}.stdout",
            stderr=work / f"verify-{name}.err",
        )
        outcomes.append(Outcome(v, ok=v.exit_code == 0, step=f"verify {name}"))
    return outcomes


def stage_search(ctx: StageContext) -> list[Outcome]:
    """Build once, then measure the offline search: index, browser, recall (``search.py``)."""
    from benchmarks import search  # imported here: it builds on this module

    return search.stage(ctx)


STAGES: Mapping[str, Stage] = {
    "archive": stage_archive,
    "build": stage_build,
    "check": stage_check,
    "search": stage_search,
}


# --------------------------------------------------------------------------- disk


@dataclass(frozen=True)
class Trash:
    """Trees to delete later: renamed now (cheap), removed in the background at the end."""

    root: Path

    def discard(self, path: Path) -> None:
        """Move *path* into the trash, if it exists."""
        if not path.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        path.rename(self.root / f"{path.name}.{os.getpid()}.{time.monotonic_ns()}")

    def empty_in_background(self) -> int | None:
        """Start a detached ``rm -rf`` of everything in the trash; return its pid, if any."""
        entries = sorted(self.root.iterdir()) if self.root.is_dir() else []
        if not entries:
            return None
        proc = subprocess.Popen(
            ["rm", "-rf", "--", *map(str, entries)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return proc.pid


def _read_stamp(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"expected an integer in the corpus stamp, got {value!r}")
    return value


def ensure_corpus(n: int, seed: int, trash: Trash) -> Corpus:
    """Return the corpus of *n* items for *seed*, reusing it when its stamp matches."""
    path = CORPUS_ROOT / f"n{n}"
    stamp_path = CORPUS_ROOT / f"n{n}.json"
    source = corpus.source_hash()
    key: dict[str, object] = {"n": n, "seed": seed, "source": source}
    stamp = _read_stamp(stamp_path)
    if path.is_dir() and stamp is not None and stamp.get("key") == key:
        return Corpus(
            n=n,
            seed=seed,
            path=path,
            items=_int(stamp["items"]),
            body_bytes=_int(stamp["body_bytes"]),
            total_bytes=_int(stamp["total_bytes"]),
            source=source,
            gen_seconds=None,
        )
    stamp_path.unlink(missing_ok=True)
    partial = CORPUS_ROOT / f"n{n}.partial"
    trash.discard(path)
    trash.discard(partial)
    stats = corpus.generate(n, partial, seed)
    partial.rename(path)
    stamp_path.write_text(
        json.dumps(
            {
                "key": key,
                "items": stats.items,
                "body_bytes": stats.body_bytes,
                "total_bytes": stats.total_bytes,
                "files": stats.files,
                "seconds": round(stats.seconds, 3),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return Corpus(
        n,
        seed,
        path,
        stats.items,
        stats.body_bytes,
        stats.total_bytes,
        source,
        stats.seconds,
    )


# --------------------------------------------------------------------------- reporting


COLUMNS = (
    ("stage", 22),
    ("items", 7),
    ("body MiB", 9),
    ("gen s", 6),
    ("seconds", 8),
    ("items/s", 8),
    ("RSS MiB", 8),
    ("CPU s", 7),
    ("exit", 5),
    ("result", 0),
)


def _row(values: Sequence[str]) -> str:
    cells = [v.rjust(w) if w else v for v, (_, w) in zip(values, COLUMNS, strict=True)]
    return "  ".join(cells)


def _result_text(outcome: Outcome) -> str:
    status = "ran" if outcome.ok else "FAILED"
    details = ", ".join(f"{k} {v}" for k, v in outcome.extra.items())
    return f"{status} ({details})" if details else status


def table_row(stage: str, c: Corpus, outcome: Outcome) -> str:
    """Return one printed row for *stage* on corpus *c*."""
    m = outcome.measurement
    return _row(
        (
            f"{stage} {outcome.step}" if outcome.step else stage,
            str(c.items),
            f"{c.body_bytes / 2**20:.1f}",
            "reused" if c.gen_seconds is None else f"{c.gen_seconds:.1f}",
            f"{m.seconds:.2f}",
            f"{c.items / m.seconds:.0f}" if m.seconds > 0 else "-",
            f"{m.peak_rss_kib / 1024:.0f}",
            f"{m.cpu_seconds:.2f}",
            str(m.exit_code),
            _result_text(outcome),
        )
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "-"


def _ran(o: Outcome | None) -> Measurement | None:
    return o.measurement if o is not None and o.measurement.exit_code == 0 else None


def _notes(o: Outcome | None) -> list[str]:
    if o is None:
        return []
    if o.measurement.exit_code != 0:
        tail = str(o.extra.get("stderr", ""))[-120:]
        return [f"{o.step} exit {o.measurement.exit_code}: {tail}"]
    return [] if o.ok else [f"{o.step}: {_result_text(o)}"]


def median_run(runs: Sequence[Outcome]) -> Outcome | None:
    """Return the run of a step whose time is the median of the runs that ran (the lower of
    the two middle ones for an even count: a run that took place); a failed run when none
    ran; None when there is no run."""
    ran = sorted((o for o in runs if _ran(o) is not None), key=lambda o: o.measurement.seconds)
    if ran:
        return ran[(len(ran) - 1) // 2]
    return runs[0] if runs else None


def _spread(tool: str, runs: Sequence[Outcome]) -> list[str]:
    """Return the note of a step's runs (how many, fastest–slowest) when it ran more than once."""
    seconds = [m.seconds for o in runs if (m := _ran(o)) is not None]
    if len(seconds) < 2:
        return []
    return [f"{tool} median of {len(seconds)}, {min(seconds):.2f}–{max(seconds):.2f} s"]


def build_summary(results: Sequence[tuple[Corpus, Sequence[Outcome]]]) -> str:
    """Return the gkml-versus-Hugo table of the ``build`` stage (ratios are gkml ÷ Hugo).

    ``RSS`` is the largest single process (``ru_maxrss``), ``PSS`` the sampled peak of the
    whole process tree (gkml forks workers, Hugo is one process).
    """
    heads: tuple[str, ...] = ("n", "build", "gkml s", "items/s", "gkml RSS", "gkml PSS")
    heads += ("hugo s", "hugo RSS", "hugo PSS", "s g/h", "RSS g/h", "PSS g/h", "notes")
    widths = (6, 18, 7, 8, 8, 8, 7, 8, 8, 7, 7, 7, 0)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if w else c for c, w in zip(cells, widths, strict=True))

    def mib(kib: int) -> str:
        return f"{kib / 1024:.0f}"

    lines = [
        "gkml versus Hugo (memory in MiB; g/h = gkml ÷ Hugo; a step run more than once: its",
        "median run, the range in the notes)",
        line(heads),
    ]
    for c, outcomes in results:
        by_step: dict[str, list[Outcome]] = {}
        for o in outcomes:
            by_step.setdefault(o.step, []).append(o)
        for step in (*BUILD_STEPS, PLAIN_STEP):
            g_runs = by_step.get(f"{PLAIN} cold" if step == PLAIN_STEP else f"gkml {step}", [])
            h_runs = by_step.get(f"hugo {step}" if step in BUILD_STEPS else "hugo cold", [])
            g, h = median_run(g_runs), median_run(h_runs)
            gm, hm = _ran(g), _ran(h)
            cells = [str(c.n), step]
            if gm is not None:
                cells += [f"{gm.seconds:.2f}", f"{c.items / gm.seconds:.0f}"]
                cells += [mib(gm.peak_rss_kib), mib(gm.tree_pss_kib)]
            else:
                cells += ["-"] * 4
            if hm is not None:
                cells += [f"{hm.seconds:.2f}", mib(hm.peak_rss_kib), mib(hm.tree_pss_kib)]
            else:
                cells += ["-"] * 3
            if gm is not None and hm is not None:
                cells += [
                    _ratio(gm.seconds, hm.seconds),
                    _ratio(gm.peak_rss_kib, hm.peak_rss_kib),
                    _ratio(gm.tree_pss_kib, hm.tree_pss_kib),
                ]
            else:
                cells += ["-"] * 3
            notes = [*_spread("gkml", g_runs), *_spread("hugo", h_runs)]
            notes += [n for o in (*g_runs, *h_runs) for n in _notes(o)]
            lines.append(line([*cells, "; ".join(notes)]))
    lines += [
        "",
        "gkml's own stages, as it prints them: seconds (exports run while it renders), then the",
        "peak memory so far at the end of each stage (MiB, itself or a helper it waited for)",
    ]
    for c, outcomes in results:
        for o in outcomes:
            step = PLAIN_STEP if o.step == f"{PLAIN} cold" else o.step.removeprefix("gkml ")
            if o.step.startswith("gkml") and o.extra.get("stages"):
                run = f" (run {o.extra['run']})" if "run" in o.extra else ""
                lines.append(f"{c.n:>6}  {step:>18}  {o.extra['stages']}{run}")
                if o.extra.get("stage_mib"):
                    lines.append(f"{'':>6}  {'':>18}  MiB: {o.extra['stage_mib']}")
    return "\n".join(lines)


def search_summary(results: Sequence[tuple[Corpus, Sequence[Outcome]]]) -> str:
    """Return the tables of the ``search`` stage (``search.py``)."""
    from benchmarks import search

    return search.summary(results)


SUMMARIES: Mapping[str, Callable[[Sequence[tuple[Corpus, Sequence[Outcome]]]], str]] = {
    "build": build_summary,
    "search": search_summary,
}


def _commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def record(stage: str, c: Corpus, outcome: Outcome, commit: str | None) -> dict[str, object]:
    """Return the JSON-lines record of one measurement."""
    m = outcome.measurement
    return {
        # A measurement log, not build output: the wall-clock date belongs here.
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "stage": stage,
        "step": outcome.step or None,
        "n": c.n,
        "seed": c.seed,
        "items": c.items,
        "body_bytes": c.body_bytes,
        "total_bytes": c.total_bytes,
        "corpus_source": c.source,
        "corpus_seconds": None if c.gen_seconds is None else round(c.gen_seconds, 3),
        "seconds": round(m.seconds, 3),
        "items_per_s": round(c.items / m.seconds, 1) if m.seconds > 0 else None,
        "peak_rss_mib": round(m.peak_rss_kib / 1024, 1),
        "cpu_seconds": round(m.cpu_seconds, 3),
        "tree_pss_mib": round(m.tree_pss_kib / 1024, 1),
        "exit_code": m.exit_code,
        "ok": outcome.ok,
        "extra": dict(outcome.extra),
        "argv": [Path(a).name if a == sys.executable else a for a in m.argv],
        "commit": commit,
        "platform": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
            "machine": platform.machine(),
        },
    }


# --------------------------------------------------------------------------- CLI


def compile_bytecode() -> None:
    """Compile gkml's modules and those of the packages it imports to bytecode, as installing a
    wheel does.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (it is on these machines), Python compiles every
    module it imports again in every process: about a quarter of a second per gkml run
    (0.51 → 0.30 s for a no-change build of 20,000 items), which the timings would count as
    gkml's own work. An installed gkml has its bytecode from the installer, and elsewhere
    Python writes it on the first run.
    """
    for root in sorted(bytecode_roots()):
        if root.is_dir():
            compileall.compile_dir(root, quiet=1, workers=0)
        else:
            compileall.compile_file(root, quiet=1)


# Every module of gkml, and the packages they import only where needed (Jinja2 for a render,
# pycdlib for a disc, chinese_calendar for a count of working days): from gkml's top-level
# imports alone, a fresh environment compiled Jinja2 in every rebuild that rendered a page
# (about 80 ms of 0.6 s), and chinese_calendar's table of holidays in every rebuild that read
# an item again (about 25 ms).
_PROBE = (
    "import importlib, pkgutil, sys, generator\n"
    "for m in pkgutil.iter_modules(generator.__path__):\n"
    "    if m.name != '__main__':\n"
    "        importlib.import_module('generator.' + m.name)\n"
    "import jinja2.ext, pycdlib, chinese_calendar\n"
    "print('\\n'.join(sorted({getattr(m, '__file__', None) or '' for m in sys.modules.values()})))"
)


def bytecode_roots() -> set[Path]:
    """Return what `compile_bytecode` compiles: gkml's package, and the top folder (or the
    module) of each installed package that gkml's modules import."""
    listed = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    roots = {REPO / "generator"}
    for name in listed:
        root = installed_root(Path(name))
        if root is not None:
            roots.add(root)
    return roots


def installed_root(path: Path) -> Path | None:
    """Return the top folder of the installed package that holds the module at *path*
    (markdown/, not only markdown/core.py: its extensions are imported by name during a
    build), the module itself if it stands alone, or None for a module not installed in
    site-packages (the standard library's) or not Python source."""
    if path.suffix != ".py":
        return None
    for inner in (path, *path.parents):
        if inner.parent.name in _INSTALLED:
            return inner
        if inner.parent == inner.parent.parent:
            break
    return None


_INSTALLED = ("site-packages", "dist-packages")  # where installers put packages


def run_one(
    stage: str,
    n: int,
    seed: int,
    *,
    keep: bool,
    trash: Trash,
    peer: bool = True,
    engine: str = "gkml",
    repeat: int = 1,
) -> tuple[Corpus, list[Outcome]]:
    """Prepare the corpus and an empty work directory, then run *stage* once."""
    c = ensure_corpus(n, seed, trash)
    work = CORPUS_ROOT / f"{stage}-n{n}.out"
    trash.discard(work)
    work.mkdir(parents=True)
    context = StageContext(c, work, REPO, peer=peer, engine=engine, repeat=repeat)
    result = STAGES[stage](context)
    if not keep:
        trash.discard(work)
    return c, [result] if isinstance(result, Outcome) else list(result)


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the stage for every --n; return 0 if every run counted as run, else 1."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    ap.add_argument("stage", choices=sorted(STAGES))
    ap.add_argument("--n", type=int, action="append", required=True, help="items (repeatable)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the stage's output directory")
    ap.add_argument(
        "--no-peer", action="store_true", help="search: do not measure Pagefind beside gkml"
    )
    ap.add_argument(
        "--repeat",
        type=_at_least_one,
        default=1,
        help="build: run each rebuild step this many times, each after a new change (the "
        "table shows the median run)",
    )
    ap.add_argument(
        "--engine",
        choices=SEARCH_ENGINES,
        default="gkml",
        help="search: the search page's engine over http (catalog.yml site.search)",
    )
    args = ap.parse_args(argv)
    trash = Trash(TRASH)
    if TRASH.is_dir() and any(TRASH.iterdir()):
        print(
            f"note: {TRASH} is not empty (a previous run's deletion may still be going on);"
            " timings taken while the disk deletes are slower",
            flush=True,
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    commit = _commit()
    print(_row([name for name, _ in COLUMNS]), flush=True)
    failures = 0
    results: list[tuple[Corpus, list[Outcome]]] = []
    for n in args.n:
        c, outcomes = run_one(
            args.stage,
            n,
            args.seed,
            keep=args.keep,
            trash=trash,
            peer=not args.no_peer,
            engine=args.engine,
            repeat=args.repeat,
        )
        results.append((c, outcomes))
        with (RESULTS / f"{args.stage}.jsonl").open("a", encoding="utf-8") as log:
            for outcome in outcomes:
                print(table_row(args.stage, c, outcome), flush=True)
                line = json.dumps(record(args.stage, c, outcome, commit), ensure_ascii=False)
                log.write(line + "\n")
                failures += not outcome.ok
        if args.keep:
            print(f"  output kept in {CORPUS_ROOT / f'{args.stage}-n{n}.out'}")
    summary = SUMMARIES.get(args.stage)
    if summary is not None:
        print()
        print(summary(results), flush=True)
    pid = trash.empty_in_background()
    if pid is not None:
        print(f"deleting old trees in the background (rm pid {pid})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
