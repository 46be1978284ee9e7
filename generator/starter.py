"""`gkml init`: the files a new site repository starts from, copied from gkml's own.

A bureau's catalog is a git repository of its own (docs/tasks/setup.md). Before `gkml init`
its information centre copied six files by hand from a gkml checkout and edited the pull-request
workflow; now one command writes them: the sample `catalog.yml` and free pages (to be
rewritten for the bureau, with the application form 依申请公开 links to), the three
workflows (used as they are: `pr.yml` skips gkml's own tests in a site repository), the
review checklist, the example CODEOWNERS and a `.gitignore`. In a site set up already (it has
its catalog.yml) the samples are not written again.

A file that exists is never overwritten: `init` in a repository already set up only adds what
is missing (and the lines a `.gitignore` lacks). The workflows are the one exception a site
asks for: they run gkml's commands, so after an upgrade `init` says which differ from this
version's, and `init --update-workflows` replaces those. The wheel ships the files under
`_starter/` (pyproject.toml, `force-include`); a source checkout reads them where they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Each file of a new site repository, by its path there and in gkml's repository.
STARTER_FILES = (
    "catalog.yml",
    "content/pages/gkzn.md",
    "content/pages/gkzd.md",
    "content/pages/ysqgk.md",
    "content/pages/files/shenqingbiao.pdf",  # the blank application form ysqgk.md links to
    ".github/workflows/pr.yml",
    ".github/workflows/publish.yml",
    ".github/workflows/archive.yml",
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/CODEOWNERS.example",
)
# The first line of the sample settings and of each sample page as `init` writes them: until
# it is deleted, check warns (GK411, GK504) that the site still shows 示例市民政局's values (a
# walk through setup.md published the sample's pages, base_url and ICP number unnoticed).
STARTER_MARK = "# gkml init："
_MARKS = {
    "catalog.yml": f"{STARTER_MARK}这是示例市民政局的设置。逐项改成本单位的之后，删去这一行。\n",
    "content/pages/": f"{STARTER_MARK}这是示例页面。按本单位的实际情况改写之后，删去这一行。\n",
}
WORKFLOWS = ".github/workflows/"
GITIGNORE = ".gitignore"
# What a site repository never commits: the environment, the output (and the dated copies
# repeal.md builds with --as-of: a walk found `git add .` would commit one), a build's staging
# folder and the output before the last (a build stopped for good leaves the first; a re-walk
# found it untracked, 53 MB, for `git add -A` to commit), the caches.
IGNORED = (
    "/.venv/",
    "/site/",
    "/site-*/",
    "/.site*.staging/",
    "/.site*.old/",
    "/.gkml-cache/",
    "/archive/",
    "/reports/",
    "/dist/",
)


@dataclass(frozen=True, slots=True)
class Written:
    path: str  # in the site repository, with `/`
    # "created"; "kept" (it existed); "skipped" (a sample the site set up already lacks);
    # "extended" (lines added to .gitignore); for a workflow, "differs" (kept, not this
    # version's) or "updated" (replaced by this version's)
    action: str


def starter_root() -> Path:
    """Return the folder the starter files are read from: the wheel's or the checkout's."""
    packaged = Path(__file__).parent / "_starter"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


def init_site(root: Path, *, update_workflows: bool = False) -> list[Written]:
    """Write the starter files into *root* (made if missing), keeping every file that exists;
    with *update_workflows*, a workflow that differs from this version's is replaced."""
    source = starter_root()
    written: list[Written] = []
    # A site set up already (it has its catalog.yml) gets no sample again: a page it deleted
    # came back as 示例市民政局's, with its link in the navigation (an IT person's walk: the
    # handbook has init run after each upgrade).
    set_up = (root / "catalog.yml").exists()
    for rel in STARTER_FILES:
        target = root / rel
        if target.exists():
            written.append(_existing(rel, target, source / rel, update_workflows))
            continue
        if set_up and is_sample(rel):
            written.append(Written(rel, "skipped"))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # Bytes as they are (the sample's line endings and encoding are the contract's), after
        # the mark of a sample to rewrite.
        with target.open("xb") as out:
            out.write(marked(rel, (source / rel).read_bytes()))
        written.append(Written(rel, "created"))
    written.append(_gitignore(root / GITIGNORE))
    return written


def is_sample(rel: str) -> bool:
    """Return whether the starter file *rel* is 示例市民政局's, to be rewritten by the site
    (catalog.yml, the free pages and the form they link), not one it uses as it is."""
    return rel == "catalog.yml" or rel.startswith("content/")


def _existing(rel: str, target: Path, ours: Path, update: bool) -> Written:
    """Keep the file *target* that exists; a workflow that differs from this version's (*ours*)
    is said to differ, or with *update* replaced by it."""
    if not rel.startswith(WORKFLOWS):
        return Written(rel, "kept")
    data = ours.read_bytes()
    if target.read_bytes() == data:
        return Written(rel, "kept")
    if not update:
        return Written(rel, "differs")
    target.write_bytes(data)
    return Written(rel, "updated")


def mark_lines(lines: Iterable[str], first: int = 1) -> list[tuple[int, str]]:
    """Return (line number, line) of each mark in *lines* (numbered from *first*): the check
    warns of each until it is deleted (GK411 in catalog.yml, GK504 in a page)."""
    return [(n, line) for n, line in enumerate(lines, start=first) if line.startswith(STARTER_MARK)]


def marked(rel: str, data: bytes) -> bytes:
    """Return the starter file *rel* as `init` writes it: a sample to rewrite gets its mark
    as the first line (of the front matter, in a page); a file that is not text (the form's
    PDF) is written as it is."""
    for prefix, mark in _MARKS.items():
        if rel.startswith(prefix) and rel.endswith((".md", ".yml")):
            if data.startswith(b"---\n"):
                return b"---\n" + mark.encode() + data[4:]
            return mark.encode() + data
    return data


def _gitignore(path: Path) -> Written:
    """Create *path* with the ignored folders, or add the ones it lacks at its end."""
    if not path.exists():
        path.write_text("".join(f"{line}\n" for line in IGNORED), encoding="utf-8")
        return Written(GITIGNORE, "created")
    text = path.read_text(encoding="utf-8", errors="replace")
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in IGNORED if line not in present]
    if not missing:
        return Written(GITIGNORE, "kept")
    lead = "" if not text or text.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(lead + "".join(f"{line}\n" for line in missing))
    return Written(GITIGNORE, "extended")
