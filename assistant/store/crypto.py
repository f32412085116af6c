"""Encryption at rest: the store's keys, where they live, and sealing with AES-256-GCM.

Every column that holds words from the notes is sealed before it reaches the SQL store
(:mod:`assistant.store.sealed`), so a stolen database file, a backup or a PostgreSQL server
sees only ciphertext. The key lives apart from the data:

- a **key file** (default ``coach.key`` in the home, or ``COACH_KEY_FILE``), mode 0600, made
  on first use; or
- the key document itself in ``COACH_KEY`` (a server whose secrets come as environment
  variables).

The key document (``coach-key/1``, JSON) holds the data keys, newest first (the first seals,
any of them opens: a rotation in progress needs both), and the **index secret**: the HMAC key
behind the retrieval index's opaque names and tokens, which used to sit in the database
beside the data it hides.

A sealed value is ``key id (4 bytes) | nonce (12) | ciphertext and tag``, with the column's
name as associated data, so a value moved to another column does not open. Columns store
:data:`MAGIC_BYTES` + those bytes; the one sealed value in a text column (the key check in
``meta``) is written ``c1.`` + base64url.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from assistant.errors import KeyUnavailable

__all__ = ["MAGIC_BYTES", "MAGIC_TEXT", "KeySource", "Keyring", "SealBroken", "write_private"]

FORMAT = "coach-key/1"
MAGIC_TEXT = "c1."
MAGIC_BYTES = b"\x00COACHc1"
FINGERPRINT = "h1."
_NONCE = 12


class SealBroken(KeyUnavailable):
    """A sealed value does not open: another store's key, a key no longer in the key
    document, or a value that was tampered with."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(key: bytes) -> bytes:
    """A short public name for a key: which key sealed a value (reveals nothing of it)."""
    return hashlib.sha256(b"coach key id\x00" + key).digest()[:4]


@dataclass(frozen=True)
class Keyring:
    """The data keys (first: the one that seals) and the index secret."""

    keys: tuple[bytes, ...]
    index_secret: bytes
    _ciphers: dict[bytes, AESGCM] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.keys or any(len(k) != 32 for k in self.keys) or len(self.index_secret) < 32:
            raise KeyUnavailable("the key document is malformed (expected 32-byte keys and an index secret)")
        for key in self.keys:
            self._ciphers[key_id(key)] = AESGCM(key)

    @classmethod
    def generate(cls, index_secret: bytes | None = None) -> Keyring:
        return cls((AESGCM.generate_key(256),), index_secret or secrets.token_bytes(32))

    def rotated(self) -> Keyring:
        """A new key first, the old ones kept to open what they sealed until it is resealed."""
        return Keyring((AESGCM.generate_key(256), *self.keys), self.index_secret)

    def only_current(self) -> Keyring:
        return Keyring(self.keys[:1], self.index_secret)

    @property
    def current_id(self) -> bytes:
        return key_id(self.keys[0])

    # -- the document ------------------------------------------------------------------------

    def document(self) -> str:
        doc = {"format": FORMAT, "keys": [_b64(k) for k in self.keys], "index_secret": _b64(self.index_secret)}
        return json.dumps(doc, indent=1) + "\n"

    @classmethod
    def parse(cls, text: str, where: str) -> Keyring:
        try:
            doc = json.loads(text)
            if doc.get("format") != FORMAT:
                raise ValueError("format")
            return cls(tuple(_unb64(k) for k in doc["keys"]), _unb64(doc["index_secret"]))
        except KeyUnavailable:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise KeyUnavailable(f"{where} is not a Coach key document ({FORMAT})") from None

    # -- sealing -----------------------------------------------------------------------------

    def seal(self, data: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return self.current_id + nonce + self._ciphers[self.current_id].encrypt(nonce, data, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        cipher = self._ciphers.get(blob[:4])
        if cipher is None:
            raise SealBroken("a value in the store was sealed with a key this key document does not hold")
        try:
            return cipher.decrypt(blob[4 : 4 + _NONCE], blob[4 + _NONCE :], aad)
        except InvalidTag:
            raise SealBroken("a value in the store does not open with its key (tampered with, or moved)") from None

    def sealed_with_current(self, value: bytes) -> bool:
        """Whether a stored (binary) value was sealed with the first key."""
        return bytes(value)[len(MAGIC_BYTES) : len(MAGIC_BYTES) + 4] == self.current_id

    def seal_text(self, text: str, aad: bytes) -> str:
        return MAGIC_TEXT + _b64(self.seal(text.encode("utf-8"), aad))

    def open_text(self, value: str, aad: bytes) -> str:
        if not value.startswith(MAGIC_TEXT):
            raise SealBroken("a value in the store is not sealed (written around Coach?)")
        return self.open(_unb64(value[len(MAGIC_TEXT) :]), aad).decode("utf-8")

    def seal_bytes(self, data: bytes, aad: bytes) -> bytes:
        return MAGIC_BYTES + self.seal(data, aad)

    def open_bytes(self, value: bytes, aad: bytes) -> bytes:
        if not value.startswith(MAGIC_BYTES):
            raise SealBroken("a value in the store is not sealed (written around Coach?)")
        return self.open(value[len(MAGIC_BYTES) :], aad)

    def fingerprint(self, value: str) -> str:
        """A keyed hash of ``value``: equal values match, and nothing else can be learnt."""
        digest = hmac.new(self.index_secret, b"fingerprint\x00" + value.encode(), hashlib.sha256).hexdigest()
        return FINGERPRINT + digest[:40]


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600 (a crash leaves the old file or
    the new one, never half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class KeySource:
    """Where the keyring comes from: ``COACH_KEY`` (the document itself), else a key file."""

    def __init__(self, path: Path, document: str | None = None):
        self.path = path
        self.document = document

    @property
    def writable(self) -> bool:
        """Whether :meth:`save` can change it (a key file; not an environment variable)."""
        return self.document is None

    def describe(self) -> str:
        return "COACH_KEY" if self.document is not None else "the key file (coach.key in the home, or COACH_KEY_FILE)"

    def exists(self) -> bool:
        return self.document is not None or self.path.exists()

    def load(self, create: bool = False, index_secret: bytes | None = None) -> Keyring:
        """The keyring; with ``create``, a new one is made and saved where none exists yet
        (``index_secret``: keep the index's names of a store that had one)."""
        if self.document is not None:
            return Keyring.parse(self.document, "COACH_KEY")
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not create:
                raise KeyUnavailable(
                    f"this store is encrypted and its key is missing: put back {self.describe()} "
                    "from where you keep it (it is never in a backup)"
                ) from None
            keyring = Keyring.generate(index_secret)
            self.save(keyring)
            return keyring
        except OSError as exc:
            raise KeyUnavailable(f"{self.describe()} cannot be read ({exc.__class__.__name__})") from None
        if self.path.stat().st_mode & 0o077:
            os.chmod(self.path, 0o600)
        return Keyring.parse(text, self.describe())

    def save(self, keyring: Keyring) -> None:
        if not self.writable:
            raise KeyUnavailable("the key comes from COACH_KEY: change it there")
        write_private(self.path, keyring.document().encode())
