"""storyweave: turn a flood of news articles into stories, with provenance and evidence."""

__version__ = "0.1.0"

__all__ = ["__version__"]
