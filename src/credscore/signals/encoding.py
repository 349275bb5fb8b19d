"""encoding: characters that a broken decode or a careless scrape left behind.

Design
------
A page whose bytes were decoded with the wrong codec, or whose invisible
formatting characters leaked into the text, was handled carelessly somewhere
between the writer and us; the damage also breaks words, so every lexical
signal downstream sees less than is there. This module *reports* the damage
with evidence; it does not repair it. ftfy's ``fix_text`` gives the text
back where it can, but often the bytes are already lost: on seed 003 (word
joiners U+2060..U+2064 decoded as cp1252 and then re-encoded) ftfy changes
only about 15 characters.

Five kinds of damage, each counted per 1,000 characters of ``doc.text`` (the
raw text: ``Document.norm`` folds invisible characters to spaces, so it would
hide exactly what this module looks for). Damage on furniture lines counts
too: a broken decode damages the whole page, not only its article.

- ``mojibake``: ftfy's own detector, ``ftfy.badness.BADNESS_RE`` (the
  reference implementation, not re-implemented here). Searching it over a
  whole page runs at about 5.5 MB/s on ReCOVery, so it only runs in small
  windows around the characters that every one of its alternatives needs (see
  ``_MOJIBAKE_GATE``); on ReCOVery that finds exactly the documents and
  sequences a full search finds, at about 90 MB/s. A C1 control right after a
  UTF-8 lead byte read as Latin-1 ("â\\x80\\x99" for ’) is mojibake, and so
  is a C1 control that Windows-1252 prints ("\\x92" for ’: cp1252 text read
  as Latin-1 leaves nothing else behind, so without this the
  ``encoding_damage`` flag never fired on it); the five C1 bytes cp1252 leaves
  undefined are stray control characters. UTF-8 read as Mac OS Roman
  ("esbill√°u") or as code page 437 ("youΓÇÖre"), which ftfy's detector
  mostly misses, is matched apart (``_mac_roman_spans``, ``_cp437_spans``).
- ``replacement_char``: U+FFFD, where a decoder gave up on a byte.
- ``control_char``: C0 controls other than tab, line feed, carriage return and
  form feed (a form feed is a page break in text converted from PDF), DEL,
  and C1 controls that are not part of mojibake. A lone ASCII SUB (Ctrl-Z),
  the end-of-file mark of DOS text files, is not counted.
- ``invisible_char``: zero-width and invisible format characters (Unicode
  category Cf used as glue in HTML): U+200B zero width space, U+2060..U+2064
  word joiner and invisible operators, U+FEFF anywhere but at the start, U+00AD
  soft hyphen, U+180E. U+200C/U+200D (ZWNJ/ZWJ) are legitimate inside emoji
  sequences and Persian or Indic words, so they count only between ASCII
  characters. U+200B is how Thai, Lao, Khmer, Myanmar, Tibetan and CJK text,
  written without spaces, marks where a line may break: between letters of
  those scripts it is spelling, not damage.
- ``mixed_script`` / ``stray_symbol``: a word mixing Latin and Cyrillic letters,
  at least ``mixed_script_min_letters`` of each (a half-converted word; one
  foreign letter in a word is a typo or a homoglyph, not an encoding accident), or a Braille pattern, a
  supplemental arrow or a dagger glued to Latin text. Seed 003's "⣠" (U+28E0),
  "⢠" (U+28A0), "⤠" (U+2920) and "†" (U+2020) are UTF-8 byte triples E2 xx A0:
  the remains of word joiners after two wrong decodes. Greek is left out on
  purpose: "TNF-α", "μg" and "β-blocker" legitimately glue Greek to Latin.
  Known false positive: a footnote dagger glued to a word ("Smith†").

Legitimate non-ASCII text is not damage: curly quotes, dashes, "naïve",
"détente", "€50", "©", emoji, and whole Russian, Chinese or Arabic paragraphs
(they are a language, measured by ``signals.language``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ftfy.badness import BADNESS_RE

from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "encoding"
#: Where this family runs, and where its features appear in every output.
ORDER = 20

#: Every alternative of ftfy 6.x's ``BADNESS_RE`` contains a C1 control, one of
#: "ÃÂŒœ", or two adjacent non-ASCII characters (read off its source: each
#: other alternative is a pair of adjacent character classes outside ASCII).
#: Checked on all of ReCOVery: no match of ``BADNESS_RE`` lacks a gate hit.
#: Written as one non-ASCII character, then a look-behind for the first kind
#: or a second non-ASCII one: a pattern that opens with a character class
#: skips ASCII text in C (three times as fast as the two branches side by side).
_MOJIBAKE_GATE = re.compile(r"[^\x00-\x7f](?:(?<=[\x80-\x9f\u00c3\u00c2\u0152\u0153])|[^\x00-\x7f])")
#: The longest ``BADNESS_RE`` alternative is 7 characters ("ГўВЂВ.x").
_WINDOW = 8

_CONTROL = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
_SYMBOL = "\u2020\u2021\u27f0-\u297f\u2800-\u28ff"
#: One scan of one character class finds every other kind of damage (about
#: 390 MB/s; named-group alternatives ran at 26 MB/s); the character then says
#: which kind it is.
_SUSPECT = re.compile(f"[{_CONTROL}\ufffd{_INVISIBLE}{_SYMBOL}]")
_IS_CONTROL = re.compile(f"[{_CONTROL}]")
_IS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
#: A Latin letter touching a Cyrillic one. A pair pattern is tried at every
#: letter (about 10 MB/s), so it runs only on texts that contain Cyrillic.
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_CYRILLIC = re.compile("[A-Za-z\u00c0-\u024f][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z\u00c0-\u024f]")
#: UTF-8 lead bytes 0xC2..0xF4 read as Latin-1/cp1252 characters.
_UTF8_LEAD_AS_LATIN1 = frozenset(chr(c) for c in range(0xC2, 0xF5))
_ZERO_WIDTH_JOINERS = frozenset("\u200c\u200d")
#: Scripts written without spaces between words, where U+200B marks word
#: boundaries for line breaking (Unicode Standard, section 23.2; Khmer text
#: in the clean cases of tests/cases/encoding_accidents.json does so):
#: Thai, Lao, Tibetan, Myanmar, Khmer, CJK punctuation, kana and ideographs.
_NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
    "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uaa60-\uaa7f\uf900-\ufaff]"
)
#: UTF-8 decoded as Mac OS Roman, which ftfy's detector misses. Leads: the
#: Mac characters of UTF-8 lead bytes that are symbols, never letters of
#: running text (√ for 0xC3, the Latin accents; –/— for 0xD0/0xD1, Cyrillic;
#: ¬ ƒ ≈ ∆ ◊ ‡ ‚ „ ‰ for others); continuations: the Mac characters of
#: bytes 0x80..0xBF. Measured on the tuning languages of
#: tests/cases/encoding_accidents.json (python benchmarks/eval_encoding.py).
_MAC_LEADS = "\u221a\u2013\u2014\u00ac\u0192\u2248\u2206\u25ca\u2021\u201a\u201e\u2030"
_MAC_CONTINUATIONS = bytes(range(0x80, 0xC0)).decode("mac_roman")
_MAC_ROMAN_PAIR = re.compile(f"[{_MAC_LEADS}][{re.escape(_MAC_CONTINUATIONS)}]")
#: UTF-8 read as code page 437 (a Windows console), which ftfy's detector
#: mostly misses ("youΓÇÖre", "caf├⌐"). Lead bytes read as box pieces (two-byte
#: sequences), Greek or math letters (three) or ≡ ± ≥ ≤ ⌠ (four); continuations
#: (0x80..0xBF) as accented letters, currency, shades and box pieces. A Greek
#: letter before two continuations, or a four-byte lead before three, is never
#: text; a box piece before one is mojibake only glued to a letter, since box
#: art sets pieces side by side ("╔═╗") but not inside words.
_CP437_CONT = re.escape(bytes(range(0x80, 0xC0)).decode("cp437"))
_CP437_LEAD2 = re.escape(bytes(range(0xC2, 0xE0)).decode("cp437"))
_CP437_LEAD3 = re.escape(bytes(range(0xE0, 0xF0)).decode("cp437"))
_CP437_LEAD4 = re.escape(bytes(range(0xF0, 0xF5)).decode("cp437"))
_CP437_LEADS = bytes(range(0xC2, 0xF5)).decode("cp437")
_CP437_GATE = re.compile(f"[{_CP437_LEAD2}{_CP437_LEAD3}{_CP437_LEAD4}][{_CP437_CONT}]")
#: What the Mac Roman, code page 437 and Cyrillic searches open with: one scan instead of three.
_GATED = re.compile(f"[{_MAC_LEADS}{_CP437_LEAD2}{_CP437_LEAD3}{_CP437_LEAD4}\u0400-\u04ff]")
_CP437_SEQUENCE = re.compile(
    f"[{_CP437_LEAD3}][{_CP437_CONT}]{{2}}|[{_CP437_LEAD4}][{_CP437_CONT}]{{3}}"
    f"|(?<=[^\\W\\d_])[{_CP437_LEAD2}][{_CP437_CONT}]|[{_CP437_LEAD2}][{_CP437_CONT}](?=[^\\W\\d_])"
)
#: The C1 controls that Windows-1252 text decoded as Latin-1 leaves: every
#: byte 0x80..0x9F that cp1252 prints ("\x92" for ’, "\x93" for “, "\x96" for
#: –, "\x80" for €). 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in cp1252,
#: so those stay stray control characters.
_CP1252_AS_LATIN1 = frozenset(chr(b) for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
#: ASCII SUB (Ctrl-Z): DOS and CP/M ended text files with it, so a lone one is
#: an end-of-file mark, not damage (two of three false positives on real news).
_SUB = "\x1a"


@dataclass(frozen=True)
class EncodingConfig:
    """The encoding signal's tunable thresholds."""

    #: A word mixes scripts only when its minority script has at least this
    #: many letters: one Cyrillic letter inside a Latin word was a false
    #: positive on real news, a half-converted word has several (measured on
    #: the tuning languages, ``python benchmarks/eval_encoding.py``).
    mixed_script_min_letters: int = 2
    #: Lead/continuation pairs of UTF-8 read as Mac OS Roman needed without
    #: a "√" pair: one "–É" may be typography (same measurement).
    mac_roman_min_pairs: int = 3


CONFIG = EncodingConfig


def _glue(ch: str) -> bool:
    """True for what a stray symbol is "glued" to: Latin letters, digits and
    ASCII punctuation (not space: a symbol between spaces is a bullet, "⤷ Some")."""
    return (ch.isascii() and not ch.isspace()) or "\u00c0" <= ch <= "\u024f"


#: One red flag for mojibake and for lost bytes (U+FFFD), the same damage;
#: a page with both gets one flag, and so the factor once (``scoring.score``). Text
#: broken in decoding must be repaired (ftfy.fix_text) before anyone uses it,
#: whatever it says: 0.4 takes the highest reliability the shipped model
#: gives (about 0.9) under the low band's edge (0.4), so a damaged page is
#: never rated average. On the 38,528 training documents the U+FFFD rule
#: fires on 28, every one real ("don���t", quotes lost as "��", a PDF stream).
ENCODING_DAMAGE = FlagRule("encoding_damage", 1.0,
                           text="one mojibake sequence, or one character the decoder gave up on, per 1,000 "
                                "characters is past any stray symbol",
                           factor=0.4, order=2)

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "encoding_mojibake_per_1k_chars",
        "Mojibake sequences (ftfy's badness detector, adjacent matches merged) per 1,000 characters.",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("mojibake sequences from text decoded with the wrong encoding", ("encoding/mojibake",),
                          "per_1k_chars", "mojibake sequence from text decoded with the wrong encoding"),
        in_model=True,
        flag=ENCODING_DAMAGE,
    ),
    FeatureSpec(
        "encoding_replacement_chars_per_1k_chars",
        "U+FFFD replacement characters per 1,000 characters.",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("replacement characters where bytes were lost in decoding", ("encoding/replacement_char",),
                          "per_1k_chars", "replacement character where bytes were lost in decoding"),
        in_model=True,
        flag=ENCODING_DAMAGE,
    ),
    FeatureSpec(
        "encoding_control_chars_per_1k_chars",
        "Stray C0/C1 control characters (not tab, newline, CR, form feed; not part of mojibake) per 1,000 characters.",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("stray control characters", ("encoding/control_char",), "per_1k_chars",
                          "stray control character"),
        in_model=True,
    ),
    FeatureSpec(
        "encoding_invisible_chars_per_1k_chars",
        "Zero-width and invisible format characters (U+200B, U+2060..U+2064, mid-text U+FEFF, soft hyphen...) "
        "per 1,000 characters.",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("invisible characters inside the text", ("encoding/invisible_char",), "per_1k_chars",
                          "invisible character inside the text"),
        in_model=True,
    ),
    FeatureSpec(
        "encoding_mixed_script_per_1k_chars",
        "Words mixing Latin with Cyrillic letters, plus Braille/arrow/dagger symbols glued to Latin text, "
        "per 1,000 characters.",
        0.0, 1000.0, "higher_worse",
        reason=ReasonText("symbols of foreign scripts glued to words",
                          ("encoding/stray_symbol", "encoding/mixed_script"), "per_1k_chars",
                          "symbol of a foreign script glued to a word"),
        in_model=True,
    ),
    FeatureSpec(
        "encoding_damaged_line_share",
        "Share of non-blank lines with any encoding evidence.",
        0.0, 1.0, "higher_worse",
        reason=ReasonText("of lines have encoding damage", (), "share"),
        why_not_in_model="near-duplicate of the per-character damage rates",
    ),
)

_RATE_BY_REASON = {
    "mojibake": "encoding_mojibake_per_1k_chars",
    "replacement_char": "encoding_replacement_chars_per_1k_chars",
    "control_char": "encoding_control_chars_per_1k_chars",
    "invisible_char": "encoding_invisible_chars_per_1k_chars",
    "mixed_script": "encoding_mixed_script_per_1k_chars",
    "stray_symbol": "encoding_mixed_script_per_1k_chars",
}
#: Reasons counted per character; the others count merged sequences/words.
_PER_CHARACTER = frozenset({"replacement_char", "control_char", "invisible_char"})


def _mojibake_spans(text: str) -> list[tuple[int, int]]:
    """``BADNESS_RE`` matches, searched only in windows around gate hits.

    Lone C1 controls are kept only when they continue a UTF-8 lead character
    or another C1 control ("â\\x80\\x99"); the rest are control characters."""
    windows: list[list[int]] = []
    for m in _MOJIBAKE_GATE.finditer(text):
        lo, hi = max(m.start() - _WINDOW, 0), m.end() + _WINDOW
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    found: list[tuple[int, int]] = []
    for lo, hi in windows:
        for m in BADNESS_RE.finditer(text, lo, min(hi, len(text))):
            start, end = m.span()
            if not m.group().strip("\ufffd"):
                continue  # U+FFFD next to U+FFFD: lost bytes, counted as replacement characters
            if end - start == 1 and "\x80" <= text[start] <= "\x9f":
                prev = text[start - 1] if start else ""
                if prev in _UTF8_LEAD_AS_LATIN1:
                    start -= 1
                elif text[start] not in _CP1252_AS_LATIN1 and not ("\x80" <= prev <= "\x9f"):
                    continue
            found.append((start, end))
    return found


def _mac_roman_spans(text: str, present: set[str], min_pairs: int) -> list[tuple[int, int]]:
    """UTF-8 read as Mac OS Roman ("esbill√°u", "–ì—Ç–∫"): a lead byte's Mac
    character before a continuation byte's. Kept when a "√" pair is among
    them (√ before an accented letter or a symbol is never text) or when
    there are at least ``min_pairs``: one "–É" may be typography."""
    if present.isdisjoint(_MAC_LEADS):
        return []
    pairs = [m.span() for m in _MAC_ROMAN_PAIR.finditer(text)]
    if len(pairs) >= min_pairs or any(text[start] == "\u221a" for start, _ in pairs):
        return pairs
    return []


def _cp437_spans(text: str, present: set[str]) -> list[tuple[int, int]]:
    """UTF-8 read as code page 437 (see ``_CP437_SEQUENCE``)."""
    if present.isdisjoint(_CP437_LEADS) or not _CP437_GATE.search(text):
        return []
    return [m.span() for m in _CP437_SEQUENCE.finditer(text)]


def _between_no_space_letters(text: str, start: int, end: int) -> bool:
    """The nearest characters around ``text[start:end]`` that are not U+200B
    both belong to a script written without spaces."""
    lo, hi = start - 1, end
    while lo >= 0 and text[lo] == "\u200b":
        lo -= 1
    while hi < len(text) and text[hi] == "\u200b":
        hi += 1
    return lo >= 0 and hi < len(text) and bool(_NO_SPACE_SCRIPTS.match(text[lo]) and _NO_SPACE_SCRIPTS.match(text[hi]))


def _other_spans(text: str, present: set[str], min_letters: int) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    n = len(text)
    for m in _SUSPECT.finditer(text):
        start, end = m.span()
        ch = m.group()
        if ch == "\ufffd":
            found.append((start, end, "replacement_char"))
        elif _IS_CONTROL.match(ch):
            if ch == _SUB and not (_IS_CONTROL.match(text[start - 1:start] or " ")
                                   or _IS_CONTROL.match(text[end:end + 1] or " ")):
                continue
            found.append((start, end, "control_char"))
        elif _IS_INVISIBLE.match(ch):
            if ch == "\ufeff" and start == 0:
                continue  # a byte-order mark at the start is legitimate
            if ch in _ZERO_WIDTH_JOINERS:
                before = text[start - 1] if start else " "
                after = text[end] if end < n else " "
                if not (before.isascii() and after.isascii()):
                    continue
            if ch == "\u200b" and _between_no_space_letters(text, start, end):
                continue
            found.append((start, end, "invisible_char"))
        else:
            before = text[start - 1] if start else " "
            after = text[end] if end < n else " "
            if _glue(before) or _glue(after):
                found.append((start, end, "stray_symbol"))
    if any("\u0400" <= ch <= "\u04ff" for ch in present):  # Cyrillic
        word_end = 0
        for m in _LATIN_CYRILLIC.finditer(text):
            start, end = m.span()  # the evidence is the whole word, once
            if start < word_end:
                continue
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'-"):
                start -= 1
            while end < n and (text[end].isalnum() or text[end] in "'-"):
                end += 1
            word_end = end
            word = text[start:end]
            cyrillic = len(_CYRILLIC.findall(word))
            latin = sum(1 for ch in word if ch.isalpha()) - cyrillic
            if min(cyrillic, latin) >= min_letters:
                found.append((start, end, "mixed_script"))
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort, and merge touching or overlapping spans that share a reason."""
    spans.sort(key=lambda s: (s[2], s[0], s[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in spans:
        if merged and merged[-1][2] == reason and start <= merged[-1][1]:
            prev = merged[-1]
            merged[-1] = (prev[0], max(prev[1], end), reason)
        else:
            merged.append((start, end, reason))
    return merged


def compute(doc: Document, config: EncodingConfig | None = None) -> SignalResult:
    config = config or EncodingConfig()
    text = doc.text
    values = dict.fromkeys((spec.name for spec in FEATURES), 0.0)
    if not text:
        return SignalResult(values)
    present = set(_GATED.findall(text))
    mojibake = sorted(set(_mojibake_spans(text)) | set(_mac_roman_spans(text, present, config.mac_roman_min_pairs))
                      | set(_cp437_spans(text, present)))
    # A character inside a mojibake sequence is reported once, as mojibake.
    covered = {i for start, end in mojibake for i in range(start, end)}
    raw = [(s, e, "mojibake") for s, e in mojibake]
    raw += [span for span in _other_spans(text, present, config.mixed_script_min_letters) if span[0] not in covered]
    spans = _merge(raw)
    counts = dict.fromkeys(values, 0)
    for start, end, reason in spans:
        counts[_RATE_BY_REASON[reason]] += (end - start) if reason in _PER_CHARACTER else 1
    for name, count in counts.items():
        values[name] = 1000.0 * count / len(text)
    if spans:
        line_start = doc.line_start
        damaged = {bisect_right(line_start, start) - 1 for start, _, _ in spans}
        # Blank on the raw text: a line of word joiners is damaged, not blank.
        non_blank = sum(1 for s, e in zip(line_start, doc.line_end) if text[s:e].strip())
        values["encoding_damaged_line_share"] = min(len(damaged) / non_blank, 1.0) if non_blank else 0.0
    return SignalResult(
        values,
        sorted(Span(s, e, SIGNAL, r) for s, e, r in spans),
    )
