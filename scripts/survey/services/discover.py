"""The discovery queue: papers that are not in the survey but that several of its papers cite
(Semantic Scholar's references), each written as `survey add` writes a paper, with facet
suggestions for a person to confirm.

A suggestion is drawn only from the taxonomy's values: those that most of the proposed paper's
nearest survey papers have (text similarity of title and abstract, as the survey's related
papers), and for a required facet at least the most common one. The file says so in a comment
above its facets, and the pull request lists each proposal with the papers that cite it.

Usage::

    found = discover.propose(project, survey, settings, today)   # writes the files; returns Proposals
    discover.pull_request_body(found)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..core import analysis, similarity
from ..core.model import Paper, Survey
from ..core.problems import ProblemsFound, UsageError
from ..core.taxonomy import Taxonomy
from ..read.project import Project
from ..read.settings import Settings
from ..render import templating
from . import lookup, newpaper, semanticscholar

CANDIDATE = "\x00proposed"
"""The proposed paper's key among the survey's texts (no paper id can look like it)."""


@dataclass(frozen=True)
class Proposal:
    identifier: str
    """As `survey add` takes it: arXiv:… or a DOI."""
    citing: tuple[str, ...]
    path: str = ""
    title: str = ""
    neighbours: tuple[str, ...] = ()
    suggested: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    skipped: str = ""
    """Why no file was written, if none was."""


def suggestions(neighbours: Sequence[Paper], taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """For each facet, the values at least half the neighbours have (in the taxonomy's order); for
    a required facet with none, the value most of them have."""
    chosen = {}
    for facet in taxonomy.facets:
        counts = Counter(v for p in neighbours for v in p.facets[facet.id])
        wanted = [v.id for v in facet.values if counts[v.id] >= max(1, math.ceil(len(neighbours) / 2))]
        if not wanted and facet.required and counts:
            wanted = [max(facet.values, key=lambda v: (counts[v.id], -facet.values.index(v))).id]
        if wanted:
            chosen[facet.id] = tuple(wanted)
    return chosen


def nearest(survey: Survey, title: str, abstract: str, k: int) -> list[Paper]:
    """The k survey papers whose text is most like the proposed paper's (as analysis.analyse weighs it)."""
    texts = {p.id: analysis.weighted_text(p.title, p.tldr, p.abstract) for p in survey.papers}
    texts[CANDIDATE] = analysis.weighted_text(title, "", abstract)
    near = similarity.most_similar(texts, k)[CANDIDATE]
    return [survey.by_id[i] for i in near]


def candidates(answers: Mapping[str, list | None], survey: Survey, least: int, most: int) -> list[Proposal]:
    """The papers outside the survey that at least `least` survey papers cite, most cited first."""
    cited = semanticscholar.outside(answers, survey.papers)
    ranked = sorted(((ident, citing) for ident, citing in cited.items() if len(citing) >= least),
                    key=lambda item: (-len(item[1]), item[0]))
    return [Proposal(f"arXiv:{value}" if kind == "arxiv" else value, tuple(sorted(citing)))
            for (kind, value), citing in ranked[:most]]


def propose(project: Project, survey: Survey, settings: Settings, today: dt.date) -> list[Proposal]:
    """Ask Semantic Scholar, then write a paper file for each candidate, as `survey add` would."""
    wanted = settings.discovery
    answers = semanticscholar.references(survey.papers, settings.services)
    done = []
    for proposal in candidates(answers, survey, wanted.min_citing, wanted.most):
        values, _ = lookup.by_identifier(proposal.identifier, settings.services)
        near = nearest(survey, str(values.get("title") or ""), str(values.get("abstract") or ""), wanted.neighbours)
        suggested = suggestions(near, survey.taxonomy)
        note = _note(proposal, near)
        try:
            # No tldr placeholder: the file passes `survey check`, and the note asks for the tldr.
            path = newpaper.add(project, values, {k: list(v) for k, v in suggested.items()}, today, note=note,
                                placeholders=())
        except (ProblemsFound, UsageError) as why:  # listed since, or its id is taken: say so, write nothing
            reason = why.problems[0].message if isinstance(why, ProblemsFound) else str(why)
            done.append(Proposal(proposal.identifier, proposal.citing, title=str(values.get("title") or ""),
                                 skipped=reason))
            continue
        done.append(Proposal(proposal.identifier, proposal.citing, project.display(path),
                             str(values.get("title") or ""), tuple(p.id for p in near), suggested))
    return done


def _note(proposal: Proposal, near: Sequence[Paper]) -> str:
    return (f"Proposed by `survey discover`: cited by {len(proposal.citing)} papers of the survey "
            f"({', '.join(proposal.citing)}).\n"
            "The facets below are SUGGESTIONS, from its nearest papers in the survey "
            f"({', '.join(p.id for p in near)}):\n"
            "confirm or change each one, write a tldr from the abstract, and only then merge.")


def pull_request_body(proposals: Sequence[Proposal], survey: Survey) -> str:
    return templating.environment().get_template("discover-report.md.txt.j2").render(
        proposals=proposals, taxonomy=survey.taxonomy)
