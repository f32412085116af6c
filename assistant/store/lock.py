"""The home lock: one process at a time on a local index."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from assistant.errors import StoreBusy

__all__ = ["HomeLock"]


class HomeLock:
    """One process at a time on a local index: Chroma's local store is not multi-process safe."""

    def __init__(self, path: Path, wait_s: float):
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self.fd)
                    raise StoreBusy(
                        f"another Coach process is using {path.parent}; wait for it to finish, "
                        "or run a Chroma server and set COACH_CHROMA_URL to share one index"
                    ) from None
                time.sleep(0.1)

    def release(self) -> None:
        if self.fd >= 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1
