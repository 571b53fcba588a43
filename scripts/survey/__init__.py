"""The survey generator: papers/*.yaml → checked papers → pages → a MkDocs Material site.

The folders are the pipeline; each imports only from the ones above it in this list::

    core/      no project I/O: text, names, field kinds and the paper schema, the taxonomy, the
               model of the survey, authors, the text analysis (related papers, the map)
    read/      the project and its settings, safe YAML with positions, validation, the reader
               (incremental for `survey serve`), the guard against links out of the repository
    render/    pages, exports, citation metadata and charts, from the Jinja templates in
               render/templates/; pure: data in, text out
    builder/   the only code that talks to MkDocs (mkdocs.py), the build and serve recipes,
               writing the search index, writing docs/, verifying the built site
    services/  what asks the network: arXiv and Crossref, the link checker, refresh, and the
               file `survey add` writes
    commands/  one thin module per `survey` command: parse, call the library, print

Where a change goes: a new field of a paper file is one line in core/schema.py (its kind in
core/kinds.py or core/listkinds.py); a new page or a change to one is a template in
render/templates/ and a few lines in render/pages.py; a change to how the site is built is in
builder/.

Usage::

    from survey.read.project import Project
    from survey.builder import build
    build.build(Project.find(), sys.stdout)
"""

__version__ = "0.1.0"
