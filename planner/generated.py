"""Files generated from others in the repository and shipped in the package (the plan
validator, the pre-parsed catalog): written by a developer's command, checked by a test."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, text: str, command: str, argv: list[str]) -> int:
    """With --check in `argv`: 1 (and a line on stderr) if `target` differs from `text`.
    Without: write `text` to `target`. `command` is how to regenerate it."""
    if "--check" in argv:
        current = target.read_text("utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run {command}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, "utf-8")
    print(f"wrote {target}")
    return 0
