"""The REST API through the app: resources, filters, pagination, errors, writes."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import SEED_000, SEED_003, SEEDS


def error_of(response, status: int) -> dict:
    """The body of an error response, checked against the one error shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]


def test_story_list_default_is_newest_first(client):
    page = client.get("/api/stories").json()["stories"]
    assert page["total"] == 11
    assert len(page["items"]) == 11
    seen = [s["last_seen"] for s in page["items"]]
    dated = [when for when in seen if when is not None]
    assert seen[: len(dated)] == sorted(dated, reverse=True)  # undated stories come last
    assert page["next"] is None and page["prev"] is None


@pytest.mark.parametrize(
    "query, total, check",
    [
        (
            "order=-size",
            11,
            lambda s: [x["size"] for x in s] == sorted((x["size"] for x in s), reverse=True),
        ),
        ("language=nl", 7, lambda s: all("nl" in x["languages"] for x in s)),
        ("min_size=4", 5, lambda s: all(x["size"] >= 4 for x in s)),
        ("max_size=1", 3, lambda s: all(x["size"] == 1 for x in s)),
        ("min_size=2&max_size=3", 3, lambda s: all(2 <= x["size"] <= 3 for x in s)),
        ("q=Storm+Shadow", 1, lambda s: s[0]["headline"].startswith("Discussions")),
        ("q=%22Storm+Shadow%22&language=en", 1, lambda s: True),
        ("q=iPhone", 3, lambda s: all("iPhone" in x["headline"] for x in s)),
        ("q=zzzunheardofword", 0, lambda s: s == []),
        ("q=%22+-+%22", 0, lambda s: s == []),  # no searchable word: nothing, no error
        ("outlet=wikinews", 10, lambda s: all("wikinews" in x["outlets"] for x in s)),
        ("outlet=nobody", 0, lambda s: s == []),
        ("since=2011-01-01", 1, lambda s: s[0]["last_seen"] >= "2011"),
        ("since=2024-01-01", 0, lambda s: s == []),  # the seeds are undated
        ("until=2009-01-01", 6, lambda s: all(x["first_seen"] < "2009" for x in s)),
        (
            "since=2008-06-01&until=2008-07-01T00:00:00%2B02:00",
            3,
            lambda s: all("iPhone" in x["headline"] for x in s),
        ),
    ],
)
def test_story_list_filters(client, query, total, check):
    page = client.get(f"/api/stories?{query}").json()["stories"]
    assert page["total"] == total, query
    assert check(page["items"]), query


def test_pages_link_to_each_other_and_cover_everything(client):
    seen, url = [], "/api/stories?order=-size&limit=4"
    while url:
        page = client.get(url).json()["stories"]
        assert page["total"] == 11 and page["limit"] == 4
        seen += [s["id"] for s in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 11
    back = client.get("/api/stories?order=-size&limit=4&offset=8").json()["stories"]
    assert back["prev"].endswith("offset=4")
    past = client.get("/api/stories?offset=500").json()["stories"]
    assert past["items"] == [] and past["total"] == 11 and past["next"] is None


def test_story_detail_of_the_seeds(client, seed_ids):
    data = client.get(f"/api/stories/{seed_ids['story']}").json()
    assert data["story"]["size"] == 2
    assert {a["id"] for a in data["members"]["items"]} == {seed_ids["000"], seed_ids["003"]}
    assert all(a["story"] == seed_ids["story"] for a in data["members"]["items"])
    assert data["languages"] == [{"name": "en", "count": 2}]
    assert sum(len(day["articles"]) for day in data["timeline"]) == 2
    sections = data["sections"]
    assert sections["provenance"]["independent_origins"] == 1
    assert {s["article"] for s in sections["matrix"]["sources"]} == {
        seed_ids["000"],
        seed_ids["003"],
    }
    assert sections["summary"]["sentences"] and sections["quotes"] and sections["entities"]
    assert sections["missing"] is None
    prefix = client.get(f"/api/stories/{seed_ids['story'][:6]}").json()
    assert prefix["story"]["id"] == seed_ids["story"]


def test_story_members_are_paged(client):
    big = client.get("/api/stories?order=-size&limit=1").json()["stories"]["items"][0]
    first = client.get(f"/api/stories/{big['id']}?limit=3").json()["members"]
    assert first["total"] == big["size"] == 4 and len(first["items"]) == 3
    rest = client.get(first["next"]).json()["members"]
    assert len(rest["items"]) == 1 and rest["next"] is None


def test_article_with_removed_debris_in_place(client, seed_ids):
    data = client.get(f"/api/articles/{seed_ids['003']}").json()
    assert data["article"]["source"] is None or isinstance(data["article"]["source"], str)
    assert "Ukrinform reports" in data["text"]
    reasons = {r["reason"] for r in data["removed"]}
    assert reasons == {"repeated-headline", "related-link", "image-credit", "page-furniture"}
    layout = data["layout"]
    assert layout[0]["removed"] == "repeated-headline"
    assert layout[-1] == {"text": "pixel", "removed": "page-furniture"}
    assert "\n".join(line["text"] for line in layout if not line["removed"]) == data["text"]
    assert [line["text"] for line in layout if line["removed"]] == [
        r["line"] for r in data["removed"]
    ]
    assert data["story"]["id"] == seed_ids["story"]
    assert data["explanation"]["story"] == seed_ids["story"]


def test_article_by_prefix_and_explain(client, seed_ids):
    assert (
        client.get(f"/api/articles/{seed_ids['000'][:8]}").json()["article"]["id"]
        == seed_ids["000"]
    )
    why = client.get(f"/api/explain/{seed_ids['000']}").json()
    later = client.get(f"/api/explain/{seed_ids['003']}").json()
    assert {why["new_story"], later["new_story"]} == {True, False}
    joined = later if not later["new_story"] else why
    assert joined["score"] >= joined["threshold"]
    assert joined["candidates"][0]["story"] == seed_ids["story"]


@pytest.mark.parametrize(
    "query, total",
    [("", 30), ("language=nl", 7), ("format=text", 2), ("format=jsonl", 28),
     ("since=2011-01-01", 4), ("until=2024-01-01", 28), ("source=nobody", 0)],
)  # fmt: skip
def test_article_list_filters(client, query, total):
    page = client.get(f"/api/articles?{query}&limit=5").json()
    assert page["total"] == total
    assert len(page["items"]) == min(5, total)
    assert (page["next"] is not None) == (total > 5)


def test_outlets_and_search(client):
    outlets = client.get("/api/outlets").json()
    assert outlets["total"] == len(outlets["items"]) >= 1
    top = outlets["items"][0]
    assert top["name"] == "wikinews" and top["articles"] == 28 and top["stories"] == 10
    by_name = [o["name"] for o in client.get("/api/outlets?order=name").json()["items"]]
    assert by_name == sorted(by_name)
    hits = client.get("/api/search?q=Storm+Shadow").json()["hits"]
    assert [h["article"]["title"][:22] for h in hits["items"]] == ["Discussions of deployi"]
    assert "[Storm]" in hits["items"][0]["snippet"] and hits["items"][0]["article"]["story"]
    paged = client.get("/api/search?q=Apple&limit=1").json()["hits"]
    assert len(paged["items"]) == 1 and paged["next"] and paged["total"] is None
    assert client.get("/api/stats").json()["articles"] == 30


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/articles/zzzz-no-such", 404),
        ("/api/stories/sdoesnotexist", 404),
        ("/api/explain/nothing-here", 404),
        ("/api/no/such/route", 404),
        ("/api/stories?limit=0", 422),
        ("/api/stories?limit=100000", 422),
        ("/api/stories?offset=-1", 422),
        ("/api/stories?order=sideways", 422),
        ("/api/stories?since=yesterday", 422),
        ("/api/stories?min_size=3&max_size=2", 422),
        ("/api/articles?until=0001-01-01T00:00:00%2B01:00", 422),
        ("/api/articles?format=pdf", 422),
        ("/api/search", 422),
        ("/api/outlets?order=size", 422),
    ],
)
def test_errors_have_one_shape(client, url, status):
    error_of(client.get(url), status)


def test_wrong_method_is_an_error_in_shape(client):
    error_of(client.delete("/api/stories"), 405)


UPLOAD = b"A headline about a harbour strike\nDock workers stopped work at the harbour today.\n"


def test_writes_need_the_token_when_one_is_set(fresh_client):
    missing = error_of(fresh_client.post("/api/articles", content=UPLOAD), 401)
    assert "token" in missing["message"]
    wrong = {"Authorization": "Bearer nope"}
    error_of(fresh_client.post("/api/articles", content=UPLOAD, headers=wrong), 401)
    right = {"Authorization": "Bearer s3cret"}
    created = fresh_client.post("/api/articles", content=UPLOAD, headers=right)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["inserted"] == 1 and body["stories_assigned"] == 1
    (article,) = body["articles"]
    assert article["title"] == "A headline about a harbour strike" and article["story"]
    again = fresh_client.post("/api/articles", content=UPLOAD, headers=right)
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    assert fresh_client.get(f"/api/articles/{article['id']}").status_code == 200


@pytest.mark.parametrize(
    "body, kind",
    [
        (SEED_000.read_bytes(), "text"),
        (gzip.compress(SEED_003.read_bytes()), "text"),
        (
            b"<html><head><title>Harbour strike ends</title></head><body><article><h1>Harbour"
            b" strike ends</h1><p>"
            + b"Dock workers returned to work on Monday after a deal. " * 8
            + b"</p></article></body></html>",
            "html",
        ),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Port news</title><item>'
            b"<title>Cranes back in service at the harbour</title><description>"
            + b"The cranes of the harbour were back in service by noon. " * 3
            + b"</description></item></channel></rss>",
            "feed",
        ),
        (
            "\n".join(
                json.dumps(
                    {
                        "id": f"up-{i}",
                        "title": f"Harbour update {i}",
                        "text": "Dock work goes on " * 5,
                    }
                )
                for i in range(3)
            ).encode(),
            "jsonl",
        ),
    ],
)
def test_ingest_every_format(fresh_client, body, kind):
    headers = {"Authorization": "Bearer s3cret"}
    response = fresh_client.post("/api/articles?stories=false", content=body, headers=headers)
    assert response.status_code in {200, 201}, response.text
    data = response.json()
    assert data["articles"] and {a["format"] for a in data["articles"]} == {kind}
    assert data["stories_assigned"] is None and not data["failures"]


@pytest.mark.parametrize(
    "body, status",
    [(b"", 422), (b"   \n", 422), (b"\x00\x01\x02\x03" * 50, 422), (b"tiny", 422),
     (b"x" * 64_001, 413)],
)  # fmt: skip
def test_bad_uploads(fresh_client, body, status):
    headers = {"Authorization": "Bearer s3cret"}
    error_of(fresh_client.post("/api/articles", content=body, headers=headers), status)


def test_streamed_body_over_the_limit_is_refused(fresh_client):
    def chunks():
        for _ in range(100):
            yield b"y" * 1000

    headers = {"Authorization": "Bearer s3cret"}
    error_of(fresh_client.post("/api/articles", content=chunks(), headers=headers), 413)


def test_unexpected_failure_is_a_500_in_shape(corpus_store):
    from fastapi.testclient import TestClient

    from storyweave.serve import create_app
    from tests.serve.conftest import SETTINGS

    def broken(store, story, members):
        raise RuntimeError("provider bug with /secret/path")

    app = create_app(SETTINGS, corpus_store, sections=[broken])
    with TestClient(app, raise_server_exceptions=False) as broken_client:
        story = broken_client.get("/api/stories").json()["stories"]["items"][0]["id"]
        response = broken_client.get(f"/api/stories/{story}")
        error = error_of(response, 500)
        assert "secret" not in error["message"]
        assert "default-src 'none'" in response.headers["content-security-policy"]


def test_seed_files_are_in_the_example_corpus():
    assert SEED_000.parent == SEEDS


def test_kept_views_follow_every_write(fresh_client):
    headers = {"Authorization": "Bearer s3cret"}
    before = fresh_client.get("/api/stories").json()["stories"]["total"]
    assert fresh_client.get("/api/stories").json()["stories"]["total"] == before  # kept
    fresh_client.post("/api/articles", content=UPLOAD, headers=headers)
    assert fresh_client.get("/api/stories").json()["stories"]["total"] == before + 1
    store = fresh_client.app.state.store  # a write that bypasses the API is seen too
    unassigned = b"Another headline entirely\nA body about something else that happened today."
    from storyweave import pipeline, pipeline_stories

    settings = fresh_client.app.state.settings
    pipeline.ingest_bytes(unassigned, "direct", store, settings)
    pipeline_stories.assign_stories(store, settings)
    assert fresh_client.get("/api/stories").json()["stories"]["total"] == before + 2
    cache = fresh_client.app.state.cache
    assert cache.hits >= 1 and cache.misses >= 2


def test_a_kept_page_is_the_built_page_with_the_same_headers(client):
    story = client.get("/api/stories?order=-size&limit=1").json()["stories"]["items"][0]["id"]
    for path in (f"/stories/{story}", f"/api/stories/{story}", "/", "/api/stories"):
        first, again = client.get(path), client.get(path)  # built, then read back as kept
        assert first.status_code == again.status_code == 200
        assert first.content == again.content
        for name in ("content-type", "vary", "content-security-policy", "x-content-type-options"):
            assert first.headers.get(name) == again.headers.get(name), (path, name)


@pytest.mark.parametrize(
    "accept, gzipped",
    [("gzip", True), ("gzip, deflate, br", True), ("*", True), ("gzip;q=0", False),
     ("identity", False), ("", False)],
)  # fmt: skip
def test_kept_pages_go_gzipped_to_clients_that_take_it(client, accept, gzipped):
    story = client.get("/api/stories?order=-size&limit=1").json()["stories"]["items"][0]["id"]
    plain = client.get(f"/stories/{story}", headers={"Accept-Encoding": "identity"})
    assert len(plain.content) > 4096  # a page large enough to compress
    kept = client.get(f"/stories/{story}", headers={"Accept-Encoding": accept})
    assert kept.headers.get("content-encoding") == ("gzip" if gzipped else None)
    assert "Accept-Encoding" in kept.headers["vary"]
    assert kept.content == plain.content  # the client's own decoding gives the page back
