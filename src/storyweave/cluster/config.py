"""The clusterer's parameters and how its similarity features combine into one score."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterConfig:
    """Tunables of :class:`~storyweave.cluster.online.OnlineClusterer` (validated on creation).

    Scores are in [0, 1]. Within a language the score weighs TF-IDF cosine and shared names;
    across languages, where words differ, the embedding cosine and shared names (people,
    places, organisations and figures keep their spelling in translation) decide. Across
    languages the embedding must clear a higher floor: with no shared words to confirm it,
    a merely topical resemblance (two Airbus orders) must not pass for the same event.
    Without an embedding model scores run lower, so ``lexical_only_threshold`` applies.

    The model is slow, so it is asked only when it can change a decision (see
    :meth:`plausible`): a candidate whose words and names fall below ``plausible_floor``
    (same language) or whose names fall below ``cross_plausible_floor`` (another language)
    could only be rescued by a near-identical embedding, and is not worth one; nor is one
    whose score would stay under the threshold with the cosine a report of the same event
    typically reaches (``plausible_cosine``; another language: even with a perfect match), or
    so far away in time. Nor is an article asked about whose same-language match already
    clears the threshold without it (by ``confident_margin``): within a language the model
    rescues matches that words and names leave short, it does not overturn ones they make. When
    live stories are written in another script, where names cannot carry a match, it always
    is (and so are those stories' founding leads, if they have no vector yet). With
    ``embed_same_language`` off the model is asked about matches across languages only:
    within a language words and names decide, held to ``lexical_only_threshold`` (fewer
    texts go through the model, so the stream runs faster, and same-language matching is
    as good as without a model).

    An article that starts a story may have missed its story only because that story was
    still small. For ``second_look_decisions`` decisions, while it stays alone, its story is
    looked at again whenever a story that scored at least ``second_look_floor`` against it
    grows: if its founder now clears the threshold there, the two are merged.

    Articles are embedded ahead of their decisions ``embed_ahead`` at a time (the model runs
    faster on a few texts at once), judged on the stories as they stand before the first of
    them: the more ahead, the more of them turn out to need no embedding by their turn.
    """

    threshold: float = 0.42
    lexical_only_threshold: float = 0.28
    confident_margin: float = 0.0
    merge_threshold: float = 0.55
    lexical_weight: float = 0.6
    vector_weight: float = 0.35
    vector_floor: float = 0.80
    cross_vector_floor: float = 0.84
    vector_ceiling: float = 0.95
    plausible_cosine: float = 0.92
    script_vector_floor: float = 0.79
    script_vector_ceiling: float = 0.88
    plausible_floor: float = 0.1
    cross_plausible_floor: float = 0.25
    follow_duplicates: float = 0.5
    second_look_floor: float = 0.2
    second_look_decisions: int = 1000
    decay_days: float = 14.0
    grace_days: float = 1.0
    window_days: float = 30.0
    min_idle_decisions: int = 2000
    max_active_stories: int = 20000
    max_candidates: int = 20
    max_vector_candidates: int = 10
    max_posting_share: float = 0.05
    explain_candidates: int = 5
    embed_same_language: bool = True
    embed_ahead: int = 8

    def __post_init__(self) -> None:
        for name in ("threshold", "lexical_only_threshold", "merge_threshold",
                     "lexical_weight", "vector_weight", "max_posting_share",
                     "follow_duplicates", "plausible_floor",
                     "cross_plausible_floor", "second_look_floor"):  # fmt: skip
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]; got {value}")
        if not 0.0 <= self.confident_margin < 1.0:
            raise ValueError(f"confident_margin must be in [0, 1); got {self.confident_margin}")
        for floor, ceiling in (
            (self.vector_floor, self.vector_ceiling),
            (self.cross_vector_floor, self.vector_ceiling),
            (self.script_vector_floor, self.script_vector_ceiling),
        ):
            if not 0.0 <= floor < ceiling <= 1.0:
                raise ValueError(
                    "vector floors and ceilings must satisfy 0 <= floor < ceiling <= 1; "
                    f"got {floor} and {ceiling}"
                )
        if not self.vector_floor < self.plausible_cosine <= 1.0:
            raise ValueError(
                "plausible_cosine must be in (vector_floor, 1]; "
                f"got {self.plausible_cosine} (vector_floor {self.vector_floor})"
            )
        for name in ("decay_days", "window_days"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0; got {getattr(self, name)}")
        if self.grace_days < 0:
            raise ValueError(f"grace_days must be >= 0; got {self.grace_days}")
        for name in ("max_active_stories", "max_candidates", "max_vector_candidates",
                     "explain_candidates", "min_idle_decisions", "embed_ahead",
                     "second_look_decisions"):  # fmt: skip
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1; got {getattr(self, name)}")

    def vector_score(
        self, cosine: float, floor: float | None = None, ceiling: float | None = None
    ) -> float:
        """Rescale an embedding cosine to [0, 1]: e5 puts unrelated news near 0.8, so the
        useful range is narrow."""
        low = self.vector_floor if floor is None else floor
        high = self.vector_ceiling if ceiling is None else ceiling
        return min(1.0, max(0.0, (cosine - low) / (high - low)))

    def decay(self, gap: float | None) -> float:
        """The time factor of a score: 1 within ``grace_days`` (or when a time is unknown),
        then falling with ``decay_days``."""
        if gap is None:
            return 1.0
        return math.exp(-max(0.0, gap - self.grace_days) / self.decay_days)

    def plausible(self, lexical: float, names: float, same_language: bool, decay: float) -> bool:
        """Whether evidence without embeddings makes a candidate worth asking the model: its
        words and names clear their floor, and an embedding match would lift its time-decayed
        score to the threshold (a report from weeks away cannot be rescued): within a language
        the cosine a report of the same event typically reaches, ``plausible_cosine``, across
        languages, where names are all the words can say, a perfect one. Within a language,
        only if the model is asked about same-language matches at all."""
        if same_language:
            if not self.embed_same_language:
                return False
            base = self.lexical_weight * lexical + (1 - self.lexical_weight) * names
            if base < self.plausible_floor:
                return False
        elif names < self.cross_plausible_floor:
            return False
        cosine = self.plausible_cosine if same_language else self.vector_ceiling
        best = self.combine(lexical, names, cosine, same_language) * decay
        return best >= self.threshold

    def combine(
        self,
        lexical: float,
        names: float,
        cosine: float | None,
        same_language: bool,
        same_script: bool = True,
    ) -> float:
        """One score from the features. Without an embedding, cross-language matches rest on
        names alone and are discounted. Across scripts names cannot match (only figures do),
        so the embedding may decide alone, on the lower scale of cosines between texts that
        share no tokens (``script_vector_floor`` to ``script_vector_ceiling``)."""
        if same_language:
            base = self.lexical_weight * lexical + (1 - self.lexical_weight) * names
            if cosine is None:
                return base
            return (1 - self.vector_weight) * base + self.vector_weight * self.vector_score(cosine)
        if cosine is None:
            return 0.5 * names
        cross = 0.5 * names + 0.5 * self.vector_score(cosine, self.cross_vector_floor)
        if same_script:
            return cross
        alone = self.vector_score(cosine, self.script_vector_floor, self.script_vector_ceiling)
        return max(cross, alone)
