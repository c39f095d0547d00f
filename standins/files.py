"""Compare folders of files: a build, a corpus, before and after."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digests(folder: Path, pattern: str = "*") -> dict[str, str]:
    """The SHA-256 of every file below `folder` matching `pattern`, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob(pattern))
        if path.is_file()
    }


_REDIRECT = b'<meta http-equiv="refresh"'


def rendered_pages(site: Path) -> list[Path]:
    """Every HTML page the engine rendered into a built site: not the redirects the generator
    leaves at moved addresses (static files a browser leaves at once)."""
    return [page for page in sorted(site.rglob("*.html")) if _REDIRECT not in page.read_bytes()]
