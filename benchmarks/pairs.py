"""Paired rebuilds: the code at another commit against this working tree, on the same change.

    python -m benchmarks.pairs --before 8ed079f --n 20000 --pairs 9

One run of a rebuild moves by a tenth from minute to minute on this machine, more than most
changes to gkml save. Here each pair times the code before and the code now one after the
other, on the same edit (the title of the corpus's middle item, toggled), so both see the same
minute; the median of the pairs' differences is the change's effect.

Outside the timings: a worktree of *before* (removed at the end), both trees' modules compiled
to bytecode (these machines set PYTHONDONTWRITEBYTECODE: a tree without bytecode compiles every
module in every run, about 0.2 s), a copy of the corpus for each tree (no gkml cache), a cold
build of each and one rebuild untimed, then before each timed build `sync` and the wait that
keeps gkml's read cache from calling the edited file racy.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import hugo
from benchmarks.run import (
    AS_OF,
    GKML_CACHE,
    REPO,
    TRASH,
    Trash,
    compile_bytecode,
    ensure_corpus,
    measure,
)


@dataclass(frozen=True)
class Pairs:
    """The medians of the code before and after, and of the pairs' differences (s)."""

    before: float
    after: float
    difference: float
    faster: int  # pairs in which the code after took less time


def paired(before: Sequence[float], after: Sequence[float]) -> Pairs:
    """Return the medians of *before* and *after* and of their differences, pair by pair."""
    if not before or len(before) != len(after):
        raise ValueError(f"{len(before)} runs before against {len(after)} after")
    differences = [a - b for b, a in zip(before, after, strict=True)]
    return Pairs(
        round(statistics.median(before), 3),
        round(statistics.median(after), 3),
        round(statistics.median(differences), 3),
        sum(d < 0 for d in differences),
    )


def toggle_title(path: Path) -> None:
    """Add hugo.TITLE_MARKER to the item's title, or take it away: a metadata change."""
    text = path.read_text(encoding="utf-8")
    if hugo.TITLE_MARKER in text:
        path.write_text(text.replace(hugo.TITLE_MARKER, "", 1), encoding="utf-8")
    else:
        hugo.retitle(path)


def _build(code: Path, site: Path, work: Path, name: str) -> float:
    """Run gkml build from the tree *code* on *site*; return the wall seconds."""
    argv = [sys.executable, "-m", "generator", "build", "--site", str(site)]
    argv += ["--out", str(site.parent / "out"), "--as-of", AS_OF.isoformat(), "--no-search"]
    m = measure(argv, cwd=code, stdout=work / f"{name}.out", stderr=work / f"{name}.err")
    if m.exit_code != 0:
        raise SystemExit(f"{name}: gkml build failed; see {work / (name + '.err')}")
    return m.seconds


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pairs", description=__doc__)
    ap.add_argument("--before", required=True, help="the commit to compare this tree with")
    ap.add_argument("--n", type=int, default=20000, help="items in the corpus")
    ap.add_argument("--pairs", type=int, default=9)
    args = ap.parse_args(argv)
    trash = Trash(TRASH)
    corpus = ensure_corpus(args.n, 1, trash)
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="gkml-pairs-"))
    before_code = work / "before"
    git = ["git", "-C", str(REPO), "worktree"]
    subprocess.run([*git, "add", "--detach", "-q", str(before_code), args.before], check=True)
    try:
        compileall.compile_dir(before_code / "generator", quiet=1, workers=0)
        trees = {"before": before_code, "after": REPO}
        sites = {name: work / name / "site" for name in trees}
        items: dict[str, Path] = {}
        for name, code in trees.items():
            site = sites[name]
            shutil.copytree(corpus.path, site, ignore=shutil.ignore_patterns(GKML_CACHE))
            items[name] = site / "content" / hugo.pick_item(site / "content")
            _build(code, site, work, f"{name}-cold")
            toggle_title(items[name])
            time.sleep(1.2)
            _build(code, site, work, f"{name}-warm")  # the first rebuild: caches written
        times: dict[str, list[float]] = {name: [] for name in trees}
        for number in range(args.pairs):
            for name, code in trees.items():
                toggle_title(items[name])
                time.sleep(1.2)  # the read cache trusts a file left alone for a second
                os.sync()
                times[name].append(_build(code, sites[name], work, f"{name}-{number}"))
            pair = f"before {times['before'][-1]:.2f} s, after {times['after'][-1]:.2f} s"
            print(f"pair {number + 1}: {pair}", flush=True)
        result = paired(times["before"], times["after"])
        print(
            f"{args.n} items, {args.pairs} pairs, title change: before {args.before} median"
            f" {result.before:.2f} s, after {result.after:.2f} s, paired difference"
            f" {result.difference:+.2f} s, after faster in {result.faster} pairs"
        )
    finally:
        subprocess.run([*git, "remove", "--force", str(before_code)], check=False)
        trash.discard(work)
        trash.empty_in_background()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
