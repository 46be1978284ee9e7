"""The `gkml` command's first step: a build that would change nothing answers at once.

`gkml build` run again with nothing changed (a CI job run twice, an editor building before
and after a `git pull` that brought nothing) answers from the last build's manifest with the
standard library and `stamp` alone: 0.03 s at 1,000 items, where importing the rest of gkml
takes 0.1 s. The answer is the one the full build gives: the same checks (`stamp.up_to_date`)
and the same line.

Every other command, and every build this step is not sure of, goes to `cli.main`, which
decides everything again: options it does not know or spellings argparse would read another
way (`--no-s`, `--as-of 2024.1.5`), a site whose last build had warnings to print again, an
output path starting with `//`, another operating system's paths.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date, datetime, timedelta, timezone

from generator import stamp

TYPE_CHECKING = False  # typing's own import costs 10 ms; mypy reads the block below
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

# What `gkml build` says when nothing changed since the last build, and on Ctrl+C (`cli`).
UNCHANGED = "内容、模板和设置都没有变化，{out} 已是最新。(Nothing changed: {out} is up to date.)"
INTERRUPTED = "\ngkml: 已中断 (interrupted)"
EXIT_INTERRUPTED = 130

_VALUED = ("--site", "--out", "--as-of", "--jobs")
_JOBS_DIGITS = 6  # more would be no count of processes; argparse's int() refuses 4,301
_CHINA = timezone(timedelta(hours=8))  # China Standard Time, no daylight saving (`dates.CHINA`)


def main(argv: Sequence[str] | None = None) -> int:
    """Run gkml with *argv* (the command line's, when None) and return the exit code."""
    if argv is None:
        ready_streams()
        # Stopped by `kill`, a CI job's cancel or a closed terminal: stop as at Ctrl+C, so
        # that the build or the archive removes its staging folder and the site before stays
        # (killed outright, `gkml archive` left `.gkml-work/` beside its packages).
        # A signal set to be ignored stays so: `nohup gkml serve` keeps serving when the
        # terminal closes (a review).
        for stop in _STOPS:
            if signal.getsignal(stop) is signal.SIG_DFL:
                signal.signal(stop, signal.default_int_handler)
        os.register_at_fork(after_in_child=_stop_at_once)
        global _OWN_PROCESS
        _OWN_PROCESS = True
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        answer, look = first_look(args)
    except KeyboardInterrupt:  # as `cli.main` (the walk of a large content/ takes a while)
        interrupted()
        return EXIT_INTERRUPTED
    if answer is None:
        try:  # the rest of gkml takes a moment to import (a walk: Ctrl+C then printed a traceback)
            from generator.cli import main as run
        except KeyboardInterrupt:
            interrupted()
            return EXIT_INTERRUPTED
        return run(args, look=look)
    try:
        print(answer)
        sys.stdout.flush()
    except OSError as exc:  # as `cli.main`
        if output_lost(exc):
            return 1
        raise
    return 0


_STOPS = (signal.SIGTERM, signal.SIGHUP)
_OWN_PROCESS = False  # whether gkml runs as a command (`main` without arguments), not called


def interrupted() -> None:
    """Say that Ctrl+C stopped gkml, its clean-up done, and ignore a further Ctrl+C in a
    process of its own: what is left is its exit. A second Ctrl+C (`uv run` passes the
    terminal's on, a few milliseconds after gkml's own) landed where multiprocessing ends a
    build's helpers, as the stopped build's objects went, and printed a traceback after
    已中断 (two of six runs of the test suite on 2026-12-07)."""
    if _OWN_PROCESS:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for stop in _STOPS:  # a further `kill` ends the process at once, as by default
            if signal.getsignal(stop) is signal.default_int_handler:
                signal.signal(stop, signal.SIG_DFL)
    print(INTERRUPTED, file=sys.stderr)


def _stop_at_once() -> None:
    """In a forked helper (a build's renderers, the search index's pool), let SIGTERM and
    SIGHUP end the process, as they do by default, and leave Ctrl+C to the main process.

    As Ctrl+C, they ended a helper only when it next ran Python code: one that received
    `Pool.terminate`'s SIGTERM just before it waited for the next task waited for ever, and
    its build with it (1 start of `gkml serve` in about 20 hung at its first build; CI). A
    helper writes nothing the main process must clean up: the main process does that, and
    ends its helpers. The terminal's Ctrl+C reaches every process of the command: in a
    helper it printed a traceback, and in `gkml serve` it stopped a rebuild with one.
    """
    for stop in _STOPS:
        if signal.getsignal(stop) is signal.default_int_handler:
            signal.signal(stop, signal.SIG_DFL)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def ready_streams() -> None:
    """Make gkml's standard output and error take whatever it says.

    A terminal or log that cannot encode Chinese (`PYTHONIOENCODING=ascii`, `LC_ALL=C`
    without UTF-8 mode) gets the Chinese half of each line as escapes, and the English half
    as it is, where it stopped the command with a traceback; so does a folder name that is
    not UTF-8. A closed stream (`1>&-`) takes what would be said and drops it; the exit code
    still tells.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    setattr(sys, "stdout", _GuardedOutput(sys.stdout))  # noqa: B010 (mypy: not a TextIO)


class OutputLost(OSError):
    """Standard output could not be written: a full disk, a device (`> /dev/full`)."""


class _GuardedOutput:
    """Standard output, which raises OutputLost where writing it fails: a failure to write
    a site's files is another error, with its own message."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputLost(exc.errno, exc.strerror) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputLost(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def output_lost(exc: OSError) -> bool:
    """Return whether *exc* came from writing standard output; if so, say so on standard
    error (unless the reader just went away, as `gkml archive | head` does) and send what is
    left to nowhere, so that Python's own flush at exit adds no traceback."""
    if isinstance(exc, OutputLost):
        reason = exc.strerror or str(exc)
        print(
            f"gkml: 无法写出到标准输出：{reason} (cannot write to standard output: {reason})",
            file=sys.stderr,
        )
    elif not isinstance(exc, BrokenPipeError):
        return False
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return True


def unchanged_answer(args: Sequence[str]) -> str | None:
    """Return what `gkml build` prints when *args* are a build whose inputs and output are as
    its last build left them, and the last build printed nothing else; else None."""
    return first_look(args)[0]


def first_look(args: Sequence[str]) -> tuple[str | None, stamp.Look | None]:
    """Return `unchanged_answer`, and, when *args* are a build that it could not answer,
    what it found for the full build to use (None when it did not get as far)."""
    options = _build_options(args)
    if options is None or os.name != "posix":
        return None, None
    site, out, as_of, search_index = options
    if not os.path.isdir(site):
        return None, None
    today = datetime.now(_CHINA).date().isoformat()
    resolved = os.path.realpath(out)
    try:
        theme = stamp.read_theme(site)
    except OSError:
        return None, None  # the full build says which file
    walk = stamp.walk_content(site)
    options_digest = stamp.options_digest(
        site, theme[1], as_of or today, today, search_index, False
    )
    data = stamp.load_manifest(stamp.manifest_path(site, resolved))
    look = stamp.Look(site, resolved, theme, walk, data)
    current = stamp.content_stamp(walk[0], walk[2])
    if not stamp.up_to_date(data, site, resolved, options_digest, current):
        return None, look
    last = data["stamp"]
    stats = last.get("stats")
    if last.get("diagnostics") != [] or last.get("notes") != []:
        return None, look  # the full build prints them again, as it always has
    if not isinstance(stats, dict) or not {"items", "pages", "files"} <= stats.keys():
        return None, look  # not as a build writes it: the full build decides
    return UNCHANGED.format(out=out), None


def _build_options(args: Sequence[str]) -> tuple[str, str, str | None, bool] | None:
    """Return the site, output, --as-of and whether to index for search of `gkml build`
    *args*, each path as `pathlib` prints it; None for anything else or anything unsure."""
    if not args or args[0] != "build":
        return None
    values: dict[str, str] = {}
    search_index = True
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--no-search":
            search_index = False
            continue
        name, equals, value = arg.partition("=")
        if name not in _VALUED:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-") or not _valid(name, value):
            return None  # argparse reads each one given, the last one counting
        values[name] = value
    as_of = values.get("--as-of")
    site = _path_text(values.get("--site", "."))
    out = _path_text(values["--out"]) if "--out" in values else _joined(site, "site")
    if site is None or out is None:
        return None
    return site, out, as_of, search_index


def _valid(name: str, value: str) -> bool:
    """Return whether *value* of the option *name* is one argparse takes as this step reads
    it: a count of processes in digits, a day written YYYY-MM-DD; any path."""
    if name == "--jobs":
        return value.isascii() and value.isdigit() and len(value) <= _JOBS_DIGITS
    if name == "--as-of":
        return _iso_day(value)
    return True


def _iso_day(text: str) -> bool:
    """Return whether *text* is a real day written YYYY-MM-DD (what `dates.parse_date` gives
    back as written; other spellings go to the full command)."""
    parts = text.split("-")
    if len(text) != 10 or [len(p) for p in parts] != [4, 2, 2]:
        return False
    if not all(p.isascii() and p.isdigit() for p in parts):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _path_text(raw: str) -> str | None:
    """Return *raw* as `pathlib.PurePosixPath` prints it (no `.` parts, no doubled or
    trailing slash); None for a path starting with exactly two slashes, which it keeps."""
    if raw.startswith("//") and not raw.startswith("///"):
        return None
    parts = [part for part in raw.split("/") if part not in ("", ".")]
    text = "/".join(parts)
    if raw.startswith("/"):
        return f"/{text}"
    return text or "."


def _joined(folder: str | None, name: str) -> str | None:
    """Return *folder* / *name* as `pathlib` prints it."""
    if folder is None:
        return None
    if folder == ".":
        return name
    return f"{folder.rstrip('/')}/{name}"
