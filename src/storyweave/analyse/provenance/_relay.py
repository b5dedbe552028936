"""Relays beyond credits, the lead and repetition: the outlet behind a headline's unnamed
report, and an outlet named inside a relayed outlet's statement.

- A headline (the title, or the text's first sentence) crediting an unnamed report
  ("Report: ...", "..., report says", "Reports: ...") takes its story from the first outlet
  the article attributes to: that outlet relays.
- A relayed statement naming another outlet the article also attributes to ("Yonhap reports
  that the Korean Central News Agency published ...") relays that outlet too: the report
  passed through both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from storyweave.analyse.provenance._tokens import sentence_spans
from storyweave.analyse.provenance.outlets import normalise_name
from storyweave.models import Article, Attribution, SourceKind

_HEADLINE_REPORT = re.compile(
    r"^\W*(?:new\s+|media\s+)?reports?\s*:|"
    r"[,:;]\s+(?:a\s+|new\s+|media\s+)?reports?\s+(?:says?|finds?|shows?|claims?|suggests?)\b",
    re.I,
)
#: Prepositional cues that credit a report ("according to X", "selon X").
_REPORT_PREPOSITIONS = frozenset({"according-to", "selon", "laut", "segun", "za-danymy"})
#: Verbs with which an outlet reports (not "tweeted", not "said" on air).
_REPORT_VERBS = frozenset(
    "reported reports report writes wrote revealed reveals published publishes rapporte écrit"
    " berichtet berichtete schreibt informó publicó повідомляє пише сообщает пишет".split()
)
HEADLINE = "the source of the headline's report"
CHAINED = "named in a relayed statement"


def headline_credits_a_report(article: Article) -> bool:
    """Whether the title or the first sentence credits an unnamed report."""
    spans = sentence_spans(article.text)
    first = article.text[spans[0][0] : spans[0][1]] if spans else ""
    return any(_HEADLINE_REPORT.search(line) for line in (article.title or "", first))


def extra_relays(
    article: Article,
    grouped: Mapping[str, Sequence[Attribution]],
    relayed: Iterable[str],
    labels: Mapping[str, str],
) -> dict[str, str]:
    """Outlet key -> reason for the relays these two rules add (``grouped``: the article's
    statements per cited outlet; ``relayed``: outlets already relays by the other rules)."""
    found: dict[str, str] = {}
    if headline_credits_a_report(article):
        speaking = [
            (item.start, key)
            for key, items in grouped.items()
            for item in items
            if item.kind is SourceKind.OUTLET and _reports(article.text, item)
        ]
        if speaking:
            found[min(speaking)[1]] = HEADLINE
    chains = set(relayed) | set(found)
    spans = sentence_spans(article.text)
    for key in sorted(chains):
        for item in grouped.get(key, ()):
            if item.kind is not SourceKind.OUTLET:
                continue
            sentence = next((s for s in spans if s[0] <= item.start < s[1]), None)
            if sentence is None:
                continue
            after = article.text[item.source_end : sentence[1]]
            for other, items in grouped.items():
                if (
                    other in chains
                    or other in found
                    or not any(_reports(article.text, i) for i in items)
                ):
                    continue  # "in an interview with the BBC": a venue, not a source
                names = {labels.get(other, "")} | {normalise_name(i.source) for i in items}
                if any(len(n) > 1 and re.search(rf"\b{re.escape(n)}\b", after) for n in names):
                    found[other] = CHAINED
    return found


def _reports(text: str, item: Attribution) -> bool:
    """Whether a statement credits an outlet's report ("X reported", "according to X", "the
    X report"), not an interview it hosted or a post."""
    if item.cue in _REPORT_PREPOSITIONS:
        return True
    words = text[item.source_start : item.end].lower().split()
    return item.cue == "verb" and bool(words) and words[-1] in _REPORT_VERBS
