"""Source prior: how expert raters judge the domain a document came from.

The table (``data/domain_ratings.tsv``) is Lin et al. (2023)'s aggregate
rating ``pc1`` for 11,519 news domains. It is reported beside the text score,
never fed into the text model: on ReCOVery, whose labels are themselves
per-publisher ratings, it nearly equals the label.

The registered domain is found without a public-suffix list: the host is
lower-cased, ``www.`` dropped, and its dot-separated suffixes are tried from
longest to shortest against the table (``news.bbc.co.uk`` -> ``bbc.co.uk``),
stopping before a bare public suffix such as ``co.uk`` could match.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit

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


def host_of(url: str) -> str | None:
    """The lower-cased host of ``url`` (a scheme is optional), or ``None``."""
    if not isinstance(url, str) or not url.strip():
        return None
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        host = urlsplit(candidate).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def lookup(url: str | None) -> tuple[str | None, float | None]:
    """``(rated_domain, pc1)`` for the URL's domain, or ``(None, None)``."""
    host = host_of(url) if url else None
    if not host:
        return None, None
    table = _table()
    labels = host.split(".")
    # At least two labels: a bare suffix ("co.uk", "com") is never a source.
    for k in range(len(labels) - 1):
        domain = ".".join(labels[k:])
        if domain in table:
            return domain, table[domain]
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
