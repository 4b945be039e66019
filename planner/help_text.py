"""Pieces of `--help` shared by the command modules."""


def examples(*lines: str) -> str:
    """A command's help epilog: its examples, one a line. Square brackets are escaped: the
    help is Rich markup, where `[publish]` would be taken for a style tag and vanish."""
    return "Examples:\n\n" + "\n\n".join(f"  {line}".replace("[", "\\[") for line in lines)
