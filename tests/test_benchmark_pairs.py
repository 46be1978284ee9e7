"""benchmarks/pairs.py: the medians of paired rebuilds, and the edit it times."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import hugo
from benchmarks.pairs import Pairs, paired, toggle_title


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
