"""A MkDocs hook that keeps the theme's compiled templates between engine runs: MkDocs
compiles Material's templates again in every process, 0.2-0.4 s of each run.

Only the settings `run_engines` derives name it: the site's own settings never do (Zensical,
which reads them, runs no hooks). The folder named by `TEMPLATE_CACHE_VARIABLE` holds Jinja's
bytecode cache, which keys each template by its file and its source, so a changed theme is
compiled again; the pages are the same with it or without.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build imports this module for its names: MkDocs is not loaded for them
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

TEMPLATE_CACHE_VARIABLE = "PAPERS_ENGINE_TEMPLATES"


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme's templates a bytecode cache in the folder the variable names, if any."""
    folder = os.environ.get(TEMPLATE_CACHE_VARIABLE)
    if folder:
        from jinja2 import FileSystemBytecodeCache  # noqa: PLC0415 (loaded by MkDocs already)

        Path(folder).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env
