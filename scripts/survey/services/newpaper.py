"""A new paper file from looked-up metadata: refuse duplicates, choose its id, write it once.

Usage::

    values = lookup.from_arxiv("2208.05868", services)
    path = newpaper.add(project, values, {facet_id: [value_id]}, today)   # papers/totalsegmentator.yaml
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slugify import slugify

from ..core.fields import ID_MAX_LENGTH
from ..core.problems import Problem, ProblemsFound, UsageError, did_you_mean
from ..core.taxonomy import Taxonomy
from ..core.text import excerpt
from ..read import validate
from ..read.load import Document
from ..read.project import Project
from ..read.reader import read_documents, read_taxonomy
from ..render import paperfile

ID_WORDS, ID_LENGTH = 5, 48
"""An id made from a title keeps at most this many whole words and characters."""
_GENERIC = frozenset("""
    review editorial commentary comment correction corrigendum erratum retraction letter perspective tutorial
    survey overview introduction preface abstract response reply update report note protocol
""".split())
"""Words before a colon that say what kind of text a paper is, not what it is called."""
_NAME_LIKE = re.compile(r"^\w+[A-Z]|\d|^[A-Z]{2,}")
"""A word that is a name rather than an ordinary word: a capital inside it, a digit, all capitals."""
_STOPWORDS = ("a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "from", "by", "via", "using",
              "towards", "toward", "is", "are", "its", "at", "as")


def paper_id(title: str) -> str:
    """A short, readable id from a title: the name before a colon ("TotalSegmentator: robust …"
    gives totalsegmentator, "MedSAM 2: …" medsam-2), but not words that only say what kind of
    text it is ("Review: …", "Annual Research Review: …"); else the title's main words."""
    name, colon, _ = title.partition(":")
    before = name.split()
    # One word, or up to four with one that is plainly a name ("MedSAM 2", "MONAI Generative Models"),
    # unlike "Annual Research Review" or "Gene Ontology".
    named = bool(colon) and slugify(before[0] if before else "") not in _GENERIC and (
        len(before) == 1 or (len(before) <= 4 and any(_NAME_LIKE.search(word) for word in before)))
    words = (slugify(name) if named else slugify(title, stopwords=_STOPWORDS)).split("-")
    kept = words[:1]
    for word in words[1:ID_WORDS]:  # whole words only, and no later word after one that did not fit
        if len("-".join([*kept, word])) > ID_LENGTH:
            break
        kept.append(word)
    return "-".join(kept)[:ID_LENGTH].strip("-") or "paper"


def check_facets(taxonomy: Taxonomy, chosen: Mapping[str, list[str]]) -> None:
    """A UsageError for a facet value the taxonomy does not have."""
    for facet_id, values in chosen.items():
        facet = taxonomy.facet(facet_id)
        for value in values:
            if value not in facet.ids:
                raise UsageError(f"--{facet_id}: unknown value '{excerpt(value, 40)}' "
                                 f"({did_you_mean(value, facet.ids)})")


def already_listed(project: Project, values: Mapping[str, Any]) -> Problem | None:
    """The survey's file that already has this paper's arXiv id, DOI or title, as a problem there."""
    wanted = {(c.field, c.key) for c in validate.claims(Document("new", dict(values)))}
    for doc in read_documents(project)[0]:
        for claim in validate.claims(doc):
            if (claim.field, claim.key) in wanted:
                return claim.problem(f"{claim.label} {claim.shown} is already in the survey; nothing was written",
                                     "edit this file instead of adding the paper again")
    return None


def add(project: Project, values: Mapping[str, Any], facets: Mapping[str, list[str]], today: dt.date,
        ident: str | None = None, tldr: str | None = None, note: str = "", placeholders: tuple[str, ...] = ("tldr",)
        ) -> Path:
    """Write papers/<id>.yaml for a paper not yet in the survey; return its path. `note` goes at
    the top of the file, as comment lines; `placeholders` are the fields written with the
    template's placeholder when empty. Refuses (ProblemsFound) a paper already listed and
    (UsageError) an existing file."""
    taxonomy = read_taxonomy(project)
    check_facets(taxonomy, facets)
    duplicate = already_listed(project, values)
    if duplicate:
        raise ProblemsFound([duplicate])
    ident = ident or paper_id(str(values.get("title") or ""))
    bad_name = validate.check_file_name(f"{ident}.yaml")
    if bad_name:
        raise UsageError(f"--id: {bad_name[0]}; {bad_name[1]}")
    target = project.papers_dir / f"{ident}.yaml"
    if target.exists() or target.is_symlink():
        raise UsageError(f"{project.display(target)} already exists; if it is this paper, edit that file, "
                         f"otherwise choose another id with --id (at most {ID_MAX_LENGTH} characters)")
    text = paperfile.paper(taxonomy, {**values, **facets, "tldr": tldr, "added": today.isoformat()},
                           placeholders=list(placeholders))
    if note:
        text = "".join(f"# {line}\n" for line in note.splitlines()) + text
    # O_EXCL: never overwrite a file, even one created since the check above.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    return target


def facet_values(text: str) -> list[str]:
    """Facet values as given on the command line: separated by commas or spaces."""
    return [v for v in re.split(r"[\s,]+", text) if v]
