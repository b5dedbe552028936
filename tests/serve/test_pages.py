"""The web pages: rendered from the same views as the API, escaped, with strict headers."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from storyweave.models import Article, Format, Removal
from tests.serve.conftest import SETTINGS

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def page_urls(seed_ids) -> list[str]:
    return [
        "/",
        "/?order=-size",
        "/?q=Storm+Shadow&language=en",
        f"/stories/{seed_ids['story']}",
        f"/articles/{seed_ids['003']}",
        "/search?q=Apple",
        "/search",
        "/outlets",
        "/docs",
    ]


def test_every_page_renders_with_strict_headers(client, seed_ids):
    for url in page_urls(seed_ids):
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script" not in csp, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        html = response.text
        assert "<script" not in html.lower(), url
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), url
        assert ' style="' not in html, url  # the CSP allows no inline style either


def strip_links(data: dict) -> dict:
    """``data`` with its page links blanked (they name the URL asked, page or API)."""
    return json.loads(re.sub(r'"(next|prev)": ?"[^"]*"', r'"\1": ""', json.dumps(data)))


@pytest.mark.parametrize(
    "page, api",
    [
        ("/?order=-size&limit=3", "/api/stories?order=-size&limit=3"),
        ("/outlets", "/api/outlets"),
        ("/search?q=Airbus", "/api/search?q=Airbus"),
    ],
)
def test_one_view_two_renderings(client, page, api):
    as_json = client.get(page + "&format=json" if "?" in page else page + "?format=json")
    by_accept = client.get(page, headers={"Accept": "application/json"})
    from_api = client.get(api).json()
    assert as_json.headers["content-type"] == "application/json"
    assert strip_links(by_accept.json()) == strip_links(as_json.json())
    data = as_json.json()
    if "outlets" in data:  # the page adds its order beside the API's page of outlets
        data = data["outlets"]
    assert strip_links(data) == strip_links(from_api)


def test_story_page_json_matches_the_api(client, seed_ids):
    story = seed_ids["story"]
    assert (
        client.get(f"/stories/{story}?format=json").json()
        == client.get(f"/api/stories/{story}").json()
    )


def test_story_page_shows_the_seeds(client, seed_ids):
    html = client.get(f"/stories/{seed_ids['story']}").text
    assert "Discussions on sending troops to Ukraine" in html
    assert f'href="/articles/{seed_ids["003"]}"' in html
    assert 'id="timeline"' in html and 'id="members"' in html
    for section in ('id="matrix"', 'id="provenance"', 'id="summary"', 'id="quotes"'):
        assert section in html  # the details are in tests/serve/test_story_sections.py


def test_article_page_greys_out_debris_in_place(client, seed_ids):
    html = client.get(f"/articles/{seed_ids['003']}").text
    paragraphs = re.findall(r'<p( class="removed")?>(.*?)</p>', html, re.S)
    texts = [(bool(cls), body) for cls, body in paragraphs]
    removed = [body for is_removed, body in texts if is_removed]
    assert any("Read also:" in body for body in removed)
    assert any("Photo: Getty Images" in body for body in removed)
    first_read_also = next(i for i, (r, b) in enumerate(texts) if r and "Read also:" in b)
    kept_before = [b for r, b in texts[:first_read_also] if not r]
    assert any("Ukrinform reports" in b for b in kept_before)  # in place, not appended
    assert f'href="/stories/{seed_ids["story"]}"' in html


def test_browser_gets_an_html_error_page_and_scripts_get_json(client):
    page = client.get("/stories/snothing", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "no story" in page.text
    data = client.get("/stories/snothing", headers={"Accept": "application/json"})
    assert data.status_code == 404 and data.json()["error"]["code"] == "not_found"
    bad = client.get("/?limit=0")
    assert bad.status_code == 422 and "limit" in bad.text


def test_snippet_marks_are_the_only_markup(client):
    html = client.get("/search?q=Storm+Shadow").text
    assert "<mark>Storm</mark>" in html


class _Handlers(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.lower().startswith("on")]


def handlers_in(html: str) -> list[str]:
    """The event-handler attributes of the page's tags, as a browser parses them (hostile
    text inside an attribute value, escaped, is no handler)."""
    parser = _Handlers()
    parser.feed(html)
    return parser.found


def test_handlers_in_finds_real_handlers_only():
    assert handlers_in('<img src=x onerror="alert(1)"><p title="a onclick=b">') == ["<img onerror>"]


def hostile_article(number: int) -> Article:
    return Article(
        id=f"hostile-{number}",
        locator=f"test:{number}",
        format=Format.JSONL,
        raw=b"{}",
        title=f"{HOSTILE} headline {number}",
        text=f"First line {HOSTILE}\nSecond line with </p><p onclick=alert(1)> in it\n"
        f'"The harbour stays shut {HOSTILE} for now," said Mayor Jan Smit.',
        source=f'<b onmouseover="alert(3)">Outlet</b>{number}',
        url="javascript:alert(4)",
        author="<svg onload=alert(5)>",
        removed=(Removal(line=f"Read also: {HOSTILE}", reason="related-link", index=0),),
        extra={"note": HOSTILE},
    )


@pytest.fixture(scope="module")
def hostile_client():
    from fastapi.testclient import TestClient

    from storyweave import pipeline_provenance, pipeline_stories
    from storyweave.serve import create_app
    from storyweave.store import open_store

    store = open_store(":memory:")
    for number in range(2):
        store.put_article(hostile_article(number))
    stories = pipeline_stories.assign_stories(store, SETTINGS)
    pipeline_provenance.trace_stories(store, SETTINGS, stories.stories)
    with TestClient(create_app(SETTINGS, store)) as hostile:
        yield hostile
    store.close()


def test_hostile_text_is_escaped_everywhere(hostile_client):
    story = hostile_client.get("/api/stories").json()["stories"]["items"][0]["id"]
    page = hostile_client.get(f"/stories/{story}").text  # every section holds hostile text
    for section in ("summary", "matrix", "provenance", "quotes", "entities"):
        assert f'id="{section}"' in page, section
    for url in ["/", f"/stories/{story}", "/articles/hostile-0", "/search?q=headline", "/outlets"]:
        html = hostile_client.get(url).text
        assert "<script" not in html.lower(), url
        assert not handlers_in(html), url
        assert "&lt;script&gt;" in html or "&lt;b onmouseover" in html, url
        assert 'href="javascript:' not in html, url
