"""planner.plan_document: a plan's bytes are json's indented dump, written faster."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.plan_document import indented, plan_json

from conftest import make_plan

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30)


@given(JSON_VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    """Strings with quotes, controls and any code point, NaN and the infinities, empty and
    nested containers, tuples: the same text as json's own encoder."""
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_plans_head_is_json_dumps_indented():
    plan = make_plan(weeks=2, deload_every=2)
    document = plan.to_dict()
    weeks = document.pop("weeks")
    text = plan_json(plan).decode("utf-8")
    head = json.dumps(document, indent=2, ensure_ascii=False)
    assert text.startswith(head[:-2] + ',\n  "weeks": [\n')
    assert json.loads(text)["weeks"] == weeks


@pytest.mark.parametrize("value", [{"a": {1, 2}}, [object()], {1: "a"}])
def test_what_is_not_a_json_document_is_refused(value):
    """Sets and other objects, as json refuses them; a key that is not text too (json would
    turn it into one, but a plan document has none)."""
    with pytest.raises(TypeError):
        indented(value)
