"""Pieces of `--help` shared by the command modules."""


def examples(*lines: str) -> str:
    """A command's help epilog: its examples, one a line."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)
