"""Cleaning steps: small pure ``str -> str`` functions.

Two kinds, composed by :mod:`storyweave.clean.pipeline`:

* *normalisers* rewrite characters but keep every line (unicode, quotes, spaces);
* *line filters* drop whole lines of scraper debris and nothing else, so the pipeline can
  record each dropped line with the filter's reason.

Every filter only looks at short, self-contained lines: a real sentence that merely mentions
a photo, a byline or "read more" is never touched (see the tables in tests/clean).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storyweave.text import collapse_spaces, normalise_unicode

StrStep = Callable[[str], str]

# Lines longer than this are prose, never debris, whatever words they contain.
_SHORT_LINE = 160


@dataclass(frozen=True)
class LineFilter:
    """A debris rule: drops every line ``matches`` accepts; ``reason`` is recorded per line.

    With ``window``, only the first ``window`` non-blank lines are candidates.
    """

    reason: str
    matches: Callable[[str], bool]
    window: int | None = None

    def drops(self, lines: list[str]) -> list[bool]:
        """For each line, whether this filter drops it."""
        out: list[bool] = []
        seen = 0
        for line in lines:
            in_window = self.window is None or seen < self.window
            out.append(in_window and self.matches(line))
            seen += bool(line.strip())
        return out

    def __call__(self, text: str) -> str:
        lines = text.split("\n")
        return "\n".join(
            line for line, drop in zip(lines, self.drops(lines), strict=True) if not drop
        )


# --- normalisers ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'"})


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so every later step sees one kind of line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")


def normalise_characters(text: str) -> str:
    """NFC, no control or zero-width characters (line breaks kept)."""
    return normalise_unicode(text)


def normalise_quotes(text: str) -> str:
    """Typographic double and single quotes become ASCII ones (guillemets are kept)."""
    return text.translate(_QUOTES)


def normalise_spaces(text: str) -> str:
    """Fold horizontal white space inside each line and trim it; line count is unchanged."""
    return "\n".join(collapse_spaces(line) for line in text.split("\n"))


def collapse_blank_lines(text: str) -> str:
    """Drop blank lines: one paragraph per line, no leading or trailing white space."""
    return "\n".join(line for line in text.split("\n") if line.strip())


# --- line filters --------------------------------------------------------------------------


def _short_line_matching(pattern: str, flags: int = re.IGNORECASE) -> Callable[[str], bool]:
    regex = re.compile(pattern, flags)

    def matches(line: str) -> bool:
        stripped = line.strip()
        return 0 < len(stripped) <= _SHORT_LINE and regex.search(stripped) is not None

    return matches


_RELATED_LEAD = (
    r"read (?:also|more|next)|also read|see also|related(?: articles?| stories| coverage)?"
    r"|more on this(?: story)?|recommended|lire aussi|à lire aussi|voir aussi"
    r"|lesen sie auch|mehr zum thema|leer más|lea también|ver también|leggi anche"
    r"|читайте також|читайте также|дивіться також|смотрите также"
)
related_links = LineFilter(
    "related-link",
    _short_line_matching(rf"^[\[(]?(?:{_RELATED_LEAD})\b\s*[:»>\-–—|)\]]"),
)
"""'Read also: …', 'READ MORE: …', 'Lire aussi : …' — links to other stories."""

read_more_alone = LineFilter(
    "related-link",
    _short_line_matching(
        r"^(?:read more|read the full (?:story|article)|continue reading|more stories"
        r"|click here to read more|full story)\W*$"
    ),
)
"""A bare 'Read more' / 'Continue reading' button label."""

image_credits = LineFilter(
    "image-credit",
    _short_line_matching(
        r"^[\[(]?(?i:photo|photograph|image|picture|pic|illustration|video|credit|фото"
        r"|photo credit|image credit)\s*[:©/|]\s*\S"
        r"|^[\[(]?(?i:photo|image|picture|illustration) (?i:by) [A-Z]"
        r"|^©\s*\S"
        r"|^(?:[A-Z][\w.'-]+ ?){0,3}(?:/ ?|via |for )?(?:Getty Images|AFP|Reuters|AP Photo|EPA"
        r"|Shutterstock|Bloomberg|Alamy|Pexels|Unsplash)(?:\s*(?:via|/)\s*[\w .'-]+)?\W*$",
        0,
    ),
)
"""'Photo: Getty Images', '(Image: AFP)', '© Reuters' — captions' credits, not prose."""

page_furniture = LineFilter(
    "page-furniture",
    _short_line_matching(
        r"^(?:pixel|advertisement|advertising|sponsored(?: content)?|ad|skip to (?:main )?content"
        r"|skip navigation|back to top|top of page|print(?: this)?(?: article)?|email|share"
        r"|tweet|comments?|loading\.*|close|menu|search|home|публікація|реклама|publicité"
        r"|werbung|anzeige|publicidad)\W*$"
    ),
)
"""One-word page furniture left by scrapers: 'pixel', 'Advertisement', 'Share', 'Menu'."""

share_prompts = LineFilter(
    "share-prompt",
    _short_line_matching(
        r"^(?:share (?:this|on|via)|click (?:here )?to share|follow us on|like us on"
        r"|join us on|subscribe (?:to|now|for|today)|sign up (?:for|to|now)"
        r"|get (?:our|the) (?:daily |weekly |free )?newsletter|download (?:our|the) app"
        r"|support (?:our|independent) journalism|become a (?:member|subscriber)"
        r"|already a subscriber|log ?in to (?:comment|continue)|you can read this article"
        r"|abonnez-vous|suivez-nous|teilen sie|folgen sie uns|suscríbete|síguenos"
        r"|підписуйтесь|подписывайтесь|приєднуйтесь до)\b"
    ),
)
"""'Share this article', 'Follow us on Telegram', 'Subscribe to our newsletter' prompts."""

cookie_notices = LineFilter(
    "cookie-notice",
    _short_line_matching(
        r"(?:we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies"
        r"|cookie (?:policy|settings|preferences)|by continuing to (?:use|browse))"
    ),
)
"""Cookie and consent banners."""

_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}"
bylines = LineFilter(
    "byline",
    _short_line_matching(
        rf"^(?i:by|par|von|por|di|от|від)\s+{_NAME}(?:\s*(?:,|and|&|et|und|y|e|і|и)\s*{_NAME})*"
        r"(?:\s*[,|–—-]\s*[\w .'’-]{1,40})?$"
        r"|^(?i:published|updated|posted|last updated|first published)\s*(?i:on|at)?\s*:?\s*"
        r"[\w ,:./+-]{4,60}$"
        r"|^\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?(?:,|\s)+\d{1,2} \w+ \d{4}\W*$",
        0,
    ),
)
"""'By Jane Doe and John Roe, Reuters', 'Updated: 12 Nov 2024 10:31' — not 'By 2030, …'."""

LINE_FILTERS: tuple[LineFilter, ...] = (
    related_links,
    read_more_alone,
    image_credits,
    page_furniture,
    share_prompts,
    cookie_notices,
    bylines,
)
NORMALISERS: tuple[StrStep, ...] = (
    normalise_newlines,
    normalise_characters,
    normalise_quotes,
    normalise_spaces,
)


def _fold(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().casefold()


def repeated_headline(title: str | None, *, within: int = 3) -> LineFilter:
    """A filter for the headline repeated among the first ``within`` non-blank body lines.

    Scrapers often put the title into the body as well; compared after folding case and
    punctuation, and only near the top, so a later quote of the headline stays.
    """
    folded_title = _fold(title or "")

    def matches(line: str) -> bool:
        return bool(folded_title) and _fold(line) == folded_title

    return LineFilter("repeated-headline", matches, window=within)
