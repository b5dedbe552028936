"""View-model builders: each reads the store once and returns the model a page or API renders.

Every builder is a plain function of the store (and settings), independent of HTTP, so the
HTML page, its ``?format=json`` twin and the ``/api`` resource are one computation. Links to
neighbouring pages come from a ``link(offset) -> url`` function the route supplies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from storyweave.errors import NotFound
from storyweave.models import Article, Format, Story, StoryFilter, article_to_dict
from storyweave.pipeline_layout import article_layout
from storyweave.pipeline_stories import threshold_of
from storyweave.serve import schemas as s
from storyweave.serve.sections import SectionProvider, build_sections
from storyweave.settings import Settings
from storyweave.store import Store

Link = Callable[[int], str]
#: Articles listed per day of a story's timeline (the rest are counted).
TIMELINE_PER_DAY = 10
T = TypeVar("T")


def page(
    items: list[T], total: int | None, limit: int, offset: int, link: Link, more: bool
) -> s.Page[T]:
    """A :class:`~storyweave.serve.schemas.Page` with links; ``more``: a next page exists."""
    return s.Page[T](
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        next=link(offset + limit) if more else None,
        prev=link(max(0, offset - limit)) if offset > 0 else None,
    )


def story_summary(story: Story) -> s.StorySummary:
    return s.StorySummary(
        id=story.id,
        headline=story.headline,
        size=story.size,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        languages=list(story.languages),
        outlets=list(story.outlets),
    )


def article_summary(article: Article, story: str | None) -> s.ArticleSummary:
    return s.ArticleSummary(
        id=article.id,
        title=article.title,
        source=article.source,
        lang=article.language.code if article.language else None,
        date=article.published,
        url=article.url,
        format=article.format.value,
        story=story,
    )


def summaries(store: Store, articles: Sequence[Article]) -> list[s.ArticleSummary]:
    """Summaries of ``articles`` with the story of each (one query for all)."""
    stories = store.stories_of([a.id for a in articles])
    return [article_summary(a, stories.get(a.id)) for a in articles]


# -- stories ----------------------------------------------------------------------------------


def story_list(
    store: Store, filters: s.StoryFilters, limit: int, offset: int, link: Link
) -> s.StoryList:
    where = StoryFilter(
        query=filters.q or None,
        language=filters.language or None,
        outlet=filters.outlet or None,
        min_size=filters.min_size,
        max_size=filters.max_size,
        since=filters.since,
        until=filters.until,
    )
    found, total = store.find_stories(where, order=filters.order, limit=limit, offset=offset)
    items = [story_summary(story) for story in found]
    more = offset + len(items) < total
    return s.StoryList(filters=filters, stories=page(items, total, limit, offset, link, more))


def _counts(values: Sequence[str | None]) -> list[s.Count]:
    counted = Counter(v for v in values if v)
    return [
        s.Count(name=k, count=n) for k, n in sorted(counted.items(), key=lambda i: (-i[1], i[0]))
    ]


def _day(moment: datetime | None) -> str | None:
    return None if moment is None else moment.date().isoformat()


def _timeline(members: Sequence[s.ArticleSummary]) -> list[s.TimelineDay]:
    days: dict[str | None, list[s.ArticleSummary]] = {}
    for member in sorted(members, key=lambda m: (m.date is None, m.date or datetime.min, m.id)):
        days.setdefault(_day(member.date), []).append(member)
    return [
        s.TimelineDay(day=day, count=len(items), articles=items[:TIMELINE_PER_DAY])
        for day, items in days.items()
    ]


def story_detail(
    store: Store,
    ref: str,
    providers: Sequence[SectionProvider],
    limit: int,
    offset: int,
    link: Link,
) -> s.StoryDetail:
    story = store.get_story(ref)
    members = store.story_articles(story.id)
    listed = [article_summary(a, story.id) for a in members]
    shown = listed[offset : offset + limit]
    return s.StoryDetail(
        story=story_summary(story),
        members=page(shown, len(listed), limit, offset, link, offset + limit < len(listed)),
        outlets=_counts([a.source for a in members]),
        languages=_counts([a.language.code if a.language else None for a in members]),
        timeline=_timeline(listed),
        sections=build_sections(providers, store, story, members),
    )


# -- articles ---------------------------------------------------------------------------------


def articles_page(
    store: Store,
    *,
    source: str | None,
    language: str | None,
    fmt: Format | None,
    since: datetime | None,
    until: datetime | None,
    order: str,
    limit: int,
    offset: int,
    link: Link,
) -> s.Page[s.ArticleSummary]:
    found = store.list_articles(
        limit=limit, offset=offset, source=source, language=language, format=fmt,
        since=since, until=until, order=order,
    )  # fmt: skip
    total = store.count_articles(
        source=source, language=language, format=fmt, since=since, until=until
    )
    items = summaries(store, found)
    return page(items, total, limit, offset, link, offset + len(items) < total)


def explanation(store: Store, settings: Settings, ref: str) -> s.Explanation:
    article = store.get_article(ref)
    assignment = store.get_assignment(article.id)
    return s.Explanation(
        article=article.id,
        story=store.resolve_story(assignment.story_id),
        assigned_to=assignment.story_id,
        score=assignment.score,
        new_story=assignment.new_story,
        threshold=threshold_of(assignment, settings),
        algorithm=assignment.algorithm,
        embedded=assignment.embedded,
        merged=list(assignment.merged),
        candidates=[
            s.Candidate(story=c.story_id, score=c.score, features=dict(c.features))
            for c in assignment.candidates
        ],
    )


def article_detail(store: Store, settings: Settings, ref: str) -> s.ArticleDetail:
    article = store.get_article(ref)
    story_id = store.stories_of([article.id]).get(article.id)
    layout = article_layout(article, settings)
    try:
        why = explanation(store, settings, article.id) if story_id else None
    except NotFound:
        why = None
    data = article_to_dict(article)
    return s.ArticleDetail(
        article=article_summary(article, story_id),
        author=article.author,
        locator=article.locator,
        summary_only=article.summary_only,
        language_confidence=article.language.confidence if article.language else None,
        text=article.text,
        removed=[s.Removed(**r) for r in data["removed"]],
        layout=None
        if layout is None
        else [s.LayoutLine(text=t, removed=r.reason if r else None) for t, r in layout],
        extra=data["extra"],
        story=story_summary(store.get_story(story_id)) if story_id else None,
        explanation=why,
        duplicates=[
            s.DuplicateOf(
                article=k.article_id,
                duplicate_of=k.duplicate_of,
                algorithm=k.algorithm,
                score=k.score,
            )
            for k in store.duplicate_links(article.id)
        ],
    )


# -- outlets and search -----------------------------------------------------------------------


def outlets_page(
    store: Store, order: str, limit: int, offset: int, link: Link
) -> s.Page[s.OutletView]:
    found = store.list_outlets(order=order, limit=limit, offset=offset)
    total = store.count_outlets()
    items = [
        s.OutletView(
            name=o.name, articles=o.articles, stories=o.stories, languages=list(o.languages),
            first_seen=o.first_seen, last_seen=o.last_seen,
        )
        for o in found
    ]  # fmt: skip
    return page(items, total, limit, offset, link, offset + len(items) < total)


def search_results(store: Store, q: str, limit: int, offset: int, link: Link) -> s.SearchResults:
    """Hits for ``q``; one more than the page is fetched to know whether a next page exists."""
    hits = store.search(q, limit=limit + 1, offset=offset)
    shown = hits[:limit]
    items = [
        s.SearchHit(article=a, score=h.score, snippet=h.snippet)
        for h, a in zip(shown, summaries(store, [h.article for h in shown]), strict=True)
    ]
    return s.SearchResults(q=q, hits=page(items, None, limit, offset, link, len(hits) > limit))
