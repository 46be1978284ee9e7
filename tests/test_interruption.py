"""A second Ctrl+C landing in the clean-up that the first started (`interruption`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import outputtree
from generator.interruption import shielded


def test_a_ctrl_c_between_rmtrees_close_and_its_note_of_it_does_not_stop_the_clean_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI run: `gkml build` stopped by Ctrl+C twice 0.02 s apart said `无法写入 …：写入出错
    （Bad file descriptor）` and exited 1, not 130. The second Ctrl+C landed in shutil.rmtree
    (removing the staging folder) just after it closed the folder's descriptor and before it
    noted so: its `finally` closed the descriptor again, and that EBADF replaced the
    KeyboardInterrupt, which `shielded` alone runs again after. Here the Ctrl+C comes at that
    point, right after the first os.close."""
    folder = tmp_path / ".site.staging"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.html").write_text("页", encoding="utf-8")
    real_close = os.close
    pressed: list[int] = []

    def close_then_ctrl_c(fd: int) -> None:
        real_close(fd)
        if not pressed:
            pressed.append(fd)
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "close", close_then_ctrl_c)
    shielded(lambda: outputtree.clear(folder))
    monkeypatch.undo()
    assert pressed, "the Ctrl+C was not pressed inside rmtree"
    assert not folder.exists()


def test_an_error_of_its_own_still_stops_the_clean_up(tmp_path: Path) -> None:
    """Run again only after a Ctrl+C: a clean-up that fails by itself says so, once."""
    tries: list[int] = []

    def failing() -> None:
        tries.append(1)
        raise PermissionError(13, "Permission denied", str(tmp_path))

    with pytest.raises(PermissionError):
        shielded(failing)
    assert len(tries) == 1
