"""Work done at the same time, in a forked process or a thread, for the steps that leave a core idle.

On a machine without fork (Windows), or when asked not to fork, the work is done in this
process when its result is first needed: the result is the same either way. A forked child
dies with its parent (Linux), so a build that is killed leaves no process behind to write into
folders the next build cleans up.

Usage::

    pending = background.fork(lambda: analysis.analyse(papers))   # starts computing in a child process
    …                                                           # meanwhile, other work here
    pending()                                                   # the child's return value (or its error)
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


class Pending(Generic[T]):
    """A result being computed elsewhere: call it to wait for the result (or raise its error)."""

    def __init__(self, wait: Callable[[], tuple[bool, Any]], cancel: Callable[[], None] = lambda: None):
        self._wait, self._cancel = wait, cancel
        self._outcome: tuple[bool, Any] | None = None

    def __call__(self) -> T:
        if self._outcome is None:
            self._outcome = self._wait()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the work if it can be stopped (a child process), and forget it."""
        if self._outcome is None:
            self._cancel()
            self._outcome = (False, RuntimeError("cancelled"))


def fork(work: Callable[[], T], enabled: bool = True) -> Pending[T]:
    """Start `work` in a child process; the Pending waits for its picklable result."""
    if not enabled or not hasattr(os, "fork"):
        return Pending(lambda: _outcome(work))
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, report, and leave without running the parent's cleanup
        os.close(reading)
        die_with_parent()
        gc.disable()
        outcome = _outcome(work)
        with os.fdopen(writing, "wb") as stream:
            try:
                pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an unpicklable error: send its text
                pickle.dump((False, RuntimeError(repr(outcome[1]))), stream)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    os.close(writing)

    def wait() -> tuple[bool, Any]:
        with os.fdopen(reading, "rb") as stream:
            data = stream.read()
        os.waitpid(pid, 0)
        return pickle.loads(data) if data else (False, RuntimeError("the worker process died"))

    def cancel() -> None:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        os.close(reading)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    return Pending(wait, cancel)


def thread(work: Callable[[], T]) -> Pending[T]:
    """Start `work` in a daemon thread of this process (for a process that already has threads,
    where a fork could copy a lock another thread holds)."""
    result: list[tuple[bool, Any]] = []
    runner = threading.Thread(target=lambda: result.append(_outcome(work)), daemon=True)
    runner.start()

    def wait() -> tuple[bool, Any]:
        runner.join()
        return result[0]

    return Pending(wait)


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere nothing).
    Also used as a subprocess's preexec_fn: the setting survives exec."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _outcome(work: Callable[[], T]) -> tuple[bool, Any]:
    try:
        return True, work()
    except BaseException as error:  # noqa: BLE001 - handed to whoever waits, who raises it
        return False, error
