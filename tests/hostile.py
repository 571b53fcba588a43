"""A paper whose every field is hostile, shared by the escaping tests and the browser tests."""

from __future__ import annotations

import json

TITLE = "<script>alert(1)</script> | *bold* [x](javascript:alert(1)) {{ 7*7 }}"
AUTHOR = "<img src=x onerror=alert(2)>"
VENUE = "=HYPERLINK(\"http://evil.example\") {% raw %}"
AUTHOR_2 = "Zoë O'Brien-Łukasz \\ 田中 太郎 🧠"
TLDR = "</textarea><svg onload=alert(3)> `code` & <b>bold</b> \\ \"quotes\" 'single' {{ config }}"
ABSTRACT = (
    "# Not a heading\n\n<iframe src=\"javascript:alert(4)\"></iframe> ]]> --> <!-- "
    "\\u003c/script> </script><script>alert(5)</script> @import url(evil); +1 -1 =1"
)

PAPER = f"""\
title: {json.dumps(TITLE, ensure_ascii=False)}
authors:
  - {json.dumps(AUTHOR, ensure_ascii=False)}
  - {json.dumps(AUTHOR_2, ensure_ascii=False)}
  - et al.
year: 2024
date: 2024-01-02
venue: {json.dumps(VENUE, ensure_ascii=False)}
arxiv: "2401.99999"
doi: "10.1234/x<y>&z"
abstract: {json.dumps(ABSTRACT, ensure_ascii=False)}
tldr: {json.dumps(TLDR, ensure_ascii=False)}
links:
  code: "https://example.org/repo?a=1&b=2#frag"
topics: [segmentation]
modalities: [ct]
types: [method]
tasks: [screening]
added: 2026-11-28
"""
# JSON strings are valid double-quoted YAML scalars.
