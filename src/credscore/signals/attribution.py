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
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from ..document import strip_decorations
from ..lexicon import PhraseTable, load_tagged, load_words
from ..types import FeatureSpec, FlagRule, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "attribution"

_VERBS = load_tagged("attribution_reporting_verbs")
_SOURCES = load_tagged("attribution_sources")
_UNNAMED_PHRASES = PhraseTable(list(load_tagged("attribution_unnamed_phrases").items()))
_TITLES = load_words("attribution_titles")
_ROLES = load_tagged("attribution_roles")
_ORG_WORDS = load_words("attribution_org_words")
_NOT_NAMES = load_words("attribution_not_names")
#: Every word a rule starts from: phrase openers, source nouns, verbs, roles.
_TRIGGERS = _UNNAMED_PHRASES.anchors | frozenset(_SOURCES) | frozenset(_VERBS) | frozenset(_ROLES)
#: Source nouns that are never adjectives, so may come a few words before
#: their verb ("critics of the plan argue"); the others ("expert", "official")
#: only after a determiner ("An expert on Middle East issues said").
_PLAIN_SOURCES = frozenset(w for w, tag in _SOURCES.items() if tag != "adj")
_DETERMINERS = frozenset({"a", "an", "one", "another", "the"})

#: Words that may stand between a subject and its reporting verb ("Smith has
#: also said", "officials had earlier warned").
FILLERS = frozenset({
    "has", "have", "had", "also", "will", "would", "later", "earlier",
    "previously", "recently", "then", "once", "again", "repeatedly", "publicly", "privately",
    "long", "often", "first", "never", "not", "did", "does", "do",
})
#: At most this many fillers between a subject and its verb.
MAX_FILLERS = 2
#: A reporting verb right after one of these is passive ("officials were
#: told", "cases were reported"): the noun is what was reported, not who said it.
PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
#: How far after an unnamed source noun its verb may come ("critics of the
#: plan argue", "analysts and geopolitical experts have weighed in").
SOURCE_VERB_WINDOW = 5
#: Longest appositive between a name and its verb or after a name (tokens).
MAX_APPOSITIVE = 15
#: Longest capitalised run taken as a name, titles included
#: ("Russian President Vladimir Putin").
MAX_NAME_TOKENS = 4
#: Direct quotes have at least this many words: the scare quotes and titles
#: in the seeds ("weapons", "Bharat", "negotiation and political deal") have
#: one to four.
QUOTE_MIN_WORDS = 5
#: A quote's speaker is the nearest attribution on its line within this many
#: characters of it ("South Korean officials likened the veto to '...'").
QUOTE_SPEAKER_WINDOW = 150
#: Subject pronouns: '"...," she said' gives a quote a speaker named earlier.
PRONOUNS = frozenset({"he", "she"})
#: Prepositions that, before a capitalised word, tie a role to a place of work
#: or a named field ("analyst at Brookings", "expert on Korean affairs").
ANCHOR_PREPOSITIONS = frozenset({"at", "of", "to", "for", "with", "from", "on", "in"})
#: Words that cannot stand between a name's separator and its role: the
#: role would then belong to a clause ("Smith, who is an analyst").
_NOT_MODIFIERS = frozenset({"who", "which", "that", "is", "was", "are", "were", "be", "as", "and", "or"}) | frozenset(_VERBS)
#: The plain verbs of news attribution. AP style prefers "said" as the
#: neutral way to credit a statement; a report that credits its statements
#: uses these many times, opinion and invented copy rarely. Counted whoever
#: the speaker, as a density of sourcing: on ReCOVery their rate alone ranks
#: publishers by reliability with ROC-AUC 0.83 (benchmarks/publisher_leakage.py).
SPEECH_VERBS = frozenset({"said", "says", "told", "tells", "according"})
#: Separators between a name and its role in an introduction.
_INTRO_SEPARATORS = frozenset({",", "-", "--", "|", "("})

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
            ("attribution/quote_named_speaker", "attribution/quote_unnamed_speaker", "attribution/quote_suspicious_speaker"),
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


class _Event(NamedTuple):
    start: int  # character offsets into doc.text
    end: int
    line: int
    kind: str  # "named", "unnamed", "suspicious" or "pronoun"
    key: str  # the source's surname (lower case) for named kinds


class _Reader:
    """Token helpers over one Document."""

    def __init__(self, doc: Document):
        self.text, self.norm = doc.text, doc.norm
        self.low, self.sent = doc.tok_lower, doc.tok_sent
        self.start, self.end = doc.tok_start, doc.tok_end
        self.n = len(doc.tok_lower)

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= j < self.n and self.sent[i] == self.sent[j]

    def gap(self, i: int) -> str:
        """The stripped text between token ``i`` and the next one."""
        return self.norm[self.end[i]:self.start[i + 1]].strip() if i + 1 < self.n else ""

    def capitalised(self, i: int) -> bool:
        return self.text[self.start[i]].isupper()

    def in_proper_name(self, i: int) -> bool:
        """Capitalised inside a sentence: "The News & Observer reported"."""
        return self.capitalised(i) and self.same_sentence(i, i - 1)

    def name_token(self, i: int) -> bool:
        w = self.low[i]
        return self.capitalised(i) and w not in _NOT_NAMES and w not in _SOURCES and w not in _VERBS

    def tight(self, i: int) -> bool:
        """Whether only spaces, or the dot of a title or initialism ("Dr.",
        "U.S."), separate token ``i`` from the next."""
        gap = self.gap(i)
        return gap == "" or (gap == "." and (self.low[i] in _TITLES or "." in self.low[i]))

    def joined(self, i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` belong to one name ("Dr. Elena")."""
        return self.same_sentence(i, i + 1) and self.tight(i)

    def run_ending_at(self, k: int) -> int | None:
        """First token of the name that ends at token ``k``, or ``None``."""
        if not (0 <= k < self.n) or not self.name_token(k) or self.low[k] in _TITLES:
            return None
        first = k
        while (
            k - first + 1 < MAX_NAME_TOKENS
            and self.same_sentence(k, first - 1)
            and self.name_token(first - 1)
            and self.joined(first - 1)
        ):
            first -= 1
        return first

    def run_starting_at(self, j: int, titles_only: bool = False) -> int | None:
        """Last token of the name that starts at token ``j``, or ``None``.
        With ``titles_only``, a bare title counts ("the Governor of ...")."""
        if not (0 <= j < self.n) or not self.name_token(j):
            return None
        last = j
        while (
            last - j + 1 < MAX_NAME_TOKENS
            and self.same_sentence(j, last + 1)
            and self.name_token(last + 1)
            and self.joined(last)
        ):
            last += 1
        if titles_only:
            return last
        while last > j and self.low[last] in _TITLES:
            last -= 1
        return None if self.low[last] in _TITLES or self.low[last] in _ROLES else last

    def key(self, i: int) -> str:
        w = self.low[i]
        return w[:-2] if w.endswith("'s") else w


def _unnamed_source_before(r: _Reader, v: int) -> int | None:
    """An unnamed source noun that is the subject of the verb at ``v``."""
    k, skipped = v - 1, 0
    if r.same_sentence(v, k) and r.low[k] in PASSIVE_AUXILIARIES:
        return None
    while r.same_sentence(v, k) and r.low[k] in FILLERS and skipped < MAX_FILLERS and r.tight(k):
        k, skipped = k - 1, skipped + 1
    if r.same_sentence(v, k) and r.low[k] in _SOURCES and r.tight(k) and not r.in_proper_name(k):
        return k
    return None


def _subject_before(r: _Reader, v: int) -> int | None:
    """The last token of the subject of the verb at ``v``: right before it
    (through a couple of auxiliaries) or before an appositive set off by
    commas ("Smith, the U.S. envoy, said"). ``None`` after a closing quote
    ('"...," said Smith'), a clause boundary or a passive ("was asked")."""
    k, skipped = v - 1, 0
    if r.same_sentence(v, k) and r.low[k] in PASSIVE_AUXILIARIES:
        return None
    while r.same_sentence(v, k) and r.low[k] in FILLERS and skipped < MAX_FILLERS and r.tight(k):
        k, skipped = k - 1, skipped + 1
    if not r.same_sentence(v, k):
        return None
    if r.tight(k):
        return k
    if r.gap(k) != ",":
        return None
    c = k - 1
    while r.same_sentence(v, c) and k - c < MAX_APPOSITIVE and r.gap(c) != ",":
        c -= 1
    if not (r.same_sentence(v, c) and r.gap(c) == ","):
        return None
    # "the city engineer, Ana Ruiz, said": the part set off by commas is
    # itself the name, so it is the speaker, not an appositive to skip.
    if all(r.name_token(t) for t in range(c + 1, k + 1)):
        return k
    return c


def _introductions(r: _Reader, doc: Document, role_tokens: list[int]) -> list[_Event]:
    """Named people introduced by a role after a comma or dash, each judged
    anchored (a named source) or not (a suspicious expert)."""
    events: list[_Event] = []
    boiler, tok_line = doc.line_boilerplate, doc.tok_line
    line_memo: dict[int, bool] = {}
    ends: dict[int, int] = {}
    mentions: Counter[str] | None = None
    for i in role_tokens:
        if boiler[tok_line[i]]:
            continue
        # Walk back over the role's modifiers to the separator after the name.
        p = i - 1
        while r.same_sentence(i, p) and i - p <= 4 and r.tight(p) and r.low[p] not in _NOT_MODIFIERS:
            p -= 1
        if not r.same_sentence(i, p) or r.gap(p) not in _INTRO_SEPARATORS:
            continue
        first = r.run_ending_at(p)
        if first is None or r.low[p] in _ORG_WORDS:
            continue  # no name, or an organisation's name ("Wall Street Journal, ...")
        titled = any(r.low[t] in _TITLES for t in range(first, p))
        if p - first + 1 - sum(r.low[t] in _TITLES for t in range(first, p + 1)) < (1 if titled else 2):
            continue  # one bare capitalised word is a place or a group, not a person
        # The appositive runs to the next comma, sentence end or line end,
        # short of a decoration trailing the line ("(AP)", "[1]", "Read more").
        line = tok_line[i]
        stop = _content_end(doc, line, ends)
        if r.tight(i) and i + 1 < r.n and r.start[i + 1] < stop and r.run_starting_at(i + 1) is not None:
            continue  # a title before another name: "the social scientist Erich Fromm"
        end = i
        while end - i < MAX_APPOSITIVE and r.same_sentence(i, end + 1) and r.gap(end) != "," \
                and r.start[end + 1] < stop:
            end += 1
        key = r.key(p)
        roles = [_ROLES.get(r.low[t]) for t in range(p + 1, end + 1)]
        generic = "generic" in roles and "office" not in roles and "other" not in roles
        anchored = generic and (_line_has_organisation(r, doc, line, line_memo, stop)
                                or _names_a_place(r, p + 1, end))
        kind = "named"
        if generic and not anchored:
            if mentions is None:  # built once, and only for pages that need it
                mentions = Counter(map(r.low.__getitem__, doc.main_tokens))
            kind = "named" if mentions[key] + mentions[key + "'s"] > 1 else "suspicious"
        events.append(_Event(r.start[first], r.end[end], line, kind, key))
    return events


def _names_a_place(r: _Reader, first: int, last: int) -> bool:
    """Whether an appositive names an employer or field: a proper noun after
    the role ("economist for Zillow", "expert on Korean Peninsula affairs"),
    or any capitalised word in an appositive that is not title-cased as a
    whole ("a former Trump adviser"). "Geopolitical Analyst" is title case
    alone and names nothing."""
    words = [t for t in range(first, last + 1) if r.low[t] not in ("a", "an", "the")]
    capitalised = [r.capitalised(t) for t in words]
    if any(capitalised) and not all(capitalised):
        return True
    role_at = max((k for k, t in enumerate(words) if r.low[t] in _ROLES), default=len(words))
    return any(
        r.low[t] in ANCHOR_PREPOSITIONS and k + 1 < len(words) and r.capitalised(words[k + 1])
        for k, t in enumerate(words)
        if k > role_at
    )


def _content_end(doc: Document, line: int, memo: dict[int, int]) -> int:
    """Where line ``line``'s text ends before a trailing decoration; with
    none, no limit (an appositive may then run on as far as its sentence)."""
    if line not in memo:
        start = doc.line_start[line]
        text = doc.norm[start:doc.line_end[line]]
        kept = strip_decorations(text)
        memo[line] = start + len(kept) if len(kept) < len(text.rstrip()) else _NO_LIMIT
    return memo[line]


_NO_LIMIT = 1 << 62


def _line_has_organisation(r: _Reader, doc: Document, line: int, memo: dict[int, bool], stop: int) -> bool:
    """Whether a line names an organisation: an organisation word or an
    acronym ("CSIS", "RAND", "UN"), before ``stop`` (a wire credit "(AP)"
    trailing the line is not the expert's employer). Names ending in an
    organisation word never reach here, so the person's own name cannot
    anchor itself."""
    if line not in memo:
        lo = bisect_left(r.start, doc.line_start[line])
        hi = bisect_left(r.start, min(stop, doc.line_end[line]))
        memo[line] = any(
            r.low[t] in _ORG_WORDS or (2 <= r.end[t] - r.start[t] <= 6 and r.text[r.start[t]:r.end[t]].isupper())
            for t in range(lo, hi)
        )
    return memo[line]


def _find_events(doc: Document) -> list[_Event]:
    r = _Reader(doc)
    boiler, tok_line, low = doc.line_boilerplate, doc.tok_line, r.low
    used: set[int] = set()  # tokens already part of an attribution
    events: list[_Event] = []

    def add(first: int, last: int, kind: str, key: str = "") -> None:
        used.update(range(first, last + 1))
        events.append(_Event(r.start[first], r.end[last], tok_line[first], kind, key))

    # One pass over the tokens finds every position any rule starts from.
    candidates = [i for i, w in enumerate(low) if w in _TRIGGERS]
    for m in _UNNAMED_PHRASES.finditer(low, r.sent, candidates):
        if not boiler[tok_line[m.first]]:
            add(m.first, m.last, "unnamed")

    events += _introductions(r, doc, [i for i in candidates if low[i] in _ROLES])
    intro_starts = {e.start for e in events if e.kind in ("named", "suspicious")}

    # Unnamed sources with a verb a few words on ("critics of the plan argue").
    for i in [i for i in candidates if low[i] in _SOURCES]:
        if i in used or boiler[tok_line[i]]:
            continue
        if low[i] not in _PLAIN_SOURCES and not (r.same_sentence(i, i - 1) and low[i - 1] in _DETERMINERS):
            continue
        if r.in_proper_name(i):
            continue
        if r.tight(i) and r.run_starting_at(i + 1) is not None:
            continue  # "spokeswoman Annette Feasel said": a named source
        for j in range(i + 1, i + 1 + SOURCE_VERB_WINDOW):
            if not r.same_sentence(i, j) or not r.tight(j - 1) or low[j] in PRONOUNS or j in used:
                break
            if low[j] in _VERBS and low[j] != "according":
                if low[j - 1] not in PASSIVE_AUXILIARIES:  # "cases were reported" is not a source
                    add(i, j, "unnamed")
                break

    for v in [v for v in candidates if low[v] in _VERBS]:
        w = low[v]
        if v in used or boiler[tok_line[v]]:
            continue
        if w == "according":
            if not (r.same_sentence(v, v + 1) and low[v + 1] == "to"):
                continue
            j = v + 2
            while r.same_sentence(v, j) and low[j] in ("the", "a", "an") and j - v < 4:
                j += 1
            src = next((t for t in range(j, j + 3) if r.same_sentence(v, t) and low[t] in _SOURCES), None)
            if src is not None:
                add(v, src, "unnamed")
            elif r.same_sentence(v, j) and (last := r.run_starting_at(j, titles_only=True)) is not None:
                if r.start[j] not in intro_starts:  # "according to Maria Lopez, the head of ..."
                    add(v, last, "named", r.key(last))
            continue
        src = _unnamed_source_before(r, v)
        if src is not None:
            add(src, v, "unnamed")
            continue
        subject = _subject_before(r, v)
        if subject is not None:
            first = r.run_ending_at(subject)
            if first is not None:
                if r.start[first] not in intro_starts:
                    add(first, v, "named", r.key(subject))
                continue
            if low[subject] in PRONOUNS:
                add(subject, v, "pronoun")
                continue
        if _VERBS[w] == "inv" and r.same_sentence(v, v + 1):
            # '"...," said Smith' or "said one official".
            j = v + 1
            last = r.run_starting_at(j)
            if last is not None:
                add(v, last, "named", r.key(last))
                continue
            if low[j] in ("one", "a", "an", "another", "the"):
                src = next((t for t in range(j + 1, j + 3) if r.same_sentence(v, t) and low[t] in _SOURCES), None)
                if src is not None:
                    add(v, src, "unnamed")
    events.sort()
    return events


def _quotes(doc: Document) -> list[tuple[int, int, int]]:
    """Double-quoted passages of ``QUOTE_MIN_WORDS`` words or more on a
    main-content line, as ``(start, end, line)`` including the marks. Marks
    pair up in order within a line; a quote left open at a line end is
    dropped (a paragraph break ends a quote on scraped pages)."""
    norm, starts = doc.norm, doc.tok_start
    marks = []
    at = norm.find('"')
    while at != -1:
        marks.append(at)
        at = norm.find('"', at + 1)
    found: list[tuple[int, int, int]] = []
    open_at, open_line = -1, -1
    for at in marks:
        line = bisect_right(doc.line_start, at) - 1
        if open_at >= 0 and line == open_line:
            words = bisect_left(starts, at) - bisect_left(starts, open_at)
            if words >= QUOTE_MIN_WORDS and not doc.line_boilerplate[line]:
                found.append((open_at, at + 1, line))
            open_at = -1
        else:
            open_at, open_line = at, line
    return found


def _speaker(
    doc: Document, quote: tuple[int, int, int], events: list[_Event], event_starts: list[int], longest: int
) -> _Event | None:
    """The attribution nearest a quote on its line, or a speaker line above."""
    start, end, line = quote
    best, best_distance = None, QUOTE_SPEAKER_WINDOW + 1
    # Events are sorted by start and none is longer than ``longest``.
    lo = bisect_left(event_starts, start - QUOTE_SPEAKER_WINDOW - longest)
    hi = bisect_right(event_starts, end + QUOTE_SPEAKER_WINDOW)
    for e in events[lo:hi]:
        if e.line != line:
            continue
        distance = max(start - e.end, e.start - end, 0)
        if distance < best_distance:
            best, best_distance = e, distance
    if best is not None or doc.norm[doc.line_start[line]:start].strip():
        return best
    # A quote that opens its line: the speaker may be the line above
    # ("Dr. Elena Moore, Geopolitical Analyst" then the quote).
    above = line - 1
    while above >= 0 and doc.is_blank_line(above):
        above -= 1
    lo = bisect_left(event_starts, doc.line_start[above]) if above >= 0 else 0
    header = [e for e in events[lo:hi] if e.line == above and e.kind in ("named", "suspicious")]
    return header[-1] if header else None


def compute(doc: Document) -> SignalResult:
    events = _find_events(doc)
    n_words = len(doc.main_tokens)
    per_1k = 1000.0 / n_words if n_words else 0.0
    named = [e for e in events if e.kind == "named"]
    unnamed = [e for e in events if e.kind == "unnamed"]
    suspicious = {e.key for e in events if e.kind == "suspicious"}
    spans = [Span(e.start, e.end, SIGNAL, f"{e.kind}_source") for e in named + unnamed]
    spans += [Span(e.start, e.end, SIGNAL, "suspicious_expert") for e in events if e.kind == "suspicious"]

    quotes = _quotes(doc)
    event_starts = [e.start for e in events]
    longest = max((e.end - e.start for e in events), default=0)
    first_named = min((e.start for e in named), default=len(doc.text))
    n_named_quotes = 0
    for quote in quotes:
        speaker = _speaker(doc, quote, events, event_starts, longest)
        is_named = speaker is not None and (
            speaker.kind == "named" or (speaker.kind == "pronoun" and first_named < speaker.start)
        )
        n_named_quotes += is_named
        reason = "quote_named_speaker" if is_named else "quote_unnamed_speaker"
        if speaker is not None and speaker.kind == "suspicious":
            reason = "quote_suspicious_speaker"
        spans.append(Span(quote[0], quote[1], SIGNAL, reason))
    low = doc.tok_lower
    # "it can be said", "he was told": passives credit nobody.
    speech = [i for i in doc.main_tokens
              if low[i] in SPEECH_VERBS and not (i > 0 and low[i - 1] in PASSIVE_AUXILIARIES)]
    spans += [Span(doc.tok_start[i], doc.tok_end[i], SIGNAL, "speech_verb") for i in speech]
    spans.sort()
    n_attributions = len(named) + len(unnamed)
    return SignalResult(
        {
            "attribution_unnamed_per_1k_words": len(unnamed) * per_1k,
            "attribution_named_sources": float(len({e.key for e in named})),
            "attribution_speech_verbs_per_1k_words": len(speech) * per_1k,
            "attribution_named_per_1k_words": len(named) * per_1k,
            "attribution_quotes_per_1k_words": len(quotes) * per_1k,
            "attribution_named_quotes_per_1k_words": n_named_quotes * per_1k,
            "attribution_quotes_named_share": n_named_quotes / len(quotes) if quotes else math.nan,
            "attribution_unnamed_share": len(unnamed) / n_attributions if n_attributions else math.nan,
            "attribution_suspicious_experts": float(len(suspicious)),
        },
        spans,
    )
