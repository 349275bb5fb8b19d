"""Source prior: how expert raters judge the domain a document came from.

The table (``data/domain_ratings.tsv``) is Lin et al. (2023)'s aggregate
rating ``pc1`` for 11,519 news domains. It is reported beside the text score,
never fed into the text model: on ReCOVery, whose labels are themselves
per-publisher ratings, it nearly equals the label.

The registered domain comes from the public suffix list, as bundled with
tldextract (its snapshot only: credscore never fetches a newer list and keeps
no cache, see :func:`_extractor`). Private suffixes count, so
``someone.blogspot.com`` is its own site and does not inherit
``blogspot.com``'s rating; :data:`USER_CONTENT_HOSTS` adds platforms that host
users' sites but are not on the list. The host's labels are tried from the
full host down to the registered domain (``news.bbc.co.uk`` -> ``bbc.co.uk``),
so a rated subdomain wins over its parent.

URLs are capped and shape-checked before any parsing (:data:`MAX_URL_CHARS`,
:data:`MAX_HOST_CHARS`, RFC 3986's scheme and host grammar), so a hostile
URL costs time linear in a bounded length.
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

#: How much the source prior weighs against the text score in
#: :func:`combine`: equal weight in logit space. The text model is validated
#: on unseen publishers (ROC-AUC in docs/model.md), the source ratings cover
#: only rated domains; neither clearly dominates, so neither is favoured.
SOURCE_WEIGHT = 0.5


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    text = (files("credscore") / "data" / "domain_ratings.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            domain, _, value = line.partition("\t")
            table[domain] = float(value)
    return table


#: Longest URL looked up. RFC 9110 (section 4.1) asks that senders and
#: recipients support URIs of at least 8,000 octets; anything longer is not a
#: page address a crawler would have fetched.
MAX_URL_CHARS = 8_192
#: Longest host name: 253 characters in text form (RFC 1035, section 2.3.4:
#: 255 octets on the wire), each label at most 63 (section 2.3.1).
MAX_HOST_CHARS = 253
MAX_LABEL_CHARS = 63
#: Hosts whose subdomains are users' own sites but that the public suffix
#: list does not list as private suffixes (checked against tldextract 5.4's
#: snapshot): a blog at ``someone.medium.com`` is not Medium's newsroom.
USER_CONTENT_HOSTS = ("medium.com", "wordpress.com", "substack.com", "tumblr.com")

#: RFC 3986 section 3.1: ``scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )``.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
#: Whitespace and control characters are never part of a URI (RFC 3986, section 2).
_NOT_IN_URI = re.compile(r"[\x00-\x20\x7f]")
#: One host label: letters (IDNA hosts may be given in Unicode), digits,
#: hyphens and, as real hosts use them, underscores.
_LABEL = re.compile(r"[\w-]+")


@lru_cache(maxsize=1)
def _extractor() -> Any:
    import tldextract

    # The bundled snapshot only: no suffix list URLs (so nothing is fetched)
    # and no cache directory (so nothing is written).
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True,
                                 include_psl_private_domains=True, extra_suffixes=USER_CONTENT_HOSTS)


def host_of(url: str) -> str | None:
    """The lower-cased host of ``url`` (a scheme is optional), or ``None``
    when ``url`` is not a URL: longer than :data:`MAX_URL_CHARS`, holding
    white space or control characters, with a scheme that is not RFC 3986's
    shape, or a host that is not a valid DNS name or IP address."""
    if not isinstance(url, str) or not url.strip():
        return None
    candidate = url.strip()
    if len(candidate) > MAX_URL_CHARS:
        logger.debug("URL of %d characters not looked up (limit %d)", len(candidate), MAX_URL_CHARS)
        return None
    if _NOT_IN_URI.search(candidate):
        return None
    scheme, sep, _ = candidate.partition("://")
    if not sep:
        candidate = "http://" + candidate
    elif not _SCHEME.fullmatch(scheme):
        return None
    try:
        host = urlsplit(candidate).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    if host.startswith("["):  # an IP literal has no domain
        return host
    labels = host.split(".")
    if len(host) > MAX_HOST_CHARS or not all(len(x) <= MAX_LABEL_CHARS and _LABEL.fullmatch(x) for x in labels):
        return None
    return host[4:] if host.startswith("www.") else host


def registered_domain(host: str) -> str:
    """The registrable part of ``host`` under the public suffix list
    (``news.bbc.co.uk`` -> ``bbc.co.uk``), or ``""`` for a bare suffix or
    an IP address."""
    parts = _extractor()(host)
    return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else ""


def lookup(url: str | None) -> tuple[str | None, float | None]:
    """``(rated_domain, pc1)`` for the URL's domain, or ``(None, None)``."""
    host = host_of(url) if url else None
    if not host:
        return None, None
    table = _table()
    if host in table:  # the platform's own site (medium.com) keeps its rating
        return host, table[host]
    domain = registered_domain(host)
    if not domain:
        return None, None
    labels = host.split(".")
    # From the full host down to the registered domain, never above it.
    for k in range(1, len(labels) - domain.count(".")):
        candidate = ".".join(labels[k:])
        if candidate in table:
            return candidate, table[candidate]
    return None, None


def combine(text_score: float, source_score: float | None, weight: float = SOURCE_WEIGHT) -> float:
    """Blend the text score with the source prior in logit space:
    ``sigmoid((1 - w) * logit(text) + w * logit(source))``. Without a source
    score, the text score is returned unchanged."""
    if source_score is None or not math.isfinite(source_score):
        return text_score
    eps = 1e-4

    def logit(p: float) -> float:
        p = min(max(p, eps), 1 - eps)
        return math.log(p / (1 - p))

    z = (1 - weight) * logit(text_score) + weight * logit(source_score)
    return 1.0 / (1.0 + math.exp(-z))
