"""The source prior: registered-domain lookup and the documented blend."""

from __future__ import annotations

import socket

import pytest

from credscore import sources
from credscore.sources import MAX_URL_CHARS, combine, host_of, lookup


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://www.reuters.com/world/asia/x", "reuters.com"),  # www. dropped
        ("reuters.com/article", "reuters.com"),  # no scheme
        ("https://WWW.APNEWS.COM./x", "apnews.com"),  # case, trailing dot
        ("https://news.bbc.co.uk/2/hi/x.stm", "bbc.co.uk"),  # subdomain under a two-label suffix
        ("https://blogspot.com/", "blogspot.com"),  # the platform itself keeps its rating
        ("https://medium.com/about", "medium.com"),
    ],
)
def test_rated_domains_are_found(url, domain):
    found, value = lookup(url)
    assert found == domain
    assert 0.0 <= value <= 1.0


@pytest.mark.parametrize("url", [None, "", "not a url at all", "https://co.uk/", "https://example.invalid/x", "http://[::1"])
def test_unrated_or_broken_urls_give_nothing(url):
    assert lookup(url) == (None, None)


@pytest.mark.parametrize("url", [
    # Users' sites under a rated platform are not the platform: blogspot.com
    # is a private suffix on the public suffix list; Medium, WordPress.com,
    # Substack and Tumblr are in USER_CONTENT_HOSTS.
    "https://someone.blogspot.com/2016/09/post.html",
    "https://someone.blogspot.co.uk/",
    "https://someone.medium.com/a-post",
    "https://someone.wordpress.com/2016/",
])
def test_users_sites_do_not_inherit_their_platforms_rating(url):
    assert lookup(url) == (None, None)


@pytest.mark.parametrize("url", [
    "http://" + "a." * 40_000 + "com/",  # the repro: 9 s before the cap
    "https://reuters.com/" + "x" * MAX_URL_CHARS,  # over the documented cap
    "http://reu ters.com/",  # white space is never in a URI (RFC 3986, section 2)
    "1http://reuters.com/",  # a scheme starts with a letter (section 3.1)
    "ht~tp://reuters.com/",
    "http://" + "a" * 64 + ".com/",  # a DNS label is at most 63 characters
    "http://" + "a." * 130 + "reuters.com/",  # a host is at most 253
    "http://reu$ters.com/",
])
def test_urls_that_are_not_urls_are_refused(url):
    assert host_of(url) is None
    assert lookup(url) == (None, None)


def test_a_url_at_the_cap_is_still_read():
    url = "https://www.reuters.com/" + "x" * (MAX_URL_CHARS - len("https://www.reuters.com/"))
    assert len(url) == MAX_URL_CHARS
    assert lookup(url)[0] == "reuters.com"


def test_the_suffix_list_is_the_bundled_snapshot_and_nothing_is_fetched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    sources._extractor.cache_clear()
    try:
        extractor = sources._extractor()
        # No URL to fetch a newer list from, no cache to write one to.
        assert extractor.suffix_list_urls == ()
        assert extractor._cache.enabled is False
        assert lookup("https://someone.blogspot.com/")[0] is None
        assert lookup("https://news.bbc.co.uk/x")[0] == "bbc.co.uk"
    finally:
        sources._extractor.cache_clear()


def test_reuters_rates_above_a_known_low_quality_site():
    # Lin et al. rate wire services near the top; infowars near the bottom.
    assert lookup("reuters.com")[1] > 0.9
    assert lookup("infowars.com")[1] < 0.3


def test_combine_is_neutral_without_a_source_and_moves_towards_it_with_one():
    assert combine(0.7, None) == 0.7
    assert combine(0.5, 0.9) > 0.5
    assert combine(0.5, 0.1) < 0.5
    assert combine(0.8, 0.8) == pytest.approx(0.8)


def test_host_of_handles_ports_and_userinfo():
    assert host_of("http://user@www.example.com:8080/x") == "example.com"
