"""Property tests: the cleaner never invents text and never silently loses a line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyweave.clean import clean, normalise

debris = st.sampled_from(
    ["Read also: x", "pixel", "Photo: Getty Images", "Share this article", "By Jane Doe"]
)
lines = st.lists(st.one_of(st.text(max_size=80), debris), max_size=30)


@given(lines, st.one_of(st.none(), st.text(max_size=40)))
def test_every_nonblank_line_is_kept_or_recorded(body_lines, title):
    body = "\n".join(body_lines)
    result = clean(body, title)
    normalised = [line for line in normalise(body).split("\n") if line.strip()]
    kept = [line for line in result.text.split("\n") if line]
    removed = [r.line for r in result.removed]
    assert sorted(kept + removed) == sorted(normalised)


@given(st.text(max_size=400))
def test_clean_is_idempotent_on_its_output(body):
    once = clean(body).text
    assert clean(once).text == once


@given(st.text(max_size=400))
def test_removal_indices_point_at_the_removed_lines(body):
    result = clean(body)
    source_lines = normalise(body).split("\n")
    for removal in result.removed:
        assert source_lines[removal.index] == removal.line
