"""Work shared between the main process and forked helpers (`generator.sharing`)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time

import pytest

from generator import sharing

_MAIN = os.getpid()


def _slow_here(number: int) -> int:
    if os.getpid() == _MAIN:
        time.sleep(0.02)  # this process is the slow one
    return number * 2


def _fails_in_a_helper(number: int) -> int:
    if os.getpid() != _MAIN and number >= 0:
        raise ValueError(f"bad item {number}")
    time.sleep(0.01)
    return number


def _dies_in_a_helper(number: int) -> int:
    if os.getpid() != _MAIN:
        os._exit(3)  # as if killed
    time.sleep(0.01)
    return number


def _run_with_timeout(body: list[int], work: list[int], function: object) -> BaseException | None:
    """Run shared_map in a thread (a hang fails the test instead of stopping the suite)."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            body.extend(sharing.shared_map(function, work, 1, chunk=8))  # type: ignore[arg-type]
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "shared_map never ended"
    return failure[0] if failure else None


def test_every_result_comes_once_also_when_the_helpers_finish_first() -> None:
    # Found by a rebuild test: the helpers' "all done" arrived while this process was still on
    # its own chunk, was taken with the results, and the main process waited for it forever.
    done: list[int] = []
    assert _run_with_timeout(done, list(range(200)), _slow_here) is None
    assert sorted(done) == [n * 2 for n in range(200)]
    assert multiprocessing.active_children() == []


def test_a_helpers_exception_is_raised_here() -> None:
    failure = _run_with_timeout([], list(range(100)), _fails_in_a_helper)
    assert isinstance(failure, ValueError) and "bad item" in str(failure)
    assert multiprocessing.active_children() == []


def test_a_helper_that_dies_is_reported() -> None:
    failure = _run_with_timeout([], list(range(100)), _dies_in_a_helper)
    assert isinstance(failure, sharing.HelperStopped)
    assert multiprocessing.active_children() == []


def test_closing_early_stops_the_helpers() -> None:
    shared = sharing.shared_map(_slow_here, list(range(10_000)), 1, chunk=8)
    with contextlib.closing(shared) as results:
        assert next(iter(results)) % 2 == 0
    assert multiprocessing.active_children() == []


def test_meanwhile_runs_here_before_this_process_takes_work() -> None:
    order: list[str] = []

    def first() -> None:
        order.append("meanwhile")

    results = list(sharing.shared_map(_slow_here, list(range(50)), 1, chunk=8, meanwhile=first))
    assert order == ["meanwhile"] and sorted(results) == [n * 2 for n in range(50)]


@pytest.mark.parametrize("helpers", [0, 2])
def test_any_number_of_helpers(helpers: int) -> None:
    results = list(sharing.shared_map(_slow_here, list(range(40)), helpers, chunk=4))
    assert sorted(results) == [n * 2 for n in range(40)]
