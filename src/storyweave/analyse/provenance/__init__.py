"""Provenance: where each story came from, who relays whom, how many independent origins.

- :mod:`.attribution` finds attribution statements ("according to X", "X reports", "(AP)")
  with offsets, and tells outlets from people, organisations, anonymous sources, documents;
- :mod:`.outlets` is the outlet registry (shipped list plus a user file);
- :mod:`.reuse` finds shared passages: copies, rewrites, translations;
- :mod:`.graph` builds the per-story DAG and counts origins; :mod:`.render` draws it;
- :func:`trace_story` runs them all for one story.
"""

from storyweave.analyse.provenance.attribution import (
    ALGORITHM as ATTRIBUTION_ALGORITHM,
)
from storyweave.analyse.provenance.attribution import (
    BaselineAttributions,
    RuleAttributions,
    self_reported_outlet,
)
from storyweave.analyse.provenance.graph import ALGORITHM as GRAPH_ALGORITHM
from storyweave.analyse.provenance.graph import build_graph, origin_of
from storyweave.analyse.provenance.outlets import OutletRef, OutletRegistry, parse_outlets
from storyweave.analyse.provenance.render import graph_to_dict, short_label, to_dot, to_svg
from storyweave.analyse.provenance.reuse import Reuse, ReuseConfig, find_reuse
from storyweave.analyse.provenance.story import StoryProvenance, trace_story

__all__ = [
    "ATTRIBUTION_ALGORITHM",
    "GRAPH_ALGORITHM",
    "BaselineAttributions",
    "OutletRef",
    "OutletRegistry",
    "Reuse",
    "ReuseConfig",
    "RuleAttributions",
    "StoryProvenance",
    "build_graph",
    "find_reuse",
    "graph_to_dict",
    "origin_of",
    "parse_outlets",
    "self_reported_outlet",
    "short_label",
    "to_dot",
    "to_svg",
    "trace_story",
]
