"""The theme overrides: the header's icons come from assets/icons.svg, and stay the theme's own."""

from __future__ import annotations

import os
import re
from pathlib import Path

import material
from playwright.sync_api import Page

from conftest import ROOT

ICONS = Path(os.path.dirname(material.__file__)) / "templates" / ".icons"
SPRITE = ROOT / "docs" / "assets" / "icons.svg"


def _symbols() -> dict[str, tuple[str, str]]:
    return {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(
        r'<symbol id="([^"]+)" viewBox="([^"]+)">(.*?)</symbol>', SPRITE.read_text(encoding="utf-8"), re.S)}


def test_each_icon_of_the_sprite_is_the_themes_icon_of_that_name() -> None:
    symbols = _symbols()
    listed = re.search(r"survey_sprite = \[(.*?)\]", (ROOT / "docs/overrides/partials/survey-icon.html").read_text(),
                       re.S).group(1)
    names = re.findall(r'"([^"]+)"', listed)
    assert sorted(n.replace("/", "-") for n in names) == sorted(symbols)
    for name in names:
        theme = (ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
        view_box, inner = symbols[name.replace("/", "-")]
        assert theme == f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}">{inner}</svg>', name


def test_every_page_refers_only_to_icons_the_sprite_has(built_site: Path) -> None:
    symbols, used = set(_symbols()), set()
    for page in built_site.rglob("*.html"):
        used |= set(re.findall(r'<use href="[^"#]*assets/icons\.svg#([^"]+)"', page.read_text(encoding="utf-8")))
    assert used and used <= symbols, used - symbols


def test_the_header_icons_draw_from_the_sprite(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/")
    for selector in (".md-header .md-logo", ".md-header .survey-search-open", ".md-header .md-source__icon"):
        page.wait_for_function("""(selector) => {
            const use = document.querySelector(selector + " svg use");
            return use && use.getBBox().width > 0;
        }""", arg=selector)
