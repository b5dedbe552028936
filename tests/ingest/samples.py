"""Small inputs of every format, written here so tests never depend on outside files."""

from __future__ import annotations

import io

PARAGRAPH = (
    "The United Kingdom and France do not rule out the possibility of a foreign military "
    "contingent in Ukraine, according to people familiar with the talks."
)

TEXT = f"Discussions resume in Europe\n{PARAGRAPH}\nSecond paragraph of the report.\n".encode()

TEXT_WITH_HEADER = (
    "---\ntitle: Talks resume\nurl: https://example.org/a/1\nsource: Example News\n"
    "published: 2024-11-20T09:30:00+01:00\nlanguage: en\nauthor: Jane Doe\nsection: world\n---\n"
    f"{PARAGRAPH}\n"
).encode()

HTML = f"""<!DOCTYPE html><html lang="en"><head><title>Talks resume - Example</title>
<meta property="og:title" content="Talks resume">
<meta property="article:published_time" content="2024-11-20T09:30:00Z">
<link rel="canonical" href="https://example.org/a/1"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume</h1><p>{PARAGRAPH}</p>
<p>London and Paris are holding talks on defence cooperation, a military source said,
with a focus on Ukraine and European security in a broader sense.</p>
<p>Barrot told the BBC that France did not set red lines in its support for Ukraine.</p>
</article><footer>Copyright Example News</footer></body></html>""".encode()

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://example.org</link><language>en</language>
<item><title>Talks resume</title><link>https://example.org/a/1</link>
<guid>a-1</guid><pubDate>Wed, 20 Nov 2024 09:30:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{PARAGRAPH}</p>
<p>Second paragraph of the report.</p>]]></content:encoded>
</item>
<item><title>Only a summary</title><link>https://example.org/a/2</link>
<description>&lt;p&gt;{PARAGRAPH} This one has only a summary.&lt;/p&gt;</description></item>
</channel></rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Atom entry</title><link href="https://example.org/atom/1"/>
<id>urn:1</id><updated>2024-11-21T10:00:00Z</updated>
<content type="html">&lt;p&gt;{PARAGRAPH}&lt;/p&gt;</content></entry></feed>""".encode()

RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.org"><title>RDF News</title></channel>
<item rdf:about="https://example.org/r/1"><title>RDF item</title>
<link>https://example.org/r/1</link><description>{PARAGRAPH}</description></item>
</rdf:RDF>""".encode()

JSONL = (
    '{"id": "a1", "dataset": "demo", "cluster": "c1", "lang": "en", "title": "Talks resume", '
    f'"text": "{PARAGRAPH}", "date": "2024-11-20", "source": "Example", "url": null, '
    '"extra": {"topic": "ukraine"}, "surprise": 7}\n'
    '{"id": "a2", "text": "' + PARAGRAPH + ' Again."}\n'
).encode()


def warc(records: list[tuple[str, str, bytes]], gzip: bool = True) -> bytes:
    """A WARC with one response record per (uri, content type, payload)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for uri, content_type, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()
