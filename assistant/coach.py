"""The composition root: ``Coach.from_settings()`` builds every part and passes it down.

Every method that touches a pair's data takes the pair and the person acting, and starts by
turning them into a :class:`~assistant.access.Viewer` (or failing closed).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import access
from assistant.accounts import OPERATOR, Accounts
from assistant.commitments.version import reader_version
from assistant.errors import Forbidden, InvalidInput, NotAMember, NotFound
from assistant.llm.backends import make_chat_model
from assistant.models import SearchHit
from assistant.retrieval.embeddings import Embedder, make_embedder
from assistant.retrieval.index import PairIndex, open_chroma
from assistant.retrieval.indexer import Indexer
from assistant.retrieval.playbook import Playbook
from assistant.retrieval.search import Searcher
from assistant.retrieval.text_vectors import TextVectors
from assistant.retrieval.vectors import StoredVectors
from assistant.settings import Settings
from assistant.store import migrations
from assistant.store.files import prepare_home
from assistant.store.importer import read_sources
from assistant.store.limits import check_day
from assistant.store.lock import HomeLock
from assistant.store.records import Conversation, ImportStats, Message, Records
from assistant.workspace.derive import Derivation, WriteLock
from assistant.workspace.models import Scope
from assistant.workspace.parts import MadeOnFirstUse
from assistant.workspace.service import Workspace

if TYPE_CHECKING:  # the ledger and the drafts are made on first use (workspace/parts.py)
    from assistant.chat.service import ChatService
    from assistant.commitments.ledger import Commitment, Ledger
    from assistant.drafting.models import Agenda, ChatReply, FeedbackDraft, Plan, Snapshot
    from assistant.drafting.service import Drafter

__all__ = ["Coach", "Progress"]

log = logging.getLogger(__name__)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}")

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) during long work."""


class Coach(Workspace, MadeOnFirstUse):
    """The composition root; the members' workspace methods come from :class:`Workspace`."""

    def __init__(
        self,
        settings: Settings,
        records: Records,
        index: PairIndex,
        indexer: Indexer,
        chat_model=None,
        lock=None,
    ):
        self.settings = settings
        self.records = records
        self.index = index
        self.indexer = indexer
        self.chat_model = chat_model
        # Every search (the CLI, the API, the web app, the chat, the drafts) compares the
        # question with the stored vectors the viewer may see, exactly; Chroma answers only
        # for notes whose vectors are not stored (retrieval/vectors.py).
        self._stored_vectors = StoredVectors(records, index, lambda: indexer.space, indexer.embedder.dimension)
        self.searcher = Searcher(records, self._stored_vectors, indexer)
        # The ledger's embedder keeps each text's vector with the pair (derivation tells it which).
        self.text_vectors = TextVectors(records, indexer.embedder, index.text_key, lambda: indexer.space)
        self._ledger: Ledger | None = None
        self._drafting: Drafter | None = None
        self._parts_lock = threading.RLock()
        self.accounts = Accounts(records, settings)
        self._playbook: Playbook | None = None
        self._playbook_lock = threading.Lock()
        self._draft_searcher = self.searcher  # (drafts searched apart until round 9)
        self._chat: ChatService | None = None
        self._chat_lock = threading.Lock()
        self._lock = lock
        self.derivation = Derivation(indexer, lambda: self.ledger, self.text_vectors)
        self._writing = WriteLock(self.derivation)
        """One write of the records at a time (imports, notes, corrections, forgetting) when
        threads share a Coach (the API); the index and ledgers are brought level after it."""
        self._local_token: str | None = None
        self._token_required = False

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        progress: Progress | None = None,
        lock_wait_s: float = 60,
        embedder: Embedder | None = None,
        chat_model=None,
    ) -> Coach:
        """Open (or create) the store under ``settings.home`` and repair the index if needed.

        ``embedder`` and ``chat_model`` override the backends named in the settings (tests
        share one loaded model, and pass fake chat models).
        """
        home = settings.home
        prepare_home(home)
        lock = HomeLock(home / ".lock", lock_wait_s) if not settings.chroma_url else None
        try:
            records = Records.open(settings)
            migrations.upgrade(records)
            index = PairIndex(
                lambda: open_chroma(settings.chroma_path, settings.chroma_url, settings.index_cache),
                records.secret(),
                None if settings.chroma_url else settings.chroma_path,
            )
            embedder = embedder or make_embedder(settings.embeddings, settings.home / "models")
            indexer = Indexer(records, index, embedder, settings.chunk_words, settings.chunk_overlap)
            chat_model = chat_model if chat_model is not None else make_chat_model(settings)
            coach = cls(settings, records, index, indexer, chat_model, lock)
        except BaseException:
            if lock:
                lock.release()
            raise
        coach.repair(progress)
        return coach

    def close(self) -> None:
        self.searcher.close()
        self.indexer.embedder.wait()
        self.index.close()
        self.records.engine.dispose()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Coach:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- access -----------------------------------------------------------------------------

    def viewer(self, pair_id: str, person_id: str, scope: Scope | None = None) -> access.Viewer:
        """The person acting on the pair (see :func:`access.authorize`). ``scope``: what the
        caller reads, so that someone the employee let in may read it; every such read is
        recorded in the pair's audit trail."""
        if self._token_required:
            self._check_local_token(person_id)
        viewer = access.authorize(self.records, pair_id, person_id, scope)
        if viewer.is_grantee:
            self.records.record_event(pair_id, person_id, "grant.read", scope=str(scope))
        return viewer

    def act_only_with_token(self, token: str | None) -> None:
        """For a process on the host (the CLI): once the home has accounts, act for a person
        only with that person's own API token (``token``), so that running commands on the
        host is no way around signing in. A home without accounts is one person's: it trusts
        the person named. The server never calls this: its callers are authenticated.
        """
        self._token_required, self._local_token = True, token

    def _check_local_token(self, person_id: str) -> None:
        if not self.accounts.has_accounts():
            return
        holder = self.accounts.person_for_token(self._local_token)
        if holder is None or holder.id != person_id:
            raise NotAMember(f"this home has accounts: acting as '{person_id}' needs their personal API token")

    def create_pair(self, pair_id: str, manager_id: str, employee_id: str, actor: str = OPERATOR) -> bool:
        """An empty pair (the operator's); people not known yet are created, named by their id.

        True when new; the same pair again changes nothing; other members are refused.
        """
        for value in (pair_id, manager_id, employee_id):
            if not _ID.fullmatch(value):
                raise InvalidInput(f"'{value}': an id is letters, digits and . _ @ + - (at most 200)")
        created, people = self.records.create_pair(pair_id, manager_id, employee_id)
        if created:
            self.records.record_event(pair_id, actor, "pair.created", people_created=people)
        return created

    def forget_cached(self, pair_id: str) -> None:
        super().forget_cached(pair_id)
        self._stored_vectors.evict(pair_id)

    # -- index maintenance --------------------------------------------------------------------

    def repair(self, progress: Progress | None = None) -> int:
        """Bring what is derived from the records level with them (after a crash, say)."""
        repaired = 0
        if self.records.get_meta("index_layout") != PairIndex.LAYOUT:
            # a store indexed another way (or not yet): rebuilt from the records, once
            with self._writing:
                repaired += self.indexer.rebuild(_stage(progress, "rebuilding the index"))
            self.records.set_meta("index_layout", PairIndex.LAYOUT)
        if self.indexer.pending():
            repaired += self.indexer.sync(_stage(progress, "indexing notes"))
        if self.records.get_meta("ledger_reader") != reader_version():
            # built by another reading of the notes (an upgrade): every ledger read again, once
            self.records.mark_ledgers_stale()
            self.records.set_meta("ledger_reader", reader_version())
        repaired += self.derivation.ledgers(progress)
        return repaired

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild every pair's index from the records."""
        with self._writing:
            return self.indexer.rebuild(_stage(progress, "indexing notes"))

    # -- import -------------------------------------------------------------------------------

    def import_paths(
        self,
        paths: list[Path],
        prune: bool = False,
        folder_pair: str | None = None,
        progress: Progress | None = None,
        ledgers: bool = True,
    ) -> ImportStats:
        """Import pair files and Markdown folders: validated whole, then written in one go.

        ``ledgers=False`` (a bulk load of many pairs): the notes are searchable on return, the
        commitment ledgers are left stale and built by the next :meth:`repair` (every start
        runs one), the same ledgers an import with them would have built.
        """
        if not paths:
            raise InvalidInput("nothing to import: give one or more pair files or folders")
        pair = None
        if folder_pair is not None:
            pair = self.records.get_pair(folder_pair)
            if pair is None:
                raise NotFound(f"unknown pair '{folder_pair}' (import its pair file first)")
        contents = read_sources(paths, pair, self.records.limits)
        with self._writing:
            stats = self.records.import_pairs(contents, prune=prune)
            self._after_import(stats)
            for pair_id in stats.pairs:
                self.records.record_event(pair_id, OPERATOR, "import", notes=stats.notes, goals=stats.goals)
        if ledgers:
            self.derivation(progress)  # outside the lock: other writers go on meanwhile
        else:
            self.derivation.index(progress)
        stats.not_searchable = [(u.pair_id, u.note_id) for u in self.records.unsearchable(stats.pairs, tried_once=True)]
        return stats

    # -- search ---------------------------------------------------------------------------------

    def search(self, pair_id: str, person_id: str, query: str, k: int = 5, exact: bool = True) -> list[SearchHit]:
        """The ``k`` notes the person may see that best answer ``query``, best first, the
        stored vectors searched exactly (:mod:`~assistant.retrieval.vectors`). ``exact``: kept
        for callers of round 8, when only the CLI searched so; every search does now."""
        return self.searcher.search(self.viewer(pair_id, person_id, Scope.shared_notes), query, k)

    def search_many(
        self, pair_id: str, person_id: str, queries: list[str], k: int = 5, exact: bool = True
    ) -> list[list[SearchHit]]:
        """:meth:`search` for each of ``queries``, in one pass."""
        return self.searcher.search_many(self.viewer(pair_id, person_id, Scope.shared_notes), queries, k)

    # -- commitments ------------------------------------------------------------------------------

    def commitments(self, pair_id: str, person_id: str, as_of: date) -> list[Commitment]:
        """Both members' commitments as the person sees them on ``as_of``, made first."""
        check_day(as_of, "as_of")
        return self.ledger_view(self.viewer(pair_id, person_id, Scope.commitments), as_of)

    def commitments_markdown(self, pair_id: str, person_id: str, as_of: date, show: str = "open") -> str:
        """The member's view of the ledger for a person to read: what I owe, what I am owed."""
        check_day(as_of, "as_of")
        viewer = self.viewer(pair_id, person_id, Scope.commitments)
        from assistant.commitments.view import render_commitments

        return render_commitments(self.ledger_view(viewer, as_of), viewer, as_of, show)

    def correct_commitment(
        self, pair_id: str, person_id: str, commitment_id: str, action: str, value: str | None = None
    ) -> Commitment:
        with self._writing:
            return self.ledger.correct(self.viewer(pair_id, person_id), commitment_id, action, value, date.max)

    # -- drafting ---------------------------------------------------------------------------------

    def snapshot(self, pair_id: str, person_id: str, as_of: date, scope: Scope | None = None) -> Snapshot:
        """The pair as the person sees it on ``as_of``: what every draft reads (``scope``: what a
        grantee reads it for; members need none)."""
        check_day(as_of, "as_of")
        return self.drafting.snapshot(self.viewer(pair_id, person_id, scope), as_of)

    def agenda(self, pair_id: str, person_id: str, as_of: date, minutes: int = 30) -> Agenda:
        return self.drafting.agenda(self.snapshot(pair_id, person_id, as_of), minutes)

    def feedback(self, pair_id: str, person_id: str, as_of: date) -> FeedbackDraft:
        return self.drafting.feedback(self.snapshot(pair_id, person_id, as_of))

    def plan(self, pair_id: str, person_id: str, as_of: date) -> Plan:
        return self.drafting.plan(self.snapshot(pair_id, person_id, as_of, Scope.plan))

    # -- chat -------------------------------------------------------------------------------------

    @property
    def chat(self) -> ChatService:
        """The chat service, made on first use (its modules load only for commands that ask)."""
        with self._chat_lock:
            if self._chat is None:
                from assistant.chat.service import ChatService

                self._chat = ChatService(
                    self.records,
                    self.searcher,
                    self.drafting,
                    lambda: self.playbook,
                    self.chat_model,
                    self.settings.llm_private_notes,
                )
            return self._chat

    @property
    def playbook(self) -> Playbook:
        """The coaching playbook, loaded on first use (most commands never read it)."""
        with self._playbook_lock:
            if self._playbook is None:
                self._playbook = Playbook(embed=self.indexer.embedder.encode)
            return self._playbook

    def ask(
        self, pair_id: str, person_id: str, question: str, as_of: date, conversation: str | None = None
    ) -> ChatReply:
        """Answer a member's question from what they may see; kept in their conversation if given."""
        return self.chat.ask(self.snapshot(pair_id, person_id, as_of), question, conversation)

    def start_conversation(self, pair_id: str, person_id: str, title: str = "") -> str:
        return self.chat.start(self.viewer(pair_id, person_id), title)

    def conversations(self, pair_id: str, person_id: str) -> list[Conversation]:
        return self.chat.conversations(self.viewer(pair_id, person_id))

    def conversation(self, pair_id: str, person_id: str, conversation: str) -> list[Message]:
        return self.chat.messages(self.viewer(pair_id, person_id), conversation)

    def delete_conversation(self, pair_id: str, person_id: str, conversation: str) -> None:
        self.chat.delete(self.viewer(pair_id, person_id), conversation)

    # -- forget -----------------------------------------------------------------------------------

    def forget_pair(self, pair_id: str, person_id: str, *, confirm: str) -> None:
        """Delete the pair's records, its index and their files; either member may ask, and
        confirms by giving the pair's id again. Recorded in the pair's trail until it is gone."""
        viewer = self.viewer(pair_id, person_id)
        if confirm != pair_id:
            raise InvalidInput(f"to delete pair '{pair_id}' for good, confirm with its id")
        with self._writing:
            self.records.record_event(pair_id, person_id, "pair.delete")
            self.records.delete_pair(pair_id)
            self.index.drop_pair(viewer.pair)
            self.forget_cached(pair_id)
            self.ledger.forget(pair_id)
            self.records.compact()

    def forget_note(self, pair_id: str, person_id: str, note_id: str) -> None:
        """Delete one note everywhere: records, index, kept answers that quoted it, the chat
        model's reading of it, caches. Only its author may; others learn nothing of it."""
        viewer = self.viewer(pair_id, person_id)
        notes = self.records.notes(viewer, [note_id])
        if not notes:
            raise NotFound(f"no note '{note_id}' in pair '{pair_id}'")
        if notes[0].author != viewer.person.id:
            raise Forbidden(f"only the author of note '{note_id}' can forget it")
        with self._writing:
            self.records.record_event(pair_id, person_id, "note.delete", note=note_id)
            self.records.delete_note(viewer, note_id)
            self.forget_derived(pair_id, notes)
            self.indexer.sync()
            self.derivation.ledgers()
            self.index.purge_local_files()
            self.records.compact()


def _stage(progress: Progress | None, stage: str):
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)
