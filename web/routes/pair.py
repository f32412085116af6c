"""A pair's read-only views: next one-on-one, notes, one note, search, commitments, feedback,
plan and privacy. Each makes the core calls its page shows and nothing else."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.access import Viewer
from assistant.commitments.ledger import ACTIONS, Commitment
from assistant.commitments.view import SHOWS, commitments_context
from assistant.models import Person
from assistant.workspace.models import Scope
from web.chart import balance_chart
from web.identity import CoachDep, Me, PageNotFound, pair_viewer
from web.rendering import path_part, templates
from web.routes.common import VIEWS, is_htmx, page, today

__all__ = ["GRANT_SCOPES", "names_of", "pair_page", "privacy_page", "router", "talking_points"]

router = APIRouter(prefix="/pairs/{pair_id}")

GRANT_SCOPES = (
    ("goals", "Goals"),
    ("plan", "Development plan"),
    ("commitments", "Commitments"),
    ("shared_notes", "Shared notes"),
)


def names_of(viewer: Viewer) -> dict[str, str]:
    return {p.id: p.first_name for p in viewer.pair.members}


GRANTEE_VIEWS = {"notes": Scope.shared_notes, "commitments": Scope.commitments, "plan": Scope.plan}
"""The views someone outside the pair may be let into, by the scope each needs."""


def _views_for(viewer: Viewer) -> list[tuple[str, str, str]]:
    if not viewer.is_grantee:
        return list(VIEWS)
    allowed = viewer.scopes or frozenset()
    return [v for v in VIEWS if v[0] in GRANTEE_VIEWS and str(GRANTEE_VIEWS[v[0]]) in allowed]


def pair_page(request: Request, me: Person, viewer: Viewer, name: str, view: str, title: str, **context):
    context.setdefault("query", "")
    context.setdefault("hits", [])
    pair = viewer.pair
    heading = f"{pair.manager.name} & {pair.employee.name}" if viewer.is_grantee else pair.other(me.id).name
    return page(
        request,
        name,
        me,
        f"{title} · {heading}",
        viewer=viewer,
        view=view,
        views=_views_for(viewer),
        names=names_of(viewer),
        actions=ACTIONS,
        **context,
    )


def talking_points(coach, viewer: Viewer) -> list:
    """Open talking points, the employee's first (it is their meeting), each side in the order added."""
    points = coach.talking_points(viewer.pair.id, viewer.person.id)
    return sorted(points, key=lambda p: p.author != viewer.pair.employee.id)


def _urgent_first(items: list[Commitment]) -> list[Commitment]:
    return sorted(items, key=lambda c: (not c.overdue, not c.stale, c.due or date.max, c.made_on))


@router.get("", response_class=HTMLResponse)
def next_one_on_one(request: Request, pair_id: str, me: Me, coach: CoachDep) -> Response:
    grant = next((p for p in coach.pairs_of(me.id) if p.pair_id == pair_id and p.role == "grantee"), None)
    if grant is not None:  # let in by the employee: to the first view their grant opens
        path = next((v[2] for v in VIEWS if v[0] in GRANTEE_VIEWS and GRANTEE_VIEWS[v[0]] in grant.scopes), None)
        if path is None:
            raise PageNotFound()
        return RedirectResponse(f"/pairs/{path_part(pair_id)}{path}", status_code=303)
    viewer = pair_viewer(coach, pair_id, me)
    day = today()
    agenda = coach.agenda(pair_id, me.id, day)
    items = coach.commitments(pair_id, me.id, day)
    return pair_page(
        request,
        me,
        viewer,
        "pair/next.html.j2",
        "next",
        "Next one-on-one",
        agenda=agenda,
        points=talking_points(coach, viewer),
        follow=_urgent_first([c for c in items if c.status == "open"]),
        feedback=coach.feedback(pair_id, me.id, day),
        plan=coach.plan(pair_id, me.id, day),
    )


TIMELINE = 50
"""Notes shown at first on the timeline, newest first; the rest on asking."""


@router.get("/notes", response_class=HTMLResponse)
def notes(request: Request, pair_id: str, me: Me, coach: CoachDep, q: str = "", all: str = "") -> HTMLResponse:
    viewer = pair_viewer(coach, pair_id, me, Scope.shared_notes)
    hits = coach.search(pair_id, me.id, q, k=10) if q.strip() else []
    found = [] if viewer.is_grantee else coach.notes(pair_id, me.id)  # a grantee searches the shared notes
    found.reverse()
    shown = found if all else found[:TIMELINE]
    return pair_page(
        request, me, viewer, "pair/notes.html.j2", "notes", "Notes", notes=shown, total=len(found), query=q, hits=hits
    )


@router.get("/notes/{note_id:path}", response_class=HTMLResponse)
def note(request: Request, pair_id: str, note_id: str, me: Me, coach: CoachDep, edit: str = "") -> HTMLResponse:
    """One note; with ``?edit=1``, its editor (the author's own notes only)."""
    viewer = pair_viewer(coach, pair_id, me)
    found = coach.notes(pair_id, me.id, [note_id])
    if not found:
        raise PageNotFound()
    editing = found[0] if edit and found[0].author == me.id else None
    return pair_page(
        request, me, viewer, "pair/note.html.j2", "notes", f"Note {note_id}", note=found[0], editing=editing
    )


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, pair_id: str, me: Me, coach: CoachDep, q: str = "") -> HTMLResponse:
    if not is_htmx(request):
        return notes(request, pair_id, me, coach, q, "")
    viewer = pair_viewer(coach, pair_id, me, Scope.shared_notes)
    hits = coach.search(pair_id, me.id, q, k=10) if q.strip() else []
    return templates.TemplateResponse(
        request,
        "_search_results.html.j2",
        {"viewer": viewer, "names": names_of(viewer), "query": q, "hits": hits},
    )


@router.get("/commitments", response_class=HTMLResponse)
def commitments(request: Request, pair_id: str, me: Me, coach: CoachDep, show: str = "open") -> HTMLResponse:
    viewer = pair_viewer(coach, pair_id, me, Scope.commitments)
    show = show if show in SHOWS else "open"
    items = coach.commitments(pair_id, me.id, today())
    if viewer.is_grantee:  # neither member's "you": each member's by name, read only
        context = commitments_context(items, viewer, today(), "all" if show == "all" else "open")
        wanted = [c for group in context["groups"] for c in group[1]]
        context["groups"] = [
            (f"{p.first_name} owes", [c for c in wanted if c.owner == p.id]) for p in viewer.pair.members
        ]
        context["groups"] = [g for g in context["groups"] if g[1]]
    else:
        # what the notes only suggest is asked about first, apart: confirm or dismiss
        suggested = _urgent_first([c for c in items if c.suggested and c.status == "open"])
        context = commitments_context([c for c in items if c not in suggested], viewer, today(), show)
        context["suggested"] = suggested
    for key in ("me", "other", "as_of"):
        context.pop(key)
    return pair_page(request, me, viewer, "pair/commitments.html.j2", "commitments", "Commitments", **context)


@router.get("/feedback", response_class=HTMLResponse)
def feedback(request: Request, pair_id: str, me: Me, coach: CoachDep) -> HTMLResponse:
    viewer = pair_viewer(coach, pair_id, me)
    draft = coach.feedback(pair_id, me.id, today())
    chart = balance_chart(draft.balance.get("by_month", []), today())
    return pair_page(request, me, viewer, "pair/feedback.html.j2", "feedback", "Feedback", feedback=draft, chart=chart)


@router.get("/plan", response_class=HTMLResponse)
def plan(request: Request, pair_id: str, me: Me, coach: CoachDep) -> HTMLResponse:
    viewer = pair_viewer(coach, pair_id, me, Scope.plan)
    drafted = coach.plan(pair_id, me.id, today())
    goals = [gp.goal for gp in drafted.goals] if viewer.is_grantee else coach.goals(pair_id, me.id)
    return pair_page(request, me, viewer, "pair/plan.html.j2", "plan", "Plan", plan=drafted, goals=goals)


@router.get("/privacy", response_class=HTMLResponse)
def privacy(request: Request, pair_id: str, me: Me, coach: CoachDep) -> HTMLResponse:
    return privacy_page(request, me, coach, pair_viewer(coach, pair_id, me))


def privacy_page(request: Request, me: Person, coach, viewer: Viewer, error: str = "", status: int = 200):
    """Who can see the pair, the grants (the employee manages them) and the audit trail."""
    pair_id = viewer.pair.id
    grants = coach.grants(pair_id, me.id)
    events = coach.audit(pair_id, me.id)
    return pair_page(
        request,
        me,
        viewer,
        "pair/privacy.html.j2",
        "privacy",
        "Privacy",
        grants=grants,
        events=events,
        scopes=GRANT_SCOPES,
        error=error,
        status_code=status,
    )
