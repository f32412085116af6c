"""Writers that don't wait on each other's embedding: the write lock, and derivation after it.

Threads share one Coach in the server. A write (a note, an import, a correction) changes the
records under :class:`WriteLock`, one writer at a time, in one transaction; what is derived
from the records (the index's vectors and entries, the commitment ledgers) is brought level
*after* the lock is let go (:class:`Derivation`), so the next writer commits while this one's
note is embedded:

1. the notes waiting for the index are embedded and their vectors kept, outside any lock:
   concurrent writers embed in parallel (onnxruntime runs without the GIL), each note once;
2. one thread at a time writes index entries for every note still waiting (``Indexer.sync``,
   which finds their vectors kept and embeds nothing): whoever comes next finds its note
   already written by the one before, so a burst of writes costs one index write, not one each;
3. the same for the ledgers of pairs whose notes changed.

The write returns once its note is searchable and its pair's ledgers are current, as before.
Reads take none of these locks. The order of commits is what made the kill -9 guarantee hold
and still does: records first, then vectors, then index entries, then the note marked
indexed; an interruption anywhere leaves work that the next start (``Coach.repair``) does.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable

__all__ = ["Derivation", "WriteLock"]


class WriteLock:
    """One writer of the records at a time (reentrant); :meth:`derive_after` asks for the
    derived data to be brought level once the outermost block is left, outside the lock."""

    def __init__(self, derive: Callable[[], None]):
        self._lock = threading.RLock()
        self._local = threading.local()
        self._derive = derive

    def __enter__(self) -> WriteLock:
        self._lock.acquire()
        self._local.depth = getattr(self._local, "depth", 0) + 1
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self._local.depth -= 1
        outermost = self._local.depth == 0
        wanted = outermost and getattr(self._local, "wanted", False)
        if outermost:
            self._local.wanted = False
        self._lock.release()
        if wanted and kind is None:  # a failed write derives nothing; the next one (or start) will
            self._derive()

    @property
    def held(self) -> bool:
        """Whether this thread is inside a write."""
        return getattr(self._local, "depth", 0) > 0

    def derive_after(self) -> None:
        """Derive when this thread's write ends; now, when it is not inside one."""
        if self.held:
            self._local.wanted = True
        else:
            self._derive()

    # the threading.RLock interface, for code that calls it directly
    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        got = self._lock.acquire(blocking, timeout)
        if got:
            self._local.depth = getattr(self._local, "depth", 0) + 1
        return got

    def release(self) -> None:
        self.__exit__(None, None, None)


class Derivation:
    """Brings the index and the ledgers level with the records, for many writers at once."""

    ledger_niceness = 10
    """How much lower the ledger's thread runs than the index's embedding, which it runs beside
    (Linux; 0: the same). The ledger is pure Python on one core and waits for nothing but the
    index's vectors; at the same priority it took a core from the model's two threads on a
    2-core machine, and the import ran at 0.87x the raw encode (benchmarks/README.md)."""

    def __init__(self, indexer, ledger, text_vectors=None):
        """``ledger``: gives the commitment ledger (made on first use: a start that finds every
        ledger level never loads it). ``text_vectors``: the ledger's embedder
        (:class:`~assistant.retrieval.text_vectors.TextVectors`), told which pair is rebuilt so
        it reuses and keeps the pair's vectors."""
        self.indexer = indexer
        self._ledger = ledger
        self.text_vectors = text_vectors
        self._ledger_lock = threading.Lock()

    @property
    def ledger(self):
        return self._ledger()

    def __call__(self, progress: Callable[[str, int, int], None] | None = None) -> None:
        """The index and the ledgers, both level on return (the first failure raised).

        The ledgers are read in a second thread while the index embeds: the rules are pure
        Python and onnxruntime runs without the GIL, so the import's reading of commitments
        costs little more than its embedding. A text the ledger compares by meaning that is
        also one of the index's chunks waits for the index's vector rather than being embedded
        twice."""
        if self.text_vectors is None:
            self.index(progress)
            self.ledgers(progress)
            return
        indexed = threading.Event()
        failed: list[BaseException] = []
        read: list[int] = []

        def ready() -> None:
            indexed.wait()

        # The model's worker threads take the priority of the thread that loads it: the index's,
        # here, before the ledger's thread starts, when there is anything to embed.
        embedder = self.indexer.embedder
        if not embedder.loaded and self.indexer.pending():
            embedder.model  # noqa: B018 - loading is the point
        yielding = embedder.loaded

        def ledgers() -> None:
            try:
                if yielding:
                    _lower_priority(self.ledger_niceness)
                read.append(self.ledgers(ready=ready))
            except BaseException as error:  # noqa: BLE001 - raised in the caller's thread below
                failed.append(error)

        reader = threading.Thread(target=ledgers, name="coach-ledgers", daemon=True)
        reader.start()
        try:
            self.index(progress)
        finally:
            indexed.set()
            reader.join()
        if failed:
            raise failed[0]
        if progress and read and read[0]:
            progress("reading commitments", read[0], read[0])

    def index(self, progress: Callable[[str, int, int], None] | None = None) -> None:
        """Only the index: every note waiting for it embedded and written."""
        self.indexer.prepare(_stage(progress, "indexing notes"))  # embedding: outside every lock
        self.indexer.sync()  # one at a time (its own lock); finds the vectors made above

    def ledgers(
        self, progress: Callable[[str, int, int], None] | None = None, ready: Callable[[], None] | None = None
    ) -> int:
        """Rebuild the stale ledgers, one thread at a time: one that waited finds them built
        (``ready``: see :meth:`TextVectors.for_pair`)."""
        with self._ledger_lock:
            if self.text_vectors is None:
                return self.ledger.rebuild_stale(_stage(progress, "reading commitments"))
            stale = self.indexer.records.stale_ledgers()
            for done, pair_id in enumerate(stale, 1):
                with self.text_vectors.for_pair(pair_id, ready):
                    self.ledger.rebuild(pair_id)
                if progress:
                    progress("reading commitments", done, len(stale))
            return len(stale)


def _lower_priority(niceness: int) -> None:
    """Lower this thread's priority (on Linux, niceness belongs to each thread; the threads it
    starts inherit it). Lowering needs no privilege; it is never raised back: the thread ends."""
    if niceness <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + niceness))
    except OSError:  # not permitted here (a sandbox): the ledger runs as before
        pass


def _stage(progress: Callable[[str, int, int], None] | None, stage: str):
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)
