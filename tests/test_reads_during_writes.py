"""Reads never wait behind a write: while a writer holds every lock a write takes (the write
lock, an open SQL transaction that has written, the index sync and the ledger rebuild), the
members' reads (search, commitments, drafts, notes) still answer at once."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

from assistant.models import Note, Visibility
from assistant.store.tables import NoteRow

DEMO = Path(__file__).resolve().parent.parent / "assistant" / "demo_data"


def test_reads_answer_while_a_write_holds_every_lock(coach):
    coach.import_paths(sorted(DEMO.glob("pair-*.json")))
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with (
            coach._writing,
            coach.indexer._sync_lock,
            coach.derivation._ledger_lock,
            coach.records.session() as s,
        ):
            s.add(
                NoteRow(
                    pair_id="p-maya-lena",
                    note_id="n-being-written",
                    date=date(2026, 3, 1),
                    author="maya",
                    visibility="shared",
                    kind="note",
                    audience="shared",
                    text="a note being written",
                    terms="{}",
                    content_hash="x",
                    index_key="k-being-written",
                )
            )
            s.flush()  # the SQL write lock is held from here until the transaction ends
            holding.set()
            release.wait(30)
            s.rollback()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(10)
        reads = {
            "search": lambda: coach.search("p-maya-lena", "lena", "deadline"),
            "commitments": lambda: coach.commitments("p-maya-lena", "lena", date(2026, 12, 31)),
            "agenda": lambda: coach.agenda("p-maya-lena", "lena", date(2026, 12, 31)),
            "notes": lambda: coach.records.notes(coach.viewer("p-maya-lena", "lena")),
        }
        for name, read in reads.items():
            done: list[object] = []
            reader = threading.Thread(target=lambda read=read, done=done: done.append(read()), daemon=True)
            start = time.perf_counter()
            reader.start()
            reader.join(8)
            assert done, f"{name} waited behind the write ({time.perf_counter() - start:.1f} s and counting)"
        notes = reads["notes"]()
        assert all(isinstance(n, Note) for n in notes) and all(n.id != "n-being-written" for n in notes)
        assert any(n.visibility is Visibility.shared for n in notes)
    finally:
        release.set()
        thread.join(30)
