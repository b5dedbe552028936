"""Every setting of storyweave, as data: name, default, help.

Precedence, lowest first: defaults < a TOML file < ``STORYWEAVE_*`` environment variables <
explicit overrides (the CLI's options). ``storyweave settings`` prints them all with their
current values and where each came from.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from storyweave.errors import ConfigError

ENV_PREFIX = "STORYWEAVE_"
DEFAULT_CONFIG_FILE = "storyweave.toml"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """All tunables. Construct with :func:`load_settings`; invalid values raise ConfigError."""

    db: str = _setting("storyweave.db", "SQLite database file (':memory:' for a throwaway one).")
    max_input_bytes: int = _setting(
        64 * 1024 * 1024, "Inputs larger than this many bytes are refused with an error."
    )
    min_text_chars: int = _setting(
        40, "Articles whose title and cleaned text together are shorter than this are refused."
    )
    language_min_confidence: float = _setting(
        0.5, "Below this detector confidence the language is stored as 'und' (undetermined)."
    )
    language_sample_chars: int = _setting(
        2000, "How many characters of the cleaned text the language detector reads."
    )
    extract_favor_recall: bool = _setting(
        True,
        "HTML extraction falls back to a recall pass when the precise one keeps too little.",
    )
    vectoriser: str = _setting(
        "auto",
        "Embedding model for story matching: auto (if installed), e5, or none (one language).",
    )
    story_threshold: float = _setting(
        0.42, "Minimum similarity for an article to join an existing story (0-1)."
    )
    story_window_days: float = _setting(
        30.0, "Stories with no new article for this many days no longer take new ones."
    )
    story_grace_days: float = _setting(
        1.0, "Days between an article and a story within which time does not weigh on a match."
    )
    story_decay_days: float = _setting(
        14.0,
        "Beyond the grace days a match fades by a factor e every this many days: longer keeps "
        "late follow-ups in their story, shorter tells recurring look-alike events apart.",
    )
    story_lead_chars: int = _setting(
        300,
        "Characters of text after the title that the embedding model reads (50-2000): fewer "
        "run faster and match less well.",
    )
    story_embeddings: str = _setting(
        "ambiguous",
        "What the embedding model decides: ambiguous (every match words and names leave open) "
        "or crosslingual (matches across languages only; within one language words and names "
        "decide, as without a model: faster, less precise).",
    )
    recurse_hidden: bool = _setting(
        False, "When ingesting a directory, also read hidden files and folders."
    )
    # -- provenance --
    outlets_file: str = _setting(
        "",
        "Extra outlet registry file (lines 'id | name | aliases | domains | kind | country | "
        "descriptors'), added to the shipped list; its ids replace shipped ones.",
    )
    # -- serving (storyweave serve) ---------------------------------------------------------
    serve_host: str = _setting(
        "127.0.0.1", "Address `storyweave serve` listens on (127.0.0.1: this machine only)."
    )
    serve_port: int = _setting(8000, "Port `storyweave serve` listens on (0: any free port).")
    serve_token: str = _setting(
        "", "Bearer token the API's writes require; empty: writes need no token."
    )
    serve_max_body_bytes: int = _setting(
        16 * 1024 * 1024, "Request bodies larger than this many bytes are refused (413)."
    )

    def __post_init__(self) -> None:
        if self.max_input_bytes <= 0:
            raise ConfigError(f"max_input_bytes must be > 0; got {self.max_input_bytes}")
        if self.min_text_chars < 0:
            raise ConfigError(f"min_text_chars must be >= 0; got {self.min_text_chars}")
        if not 0.0 <= self.language_min_confidence <= 1.0:
            raise ConfigError(
                f"language_min_confidence must be in [0, 1]; got {self.language_min_confidence}"
            )
        if self.language_sample_chars < 50:
            raise ConfigError(
                f"language_sample_chars must be >= 50; got {self.language_sample_chars}"
            )
        if self.vectoriser not in {"auto", "e5", "none"}:
            raise ConfigError(f"vectoriser must be auto, e5 or none; got {self.vectoriser!r}")
        if not 0.0 < self.story_threshold <= 1.0:
            raise ConfigError(f"story_threshold must be in (0, 1]; got {self.story_threshold}")
        if self.story_window_days <= 0:
            raise ConfigError(f"story_window_days must be > 0; got {self.story_window_days}")
        if self.story_grace_days < 0:
            raise ConfigError(f"story_grace_days must be >= 0; got {self.story_grace_days}")
        if self.story_decay_days <= 0:
            raise ConfigError(f"story_decay_days must be > 0; got {self.story_decay_days}")
        if not 50 <= self.story_lead_chars <= 2000:
            raise ConfigError(f"story_lead_chars must be in 50..2000; got {self.story_lead_chars}")
        if self.story_embeddings not in STORY_EMBEDDINGS:
            raise ConfigError(
                f"story_embeddings must be {' or '.join(STORY_EMBEDDINGS)}; "
                f"got {self.story_embeddings!r}"
            )
        _check_serving(self)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given non-None values replaced (what CLI options do)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **{k: _coerce(k, v) for k, v in given.items()})


#: What ``story_embeddings`` may say the embedding model decides.
STORY_EMBEDDINGS = ("ambiguous", "crosslingual")
#: Settings whose values are secrets: shown masked by ``storyweave settings``.
SECRET_SETTINGS = frozenset({"serve_token"})


def _check_serving(settings: Settings) -> None:
    if not 0 <= settings.serve_port <= 65535:
        raise ConfigError(f"serve_port must be in 0..65535; got {settings.serve_port}")
    if settings.serve_max_body_bytes <= 0:
        raise ConfigError(f"serve_max_body_bytes must be > 0; got {settings.serve_max_body_bytes}")
    if not settings.serve_host.strip():
        raise ConfigError("serve_host must be an address such as 127.0.0.1; got ''")


def setting_help() -> dict[str, tuple[Any, str]]:
    """Name -> (default, help) for every setting, for docs and ``storyweave settings``."""
    return {f.name: (f.default, f.metadata["help"]) for f in fields(Settings)}


def _field_types() -> dict[str, type]:
    return {f.name: type(f.default) for f in fields(Settings)}


_KIND_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}


def _coerce(name: str, value: Any) -> Any:
    types = _field_types()
    if name not in types:
        known = ", ".join(sorted(types))
        raise ConfigError(f"unknown setting {name!r}; known settings: {known}")
    kind = types[name]
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if kind is bool:
                lowered = text.lower()
                if lowered in {"1", "true", "yes", "on"}:
                    return True
                if lowered in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(text)
            return kind(text)
        except ValueError:
            raise ConfigError(
                f"setting {name!r} must be {_KIND_NAMES[kind]}; got {value!r}"
            ) from None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise ConfigError(f"setting {name!r} must be {_KIND_NAMES[kind]}; got {value!r}")


def load_settings(
    config_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build Settings from defaults, an optional TOML file, the environment and overrides.

    Without ``config_file``, ``./storyweave.toml`` is read when it exists. The TOML file may put
    settings at top level or under a ``[storyweave]`` table.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(config_file) if config_file else Path(DEFAULT_CONFIG_FILE)
    if config_file and not path.is_file():
        raise ConfigError(f"config file {str(path)!r} does not exist")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
        table = data.get("storyweave", data)
        values.update({k: _coerce(k, v) for k, v in table.items()})
    for name in _field_types():
        key = ENV_PREFIX + name.upper()
        if key in env:
            values[name] = _coerce(name, env[key])
    values.update({k: _coerce(k, v) for k, v in overrides.items() if v is not None})
    return Settings(**values)
