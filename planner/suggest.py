""""Did you mean …?" for a mistyped value, key or name."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like `word`, if one is alike enough."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6,
                 shape: str = "'{}'") -> str:
    """"did you mean 'x'? " (with a trailing space, to go before the rest of a message), or ""."""
    found = closest(word, choices, cutoff)
    return f"did you mean {shape.format(found)}? " if found else ""
