"""Analyses of a story's articles: cross-source comparison (``compare``) and provenance."""
