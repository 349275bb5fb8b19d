"""Main-content terms: what the vocabulary model may read, and what it never sees."""

from __future__ import annotations

from credscore.document import Document
from credscore.extraction import extract
from credscore.terms import find_term, main_terms


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


def test_find_term_quotes_the_first_whole_word_occurrence():
    text = "Mediation failed. The Mainstream\nMedia said so; the media agreed."
    at = text.index("\nMedia") + 1  # not the "Media" inside "Mediation"
    assert find_term(text, "media") == (at, at + 5)
    start, end = find_term(text, "mainstream media")
    assert text[start:end] == "Mainstream\nMedia"
    assert find_term(text, "absent") is None
