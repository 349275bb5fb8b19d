"""Main-content terms: what the vocabulary model may read, and what it never sees."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from credscore.document import Document
from credscore.extraction import extract
from credscore.terms import _scan_for_term, find_terms, main_terms


def test_words_and_adjacent_pairs_of_the_main_content():
    doc = Document.from_text(
        "The mainstream media ignored the report on Tuesday, and the mainstream media moved on to other news "
        "while the governor's office declined to say anything more about the matter at hand today."
    )
    terms = main_terms(doc)
    assert terms["mainstream media"] == 2
    assert terms["media"] == 2
    assert terms["governor's"] == 1  # inner apostrophe kept
    # Punctuation does not break a pair, as in the field's bag-of-words
    # baselines (scikit-learn's word n-grams); a number token does (below).
    assert terms["tuesday and"] == 1


def test_numbers_and_dates_never_become_terms():
    # Years and figures date a corpus rather than describe the writing.
    doc = Document.from_text(
        "In 2020 the agency counted 3,400 cases, up 12% from the 1,200 it reported on 3 March, officials said "
        "in a statement released late on Friday evening to reporters."
    )
    terms = main_terms(doc)
    assert not any(ch.isdigit() for term in terms for ch in term)
    # Pairs never bridge a number: "in 2020 the" gives no "in the".
    assert "in the" not in terms
    assert "in agency" not in terms and "counted up" not in terms


def test_boilerplate_lines_are_skipped():
    text = ("Subscribe to our newsletter\n\n"
            "The council voted on Monday to close the bridge for repairs after engineers found cracks in two "
            "of its supports, a spokeswoman said, adding that the work would take about six weeks.\n\n"
            "Copyright 2024 Example Media Group. All rights reserved.")
    features = extract(text)
    assert "bridge" in features.terms
    assert "newsletter" not in features.terms and "copyright" not in features.terms


def test_pairs_do_not_cross_lines():
    doc = Document.from_text(
        "The first paragraph ends with the word alpha\n"
        "beta begins the second paragraph of this fairly ordinary text about nothing in particular at all."
    )
    assert "alpha beta" not in main_terms(doc)


def test_non_english_text_has_no_terms():
    text = ("Die Bundesregierung hat am Mittwoch neue Regeln für den Ausbau der Windenergie beschlossen. "
            "Die Länder sollen mehr Flächen ausweisen, damit die Klimaziele erreicht werden können.")
    assert extract(text).terms == {}


def test_find_terms_quotes_the_first_whole_word_occurrence():
    text = "Mediation failed. The Mainstream\nMedia said so; the media agreed."
    at = text.index("\nMedia") + 1  # not the "Media" inside "Mediation"
    media, pair, absent = find_terms(text, ["media", "mainstream media", "absent"])
    assert media == (at, at + 5)
    assert pair is not None and text[pair[0]:pair[1]] == "Mainstream\nMedia"
    assert absent is None


def test_a_word_inside_a_joined_token_is_not_that_word():
    # "anti-vaccine" and "vaccine's" are one token each; only the last
    # "vaccine" stands alone.
    text = "anti-vaccine groups, the vaccine’s maker, a vaccine"
    assert find_terms(text, ["vaccine"]) == [(len(text) - 7, len(text))]
    assert find_terms(text, ["vaccine's maker"]) == [(text.index("vaccine’s"), text.index(", a"))]


# Letters whose lower case is longer (İ), context-dependent (Σ), or another
# script's, beside the joiners and separators that decide token edges.
_ALPHABET = "aAbBmMeEdDiIİΣσς'\u2019-_ .,\n5"
_TERMS = st.sampled_from(["a", "media", "me", "b-a", "a'b", "i", "ma", "mb a", "a a", "de me", "σ", "i̇"])


@given(st.text(alphabet=_ALPHABET, max_size=40), st.lists(_TERMS, min_size=1, max_size=4))
@example("İmedia media", ["media"])
@example("ΣΑΣ.a a", ["a a"])
@example("x-'media -media", ["media"])
def test_find_terms_agrees_with_the_token_by_token_scan(text: str, terms: list[str]) -> None:
    """The fast path must give exactly the offsets of the plain scan, which
    is what the quoted evidence meant before it existed."""
    assert find_terms(text, terms) == [_scan_for_term(text, t.split(" ")) for t in terms]
