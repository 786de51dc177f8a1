"""What the browser tests share besides fixtures: the browser's options, axe-core and the layout checks."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: WCAG 2.2 level AA, as axe-core tags its rules.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TABLET = {"width": 768, "height": 1024}


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page, one line each with the elements concerned."""
    page.add_script_tag(path=str(Path(settings.ASSETS) / "axe-core" / "axe.min.js"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in result["violations"]
    ]


def scrolls_sideways(page: Page) -> bool:
    """The page is wider than the window (at tablet width, a layout that breaks the reflow criterion)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"))
