"""Check the external links in the paper files: HEAD, then GET where HEAD is refused, with
bounded concurrency, timeouts, one retry, a host allowlist and a cache of recent results.

Usage::

    found = links.collect(documents)                   # every link with its file and line
    results = links.check_all(found, settings, cache)  # {url: Result}
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import ssl
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..core.problems import UsageError
from ..core.text import excerpt
from ..read.load import Document
from ..read.settings import LinkSettings as Settings

USER_AGENT = "survey-link-checker/1.0 (+https://github.com/medical-imaging-survey/survey)"


@dataclass(frozen=True)
class Link:
    """One URL in one paper file."""

    url: str
    path: str
    line: int | None
    column: int | None
    field: str


@dataclass(frozen=True)
class Result:
    """What checking a URL found. `status` is the final HTTP status, 0 when none came back."""

    url: str
    ok: bool
    status: int = 0
    error: str = ""
    """Why no HTTP answer came back (timeout, DNS, refused…), empty when one did."""
    final_url: str = ""
    checked: str = ""
    """When, as an ISO 8601 UTC timestamp."""

    @property
    def unreachable(self) -> bool:
        """No HTTP answer at all: the host could not be reached (or the network is down)."""
        return not self.ok and self.status == 0


def collect(docs: Iterable[Document]) -> list[Link]:
    """Every http(s) link of every paper file, with where it is written."""
    found = []
    for doc in docs:
        links = doc.data.get("links") if isinstance(doc.data, dict) else None
        if not isinstance(links, dict):
            continue
        for kind, url in links.items():
            if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
                line, column = doc.where(("links", kind))
                found.append(Link(url.strip(), doc.path, line, column, f"links.{kind}"))
    return found


def added_urls(root: Path, base: str) -> set[str]:
    """URLs on the lines that `git diff base...HEAD` adds under papers/ (for pull requests)."""
    known = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd=root,
                           capture_output=True, text=True, check=False)
    if known.returncode != 0:
        raise UsageError(f"'{excerpt(base)}' is not a commit git knows here; "
                         "give a branch, tag or commit, e.g. origin/main (fetch it first)")
    diff = subprocess.run(["git", "diff", "--unified=0", f"{base}...HEAD", "--", "papers/"], cwd=root,
                          capture_output=True, text=True, check=True).stdout
    urls = set()
    for line in diff.splitlines():
        if line.startswith("+") and not line.startswith("+++"):
            for word in line[1:].replace('"', " ").replace("'", " ").split():
                if word.lower().startswith(("http://", "https://")):
                    urls.add(word)
    return urls


def load_cache(file: Path) -> dict[str, Result]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {url: Result(**entry) for url, entry in data.items()}
    except (OSError, ValueError, TypeError):
        return {}


def save_cache(file: Path, results: dict[str, Result]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    data = {url: asdict(result) for url, result in sorted(results.items())}
    file.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def is_fresh(result: Result, now: dt.datetime, days: int) -> bool:
    """Working links are re-checked after `days`; failures always are."""
    if not result.ok or not result.checked:
        return False
    return now - dt.datetime.fromisoformat(result.checked) < dt.timedelta(days=days)


def skipped(url: str, settings: Settings) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in settings.skip_hosts)


def check_all(urls: Iterable[str], settings: Settings, now: dt.datetime,
              on_done: Callable[[Result, int], None] = lambda result, total: None) -> dict[str, Result]:
    """Check each URL once, at most `settings.workers` at a time; `on_done(result, total)` after each."""
    unique = sorted(set(urls))

    def work(url: str) -> Result:
        result = check(url, settings, now)
        on_done(result, len(unique))
        return result

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        return dict(zip(unique, pool.map(work, unique), strict=True))


def check(url: str, settings: Settings, now: dt.datetime) -> Result:
    """HEAD, then GET if HEAD is refused or fails; one more try after a timeout or a 5xx/429."""
    result = Result(url, False)
    for _ in range(1 + settings.retries):
        result = _request(url, "HEAD", settings.timeout)
        if not result.ok and (result.status in (400, 403, 404, 405, 406, 501) or result.status >= 500
                              or result.unreachable):
            result = _request(url, "GET", settings.timeout)
        if result.ok or not (result.unreachable or result.status >= 500 or result.status == 429):
            break
    return Result(**{**asdict(result), "checked": now.isoformat(timespec="seconds")})


def _request(url: str, method: str, timeout: float) -> Result:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
            return Result(url, 200 <= response.status < 400, response.status, final_url=response.url)
    except urllib.error.HTTPError as error:
        return Result(url, False, error.code, final_url=error.url or url)
    except (urllib.error.URLError, TimeoutError, ConnectionError, ssl.SSLError, OSError) as error:
        return Result(url, False, 0, _describe(error))


def _describe(error: BaseException) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    return str(reason) or type(reason).__name__


@dataclass
class Report:
    """The outcome of a run, for the command to print."""

    links: list[Link]
    """The links that were to be checked (not skipped)."""
    results: dict[str, Result]
    """A result for every URL of `links`, from this run or from the cache."""
    checked_now: set[str] = field(default_factory=set)
    skipped: list[Link] = field(default_factory=list)

    @property
    def dead(self) -> list[tuple[Link, Result]]:
        return [(link, self.results[link.url]) for link in self.links if not self.results[link.url].ok]

    @property
    def network_down(self) -> bool:
        """Nothing checked in this run got any HTTP answer, so no link can be called dead."""
        now = [self.results[url] for url in self.checked_now]
        return bool(now) and all(r.unreachable for r in now)


def run(docs: Iterable[Document], settings: Settings, cache_file: Path | None, now: dt.datetime,
        only: set[str] | None = None,
        on_done: Callable[[Result, int], None] = lambda result, total: None) -> Report:
    """Check the links of these documents (only those in `only`, if given), using and updating the cache."""
    found = [link for link in collect(docs) if only is None or link.url in only]
    skip = [link for link in found if skipped(link.url, settings)]
    wanted = [link for link in found if not skipped(link.url, settings)]
    cache = load_cache(cache_file) if cache_file else {}
    results = {link.url: cache[link.url] for link in wanted
               if link.url in cache and is_fresh(cache[link.url], now, settings.fresh_days)}
    checked = check_all({link.url for link in wanted} - results.keys(), settings, now, on_done)
    results.update(checked)
    if cache_file:
        save_cache(cache_file, {**cache, **checked})
    return Report(wanted, results, set(checked), skip)
