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
