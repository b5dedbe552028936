"""Serve a store: the REST API and the web pages, from one app factory."""

from storyweave.serve.app import DEFAULT_SECTION_PROVIDERS, create_app

__all__ = ["DEFAULT_SECTION_PROVIDERS", "create_app"]
