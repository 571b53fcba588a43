"""Read YAML files safely and remember where every value came from.

Paper files come from strangers' pull requests, so the loader refuses, before
anything is built: files over the size limit, bytes that are not UTF-8, YAML
tags, anchors and aliases (no "billion laughs" expansion: aliases are refused
as events, never resolved), duplicate keys and absurd nesting.

Usage::

    doc = load.read_yaml(Path("papers/totalsegmentator.yaml"), "papers/totalsegmentator.yaml")
    doc.data["title"], doc.where(("authors", 0))   # → value, (line, column)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..core.document import Document, Path_
from ..core.problems import Problem, ProblemsFound

MAX_FILE_BYTES = 256 * 1024
"""Largest accepted YAML file; a paper with a thousand authors is still well under it."""

MAX_DATA_FILE_BYTES = 64 * 1024 * 1024
"""Largest accepted file that `survey refresh` writes (papers/_citations.yaml, _health.yaml): a
hundred thousand papers that each cite eight others of the survey take about 15 MB."""

MAX_DEPTH = 16
"""Deepest nesting of lists and mappings; paper files need three levels."""


# Plain scalars are resolved the way YAML 1.1 does (so `No` becomes a boolean and is
# then rejected where text is expected, instead of silently turning into a title).
# The resolver holds no state between calls; constructors do, so each document gets its own.
_RESOLVER = yaml.resolver.Resolver()


def read_yaml(file: Path, display: str, limit: int = MAX_FILE_BYTES) -> Document:
    """Read and parse one YAML file; raise ProblemsFound describing why it cannot be read."""
    return parse_yaml(decode(read_regular_file(file, display, limit), display), display)


def read_regular_file(file: Path, display: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A symbolic link, a folder, a device
    or a pipe is refused without being opened or followed: a pull request could otherwise make
    the build publish any file of the machine it runs on."""
    def refuse(message: str, fix: str) -> ProblemsFound:
        return ProblemsFound([Problem(display, None, None, "", message, fix)])

    try:
        status = os.lstat(file)
    except OSError as error:
        raise refuse(f"cannot read file: {error.strerror}", "check that the file exists and can be read") from None
    if stat.S_ISLNK(status.st_mode):
        raise refuse("is a symbolic link, which is never followed", "replace the link with the file itself")
    if not stat.S_ISREG(status.st_mode):
        raise refuse("is not a regular file", "replace it with a plain text file")
    if status.st_size > limit:
        raise refuse(f"file is {status.st_size:,} bytes, over the limit of {limit:,}",
                     "a paper file holds one paper's metadata and abstract; shorten it" if limit == MAX_FILE_BYTES
                     else "shorten it")
    try:
        # O_NOFOLLOW: a link swapped in after the check above is refused too.
        descriptor = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise refuse(f"cannot read file: {error.strerror}", "check that the file exists and can be read") from None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise refuse("is not a regular file", "replace it with a plain text file")
        raw = stream.read(limit + 1)
    if len(raw) > limit:  # it grew after the check
        raise refuse(f"file is over the limit of {limit:,} bytes", "shorten it")
    return raw


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text with an optional BOM removed and CRLF line endings made LF."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ProblemsFound([Problem(
            display, line, column, "",
            f"not valid UTF-8 (byte 0x{raw[error.start]:02X})",
            "save the file with UTF-8 encoding",
        )]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def parse_yaml(text: str, display: str) -> Document:
    """Parse one YAML document from text into a Document, refusing unsafe or ambiguous YAML."""
    doc = Document(display, None)
    try:
        events = yaml.parse(text, Loader=yaml.CSafeLoader)
        builder = _Builder(doc, events)
        doc.data = builder.document()
    except yaml.MarkedYAMLError as error:
        raise ProblemsFound([_syntax_problem(display, text, error)]) from None
    except yaml.YAMLError as error:  # reader errors: characters YAML does not allow
        raise ProblemsFound([_reader_problem(display, text, error)]) from None
    return doc


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, fix: str, path: Path_ = ()):
        self.mark, self.message, self.fix, self.path = mark, message, fix, path


class _Builder:
    """Turns a stream of parser events into Python data, recording positions."""

    def __init__(self, doc: Document, events: Any):
        self.doc = doc
        self.events = iter(events)
        self.constructor = yaml.constructor.SafeConstructor()

    def document(self) -> Any:
        try:
            self._expect(yaml.StreamStartEvent)
            event = next(self.events)
            if isinstance(event, yaml.StreamEndEvent):
                raise _Refused(None, "file is empty", "copy papers/_template.yaml and fill it in")
            data = self._node(next(self.events), (), 0)
            self._expect(yaml.DocumentEndEvent)
            event = next(self.events)
            if not isinstance(event, yaml.StreamEndEvent):
                raise _Refused(event.start_mark, "more than one YAML document in the file",
                               "remove the '---' line; one file holds one paper")
            return data
        except _Refused as refused:
            line, column = _position(refused.mark) if refused.mark else (None, None)
            field = ".".join(str(p) for p in refused.path)
            raise ProblemsFound([Problem(self.doc.path, line, column, field, refused.message, refused.fix)]) from None

    def _expect(self, kind: type) -> Any:
        event = next(self.events)
        assert isinstance(event, kind), event
        return event

    def _node(self, event: Any, path: Path_, depth: int) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"YAML alias '*{event.anchor}' is not allowed",
                           "write the value out in full instead of referring to an anchor", path)
        if event.anchor is not None:
            raise _Refused(event.start_mark, f"YAML anchor '&{event.anchor}' is not allowed",
                           "remove the anchor; paper files are plain data", path)
        if not _is_implicit(event):
            raise _Refused(event.start_mark, f"YAML tag '{event.tag}' is not allowed",
                           "remove the tag; quote the value if it should be text", path)
        if depth > MAX_DEPTH:
            raise _Refused(event.start_mark, "data is nested too deeply",
                           "paper fields are text, lists of text or a mapping of links", path)
        self.doc.values[path] = _position(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event)
            if not isinstance(value, str):
                self.doc.plain[path] = event.value
            return value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(event := next(self.events), yaml.SequenceEndEvent):
                items.append(self._node(event, (*path, len(items)), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(event := next(self.events), yaml.MappingEndEvent):
                if not isinstance(event, yaml.ScalarEvent) or event.anchor or not _is_implicit(event):
                    raise _Refused(event.start_mark, "mapping keys must be plain words",
                                   "write 'name: value' with a plain field name", path)
                key = event.value
                if key in mapping:
                    first = self.doc.keys[(*path, key)][0]
                    raise _Refused(event.start_mark, f"duplicate key '{key}' (first on line {first})",
                                   "keep one of them", (*path, key))
                self.doc.keys[(*path, key)] = _position(event.start_mark)
                mapping[key] = self._node(next(self.events), (*path, key), depth + 1)
            return mapping
        raise _Refused(event.start_mark, "unexpected YAML content", "write plain YAML data")


    def _scalar(self, event: Any) -> Any:
        if not event.implicit[0]:  # quoted or block text is always a string
            # YAML has already joined the lines of folded, quoted and plain text; a line break
            # left in them is a blank line the author wrote, which starts a new paragraph.
            return event.value if event.style == "|" else event.value.replace("\n", "\n\n")
        tag = resolve_plain(event.value)
        if tag == "tag:yaml.org,2002:str":
            return event.value.replace("\n", "\n\n")
        if tag == "tag:yaml.org,2002:timestamp":
            return event.value  # dates are checked (and normalised) as text by the validator
        return self.constructor.construct_object(yaml.ScalarNode(tag, event.value))


def resolve_plain(value: str) -> str:
    """The YAML 1.1 tag of an unquoted scalar ("tag:yaml.org,2002:bool" for `No`)."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


def _is_implicit(event: Any) -> bool:
    """True unless the author wrote a tag such as `!!python/object` (`!` alone just means text)."""
    return event.tag in (None, "!")


def _position(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _syntax_problem(display: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = _position(mark) if mark else (None, None)
    problem = " ".join(filter(None, [error.context, error.problem]))
    if mark and text[mark.index : mark.index + 1] == "\t":
        return Problem(display, line, column, "", "tab character in YAML indentation",
                       "indent with spaces, not tabs")
    return Problem(display, line, column, "", f"YAML syntax error: {problem}",
                   "check the indentation and quoting near this position; "
                   "quote text that contains ': ' or starts with a special character")


def _reader_problem(display: str, text: str, error: yaml.YAMLError) -> Problem:
    position = getattr(error, "position", None)
    line = column = None
    if position is not None:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = getattr(error, "character", None)
    code = ord(character) if isinstance(character, str) else character
    what = f"U+{code:04X}" if isinstance(code, int) else "character"
    return Problem(display, line, column, "", f"control character {what} is not allowed",
                   "delete the invisible character, or retype the text")
