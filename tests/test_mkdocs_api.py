"""What builder/mkdocs.py relies on in MkDocs, beyond its documented plugin events: a test fails
here, naming the piece, when an upgrade of MkDocs changes one of them."""

from __future__ import annotations

import inspect
import re

import mkdocs
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File

from survey.builder import mkdocs as room


def test_the_private_api_the_docstring_lists_is_still_there_with_its_signature() -> None:
    listed = re.findall(r"`(mkdocs\.[\w.]+)\(([^)]*)\)`", room.__doc__ or "")
    assert listed, "builder/mkdocs.py's docstring lists the private API it uses"
    for dotted, parameters in listed:
        module, _, name = dotted.rpartition(".")
        assert module == "mkdocs.commands.build", dotted
        function = getattr(mkdocs_build, name)
        wanted = [p.strip() for p in parameters.split(",")]
        assert list(inspect.signature(function).parameters)[:len(wanted)] == wanted, dotted


def test_the_docstring_names_the_version_it_was_checked_against() -> None:
    checked = re.search(r"checked against MkDocs (\d+\.\d+)", room.__doc__ or "")
    assert checked and mkdocs.__version__.startswith(checked.group(1)), \
        f"read builder/mkdocs.py's list of private API against MkDocs {mkdocs.__version__}, then update the version"


def test_a_generated_file_can_be_a_subclass_and_a_page_set_by_a_plugin_is_used() -> None:
    class Mine(File):
        pass

    source = inspect.getsource(File.generated)
    assert "cls(" in source  # File.generated makes the class it is called on
    nav = inspect.getsource(mkdocs.structure.nav)
    assert "file.page is None" in nav and "if page is not None" in nav  # a page a plugin set is kept
    assert issubclass(room.HtmlPage, mkdocs.structure.pages.Page)
    assert Mine.generated  # noqa: B018 - the classmethod is inherited


def test_the_live_reload_server_keeps_its_epochs_where_reload_browsers_looks() -> None:
    from mkdocs import livereload

    source = inspect.getsource(livereload.LiveReloadServer)
    for name in ("_rebuild_cond", "_want_rebuild", "_epoch_cond", "_wanted_epoch", "_visible_epoch"):
        assert f"self.{name} " in source or f"self.{name}:" in source, name
    assert "self._visible_epoch > epoch" in source  # what an open page's poll waits for
    assert callable(livereload._timestamp)
