"""Benchmark runner: time one gkml stage on generated corpora of several sizes.

``python -m benchmarks.run STAGE --n N [--n N2 …] [--seed S] [--keep]``

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
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import corpus

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


@dataclass(frozen=True)
class StageContext:
    """What a stage gets: the corpus, an empty directory for its output, the repository."""

    corpus: Corpus
    work: Path
    repo: Path


@dataclass(frozen=True)
class Outcome:
    """What a stage reports: the measured run, whether it counts as run, stage-specific counts."""

    measurement: Measurement
    ok: bool
    extra: Extra = field(default_factory=dict)


Stage = Callable[[StageContext], Outcome]


# --------------------------------------------------------------------------- measuring


def measure(argv: Sequence[str], *, cwd: Path, stdout: Path, stderr: Path) -> Measurement:
    """Run *argv* with output to files; return its wall time, peak RSS and exit code."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    return Measurement(tuple(argv), seconds, usage.ru_maxrss, proc.returncode)


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


STAGES: Mapping[str, Stage] = {
    "check": stage_check,
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
    ("stage", 6),
    ("items", 7),
    ("body MiB", 9),
    ("gen s", 6),
    ("seconds", 8),
    ("items/s", 8),
    ("RSS MiB", 8),
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
            stage,
            str(c.items),
            f"{c.body_bytes / 2**20:.1f}",
            "reused" if c.gen_seconds is None else f"{c.gen_seconds:.1f}",
            f"{m.seconds:.2f}",
            f"{c.items / m.seconds:.0f}" if m.seconds > 0 else "-",
            f"{m.peak_rss_kib / 1024:.0f}",
            str(m.exit_code),
            _result_text(outcome),
        )
    )


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


def run_one(stage: str, n: int, seed: int, *, keep: bool, trash: Trash) -> tuple[Corpus, Outcome]:
    """Prepare the corpus and an empty work directory, then run *stage* once."""
    c = ensure_corpus(n, seed, trash)
    work = CORPUS_ROOT / f"{stage}-n{n}.out"
    trash.discard(work)
    work.mkdir(parents=True)
    outcome = STAGES[stage](StageContext(corpus=c, work=work, repo=REPO))
    if not keep:
        trash.discard(work)
    return c, outcome


def main(argv: Sequence[str] | None = None) -> int:
    """Run the stage for every --n; return 0 if every run counted as run, else 1."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    ap.add_argument("stage", choices=sorted(STAGES))
    ap.add_argument("--n", type=int, action="append", required=True, help="items (repeatable)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the stage's output directory")
    args = ap.parse_args(argv)
    trash = Trash(TRASH)
    RESULTS.mkdir(parents=True, exist_ok=True)
    commit = _commit()
    print(_row([name for name, _ in COLUMNS]), flush=True)
    failures = 0
    for n in args.n:
        c, outcome = run_one(args.stage, n, args.seed, keep=args.keep, trash=trash)
        print(table_row(args.stage, c, outcome), flush=True)
        with (RESULTS / f"{args.stage}.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(record(args.stage, c, outcome, commit), ensure_ascii=False) + "\n")
        failures += not outcome.ok
        if args.keep:
            print(f"  output kept in {CORPUS_ROOT / f'{args.stage}-n{n}.out'}")
    pid = trash.empty_in_background()
    if pid is not None:
        print(f"deleting old trees in the background (rm pid {pid})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
