"""Work done at the same time in a forked process, for the steps that leave a core idle.

On a machine without fork (Windows), or when asked not to fork, the work is done in this
process when its result is first needed: the result is the same either way.

Usage::

    pending = background.fork(survey.text_analysis)    # starts computing in a child process
    …                                               # meanwhile, other work here
    pending()                                       # the child's return value (or its error)
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def fork(work: Callable[[], T], enabled: bool = True) -> Callable[[], T]:
    """Start `work` in a child process; return a function that waits for its picklable result."""
    if not enabled or not hasattr(os, "fork"):
        return _later(work)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, report, and leave without running the parent's cleanup
        os.close(reading)
        gc.disable()
        try:
            outcome: tuple[bool, Any] = (True, work())
        except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
            outcome = (False, error)
        with os.fdopen(writing, "wb") as stream:
            try:
                pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an unpicklable error: send its text
                pickle.dump((False, RuntimeError(repr(outcome[1]))), stream)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    os.close(writing)
    result: list[Any] = []

    def wait() -> T:
        if not result:
            with os.fdopen(reading, "rb") as stream:
                data = stream.read()
            os.waitpid(pid, 0)
            result.append(pickle.loads(data) if data else (False, RuntimeError("the worker process died")))
        ok, value = result[0]
        if not ok:
            raise value
        return value

    return wait


def _later(work: Callable[[], T]) -> Callable[[], T]:
    result: list[T] = []

    def wait() -> T:
        if not result:
            result.append(work())
        return result[0]

    return wait
