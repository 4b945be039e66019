"""Form XObjects: content drawn once per document and placed on every page that shows it.

Most of a session sheet repeats from page to page: the table header and rules, the "How to
use this sheet" block, the notes lines, and the cells of an exercise done with the same dose
on many days. Writing that content once as a form and placing it with one `Do` operator per
use makes the export several times faster and the file much smaller. Text inside forms is
still real text: viewers, pypdf and screen readers read it in place.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

_ATTR = "_band_planner_forms"


def place(canv, key: Hashable, draw: Callable[[], None], bbox: tuple[float, float, float, float],
          x: float = 0.0, y: float = 0.0, name: str | None = None) -> None:
    """Draw `draw()`'s output at (x, y) of the current coordinates.

    The first time `key` is placed in a document the content is recorded as a form with the
    bounding box `bbox` (in the form's own coordinates; nothing outside it shows); later
    placements reuse that form. `key` must capture everything the drawing depends on,
    and `draw` must set every colour, font and line width it uses. `name`, if given, names
    the form (unique within the document) so readers of the PDF can tell what it shows.
    """
    forms = canv.__dict__.get(_ATTR)
    if forms is None:  # one set of forms per canvas, i.e. per document
        forms = canv.__dict__[_ATTR] = {}
    found = forms.get(key)
    if found is None:
        # In drawing order: the same bytes every run.
        found = forms[key] = name or f"bp{len(forms)}"
        canv.beginForm(found, *bbox)
        draw()
        canv.endForm()
    if x or y:
        canv.saveState()
        canv.translate(x, y)
        canv.doForm(found)
        canv.restoreState()
    else:
        canv.doForm(found)
