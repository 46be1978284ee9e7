"""Did-you-mean: the closest known word to a misspelt one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.contentscan import is_scratch


def closest(word: str, known: Iterable[str]) -> str | None:
    """Return the known word closest to *word*, or None when nothing is close."""
    import difflib  # here: only a name gkml does not know is looked up

    candidates = list(known)
    # Chinese words are short: 有校 vs 有效 shares one of two characters (ratio 0.5). Of
    # equally close words the first known wins (difflib's own picks the largest string:
    # 公开 was taken for 部分公开 rather than 主动公开, a walk). Latin words share letters by
    # chance: a removed column hydj was taken for shzzdj (0.6, a reviewer's walk); they must
    # be closer (bmjw for bmwj is 0.75, dislosure for disclosure 0.95).
    best, score = None, 0.75 if word.isascii() else 0.5
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, word, candidate)
        if matcher.real_quick_ratio() >= score and matcher.ratio() > score - 1e-9:
            ratio = matcher.ratio()
            if best is None or ratio > score:
                best, score = candidate, ratio
    if best is not None:
        return best
    lowered = {c.lower(): c for c in candidates}
    return lowered.get(word.lower())


def did_you_mean(word: str, known: Iterable[str]) -> tuple[str, str]:
    """Return the Chinese and English did-you-mean clause for *word* ('' when none)."""
    guess = closest(word, known)
    if guess is None:
        return "", ""
    return f"；是否应为 “{guess}”？", f'; did you mean "{guess}"?'


def closest_file(missing: Path) -> str | None:
    """Return the name of the file beside *missing* (a path with no file) closest to its
    name, or None: a newcomer's walk typed 分配标.pdf for 分配表.pdf, and the message named
    neither the file that was there nor the path to write. An editor's own files (hidden,
    the owner files Word and WPS leave beside an open document, backups: `is_scratch`) and
    Markdown files are no candidates."""
    try:
        with os.scandir(missing.parent) as entries:
            names = sorted(
                e.name
                for e in entries
                if not is_scratch(e.name) and not e.name.lower().endswith(".md") and e.is_file()
            )
    except OSError:  # no such folder, or not one
        return None
    return closest(missing.name, names)


def file_clause(name: str | None) -> tuple[str, str]:
    """Return the Chinese and English clause naming the file *name* found beside a missing
    one ('' when none)."""
    if name is None:
        return "", ""
    return (
        f"；同一文件夹中有 “{name}”，是否应为它？",
        f'; the folder has "{name}": is that the one?',
    )


CHOICES_SHOWN = 12  # choices named in a message; past that, how many more


def or_choices(
    word: str, known: Iterable[str], named: Callable[[str], str] = str
) -> tuple[str, str]:
    """Return `did_you_mean`'s clause, or, with no close guess, the choices there are (each
    as *named* writes it): an editor's walk found "unknown column" with nothing to pick."""
    zh, en = did_you_mean(word, known)
    if zh:
        return zh, en
    names = [named(k) for k in known]
    shown = names[:CHOICES_SHOWN]
    more = len(names) - len(shown)
    return (
        f"；可以用的有：{'、'.join(shown)}" + (f" 等 {len(names)} 个" if more > 0 else ""),
        f"; the choices: {', '.join(shown)}" + (f" and {more} more" if more > 0 else ""),
    )
