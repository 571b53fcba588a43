"""Semantic Scholar's Graph API: the references of the survey's papers, asked in batches.

`POST /graph/v1/paper/batch?fields=externalIds,references.externalIds` with up to 500 ids
("ARXIV:2208.05868", "DOI:10.1148/ryai.230024") answers with a list in the order asked: each
paper with its references (each with the ids Semantic Scholar knows for it, or null), or null
for an id it does not know. What is read from it is matched to the survey's papers by arXiv id
or DOI; nothing else is taken.

Usage::

    answers = semanticscholar.references(papers, services)   # {paper id: [reference ids, …] or None}
    semanticscholar.within(answers, papers)                  # {paper id: (survey paper ids it cites)}
    semanticscholar.outside(answers, papers)                 # {("arxiv", "2401.00001"): {citing ids}}
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..core.model import Paper
from ..core.problems import ServiceUnavailable
from ..read.settings import ServiceSettings as Services
from . import web

SERVICE = "Semantic Scholar"
SOURCE = "Semantic Scholar Graph API (paper/batch, references.externalIds)"
FIELDS = "externalIds,references.externalIds"
API_KEY = "SEMANTIC_SCHOLAR_API_KEY"
"""An API key in this environment variable is sent (higher rate limits); none is needed."""

Identifier = tuple[str, str]
"""("arxiv", "2208.05868") or ("doi", "10.1148/ryai.230024"), the DOI in lower case."""


def asked_as(paper: Paper) -> str:
    return f"ARXIV:{paper.arxiv}" if paper.arxiv else f"DOI:{paper.doi}"


def references(papers: Sequence[Paper], services: Services) -> dict[str, list[list[Identifier]] | None]:
    """For each paper with an arXiv id or DOI: its references, each as the identifiers Semantic
    Scholar gives for it, or None if Semantic Scholar does not know the paper."""
    asked = [p for p in papers if p.arxiv or p.doi]
    url = f"{services.semanticscholar.rstrip('/')}/graph/v1/paper/batch?fields={FIELDS}"
    key = os.environ.get(API_KEY, "")
    answers: dict[str, list[list[Identifier]] | None] = {}
    for start in range(0, len(asked), services.semanticscholar_batch):
        batch = asked[start:start + services.semanticscholar_batch]
        body = json.dumps({"ids": [asked_as(p) for p in batch]}).encode()
        status, _, raw = web.fetch(url, SERVICE, services, "application/json", data=body,
                                   headers={"x-api-key": key} if key else None)
        try:
            listed = json.loads(raw) if status == 200 else None
            if not isinstance(listed, list) or len(listed) != len(batch):
                raise ValueError
        except ValueError:
            raise ServiceUnavailable(f"{SERVICE} answered HTTP {status} without the list of papers it was asked for; "
                                     "try again later") from None
        for paper, found in zip(batch, listed, strict=True):
            answers[paper.id] = _references(found) if isinstance(found, dict) else None
    return answers


def _references(found: Mapping) -> list[list[Identifier]]:
    refs = found.get("references") or []
    return [_identifiers(r.get("externalIds")) for r in refs if isinstance(r, dict)]


def _identifiers(external: object) -> list[Identifier]:
    if not isinstance(external, dict):
        return []
    ids: list[Identifier] = []
    if isinstance(external.get("ArXiv"), str):
        ids.append(("arxiv", re.sub(r"v\d+$", "", external["ArXiv"].strip())))
    if isinstance(external.get("DOI"), str):
        ids.append(("doi", external["DOI"].strip().lower()))
    return ids


def _survey_ids(papers: Iterable[Paper]) -> dict[Identifier, str]:
    ids = {}
    for paper in papers:
        if paper.arxiv:
            ids["arxiv", paper.arxiv] = paper.id
        if paper.doi:
            ids["doi", paper.doi.lower()] = paper.id
    return ids


def within(answers: Mapping[str, list[list[Identifier]] | None], papers: Iterable[Paper]) -> dict[str, tuple[str, ...]]:
    """For each paper Semantic Scholar knows, the other survey papers it cites."""
    ids = _survey_ids(papers)
    cites = {}
    for citing, refs in answers.items():
        if refs is None:
            continue
        found = {ids[i] for ref in refs for i in ref if i in ids} - {citing}
        cites[citing] = tuple(sorted(found))
    return cites


def outside(answers: Mapping[str, list[list[Identifier]] | None],
            papers: Iterable[Paper]) -> dict[Identifier, set[str]]:
    """Papers not in the survey that survey papers cite: each by one identifier (its arXiv id
    when it has one), with the survey papers that cite it."""
    ids = _survey_ids(papers)
    citing_of: dict[Identifier, set[str]] = defaultdict(set)
    for citing, refs in answers.items():
        for ref in refs or ():
            if ref and not any(i in ids for i in ref):
                citing_of[ref[0]].add(citing)
    return dict(citing_of)
