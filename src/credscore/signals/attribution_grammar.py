"""The grammar of attribution: names, subjects, introductions and quotes.

A token reader over one :class:`~credscore.document.Document` (sentences,
the gaps between tokens, runs of capitalised words that make a name), the
subject before a reporting verb, the people a page introduces by name and
role ("Linda Thomas-Greenfield, the U.S. Ambassador to the United Nations"),
each judged anchored (a named source) or not (a suspicious expert), and the
direct quotes of a page with their nearest speaker. ``signals.attribution``
builds its events from these; its module docstring explains the rules.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from ..document import strip_decorations
from ..lexicon import load_tagged, load_words

if TYPE_CHECKING:
    from ..document import Document

VERBS = load_tagged("attribution_reporting_verbs")
SOURCES = load_tagged("attribution_sources")
TITLES = load_words("attribution_titles")
ROLES = load_tagged("attribution_roles")
ORG_WORDS = load_words("attribution_org_words")
NOT_NAMES = load_words("attribution_not_names")

#: Longest capitalised run taken as a name, titles included
#: ("Russian President Vladimir Putin").
MAX_NAME_TOKENS = 4
#: Prepositions that, before a capitalised word, tie a role to a place of work
#: or a named field ("analyst at Brookings", "expert on Korean affairs").
ANCHOR_PREPOSITIONS = frozenset({"at", "of", "to", "for", "with", "from", "on", "in"})
#: Words that cannot stand between a name's separator and its role: the
#: role would then belong to a clause ("Smith, who is an analyst").
_NOT_MODIFIERS = (frozenset({"who", "which", "that", "is", "was", "are", "were", "be", "as", "and", "or"})
                  | frozenset(VERBS))
#: Words that may stand between a subject and its reporting verb ("Smith has
#: also said", "officials had earlier warned").
FILLERS = frozenset({
    "has", "have", "had", "also", "will", "would", "later", "earlier",
    "previously", "recently", "then", "once", "again", "repeatedly", "publicly", "privately",
    "long", "often", "first", "never", "not", "did", "does", "do",
})
#: A reporting verb right after one of these is passive ("officials were
#: told", "cases were reported"): the noun is what was reported, not who said it.
PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
#: Separators between a name and its role in an introduction.
_INTRO_SEPARATORS = frozenset({",", "-", "--", "|", "("})


class Event(NamedTuple):
    start: int  # character offsets into doc.text
    end: int
    line: int
    kind: str  # "named", "unnamed", "suspicious" or "pronoun"
    key: str  # the source's surname (lower case) for named kinds


class Reader:
    """Token helpers over one Document."""

    def __init__(self, doc: Document, max_name_tokens: int = MAX_NAME_TOKENS):
        self.max_name_tokens = max_name_tokens
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
        return self.capitalised(i) and w not in NOT_NAMES and w not in SOURCES and w not in VERBS

    def tight(self, i: int) -> bool:
        """Whether only spaces, or the dot of a title or initialism ("Dr.",
        "U.S."), separate token ``i`` from the next."""
        gap = self.gap(i)
        return gap == "" or (gap == "." and (self.low[i] in TITLES or "." in self.low[i]))

    def joined(self, i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` belong to one name ("Dr. Elena")."""
        return self.same_sentence(i, i + 1) and self.tight(i)

    def run_ending_at(self, k: int) -> int | None:
        """First token of the name that ends at token ``k``, or ``None``."""
        if not (0 <= k < self.n) or not self.name_token(k) or self.low[k] in TITLES:
            return None
        first = k
        while (
            k - first + 1 < self.max_name_tokens
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
            last - j + 1 < self.max_name_tokens
            and self.same_sentence(j, last + 1)
            and self.name_token(last + 1)
            and self.joined(last)
        ):
            last += 1
        if titles_only:
            return last
        while last > j and self.low[last] in TITLES:
            last -= 1
        return None if self.low[last] in TITLES or self.low[last] in ROLES else last

    def key(self, i: int) -> str:
        w = self.low[i]
        return w.removesuffix("'s")


def unnamed_source_before(r: Reader, v: int, max_fillers: int) -> int | None:
    """An unnamed source noun that is the subject of the verb at ``v``."""
    k, skipped = v - 1, 0
    if r.same_sentence(v, k) and r.low[k] in PASSIVE_AUXILIARIES:
        return None
    while r.same_sentence(v, k) and r.low[k] in FILLERS and skipped < max_fillers and r.tight(k):
        k, skipped = k - 1, skipped + 1
    if r.same_sentence(v, k) and r.low[k] in SOURCES and r.tight(k) and not r.in_proper_name(k):
        return k
    return None


def subject_before(r: Reader, v: int, max_fillers: int, max_appositive: int) -> int | None:
    """The last token of the subject of the verb at ``v``: right before it
    (through a couple of auxiliaries) or before an appositive set off by
    commas ("Smith, the U.S. envoy, said"). ``None`` after a closing quote
    ('"...," said Smith'), a clause boundary or a passive ("was asked")."""
    k, skipped = v - 1, 0
    if r.same_sentence(v, k) and r.low[k] in PASSIVE_AUXILIARIES:
        return None
    while r.same_sentence(v, k) and r.low[k] in FILLERS and skipped < max_fillers and r.tight(k):
        k, skipped = k - 1, skipped + 1
    if not r.same_sentence(v, k):
        return None
    if r.tight(k):
        return k
    if r.gap(k) != ",":
        return None
    c = k - 1
    while r.same_sentence(v, c) and k - c < max_appositive and r.gap(c) != ",":
        c -= 1
    if not (r.same_sentence(v, c) and r.gap(c) == ","):
        return None
    # "the city engineer, Ana Ruiz, said": the part set off by commas is
    # itself the name, so it is the speaker, not an appositive to skip.
    if all(r.name_token(t) for t in range(c + 1, k + 1)):
        return k
    return c


def introductions(r: Reader, doc: Document, role_tokens: list[int], max_appositive: int) -> list[Event]:
    """Named people introduced by a role after a comma or dash, each judged
    anchored (a named source) or not (a suspicious expert)."""
    events: list[Event] = []
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
        if first is None or r.low[p] in ORG_WORDS:
            continue  # no name, or an organisation's name ("Wall Street Journal, ...")
        titled = any(r.low[t] in TITLES for t in range(first, p))
        if p - first + 1 - sum(r.low[t] in TITLES for t in range(first, p + 1)) < (1 if titled else 2):
            continue  # one bare capitalised word is a place or a group, not a person
        # The appositive runs to the next comma, sentence end or line end,
        # short of a decoration trailing the line ("(AP)", "[1]", "Read more").
        line = tok_line[i]
        stop = _content_end(doc, line, ends)
        if r.tight(i) and i + 1 < r.n and r.start[i + 1] < stop and r.run_starting_at(i + 1) is not None:
            continue  # a title before another name: "the social scientist Erich Fromm"
        end = i
        while end - i < max_appositive and r.same_sentence(i, end + 1) and r.gap(end) != "," \
                and r.start[end + 1] < stop:
            end += 1
        key = r.key(p)
        roles = [ROLES.get(r.low[t]) for t in range(p + 1, end + 1)]
        generic = "generic" in roles and "office" not in roles and "other" not in roles
        anchored = generic and (_line_has_organisation(r, doc, line, line_memo, stop)
                                or _names_a_place(r, p + 1, end))
        kind = "named"
        if generic and not anchored:
            if mentions is None:  # built once, and only for pages that need it
                mentions = Counter(map(r.low.__getitem__, doc.main_tokens))
            kind = "named" if mentions[key] + mentions[key + "'s"] > 1 else "suspicious"
        events.append(Event(r.start[first], r.end[end], line, kind, key))
    return events


def _names_a_place(r: Reader, first: int, last: int) -> bool:
    """Whether an appositive names an employer or field: a proper noun after
    the role ("economist for Zillow", "expert on Korean Peninsula affairs"),
    or any capitalised word in an appositive that is not title-cased as a
    whole ("a former Trump adviser"). "Geopolitical Analyst" is title case
    alone and names nothing."""
    words = [t for t in range(first, last + 1) if r.low[t] not in ("a", "an", "the")]
    capitalised = [r.capitalised(t) for t in words]
    if any(capitalised) and not all(capitalised):
        return True
    role_at = max((k for k, t in enumerate(words) if r.low[t] in ROLES), default=len(words))
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


def _line_has_organisation(r: Reader, doc: Document, line: int, memo: dict[int, bool], stop: int) -> bool:
    """Whether a line names an organisation: an organisation word or an
    acronym ("CSIS", "RAND", "UN"), before ``stop`` (a wire credit "(AP)"
    trailing the line is not the expert's employer). Names ending in an
    organisation word never reach here, so the person's own name cannot
    anchor itself."""
    if line not in memo:
        lo = bisect_left(r.start, doc.line_start[line])
        hi = bisect_left(r.start, min(stop, doc.line_end[line]))
        memo[line] = any(
            r.low[t] in ORG_WORDS or (2 <= r.end[t] - r.start[t] <= 6 and r.text[r.start[t]:r.end[t]].isupper())
            for t in range(lo, hi)
        )
    return memo[line]


def quotes_on_lines(doc: Document, min_words: int) -> list[tuple[int, int, int]]:
    """Double-quoted passages of ``min_words`` words or more on a
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
            if words >= min_words and not doc.line_boilerplate[line]:
                found.append((open_at, at + 1, line))
            open_at = -1
        else:
            open_at, open_line = at, line
    return found


def speaker_of(
    doc: Document, quote: tuple[int, int, int], events: list[Event], event_starts: list[int], longest: int,
    window: int,
) -> Event | None:
    """The attribution nearest a quote on its line (within ``window``
    characters), or a speaker line above."""
    start, end, line = quote
    best, best_distance = None, window + 1
    # Events are sorted by start and none is longer than ``longest``.
    lo = bisect_left(event_starts, start - window - longest)
    hi = bisect_right(event_starts, end + window)
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
