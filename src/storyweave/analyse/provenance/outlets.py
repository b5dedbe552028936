"""The outlet registry: names, aliases, domains and descriptors of news outlets and agencies.

A shipped list (``storyweave/data/outlets.txt``) covers several hundred outlets and agencies
worldwide; users add their own with a file in the same line format (setting
``outlets_file``), whose ids replace shipped ones. The registry answers three questions:

- which outlet does a phrase name ("Le Monde", "the Guardian newspaper", "lemonde.fr")?
- which outlet publishes at a URL or domain (``www.lemonde.fr/...``)?
- which outlets does a descriptor fit ("the French daily")?

Matching is on normalised text: case-sensitive for short names (so "Time" and "People" are
not "time" and "people"), case-insensitive for names of two words or more, and blind to the
spaces, hyphens and dots inside a longer name ("RussiaToday", "Al-Jazeera", "Fox-News").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from storyweave.errors import ConfigError
from storyweave.models import Outlet

_FIELDS = ("id", "name", "aliases", "domains", "kind", "country", "descriptors")
_KINDS = {"agency", "outlet"}
_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_LEADING = re.compile(
    r"^(?:(?:the|a|an|le|la|les|el|los|las|il|der|die|das|dem|den|des)\s+|[ld]['’](?=\w))", re.I
)
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")
_SPACES = re.compile(r"\s+")
_JOINERS = re.compile(r"[\s.'’-]+")
_DOMAIN = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/.*)?$", re.I)
#: A name this short (in letters) or of one word is matched case-sensitively.
_CASE_SENSITIVE_MAX = 6


@dataclass(frozen=True)
class OutletRef:
    """An outlet as a provenance graph names it: node key, label, whether a wire agency, and
    how it was found ("registry", "source", "url", "self-reference", "cited")."""

    key: str
    label: str
    agency: bool = False
    method: str = "registry"


def parse_outlets(text: str, origin: str) -> list[Outlet]:
    """Outlets from registry lines; a bad line raises ConfigError naming ``origin`` and line."""
    found: list[Outlet] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = [part.strip() for part in stripped.split("|")]
        where = f"{origin}:{number}"
        if len(parts) != len(_FIELDS):
            raise ConfigError(
                f"{where}: an outlet line has {len(_FIELDS)} fields separated by '|' "
                f"({' | '.join(_FIELDS)}); got {len(parts)}"
            )
        ident, name, aliases, domains, kind, country, descriptors = parts
        if not _ID.match(ident):
            raise ConfigError(f"{where}: outlet id must be lower-case letters, digits, - or .")
        if not name:
            raise ConfigError(f"{where}: outlet {ident!r} needs a name")
        if kind not in _KINDS:
            raise ConfigError(f"{where}: kind must be agency or outlet; got {kind!r}")
        found.append(
            Outlet(
                id=ident,
                name=name,
                aliases=_split(aliases),
                domains=tuple(d.lower() for d in _split(domains)),
                agency=kind == "agency",
                country=country.lower(),
                descriptors=tuple(d.lower() for d in _split(descriptors)),
            )
        )
    return found


def _name_like(word: str, position: int) -> bool:
    """Whether a neighbouring word continues a capitalised name (not "The", not "'s")."""
    if position < 0 or not word[:1].isupper() or word.endswith(("'s", "’s", "'", "’")):
        return False  # "Britain's Guardian newspaper": a possessive starts no name
    return word.lower() not in {"the", "a", "an"}


def _add(index: dict[str, list[str]], key: str, ident: str) -> None:
    bucket = index.setdefault(key, [])
    if ident not in bucket:
        bucket.append(ident)


def _split(field: str) -> tuple[str, ...]:
    return tuple(piece.strip() for piece in field.split(";") if piece.strip())


def _squash(key: str) -> str:
    """A key without case, spaces, hyphens or dots ("Russia Today" -> "russiatoday")."""
    return _JOINERS.sub("", key).casefold()


def normalise_name(phrase: str) -> str:
    """The phrase as registry keys are written: no leading article, possessive or spaces."""
    text = _SPACES.sub(" ", phrase).replace(" - ", "-").strip(" \t\n\"“”‘’'«»()[],.:;")
    text = _TRAILING.sub("", text)
    return _LEADING.sub("", text).strip()


def domain_of(url_or_domain: str) -> str:
    """The lower-case host of a URL or domain, without ``www.`` and port."""
    text = url_or_domain.strip()
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


class OutletRegistry:
    """Lookups over a set of outlets; build with :meth:`default` or from outlets directly."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self._by_id: dict[str, Outlet] = {}
        for outlet in outlets:
            self._by_id[outlet.id] = outlet  # later entries (user files) replace earlier ones
        self._exact: dict[str, list[str]] = {}
        self._folded: dict[str, list[str]] = {}
        self._squashed: dict[str, list[str]] = {}
        self._domains: dict[str, str] = {}
        self._descriptors: dict[str, set[str]] = {}
        self._names: dict[str, tuple[str, ...]] = {}
        for outlet in self._by_id.values():
            self._index(outlet)
        self._longest = max((len(k.split()) for k in self._folded), default=1)
        self._vocabulary: frozenset[str] | None = None

    def _index(self, outlet: Outlet) -> None:
        self._names[outlet.id] = tuple(
            normalise_name(name).casefold() for name in (outlet.name, *outlet.aliases)
        )
        for name in (outlet.name, *outlet.aliases):
            key = normalise_name(name)
            if not key:
                continue
            _add(self._exact, key, outlet.id)
            if len(key) > _CASE_SENSITIVE_MAX or " " in key:
                _add(self._folded, key.casefold(), outlet.id)
            squashed = _squash(key)
            if len(squashed) > _CASE_SENSITIVE_MAX:
                _add(self._squashed, squashed, outlet.id)
        for domain in outlet.domains:
            self._domains.setdefault(domain_of(domain), outlet.id)
        for descriptor in outlet.descriptors:
            self._descriptors.setdefault(normalise_name(descriptor).lower(), set()).add(outlet.id)

    @classmethod
    def default(cls, extra_file: str | None = None) -> OutletRegistry:
        """The shipped registry, extended (and overridden by id) by ``extra_file`` if given."""
        shipped = resources.files("storyweave").joinpath("data/outlets.txt")
        outlets = parse_outlets(shipped.read_text(encoding="utf-8"), "outlets.txt")
        if extra_file:
            path = Path(extra_file)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"outlets_file {extra_file!r} cannot be read: {exc}") from None
            outlets.extend(parse_outlets(text, extra_file))
        return cls(outlets)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, outlet_id: object) -> bool:
        return outlet_id in self._by_id

    def get(self, outlet_id: str) -> Outlet | None:
        return self._by_id.get(outlet_id)

    def resolve(self, phrase: str, prefer: Iterable[str] = ()) -> Outlet | None:
        """The outlet a phrase names exactly ("Le Monde", "the AP", "lemonde.fr").

        An alias several outlets share ("the Post") resolves to one of ``prefer`` (outlets
        the article already named in full) when it can, else to the first registered.
        """
        key = normalise_name(phrase)
        if not key:
            return None
        idents = (
            self._exact.get(key)
            or self._folded.get(key.casefold())
            or (self._squashed.get(_squash(key)) if not _DOMAIN.match(key) else None)
        )
        if not idents:
            return self.by_domain(key) if _DOMAIN.match(key) and "." in key else None
        wanted = set(prefer)
        preferred = [i for i in idents if i in wanted]
        return self._by_id[(preferred or idents)[0]]

    def find_in(self, phrase: str) -> Outlet | None:
        """The outlet whose name is the longest word run inside ``phrase`` ("Britain's
        Guardian newspaper" -> The Guardian), or None. A run next to another capitalised
        word is part of a longer, unknown name ("the Anchorage Daily News" is not the
        Daily News) and does not count."""
        words = _SPACES.sub(" ", phrase).strip().split(" ")
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                before = words[start - 1] if start > 0 else ""
                after = words[start + size] if start + size < len(words) else ""
                if _name_like(before, start - 1) or _name_like(after, start + size):
                    continue
                found = self.resolve(" ".join(words[start : start + size]))
                if found is not None:
                    return found
        return None

    def name_tail(self, phrase: str, named: Iterable[str]) -> Outlet | None:
        """The outlet among ``named`` whose name ends with ``phrase`` ("the Union-Tribune"
        after "The San Diego Union-Tribune")."""
        key = normalise_name(phrase).casefold()
        if not key or len(key) < 4:
            return None
        for ident in dict.fromkeys(named):
            for full in self._names.get(ident, ()):
                if full != key and (full.endswith(" " + key) or full.endswith("-" + key)):
                    return self._by_id[ident]
        return None

    def by_domain(self, url_or_domain: str) -> Outlet | None:
        """The outlet publishing at this URL or domain (sub-domains fall back to parents)."""
        host = domain_of(url_or_domain)
        while host and "." in host:
            ident = self._domains.get(host)
            if ident is not None:
                return self._by_id[ident]
            host = host.split(".", 1)[1]
        return None

    def descriptor_words(self) -> frozenset[str]:
        """Every lower-cased word of every descriptor ("french", "daily", "state", ...)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(w for d in self._descriptors for w in d.split())
        return self._vocabulary

    def matching_descriptor(self, phrase: str) -> set[str]:
        """Ids of outlets ``phrase`` describes ("the French daily" -> Le Monde, Le Figaro...)."""
        return set(self._descriptors.get(normalise_name(phrase).lower(), set()))

    def ref(self, outlet_id: str, method: str = "registry") -> OutletRef:
        """The graph reference of a registered outlet (or of an unregistered key)."""
        outlet = self._by_id.get(outlet_id)
        if outlet is None:
            return OutletRef(outlet_id, outlet_id, False, method)
        return OutletRef(outlet.id, outlet.name, outlet.agency, method)

    def own_outlet(self, source: str | None, url: str | None) -> OutletRef | None:
        """An article's own outlet from its metadata: the source name or domain, then the
        URL's domain; an unregistered source or domain stands for itself."""
        if source:
            found = self.resolve(source) or self.by_domain(source)
            if found is not None:
                return self.ref(found.id, "source")
        if url:
            found = self.by_domain(url)
            if found is not None:
                return self.ref(found.id, "url")
        if source and normalise_name(source):
            name = normalise_name(source)
            key = domain_of(name) if _DOMAIN.match(name) else name.lower()
            return OutletRef(key, name, False, "source")
        host = domain_of(url) if url else ""
        return OutletRef(host, host, False, "url") if host else None
