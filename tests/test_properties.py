"""Property tests: ``extract`` and ``score`` accept anything and answer sanely.

For any input (random Unicode of every category including lone surrogates,
control and format characters, right-to-left and CJK text, long runs of one
fragment, whitespace only, bytes that are not UTF-8), nothing raises, no
signal hits an internal error, every feature is a float inside its documented
range or a documented NaN, every span lies inside the text, the score is in
[0, 1], and both results serialise to strict JSON.

The number of examples comes from the Hypothesis profile (tests/conftest.py):
a quick derandomized pass by default, 4,000 per test (12,000 in all) under
``ci-long``.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime

from hypothesis import example, given
from hypothesis import strategies as st

import credscore
from credscore.extraction import Features, decode_bytes, feature_names, feature_specs
from credscore.signals import signal_module_names

# Every general category, lone surrogates (Cs), private use and unassigned included.
ALL_CATEGORIES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
                  "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn")
any_char = st.characters(categories=ALL_CATEGORIES)
alphabets = st.sampled_from([
    any_char,
    st.characters(categories=("Cc", "Cf", "Zs", "Zl", "Zp")),  # control, format and space characters
    st.characters(min_codepoint=0x0590, max_codepoint=0x08FF),  # Hebrew, Arabic, Syriac: right to left
    st.characters(min_codepoint=0x3040, max_codepoint=0x9FFF),  # kana and CJK ideographs
    st.characters(min_codepoint=0x2800, max_codepoint=0x28FF),  # Braille, the "stray symbol" damage
    st.sampled_from(" \t\n\r\x0b\x0c\xa0\u2028\u2029\u3000\u200b\ufeff"),  # white space of every kind
    st.sampled_from(".!?,;:'\"()[]-*\u2026\u201c\u201d\u2014"),  # punctuation only
    st.characters(min_codepoint=32, max_codepoint=126),  # printable ASCII
])
# Pieces of real pages that reach the signals' deeper paths: abbreviations,
# quotes and attributions, hedges, dates, boilerplate lines, mojibake, lists.
FRAGMENTS = (
    "Dr. Smith said ", "according to sources familiar with the matter, ", "It may be that ", "U.S. ",
    "experts say ", "\u201cWe will act,\u201d he said. ", "\"Yes,\" said a spokesman. ", "Advertisement\n",
    "Copyright \u00a9 2020 Example Media\n", "Read more: ", "January 5, 2020", "2020-01-05", "5.1.2020",
    "1999-2020", "the 1990s ", "next year ", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\ufffd", "\x00", "\x85",
    "\u200b", "\ufeff", "\u28e0", "Ab.Cd", "Ab.", "-- ", "\u2022 ", "1. ", "a) ", "Title Case Heading Here\n",
    "Credits: ", "Label: value\n", "http://example.com/a?b=c ", "\u041f\u0443\u0442\u0438\u043d ", "Pyt\u0438n ",
    "\u91d1\u6b63\u6069 ", "\u05e9\u05dc\u05d5\u05dd ", "\u0645\u0631\u062d\u0628\u0627 ", "e.g. ", "COVID-19 ",
    "In conclusion, it is important to note that ", "...", "!!!", "?!", "\n", "\n\n", " ", "\r\n", "\t",
    "The committee met on Tuesday and agreed to review the budget. ", "What happened next? ",
)
fragment = st.sampled_from(FRAGMENTS)
piece = st.one_of(
    fragment,
    alphabets.flatmap(lambda chars: st.text(chars, max_size=60)),
    # Long runs: deeply repeated punctuation, long lines without spaces.
    st.tuples(fragment | st.text(any_char, min_size=1, max_size=3), st.integers(1, 3_000)).map(
        lambda pair: (pair[0] * pair[1])[:20_000]
    ),
)
documents = st.lists(piece, max_size=25).map("".join)
binaries = st.one_of(
    st.binary(max_size=3_000),
    documents.map(lambda t: t.encode("utf-16", "surrogatepass")),
    documents.map(lambda t: t.encode("cp1252", "replace")),
    documents.map(lambda t: t.encode("utf-8", "surrogatepass")),  # CESU-style: not valid UTF-8
)
#: URL-shaped strings built from parts, hostile ones included: many labels,
#: long labels, Unicode hosts, white space, odd schemes, ports and userinfo.
_labels = st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
                    st.text(any_char, min_size=1, max_size=6),
                    st.integers(60, 70).map(lambda n: "a" * n))
built_urls = st.builds(
    lambda scheme, user, labels, suffix, port, path: f"{scheme}{user}{'.'.join(labels)}{suffix}{port}{path}",
    st.sampled_from(["http://", "https://", "", "HTTP://", "1x://", "ht tp://", "//"]),
    st.sampled_from(["", "user@", "a:b@"]),
    st.lists(_labels, min_size=1, max_size=6) | st.integers(100, 300).map(lambda n: ["a"] * n),
    st.sampled_from([".com", ".co.uk", ".blogspot.com", ".medium.com", "", ".", ".xn--p1ai"]),
    st.sampled_from(["", ":80", ":99999", ":x"]),
    st.text(any_char, max_size=20).map(lambda t: "/" + t))
urls = st.one_of(st.none(), st.text(any_char, max_size=40), built_urls,
                 st.sampled_from(["https://www.bbc.co.uk/news/x", "http://", "https://dailymail.co.uk/a?b",
                                  "ftp://x", "https://xn--d1acufc.xn--p1ai/", "//example.com", "https://[::1]/"]))
dates = st.one_of(st.none(), st.dates(), st.datetimes(), st.text(any_char, max_size=20),
                  st.sampled_from(["2020-02-30", "2020-01-05T10:00:00Z", "0001-01-01", "9999-12-31", ""]))

# snake_case, or the language signal's "other_language:<code>" (a language
# such as "zh-cn", or a script such as "arab" when no language is known).
_REASON_CODE = re.compile(r"[a-z][a-z0-9_]*(?::[a-z]{2,4}(?:-[a-z]+)?)?")
_SIGNALS = frozenset(signal_module_names())


def expected_text(value: str | bytes) -> str:
    """The text spans must index: decoded bytes, lone surrogates as '?'."""
    text = decode_bytes(value)[0] if isinstance(value, bytes) else value
    return text.encode("utf-8", "replace").decode("utf-8")


def check_features(features: Features, given_input: str | bytes) -> None:
    assert not [w for w in features.warnings if w.startswith("internal_error")], features.warnings
    assert tuple(features) == feature_names()
    for spec in feature_specs():
        value = features[spec.name]
        assert isinstance(value, float), spec.name
        if math.isnan(value):
            # NaN only where documented: an English lexicon on a non-English
            # text, or a ratio the spec itself says is NaN when it does not apply.
            assert (spec.english_only and not features.english) or "NaN when" in spec.description, spec.name
        else:  # a rate of exactly the bound may round one ulp past it
            assert spec.low - 1e-9 <= value <= spec.high * (1 + 1e-12) + 1e-9, (spec.name, value, spec)
    assert features.text == expected_text(given_input)
    assert features.text_length == len(features.text)
    assert features.main_words >= 0
    for span in features.spans:
        assert 0 <= span.start <= span.end <= len(features.text), span
        assert span.signal in _SIGNALS and _REASON_CODE.fullmatch(span.reason), span
    assert list(features.spans) == sorted(features.spans, key=lambda s: (s.start, s.end, s.signal, s.reason))
    json.dumps(features.to_dict(), allow_nan=False)


def check_score(result: credscore.Score, given_input: str | bytes) -> None:
    check_features(result.features, given_input)
    # Unscorable results carry no reliability or score and say why.
    if result.band == "unscorable":
        assert result.reliability is None and result.score is None and result.reason_codes
    else:
        assert 0.0 <= result.reliability <= 1.0
        assert 0.0 <= result.score <= result.reliability
        assert result.band in ("low", "medium", "high")
    assert 0.0 <= result.quality <= 1.0 and result.confidence in ("normal", "low")
    assert math.isfinite(result.base) and all(math.isfinite(c) for c in result.contributions.values())
    if result.combined is not None:
        assert 0.0 <= result.combined <= 1.0
    json.dumps(result.to_dict(), allow_nan=False)


@given(documents)
@example("")
@example(" \n\t\r\n \u3000\u2028")
@example("\ud800 lone surrogate \udfff")
@example("." * 5_000 + "x")
def test_extract_accepts_any_text(text):
    check_features(credscore.extract(text), text)


@given(binaries)
@example(b"")
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbf")
@example(b"caf\xe9 cr\xe8me, \x81\x8d\x8f\x90\x9d")  # cp1252 with its five undefined bytes
def test_extract_accepts_any_bytes(data):
    check_features(credscore.extract(data), data)


@given(documents, urls, dates)
@example("", None, None)
@example("The committee met on Tuesday. " * 40, "https://www.bbc.co.uk/news/x", "2020-01-05")
def test_score_accepts_any_text_url_and_date(text, url, published):
    check_score(credscore.score(text, url=url, published=published), text)


@given(built_urls)
@example("http://" + "a." * 40_000 + "com/")
def test_source_lookup_accepts_any_url(url):
    from credscore.sources import MAX_HOST_CHARS, MAX_URL_CHARS, host_of, lookup

    host = host_of(url)
    if host is not None:
        assert len(url.strip()) <= MAX_URL_CHARS and (host.startswith("[") or len(host) <= MAX_HOST_CHARS)
    domain, value = lookup(url)
    if domain is not None:
        # A rated domain is the host or one of its parents, never a bare suffix.
        assert host == domain or host.endswith("." + domain)
        assert "." in domain and 0.0 <= value <= 1.0


def test_extract_accepts_a_one_megabyte_line_without_spaces():
    text = "Ab.Cd-" * (1_000_000 // 6) + "\u28e0" * 1_000
    check_score(credscore.score(text), text)


def test_extract_accepts_wrong_types_with_a_warning():
    for value in (None, 42, 3.5, ["a list"], object()):
        features = credscore.extract(value)  # type: ignore[arg-type]
        assert any(w.startswith("bad_input") for w in features.warnings)
        check_features(features, "")
    for published in (42, object(), date.max, datetime.min):
        check_features(credscore.extract("Some text.", published=published), "Some text.")
