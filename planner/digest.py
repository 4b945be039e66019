"""SHA-256 digests, without loading OpenSSL.

`hashlib` loads OpenSSL's library when imported (about 3 ms, a twentieth of a first build's
start-up); CPython's own SHA-256 module gives the same digests, so it is used where it is
built in, and hashlib elsewhere."""

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of `data`, in lowercase hex."""
    return _sha256()(data).hexdigest()


@cache
def _sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):  # CPython 3.12 on; 3.11
        try:
            return import_module(name).sha256
        except (ImportError, AttributeError):
            continue
    from hashlib import sha256

    return sha256
