"""The online story clusterer: every article joins the story it reports, or starts one.

One pass, in arrival order. For each article:

1. *retrieve* candidate stories that share rare terms or names with it (inverted indexes), and
   when it has an embedding, the stories nearest to it in embedding space;
2. *score* each candidate: TF-IDF cosine to the story's term centroid (``lexical``), weighted
   overlap of names and numbers (``names``), embedding cosine to the story's centroid
   (``vector``), multiplied by a time decay (``decay``);
3. *decide*: the best candidate at or above ``threshold`` wins, else the article starts a new
   story; other candidates that also clear ``merge_threshold`` and resemble the winner (with
   the time between the two stories decaying the resemblance as it decays a score) are
   merged into it (the older story's id survives; the merge is recorded);
4. *look again*: a single-article story is watched for ``second_look_decisions`` decisions
   by the stories that came within ``second_look_floor`` of it; when one of those grows, the
   founder is scored against it again and merged with it if it now clears the threshold (a
   story's first reports often miss it only because it was still one article: on ECB+ and
   NewsWCL50 most of the lost recall).

Embeddings are a cascade, asked only when they can change the decision (see
:meth:`ClusterConfig.plausible`); a story founded without the model gets its founder's lead
embedded when a decision first needs its vector. Stories idle for over ``window_days`` leave
the indexes, which bounds memory by the time window, not the stream length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.features import Features
from storyweave.cluster.postings import Postings
from storyweave.cluster.profile import (
    Profile,
    Statistics,
    Vector,
    Weighted,
    all_terms,
    lexical,
    shared_names,
    span_gap_days,
    time_gap_days,
)
from storyweave.cluster.vectorise import Vectoriser
from storyweave.models import Assignment, Candidate
from storyweave.text import content_hash

ALGORITHM = "online-story.v4"  # v2: second looks; v3: time in copies, merges; v4: scripts


#: How far ahead of the present a publication time may be and still move the stream's clock
#: (time zones and clock skew): later ones are bad input and leave the clock where it is.
FUTURE_SLACK = timedelta(days=1)


def story_id_for(article_id: str) -> str:
    """A story's id derives from its founding article: stable across re-runs."""
    return "s" + content_hash("story", article_id, length=12)


@dataclass(frozen=True)
class _Scored:
    profile: Profile
    score: float
    features: dict[str, float]
    plausible: bool  # the evidence without embeddings makes it worth asking the model


@dataclass
class _Decision:
    """What one decision computes once and reuses across its scoring passes."""

    features: Features
    weighted: Weighted
    evidence: dict[str, dict[str, float]]  # story id -> lexical, names, decay, same_language


class OnlineClusterer:
    """Assign articles to stories one at a time (``assign``) or a batch at once (``partial_fit``).

    Fitted state lives in trailing-underscore attributes: ``stories_`` (id -> Profile),
    ``merged_`` (absorbed id -> surviving id), ``vectors_`` (article id -> embedding computed
    here, for the caller to persist), ``stats_`` (online document frequencies).
    """

    def __init__(self, config: ClusterConfig | None = None, vectoriser: Vectoriser | None = None):
        self.config = config or ClusterConfig()
        self.vectoriser = vectoriser
        self.stories_: dict[str, Profile] = {}
        self.merged_: dict[str, str] = {}
        self.vectors_: dict[str, Vector] = {}
        self.stats_ = Statistics()
        self._postings = Postings()
        self._story_of: dict[str, str] = {}  # article id -> story id, for live stories
        self._live_scripts: Counter[str] = Counter()  # live articles per script
        self._seq = 0
        self._newest: datetime | None = None
        # second looks: young single-article stories (id -> founder, last decision of its
        # second looks; in founding order) and, per story, the young ones found near it
        self._young: dict[str, tuple[Features, int]] = {}
        self._watchers: dict[str, set[str]] = {}

    # --- public API ----------------------------------------------------------------------

    def partial_fit(
        self,
        batch: Sequence[Features],
        vectors: Mapping[str, Vector] | None = None,
        duplicates: Mapping[str, tuple[str, float]] | None = None,
    ) -> list[Assignment]:
        """Assign each article of ``batch`` in order. ``vectors`` are embeddings already
        known; ``duplicates`` maps an article to an earlier one it copies (id, similarity in
        [0, 1], from the dedup stage): a copy at or above ``follow_duplicates`` joins its
        original's story without being scored or embedded (a near copy only when published
        within ``grace_days`` of that story)."""
        known = dict(vectors or {})
        copies = dict(duplicates or {})
        assignments: list[Assignment] = []
        step = self.config.embed_ahead
        for start in range(0, len(batch), step):
            run = batch[start : start + step]
            self._embed_ahead([f for f in run if self._original(f, copies) is None], known)
            assignments.extend(self._assign(f, known, copies) for f in run)
        return assignments

    def assign(self, features: Features, vector: Vector | None = None) -> Assignment:
        """Assign one article (its embedding may be given, else computed when needed)."""
        known = {features.article_id: vector} if vector is not None else {}
        return self._assign(features, known, {})

    def restore(
        self,
        story_id: str,
        seq: int,
        headline: str,
        members: Sequence[tuple[Features, Vector | None]],
    ) -> None:
        """Rebuild a stored story's profile (at start-up) without re-deciding anything."""
        lead = members[0][0].lead if members else ""
        profile = self.stories_.setdefault(
            story_id, Profile(id=story_id, seq=seq, headline=headline, lead=lead)
        )
        for features, vector in members:
            self.stats_.add(features)
            self._postings.add(story_id, features.terms, features.names)
            self._postings.drop_terms(story_id, profile.add(features, vector, seq))
            self._story_of[features.article_id] = story_id
            self._live_scripts[features.script] += 1
            if self._moves_clock(features.when):
                self._newest = features.when
        if profile.size == 1:  # expired ones go at the next decision
            self._young[story_id] = (members[0][0], seq + self.config.second_look_decisions)
        self._seq = max(self._seq, seq)

    def replay(self, seq: int, assignment: Assignment) -> None:
        """Note again what a stored decision found for second looks (at start-up, after
        :meth:`restore`, for the decisions of the last ``second_look_decisions``)."""
        if seq + self.config.second_look_decisions < self._seq:
            return
        new = assignment.new_story  # a story started keeps its founder's id until merged
        story_id = story_id_for(assignment.article_id) if new else assignment.story_id
        self._note(story_id, new, [(c.story_id, c.score) for c in assignment.candidates])

    def start_after(self, seq: int) -> None:
        """Continue numbering decisions after ``seq`` (the last one stored)."""
        self._seq = max(self._seq, seq)

    @property
    def seq_(self) -> int:
        """The sequence number of the latest decision."""
        return self._seq

    @property
    def clock(self) -> datetime | None:
        """The stream's time: the newest publication time seen (see ``_advance_clock``)."""
        return self._newest

    @property
    def threshold(self) -> float:
        """The joining threshold in force: lower when there is no embedding model."""
        config = self.config
        return config.threshold if self.vectoriser is not None else config.lexical_only_threshold

    def resolve(self, story_id: str) -> str:
        """The surviving id of a story that may have been merged (possibly several times)."""
        while story_id in self.merged_:
            story_id = self.merged_[story_id]
        return story_id

    def retire(self, now: datetime | None = None) -> list[str]:
        """Drop from memory the stories idle since before ``now - window_days`` and for the
        last ``min_idle_decisions`` decisions (an input mixing years, or dated and undated
        articles, must not retire a story still fed), those with no dated member idle for as
        long, and the least recently updated beyond ``max_active_stories``; returns their ids."""
        old: list[str] = []
        if now is not None:
            horizon = now - timedelta(days=self.config.window_days)
            idle_since = self._seq - self.config.min_idle_decisions
            old = [
                p.id
                for p in self.stories_.values()
                if p.last_seq <= idle_since and (p.last_seen is None or p.last_seen < horizon)
            ]
        excess = len(self.stories_) - len(old) - self.config.max_active_stories
        if excess > 0:
            keep_out = set(old)
            by_age = sorted(
                (p for p in self.stories_.values() if p.id not in keep_out),
                key=lambda p: p.last_seq,
            )
            old.extend(p.id for p in by_age[:excess])
        for story_id in old:
            profile = self.stories_.pop(story_id)
            self._live_scripts.subtract(profile.scripts)
            self._unindex(profile)
            self._young.pop(story_id, None)
            self._watchers.pop(story_id, None)
            for member in profile.members:
                self._story_of.pop(member, None)
        return old

    # --- one article ---------------------------------------------------------------------

    def _original(
        self, features: Features, copies: Mapping[str, tuple[str, float]]
    ) -> tuple[Profile, float] | None:
        """The live story of the earlier article this one copies: an exact copy at any time, a
        near copy only within ``grace_days`` of the story (else it is scored like any article:
        a recurring templated report is another event, a syndicated copy comes within hours)."""
        found = copies.get(features.article_id)
        if found is None or found[1] < self.config.follow_duplicates:
            return None
        story_id = self._story_of.get(found[0])
        profile = self.stories_.get(self.resolve(story_id)) if story_id else None
        if profile is None:
            return None
        if found[1] < 1.0:  # a near copy: only when close to the story in time
            gap = time_gap_days(features.when, profile)
            if gap is not None and gap > self.config.grace_days:
                return None
        return profile, found[1]

    def _assign(
        self,
        features: Features,
        known: dict[str, Vector],
        copies: Mapping[str, tuple[str, float]],
    ) -> Assignment:
        self._seq += 1
        self.stats_.add(features)
        self._advance_clock(features)  # a story gone from the window is no candidate
        vector = known.get(features.article_id)
        original = self._original(features, copies)
        if original is not None:
            return self._follow(features, vector, *original)
        decision = self._decision(features)
        scored = self._score_all(decision, vector, self._retrieve(features, vector))
        embedded = features.article_id in self.vectors_
        if self.vectoriser is not None and (
            vector is not None or self._needs_vector(features, scored)
        ):
            bare = self._bare(features, scored)
            if vector is None or bare:
                embedded = embedded or vector is None
                vector = self._embed(features, vector, bare)
                scored = self._score_all(decision, vector, self._retrieve(features, vector))
        scored.sort(key=lambda s: (-s.score, s.profile.seq))
        bar = self._bar(vector is not None)
        best = scored[0] if scored and scored[0].score >= bar else None
        merged: list[str] = []
        if best is None:
            profile = self._new_story(features)
        else:
            profile, merged = self._merge(best.profile, scored[1:])
        self._add(profile, features, vector)
        self._watch(profile, features, scored, new=best is None)
        if best is not None:
            profile = self._second_looks(profile, merged)
        return Assignment(
            article_id=features.article_id,
            story_id=profile.id,
            score=round(best.score, 4) if best else 0.0,
            new_story=best is None,
            algorithm=ALGORITHM,
            candidates=tuple(
                Candidate(s.profile.id, round(s.score, 4), s.features)
                for s in scored[: self.config.explain_candidates]
            ),
            merged=tuple(merged),
            embedded=embedded,
            threshold=bar,
        )

    def _follow(
        self, features: Features, vector: Vector | None, profile: Profile, similarity: float
    ) -> Assignment:
        self._add(profile, features, vector)
        evidence = Candidate(profile.id, round(similarity, 4), {"duplicate": round(similarity, 4)})
        return Assignment(
            article_id=features.article_id,
            story_id=profile.id,
            score=evidence.score,
            new_story=False,
            algorithm=ALGORITHM,
            candidates=(evidence,),
            threshold=self.config.follow_duplicates,  # a copy is held to its similarity bar
        )

    def _add(self, profile: Profile, features: Features, vector: Vector | None) -> None:
        self._young.pop(profile.id, None)  # no longer a single-article story
        self._postings.add(profile.id, features.terms, features.names)
        self._postings.drop_terms(profile.id, profile.add(features, vector, self._seq))
        self._story_of[features.article_id] = profile.id
        self._live_scripts[features.script] += 1
        if len(self.stories_) > self.config.max_active_stories:
            self.retire(self._newest)

    def _bar(self, vector_used: bool) -> float:
        """The threshold a score is held to (the lexical-only one for a score made without a
        vector when the model is asked about matches across languages only)."""
        lexical_only = not (vector_used or self.config.embed_same_language)
        return self.config.lexical_only_threshold if lexical_only else self.threshold

    def _needs_vector(self, features: Features, scored: Iterable[_Scored]) -> bool:
        """Whether the model can change this decision: no same-language match clears the
        threshold (by ``confident_margin``) on words and names, and either some candidate is
        plausible (on words, names and time), or live stories are in another script (where
        names cannot carry a match, only the model can find it). ``scored`` is read only up to
        the first such match."""
        confident = self.threshold + self.config.confident_margin
        plausible = False
        for candidate in scored:
            if candidate.score >= confident and candidate.features["same_language"]:
                return False
            plausible = plausible or candidate.plausible
        return plausible or self._other_script_live(features)

    def _needs_vector_now(self, features: Features) -> bool:
        """:meth:`_needs_vector` on the stories live now, scoring candidates only as far as
        the answer needs. When the model is asked about matches across languages only, and
        neither a candidate in another language is plausible nor another script live, no
        same-language score can make it need one: those (the costly lexical ones) are then
        not computed."""
        decision = self._decision(features)
        profiles = self._retrieve(features, None)
        if not self.config.embed_same_language and not self._other_script_live(features):
            others = (p for p in profiles if features.language not in p.languages)
            if not any(self._score(decision, None, p).plausible for p in others):
                return False
        return self._needs_vector(features, (self._score(decision, None, p) for p in profiles))

    def _bare(self, features: Features, scored: list[_Scored]) -> list[Profile]:
        """Stories without a vector whose founding lead the model reads with this article: the
        plausible candidates and, when other scripts are live, their stories (only vectors can
        retrieve those, and a story founded before the scripts mixed has none)."""
        bare = {s.profile.id: s.profile for s in scored if s.plausible}
        if self._other_script_live(features):
            bare.update(
                (p.id, p) for p in self.stories_.values() if features.script not in p.scripts
            )
        return [p for p in bare.values() if p.vector_sum is None]

    def _other_script_live(self, features: Features) -> bool:
        return any(n > 0 for script, n in self._live_scripts.items() if script != features.script)

    def _embed(self, features: Features, vector: Vector | None, bare: list[Profile]) -> Vector:
        """Embed the article (unless ``vector`` is known), and with it the founding lead of
        each story in ``bare`` (decided without the model, it has no embedding to compare)."""
        assert self.vectoriser is not None
        texts = [p.lead for p in bare]
        if vector is None:
            texts.insert(0, features.lead)
        matrix = self.vectoriser.encode(texts)
        rows = iter(matrix)
        if vector is None:
            vector = next(rows)
            self.vectors_[features.article_id] = vector
        for profile, row in zip(bare, rows, strict=True):
            profile.add_vector(row)
            self.vectors_[profile.members[0]] = row
        return vector

    def _embed_ahead(self, batch: Sequence[Features], known: dict[str, Vector]) -> None:
        """Batch-embed the articles that will surely need it (no match clears the threshold on
        words and names right now)."""
        if self.vectoriser is None:
            return
        needed = [f for f in batch if f.article_id not in known and self._needs_vector_now(f)]
        if needed:
            matrix = self.vectoriser.encode([f.lead for f in needed])
            for features, row in zip(needed, matrix, strict=True):
                known[features.article_id] = row
                self.vectors_[features.article_id] = row

    def _new_story(self, features: Features) -> Profile:
        story_id = story_id_for(features.article_id)
        profile = Profile(
            id=story_id, seq=self._seq, headline=features.headline, lead=features.lead
        )
        self.stories_[story_id] = profile
        return profile

    def _moves_clock(self, when: datetime | None) -> bool:
        """Whether ``when`` is newer than the clock and not still to come."""
        newest = self._newest
        return (
            when is not None
            and (newest is None or when > newest)
            and when <= datetime.now(UTC) + FUTURE_SLACK
        )

    def _advance_clock(self, features: Features) -> None:
        """Move the stream's clock to the newest publication time seen, unless that time is
        still to come (beyond :data:`FUTURE_SLACK` from now): a single article dated "2099"
        would otherwise retire every story and stop the window from ever moving again."""
        if self._moves_clock(features.when):
            self._newest = features.when
            self.retire(self._newest)

    # --- retrieval -------------------------------------------------------------------------

    def _retrieve(self, features: Features, vector: Vector | None) -> list[Profile]:
        config = self.config
        rare = config.max_posting_share * len(self.stories_)
        votes = self._postings.votes(features, self.stats_, rare)
        chosen = sorted(votes, key=lambda s: (-votes[s], s))[: config.max_candidates]
        if vector is not None:
            chosen.extend(self._nearest(vector, set(chosen)))
        return [self.stories_[s] for s in chosen if s in self.stories_]

    def _nearest(self, vector: Vector, exclude: set[str]) -> list[str]:
        with_vectors = [p for p in self.stories_.values() if p.vector_sum is not None]
        if not with_vectors:
            return []
        matrix = np.vstack([p.vector_sum for p in with_vectors])  # type: ignore[misc]
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        sims = (matrix @ vector) / norms
        order = np.argsort(-sims)[: self.config.max_vector_candidates]
        return [with_vectors[i].id for i in order if with_vectors[i].id not in exclude]

    def _unindex(self, profile: Profile) -> None:
        self._postings.drop_story(profile.id, all_terms(profile), set(profile.names))

    # --- scoring ---------------------------------------------------------------------------

    def _decision(self, features: Features) -> _Decision:
        weighted = Weighted.of(features.language, features.terms, self.stats_, features.names)
        return _Decision(features, weighted, {})

    def _score_all(
        self, decision: _Decision, vector: Vector | None, profiles: list[Profile]
    ) -> list[_Scored]:
        return [self._score(decision, vector, p) for p in profiles]

    def _evidence(self, decision: _Decision, profile: Profile) -> dict[str, float]:
        """Lexical, name and time evidence for one candidate (computed once per decision)."""
        found = decision.evidence.get(profile.id)
        if found is not None:
            return found
        features = decision.features
        same = features.language in profile.languages
        lex = lexical(decision.weighted, profile, self.stats_) if same else 0.0
        names = shared_names(decision.weighted, profile, self.stats_)
        decay = self.config.decay(time_gap_days(features.when, profile))
        found = {"lexical": lex, "names": names, "decay": decay, "same_language": float(same),
                 "same_script": float(features.script in profile.scripts)}  # fmt: skip
        decision.evidence[profile.id] = found
        return found

    def _score(self, decision: _Decision, vector: Vector | None, profile: Profile) -> _Scored:
        parts = dict(self._evidence(decision, profile))
        same = bool(parts["same_language"])
        lex, names = parts["lexical"], parts["names"]
        centroid = profile.centroid() if vector is not None else None
        cosine = float(centroid @ vector) if centroid is not None and vector is not None else None
        score = self.config.combine(lex, names, cosine, same, bool(parts["same_script"]))
        plausible = self.config.plausible(lex, names, same, parts["decay"])
        if cosine is not None:
            parts["vector"] = cosine
        rounded = {k: round(v, 4) for k, v in parts.items()}
        return _Scored(profile, score * parts["decay"], rounded, plausible)

    # --- merges ----------------------------------------------------------------------------

    def _merge(self, winner: Profile, others: list[_Scored]) -> tuple[Profile, list[str]]:
        """Fold into ``winner`` the other candidates that clear ``merge_threshold`` and resemble
        it as stories; the older story's id survives. Returns the survivor and the absorbed ids.
        """
        survivor = winner
        merged: list[str] = []
        for other in others:
            candidate = other.profile
            if (
                other.score < self.config.merge_threshold
                or candidate is survivor
                or candidate.id not in self.stories_
                or self._story_similarity(survivor, candidate) < self.config.merge_threshold
            ):
                continue
            survivor = self._fold(survivor, candidate, merged)
        return survivor, merged

    def _fold(self, a: Profile, b: Profile, merged: list[str]) -> Profile:
        """Merge two live stories; the older id survives (appended to ``merged`` is the other)."""
        keep, gone = sorted((a, b), key=lambda p: p.seq)
        self._unindex(gone)
        del self.stories_[gone.id]
        dropped = keep.absorb(gone)
        self._postings.add(keep.id, all_terms(gone), gone.names)
        self._postings.drop_terms(keep.id, dropped)
        self.merged_[gone.id] = keep.id
        merged.append(gone.id)
        for story_id in (keep.id, gone.id):  # neither is a single-article story any more
            self._young.pop(story_id, None)
        watchers = self._watchers.pop(gone.id, set()) | self._watchers.get(keep.id, set())
        watchers -= {keep.id, gone.id}
        if watchers:
            self._watchers[keep.id] = watchers
        return keep

    # --- second looks ----------------------------------------------------------------------

    def _watch(
        self, profile: Profile, features: Features, scored: list[_Scored], new: bool
    ) -> None:
        """Note which young single-article stories this decision found near which story: a
        new story watches every candidate close enough; a young story among the candidates
        of an article that went elsewhere watches where it went."""
        while self._young:  # founding order: the oldest expire first
            oldest = next(iter(self._young))
            if self._young[oldest][1] >= self._seq:
                break
            del self._young[oldest]
        if new:
            self._young[profile.id] = (features, self._seq + self.config.second_look_decisions)
        shown = scored[: self.config.explain_candidates]  # what the explanation keeps
        self._note(profile.id, new, [(s.profile.id, s.score) for s in shown])

    def _note(self, story_id: str, new: bool, candidates: Sequence[tuple[str, float]]) -> None:
        if new and story_id not in self._young:
            return
        for candidate, score in candidates:
            if score < self.config.second_look_floor or candidate == story_id:
                continue
            if new and candidate in self.stories_:
                self._watchers.setdefault(candidate, set()).add(story_id)
            elif not new and candidate in self._young and story_id in self.stories_:
                self._watchers.setdefault(story_id, set()).add(candidate)

    def _second_looks(self, grown: Profile, merged: list[str]) -> Profile:
        """Score against ``grown`` (which has just taken an article) the young single-article
        stories watching it, oldest first; each whose founder now clears the threshold is
        merged with it (appended to ``merged``). Returns the surviving story."""
        watching = [w for w in self._watchers.get(grown.id, ()) if w in self._young]
        for story_id in sorted(watching, key=lambda w: self.stories_[w].seq):
            single, founder = self.stories_[story_id], self._young[story_id][0]
            look = self._score(self._decision(founder), single.centroid(), grown)
            if look.score >= self._bar("vector" in look.features):
                grown = self._fold(grown, single, merged)
        still = {w for w in self._watchers.pop(grown.id, ()) if w in self._young}
        if still:
            self._watchers[grown.id] = still
        return grown

    def _story_similarity(self, a: Profile, b: Profile) -> float:
        shared = [lang for lang in a.languages if lang in b.languages]
        same = bool(shared)
        stats = self.stats_
        lex = max(
            (lexical(Weighted.of(g, a.terms.get(g, {}), stats), b, stats) for g in shared),
            default=0.0,
        )
        top_names = frozenset(n for n, c in a.names.items() if c * 2 >= a.size)
        names = shared_names(Weighted.of("", {}, stats, top_names), b, stats)
        ca, cb = a.centroid(), b.centroid()
        cosine = float(ca @ cb) if ca is not None and cb is not None else None
        return self.config.combine(lex, names, cosine, same) * self.config.decay(
            span_gap_days(a, b)
        )
