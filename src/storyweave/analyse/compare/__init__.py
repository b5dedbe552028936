"""Coverage comparison: what every source of a story agrees on, adds, omits or contradicts.

:func:`compare` turns a story's articles into a :class:`~storyweave.models.Comparison`:

- **facts**: statements (sentences, and clauses of sentences with several claims) aligned
  across articles by shared wording, shared names and figures, and multilingual vectors the
  caller passes in; each fact has its best wording, every supporting article's evidence span,
  its independent origins, and the articles that omit it;
- **conflicts** between the versions of a fact (number, date, time, place, person,
  attribution), with both spans;
- **quotes** with their speakers, grouped across outlets, with the wording drift as a diff;
- **entities** normalised across the story; an extractive **summary** citing its spans, a
  neutral **headline**, and a **timeline** of what each article added.
"""

from storyweave.analyse.compare.align import (
    Aligner,
    Alignment,
    CombinedAligner,
    TfidfAligner,
    align,
)
from storyweave.analyse.compare.config import CompareConfig
from storyweave.analyse.compare.engine import ALGORITHM, compare
from storyweave.analyse.compare.entities import HeuristicTagger, SpacyTagger, tagger_for
from storyweave.analyse.compare.statements import split_statements, split_story

__all__ = [
    "ALGORITHM",
    "Aligner",
    "Alignment",
    "CombinedAligner",
    "CompareConfig",
    "HeuristicTagger",
    "SpacyTagger",
    "TfidfAligner",
    "align",
    "compare",
    "split_statements",
    "split_story",
    "tagger_for",
]
