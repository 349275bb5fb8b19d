"""Language identification (credscore.langid) on its own: its thresholds
as a config, its evidence shares, and the page-level langdetect budget."""

from __future__ import annotations

import pytest

from credscore import langid
from credscore.document import Document, DocumentConfig
from credscore.langid import LangidConfig, LanguageInfo

ENGLISH = "The committee met on Tuesday and agreed that it would review the budget in the spring."
GERMAN = ("Die Regierung hat am Montag beschlossen, dass die neuen Regeln für alle Bürger und auch für die "
          "Unternehmen gelten, die in der Krise sind und nicht mehr weiter wissen.")


def test_english_prose_is_settled_by_function_words():
    info = Document.from_text(ENGLISH).language
    assert (info.code, info.english, info.method) == ("en", True, "stopwords")
    # By hand: the, on, and, that, it, would, the, in, the = 9 of 16 words
    # are in stopwords_en ("met", "agreed", "review"... are not).
    assert info.english_function_word_share == pytest.approx(9 / 16)
    assert info.non_latin_share == 0.0


def test_german_prose_is_settled_by_its_function_words():
    """die, hat, am, dass, für, und, auch, der, nicht...: far more German
    than English function words ("in" is both), so no langdetect call."""
    info = Document.from_text(GERMAN).language
    assert (info.code, info.english, info.method) == ("de", False, "stopwords")


def test_script_alone_settles_a_one_language_script():
    info = Document.from_text("북한과 러시아 정상이 모스크바에서 회담을 열었다.").language
    assert (info.code, info.method, info.script) == ("ko", "script", "hang")
    assert info.non_latin_share == 1.0


def test_a_stricter_english_bar_sends_the_page_to_langdetect(monkeypatch):
    """With en_min_share above the page's 9/16, function words no longer
    settle it, and langdetect is asked once, on the sample."""
    calls = []
    monkeypatch.setattr(langid, "langdetect", lambda text: calls.append(text) or ("en", 0.99))
    config = DocumentConfig(language=LangidConfig(en_min_share=0.9))
    info = Document.from_text(ENGLISH, config=config).language
    assert (info.code, info.method, info.probability) == ("en", "langdetect", 0.99)
    assert calls == [ENGLISH]


def test_sample_is_bounded_by_sample_chars(monkeypatch):
    calls = []
    monkeypatch.setattr(langid, "langdetect", lambda text: calls.append(text) or None)
    text = "\n".join(["Putin Kim Vladivostok summit talks"] * 100)
    info = Document.from_text(text, config=DocumentConfig(language=LangidConfig(sample_chars=50))).language
    assert info.method == "langdetect_failed"
    assert len(calls) == 1 and len(calls[0]) <= 50


def test_empty_and_letterless_text_have_no_language():
    assert Document.from_text("").language.method == "empty"
    assert Document.from_text("12 345 6.78").language.method == "no_letters"
    assert LanguageInfo.unknown().english is False


def test_langdetect_is_deterministic():
    first = langid.langdetect("Breaking: Putin meets Kim in Vladivostok")
    assert all(langid.langdetect("Breaking: Putin meets Kim in Vladivostok") == first for _ in range(3))


def test_letter_shares_count_ascii_words_whole_and_other_words_by_letter():
    """By hand: the ASCII words athens, is, in, greek, said, covid-19 and
    experts count whole, digits and hyphen included (6+2+2+5+4+8+7 = 34
    Latin); the one Greek word counts its 5 letters as non-Latin; "café"
    counts its 4 letters as Latin (é is below U+0250)."""
    info = Document.from_text("Athens is \u0391\u03b8\u03ae\u03bd\u03b1 in Greek, said covid-19 experts.").language
    assert info.non_latin_share == pytest.approx(5 / 39)
    info = Document.from_text("Athens is \u0391\u03b8\u03ae\u03bd\u03b1 in Greek, said caf\u00e9 experts.").language
    assert info.non_latin_share == pytest.approx(5 / (6 + 2 + 2 + 5 + 4 + 4 + 7 + 5))
