"""Request dependencies: the Coach of the app and the acting person."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from assistant.coach import Coach

__all__ = ["CoachDep", "PersonDep"]


def get_coach(request: Request) -> Coach:
    return request.app.state.coach


CoachDep = Annotated[Coach, Depends(get_coach)]
PersonDep = Annotated[str, Header(alias="X-Coach-As", min_length=1, description="The member acting.")]
