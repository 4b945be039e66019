"""Text shown in a terminal: control characters made visible, whatever the text."""

from __future__ import annotations

import pytest

from planner.terminal import _pattern, has_controls, safe_json, visible, visible_lines

CONTROLS = ["\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u061c", "\u200e", "\u200f", "\u202a",
            "\u202e", "\u2066", "\u2069"]


def test_printable_text_needs_no_pattern():
    """The quick path is right for every character: whatever a pattern looks for is
    unprintable (the code points past U+3000 are none of them)."""
    for kind in ("unsafe", "controls", "json"):
        found = [c for c in map(chr, range(0x3000)) if _pattern(kind).search(c)]
        assert found and not [c for c in found if c.isprintable()], kind


@pytest.mark.parametrize("text", ["Band pull-apart", "Knie 90° gebeugt – Rücken gerade", "",
                                  "日本語のテキスト"])
def test_printable_text_is_shown_as_it_is(text):
    assert (visible(text), has_controls(text), safe_json(text)) == (text, False, text)


@pytest.mark.parametrize("control", CONTROLS)
def test_each_control_is_escaped_in_plain_and_other_text(control):
    for text in (f"row{control}x", f"Rücken{control}°"):
        shown = visible(text)
        assert control not in shown and "\\" in shown and has_controls(text)
    assert has_controls(f"a{control}", bidi=False) == (control < "\u00a0")


def test_line_breaks_stay_and_no_break_space_is_kept():
    assert visible_lines("one\ntwo\x1b") == "one\ntwo\\x1b"
    assert visible("a\u00a0b") == "a\u00a0b"  # not printable to Python, but not a control
    assert safe_json('{\n  "a": "b\u2028"\n}') == '{\n  "a": "b\\u2028"\n}'
