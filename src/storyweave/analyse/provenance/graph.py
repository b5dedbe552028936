"""The provenance graph of one story: who relays whom, and how many independent origins.

Nodes are the story's articles and the outlets involved: each article's own outlet and every
outlet an article cites, including outlets absent from the input (Le Monde for the seeds).
Edges point from what derives to what it derives from:

- ``cites`` (article -> outlet): the article attributes statements to the outlet. A cite
  *relays* (explains the article) when it is a wire credit, sits in the lead (first three
  sentences), is repeated, is the first outlet cited under a headline crediting an unnamed
  report, or is named inside another relay's statement (``_relay``); a lone later mention
  is kept but explains nothing.
- ``copies`` / ``rewrites`` / ``translates`` (article -> article): text reuse.

Direction and ties, the documented rule:

1. An article derives from one published strictly earlier.
2. With equal or missing times, an article that attributes to the other's outlet derives
   from it (when the other does not attribute back); failing that, of a copy between a wire
   agency's article and another outlet's, the other outlet's derives; otherwise the edge is
   **undecided**.
3. Edges are added strongest evidence first (time-decided, then attribution-decided); an
   edge that would close a cycle (mutual citation, inconsistent evidence) is kept as
   undecided instead. A pair citing each other in the same evidence class is undecided both
   ways.
4. Undecided edges are oriented along one total order consistent with the decided edges
   (originals first; ties by publication time, undated last, then by id), so the whole graph
   is always a DAG. They never explain their source.

Self-citation (an article naming its own outlet) makes no edge. Origins are the nodes
nothing decided explains: articles with no explaining edge, and cited outlets whose relayed
report is not in the story. Independent origins count origins once per outlet, and once per
group joined by undecided edges (the origins behind both ends of an undecided edge share an
origin; which one is undecided).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from storyweave.analyse.provenance._relay import extra_relays
from storyweave.analyse.provenance.outlets import OutletRef
from storyweave.analyse.provenance.reuse import Reuse
from storyweave.analyse.provenance.when import Moment
from storyweave.models import (
    Article,
    Attribution,
    EdgeKind,
    ProvenanceEdge,
    ProvenanceGraph,
    ProvenanceNode,
    SourceKind,
)

ALGORITHM = "provenance-dag.v1"
LEAD_SENTENCES = 3
_RELAY_CUES = {"credit", "contributed"}


def _article_node(article_id: str) -> str:
    return f"article:{article_id}"


def _outlet_node(key: str) -> str:
    return f"outlet:{key}"


_Key = tuple[str, str, EdgeKind]


@dataclass
class _Candidate:
    source: str  # article id
    target: str  # article id
    kind: EdgeKind
    evidence: str
    score: float
    rank: int  # evidence class: 0 time, 1 attribution, 2 none
    reason: str


def build_graph(
    story_id: str,
    articles: Sequence[Article],
    attributions: Mapping[str, Sequence[Attribution]],
    reuse: Sequence[Reuse],
    own: Mapping[str, OutletRef | None],
    outlets: Mapping[str, OutletRef],
    lead_ends: Mapping[str, int] | None = None,
    moments: Mapping[str, Moment | None] | None = None,
) -> ProvenanceGraph:
    """The provenance DAG of one story (see the module docstring for every rule).

    ``own`` maps article id -> its outlet (None when unknown); ``outlets`` maps registry ids
    cited by attributions -> their references; ``lead_ends`` maps article id -> character
    offset where its lead (first sentences) ends; ``moments`` maps article id -> its
    publication moment (default: ``Article.published``, read as a date when at midnight).
    """
    when = dict(moments) if moments is not None else {a.id: _moment(a) for a in articles}
    nodes: dict[str, ProvenanceNode] = {}
    for article in articles:
        ref = own.get(article.id)
        if ref is not None:
            nodes.setdefault(_outlet_node(ref.key), _outlet(ref, True))
        nodes[_article_node(article.id)] = ProvenanceNode(
            id=_article_node(article.id), kind="article", label=article.title or article.id,
            outlet=_outlet_node(ref.key) if ref else None,
            published=_at(when.get(article.id)) or article.published,
        )  # fmt: skip
    published_by: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        ref = own.get(article.id)
        if ref is not None:
            published_by[ref.key].append(article.id)
    edges: list[ProvenanceEdge] = []
    candidates: list[_Candidate] = []
    labels = {key: ref.label for key, ref in outlets.items()}
    for article in articles:
        found = attributions.get(article.id, ())
        for key, cite in _cites(article, found, own, lead_ends, labels):
            ref = outlets.get(key) or OutletRef(key, key)
            nodes.setdefault(_outlet_node(key), _outlet(ref, key in published_by))
            edges.append(cite)
            if cite.relay:
                candidates.extend(_implied(article, key, published_by, when, cite))
    for item in reuse:
        candidates.append(_reuse_candidate(item, when, attributions, own))
    decided, undecided = _insert(candidates)
    order = _total_order(when, decided)
    edges.extend(_reuse_edges(reuse, decided, undecided, order))
    edges, covered = _settle_cites(edges, decided, undecided, published_by)
    return _summarise(story_id, nodes, edges, covered)


def _outlet(ref: OutletRef, in_input: bool) -> ProvenanceNode:
    return ProvenanceNode(
        id=_outlet_node(ref.key), kind="outlet", label=ref.label, in_input=in_input,
        agency=ref.agency,
    )  # fmt: skip


def _cites(
    article: Article,
    found: Sequence[Attribution],
    own: Mapping[str, OutletRef | None],
    lead_ends: Mapping[str, int] | None,
    labels: Mapping[str, str],
) -> list[tuple[str, ProvenanceEdge]]:
    """One cites edge per outlet the article attributes to (never its own outlet)."""
    ref = own.get(article.id)
    grouped: dict[str, list[Attribution]] = defaultdict(list)
    for item in found:
        if item.outlet is None or item.self_reference or (ref and item.outlet == ref.key):
            continue
        if item.kind in (SourceKind.OUTLET, SourceKind.DOCUMENT):
            grouped[item.outlet].append(item)
    lead = (lead_ends or {}).get(article.id, 0)
    reasons: dict[str, str] = {}
    for key, items in grouped.items():
        if any(i.cue in _RELAY_CUES for i in items):
            reasons[key] = "wire credit"
        elif any(i.start < lead for i in items if i.kind is SourceKind.OUTLET):
            reasons[key] = "in the lead"
        elif len(items) >= 2:
            reasons[key] = f"{len(items)} statements"
    reasons.update(extra_relays(article, grouped, list(reasons), labels))
    out: list[tuple[str, ProvenanceEdge]] = []
    for key, items in grouped.items():
        relay = key in reasons
        why = reasons.get(key, "a mention, after the lead")
        quoted = " ".join(article.text[items[0].start : items[0].end].split())
        evidence = f"«{quoted}»" + (f" and {len(items) - 1} more" if len(items) > 1 else "")
        out.append((key, ProvenanceEdge(
            source=_article_node(article.id), target=_outlet_node(key), kind=EdgeKind.CITES,
            evidence=evidence, score=float(len(items)), relay=relay, reason=why,
        )))  # fmt: skip
    return out


def _implied(
    article: Article,
    key: str,
    published_by: Mapping[str, Sequence[str]],
    when: Mapping[str, Moment | None],
    cite: ProvenanceEdge,
) -> list[_Candidate]:
    """A relay of an outlet present in the story: derivation from its articles (not later)."""
    out = []
    for other_id in published_by.get(key, ()):
        if other_id == article.id:
            continue
        rank = _time_rank(when.get(article.id), when.get(other_id))
        if rank is None:
            continue  # the other is later: the relayed report is not in the story
        out.append(_Candidate(
            article.id, other_id, EdgeKind.CITES, cite.evidence, cite.score, rank,
            "published earlier" if rank == 0 else "cites its outlet",
        ))  # fmt: skip
    return out


def _at(moment: Moment | None) -> datetime | None:
    return moment.at if moment is not None else None


def _moment(article: Article) -> Moment | None:
    """``Article.published`` as a moment; exactly midnight is taken as a date only."""
    when = article.published
    if when is None:
        return None
    when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    return Moment(when, (when.hour, when.minute, when.second) != (0, 0, 0))


def _time_rank(derived: Moment | None, original: Moment | None) -> int | None:
    """0 when ``original`` is known to be earlier, 1 when the order is unknown (no time,
    same instant, same day without times), None when it is known to be later."""
    if derived is None or original is None:
        return 1
    earlier = original.before(derived)
    if earlier is None:
        return 1
    return 0 if earlier else None


def _reuse_candidate(
    item: Reuse,
    when: Mapping[str, Moment | None],
    attributions: Mapping[str, Sequence[Attribution]],
    own: Mapping[str, OutletRef | None],
) -> _Candidate:
    a, b = item.a, item.b
    evidence = _reuse_evidence(item)
    if _time_rank(when.get(a), when.get(b)) == 0:
        return _Candidate(a, b, item.kind, evidence, item.containment, 0, "published later")
    if _time_rank(when.get(b), when.get(a)) == 0:
        return _Candidate(b, a, item.kind, evidence, item.containment, 0, "published later")
    a_cites_b = _attributes_to(attributions.get(a, ()), own.get(b))
    b_cites_a = _attributes_to(attributions.get(b, ()), own.get(a))
    if a_cites_b != b_cites_a:
        source, target = (a, b) if a_cites_b else (b, a)
        return _Candidate(source, target, item.kind, evidence, item.containment, 1,
                          "same or no time; cites the other's outlet")  # fmt: skip
    a_wire, b_wire = _is_agency(own.get(a)), _is_agency(own.get(b))
    if a_wire != b_wire:
        source, target = (b, a) if a_wire else (a, b)
        return _Candidate(source, target, item.kind, evidence, item.containment, 1,
                          "same or no time; the other is a wire agency")  # fmt: skip
    return _Candidate(a, b, item.kind, evidence, item.containment, 2,
                      "undecided: same or no time and no attribution either way")  # fmt: skip


def _is_agency(ref: OutletRef | None) -> bool:
    return ref is not None and ref.agency


def _attributes_to(found: Sequence[Attribution], ref: OutletRef | None) -> bool:
    return ref is not None and any(i.outlet == ref.key and not i.self_reference for i in found)


def _reuse_evidence(item: Reuse) -> str:
    text = f"{item.containment:.0%} of the shorter text shared"
    if item.kind is EdgeKind.TRANSLATES:
        return f"translation (vector similarity {item.containment:.2f})"
    if item.passages:
        longest = item.passages[0]
        text += f"; {len(item.passages)} passages, longest {longest.words} words"
        text += f": «{item.excerpt}»" if item.excerpt else ""
    return text


def _insert(
    candidates: Sequence[_Candidate],
) -> tuple[dict[_Key, _Candidate], dict[_Key, _Candidate]]:
    """Add candidate article->article edges strongest first, refusing any that closes a
    cycle; mutual pairs of one evidence class are undecided both ways."""
    decided: dict[_Key, _Candidate] = {}
    undecided: dict[_Key, _Candidate] = {}
    adjacency: dict[str, set[str]] = defaultdict(set)
    pairs = {(c.source, c.target, c.rank) for c in candidates}
    ordered = sorted(candidates, key=lambda c: (c.rank, -c.score, c.source, c.target, c.kind))
    for item in ordered:
        key = (item.source, item.target, item.kind)
        if key in decided or key in undecided:
            continue
        mutual = (item.target, item.source, item.rank) in pairs and item.rank > 0
        # Time-decided edges (rank 0) all point to a strictly earlier instant: they cannot
        # close a cycle among themselves, and they are added before any other edge.
        if (
            item.rank >= 2
            or mutual
            or (item.rank > 0 and _reaches(adjacency, item.target, item.source))
        ):
            undecided[key] = item
            continue
        decided[key] = item
        adjacency[item.source].add(item.target)
    linked = {(k[0], k[1]) for k in decided} | {(k[1], k[0]) for k in decided}
    for key in [k for k in undecided if k[2] is EdgeKind.CITES and (k[0], k[1]) in linked]:
        del undecided[key]  # a decided edge already says how the pair is related
    return decided, undecided


def _reaches(adjacency: Mapping[str, Iterable[str]], start: str, goal: str) -> bool:
    return goal in _reachable(start, adjacency)


def _reachable(start: str, adjacency: Mapping[str, Iterable[str]]) -> set[str]:
    """Every node reachable from ``start`` (itself included) along ``adjacency``."""
    seen, stack = {start}, [start]
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _total_order(
    when: Mapping[str, Moment | None], decided: Mapping[_Key, _Candidate]
) -> dict[str, int]:
    """Article id -> rank, originals first, consistent with every decided edge; ties by
    publication time (undated last), then id."""
    remaining_out: dict[str, int] = {a: 0 for a in when}
    derived_from: dict[str, list[str]] = defaultdict(list)
    for source, target in {(k[0], k[1]) for k in decided}:
        remaining_out[source] += 1
        derived_from[target].append(source)

    def key(article_id: str) -> tuple[int, float, str]:
        moment = when.get(article_id)
        return (0, moment.at.timestamp(), article_id) if moment else (1, 0.0, article_id)

    ready = sorted((a for a, n in remaining_out.items() if n == 0), key=key)
    order: dict[str, int] = {}
    while ready:
        node = ready.pop(0)
        order[node] = len(order)
        for child in derived_from[node]:
            remaining_out[child] -= 1
            if remaining_out[child] == 0:
                ready.append(child)
        ready.sort(key=key)
    return order


def _reuse_edges(
    reuse: Sequence[Reuse],
    decided: Mapping[_Key, _Candidate],
    undecided: Mapping[_Key, _Candidate],
    order: Mapping[str, int],
) -> list[ProvenanceEdge]:
    out = []
    for item in reuse:
        for key in ((item.a, item.b, item.kind), (item.b, item.a, item.kind)):
            if key in decided:
                found, ok = decided[key], True
                break
        else:
            key = (item.a, item.b, item.kind)
            found = undecided.get(key) or undecided[(item.b, item.a, item.kind)]
            ok = False
        source, target = found.source, found.target
        if not ok and order[source] < order[target]:
            source, target = target, source  # the documented tie-break: later derives
        out.append(ProvenanceEdge(
            source=_article_node(source), target=_article_node(target), kind=item.kind,
            evidence=found.evidence, score=item.containment, decided=ok, reason=found.reason,
        ))  # fmt: skip
    return out


def _settle_cites(
    edges: list[ProvenanceEdge],
    decided: Mapping[_Key, _Candidate],
    undecided: Mapping[_Key, _Candidate],
    published_by: Mapping[str, Sequence[str]],
) -> tuple[list[ProvenanceEdge], set[tuple[str, str]]]:
    """Settle relays of outlets present in the story.

    A relay is undecided when every derivation it implies was refused (a citation cycle).
    Returns the edges and the (article, outlet) relays whose report is in the story (so the
    outlet itself is no separate origin).
    """
    implied_ok = {(k[0], k[1]) for k in decided if k[2] is EdgeKind.CITES}
    implied_no = {(k[0], k[1]) for k in undecided if k[2] is EdgeKind.CITES}
    covered: set[tuple[str, str]] = set()
    out = []
    for edge in edges:
        if edge.kind is EdgeKind.CITES and edge.relay:
            source = edge.source.removeprefix("article:")
            theirs = set(published_by.get(edge.target.removeprefix("outlet:"), ()))
            accepted = {t for s, t in implied_ok if s == source and t in theirs}
            refused = {t for s, t in implied_no if s == source and t in theirs}
            if accepted:
                covered.add((edge.source, edge.target))
            elif refused and edge.reason != "wire credit":
                edge = ProvenanceEdge(
                    source=edge.source, target=edge.target, kind=edge.kind,
                    evidence=edge.evidence, score=edge.score, decided=False, relay=edge.relay,
                    reason=f"undecided: {edge.reason}, but the outlet's article relays back",
                )  # fmt: skip
        out.append(edge)
    return out, covered


def _summarise(
    story_id: str,
    nodes: Mapping[str, ProvenanceNode],
    edges: Sequence[ProvenanceEdge],
    covered: set[tuple[str, str]],
) -> ProvenanceGraph:
    explains = _explains(edges)
    origins = [
        n.id for n in nodes.values() if n.kind == "article" and not explains.get(n.id)
    ] + sorted({
        e.target for e in edges
        if e.kind is EdgeKind.CITES and e.decided and e.relay
        and (e.source, e.target) not in covered
    })  # fmt: skip
    origin_set = set(origins)
    groups = _origin_groups(nodes, edges, origins, explains)
    independent = len({groups.find(o) for o in origins})
    wire = sum(
        node.kind == "article" and node.id not in origin_set
        and _reaches_agency(node.id, explains, nodes, origin_set)
        for node in nodes.values()
    )  # fmt: skip
    return ProvenanceGraph(
        story_id=story_id,
        algorithm=ALGORITHM,
        nodes=tuple(sorted(nodes.values(), key=lambda n: (n.kind, n.id))),
        edges=tuple(edges),
        origins=tuple(origins),
        independent_origins=independent,
        wire_copies=wire,
        undecided=sum(not e.decided for e in edges),
    )


def origin_of(graph: ProvenanceGraph) -> dict[str, str]:
    """Article id -> the key of the independent origin it derives from, for counting how many
    independent origins support a statement (two relays of one Le Monde piece share a key).

    An article that derives from several origins takes the smallest key of theirs; one that
    reaches no origin through decided edges takes that of the origins its undecided edges
    lead to (which one is open, that it is not independent is not), else its own.
    """
    nodes = {n.id: n for n in graph.nodes}
    explains = _explains(graph.edges)
    anyway: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        anyway[edge.source].append(edge.target)
    groups = _origin_groups(nodes, graph.edges, graph.origins, explains)
    origin_set = set(graph.origins)
    found: dict[str, str] = {}
    for node in graph.nodes:
        if node.kind != "article":
            continue
        reached = (
            _origins_of(node.id, explains, origin_set)
            or _origins_of(node.id, anyway, origin_set)
            or {node.id}
        )
        found[node.id.removeprefix("article:")] = min(groups.find(o) for o in reached)
    return found


def _explains(edges: Sequence[ProvenanceEdge]) -> dict[str, list[str]]:
    """Node -> the nodes it derives from through edges that explain it (decided ones, and
    ``cites`` only when it is a relay)."""
    explains: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.decided and (edge.kind is not EdgeKind.CITES or edge.relay):
            explains[edge.source].append(edge.target)
    return explains


def _origin_groups(
    nodes: Mapping[str, ProvenanceNode],
    edges: Sequence[ProvenanceEdge],
    origins: Sequence[str],
    explains: Mapping[str, Sequence[str]],
) -> _Groups:
    """Origins grouped into independent ones: by outlet, and across undecided edges."""
    origin_set = set(origins)
    groups = _Groups()
    for node_id in origins:
        node = nodes[node_id]
        groups.join(node_id, node.outlet or node_id)
    for edge in edges:  # an undecided edge: both ends share an origin, which one is open
        if not edge.decided:
            groups.join(edge.source, edge.target)
            ends = _origins_of(edge.source, explains, origin_set)
            ends |= _origins_of(edge.target, explains, origin_set)
            for other in ends:
                groups.join(min(ends), other)
    return groups


def _origins_of(start: str, explains: Mapping[str, Sequence[str]], origins: set[str]) -> set[str]:
    """The origins a node derives from through decided edges (itself if it is one)."""
    return _reachable(start, explains) & origins


def _reaches_agency(
    start: str,
    explains: Mapping[str, Sequence[str]],
    nodes: Mapping[str, ProvenanceNode],
    origins: set[str],
) -> bool:
    """Whether ``start`` derives from a wire agency: an agency outlet, or an origin article
    an agency published."""
    for node_id in _reachable(start, explains) - {start}:
        node = nodes.get(node_id)
        if node is None:
            continue
        if node.kind == "outlet" and node.agency:
            return True
        outlet = nodes.get(node.outlet) if node.outlet else None
        if node_id in origins and outlet is not None and outlet.agency:
            return True
    return False


class _Groups:
    """Union-find over node ids (origins that share an outlet or an undecided edge)."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self._parent.setdefault(item, item)
        while parent != self._parent[parent]:
            parent = self._parent[parent]
        self._parent[item] = parent
        return parent

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)
