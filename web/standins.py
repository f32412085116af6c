"""TEMPORARY stand-ins for what the accounts work (issue 10) adds to the core and to ``api/``.

The web pages are written against the agreed interface (``coach.accounts``, ``Coach.add_note``,
talking points, grants, ``pairs_of``, ``api.deps.optional_person``, ``api.security``). Until
that lands on main, :func:`fill_in` attaches these in-memory versions to a Coach that lacks
them, and :data:`router` answers ``POST /login`` and ``POST /logout``. Each piece is used only
when the real one is missing, and this module is deleted once all of them are there.
Nothing here is kept across restarts: accounts, sessions, talking points and grants live in
the process.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
import threading
import types
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from assistant.errors import InvalidInput, NotAMember, NotFound
from assistant.models import Goal, GoalStatus, Note, NoteKind, Person, Visibility
from assistant.store.models import PairContent
from assistant.store.tables import EventRow, PersonRow

__all__ = ["StandinAccounts", "csrf_token_for", "fill_in", "optional_person", "router"]

COOKIE = "coach_session"


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


@dataclass
class StandinAccounts:
    """In-memory accounts with the agreed method names (scrypt, random session tokens)."""

    records: object
    users: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    api_tokens: dict[str, tuple[str, str, str, datetime]] = field(default_factory=dict)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def add_user(self, person_id: str, password: str, name: str | None = None) -> None:
        with self.records.session() as s:
            if s.get(PersonRow, person_id) is None:
                s.add(PersonRow(id=person_id, name=name or person_id))
        salt = secrets.token_bytes(16)
        self.users[person_id] = (salt, _hash(password, salt))

    def _check(self, person_id: str, password: str) -> bool:
        found = self.users.get(person_id)
        return found is not None and hmac.compare_digest(_hash(password, found[0]), found[1])

    def sign_in(self, username: str, password: str, client: str | None = None) -> str:
        if not self._check(username, password):
            raise InvalidInput("wrong username or password")
        token = secrets.token_urlsafe(32)
        self.sessions[token] = username
        return token

    def _person(self, person_id: str | None) -> Person | None:
        if person_id is None:
            return None
        with self.records.session() as s:
            row = s.get(PersonRow, person_id)
            return Person(id=row.id, name=row.name) if row else None

    def person_for_session(self, token: str | None) -> Person | None:
        return self._person(self.sessions.get(token or ""))

    def sign_out(self, token: str | None) -> None:
        self.sessions.pop(token or "", None)

    def sign_out_everywhere(self, person_id: str) -> None:
        for token in [t for t, p in self.sessions.items() if p == person_id]:
            del self.sessions[token]

    def csrf_token(self, session_token: str) -> str:
        return hmac.new(self.secret, session_token.encode(), "sha256").hexdigest()

    def change_password(self, person_id: str, old: str, new: str) -> None:
        if not self._check(person_id, old):
            raise InvalidInput("the current password is wrong")
        if len(new) < 8:
            raise InvalidInput("the new password needs at least 8 characters")
        self.add_user(person_id, new)

    def create_token(self, person_id: str, label: str) -> str:
        token = "coach_" + secrets.token_urlsafe(24)
        self.api_tokens[token] = (str(next(self.ids)), person_id, label, datetime.now(UTC))
        return token

    def tokens(self, person_id: str) -> list[dict]:
        return [
            {"id": i, "label": label, "created": at, "last_used": None}
            for i, p, label, at in self.api_tokens.values()
            if p == person_id
        ]

    def revoke_token(self, person_id: str, token_id: str) -> None:
        for token, (i, p, _label, _at) in list(self.api_tokens.items()):
            if i == token_id and p == person_id:
                del self.api_tokens[token]
                return
        raise NotFound(f"no token '{token_id}'")

    def person_for_token(self, token: str) -> Person | None:
        found = self.api_tokens.get(token)
        return self._person(found[1]) if found else None


# -- the core's write methods ---------------------------------------------------------------


def _add_note(self, pair_id: str, person_id: str, text: str, visibility: str, kind: str, day: date) -> Note:
    viewer = self.viewer(pair_id, person_id)
    if not text.strip():
        raise InvalidInput("the note is empty")
    note = Note(
        id=f"w{secrets.token_hex(5)}",
        pair_id=pair_id,
        date=day,
        author=person_id,
        visibility=Visibility(visibility),
        kind=NoteKind(kind),
        text=text,
    )
    with self._writing:
        self.records.import_pairs([PairContent(viewer.pair, [], [note], source="web", partial=True)])
        self.records.record_event(pair_id, person_id, "note.add", note=note.id)
        self.indexer.sync()
        self.ledger.rebuild_stale()
    return note


def _edit_note(self, pair_id, person_id, note_id, text=None, visibility=None, kind=None, day=None) -> Note:
    viewer = self.viewer(pair_id, person_id)
    found = self.records.notes(viewer, [note_id])
    if not found:
        raise NotFound(f"no note '{note_id}' in pair '{pair_id}'")
    if found[0].author != person_id:
        raise NotAMember(f"only the author of note '{note_id}' can change it")
    if text is not None and not text.strip():
        raise InvalidInput("the note is empty")
    changes = {"text": text, "visibility": visibility and Visibility(visibility), "kind": kind and NoteKind(kind)}
    new = found[0].model_copy(update={k: v for k, v in {**changes, "date": day}.items() if v is not None})
    with self._writing:
        self.records.import_pairs([PairContent(viewer.pair, [], [new], source="web", partial=True)])
        self.records.record_event(pair_id, person_id, "note.edit", note=note_id)
        self.indexer.sync()
        self.ledger.rebuild_stale()
    return new


def _goals(self, pair_id: str, person_id: str) -> list[Goal]:
    return self.records.goals(self.viewer(pair_id, person_id))


def _add_goal(self, pair_id, person_id, title, description="", due=None, status="not_started") -> Goal:
    viewer = self.viewer(pair_id, person_id)
    if not title.strip():
        raise InvalidInput("the goal's title is empty")
    goal = Goal(
        id=f"g-{secrets.token_hex(4)}",
        pair_id=pair_id,
        title=title.strip(),
        description=description.strip(),
        owner=viewer.pair.employee.id,
        status=GoalStatus(status),
        due=due,
        created=date.today(),
    )
    with self._writing:
        self.records.import_pairs([PairContent(viewer.pair, [goal], [], source="web", partial=True)])
        self.records.record_event(pair_id, person_id, "goal.add", id=goal.id)
    return goal


def _edit_goal(self, pair_id, person_id, goal_id, title=None, description=None, due=None, status=None, accept=False):
    viewer = self.viewer(pair_id, person_id)
    found = [g for g in self.records.goals(viewer) if g.id == goal_id]
    if not found:
        raise NotFound(f"no goal '{goal_id}' in pair '{pair_id}'")
    if viewer.is_manager:
        raise NotAMember("a goal is the employee's")
    changes = {"title": title, "description": description, "due": due, "status": status and GoalStatus(status)}
    goal = found[0].model_copy(update={k: v for k, v in changes.items() if v is not None})
    with self._writing:
        self.records.import_pairs([PairContent(viewer.pair, [goal], [], source="web", partial=True)])
        self.records.record_event(pair_id, person_id, "goal.edit", id=goal_id)
    return goal


_shared_lock = threading.Lock()


def _talking_points(self, pair_id: str, person_id: str) -> list[dict]:
    viewer = self.viewer(pair_id, person_id)
    return [p for p in self._standin_points.get(pair_id, []) if p["open"] and viewer]


def _add_talking_point(self, pair_id: str, person_id: str, text: str) -> dict:
    self.viewer(pair_id, person_id)
    if not text.strip():
        raise InvalidInput("the talking point is empty")
    point = {"id": secrets.token_hex(4), "author": person_id, "text": text.strip(), "open": True, "at": date.today()}
    with _shared_lock:
        self._standin_points.setdefault(pair_id, []).append(point)
    return point


def _close_talking_point(self, pair_id: str, person_id: str, point_id: str) -> None:
    self.viewer(pair_id, person_id)
    for point in self._standin_points.get(pair_id, []):
        if point["id"] == point_id:
            point["open"] = False
            return
    raise NotFound(f"no talking point '{point_id}'")


def _grants(self, pair_id: str, person_id: str) -> list[dict]:
    self.viewer(pair_id, person_id)
    return list(self._standin_grants.get(pair_id, []))


def _grant(self, pair_id: str, person_id: str, to: str, scopes: list[str], expires: date | None) -> dict:
    viewer = self.viewer(pair_id, person_id)
    if viewer.is_manager:
        raise NotAMember("only the employee of a pair can grant access to it")
    if not self.records.person_exists(to) or viewer.pair.role_of(to):
        raise InvalidInput(f"'{to}' is not someone outside this pair")
    found = {"id": secrets.token_hex(4), "to": to, "scopes": scopes, "expires": expires}
    self._standin_grants.setdefault(pair_id, []).append(found)
    self.records.record_event(pair_id, person_id, "grant", to=to, scopes=scopes)
    return found


def _revoke_grant(self, pair_id: str, person_id: str, grant_id: str) -> None:
    viewer = self.viewer(pair_id, person_id)
    if viewer.is_manager:
        raise NotAMember("only the employee of a pair can revoke a grant")
    kept = [g for g in self._standin_grants.get(pair_id, []) if g["id"] != grant_id]
    self._standin_grants[pair_id] = kept
    self.records.record_event(pair_id, person_id, "grant.revoke", id=grant_id)


def _audit(self, pair_id: str, person_id: str) -> list[dict]:
    self.viewer(pair_id, person_id)
    query = select(EventRow).where(EventRow.pair_id == pair_id).order_by(EventRow.pk.desc()).limit(200)
    with self.records.session() as s:
        return [{"at": r.at, "actor": r.actor, "action": r.action} for r in s.scalars(query)]


def _pairs_of(self, person_id: str) -> list[dict]:
    out = []
    for pair_id in self.records.pair_ids():
        pair = self.records.get_pair(pair_id)
        if pair is None or pair.role_of(person_id) is None:
            continue
        snap = self.snapshot(pair_id, person_id, date.today())
        last = snap.last_checkin()
        open_items = [c for c in snap.commitments if c.status == "open"]
        out.append(
            {
                "pair_id": pair_id,
                "role": pair.role_of(person_id).value,
                "other": pair.other(person_id),
                "last_met": last.date if last else None,
                "i_owe": sum(c.owner == person_id for c in open_items),
                "owed_to_me": sum(c.owner not in (person_id, None) for c in open_items),
            }
        )
    return out


_METHODS = {
    "add_note": _add_note,
    "edit_note": _edit_note,
    "goals": _goals,
    "add_goal": _add_goal,
    "edit_goal": _edit_goal,
    "talking_points": _talking_points,
    "add_talking_point": _add_talking_point,
    "close_talking_point": _close_talking_point,
    "grants": _grants,
    "grant": _grant,
    "revoke_grant": _revoke_grant,
    "audit": _audit,
    "pairs_of": _pairs_of,
}


def fill_in(coach) -> list[str]:
    """Attach a stand-in for each agreed method the Coach lacks; returns their names."""
    used = []
    if not hasattr(coach, "accounts"):
        coach.accounts = StandinAccounts(coach.records)
        used.append("accounts")
    coach.__dict__.setdefault("_standin_points", {})
    coach.__dict__.setdefault("_standin_grants", {})
    for name, function in _METHODS.items():
        if not hasattr(coach, name):
            setattr(coach, name, types.MethodType(function, coach))
            used.append(name)
    return used


# -- identity over HTTP ---------------------------------------------------------------------


def optional_person(request: Request) -> Person | None:
    """The person the session cookie names, or None."""
    fill_in(request.app.state.coach)
    request.state.person = request.app.state.coach.accounts.person_for_session(request.cookies.get(COOKIE))
    return request.state.person


def csrf_token_for(request: Request) -> str:
    token = request.cookies.get(COOKIE)
    fill_in(request.app.state.coach)
    return request.app.state.coach.accounts.csrf_token(token) if token else ""


router = APIRouter(tags=["sign-in (stand-in)"])


def _local(path: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> RedirectResponse:
    try:
        token = request.app.state.coach.accounts.sign_in(username.strip(), password)
    except InvalidInput:
        return RedirectResponse("/login?failed=1", status_code=303)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    request.app.state.coach.accounts.sign_out(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


# -- sharing /pairs/... with the API until it moves under /api/ ------------------------------

PAGES_PREFIX = "/_pages"


class PagesFirst:
    """ASGI middleware: a browser's request for ``/pairs/...`` goes to the pages, an API call to the API.

    Until the accounts work moves the JSON API under ``/api/``, both answer ``/pairs/{id}/...``.
    A request from a browser (a session cookie, htmx, an HTML navigation or an event stream)
    and without the API's ``X-Coach-As`` header is sent to the pages, mounted again under
    :data:`PAGES_PREFIX`; everything else is left alone.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/pairs/"):
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            browser = (
                f"{COOKIE}=" in headers.get("cookie", "")
                or "hx-request" in headers
                or any(t in headers.get("accept", "") for t in ("text/html", "text/event-stream"))
            )
            if browser and "x-coach-as" not in headers:
                scope = {**scope, "path": PAGES_PREFIX + scope["path"], "raw_path": None}
        await self.app(scope, receive, send)
