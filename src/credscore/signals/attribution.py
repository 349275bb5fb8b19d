"""attribution: who the page says its claims come from.

Design
------
News that can be checked names its sources; news that cannot leans on
"experts say", "officials said" or "it is claimed", and invented pages
invent experts. Four kinds of evidence are found, on main-content lines only
(so a sidebar's "An expert on regional issues said" is not counted):

- *unnamed attributions*: an unnamed source noun (``attribution_sources.txt``:
  experts, officials, critics, some, many...) with a reporting verb
  (``attribution_reporting_verbs.txt``) after it, "according to" followed by
  one, or a fixed impersonal phrase (``attribution_unnamed_phrases.txt``: "it
  is said", "sources familiar"). A reporting verb is required, so "expert
  insights" or "Observers should remain vigilant" (advice, not a claim
  someone made) are not attributions; this is the "verb of saying" criterion
  of Bergler (1992) for reported speech.
- *named attributions*: a run of capitalised words (read from the original
  text) with a reporting verb after it (allowing an appositive and a couple
  of auxiliaries: "Smith, the envoy, has said"), after a reporting verb that
  takes its speaker after it ('"...," said Smith'), after "according to", or
  a person introduced by name and role ("Linda Thomas-Greenfield, the U.S.
  Ambassador to the United Nations").
- *direct quotes*: double-quoted passages of at least ``QUOTE_MIN_WORDS``
  words on one line, with the nearest attribution on that line (or a speaker
  line right above it, as in seed 003) as their speaker.
- *suspicious experts*: a person named with only a generic title
  (``attribution_roles.txt``, tag ``generic``: analyst, strategist...) after a
  comma or dash, with no organisation on the line (``attribution_org_words.txt``,
  an acronym, or a preposition before a proper noun: "at Brookings", "on
  Korean Peninsula affairs") and whose surname appears nowhere else in the
  main content. Real reporting names the employer and comes back to the
  person ("Moore said"); seed 003's "Dr. Elena Moore, Geopolitical Analyst"
  and "General Marcus Lee, Former Military Strategist" do neither. Seed 002's
  "Ismail Bashari - Expert on Korean Peninsula affairs" names a field and
  sits on a line naming his publication ("Strategic Council Online"), so he
  is a named source. A suspicious expert is not counted as a named source,
  and a quote given to one does not have a named speaker.

Rates are per 1,000 main-content words. A share with nothing to share out
(no quotes, no attributions) is NaN, "does not apply": 0.0 would claim that
every quote lacked a named speaker on a page that has no quotes, and the
model would punish it for that. Capitalisation comes from
``doc.text``; everything else from the folded tokens, never from re-splitting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import compress, count
from typing import TYPE_CHECKING

from ..lexicon import PhraseTable, load_tagged
from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span
from .attribution_grammar import (
    MAX_NAME_TOKENS,
    PASSIVE_AUXILIARIES,
    ROLES,
    SOURCES,
    VERBS,
    Event,
    Reader,
    introductions,
    quotes_on_lines,
    speaker_of,
    subject_before,
    unnamed_source_before,
)

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "attribution"
#: Where this family runs, and where its features appear in every output.
ORDER = 90

_UNNAMED_PHRASES = PhraseTable(list(load_tagged("attribution_unnamed_phrases").items()))
#: Source nouns that are never adjectives, so may come a few words before
#: their verb ("critics of the plan argue"); the others ("expert", "official")
#: only after a determiner ("An expert on Middle East issues said").
_PLAIN_SOURCES = frozenset(w for w, tag in SOURCES.items() if tag != "adj")
_DETERMINERS = frozenset({"a", "an", "one", "another", "the"})

#: At most this many fillers between a subject and its verb.
MAX_FILLERS = 2
#: How far after an unnamed source noun its verb may come ("critics of the
#: plan argue", "analysts and geopolitical experts have weighed in").
SOURCE_VERB_WINDOW = 5
#: Longest appositive between a name and its verb or after a name (tokens).
MAX_APPOSITIVE = 15
#: Direct quotes have at least this many words: the scare quotes and titles
#: in the seeds ("weapons", "Bharat", "negotiation and political deal") have
#: one to four.
QUOTE_MIN_WORDS = 5
#: A quote's speaker is the nearest attribution on its line within this many
#: characters of it ("South Korean officials likened the veto to '...'").
QUOTE_SPEAKER_WINDOW = 150
#: Subject pronouns: '"...," she said' gives a quote a speaker named earlier.
PRONOUNS = frozenset({"he", "she"})
#: The plain verbs of news attribution. AP style prefers "said" as the
#: neutral way to credit a statement; a report that credits its statements
#: uses these many times, opinion and invented copy rarely. Counted whoever
#: the speaker, as a density of sourcing: on ReCOVery their rate alone ranks
#: publishers by reliability with ROC-AUC 0.83 (benchmarks/publisher_leakage.py).
SPEECH_VERBS = frozenset({"said", "says", "told", "tells", "according"})
#: Every word a rule starts from (phrase openers, source nouns, verbs, roles)
#: or that is counted (speech verbs).
_TRIGGERS = _UNNAMED_PHRASES.anchors | frozenset(SOURCES) | frozenset(VERBS) | frozenset(ROLES) | SPEECH_VERBS


@dataclass(frozen=True)
class AttributionConfig:
    """The family's distances and sizes; each default's reason is at the
    module constant of the same name."""

    max_fillers: int = MAX_FILLERS
    source_verb_window: int = SOURCE_VERB_WINDOW
    max_appositive: int = MAX_APPOSITIVE
    max_name_tokens: int = MAX_NAME_TOKENS
    quote_min_words: int = QUOTE_MIN_WORDS
    quote_speaker_window: int = QUOTE_SPEAKER_WINDOW


CONFIG = AttributionConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "attribution_unnamed_per_1k_words",
        "Claims credited to unnamed sources ('experts say', 'officials said', 'it is claimed') "
        "per 1,000 main-content words.",
        0.0, 1000.0, "higher_worse", english_only=True,
        reason=ReasonText("claims credited to unnamed sources", ("attribution/unnamed_source",), "per_1k_words",
                          "claim credited to an unnamed source"),
        in_model=True,
    ),
    FeatureSpec(
        "attribution_named_sources",
        "Distinct named sources (people or organisations cited by name, suspicious experts excluded).",
        0.0, math.inf, "lower_worse", english_only=True,
        reason=ReasonText("named sources", ("attribution/named_source",), "count", "named source"),
        why_not_in_model="a count that grows with length; the per-1,000-word rate enters",
    ),
    FeatureSpec(
        "attribution_speech_verbs_per_1k_words",
        "Plain verbs of attribution ('said', 'says', 'told', 'according to') per 1,000 main-content words, "
        "whoever the speaker: how densely statements are credited to someone.",
        0.0, 1000.0, "lower_worse", english_only=True,
        reason=ReasonText("statements credited with 'said', 'told' or 'according to'", ("attribution/speech_verb",),
                          "per_1k_words", "statement credited with 'said', 'told' or 'according to'"),
        in_model=True,
    ),
    FeatureSpec(
        "attribution_named_per_1k_words",
        "Attributions to a named source per 1,000 main-content words.",
        0.0, 1000.0, "lower_worse", english_only=True,
        reason=ReasonText("attributions to named sources", ("attribution/named_source",), "per_1k_words",
                          "attribution to a named source"),
        in_model=True,
    ),
    FeatureSpec(
        "attribution_quotes_per_1k_words",
        f"Direct quotes (double-quoted, at least {QUOTE_MIN_WORDS} words) per 1,000 main-content words.",
        0.0, 1000.0, "neutral", english_only=True,
        reason=ReasonText(
            "direct quotes",
            ("attribution/quote_named_speaker", "attribution/quote_unnamed_speaker",
             "attribution/quote_suspicious_speaker"),
            "per_1k_words",
            "direct quote",
        ),
        in_model=True,
    ),
    FeatureSpec(
        "attribution_named_quotes_per_1k_words",
        "Direct quotes whose speaker is a named, anchored source per 1,000 main-content words.",
        0.0, 1000.0, "lower_worse", english_only=True,
        reason=ReasonText("named quotes", ("attribution/quote_named_speaker",), "per_1k_words", "named quote"),
        in_model=True,
    ),
    FeatureSpec(
        "attribution_quotes_named_share",
        "Share of direct quotes whose speaker is a named, anchored source (NaN when there are no quotes).",
        0.0, 1.0, "lower_worse", english_only=True,
        reason=ReasonText("of direct quotes have a named speaker", (), "share"),
        why_not_in_model=("a share from one or two quotes is noise, and undefined without quotes; "
                          "attribution_named_quotes_per_1k_words carries the idea"),
    ),
    FeatureSpec(
        "attribution_unnamed_share",
        "Unnamed attributions as a share of all attributions (NaN when there are none).",
        0.0, 1.0, "higher_worse", english_only=True,
        reason=ReasonText("of attributions are to unnamed sources", (), "share"),
        in_model=True,
    ),
    FeatureSpec(
        "attribution_suspicious_experts",
        "Named people introduced only by a generic title, with no organisation and never mentioned again.",
        0.0, math.inf, "higher_worse", english_only=True,
        reason=ReasonText("experts named with a vague title and no affiliation", ("attribution/suspicious_expert",),
                          "count", "expert named with a vague title and no affiliation"),
        why_not_in_model="fires on 5 of 2,069 training documents; reported as a flag",
        flag=FlagRule("suspicious_experts", 1.0, text="one expert named with a vague title and no affiliation",
                      factor=0.7, order=1),
    ),
)


def _trigger_positions(low: list[str]) -> list[int]:
    """Every token any rule starts from (or that ``SPEECH_VERBS`` counts),
    found in one pass mapped in C."""
    return list(compress(count(), map(_TRIGGERS.__contains__, low)))


class _Finder:
    """The rules of attribution, one method each, run in a fixed order: a
    token claimed by one rule (``used``) is not taken again by a later one."""

    def __init__(self, doc: Document, cfg: AttributionConfig, candidates: list[int]):
        self.doc, self.cfg, self.candidates = doc, cfg, candidates
        self.r = Reader(doc, cfg.max_name_tokens)
        self.boiler, self.tok_line = doc.line_boilerplate, doc.tok_line
        self.used: set[int] = set()  # tokens already part of an attribution
        self.events: list[Event] = []
        self.intro_starts: set[int] = set()

    def add(self, first: int, last: int, kind: str, key: str = "") -> None:
        self.used.update(range(first, last + 1))
        self.events.append(Event(self.r.start[first], self.r.end[last], self.tok_line[first], kind, key))

    def on_main_line(self, i: int) -> bool:
        return not self.boiler[self.tok_line[i]]

    def unnamed_phrases(self) -> None:
        """Fixed impersonal phrases: "it is said", "sources familiar"."""
        for m in _UNNAMED_PHRASES.finditer(self.r.low, self.r.sent, self.candidates):
            if self.on_main_line(m.first):
                self.add(m.first, m.last, "unnamed")

    def introductions(self) -> None:
        """People introduced by name and role ("Jane Roe, an analyst at X")."""
        low = self.r.low
        roles = [i for i in self.candidates if low[i] in ROLES]
        self.events += introductions(self.r, self.doc, roles, self.cfg.max_appositive)
        self.intro_starts = {e.start for e in self.events if e.kind in ("named", "suspicious")}

    def unnamed_sources(self) -> None:
        """Unnamed sources with a verb a few words on ("critics of the plan argue")."""
        r, low, used = self.r, self.r.low, self.used
        for i in [i for i in self.candidates if low[i] in SOURCES]:
            if i in used or not self.on_main_line(i):
                continue
            if low[i] not in _PLAIN_SOURCES and not (r.same_sentence(i, i - 1) and low[i - 1] in _DETERMINERS):
                continue
            if r.in_proper_name(i):
                continue
            if r.tight(i) and r.run_starting_at(i + 1) is not None:
                continue  # "spokeswoman Annette Feasel said": a named source
            for j in range(i + 1, i + 1 + self.cfg.source_verb_window):
                if not r.same_sentence(i, j) or not r.tight(j - 1) or low[j] in PRONOUNS or j in used:
                    break
                if low[j] in VERBS and low[j] != "according":
                    if low[j - 1] not in PASSIVE_AUXILIARIES:  # "cases were reported" is not a source
                        self.add(i, j, "unnamed")
                    break

    def according_to(self, v: int) -> None:
        """"according to" an unnamed source or a name."""
        r, low = self.r, self.r.low
        if not (r.same_sentence(v, v + 1) and low[v + 1] == "to"):
            return
        j = v + 2
        while r.same_sentence(v, j) and low[j] in ("the", "a", "an") and j - v < 4:
            j += 1
        src = next((t for t in range(j, j + 3) if r.same_sentence(v, t) and low[t] in SOURCES), None)
        if src is not None:
            self.add(v, src, "unnamed")
        elif r.same_sentence(v, j) and (last := r.run_starting_at(j, titles_only=True)) is not None \
                and r.start[j] not in self.intro_starts:  # "according to Maria Lopez, the head of ..."
            self.add(v, last, "named", r.key(last))

    def speaker_before(self, v: int) -> bool:
        """A source, a name or a pronoun as the verb's subject; whether the
        verb is settled."""
        r = self.r
        src = unnamed_source_before(r, v, self.cfg.max_fillers)
        if src is not None:
            self.add(src, v, "unnamed")
            return True
        subject = subject_before(r, v, self.cfg.max_fillers, self.cfg.max_appositive)
        if subject is None:
            return False
        first = r.run_ending_at(subject)
        if first is not None:
            if r.start[first] not in self.intro_starts:
                self.add(first, v, "named", r.key(subject))
            return True
        if r.low[subject] in PRONOUNS:
            self.add(subject, v, "pronoun")
            return True
        return False

    def speaker_after(self, v: int) -> None:
        """'"...," said Smith' or "said one official"."""
        r, low = self.r, self.r.low
        if not (VERBS[low[v]] == "inv" and r.same_sentence(v, v + 1)):
            return
        j = v + 1
        last = r.run_starting_at(j)
        if last is not None:
            self.add(v, last, "named", r.key(last))
        elif low[j] in ("one", "a", "an", "another", "the"):
            src = next((t for t in range(j + 1, j + 3) if r.same_sentence(v, t) and low[t] in SOURCES), None)
            if src is not None:
                self.add(v, src, "unnamed")

    def reporting_verbs(self) -> None:
        """Each reporting verb not yet claimed, with its speaker."""
        low = self.r.low
        for v in [v for v in self.candidates if low[v] in VERBS]:
            if v in self.used or not self.on_main_line(v):
                continue
            if low[v] == "according":
                self.according_to(v)
            elif not self.speaker_before(v):
                self.speaker_after(v)


def _find_events(doc: Document, cfg: AttributionConfig, candidates: list[int]) -> list[Event]:
    finder = _Finder(doc, cfg, candidates)
    finder.unnamed_phrases()
    finder.introductions()
    finder.unnamed_sources()
    finder.reporting_verbs()
    return sorted(finder.events)


def compute(doc: Document, config: AttributionConfig | None = None) -> SignalResult:
    cfg = config or AttributionConfig()
    candidates = _trigger_positions(doc.tok_lower)
    events = _find_events(doc, cfg, candidates)
    named = [e for e in events if e.kind == "named"]
    unnamed = [e for e in events if e.kind == "unnamed"]
    suspicious = {e.key for e in events if e.kind == "suspicious"}
    spans = [Span(e.start, e.end, SIGNAL, f"{e.kind}_source") for e in named + unnamed]
    spans += [Span(e.start, e.end, SIGNAL, "suspicious_expert") for e in events if e.kind == "suspicious"]

    quotes = quotes_on_lines(doc, cfg.quote_min_words)
    event_starts = [e.start for e in events]
    longest = max((e.end - e.start for e in events), default=0)
    first_named = min((e.start for e in named), default=len(doc.text))
    n_named_quotes = 0
    for quote in quotes:
        speaker = speaker_of(doc, quote, events, event_starts, longest, cfg.quote_speaker_window)
        is_named = speaker is not None and (
            speaker.kind == "named" or (speaker.kind == "pronoun" and first_named < speaker.start)
        )
        n_named_quotes += is_named
        reason = "quote_named_speaker" if is_named else "quote_unnamed_speaker"
        if speaker is not None and speaker.kind == "suspicious":
            reason = "quote_suspicious_speaker"
        spans.append(Span(quote[0], quote[1], SIGNAL, reason))
    low, boiler, tok_line = doc.tok_lower, doc.line_boilerplate, doc.tok_line
    # On main-content lines; "it can be said", "he was told": passives credit nobody.
    speech = [i for i in candidates if low[i] in SPEECH_VERBS and not boiler[tok_line[i]]
              and not (i > 0 and low[i - 1] in PASSIVE_AUXILIARIES)]
    spans += [Span(doc.tok_start[i], doc.tok_end[i], SIGNAL, "speech_verb") for i in speech]
    spans.sort()
    n_attributions = len(named) + len(unnamed)
    return SignalResult(
        {
            "attribution_unnamed_per_1k_words": doc.per_1k(len(unnamed)),
            "attribution_named_sources": float(len({e.key for e in named})),
            "attribution_speech_verbs_per_1k_words": doc.per_1k(len(speech)),
            "attribution_named_per_1k_words": doc.per_1k(len(named)),
            "attribution_quotes_per_1k_words": doc.per_1k(len(quotes)),
            "attribution_named_quotes_per_1k_words": doc.per_1k(n_named_quotes),
            "attribution_quotes_named_share": n_named_quotes / len(quotes) if quotes else math.nan,
            "attribution_unnamed_share": len(unnamed) / n_attributions if n_attributions else math.nan,
            "attribution_suspicious_experts": float(len(suspicious)),
        },
        spans,
    )
