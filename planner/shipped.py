"""Writes planner/shipped_catalog.json, the shipped catalog pre-parsed.

catalogs/back.toml is read and checked when it changes, at development time, and stored as
planner/shipped_catalog.json inside the package: a run loads that JSON (catalog.py's
`shipped_catalog`: no TOML parser, no checks to repeat) and keeps no per-user cache that
another user could tamper with.

    python -m planner.shipped          # rewrite the JSON after editing catalogs/back.toml
    python -m planner.shipped --check  # exit 1 if the JSON is out of date

tests/test_catalog.py checks that the JSON matches the TOML.
"""

from __future__ import annotations

import json
import sys

from .catalog import SHIPPED_JSON, catalog_to_json


def generate() -> str:
    """The JSON text for the shipped catalog's TOML; exits naming every problem in it."""
    from .catalog import read_catalog_file, shipped_catalog_path

    loaded, problems = read_catalog_file(shipped_catalog_path())
    if loaded is None:
        raise SystemExit("\n".join(problems))
    return json.dumps(catalog_to_json(loaded), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    from .generated import write_or_check

    return write_or_check(SHIPPED_JSON, generate(), "python -m planner.shipped", argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
