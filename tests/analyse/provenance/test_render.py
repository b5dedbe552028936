"""Renderings: JSON view, DOT, and the pure-Python SVG (well-formed, escaped)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from storyweave.analyse.provenance import (
    OutletRegistry,
    graph_to_dict,
    to_dot,
    to_svg,
    trace_story,
)
from tests.analyse.provenance._make import BODY, article

HOSTILE = '<script>alert("x")</script> & "quotes"'


def _graph():
    members = [
        article("a", "It will open, Le Monde reports.\n" + BODY, title=HOSTILE),
        article("b", BODY, title="Second"),
    ]
    return trace_story("s1", members, OutletRegistry.default()).graph


def test_svg_is_well_formed_and_escapes_titles():
    svg = to_svg(_graph())
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_dot_quotes_every_label():
    dot = to_dot(_graph())
    assert dot.startswith('digraph "provenance s1" {')
    assert '\\"quotes\\"' in dot
    assert '"outlet:le-monde"' in dot


def test_json_view_counts():
    data = graph_to_dict(_graph())
    assert data["articles"] == 2 and data["independent_origins"] == 1
    assert {e["kind"] for e in data["edges"]} >= {"cites"}
