"""The document model on its own: lines, paragraphs, tokens and sentences,
headings and the title, with offsets into the original text. Cases are in
tests/cases/core/document.json; what the case format cannot say is below."""

from __future__ import annotations

import ast
import json
import random
import re
from pathlib import Path

import pytest

from credscore.document import _TOKEN_SPLIT, Document, DocumentConfig, fold
from credscore.lines import LineConfig
from tests.conftest import fresh_python

CASES = json.loads((Path(__file__).parent / "cases" / "core" / "document.json").read_text(encoding="utf-8"))
SRC = Path(__file__).resolve().parents[1] / "src" / "credscore"


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    text = case["text"]
    doc = Document.from_text(text)
    why = case["comment"]
    if "lines" in case:
        assert [doc.line_text(i) for i in range(doc.n_lines)] == case["lines"], why
    if "paragraphs" in case:
        assert [text[s:e] for s, e in doc.paragraphs] == case["paragraphs"], why
    if "tokens" in case:
        assert [text[s:e] for s, e in zip(doc.tok_start, doc.tok_end)] == case["tokens"], why
    if "sentences" in case:
        assert [text[s:e] for s, e in doc.sentences] == case["sentences"], why
    if "sentence_lines" in case:
        assert doc.sent_line == case["sentence_lines"], why
    if "headings" in case:
        assert [i for i in range(doc.n_lines) if doc.is_heading(i)] == case["headings"], why
    if "title" in case:
        assert (text[slice(*doc.title)] if doc.title else None) == case["title"], why


def test_offsets_point_into_the_original_text():
    """Folding is one for one: every span cuts the input, not the folded copy."""
    text = "\u201cYes,\u201d she said \u2014 \u00a0fine\u2026 caf\u00e9\u200b ok."
    doc = Document.from_text(text)
    assert len(doc.norm) == len(text) and doc.norm == fold(text)
    assert [text[s:e] for s, e in zip(doc.tok_start, doc.tok_end)] == ["Yes", "she", "said", "fine", "caf\u00e9", "ok"]
    assert [doc.tok_lower[i] for i in range(len(doc.tok_lower))] == ["yes", "she", "said", "fine", "caf\u00e9", "ok"]


def test_each_token_knows_its_line_and_sentence():
    doc = Document.from_text("First line here. Second sentence.\n\nThird line")
    assert doc.tok_line == [0, 0, 0, 0, 0, 2, 2]
    assert doc.tok_sent == [0, 0, 0, 1, 1, 2, 2]
    for i in range(doc.n_lines):
        assert all(doc.tok_line[t] == i for t in range(doc.line_tok_start[i], doc.line_tok_end[i]))


def test_trimmed_lines():
    text = "  Indented line.\t\n\n\u00a0tail "
    doc = Document.from_text(text)
    assert [text[slice(*doc.trimmed(i))] for i in range(doc.n_lines)] == ["Indented line.", "", "tail"]
    assert doc.content_lines == [0, 2]
    assert [doc.is_blank_line(i) for i in range(doc.n_lines)] == [False, True, False]


def test_per_1k_counts_per_thousand_main_words():
    doc = Document.from_text("The committee met on Tuesday and agreed to review the budget.")
    assert len(doc.main_tokens) == 11
    assert doc.per_1k(11) == pytest.approx(1000.0)  # one per word
    assert doc.per_1k(0) == 0.0
    assert Document.from_text("").per_1k(5) == 0.0  # no words: nothing to divide by


def test_main_words_are_the_main_tokens_that_hold_a_letter():
    # "2020" and "1,362" hold no letter and drop out; "COVID-19" holds letters
    # and stays. One prose line, so every token is main content.
    doc = Document.from_text("In 2020 the agency counted 1,362 COVID-19 cases in the region.")
    assert len(doc.main_tokens) == 11
    assert [doc.tok_lower[i] for i in doc.main_words] == [
        "in", "the", "agency", "counted", "covid-19", "cases", "in", "the", "region"]
    assert Document.from_text("").main_words == []


def test_line_of_maps_offsets_to_lines():
    doc = Document.from_text("ab\ncd\n\nef")
    assert doc.line_of([0, 2, 3, 6, 7, 8]) == [0, 0, 1, 2, 3, 3]


def test_config_reaches_the_line_classifier():
    """A heading is shorter than ``length_high``: lowering it turns the
    headline into a line that must be judged as prose."""
    text = "Bridge Reopens After Repairs\nThe bridge reopened on Monday after three weeks of repairs, officials said.\n"
    assert Document.from_text(text).is_heading(0)
    short = DocumentConfig(lines=LineConfig(length_high=10))
    assert not Document.from_text(text, config=short).is_heading(0)


def test_without_language_detection_the_language_is_unknown():
    doc = Document.from_text("The committee met on Tuesday.", detect_language=False)
    assert (doc.language.code, doc.language.english, doc.language.method) == ("unknown", False, "none")


CORE = ("document.py", "sentences.py", "lines.py", "linecues.py", "langid.py", "lexicon.py", "types.py")


@pytest.mark.parametrize("name", CORE)
def test_the_core_never_imports_a_signal(name):
    tree = ast.parse((SRC / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert "signals" not in (node.module or ""), f"{name} imports {node.module}"
        elif isinstance(node, ast.Import):
            assert not any("signals" in alias.name for alias in node.names), name


def test_building_a_document_loads_no_signal_module():
    """(The package ``credscore.signals`` itself is imported by ``credscore``;
    no signal module may be.)"""
    code = ("import sys; from credscore.document import Document; Document.from_text('Hello there. It is me.'); "
            "print(sorted(m for m in sys.modules if m.startswith('credscore.signals.')))")
    assert fresh_python(code) == "[]"


#: The token pattern as first written, each branch checking the first
#: character by look-behind before it consumes anything. ``_TOKEN`` spells the
#: same language so that the regex engine can skip branches at a glance; on
#: random strings of the characters the branches turn on, both must cut alike.
PLAIN_TOKEN = re.compile(
    r"([^\W_](?:(?<=[^\W\d_])\.(?:[^\W\d_]\.)*[^\W\d_](?![^\W_])"
    r"|(?<=\d)\d*(?:[.,:]\d+)+(?![^\W_])"
    r"|[^\W_]*+(?:['\-][^\W_]++)*+))"
)


@pytest.mark.parametrize("seed", range(3))
def test_token_pattern_cuts_as_its_plain_spelling(seed):
    rng = random.Random(seed)
    alphabet = "1234.,:.,:aBc'-_ \n\u00e9\u00b2\u0663"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _TOKEN_SPLIT.split(text) == PLAIN_TOKEN.split(text), repr(text)
