"""benchmarks/pairs.py: the medians of paired rebuilds, and the edit it times."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks import corpus, hugo
from benchmarks.pairs import Pairs, add_attachments, paired, toggle_title
from generator.content import load_site


def test_the_paired_difference_is_the_median_of_the_pairs_not_of_the_medians() -> None:
    # The machine slows along the run: the medians differ by 0.2 s, every pair by -0.1 s.
    before = [1.0, 1.2, 1.4, 1.6, 1.8]
    after = [0.9, 1.1, 1.3, 1.5, 1.7]
    assert paired(before, after) == Pairs(1.4, 1.3, -0.1, 5)
    assert paired([1.0, 2.0, 3.0], [1.5, 1.0, 3.5]) == Pairs(2.0, 1.5, 0.5, 1)
    with pytest.raises(ValueError, match="2 runs before against 1 after"):
        paired([1.0, 2.0], [1.0])


def test_the_title_is_toggled_and_nothing_else(tmp_path: Path) -> None:
    item = tmp_path / "item.md"
    original = "---\ntitle: 关于开展养老服务的通知\nissuer: 示例市民政局\n---\n\n正文。\n"
    item.write_text(original, encoding="utf-8")
    toggle_title(item)
    changed = item.read_text(encoding="utf-8")
    assert changed == original.replace("的通知\n", f"的通知{hugo.TITLE_MARKER}\n", 1)
    toggle_title(item)
    assert item.read_text(encoding="utf-8") == original


def test_the_attachments_are_the_same_every_time_and_the_site_still_checks(
    tmp_path: Path,
) -> None:
    """`--attachments`: both trees of a pair get the same files, and the corpus stays valid."""
    sites = []
    for name in ("before", "after"):
        root = tmp_path / name
        corpus.generate(60, root, seed=1)
        assert add_attachments(root / "content", 7)[0] > 5
        sites.append(root)
    files = [sorted(p.relative_to(root) for p in root.rglob("*.pdf")) for root in sites]
    assert files[0] == files[1] and files[0]
    for rel in files[0]:
        data = (sites[0] / rel).read_bytes()
        assert data == (sites[1] / rel).read_bytes() and data.startswith(b"%PDF-1.4\n")
        assert 200_000 <= len(data) - 9 <= 1_500_000
    loaded = load_site(sites[0], today=date(2026, 11, 16))
    assert not loaded.has_errors, [d.message_en for d in loaded.diagnostics]
    assert loaded.site is not None
    assert sum(len(i.attachments) for i in loaded.site.items) == len(files[0])
