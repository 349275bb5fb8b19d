"""Language: cases in tests/cases/language.json, plus the detected codes, the
langdetect budget and determinism, which the case format cannot express."""

from __future__ import annotations

import pytest

from credscore import langid
from credscore.document import Document
from credscore.signals import language
from tests.conftest import SEEDS


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_are_english_by_function_words(name):
    info = Document.from_text((SEEDS / name).read_text(encoding="utf-8")).language
    assert (info.code, info.english, info.method) == ("en", True, "stopwords")


@pytest.mark.parametrize(
    "text, code",
    [
        ("Die Bundesregierung hat am Montag neue Maßnahmen beschlossen, die für alle Bürger gelten sollen "
         "und nicht verhandelbar sind.", "de"),
        ("El gobierno de España anunció hoy que las medidas de seguridad se mantendrán durante todo el mes, "
         "según informó el ministro.", "es"),
        ("Il governo italiano ha approvato oggi un nuovo decreto per sostenere le famiglie e le imprese "
         "colpite dalla crisi.", "it"),
        ("De regering heeft vandaag nieuwe maatregelen aangekondigd om de economie te steunen "
         "tijdens de crisis.", "nl"),
        ("Le président de la République a annoncé mardi une série de mesures pour soutenir les entreprises "
         "touchées par la crise.", "fr"),
        ("O presidente do Brasil anunciou nesta terça-feira novas medidas para conter a crise econômica "
         "no país.", "pt"),
        ("Президент России Владимир Путин провёл переговоры с лидером КНДР Ким Чен Ыном.", "ru"),
        ("التقى الرئيس الروسي فلاديمير بوتين بزعيم كوريا الشمالية كيم جونغ أون في موسكو.", "ar"),
        ("북한과 러시아 정상이 모스크바에서 회담을 열었다.", "ko"),
        ("東京都は新たな感染者を確認したと発表しました。", "ja"),
        ("", "unknown"),
        ("12 345 6.78", "unknown"),
    ],
)
def test_detected_code(text, code):
    info = Document.from_text(text).language
    assert info.code == code
    assert info.english is False


@pytest.fixture
def langdetect_calls(monkeypatch) -> list[str]:
    """The texts handed to langdetect from here on (it still answers)."""
    calls: list[str] = []
    real = langid.langdetect

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(langid, "langdetect", counting)
    return calls


def test_langdetect_called_at_most_three_times(langdetect_calls):
    calls = langdetect_calls
    # Ambiguous page (no function words) with many undecided foreign-looking lines.
    lines = ["Vladimir Putin Kim Jong Un summit"] + [f"Publicación número {i} del día anterior" for i in range(20)]
    doc = Document.from_text("\n".join(lines))
    language.compute(doc)
    assert len(calls) <= 1 + language.LanguageConfig().max_line_langdetect
    assert all(len(t) <= langid.LangidConfig().sample_chars for t in calls)


def test_english_pages_never_call_langdetect(monkeypatch):
    def refuse(text):
        raise AssertionError("langdetect called on a page that function words settle")

    monkeypatch.setattr(langid, "langdetect", refuse)
    for path in sorted(SEEDS.glob("*.txt")):
        language.compute(Document.from_text(path.read_text(encoding="utf-8")))
    # The guard is live: a headline of names does need langdetect.
    with pytest.raises(AssertionError, match="langdetect called"):
        Document.from_text("Breaking: Putin meets Kim in Vladivostok")


def test_deterministic():
    text = "Breaking: Putin meets Kim in Vladivostok"
    first = Document.from_text(text).language
    assert all(Document.from_text(text).language == first for _ in range(5))


def test_short_headline_without_function_words_is_not_english():
    """Too little evidence: langdetect is unsure on four names, so English
    lexical features step aside rather than guess."""
    info = Document.from_text("Breaking: Putin meets Kim").language
    assert info.english is False


def _screen_texts() -> list[str]:
    import json
    from pathlib import Path

    cases = json.loads((Path(__file__).parents[1] / "cases" / "language.json").read_text(encoding="utf-8"))
    mixed = ("The minister spoke to reporters on Monday about the new measures.\n"
             "¿Dónde está la biblioteca municipal?\nof the and in\n¡Hola amigos!\n"
             "Die Regierung hat neue Maßnahmen beschlossen\nCOVID-19 1,362 2020\nthe and of\n")
    return ([c["text"] for c in cases] + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
            + [mixed, mixed * 40, "a\n" * 300, "Die Regierung\n" * 100])


@pytest.mark.parametrize("text", _screen_texts())
def test_line_screen_by_line_equals_by_token(text, monkeypatch):
    """Screening line by line (long lines) and by mapped passes over every
    token (short lines) are two ways to the same candidate lines; the line by
    line one also settles English pages below ``_SETTLE_MIN_LINES`` open
    lines, which drops only lines that could not vote for another language,
    so the lines found must be the same too."""
    doc = Document.from_text(text)
    assert language._candidate_lines_by_token(doc)[1] == language._candidate_lines(doc)[1]
    found = {}
    for minimum in (0, 10**9):  # every page line by line, then every page by token
        monkeypatch.setattr(language, "_LINE_BY_LINE_MIN_TOKENS", minimum)
        found[minimum] = language._other_language_lines(doc, language.LanguageConfig())
    assert found[0] == found[10**9]


def test_english_worded_lines_are_not_given_to_langdetect(langdetect_calls):
    """On an English page a line that reaches langdetect but is mostly
    English words ("El Dorado County": one Spanish vote, no decision) is
    dropped whatever langdetect would say, so it is not asked; a line of
    mostly non-English words ("Cash ist fesch!") still is. Neither line is
    another language here: one is a place name, and langdetect gives the
    other under the 0.90 bar (both lines are from ReCOVery)."""
    calls = langdetect_calls
    prose = ("The county board said on Monday that the new rules would be reviewed again in the spring, "
             "and that the schools would stay open for the rest of the year.")
    doc = Document.from_text(f"{prose}\nEl Dorado County\n{prose}\n'Cash ist fesch!'\n{prose}")
    calls.clear()  # page-level detection is not the subject here
    result = language.compute(doc)
    assert calls == ["'Cash ist fesch!'"]
    assert result.features["language_other_language_line_share"] == 0.0
