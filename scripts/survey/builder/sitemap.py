"""The sitemap of a large survey, split as the sitemaps protocol asks: at most 50,000 URLs a
file (sitemaps.org). MkDocs writes one sitemap.xml of every page, 128,000 URLs at 100,000
papers; above the limit it becomes a sitemap index of sitemap-1.xml, sitemap-2.xml, … in the
order MkDocs wrote the pages, and sitemap.xml.gz the same index.

Usage::

    sitemap.split(site_dir, config.site_url)    # after MkDocs has written site/sitemap.xml
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from markupsafe import escape

LIMIT = 50_000
"""URLs a sitemap may list (sitemaps.org/protocol.html)."""
_URL = re.compile(r"<url>.*?</url>", re.S)
_LASTMOD = re.compile(r"<lastmod>(.*?)</lastmod>")
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def parts(sitemap: str, base_url: str, limit: int = LIMIT) -> dict[str, str]:
    """The files that replace one sitemap of more than `limit` URLs, by name: the index
    (sitemap.xml) and its parts; nothing when it is within the limit."""
    urls = _URL.findall(sitemap)
    if len(urls) <= limit:
        return {}
    files, entries = {}, []
    for number, start in enumerate(range(0, len(urls), limit), start=1):
        chunk = urls[start:start + limit]
        name = f"sitemap-{number}.xml"
        files[name] = (f'{_HEAD}<urlset xmlns="{_NAMESPACE}">\n    ' + "\n    ".join(chunk) + "\n</urlset>\n")
        dates = sorted(found.group(1) for url in chunk if (found := _LASTMOD.search(url)))
        lastmod = f"<lastmod>{dates[-1]}</lastmod>" if dates else ""
        entries.append(f"<sitemap><loc>{escape(base_url + name)}</loc>{lastmod}</sitemap>")
    files["sitemap.xml"] = (f'{_HEAD}<sitemapindex xmlns="{_NAMESPACE}">\n    ' + "\n    ".join(entries)
                            + "\n</sitemapindex>\n")
    return files


def split(site_dir: Path, site_url: str | None) -> None:
    """Split site_dir/sitemap.xml (and its .gz) if it lists more than LIMIT URLs."""
    file = site_dir / "sitemap.xml"
    if not file.is_file():
        return
    base = (site_url or "/").rstrip("/") + "/"
    files = parts(file.read_text(encoding="utf-8"), base, LIMIT)
    for old in site_dir.glob("sitemap-*.xml"):  # a site rebuilt in place (`survey serve`) keeps no stale part
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (site_dir / name).write_text(text, encoding="utf-8")
        if name == "sitemap.xml":
            (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
