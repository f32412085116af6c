"""Accounts: passwords (Argon2id), sessions that expire and end, throttled sign-in, tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from assistant.accounts import Accounts
from assistant.errors import BadCredentials, InvalidInput, NotFound, Throttled
from assistant.store.account_tables import AccountRow
from tests.helpers import every_byte_under

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(coach, clock) -> Accounts:
    return Accounts(coach.records, coach.settings, clock=clock)


def test_sign_in_with_the_right_password_only(accounts, settings):
    assert accounts.add_user("ann", PASSWORD, name="Ann Arbor") is True
    session = accounts.sign_in("ann", PASSWORD, client="10.0.0.1")
    assert accounts.person_for_session(session).name == "Ann Arbor"
    with pytest.raises(BadCredentials) as wrong:
        accounts.sign_in("ann", "not the password")
    with pytest.raises(BadCredentials) as unknown:
        accounts.sign_in("nobody", PASSWORD)
    assert wrong.value.message == unknown.value.message  # never says which was wrong
    with accounts.records.session() as s:
        stored = s.scalar(select(AccountRow.password_hash).where(AccountRow.person_id == "ann"))
    assert stored.startswith("$argon2id$")
    assert PASSWORD.encode() not in every_byte_under(settings.home)
    assert session.encode() not in every_byte_under(settings.home)


def test_weak_passwords_are_refused(accounts):
    for bad in ["short", " " * 12, "x" * 2000]:
        with pytest.raises(InvalidInput):
            accounts.add_user("ann", bad)
    assert not accounts.has_accounts()


def test_sessions_end_on_sign_out_expiry_and_idleness(accounts, clock):
    accounts.add_user("ann", PASSWORD)
    first = accounts.sign_in("ann", PASSWORD)
    second = accounts.sign_in("ann", PASSWORD)
    accounts.sign_out(first)
    assert accounts.person_for_session(first) is None
    assert accounts.person_for_session(second) is not None
    clock.advance(hours=25)  # idle longer than a day
    assert accounts.person_for_session(second) is None
    kept = accounts.sign_in("ann", PASSWORD)
    for _ in range(8):  # used every 23 hours: never idle, but over a week old at the end
        clock.advance(hours=23)
        alive = accounts.person_for_session(kept) is not None
    assert not alive
    assert accounts.person_for_session("made-up") is None
    assert accounts.person_for_session("") is None


def test_sign_out_everywhere(accounts):
    accounts.add_user("ann", PASSWORD)
    sessions = [accounts.sign_in("ann", PASSWORD) for _ in range(3)]
    assert accounts.sign_out_everywhere("ann") == 3
    assert all(accounts.person_for_session(s) is None for s in sessions)


def test_repeated_failures_are_throttled_even_with_the_right_password(accounts, clock):
    accounts.add_user("ann", PASSWORD)
    for _ in range(5):
        with pytest.raises(BadCredentials):
            accounts.sign_in("ann", "guess-guess", client="10.0.0.9")
    with pytest.raises(Throttled):
        accounts.sign_in("ann", PASSWORD, client="10.0.0.1")
    clock.advance(minutes=16)
    assert accounts.sign_in("ann", PASSWORD, client="10.0.0.1")


def test_one_client_guessing_many_names_is_throttled(accounts):
    accounts.add_user("ann", PASSWORD)
    for i in range(20):
        with pytest.raises(BadCredentials):
            accounts.sign_in(f"user{i}", "guess-guess", client="10.6.6.6")
    with pytest.raises(Throttled):
        accounts.sign_in("ann", PASSWORD, client="10.6.6.6")
    assert accounts.sign_in("ann", PASSWORD, client="10.0.0.1")


def test_tokens_shown_once_stored_hashed_labelled_revocable(accounts, settings):
    accounts.add_user("ann", PASSWORD)
    accounts.add_user("bo", PASSWORD)
    token = accounts.create_token("ann", "laptop script")
    assert token.startswith("coach_")
    assert accounts.person_for_token(token).id == "ann"
    [info] = accounts.tokens("ann")
    assert info.label == "laptop script" and info.last_used is not None
    assert token not in info.model_dump_json()
    assert token.encode() not in every_byte_under(settings.home)
    with pytest.raises(NotFound):
        accounts.revoke_token("bo", info.id)  # not bo's to revoke
    assert accounts.person_for_token(token) is not None
    accounts.revoke_token("ann", info.id)
    assert accounts.person_for_token(token) is None
    assert accounts.tokens("ann") == []
    with pytest.raises(NotFound):
        accounts.create_token("nobody", "x")


def test_disabled_user_stops_at_once(accounts):
    accounts.add_user("ann", PASSWORD)
    session = accounts.sign_in("ann", PASSWORD)
    token = accounts.create_token("ann", "cli")
    accounts.disable("ann")
    assert accounts.person_for_session(session) is None
    assert accounts.person_for_token(token) is None
    with pytest.raises(BadCredentials):
        accounts.sign_in("ann", PASSWORD)
    with pytest.raises(NotFound):
        accounts.create_token("ann", "again")
    accounts.add_user("ann", "a brand new password")  # the operator enables again
    assert accounts.person_for_token(token) is None  # old tokens stay revoked
    assert accounts.sign_in("ann", "a brand new password")


def test_change_password_needs_the_old_one_and_ends_other_sessions(accounts):
    accounts.add_user("ann", PASSWORD)
    session = accounts.sign_in("ann", PASSWORD)
    with pytest.raises(BadCredentials):
        accounts.change_password("ann", "wrong-wrong", "another password")
    accounts.change_password("ann", PASSWORD, "another password")
    assert accounts.person_for_session(session) is None
    with pytest.raises(BadCredentials):
        accounts.sign_in("ann", PASSWORD)
    assert accounts.sign_in("ann", "another password")


def test_csrf_token_belongs_to_its_session(accounts):
    accounts.add_user("ann", PASSWORD)
    one, two = accounts.sign_in("ann", PASSWORD), accounts.sign_in("ann", PASSWORD)
    assert accounts.csrf_token(one) and accounts.csrf_token(one) != accounts.csrf_token(two)
    accounts.sign_out(one)
    assert accounts.csrf_token(one) is None
