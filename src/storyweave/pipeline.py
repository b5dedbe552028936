"""Wire the stages to the store. Thin orchestration: no algorithm lives here."""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import IO

from storyweave.clean import article_id, to_article
from storyweave.errors import ConflictError, InputError, StoryweaveError
from storyweave.ingest import Input, discover, read_input
from storyweave.models import Failure, IngestReport, PutResult
from storyweave.settings import Settings
from storyweave.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str, IngestReport], None]


def _ingest_one(
    source: Input,
    store: Store,
    settings: Settings,
    tally: Counter[PutResult],
    failures: list[Failure],
    ids: list[str] | None = None,
) -> None:
    for item in read_input(source, settings):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        try:
            article = to_article(item, settings)
            result = store.put_article(article)
        except InputError as exc:
            failures.append(Failure(exc.locator, exc.reason))
            continue
        except ConflictError as exc:
            failures.append(Failure(item.locator, str(exc)))
            continue
        tally[result] += 1
        if ids is not None:
            ids.append(article.id)


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    stdin: IO[bytes] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read, clean and store every article under ``paths``; one bad input never stops the rest.

    Each article is stored in its own transaction, so an interrupted run keeps what it stored
    and a re-run skips it (ids are stable) and finishes the job. Store failures (disk full,
    database locked) abort the run: continuing would only pile up the same error.
    """
    tally: Counter[PutResult] = Counter()
    failures: list[Failure] = []
    for source in discover(paths, settings, stdin):
        if isinstance(source, Failure):
            failures.append(source)
        else:
            try:
                _ingest_one(source, store, settings, tally, failures)
            except StoryweaveError:
                raise
            except Exception as exc:  # a reader bug must not cost the rest of the batch
                log.debug("unexpected error reading %s", source.locator, exc_info=True)
                failures.append(Failure(source.locator, f"unexpected {type(exc).__name__}: {exc}"))
        if progress is not None:
            progress(source.locator, _report(tally, failures))
    return _report(tally, failures)


def _report(tally: Counter[PutResult], failures: list[Failure]) -> IngestReport:
    return IngestReport(
        inserted=tally[PutResult.INSERTED],
        unchanged=tally[PutResult.UNCHANGED],
        failures=tuple(failures),
    )


def article_ids_in(path: str, settings: Settings) -> list[str]:
    """The ids the articles in ``path`` get when ingested (nothing is stored).

    Lets a user name an article by the file it came from: ``storyweave article seed.txt``.
    """
    ids: list[str] = []
    for source in discover([path], settings):
        if isinstance(source, Failure):
            raise InputError(source.locator, source.reason)
        for item in read_input(source, settings):
            if isinstance(item, Failure):
                raise InputError(item.locator, item.reason)
            ids.append(article_id(item))
    return ids


# -- ingest from memory (uploads to the API) ---------------------------------------------------


def ingest_bytes(
    data: bytes, locator: str, store: Store, settings: Settings
) -> tuple[IngestReport, list[str]]:
    """Read, clean and store the articles of one in-memory input named ``locator``.

    Returns the report and the ids of the articles read (inserted or unchanged), in order.
    """
    tally: Counter[PutResult] = Counter()
    failures: list[Failure] = []
    ids: list[str] = []
    source = Input(locator, lambda: io.BytesIO(data), len(data))
    try:
        _ingest_one(source, store, settings, tally, failures, ids)
    except StoryweaveError:
        raise
    except Exception as exc:  # a reader bug must not become a server error
        log.debug("unexpected error reading %s", locator, exc_info=True)
        failures.append(Failure(locator, f"unexpected {type(exc).__name__}: {exc}"))
    return _report(tally, failures), ids
