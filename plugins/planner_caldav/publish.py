"""One publish: read the calendar once, send only what differs (a few requests at a time),
report what was done."""

from __future__ import annotations

from planner.api import PublishError, PublishReport, StatusLine, warn

from .changes import Change, plan_changes
from .events import plan_slug, wanted_objects
from .password import find_login
from .sending import Pool
from .server import Server
from .target import Target

PROGRESS_FROM = 20  # changes: fewer take a second or two, with nothing to watch


def publish(plan, target: Target, dry_run: bool = False, force: bool = False
            ) -> PublishReport:
    """Publish `plan` to the target's calendar."""
    slug = plan_slug(plan)
    wanted = wanted_objects(plan, target.alarm, slug)  # before any network: fails fast
    server = Server(target, find_login(target.host, target.user))
    try:
        server.check_calendar()
        listing = server.list_events()
        if listing.ignored:

            warn([f"caldav: ignored {listing.ignored} event(s) the server listed outside "
                  f"{target.url}; nothing was sent to them"])
        todo = plan_changes(wanted, listing.events, slug, force=force)
        if dry_run:
            return _report(todo.changes, todo.unchanged, todo.kept, target, dry_run=True,
                           requests=server.requests)
        return _apply(server, todo.changes, todo.unchanged, todo.kept, target, force)
    finally:
        server.close()


def _apply(server: Server, changes: list[Change], unchanged: int, kept: list[str],
           target: Target, force: bool) -> PublishReport:

    done: list[Change] = []
    skipped = list(kept)
    failure: PublishError | None = None
    progress = StatusLine(len(changes), long=PROGRESS_FROM)

    def send(change: Change) -> str:
        return _sent(server, change, force)

    puts = [change for change in changes if change.action != "delete"]
    deletes = [change for change in changes if change.action == "delete"]
    # Deletes go one at a time, after the PUTs: xandikos 0.4.10 fails some concurrent ones
    # (500), and they are few (what a shorter plan drops).
    try:
        for workers, some in ((target.connections, puts), (1, deletes)):
            for change, outcome, error in Pool(workers, some, send) if failure is None else ():
                if error is not None:  # the pool starts nothing new; in flight finishes
                    if not isinstance(error, PublishError):
                        raise error
                    failure = failure or error
                elif outcome == "changed":
                    skipped.append(f"{change.what}: changed on the server while publishing; "
                                   f"not {change.action}d; --force to overwrite")
                else:
                    done.append(change)
                progress.step(f"caldav: {len(done) + len(skipped) - len(kept)} of "
                              f"{len(changes)} changes sent")
    finally:
        progress.done()
    if failure is not None:  # a lost connection, a 5xx, a refusal: say how far it got
        so_far = _report(done, unchanged, skipped, target).summary()
        raise PublishError(f"{failure} after {len(done)} of {len(changes)} changes "
                           f"({so_far}; those being sent may have been made too); "
                           "run the same command again to finish")
    return _report(done, unchanged, skipped, target, requests=server.requests)


def _sent(server: Server, change: Change, force: bool) -> str:
    outcome = _send(server, change, force=False)
    if outcome == "changed" and force:
        outcome = _send(server, change, force=True)
    return outcome


def _send(server: Server, change: Change, force: bool) -> str:
    """One change; with `force`, without the condition that the server copy is unchanged."""
    if change.action == "delete":
        assert change.href is not None  # a delete is of an event read from the server
        return server.delete(change.href, None if force else change.etag)
    assert change.data is not None  # a create or an update sends the event
    if change.action == "create":
        # Create under a name from the uid, only if nothing is there: never two copies.
        return server.put(server.href_for(change.uid), change.data, None, create=not force)
    assert change.href is not None
    return server.put(change.href, change.data, None if force else change.etag, create=False)


def _report(changes, unchanged: int, skipped, target: Target, dry_run: bool = False,
            requests: int = 0) -> PublishReport:
    count = {"create": 0, "update": 0, "delete": 0}
    for change in changes:
        count[change.action] += 1
    details = tuple(f"{change.action} {change.what}" for change in changes) if dry_run else ()
    return PublishReport(created=count["create"], updated=count["update"], unchanged=unchanged,
                         deleted=count["delete"], skipped=tuple(skipped), dry_run=dry_run,
                         where=target.url, details=details, requests=requests)
