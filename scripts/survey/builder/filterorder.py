"""Pagefind's filter indexes in one order, so that two builds of the same survey are byte-identical.

Pagefind writes each filter's values, and the list of filters in its metadata file, in the order
of a Rust hash map, which differs from run to run (Pagefind/pagefind#638: "Other files will still
change, such as the filter/metadata indexes"). Every other file of its bundle is already stable.
This sorts the values and the filters, then names the rewritten files by their content, as
Pagefind does: a filter file's name is in the metadata file, whose name is in pagefind-entry.json.

Each file is gzip of a signature followed by CBOR; the metadata file is the array
[version, pages, word index chunks, filters as [name, file hash], …].
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import cbor2
from zlib_ng import gzip_ng

SIGNATURE = b"pagefind_dcd"
FILTERS = 3
"""The filters' place in the metadata array (Pagefind 1.x)."""


class UnknownLayout(ValueError):
    """The bundle is not laid out as this module expects (another Pagefind version)."""


def read(file: Path) -> object:
    data = gzip_ng.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownLayout(f"{file.name} does not start with Pagefind's signature")
    return cbor2.loads(data[len(SIGNATURE):])


def save(file: Path, data: bytes) -> None:
    """Write a file of the bundle: gzip at its best, as Pagefind writes them. zlib-ng's best is
    about as small as zlib's (0.1% larger on the word chunks of 20,000 papers) and five times as
    fast: with zlib, compressing was two fifths of merging the parts (searchparts.py)."""
    file.write_bytes(gzip_ng.compress(data, 9, mtime=0))


def write(folder: Path, prefix: str, suffix: str, digits: int, value: object, taken: set[str] | None = None,
          saving: Callable[[Path, bytes], object] = save) -> str:
    """Write value under a name made from its content, a longer start of its hash where the
    name is in `taken` (then added to it); the name's hash part. `saving` writes the file (by
    default at once)."""
    data = SIGNATURE + cbor2.dumps(value)
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - a file name, not security
    while taken is not None and f"{prefix}{digest[:digits]}".removeprefix("pagefind.") in taken:
        digits += 1
    name = f"{prefix}{digest[:digits]}"
    if taken is not None:
        taken.add(name.removeprefix("pagefind."))
    saving(folder / f"{name}{suffix}", data)
    return name.removeprefix("pagefind.")


def settle(bundle: Path) -> None:
    """Rewrite the bundle's filter files and metadata files in sorted order. UnknownLayout, or
    OSError, when the bundle is not what Pagefind 1.x writes."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in sorted(entry.get("languages", {}).items()):
        meta_file = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = read(meta_file)
        if not (isinstance(meta, list) and len(meta) > FILTERS and isinstance(meta[FILTERS], list)):
            raise UnknownLayout(f"{meta_file.name} has no list of filters where Pagefind 1.x keeps it")
        filters = []
        for name, digest in meta[FILTERS]:
            file = bundle / "filter" / f"{digest}.pf_filter"
            filter_name, values = read(file)
            file.unlink()
            filters.append([name, write(bundle / "filter", f"{language}_", ".pf_filter", 7,
                                         [filter_name, sorted(values, key=lambda value: value[0])])])
        meta[FILTERS] = sorted(filters)
        meta_file.unlink()
        about["hash"] = write(bundle, f"pagefind.{language}_", ".pf_meta", 10, meta)
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
