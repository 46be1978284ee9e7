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

With `--search`, the builds make the search index too (gkml's own engine, the default), as
`gkml build` does; without it, they do not, as the issue's targets have it.

With `--attachments K`, every K-th item gets a PDF-like attachment of 0.2–1.5 MB (the same
bytes for the same corpus: `add_attachments`), as an office's scanned documents are; the
peak memory of the builds is printed beside their times.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
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
    Measurement,
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


def add_attachments(content: Path, every: int, seed: int = 1) -> tuple[int, int]:
    """Give every *every*-th item under *content* (by name) an attachment of 0.2–1.5 MB of
    seeded random bytes after a PDF header; return how many and their bytes in all."""
    items = sorted(p for p in content.glob("*/*.md") if p.parent.name != "pages")
    count = total = 0
    for number, item in enumerate(items[::every]):
        text = item.read_text(encoding="utf-8")
        end = text.find("\n---", 3)
        if end < 0 or "\nattachments:" in text[:end]:
            continue
        chosen = random.Random(seed * 1_000_003 + number)
        name = f"files/{item.stem}-fj.pdf"
        data = b"%PDF-1.4\n" + chosen.randbytes(chosen.randint(200_000, 1_500_000))
        (item.parent / "files").mkdir(exist_ok=True)
        (item.parent / name).write_bytes(data)
        entry = f"\nattachments:\n  - {{file: {name}, title: 附件（PDF）}}"
        item.write_text(text[:end] + entry + text[end:], encoding="utf-8")
        count += 1
        total += len(data)
    return count, total


def _build(code: Path, site: Path, work: Path, name: str, search: bool = False) -> Measurement:
    """Run gkml build from the tree *code* on *site* (with the search index: *search*);
    return how it ran."""
    argv = [sys.executable, "-m", "generator", "build", "--site", str(site)]
    argv += ["--out", str(site.parent / "out"), "--as-of", AS_OF.isoformat()]
    if not search:
        argv.append("--no-search")  # as the targets are
    m = measure(argv, cwd=code, stdout=work / f"{name}.out", stderr=work / f"{name}.err")
    if m.exit_code != 0:
        raise SystemExit(f"{name}: gkml build failed; see {work / (name + '.err')}")
    return m


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pairs", description=__doc__)
    ap.add_argument("--before", required=True, help="the commit to compare this tree with")
    ap.add_argument("--n", type=int, default=20000, help="items in the corpus")
    ap.add_argument("--pairs", type=int, default=9)
    ap.add_argument(
        "--attachments", type=int, metavar="K", help="give every K-th item an attachment"
    )
    ap.add_argument(
        "--search", action="store_true", help="build the search index too, as `gkml build` does"
    )
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
            if args.attachments:
                count, total = add_attachments(site / "content", args.attachments)
                print(f"{name}: {count} attachments, {total / 1e6:.0f} MB", flush=True)
            _build(code, site, work, f"{name}-cold", args.search)
            toggle_title(items[name])
            time.sleep(1.2)
            _build(code, site, work, f"{name}-warm", args.search)  # the first rebuild: caches
        times: dict[str, list[float]] = {name: [] for name in trees}
        peaks: dict[str, list[int]] = {name: [] for name in trees}
        for number in range(args.pairs):
            for name, code in trees.items():
                toggle_title(items[name])
                time.sleep(1.2)  # the read cache trusts a file left alone for a second
                os.sync()
                ran = _build(code, sites[name], work, f"{name}-{number}", args.search)
                times[name].append(ran.seconds)
                peaks[name].append(ran.peak_rss_kib)
            pair = f"before {times['before'][-1]:.2f} s, after {times['after'][-1]:.2f} s"
            memory = f"{peaks['before'][-1] // 1024} and {peaks['after'][-1] // 1024} MiB"
            print(f"pair {number + 1}: {pair} (peak RSS {memory})", flush=True)
        result = paired(times["before"], times["after"])
        print(
            f"{args.n} items, {args.pairs} pairs, title change: before {args.before} median"
            f" {result.before:.2f} s, after {result.after:.2f} s, paired difference"
            f" {result.difference:+.2f} s, after faster in {result.faster} pairs; peak RSS"
            f" median {statistics.median(peaks['before']) / 1024:.0f} MiB before,"
            f" {statistics.median(peaks['after']) / 1024:.0f} MiB after"
        )
    finally:
        subprocess.run([*git, "remove", "--force", str(before_code)], check=False)
        trash.discard(work)
        trash.empty_in_background()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
