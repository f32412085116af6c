"""Memory the process frees is overwritten, so no file written from a reused buffer carries it.

A full test run once found ``pair-alpha`` (a pair id, which Coach never gives Chroma) inside a
collection's ``data_level0.bin``: the embedded index had written bytes of a heap buffer it
had not filled, and the heap had held the pair's import. Which buffer, chromadb 1.5.9 does not
say, and it was not reproduced alone; what can be made sure is that such a buffer holds no
old contents. glibc's ``M_PERTURB`` fills every freed block with one byte and every new
``malloc`` block with another (``calloc`` still zeroes), for the whole process: note text,
names and another pair's records freed by the import never reach a block the index writes.
Elsewhere (macOS, musl) there is no such switch and this does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys

__all__ = ["scrub_freed_memory"]

log = logging.getLogger(__name__)

M_PERTURB = -6
"""``mallopt``'s parameter number (glibc's malloc.h)."""
PATTERN = 0x5A


def scrub_freed_memory() -> bool:
    """Turn glibc's perturbation on for this process; True where it took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    done = bool(mallopt(M_PERTURB, PATTERN))
    if not done:
        log.warning("could not make freed memory overwritten (mallopt M_PERTURB)")
    return done
