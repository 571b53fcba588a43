"""Check paper files against the schema and the taxonomy: normalise, then validate.

Every check appends to a list of problems instead of stopping, so one run reports
everything wrong in every file. Each field is checked by its kind (fields.py). Functions
here are pure: documents in, papers and problems out.

Usage::

    papers, problems = validate.check_papers(docs, taxonomy, today=date.today())
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..core import provenance, schema
from ..core.fields import ID_MAX_LENGTH, ID_PATTERN, Context, check_record
from ..core.model import Paper
from ..core.problems import Problem
from ..core.taxonomy import Taxonomy
from ..core.text import excerpt, normalised_title
from .load import Document

_ID = re.compile(ID_PATTERN)
TEMPLATE_HINT = "see papers/_template.yaml"


def check_file_name(name: str) -> tuple[str, str] | None:
    """Why a file in papers/ cannot be a paper, as (message, fix), or None for a good name."""
    stem, dot, ext = name.rpartition(".")
    if not dot or ext != "yaml":
        if ext == "yml":
            return "paper files end in .yaml", f"rename it to {stem}.yaml"
        return "not a paper file", "papers are YAML files named papers/<id>.yaml; move other files elsewhere"
    if len(stem) > ID_MAX_LENGTH or not _ID.match(stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:ID_MAX_LENGTH] or "my-paper"
        return (f"file name '{excerpt(stem)}' is not a valid paper id",
                f"use lowercase letters, digits and single hyphens, at most {ID_MAX_LENGTH} characters, "
                f"e.g. {suggestion}.yaml")
    return None


def check_papers(docs: Iterable[Document], taxonomy: Taxonomy, today: dt.date,
                 others: Iterable[Claim] = ()) -> tuple[list[Paper], list[Problem]]:
    """Check every paper document, then the papers against each other and against what `others`
    claim (papers that are not checked themselves, such as the rest of the survey when checking
    one file)."""
    papers: list[Paper] = []
    problems: list[Problem] = []
    docs = list(docs)
    for doc in docs:
        paper, found = check_paper(doc, taxonomy, today)
        problems += found
        if paper is not None:
            papers.append(paper)
    checked = {doc.path for doc in docs}
    problems += [p for p in check_duplicates([*(c for doc in docs for c in claims(doc)), *others]) if p.path in checked]
    return papers, problems


def check_paper(doc: Document, taxonomy: Taxonomy, today: dt.date) -> tuple[Paper | None, list[Problem]]:
    """Normalise and check one paper document; the Paper is None when anything is wrong."""
    problems: list[Problem] = []
    fields = schema.all_fields(taxonomy)
    values = check_record(Context(doc, problems, today, TEMPLATE_HINT), (), doc.data, tuple(fields))
    if values is None:
        return None, problems
    year, date = values.get("year"), values.get("date")
    if year and date and int(date[:4]) != year:
        problems.append(doc.problem(("year",), f"year {year} does not match date {date}",
                                    "year is the year of first publication; correct one of them"))
    problems += _unstated(doc, values)
    if problems:
        return None, problems
    facets = {f.id for f in taxonomy.facets}
    return Paper(
        id=doc.path.rsplit("/", 1)[-1].removesuffix(".yaml"),
        source=doc.path,
        fields={f.name: values.get(f.name, f.kind.empty) for f in fields if f.name not in facets},
        facets={f.id: tuple(values.get(f.id, ())) for f in taxonomy.facets},
    ), problems


def _unstated(doc: Document, values: dict) -> list[Problem]:
    """What the datasets and results say that the abstract does not."""
    abstract, problems = values.get("abstract") or "", []
    for i, result in enumerate(values.get(schema.RESULTS, ())):
        quote, value = result.get("quote", ""), result.get("value", "")
        if quote and not provenance.quote_in(abstract, quote):
            problems.append(doc.problem((schema.RESULTS, i, "quote"), "is not a sentence of the abstract",
                                        "copy the sentence the number comes from exactly as the abstract has it"))
        elif quote and value and not provenance.value_in(quote, value):
            problems.append(doc.problem((schema.RESULTS, i, "value"), f"'{excerpt(value)}' is not in its quote",
                                        "write the number exactly as the quote has it, or quote the sentence "
                                        "that states it; a number the abstract does not state stays out"))
    for i, dataset in enumerate(values.get(schema.DATASETS, ())):
        for name in ("size", "annotations"):
            missing = provenance.numbers_not_in(abstract, dataset.get(name, ""))
            if missing:
                problems.append(doc.problem((schema.DATASETS, i, name),
                                            f"{', '.join(missing)} is not a number the abstract states",
                                            f"write the {name} as the abstract states it, or leave it out"))
    return problems


@dataclass(frozen=True)
class Claim:
    """One identifying value of one paper file (its arXiv id, DOI or title), with where it is
    written: small and plain, so it can come back from another process."""

    path: str
    field: str
    label: str
    value: str
    """As written in the file."""
    key: str
    """What two papers must share to be the same: the value case-folded; a title's letters and digits."""
    added: str
    where: tuple[int | None, int | None]

    @property
    def shown(self) -> str:
        return f"'{excerpt(self.value)}'" if self.field == "title" else self.value

    def problem(self, message: str, fix: str) -> Problem:
        return Problem(self.path, *self.where, self.field, message, fix)


IDENTIFIERS = (("arxiv", "arXiv id"), ("doi", "DOI"), ("title", "title"))


def claims(doc: Document) -> list[Claim]:
    """The arXiv id, DOI and title a paper document claims, as written (even if invalid otherwise)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    found = []
    for field, label in IDENTIFIERS:
        raw = data.get(field)
        if isinstance(raw, (str, float)):
            value = doc.plain.get((field,), str(raw)).strip()  # as written: 2403.18190 unquoted keeps its 0
            key = normalised_title(value) if field == "title" else value.casefold()
            if key:
                found.append(Claim(doc.path, field, label, value, key, str(data.get("added", "")),
                                   doc.where((field,))))
    return found


def check_duplicates(found: Iterable[Claim]) -> list[Problem]:
    """The same arXiv id, DOI or title in two files. It is reported on the file added later
    (the one a pull request adds, so the annotation lands on its diff), or on both when they
    were added on the same day, naming the other file and the shared value."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in found:
        groups[claim.field, claim.key].append(claim)
    problems = []
    for group in groups.values():
        if len(group) < 2:
            continue
        newest = max(claim.added for claim in group)
        for claim in group:
            if claim.added == newest:
                other = min((c for c in group if c is not claim), key=lambda c: (c.added, c.path))
                problems.append(claim.problem(f"{claim.label} {claim.shown} is already {other.path}",
                                              "a paper is listed once: remove this file, or correct the value"))
    return problems
