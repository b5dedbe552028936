"""Cleaning: pure ``str -> str`` steps, composed, with every removed line recorded."""

from storyweave.clean.article import article_id, to_article
from storyweave.clean.language import detect_language
from storyweave.clean.pipeline import clean, normalise
from storyweave.clean.steps import LINE_FILTERS, NORMALISERS, LineFilter, repeated_headline

__all__ = [
    "LINE_FILTERS",
    "NORMALISERS",
    "LineFilter",
    "article_id",
    "clean",
    "detect_language",
    "normalise",
    "repeated_headline",
    "to_article",
]
