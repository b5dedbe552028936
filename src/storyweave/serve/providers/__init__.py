"""The section providers the story page uses by default: the stored provenance graph and
the coverage comparison (see :mod:`storyweave.serve.sections`)."""

from storyweave.serve.providers.compare import CompareSections, comparison_sections
from storyweave.serve.providers.provenance import graph_view, provenance_sections

__all__ = ["CompareSections", "comparison_sections", "graph_view", "provenance_sections"]
