"""Work shared between this process and forked helpers: each takes the next chunk when free.

A `multiprocessing.Pool` of one worker per core leaves the main process waiting, and every
process ends up with its own copy of the memory pages it touched (reference counts are
writes): a pool of two beside the main process held three copies of a build's plan. Here the
main process works too, so one process fewer is needed. The work is in memory before the
helpers fork, so only results travel (pickled, through a pipe).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection as mp_connection
import queue
import threading
import traceback
from collections.abc import Callable, Generator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from generator.interruption import shielded

T = TypeVar("T")
R = TypeVar("R")


class HelperStopped(Exception):
    """A helper process ended without finishing its work (killed, out of memory)."""


_Message = list[R] | BaseException | None  # a chunk's results, a failure, or "all done"


class _Chunks(Generic[T]):
    """The chunks of the work and a counter in shared memory: who takes the next one."""

    def __init__(self, work: Sequence[T], size: int) -> None:
        self.chunks = [work[i : i + size] for i in range(0, len(work), size)]
        self.counter = multiprocessing.get_context("fork").Value("q", 0)

    def take(self) -> Sequence[T] | None:
        with self.counter.get_lock():
            number = self.counter.value
            self.counter.value = number + 1
        return self.chunks[number] if number < len(self.chunks) else None


def shared_map(
    function: Callable[[T], R],
    work: Sequence[T],
    helpers: int,
    *,
    chunk: int,
    meanwhile: Callable[[], None] | None = None,
) -> Generator[R, None, None]:
    """Yield ``function(x)`` for every *x* of *work*, in no particular order.

    *helpers* forked processes and this one (after running *meanwhile*) take chunks of
    *chunk* items until none is left. A helper's exception is raised here; a helper that dies
    raises `HelperStopped`. Close the generator (``contextlib.closing``) to stop the helpers
    early: they may be writing files.
    """
    chunks = _Chunks(work, chunk)
    context = multiprocessing.get_context("fork")
    readers: list[Connection] = []
    processes: list[BaseProcess] = []
    # A thread receives the helpers' results as they come: a helper whose pipe is full would
    # wait while this process is busy (with *meanwhile*, or with a long chunk).
    inbox: queue.SimpleQueue[_Message[R]] = queue.SimpleQueue()
    receiver = threading.Thread(target=_receive, args=(readers, inbox), daemon=True)
    try:
        for _ in range(helpers):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_helper, args=(writer, function, chunks), daemon=True)
            process.start()
            writer.close()
            readers.append(reader)
            processes.append(process)
        receiver.start()
        if meanwhile is not None:
            meanwhile()
        finished = False  # the receiver's None came: every helper is done
        while (mine := chunks.take()) is not None:
            yield from map(function, mine)
            while not finished:
                try:
                    message = inbox.get_nowait()
                except queue.Empty:
                    break
                finished = message is None
                yield from _results_of(message)
        while not finished:
            message = inbox.get()
            finished = message is None
            yield from _results_of(message)
    finally:
        # Every helper stopped before the caller goes on (it removes the folder they write
        # into), through a second Ctrl+C too (`interruption`).
        shielded(lambda: _stop(processes, receiver))
        for reader in readers:
            reader.close()


def stop_helpers() -> None:
    """End every helper process this one still has, and wait for them: before a stopped
    build removes the folder they write into. A second Ctrl+C can land as `shared_map` is
    closed, before its own clean-up begins (a CI run: the removal met a folder a helper
    still wrote into, "Directory not empty")."""
    _end(multiprocessing.active_children())


def _stop(processes: list[BaseProcess], receiver: threading.Thread) -> None:
    """End the helpers still working, and wait for them and for the receiver."""
    _end(processes)
    if receiver.is_alive():
        receiver.join()  # every reader is at its end now


def _end(processes: Sequence[BaseProcess]) -> None:
    """Stop *processes* that still run (SIGTERM), then wait for each."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join()


def _helper(writer: Connection, function: Callable[[T], R], chunks: _Chunks[T]) -> None:
    """Work on chunks until none is left; send each chunk's results, then None."""
    try:
        while (mine := chunks.take()) is not None:
            writer.send([function(x) for x in mine])
        writer.send(None)
    except BaseException as exc:  # every failure goes to the main process
        try:
            writer.send(exc)
        except Exception:  # an exception that does not pickle: send its text
            writer.send(RuntimeError("".join(traceback.format_exception(exc))))
    finally:
        writer.close()


def _receive(readers: list[Connection], inbox: queue.SimpleQueue[_Message[R]]) -> None:
    """Put every message of the helpers into *inbox* until each has finished; then None."""
    pending = list(readers)
    while pending:
        for reader in mp_connection.wait(pending):
            assert isinstance(reader, Connection)
            try:
                message = reader.recv()
            except EOFError:
                message = HelperStopped("辅助进程意外退出 (a helper process stopped unexpectedly)")
            if message is None or isinstance(message, BaseException):
                pending.remove(reader)
            if message is not None:
                inbox.put(message)
    inbox.put(None)


def _results_of(message: _Message[R]) -> list[R]:
    if isinstance(message, BaseException):
        raise message
    return message or []
