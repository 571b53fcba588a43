"""One HTTP request to a web service, the way every service here is asked: the survey's
User-Agent, the settings' timeout, a rate limit (HTTP 429, or GitHub's 403 with no requests
left) or a timeout tried again after the wait the service asks for, and every failure as one
ServiceUnavailable sentence that says what to do.

Usage::

    status, headers, body = web.fetch(url, "Semantic Scholar", services, accept="application/json",
                                      data=b'{"ids": [...]}')     # POST when data is given
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping

from ..core.problems import ServiceUnavailable
from ..core.text import excerpt
from ..read.settings import ServiceSettings as Services

ANSWERS = (400, 404)
"""Statuses returned, not raised: they mean 'no such paper' (or a request the caller words better)."""


def fetch(url: str, service: str, services: Services, accept: str, data: bytes | None = None,
          headers: Mapping[str, str] | None = None, instead: str = "",
          answers: tuple[int, ...] = ANSWERS, sleep: Callable[[float], None] = time.sleep) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET, or of a JSON POST when `data` is given. `instead` ends
    the message when the service cannot answer: what else the reader can do."""
    sent = {"User-Agent": services.user_agent, "Accept": accept, **(headers or {})}
    if data is not None:
        sent["Content-Type"] = "application/json"
    for attempt in range(services.retries + 1):
        last = attempt == services.retries
        request = urllib.request.Request(url, data=data, headers=sent, method="POST" if data is not None else "GET")
        try:
            with urllib.request.urlopen(request, timeout=services.timeout) as response:  # noqa: S310 - settings' http(s)
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            told = {k.lower(): v for k, v in error.headers.items()} if error.headers else {}
            if error.code in answers:
                return error.code, told, error.read()
            limited = error.code == 429 or (error.code == 403 and told.get("x-ratelimit-remaining") == "0")
            if limited and not last:
                sleep(_wait(told, services))
                continue
            why = "a rate limit" if limited else error.reason
            raise ServiceUnavailable(f"{service} answered HTTP {error.code} ({why}); "
                                     f"try again later{instead}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            timed_out = isinstance(reason, TimeoutError) or isinstance(error, TimeoutError)
            if timed_out and not last:
                continue
            what = "timed out" if timed_out else str(reason)
            raise ServiceUnavailable(f"{service} could not be reached ({excerpt(what, 60)}); check the connection "
                                     f"and try again{instead}") from None
    raise AssertionError("unreachable: the last attempt returns or raises")


def _wait(headers: Mapping[str, str], services: Services) -> float:
    """Seconds to wait before asking again: Retry-After (seconds), or GitHub's reset time, at most
    the settings' retry-wait; a short pause when the service names none."""
    try:
        if "retry-after" in headers:
            return min(max(float(headers["retry-after"]), 0.0), services.retry_wait)
        if "x-ratelimit-reset" in headers:
            return min(max(float(headers["x-ratelimit-reset"]) - time.time(), 0.0), services.retry_wait)
    except ValueError:
        pass
    return min(5.0, services.retry_wait)
