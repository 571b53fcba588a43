"""arXiv's, Crossref's, Semantic Scholar's and GitHub's APIs on 127.0.0.1, answering with the
recorded responses of tests/data/services/ (see its README for where each format comes from). No
test touches the network.

Semantic Scholar's batch answers from `Handler.papers` (the id asked, "ARXIV:…" or "DOI:…", to
its element; `s2_paper` builds one in the recorded shape), null for any other id. GitHub
answers `Handler.repositories` ("owner/repo" to "archived" or "gone"), and a maintained
repository for any other. `Handler.failing` makes a service fail as a test asks.

arXiv answers a request for several ids with one feed holding the entry of each id it knows,
as the real API does; the entries are those of the single-id recordings. 2401.00002 is the
fictional 2401.00001 entry under another id with a journal reference, the optional element
that recording lacks, written where arXiv writes it.

Usage::

    with serve_services() as base:   # arXiv at base + "/api/query", Crossref at base
        ...
"""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator

from conftest import DATA

SERVICES = DATA / "services"
ATOM, JSON = "application/atom+xml; charset=utf-8", "application/json"
JOURNAL_REF = "Journal of Examples 12(3), 45-67 (2024)"


def _entry(name: str) -> str:
    text = (SERVICES / name).read_text(encoding="utf-8")
    return text[text.index("  <entry>"):text.index("</entry>") + len("</entry>\n")]


def _entries() -> dict[str, str]:
    with_ref = _entry("arxiv-2401.00001-no-doi.atom").replace("2401.00001", "2401.00002").replace(
        '<arxiv:primary_category term="eess.IV"/>\n',
        f'<arxiv:primary_category term="eess.IV"/>\n    <arxiv:journal_ref>{JOURNAL_REF}</arxiv:journal_ref>\n')
    return {"2208.05868": _entry("arxiv-2208.05868.atom"), "2401.00001": _entry("arxiv-2401.00001-no-doi.atom"),
            "2401.00002": with_ref}


def arxiv_feed(ids: list[str]) -> bytes:
    """The feed the API sends for these ids: the empty feed's header, with the known entries."""
    empty = (SERVICES / "arxiv-empty.atom").read_text(encoding="utf-8")
    found = [_entries()[i] for i in ids if i in _entries()]
    head = re.sub(r"<opensearch:totalResults>\d+<", f"<opensearch:totalResults>{len(found)}<", empty)
    return head.replace("</feed>", "".join(found) + "</feed>").encode()


def s2_paper(external_ids: dict[str, str], cites: list[dict[str, str] | None]) -> dict:
    """A batch element as Semantic Scholar writes it for fields=externalIds,references.externalIds
    (tests/data/services/semanticscholar-paper-references-externalids.json): `cites` are the
    references' externalIds, None for a reference it could not resolve."""
    recorded = json.loads((SERVICES / "semanticscholar-paper-references-externalids.json").read_text(encoding="utf-8"))
    unresolved = next(r for r in recorded["references"] if r["paperId"] is None)
    resolved = next(r for r in recorded["references"] if r["paperId"] is not None)
    refs = [dict(unresolved) if ids is None else {**resolved, "externalIds": {**ids, "CorpusId": 1 + n}}
            for n, ids in enumerate(cites)]
    return {**recorded, "externalIds": {**external_ids, "CorpusId": 0}, "references": refs}


class Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # every path asked for, for tests that count requests
    papers: dict[str, dict] = {}
    repositories: dict[str, str] = {}
    crossref: dict[str, str] = {}  # DOI: a recorded works file, beside the two below
    failing: dict[str, list[tuple[int, str, dict[str, str]]]] = {}
    """Path prefix: the answers (status, recorded body file, headers) to give instead, one per
    request, in turn; the service answers normally once they are used up."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        Handler.requests.append(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urllib.parse.urlsplit(self.path)
        if self._failed(url.path):
            return
        if url.path.startswith("/slow/"):
            time.sleep(2)
            self._send(200, b"[]", JSON)
        elif url.path == "/graph/v1/paper/batch":
            ids = json.loads(body)["ids"]
            self._send(200, json.dumps([Handler.papers.get(i) for i in ids]).encode(), JSON)
        else:
            self._send(404, b'{"error":"Not found"}\n', JSON)

    def _failed(self, path: str) -> bool:
        for prefix, answers in Handler.failing.items():
            if path.startswith(prefix) and answers:
                status, name, headers = answers.pop(0)
                self._send(status, (SERVICES / name).read_bytes(), JSON, headers)
                return True
        return False

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Handler.requests.append(self.path)
        url = urllib.parse.urlsplit(self.path)
        if self._failed(url.path):
            return
        if url.path.startswith("/repos/"):
            state = Handler.repositories.get(url.path.removeprefix("/repos/"))
            if state == "gone":
                self._send(404, (SERVICES / "github-repo-404.json").read_bytes(), JSON)
            else:
                repo = json.loads((SERVICES / "github-repo-get.json").read_text(encoding="utf-8"))
                self._send(200, json.dumps({**repo, "archived": state == "archived"}).encode(), JSON)
        elif url.path == "/api/query":
            ids = urllib.parse.parse_qs(url.query)["id_list"][0].split(",")
            if "2401.99998" in ids:  # a malformed id, as arXiv sees it: one bad id fails the request
                self._send(400, (SERVICES / "arxiv-error.atom").read_bytes(), ATOM)
            elif ids == ["2208.05868"]:
                self._send(200, (SERVICES / "arxiv-2208.05868.atom").read_bytes(), ATOM)
            elif ids == ["2401.00001"]:
                self._send(200, (SERVICES / "arxiv-2401.00001-no-doi.atom").read_bytes(), ATOM)
            else:
                self._send(200, arxiv_feed(ids), ATOM)
        elif url.path.startswith("/works/"):
            doi = urllib.parse.unquote(url.path.removeprefix("/works/"))
            name = {"10.1148/ryai.230024": "crossref-10.1148-ryai.230024.json",
                    "10.1000/test.2024.1": "crossref-10.1000-test.json", **Handler.crossref}.get(doi)
            if name:
                self._send(200, (SERVICES / name).read_bytes(), JSON)
            else:
                self._send(404, (SERVICES / "crossref-404.txt").read_bytes(), "text/plain")
        elif url.path == "/slow/api/query":
            time.sleep(2)
            self._send(200, b"", ATOM)
        else:
            self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A test server that says nothing when a client hangs up first (a client's timeout, by design)."""

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - socketserver's signature
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_services() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
