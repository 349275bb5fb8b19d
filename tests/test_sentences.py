"""Sentence spans (credscore.sentences) against a plain reference: the rule
of the module docstring written as a loop per line and per sentence end,
stepping back one character at a time for the word before a full stop.
The module reads an ASCII word with one ``str.rstrip``; random pages built
from the shapes the rule cares about (abbreviations, initials, runs of
marks, closing quotes, blank and indented lines, non-ASCII letters and the
numeric "²", which is no letter for ``str.isalpha``) must give exactly
the reference's spans and lines."""

from __future__ import annotations

import random

import pytest

from credscore.document import Document
from credscore.lexicon import load_words
from credscore.sentences import _SENT_END

ABBREV_MAX = 8  # DocumentConfig's default


def reference(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    norm = Document.from_text(text, detect_language=False).norm
    abbreviations = load_words("abbreviations")
    spans, lines = [], []
    start = 0
    for number, line in enumerate(norm.split("\n")):
        cuts = []
        for m in _SENT_END.finditer(line):
            if m.group() == ".":
                word_start = m.start()
                while word_start > max(0, m.start() - ABBREV_MAX) and (
                        line[word_start - 1].isalpha() or line[word_start - 1] == "."):
                    word_start -= 1
                word = line[word_start:m.start()].lower()
                if word in abbreviations or (len(word) == 1 and line[word_start].isupper()):
                    continue
            cuts.append(m.end())
        for begin, end in zip([0, *cuts], [*cuts, len(line)]):
            piece = line[begin:end]
            if piece.strip():
                first = start + end - len(piece.lstrip())
                spans.append((first, first + len(piece.strip())))
                lines.append(number)
        start += len(line) + 1
    return spans, lines


SHAPES = ["Dr. ", "U.S. ", "e.g. ", "Ph.D. ", "J. ", "j. ", "etc. ", "Sept. ", "word. ", "Word.", "end.Start ",
          "Why? ", "Wow!! ", "...", 'said." ', "(so.) ", "x.\n", "\n\n", "  \n", "\t", " ", "caf\u00e9. ",
          "\u00c9. ", "x\u00b2. ", "\u0130. ", "abcdefghij. ", "1. ", "a", "B", ".", "\r\n", "\u00a0"]


@pytest.mark.parametrize("seed", range(5))
def test_spans_match_the_reference_on_random_pages(seed):
    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choice(SHAPES) for _ in range(rng.randint(0, 40)))
        doc = Document.from_text(text, detect_language=False)
        assert (doc.sentences, doc.sent_line) == reference(text), repr(text)


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Dr. Moore met U.S. officials. J. Smith left.\nNew line here"
    doc = Document.from_text(text, detect_language=False)
    assert [text[s:e] for s, e in doc.sentences] == [
        "Dr. Moore met U.S. officials.", "J. Smith left.", "New line here"]
    assert doc.sent_line == [0, 0, 1]


def test_a_non_ascii_word_before_a_stop_is_read_as_letters():
    # "É" alone is an initial (no cut); "x²" is not a word: "²" is no letter
    # for str.isalpha, so the word before the stop is empty and the stop cuts.
    text = "\u00c9. Zola wrote it. Area x\u00b2. Next one."
    doc = Document.from_text(text, detect_language=False)
    assert [text[s:e] for s, e in doc.sentences] == ["\u00c9. Zola wrote it.", "Area x\u00b2.", "Next one."]
