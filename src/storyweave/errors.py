"""The one exception tree of storyweave.

Every error the package raises on purpose is a :class:`StoryweaveError`; the CLI prints its
message as one line and exits non-zero, the API maps it to one JSON error shape::

    StoryweaveError
    ├── ConfigError            a setting has a bad value (message states the fix)
    ├── DependencyMissing      an optional extra is not installed (message gives the command)
    ├── InputError             an input cannot be read; always names the input
    │   ├── UnsupportedInput   binary, unknown format
    │   ├── EmptyInput         nothing to read, or nothing left after cleaning
    │   ├── TooLarge           over the configured size limit
    │   ├── DecodeError        bytes that are no text in any plausible encoding
    │   └── ParseError         malformed HTML, feed, JSONL line, WARC record
    └── StoreError             the store failed or was asked something impossible
        ├── NotFound           no such article / story
        ├── ConflictError      same id, different content
        └── MigrationError     the schema could not be brought up to date
"""

from __future__ import annotations


class StoryweaveError(Exception):
    """Base of every error storyweave raises on purpose."""


class ConfigError(StoryweaveError):
    """A setting has a value that cannot work; the message says what would."""


class DependencyMissing(StoryweaveError):
    """An optional dependency is absent; the message names the install command."""


class InputError(StoryweaveError):
    """An input (file, record, stream) cannot be turned into an article."""

    def __init__(self, locator: str, reason: str) -> None:
        super().__init__(f"{locator}: {reason}")
        self.locator = locator
        self.reason = reason


class UnsupportedInput(InputError):
    """Binary data or a format storyweave does not read."""


class EmptyInput(InputError):
    """The input holds no article text."""


class TooLarge(InputError):
    """The input is larger than the configured limit."""


class DecodeError(InputError):
    """The bytes are not text in any plausible encoding."""


class ParseError(InputError):
    """The input is malformed for its format."""


class StoreError(StoryweaveError):
    """The store failed, or was asked for something it cannot do."""


class NotFound(StoreError):
    """No object with that identifier."""


class ConflictError(StoreError):
    """An object with that identifier exists with different content."""


class MigrationError(StoreError):
    """A schema migration failed; the database is left at the last good version."""
