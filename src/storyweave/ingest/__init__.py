"""Ingest: one reader per format, all producing RawDocuments (or Failures) for the cleaner."""

from storyweave.ingest.feed import read_feed
from storyweave.ingest.html import extract_html
from storyweave.ingest.jsonl import read_jsonl
from storyweave.ingest.sniff import sniff
from storyweave.ingest.sources import Input, discover, read_bytes, read_input
from storyweave.ingest.text import read_text
from storyweave.ingest.warc import read_warc

__all__ = [
    "Input",
    "discover",
    "extract_html",
    "read_bytes",
    "read_feed",
    "read_input",
    "read_jsonl",
    "read_text",
    "read_warc",
    "sniff",
]
