"""A plugin that misbehaves on purpose, where and how PLANNER_MISBEHAVE says.

PLANNER_MISBEHAVE is `PHASE:HOW`; PHASE is `import`, `register`, `check` (its
check_options) or `render`. Some HOWs: `exit0`, `exit3` (sys.exit), `interrupt`
(KeyboardInterrupt), `custom` (a BaseException subclass), `print` (to stdout, then carry
on), `mutate-*` (change the plan it was given), `sleep` (wait to be interrupted).
Without it, the `bad` exporter behaves: it writes one line per session.
"""

import os
import sys
import time
from typing import ClassVar

from planner import hookimpl


class Meltdown(BaseException):
    """Not an Exception: `except Exception` lets it through."""


class Unprintable(Exception):
    def __str__(self):
        raise SystemExit(4)


class ExitingBytes(bytes):
    def __bytes__(self):
        raise SystemExit(5)


def wanted(phase):
    where, _, how = os.environ.get("PLANNER_MISBEHAVE", "").partition(":")
    return how if where == phase else None


def misbehave(how, plan=None):
    if how == "exit0":
        sys.exit(0)
    if how == "exit3":
        sys.exit(3)
    if how == "interrupt":
        raise KeyboardInterrupt
    if how == "custom":
        raise Meltdown("the reactor is melting")
    if how == "generator-exit":
        raise GeneratorExit
    if how == "unprintable":
        raise Unprintable()
    if how == "print":
        print("chatter from the misbehaving plugin")
    if how == "sleep":
        with open(os.environ["PLANNER_MISBEHAVE_MARKER"], "w") as marker:
            marker.write("rendering\n")
        time.sleep(60)
    if how is not None and how.startswith("mutate-"):
        MUTATIONS[how[len("mutate-"):]](plan)


def first_exercise(plan):
    return next(iter(plan.exercises))


def set_setting(plan):
    plan.settings.weeks = 99


def delete_exercise(plan):
    del plan.exercises[first_exercise(plan)]


MUTATIONS = {
    "settings": set_setting,
    "settings-update": lambda plan: plan.settings.extra.update(name="hijacked"),
    "nested": lambda plan: plan.settings.days.append("sun"),
    "exercises": lambda plan: plan.exercises.pop(first_exercise(plan)),
    "exercises-del": delete_exercise,
    "exercise-steps": lambda plan: plan.exercises[first_exercise(plan)].steps.append("extra"),
    "logged": lambda plan: plan.logged.clear(),
    "attribute": lambda plan: setattr(plan, "settings", {}),
    "weeks": lambda plan: plan.weeks[0].sessions[0].items.append(None),
}


class BadExporter:
    name = "bad"
    suffix = ".bad"
    description = "Misbehaves on purpose (see PLANNER_MISBEHAVE)"
    options: ClassVar[dict[str, str]] = {"mark": "any text; ignored"}

    def check_options(self, options):
        misbehave(wanted("check"))

    def render(self, plan, options):
        how = wanted("render")
        if how == "mutate-swallowed":
            return self.try_every_mutation(plan)
        if how == "bytes-exit":
            return ExitingBytes(b"never used\n")
        misbehave(how, plan)
        lines = [session.uid for _, session in plan.sessions()]
        return ("\n".join(lines) + "\n").encode()

    def try_every_mutation(self, plan):
        """Try each change, keep going when refused: the render itself succeeds."""
        refused = []
        for name, mutation in MUTATIONS.items():
            try:
                mutation(plan)
            except (TypeError, AttributeError):
                refused.append(name)
        return f"refused {len(refused)} of {len(MUTATIONS)}: {' '.join(refused)}\n".encode()


class ExitingSuffix(BadExporter):
    @property
    def suffix(self):
        sys.exit(6)


misbehave(wanted("import"))


@hookimpl
def register_exporters(register):
    how = wanted("register")
    if how == "property-exit":
        register(ExitingSuffix())
        return
    misbehave(how)
    register(BadExporter())
