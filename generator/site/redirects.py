"""Pages left at addresses that moved, so that links readers kept still lead somewhere."""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from generator.site.paths import Links


def redirect_page(here: PurePosixPath, target: PurePosixPath, title: str) -> bytes:
    """A static HTML file at `here` (copied as is) that sends readers on to the page `target`.

    A meta refresh, for browsers and crawlers alike, and a link for whatever ignores it; the
    address is relative, so it holds wherever the site is published.
    """
    address = html.escape(Links(here).address(target), quote=True)
    name = html.escape(title)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={address}">\n'
        "</head>\n"
        f'<body><p>This page has moved: <a href="{address}">{name}</a>.</p></body>\n'
        "</html>\n"
    ).encode()
