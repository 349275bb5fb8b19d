"""Tests for credscore.lexicon: the shipped files, loading, and phrase matching
(anchoring, wildcards, prefixes, overlaps, sentence limits, offsets), with a
brute-force matcher as the reference for randomised phrase tables."""

from __future__ import annotations

import random
from importlib.resources import files

import pytest

from credscore.document import Document
from credscore.lexicon import PhraseTable, load_phrases, load_tagged, load_words

LEXICONS = sorted(p.name[:-4] for p in (files("credscore") / "data" / "lexicons").iterdir() if p.name.endswith(".txt"))


def _lines(name: str) -> list[str]:
    return (files("credscore") / "data" / "lexicons" / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def _matches(table: PhraseTable, tokens: list[str], sentence_of=None, candidates=None):
    return [(m.first, m.last, m.phrase, m.tag) for m in table.finditer(tokens, sentence_of, candidates)]


# -- the shipped files -------------------------------------------------------


def test_there_are_lexicons():
    assert len(LEXICONS) >= 20  # the signal modules load 28 today; an empty glob would pass everything below


@pytest.mark.parametrize("name", LEXICONS)
def test_every_lexicon_opens_with_a_provenance_header(name):
    """The project's rule: a header of comment lines saying where the cues
    came from, before the first entry. Two lines at least: one cannot name a
    source and say what the list is for."""
    lines = _lines(name)
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    assert header >= 2, f"{name}: no provenance header"
    assert any(line.strip() and not line.startswith("#") for line in lines[header:]), f"{name}: no entries"


@pytest.mark.parametrize("name", LEXICONS)
def test_entries_are_written_lower_case(name):
    """Entries are matched against lower-cased tokens; the loader folds case
    anyway, but a capitalised entry in the file would say otherwise."""
    entries = [line.partition("\t")[0].strip() for line in _lines(name) if line.strip() and not line.startswith("#")]
    assert [e for e in entries if e != e.lower()] == []


def test_load_words_skips_comments_and_blank_lines():
    words = load_words("stopwords_en")
    assert isinstance(words, frozenset)
    assert "the" in words and "of" in words
    assert not any(w.startswith("#") or not w for w in words)


def test_loaders_are_cached():
    # One parse per process: every document of a batch shares the object.
    assert load_words("stopwords_en") is load_words("stopwords_en")
    assert load_phrases("tone_loaded") is load_phrases("tone_loaded")


def test_load_tagged_reads_the_tag_after_a_tab():
    tags = load_tagged("tone_loaded")
    # tone_loaded.txt says "shocking<TAB>sensational" in so many words.
    assert tags["shocking"] == "sensational"
    assert set(tags.values()) == {"sensational", "conspiracy"}  # the header names exactly these two


# -- phrase matching ----------------------------------------------------------


def test_single_and_multi_word_phrases_with_inclusive_offsets():
    table = PhraseTable([("deep state", "c"), ("shocking", "s")])
    tokens = ["a", "shocking", "claim", "about", "the", "deep", "state"]
    assert _matches(table, tokens) == [(1, 1, "shocking", "s"), (5, 6, "deep state", "c")]


def test_anchor_on_a_rare_word_still_matches_from_the_phrase_start():
    """"it is believed" is indexed under "believed" (the only word not a stop
    word), so the match must start two tokens before the anchor, and an
    anchor too near the start of the text cannot match."""
    table = PhraseTable([("it is believed", "")])
    assert table.anchors == frozenset({"believed"})
    assert _matches(table, ["now", "it", "is", "believed", "that"]) == [(1, 3, "it is believed", "")]
    assert _matches(table, ["is", "believed", "that"]) == []
    assert _matches(table, ["believed", "it", "is"]) == []


def test_all_stop_word_phrase_anchors_on_its_first_word():
    table = PhraseTable([("it is", "")])
    assert table.anchors == frozenset({"it"})
    assert _matches(table, ["so", "it", "is"]) == [(1, 2, "it is", "")]


def test_case_folding_happens_on_the_document_tokens():
    """Entries are lower case and tokens are matched in ``tok_lower``, so
    "DEEP State" in the text is the entry "deep state", and the evidence
    offsets cut the original casing out of ``text``."""
    doc = Document.from_text("They blame the DEEP State again.", detect_language=False)
    (m,) = [m for m in load_phrases("tone_loaded").finditer(doc.tok_lower) if m.phrase == "deep state"]
    assert doc.text[doc.tok_start[m.first]:doc.tok_end[m.last]] == "DEEP State"


def test_overlapping_phrases_leftmost_wins():
    table = PhraseTable([("a b", "1"), ("b c", "2")])
    assert _matches(table, ["a", "b", "c"]) == [(0, 1, "a b", "1")]
    # Once "a b" ends, "b c" may not reuse its "b", but a later one is found.
    assert _matches(table, ["a", "b", "b", "c"]) == [(0, 1, "a b", "1"), (2, 3, "b c", "2")]


def test_two_phrases_starting_together_longest_wins():
    table = PhraseTable([("mainstream media", "1"), ("mainstream media outlets", "2")])
    tokens = ["the", "mainstream", "media", "outlets", "lie"]
    assert _matches(table, tokens) == [(1, 3, "mainstream media outlets", "2")]


def test_wildcard_takes_one_to_three_tokens():
    table = PhraseTable([("navigate the * landscape", "")])
    assert _matches(table, ["navigate", "the", "landscape"]) == []  # zero is not enough
    for n in (1, 2, 3):
        tokens = ["navigate", "the"] + ["x"] * n + ["landscape"]
        assert _matches(table, tokens) == [(0, n + 2, "navigate the * landscape", "")]
    assert _matches(table, ["navigate", "the"] + ["x"] * 4 + ["landscape"]) == []


def test_prefix_entries():
    table = PhraseTable([("underscor*", "p"), ("delve* into", "q")])
    assert _matches(table, ["this", "underscores", "it"]) == [(1, 1, "underscor*", "p")]
    assert _matches(table, ["we", "delved", "into", "it"]) == [(1, 2, "delve* into", "q")]
    assert _matches(table, ["an", "under", "score"]) == []


def test_phrases_never_cross_a_sentence():
    table = PhraseTable([("deep state", ""), ("navigate the * landscape", "")])
    tokens = ["deep", "state", ".", "navigate", "the", "new", "landscape"]
    same = [0] * len(tokens)
    split = [0, 1, 1, 1, 1, 1, 2]  # "deep | state", "navigate the new | landscape"
    assert len(_matches(table, tokens, same)) == 2
    assert _matches(table, tokens, split) == []


def test_bad_phrase_is_refused():
    with pytest.raises(ValueError):
        PhraseTable([("* landscape", "")])


# -- randomised: the anchored matcher equals a brute-force one ---------------


def _brute_force(entries, tokens, sentence_of):
    """Try every entry at every token, walking parts one by one; keep the
    non-overlapping ones left to right, longest first, ties by entry."""

    def walk(parts, p, t, sent):
        if p == len(parts):
            return t - 1
        part = parts[p]
        if part == "*":
            for skip in (1, 2, 3):
                if t + skip > len(tokens) or sentence_of[t + skip - 1] != sent:
                    break
                end = walk(parts, p + 1, t + skip, sent)
                if end is not None:
                    return end
            return None
        if t >= len(tokens) or sentence_of[t] != sent:
            return None
        ok = tokens[t].startswith(part[:-1]) if part.endswith("*") else tokens[t] == part
        return walk(parts, p + 1, t + 1, sent) if ok else None

    found = []
    for i in range(len(tokens)):
        for entry, tag in entries:
            end = walk(entry.split(), 0, i, sentence_of[i])
            if end is not None:
                found.append((i, i - end, end, entry, tag))
    found.sort()
    out, free = [], 0
    for first, _, last, entry, tag in found:
        if first >= free:
            out.append((first, last, entry, tag))
            free = last + 1
    return out


@pytest.mark.parametrize("seed", range(60))
def test_anchored_matcher_equals_brute_force(seed):
    rng = random.Random(seed)
    vocab = ["it", "is", "the", "of", "deep", "state", "media", "navigate", "landscape", "said"]
    entries = set()
    for _ in range(rng.randint(1, 8)):
        parts = [rng.choice(vocab) for _ in range(rng.randint(1, 4))]
        if len(parts) > 2 and rng.random() < 0.3:
            parts[rng.randrange(1, len(parts) - 1)] = "*"
        if rng.random() < 0.2:
            parts[-1] = parts[-1][:3] + "*"
        entries.add((" ".join(parts), str(rng.randint(0, 2))))
    entries = sorted(entries)
    tokens = [rng.choice(vocab) for _ in range(rng.randint(0, 60))]
    sentence_of = sorted(rng.randint(0, 5) for _ in tokens)
    table = PhraseTable(entries)
    want = _brute_force(entries, tokens, sentence_of)
    assert _matches(table, tokens, sentence_of) == want
    # A superset of the anchor positions as candidates changes nothing.
    assert _matches(table, tokens, sentence_of, list(range(len(tokens)))) == want
