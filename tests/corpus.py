"""Unusual but valid papers that a contributor could add, built from whatever taxonomy the survey has.

The tests that exercise the real corpus run on the real papers plus these, which proves they
hold for a corpus they have not seen: no authors, one author, an author of three papers,
a DOI and no arXiv id, every link kind, every value of every facet, a year older and one newer
than the seed papers', a released dataset, and two papers reporting the same metric on the same
dataset.
Their identifiers (titles, the DOI prefix 10.5555 reserved for examples) cannot collide with
a real paper's.

Usage::

    files = corpus.unusual_papers(taxonomy, today)   # {"papers/zz-…yaml": "title: …", …}
"""

from __future__ import annotations

import datetime as dt
import json

from survey.core import schema
from survey.core.taxonomy import Taxonomy

# Words that occur in no real paper, so a search for one finds exactly one paper.
UNIQUE_TITLE_WORD = "Quokkascope"
UNIQUE_SURNAME = "Wharekauri"
UNIQUE_DATASET = "Quokka-Scan-512"


def unusual_papers(taxonomy: Taxonomy, today: dt.date) -> dict[str, str]:
    """{path: YAML text} of valid papers, each unusual in its own way."""
    first = {f.id: [f.values[0].id] for f in taxonomy.facets}
    every = {f.id: list(f.ids) for f in taxonomy.facets}
    papers = {
        "zz-no-authors": {"title": "A paper whose author list is unknown", "year": 1991},
        "zz-one-author": {
            "title": f"{UNIQUE_TITLE_WORD}: a single-author study of imaging data",
            "authors": [f"Aroha {UNIQUE_SURNAME}"], "year": 2019, "date": "2019-06",
            "tldr": "One author, one takeaway.",
        },
        "zz-doi-only": {
            "title": "A journal paper with a DOI but no arXiv id", "authors": ["Ana García", "et al."],
            "year": 2021, "date": "2021-02-03", "venue": "Journal of Examples 2021", "doi": "10.5555/zz.2021.1",
        },
        "zz-every-link": {
            "title": "A paper with one link of every kind", "authors": ["Zoë Ørsted", "田中 太郎"], "year": 2020,
            "links": {kind: f"https://example.org/zz/{kind}?a=1&b=2" for kind in schema.LINK_KINDS},
        },
        "zz-this-year": {
            "title": f"A paper published in {today.year}, newer than the seed papers", "year": today.year,
            "date": f"{today.year}-01", "authors": ["Kwame Mensah", "Li Wei", f"Aroha {UNIQUE_SURNAME}"],
        },
        "zz-every-value": {"title": "A paper filed under every value of every facet", "year": 2015, "facets": every,
                           "authors": [f"Aroha {UNIQUE_SURNAME}", "Kwame Mensah"]},
    }
    view = taxonomy.views.datasets
    task = {"task": taxonomy.facet(view.tasks).values[0].id} if view.tasks else {}
    for ident, value in (("zz-result-a", "0.91"), ("zz-result-b", "0.88")):
        quote = f"On {UNIQUE_DATASET} our model reaches a Dice score of {value}."
        papers[ident] = {"title": f"A paper reporting Dice {value} on {UNIQUE_DATASET}", "year": 2022,
                         "abstract": f"We test a model.\n\n{quote}",
                         "results": [{**task, "dataset": UNIQUE_DATASET, "metric": "Dice", "value": value,
                                      "quote": quote}]}
    papers["zz-result-a"]["datasets"] = [{"name": f"{UNIQUE_DATASET} masks"}]
    papers["zz-doi-only"]["datasets"] = [{"name": UNIQUE_DATASET, "released": True, "size": "512 scans",
                                          **{f: [taxonomy.facet(f).values[0].id] for f in view.facets},
                                          "access": "https://example.org/zz/data"}]
    papers["zz-doi-only"]["abstract"] = f"We release {UNIQUE_DATASET}, 512 scans.\n\nIts second paragraph."
    files = {}
    for ident, fields in papers.items():
        facets = fields.pop("facets", first)
        fields = {"abstract": f"An abstract for the test paper {ident}.\n\nIts second paragraph.", **fields,
                  **facets, "added": "2001-01-01"}
        text = "".join(f"{name}: {json.dumps(value, ensure_ascii=False)}\n" for name, value in fields.items())
        files[f"papers/{ident}.yaml"] = text
    return files
