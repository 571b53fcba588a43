"""The search index of a large survey, made by Pagefind in parts and merged into one bundle.

Pagefind holds every record's words in memory until it writes the index, about 130 KB a record:
13 GB for a survey of 100,000 papers. Indexed PART records at a time, the peak is one part's,
and the merged bundle is what one Pagefind run would write, page numbers aside: the browser
opens one index, and a search downloads what it did.

The layout is Pagefind 1.x's (its src/index/), each file gzip of a signature and CBOR:

- `pagefind.<hash>.pf_meta`: [version, pages as [fragment hash, word count], word chunks as
  [first word, last word, hash], filters as [name, hash], sorts, meta fields];
- `index/<hash>.pf_index`: [words], a word being [word, pages, variants]: a page is
  [its number less the page's before it, positions, meta field positions], and a variant (the
  word with its diacritics) is [variant, pages];
- `filter/<hash>.pf_filter`: [name, [value, page numbers]];
- `fragment/<hash>.pf_fragment`: one page's text, which the merge moves as it is.

A part's page numbers move up by the pages of the parts before it, and a field number in the
meta field positions (written as -(field + 1) before that field's positions) is renumbered into
the merged list of fields. The words of the parts are merged in order, one chunk of each part in
memory at a time, and cut into chunks as Pagefind cuts them.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import itertools
import json
import shutil
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .filterorder import UnknownLayout, read, save, write

PART = 5_500
"""Records a Pagefind run indexes at most: about 0.7 GB of its memory. The parts are made as
even as can be, so a survey a little over a part is not left a small part, for which the merge
would copy every other part (at 5,000 papers, 5,047 records: the merge of a part of 47 records
took as long as Pagefind's run over the 5,000)."""
CHUNK = 20_000
"""Positions a word chunk holds before the next begins (Pagefind's chunk_index)."""
WAITING = 8
"""Chunks encoded and waiting to be compressed, at most."""
_PAGES, _CHUNKS, _FILTERS, _SORTS, _FIELDS = 1, 2, 3, 4, 5


def merge(parts: list[Path], out: Path) -> None:
    """Merge the Pagefind bundles `parts`, in order, into the bundle `out`, moving their
    fragments. UnknownLayout, or OSError, when a part is not what Pagefind 1.x writes."""
    # The merge makes millions of short-lived lists, and each of Python's collections would walk
    # every object of the survey: without them the merge takes a third of the time. It makes no
    # cycles, so nothing waits to be collected.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # The word chunks are compressed and written on a thread of their own (zlib-ng lets go
        # of the interpreter), beside the merging: compressing them at Pagefind's level is a
        # good part of the work. A few wait their turn at most, so memory stays a few chunks'.
        with ThreadPoolExecutor(max_workers=1) as pool:
            waiting: deque[Future] = deque()

            def saving(file: Path, data: bytes) -> None:
                waiting.append(pool.submit(save, file, data))
                while len(waiting) > WAITING:
                    waiting.popleft().result()

            _merge(parts, out, saving)
            while waiting:
                waiting.popleft().result()
    finally:
        if collecting:
            gc.enable()


def _merge(parts: list[Path], out: Path, saving: Callable[[Path, bytes], object]) -> None:
    entries = [json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8")) for part in parts]
    if len({entry.get("version") for entry in entries}) != 1:
        raise UnknownLayout("the parts of the search index were made by different versions of Pagefind")
    out.mkdir(parents=True)
    for folder in ("index", "filter", "fragment"):
        (out / folder).mkdir()
    for part in parts:  # the script and the WebAssembly of each language, the same in every part
        for file in part.iterdir():
            if file.is_file() and not file.name.endswith(".pf_meta") and not (out / file.name).exists():
                shutil.copyfile(file, out / file.name)
    entry = {**entries[0], "languages": {}}
    languages = sorted({language for each in entries for language in each.get("languages", {})})
    for language in languages:
        present = [(part, each["languages"][language]) for part, each in zip(parts, entries, strict=True)
                   if language in each.get("languages", {})]
        metas = [(part, read(part / f"pagefind.{about['hash']}.pf_meta")) for part, about in present]
        entry["languages"][language] = {**present[0][1], **_merge_language(language, metas, out, saving)}
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")


def _merge_language(language: str, metas: list[tuple[Path, object]], out: Path,
                    saving: Callable[[Path, bytes], object]) -> dict[str, object]:
    """Merge one language's index of every part into out; its entry in pagefind-entry.json."""
    for part, meta in metas:
        if not (isinstance(meta, list) and len(meta) == _FIELDS + 1):
            raise UnknownLayout(f"{part.name}'s metadata is not the six fields of Pagefind 1.x")
        if meta[_SORTS]:
            raise UnknownLayout(f"{part.name} has sort orders, which cannot be merged without their values")
    fields: list[str] = []
    for _, meta in metas:
        fields += [field for field in meta[_FIELDS] if field not in fields]
    offsets, pages = [], []
    moved: dict[tuple[Path, str], str] = {}
    taken: dict[str, bytes] = {}
    for part, meta in metas:
        offsets.append(len(pages))
        for fragment, word_count in meta[_PAGES]:
            if (part, fragment) not in moved:
                moved[part, fragment] = _move_fragment(language, part / "fragment" / f"{fragment}.pf_fragment",
                                                       fragment, out, taken)
            pages.append([moved[part, fragment], word_count])
    renumber = [(offset, [fields.index(field) for field in meta[_FIELDS]])
                for offset, (_, meta) in zip(offsets, metas, strict=True)]
    chunks = _write_chunks(language, _merged_words(metas, renumber), out, saving)
    values: dict[str, dict[str, list[int]]] = {}
    for (part, meta), offset in zip(metas, offsets, strict=True):
        for _, digest in meta[_FILTERS]:
            name, part_values = read(part / "filter" / f"{digest}.pf_filter")
            for value, numbers in part_values:
                values.setdefault(name, {}).setdefault(value, []).extend(number + offset for number in numbers)
    named: set[str] = set()
    filters = [[name, write(out / "filter", f"{language}_", ".pf_filter", 7, [name, [list(v) for v in vs.items()]],
                            named)] for name, vs in values.items()]
    meta = [metas[0][1][0], pages, chunks, filters, [], fields]
    return {"hash": write(out, f"pagefind.{language}_", ".pf_meta", 10, meta), "page_count": len(pages)}


def _move_fragment(language: str, source: Path, name: str, out: Path, taken: dict[str, bytes]) -> str:
    """Move a part's fragment into out; its name there. Names are the start of a hash of the
    page, so two parts may hold different pages of one name: the later one then takes a longer
    start of a hash of its file, as Pagefind names a page whose name is taken. `taken` holds
    each name's hash of its file."""
    digest = hashlib.sha1(source.read_bytes()).digest()  # noqa: S324 - a file name, not security
    if name in taken and taken[name] != digest:
        longer = f"{language}_{digest.hex()}"
        name = next(longer[:length] for length in range(len(name) + 1, len(longer) + 1)
                    if longer[:length] not in taken or taken[longer[:length]] == digest)
    if name not in taken:
        taken[name] = digest
        source.replace(out / "fragment" / f"{name}.pf_fragment")
    return name


def _part_words(part: Path, meta: list, offset: int, fields: list[int]) -> Iterator[tuple[str, int, list, list]]:
    """One part's words in order, as (word, the part's first page number, pages, variants), its
    meta field positions in the merged numbering of fields, read a chunk at a time."""
    same = fields == list(range(len(fields)))

    def renumbered(entries: list) -> list:
        return entries if same else [[difference, positions, [-(fields[-p - 1] + 1) if p < 0 else p for p in at]]
                                     for difference, positions, at in entries]

    for _, _, digest in meta[_CHUNKS]:
        (words,) = read(part / "index" / f"{digest}.pf_index")
        for word, pages, variants in words:
            yield word, offset, renumbered(pages), [[variant, renumbered(each)] for variant, each in variants]


def _joined(lists: list[tuple[int, list]]) -> list:
    """One word's pages in several parts, as (the part's first page number, its pages) in part
    order, as one list. Each page's number is the difference from the page before it, so only
    the first page of each part changes."""
    joined, last = [], 0
    for offset, entries in lists:
        if entries:
            difference, *rest = entries[0]
            joined.append([difference + offset - last, *rest])
            joined.extend(entries[1:])
            last = offset + sum(entry[0] for entry in entries)
    return joined


def _merged_words(metas: list[tuple[Path, object]], renumber: list[tuple[int, list[int]]]) -> Iterator[list]:
    """Every part's words in order, a word in several parts once, its pages in part order."""
    streams = [_part_words(part, meta, offset, fields) for (part, meta), (offset, fields) in zip(metas, renumber,
                                                                                                   strict=True)]
    for word, group in itertools.groupby(heapq.merge(*streams, key=lambda each: each[0]), key=lambda each: each[0]):
        found = list(group)
        variants: dict[str, list[tuple[int, list]]] = {}
        for _, offset, _, word_variants in found:
            for variant, pages in word_variants:
                variants.setdefault(variant, []).append((offset, pages))
        yield [word, _joined([(offset, pages) for _, offset, pages, _ in found]),
               [[variant, _joined(lists)] for variant, lists in variants.items()]]


def _write_chunks(language: str, words: Iterator[list], out: Path,
                  saving: Callable[[Path, bytes], object]) -> list[list[str]]:
    """Write the words into chunks of about CHUNK positions; the chunks as [first, last, hash],
    each first and last cut to the shortest start that tells it from its neighbour's."""
    chunks: list[list[str]] = []
    chunk: list[list] = []
    size = 0

    named: set[str] = set()

    def flush() -> None:
        chunks.append([chunk[0][0], chunk[-1][0], write(out / "index", f"{language}_", ".pf_index", 7, [chunk], named,
                                                         saving)])

    for word in words:
        chunk.append(word)
        # As Pagefind counts (its chunk_index): a page's positions and meta field positions, and
        # the page; not the variants'. A chunk cut elsewhere than Pagefind's can end on a word
        # whose longer words (the word and a suffix) begin the next chunk, and Pagefind's
        # search for a word opens only the first chunk that may hold it.
        size += sum(len(page[1]) + len(page[2]) + 1 for page in word[1])
        if size >= CHUNK:
            flush()
            chunk, size = [], 0
    if chunk:
        flush()
    for before, after in itertools.pairwise(chunks):
        common = 0
        while common < min(len(before[1]), len(after[0])) and before[1][common] == after[0][common]:
            common += 1
        before[1], after[0] = before[1][:common + 1], after[0][:common + 1]
    return chunks
