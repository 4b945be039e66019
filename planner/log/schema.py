"""The log's schema as band-planner makes it, version by version, and what differs from it.

A log file is input: a trigger, a view or a changed table in it would have SQLite run
someone else's SQL when band-planner reads or writes. So `sqlite_master` must hold exactly
the tables and indexes that the migrations up to the file's version create."""

from __future__ import annotations

from functools import cache

Object = tuple[str, str, str, str | None]  # type, name, table, its SQL with spaces squeezed


def schema_problem(objects: list[tuple], version: int) -> str | None:
    """What is wrong with a file's `sqlite_master` rows (type, name, tbl_name, sql) for a log
    of `version`, or None when they are exactly band-planner's."""
    expected = {obj[1]: obj for obj in expected_schema(version)}
    found: dict[str, Object] = {}
    for kind, name, table, sql in objects:
        if not all(isinstance(v, str) for v in (kind, name, table)):
            return "its schema is damaged"
        found[name] = (kind, name, table, _squeezed(sql))
    advice = "(a changed schema could run SQL; restore the log from a copy)"
    for name in sorted(found, key=lambda n: (n not in expected, n)):  # ours first
        obj, ours = found[name], expected.get(name)
        if ours is None:
            return f"it holds a {obj[0]} {_quoted(name)} that band-planner does not make {advice}"
        if obj[0] != ours[0]:
            return f"{_quoted(name)} is a {obj[0]} where band-planner makes a {ours[0]} {advice}"
        if obj != ours:
            return f"its {ours[0]} {_quoted(name)} is not the one band-planner makes {advice}"
    missing = sorted(set(expected) - set(found))
    if missing:
        return f"damaged log: its {expected[missing[0]][0]} {_quoted(missing[0])} is missing"
    return None


@cache
def expected_schema(version: int) -> frozenset[Object]:
    """What the migrations up to `version` create, read back from a database in memory."""
    import sqlite3
    from contextlib import closing

    from .store import MIGRATIONS

    with closing(sqlite3.connect(":memory:")) as db:
        for step in range(1, version + 1):
            db.executescript(MIGRATIONS[step])
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset((kind, name, table, _squeezed(sql)) for kind, name, table, sql in rows)


def _squeezed(sql) -> str | None:
    return " ".join(sql.split()) if isinstance(sql, str) else sql


def _quoted(name: str) -> str:
    from .entry import shown

    return shown(name)
