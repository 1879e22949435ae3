"""Paging cursors: the driver's paging state, signed, so clients only hand back ours.

Cassandra pages with an opaque paging state, which the API gives clients as a cursor. A
state the server cannot parse is a protocol error that closes the driver's connection to
that node: a forged cursor must never reach it, hence the signature.
"""

import base64
import binascii
import hashlib
import hmac

from ..errors import InvalidCursorError

SIGNATURE_BYTES = 16


class Cursors:
    """Turns (partition, paging state) into a signed token and back."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def encode(self, partition: str, paging_state: bytes | None) -> str:
        """A URL-safe token resuming `partition` at `paging_state` (None: its start)."""
        payload = partition.encode() + b"\0" + (paging_state or b"")
        token = base64.urlsafe_b64encode(payload + self._sign(payload))
        return token.decode().rstrip("=")

    def decode(self, token: str) -> tuple[str, bytes | None]:
        """What `encode` put in `token`; InvalidCursorError if it did not make it."""
        try:
            raw = base64.b64decode(
                token + "=" * (-len(token) % 4), b"-_", validate=True
            )
        except (binascii.Error, ValueError) as exc:
            raise InvalidCursorError from exc
        payload, signature = raw[:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
        if len(raw) <= SIGNATURE_BYTES or not hmac.compare_digest(
            signature, self._sign(payload)
        ):
            raise InvalidCursorError
        partition, _, paging_state = payload.partition(b"\0")
        return partition.decode(), paging_state or None

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:SIGNATURE_BYTES]
