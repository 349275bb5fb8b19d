"""The source prior: registered-domain lookup and the documented blend."""

from __future__ import annotations

import pytest

from credscore.sources import combine, host_of, lookup


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://www.reuters.com/world/asia/x", "reuters.com"),  # www. dropped
        ("reuters.com/article", "reuters.com"),  # no scheme
        ("https://WWW.APNEWS.COM./x", "apnews.com"),  # case, trailing dot
        ("https://news.bbc.co.uk/2/hi/x.stm", "bbc.co.uk"),  # subdomain under a two-label suffix
    ],
)
def test_rated_domains_are_found(url, domain):
    found, value = lookup(url)
    assert found == domain
    assert 0.0 <= value <= 1.0


@pytest.mark.parametrize("url", [None, "", "not a url at all", "https://co.uk/", "https://example.invalid/x", "http://[::1"])
def test_unrated_or_broken_urls_give_nothing(url):
    assert lookup(url) == (None, None)


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
