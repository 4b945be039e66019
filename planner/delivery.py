"""The one way a plan leaves the program, for `build`, `adapt` and the log's re-dose:
choose and check the exporters and the publisher before anything is built or read (a typo
fails fast), then write every file, all or none, then publish."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .export import Export, prepare_export, write_export
from .plan import Plan
from .terminal import warn

if TYPE_CHECKING:
    from .config import BuildConfig
    from .publish import Chosen


class Delivery(NamedTuple):
    """Where a plan goes: files (`export`, possibly of no format) and a publisher or none."""

    export: Export | None
    publisher: "Chosen | None"

    def write(self, plan: Plan, stem: str | None,
              record: Callable[[Plan, str], Path] | None = None
              ) -> tuple[Plan, list[str], set[str]]:
        """Write every chosen format and the plan of record (see `write_export`)."""
        assert self.export is not None, "a delivery without files writes nothing"
        return write_export(self.export, plan, stem, record)

    def publish(self, plan: Plan, plan_file: Path | str, written: bool = True) -> list[str]:
        """Publish the plan just written to `plan_file`; the lines to print (none when no
        publisher was chosen)."""
        if self.publisher is None:
            return []
        from .publish import publish_now

        return publish_now(self.publisher, plan, str(plan_file), written=written)


def prepare_delivery(formats: list[str], options: list[str], folder: Path,
                     publish: str | None, config: "BuildConfig | None") -> Delivery:
    """Check the publisher (its `NAME.key` options are its; the rest go to the exporters),
    then the exporters and the folder; print what they warn of."""
    publisher = None
    chosen = _publisher(publish, options, config, bare_to_publisher=False)
    if chosen is not None:
        publisher, options = chosen
    export = prepare_export(formats, options, folder)
    warn(export.warnings)
    return Delivery(export, publisher)


def publishing_only(publish: str, config: "BuildConfig") -> Delivery:
    """A delivery that only publishes, with the config file's options: what `log` and
    `import` use to send what the log changed in the plan (`auto = true`)."""
    chosen = _publisher(publish, [], config, bare_to_publisher=True)
    assert chosen is not None
    return Delivery(None, chosen[0])


def _publisher(publish: str | None, options: list[str], config: "BuildConfig | None",
               bare_to_publisher: bool) -> "tuple[Chosen, list[str]] | None":
    if publish is None:
        return None
    from .publish import prepare

    chosen, rest = prepare(publish, options, bare_to_publisher=bare_to_publisher, config=config)
    warn(chosen.warnings)
    return chosen, rest
