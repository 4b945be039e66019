"""Reference: a bare three-command Typer app (`--help`, and `noop` doing nothing)."""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def noop(weeks: int = 4) -> None:
    """Do nothing."""


@app.command()
def second(name: str = "x") -> None:
    """Another command."""


@app.command()
def third(flag: bool = False) -> None:
    """A third command."""


if __name__ == "__main__":
    app()
