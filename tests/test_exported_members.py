"""Each stage's public surface is curated: this pins it, so a change to it is deliberate."""

from __future__ import annotations

import importlib

import pytest

EXPECTED = {
    "storyweave.ingest": [
        "Input", "discover", "extract_html", "read_bytes", "read_feed", "read_input",
        "read_jsonl", "read_text", "read_warc", "sniff",
    ],
    "storyweave.clean": [
        "LINE_FILTERS", "NORMALISERS", "LineFilter", "article_id", "clean", "detect_language",
        "normalise", "repeated_headline", "to_article",
    ],
    "storyweave.store": ["SQLiteStore", "Store", "open_store"],
    "storyweave.cluster": [
        "ALGORITHM", "ClusterConfig", "E5Vectoriser", "Features", "OnlineClusterer",
        "Vectoriser", "VectoriserChoice", "features_of", "lead_vector_key",
        "load_vectoriser", "story_id_for",
    ],
    # -- coverage comparison --
    "storyweave.analyse.compare": [
        "ALGORITHM", "Aligner", "Alignment", "CombinedAligner", "CompareConfig",
        "HeuristicTagger", "SpacyTagger", "TfidfAligner", "align", "compare", "split_statements",
        "split_story", "tagger_for",
    ],
    # -- provenance --
    "storyweave.analyse.provenance": [
        "ATTRIBUTION_ALGORITHM", "BaselineAttributions", "GRAPH_ALGORITHM", "OutletRef",
        "OutletRegistry", "Reuse", "ReuseConfig", "RuleAttributions", "StoryProvenance",
        "build_graph", "find_reuse", "graph_to_dict", "origin_of", "parse_outlets",
        "self_reported_outlet", "short_label", "to_dot", "to_svg", "trace_story",
    ],
    "storyweave.serve": ["DEFAULT_SECTION_PROVIDERS", "create_app"],
    # -- serving: section providers --
    "storyweave.serve.providers": [
        "CompareSections", "comparison_sections", "graph_view", "provenance_sections",
    ],
}  # fmt: skip


@pytest.mark.parametrize("module_name", sorted(EXPECTED))
def test_exported_members(module_name):
    module = importlib.import_module(module_name)
    assert sorted(module.__all__) == sorted(EXPECTED[module_name])
    for name in module.__all__:
        assert hasattr(module, name), f"{module_name}.{name} is listed but missing"
