"""TEMPORARY: the consent methods the accounts work (issue 10) is adding to ``Coach``.

``Coach.grants``, ``grant``, ``revoke_grant`` and ``audit`` are agreed (INTERFACES.md) and
their store is on main (``assistant/store/consent.py``), the Coach methods not yet.
:func:`fill_in` attaches these thin versions, over that store and through the access rule, to
a Coach that lacks them; each is used only while the real one is missing, and this module is
deleted once they are there.
"""

from __future__ import annotations

import types
from datetime import UTC, date, datetime

from assistant.errors import InvalidInput, NotAMember, NotFound
from assistant.workspace.models import AuditEvent, Grant, Scope

__all__ = ["fill_in"]


def _grants(self, pair_id: str, person_id: str) -> list[Grant]:
    self.viewer(pair_id, person_id)
    return self.records.grants(pair_id, date.today())


def _grant(self, pair_id: str, person_id: str, to: str, scopes: list[str], expires: date) -> Grant:
    viewer = self.viewer(pair_id, person_id)
    if viewer.is_manager:
        raise NotAMember("only the employee of a pair can let someone else see it")
    if not self.records.person_exists(to) or viewer.pair.role_of(to):
        raise InvalidInput(f"'{to}' is not someone outside this pair")
    try:
        chosen = [Scope(s) for s in scopes]
    except ValueError:
        raise InvalidInput(f"scopes: expected {', '.join(Scope)}") from None
    if expires < date.today():
        raise InvalidInput("the end date has passed")
    with self._writing:
        made = self.records.add_grant(pair_id, person_id, to, chosen, expires)
        self.records.record_event(pair_id, person_id, "grant", id=made.id, to=to, scopes=[str(s) for s in chosen])
    return made


def _revoke_grant(self, pair_id: str, person_id: str, grant_id: str) -> None:
    viewer = self.viewer(pair_id, person_id)
    if viewer.is_manager:
        raise NotAMember("only the employee of a pair can end a grant")
    with self._writing:
        if not self.records.revoke_grant(pair_id, grant_id, datetime.now(UTC)):
            raise NotFound(f"no grant '{grant_id}' in pair '{pair_id}'")
        self.records.record_event(pair_id, person_id, "grant.revoke", id=grant_id)


def _audit(self, pair_id: str, person_id: str) -> list[AuditEvent]:
    self.viewer(pair_id, person_id)
    return self.records.events(pair_id, limit=200)


_METHODS = {"grants": _grants, "grant": _grant, "revoke_grant": _revoke_grant, "audit": _audit}


def fill_in(coach) -> list[str]:
    """Attach a stand-in for each agreed consent method the Coach lacks; returns their names."""
    used = []
    for name, function in _METHODS.items():
        if not hasattr(coach, name):
            setattr(coach, name, types.MethodType(function, coach))
            used.append(name)
    return used
