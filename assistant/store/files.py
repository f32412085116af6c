"""The home's files: folders 0700, files 0600, whoever writes them.

Coach's process sets its umask to 0077 when it opens a home, so that everything written
under it (the SQLite files, Chroma's segments, the model cache, the key file, a backup) is
readable by its owner alone: Chroma and SQLite create files with the process's umask,
and no setting of theirs changes that. What an older Coach left is fixed on open (the
home's own entries) and by ``coach doctor`` (everything under it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["loose_modes", "prepare_home", "tighten"]

PRIVATE_UMASK = 0o077


def prepare_home(home: Path) -> None:
    """Make the home (0700) and keep every file this process writes private; what an
    older Coach left directly in it is fixed too (the home's mode guards what is deeper:
    ``coach doctor`` fixes those)."""
    os.umask(PRIVATE_UMASK)
    home.mkdir(parents=True, exist_ok=True)
    for path in [home, *home.iterdir()]:
        if _loose(path):
            os.chmod(path, 0o700 if path.is_dir() else 0o600)


def _loose(path: Path) -> bool:
    mode = path.lstat().st_mode
    return not stat.S_ISLNK(mode) and bool(mode & 0o077)


def loose_modes(home: Path) -> list[Path]:
    """Files and folders under the home that someone other than its owner may read."""
    if not home.exists():
        return []
    return [p for p in [home, *home.rglob("*")] if _loose(p)]


def tighten(home: Path) -> int:
    """Folders 0700, files 0600 (links left alone); returns how many were changed."""
    changed = 0
    for path in loose_modes(home):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
        changed += 1
    return changed
