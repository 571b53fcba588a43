"""Metadata that keeps itself current: the venue and DOI of papers added as preprints, as arXiv
and Crossref give them once the paper is published; which survey papers cite which (Semantic
Scholar, papers/_citations.yaml); and the health of each paper's code and record (GitHub and
Crossref, papers/_health.yaml).

Only papers with an arXiv id and no venue or no DOI are asked about. Only an empty field is
filled, and only venue and doi: a value a person wrote is never changed or removed, and the
curated fields (title, abstract, tldr, facets) are never touched. A DOI arXiv gives is added
unless another paper already has it. A venue comes from Crossref's record of the DOI
(container title and year); failing that, from arXiv's journal reference when it names a year.
A new line goes where the field belongs in a paper file, and the rest of the file stays as
written, comments included.

The two data files are written whole (render/datafiles.py), and only when what they say changes:
a paper a service does not know keeps its entry, an entry of a paper no longer in the survey
goes, and the date changes only with the content. When any service cannot answer, `ask` raises
ServiceUnavailable and nothing is written.

Usage::

    result = refresh.ask(project, survey, services, today)   # asks arXiv and Crossref; writes nothing
    result.edits                                             # {path: (text now, text after)}, data files too
    refresh.pull_request_body(result)                        # the changes as Markdown, with sources
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..core import schema
from ..core.model import Paper, Survey
from ..core.relations import Citations, Health, Update
from ..read import load, relations, validate
from ..read.load import Document
from ..read.project import Project
from ..render import datafiles, templating
from . import health, lookup, semanticscholar

FIELDS = ("venue", "doi")
"""The only fields this fills."""
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


@dataclass(frozen=True)
class Change:
    """One field to fill in one paper file, with where its value comes from."""

    path: str
    field: str
    value: str
    origin: str


def wanted(papers: Iterable[Paper]) -> list[Paper]:
    """The papers worth asking about: an arXiv id, and no venue or no DOI yet."""
    return [p for p in papers if p.arxiv and not (p.venue and p.doi)]


def plan(papers: Iterable[Paper], arxiv: Mapping[str, Mapping[str, str]], venue_of: Callable[[str], str],
         taken_dois: Iterable[str]) -> tuple[list[Change], list[str]]:
    """The changes to make, and notes on what was found but not used. `arxiv` is what arXiv said
    about each id; `venue_of(doi)` asks Crossref; `taken_dois` are the DOIs papers already have."""
    taken = {d.casefold() for d in taken_dois}
    changes, notes = [], []
    for paper in wanted(papers):
        said = arxiv.get(paper.arxiv, {})
        doi = paper.doi
        if not doi and said.get("doi"):
            if said["doi"].casefold() in taken:
                notes.append(f"{paper.source}: arXiv gives the DOI {said['doi']}, which another paper already has; "
                             "not added")
            else:
                doi = said["doi"]
                taken.add(doi.casefold())
                changes.append(Change(paper.source, "doi", doi, f"arXiv {paper.arxiv}: DOI"))
        if paper.venue:
            continue
        venue = venue_of(doi) if doi else ""
        if venue:
            changes.append(Change(paper.source, "venue", venue, f"Crossref {doi}: container title and year"))
        elif said.get("journal_ref") and _YEAR.search(said["journal_ref"]):
            changes.append(Change(paper.source, "venue", said["journal_ref"],
                                  f"arXiv {paper.arxiv}: journal reference"))
        elif said.get("journal_ref"):
            notes.append(f"{paper.source}: arXiv's journal reference '{said['journal_ref']}' names no year; "
                         "not used as the venue")
    return changes, notes


def insert_fields(text: str, doc: Document, values: Mapping[str, str], order: list[str],
                  as_yaml: Callable[[str, str], str]) -> str:
    """The file's text with these top-level fields written in: an empty one's line replaced, a
    missing one put before the next field in `order` (and before that field's comments), or at
    the end. `as_yaml(name, value)` is the line after 'name:'."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    present = {path[0]: line - 1 for path, (line, _) in doc.keys.items() if len(path) == 1}
    before: dict[int, list[str]] = {}
    for name in sorted(values, key=order.index):
        new = f"{name}:{as_yaml(name, values[name])}\n"
        if name in present:  # written empty, so on one line
            lines[present[name]] = new
            continue
        later = [present[n] for n in order[order.index(name) + 1:] if n in present]
        at = min(later) if later else len(lines)
        while later and at > 0 and lines[at - 1].startswith("#"):
            at -= 1
        before.setdefault(at, []).append(new)
    return "".join(line for i in range(len(lines) + 1) for line in [*before.get(i, []), *lines[i:i + 1]])


@dataclass
class Result:
    """What one refresh found: the changes, what was found but not used, and each file's new text."""

    asked: int
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Paper file or data file: (its text now, its text with the changes)."""
    citations: tuple[int, list[tuple[str, str]], list[tuple[str, str]]] = (0, [], [])
    """(papers Semantic Scholar knew, citations added, citations gone) as (citing, cited) ids."""
    health: list[tuple[str, str]] = field(default_factory=list)
    """(paper id, what is new about it: 'Code archived', 'Retracted', …)."""


def new_citations(old: Citations, cites: dict[str, tuple[str, ...]], ids: list[str], today: str) -> Citations:
    """The citations after a refresh: what Semantic Scholar said for the papers it knows, the old
    entries of those it does not, none for papers that have left; the old date if nothing changed."""
    merged = old.among(ids)
    content = {**merged.cites, **cites}
    content = {k: v for k, v in content.items() if v}
    fresh = Citations(semanticscholar.SOURCE, today, content).among(ids)
    return merged if fresh.cites == merged.cites and old.retrieved else fresh


def new_health(old: Health, code: dict[str, str], updates: dict[str, tuple[Update, ...] | None], ids: list[str],
               today: str) -> Health:
    """The health after a refresh: the code state of every paper with a GitHub link asked about,
    and the updates of every DOI Crossref knows (the old entry where it does not)."""
    merged = old.among(ids)
    kept_code = {k: v for k, v in {**merged.code, **code}.items() if v}
    kept_updates = {**merged.updates, **{k: v for k, v in updates.items() if v is not None}}
    fresh = Health(health.SOURCE, today, kept_code, {k: v for k, v in kept_updates.items() if v}).among(ids)
    same = fresh.code == merged.code and fresh.updates == merged.updates
    return merged if same and old.retrieved else fresh


def ask(project: Project, survey: Survey, services: lookup.Services, today: dt.date) -> Result:
    """Ask arXiv about every paper worth asking about, then Crossref about each DOI, and work
    out each file's new text; a file whose new text would not pass `survey check` is left as it is."""
    asked = wanted(survey.papers)
    answers = lookup.arxiv_publications([p.arxiv for p in asked], services) if asked else {}
    venues: dict[str, str] = {}

    def venue_of(doi: str) -> str:
        if doi not in venues:
            venues[doi] = lookup.crossref_venue(doi, services)
        return venues[doi]

    changes, notes = plan(survey.papers, answers, venue_of, [p.doi for p in survey.papers if p.doi])
    result = Result(len(asked), changes, notes)
    fields = {f.name: f for f in schema.all_fields(survey.taxonomy)}
    for path in dict.fromkeys(c.path for c in changes):
        text = (project.root / path).read_text(encoding="utf-8")
        values = {c.field: c.value for c in changes if c.path == path}
        new = insert_fields(text, load.parse_yaml(text, path), values, list(fields),
                            lambda name, value: fields[name].kind.yaml(fields[name], value))
        _, problems = validate.check_paper(load.parse_yaml(new, path), survey.taxonomy, today)
        if problems:  # what a service said does not fit the schema: leave the file as it is
            result.notes.append(f"{path}: not changed, since the result would not pass `survey check` "
                                f"({problems[0].field}: {problems[0].message})")
            result.changes = [c for c in result.changes if c.path != path]
        else:
            result.edits[path] = (text, new)
    _ask_citations(project, survey, services, today, result)
    _ask_health(project, survey, services, today, result)
    return result


def _edit(project: Project, name: str, text: str, result: Result) -> None:
    file = project.papers_dir / name
    now = file.read_text(encoding="utf-8") if file.is_file() else ""
    if text != now:
        result.edits[f"papers/{name}"] = (now, text)


def _ask_citations(project: Project, survey: Survey, services: lookup.Services, today: dt.date,
                   result: Result) -> None:
    answers = semanticscholar.references(survey.papers, services)
    cites = semanticscholar.within(answers, survey.papers)
    old, _ = relations.read_citations(project)
    ids = [p.id for p in survey.papers]
    citations = new_citations(old, cites, ids, today.isoformat())
    before = {(a, b) for a, bs in old.among(ids).cites.items() for b in bs}
    after = {(a, b) for a, bs in citations.cites.items() for b in bs}
    result.citations = (len(cites), sorted(after - before), sorted(before - after))
    if citations.cites or (project.papers_dir / relations.CITATIONS).is_file():
        _edit(project, relations.CITATIONS, datafiles.citations_yaml(citations), result)


def _ask_health(project: Project, survey: Survey, services: lookup.Services, today: dt.date, result: Result) -> None:
    code = {}
    for paper in survey.papers:
        found = health.repository(paper.link("code"))
        if found:
            code[paper.id] = health.code_state(*found, services)
    updates = {p.id: health.updates(p.doi, services) for p in survey.papers if p.doi}
    old, _ = relations.read_health(project)
    ids = [p.id for p in survey.papers]
    state = new_health(old, code, updates, ids, today.isoformat())
    was = old.among(ids)
    for paper_id in ids:
        result.health += [(paper_id, label) for kind, label in state.badges(paper_id)
                          if (kind, label) not in was.badges(paper_id)]
    if state.code or state.updates or (project.papers_dir / relations.HEALTH).is_file():
        _edit(project, relations.HEALTH, datafiles.health_yaml(state), result)


def pull_request_body(result: Result) -> str:
    """The changes as Markdown, one table row each with its source; service text is shown literally."""
    return templating.environment().get_template("refresh-report.md.txt.j2").render(result=result)
