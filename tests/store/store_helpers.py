"""Builders shared by the store tests (a module name unique across the test tree)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyweave.models import Article, Format

ArticleFactory = Callable[..., Article]


def build_article(article_id: str = "a1b2c3d4e5f6", **fields: Any) -> Article:
    """An Article with plausible defaults; any field can be overridden."""
    values: dict[str, Any] = {
        "locator": f"{article_id}.txt",
        "format": Format.TEXT,
        "raw": f"raw bytes of {article_id}".encode(errors="surrogatepass"),
        "text": f"Body of article {article_id}.",
    }
    values.update(fields)
    return Article(id=article_id, **values)
