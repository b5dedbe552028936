"""Settings: defaults < TOML file < environment < overrides, and errors that state the fix."""

from __future__ import annotations

import pytest

from storyweave.errors import ConfigError
from storyweave.settings import Settings, load_settings, setting_help


def test_precedence(tmp_path):
    config = tmp_path / "sw.toml"
    config.write_text('db = "from-file.db"\nmin_text_chars = 10\nmax_input_bytes = 5000\n')
    env = {"STORYWEAVE_MIN_TEXT_CHARS": "20", "STORYWEAVE_DB": "from-env.db"}
    settings = load_settings(config, env=env, db="from-cli.db")
    assert settings.db == "from-cli.db"
    assert settings.min_text_chars == 20
    assert settings.max_input_bytes == 5000


def test_table_form_and_defaults(tmp_path):
    config = tmp_path / "sw.toml"
    config.write_text("[storyweave]\nrecurse_hidden = true\n")
    settings = load_settings(config, env={})
    assert settings.recurse_hidden is True
    assert settings.db == Settings().db


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_text_chars": -1}, "min_text_chars must be >= 0; got -1"),
        ({"language_min_confidence": 1.5}, "must be in [0, 1]; got 1.5"),
        ({"max_input_bytes": 0}, "max_input_bytes must be > 0"),
        ({"story_lead_chars": 10}, "story_lead_chars must be in 50..2000; got 10"),
        ({"story_lead_chars": 5000}, "story_lead_chars must be in 50..2000; got 5000"),
        ({"story_embeddings": "all"}, "story_embeddings must be ambiguous or crosslingual"),
        ({"story_grace_days": -1}, "story_grace_days must be >= 0; got -1"),
        ({"story_decay_days": 0}, "story_decay_days must be > 0; got 0"),
    ],
)
def test_invalid_values_state_the_fix(kwargs, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Settings(**kwargs)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"STORYWEAVE_MIN_TEXT_CHARS": "many"}, "must be an integer"),
        ({"STORYWEAVE_RECURSE_HIDDEN": "perhaps"}, "must be true or false"),
    ],
)
def test_bad_environment_values(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


def test_unknown_setting_and_missing_file(tmp_path):
    config = tmp_path / "sw.toml"
    config.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(config, env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "absent.toml", env={})


def test_every_setting_has_help():
    for name, (_, help_text) in setting_help().items():
        assert help_text.endswith("."), name
