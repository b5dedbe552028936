"""The comparison's parameters, validated at construction (messages state the fix)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompareConfig:
    """Tunables of the comparison; the defaults are the shipped, measured configuration.

    Time and memory are bounded by ``max_statements``: the aligner holds a dense similarity
    matrix of at most ``max_statements``² floats (2,000² = 16 MB) and embeds at most that many
    statements once (cached afterwards). An article contributes at most
    ``max_statements_per_article`` statements, its first ones (news puts the claims first).
    """

    max_statements_per_article: int = 300
    max_statements: int = 2000
    align_threshold: float = 0.5  # minimum combined similarity for two statements to align
    conflict_threshold: float = 0.55  # aligned pairs this close are checked for conflicts
    summary_sentences: int = 5

    def __post_init__(self) -> None:
        if self.max_statements_per_article < 1:
            raise ValueError(
                f"max_statements_per_article must be >= 1; got {self.max_statements_per_article}"
            )
        if self.max_statements < self.max_statements_per_article:
            raise ValueError(
                "max_statements must be >= max_statements_per_article; "
                f"got {self.max_statements} < {self.max_statements_per_article}"
            )
        for name in ("align_threshold", "conflict_threshold"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]; got {value}")
        if self.summary_sentences < 1:
            raise ValueError(f"summary_sentences must be >= 1; got {self.summary_sentences}")
