"""Which reading of the notes a stored ledger was built by.

Ledgers are stored and rebuilt only when a pair's notes change; a Coach whose reading of
commitments changed (its rules, its models' weights, the text tools they use) would
otherwise keep showing ledgers the old reading built. The fingerprint of that code and
those weights is kept with the store; a store built by another one has every ledger
rebuilt once, on start.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__all__ = ["reader_version"]

_READERS = ("commitments", "text")
"""The packages whose code and weights decide what a ledger says."""


@cache
def reader_version() -> str:
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for package in _READERS:
        for path in sorted((root / package).iterdir()):
            if path.suffix in (".py", ".npz") and path.is_file():
                digest.update(f"{package}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
