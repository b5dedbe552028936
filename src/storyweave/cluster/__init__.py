"""Stories: online, cross-lingual clustering of articles into the events they report."""

from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.features import Features, features_of, lead_vector_key
from storyweave.cluster.online import ALGORITHM, OnlineClusterer, story_id_for
from storyweave.cluster.vectorise import E5Vectoriser, Vectoriser, VectoriserChoice, load_vectoriser

__all__ = [
    "ALGORITHM",
    "ClusterConfig",
    "E5Vectoriser",
    "Features",
    "OnlineClusterer",
    "Vectoriser",
    "VectoriserChoice",
    "features_of",
    "lead_vector_key",
    "load_vectoriser",
    "story_id_for",
]
