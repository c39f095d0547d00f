"""A MkDocs hook for one of several engine processes rendering one site: it leaves the pages
of the other processes' shares alone, so their folders need no placeholders for them.

Only the settings `run_engines` derives for a split build name it: the site's own settings
never do (Zensical, which reads them, runs no hooks). The file named by `SHARE_VARIABLE`
says what this process renders: `only` the files it lists, or everything `except` them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build imports this module for its names: MkDocs is not loaded for them
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

SHARE_VARIABLE = "PAPERS_ENGINE_SHARE"
ONLY, EXCEPT = "only", "except"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Mark the files this process does not render as unmodified: a dirty build skips them.

    Without the variable, the process renders every file.
    """
    listing = os.environ.get(SHARE_VARIABLE)
    if listing is None:
        return files
    mode, *listed = Path(listing).read_text(encoding="utf-8").splitlines()
    if mode not in (ONLY, EXCEPT):
        raise ValueError(f"{SHARE_VARIABLE} names a file whose first line is {mode!r}")
    named = frozenset(listed)
    for file in files:
        if (file.src_uri in named) != (mode == ONLY):
            file.is_modified = _unmodified  # type: ignore[method-assign]
    return files


def _unmodified() -> bool:
    return False
