"""The survey generator: papers/*.yaml → Markdown pages under docs/ → a MkDocs Material site.

The pipeline, one module per stage::

    load.py      read files, parse YAML with positions, refuse what is unsafe
    validate.py  normalise and check every paper against the schema and taxonomy
    model.py     the survey as data: papers, facets, counts, related papers
    render.py    the model as page text (Jinja templates under templates/)
    write.py     put the pages into docs/, skipping unchanged files, removing stale ones
    build.py     check → generate → mkdocs build → verify, swapped in atomically

Usage::

    from survey.project import Project
    from survey import generate
    project = Project.find()
    generate.run(project)
"""

__version__ = "0.1.0"
