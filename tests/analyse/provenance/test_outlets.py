"""The outlet registry: the shipped list, user files, names, domains, descriptors."""

from __future__ import annotations

import pytest

from storyweave.analyse.provenance import OutletRegistry, parse_outlets
from storyweave.errors import ConfigError

REGISTRY = OutletRegistry.default()


def test_the_shipped_list_is_large_and_well_formed():
    assert len(REGISTRY) >= 300
    assert REGISTRY.get("ap") is not None and REGISTRY.get("ap").agency  # type: ignore[union-attr]
    assert not REGISTRY.get("le-monde").agency  # type: ignore[union-attr]


def test_the_shipped_list_names_each_outlet_once():
    from importlib import resources

    from storyweave.analyse.provenance import parse_outlets

    text = resources.files("storyweave").joinpath("data/outlets.txt").read_text("utf-8")
    ids = [o.id for o in parse_outlets(text, "outlets.txt")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "phrase, outlet",
    [
        ("Le Monde", "le-monde"),
        ("lemonde.fr", "le-monde"),
        ("https://www.lemonde.fr/international/article/2024/11/20/x.html", "le-monde"),
        ("the Associated Press", "ap"),
        ("The AP", "ap"),
        ("Reuters'", "reuters"),
        ("Ukrinform's", "ukrinform"),
        ("The San Diego Union - Tribune", "sd-union-tribune"),
        ("Time", "time"),
        ("time", None),
        ("the agency", None),
        ("", None),
        # written as one word, hyphenated, in capitals, as a domain, possessive, with "the"
        ("RussiaToday", "rt"),
        ("Russia Today", "rt"),
        ("russia today", "rt"),
        ("RT", "rt"),
        ("FoxNews", "fox"),
        ("Al-Jazeera", "al-jazeera"),
        ("NEW YORK TIMES", "nyt"),
        ("nytimes.com", "nyt"),
        ("www.lemonde.fr", "le-monde"),
        ("The Washington Post's", "wapo"),
        ("the BBC", "bbc"),
        # short names stay case-sensitive; squashing never joins words into a short name
        ("rt", None),
        ("ap", None),
        ("legal guardian", None),
        ("Russia", None),
        ("nytimes.com.example", None),
    ],
)
def test_resolve(phrase, outlet):
    found = REGISTRY.resolve(phrase)
    assert (found.id if found else None) == outlet


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("http://sports.espn.go.com/nba/story", "espn"),
        ("https://www.ukrinform.net/rubric-polytics/3933590.html", "ukrinform"),
        ("bigstory.ap.org", "ap"),
        ("https://example.org/news", None),
        ("not a url", None),
    ],
)
def test_by_domain(url, outlet):
    found = REGISTRY.by_domain(url)
    assert (found.id if found else None) == outlet


def test_find_in_does_not_take_part_of_a_longer_unknown_name():
    assert REGISTRY.find_in("Britain's Guardian newspaper").id == "guardian"  # type: ignore[union-attr]
    assert REGISTRY.find_in("the Anchorage Daily News") is None


def test_shared_alias_prefers_what_the_article_named():
    assert REGISTRY.resolve("the Post").id == "wapo"  # type: ignore[union-attr]
    assert REGISTRY.resolve("the Post", prefer=["scmp"]).id == "scmp"  # type: ignore[union-attr]


def test_descriptors():
    assert "le-monde" in REGISTRY.matching_descriptor("the French daily")
    assert "french" in REGISTRY.descriptor_words()


@pytest.mark.parametrize(
    "source, url, key, method",
    [
        ("www.nytimes.com", None, "nyt", "source"),
        (None, "https://www.lemonde.fr/x", "le-monde", "url"),
        ("Example Gazette", None, "example gazette", "source"),
        (None, "https://news.example.org/a", "news.example.org", "url"),
        (None, None, None, None),
    ],
)
def test_own_outlet(source, url, key, method):
    ref = REGISTRY.own_outlet(source, url)
    assert (ref.key if ref else None) == key
    assert (ref.method if ref else None) == method


def test_a_user_file_adds_and_replaces(tmp_path):
    extra = tmp_path / "outlets.txt"
    extra.write_text(
        "# my outlets\n"
        "kyiv-weekly | Kyiv Weekly | KW | kyivweekly.example | outlet | ua | Kyiv weekly\n"
        "le-monde | Le Monde (Paris) | Monde | lemonde.fr | agency | fr | the Paris paper\n",
        encoding="utf-8",
    )
    registry = OutletRegistry.default(str(extra))
    assert registry.resolve("KW").id == "kyiv-weekly"  # type: ignore[union-attr]
    assert registry.by_domain("kyivweekly.example").id == "kyiv-weekly"  # type: ignore[union-attr]
    assert registry.get("le-monde").agency  # type: ignore[union-attr]
    assert len(registry) == len(REGISTRY) + 1


@pytest.mark.parametrize(
    "line, message",
    [
        ("a | b | c", "7 fields"),
        ("Bad Id | Name |  |  | outlet |  | ", "lower-case"),
        ("ok |  |  |  | outlet |  | ", "needs a name"),
        ("ok | Name |  |  | newspaper |  | ", "agency or outlet"),
    ],
)
def test_bad_lines_name_the_file_and_line(line, message):
    with pytest.raises(ConfigError, match=message) as caught:
        parse_outlets("# comment\n" + line, "mine.txt")
    assert "mine.txt:2" in str(caught.value)


def test_an_unreadable_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot be read"):
        OutletRegistry.default(str(tmp_path / "missing.txt"))
