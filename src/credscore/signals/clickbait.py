"""clickbait: a title written to be clicked rather than to inform.

Design
------
A news headline states its news ("Tyson Foods idles its largest pork
plant"); a clickbait title withholds it and sells the click ("You won't
believe what this plant did next"). Chakraborty et al. (2016) and Blom &
Hansen (2015) name the devices: a forward reference that points at what the
headline hides, second-person address, hyperbole, a listicle number up
front, a closing "?" or "!", and words in capitals. Each device present in
the title counts once, so the feature is the number of distinct devices
(0 to 6), not a word count that a long title would inflate.

The title is the Document's (``Document.title``: the first heading-shaped
main-content line near the top); a page without one gets NaN, never a
neutral 0. A title ending in "!" ends a sentence under that rule, so it is
not taken for a title: the closing "!" device fires only where the core
rule admits one. The phrases are English, so the feature is English-only.

On the titles of the six training corpora the device count barely ranks
reliable above unreliable pages (ROC-AUC 0.48 to 0.54, GossipCop the wrong
way round; ``benchmarks/eval_clickbait.py``): tabloid and partisan outlets
write straight headlines too. So it is evidence a reader can check, not a
model input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import load_phrases, load_words
from ..types import FeatureSpec, ReasonText, SignalResult, Span

if TYPE_CHECKING:
    from ..document import Document

SIGNAL = "clickbait"


@dataclass(frozen=True)
class ClickbaitConfig:
    #: Letters an all-capital word needs to count as shouting (Chakraborty et
    #: al. count words in capitals). It must also be a common English word
    #: (``style_common_lowercase``), so acronyms ("NASA", "COVID") never
    #: count; the floor keeps out "WHO" and "US", which are common words too.
    min_capital_letters: int = 4


CONFIG = ClickbaitConfig

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec(
        "clickbait_title_devices",
        "Distinct clickbait devices in the title (forward reference, 'you', hyperbole, a leading listicle "
        "number, a closing '?' or '!', words in capitals), 0 to 6. NaN when the page has no title.",
        0.0, 6.0, "higher_worse", english_only=True,
        reason=ReasonText("clickbait devices in the title", ("clickbait/*",), "count",
                          "clickbait device in the title"),
        why_not_in_model="barely ranks the training corpora's pages by their titles (ROC-AUC 0.48 to 0.54, "
                         "GossipCop reversed: benchmarks/eval_clickbait.py)",
    ),
)



def _listicle_number(title: str) -> tuple[int, int] | None:
    """Where a number of one to three digits opens the title and a word
    follows ("17 Stars Who..."), its offsets in ``title``."""
    head, _, rest = title.partition(" ")
    if 1 <= len(head) <= 3 and head.isdigit() and rest[:1].isalpha():
        return 0, len(head)
    return None


def compute(doc: Document, config: ClickbaitConfig | None = None) -> SignalResult:
    config = config or ClickbaitConfig()
    if doc.title is None:
        return SignalResult({"clickbait_title_devices": math.nan})
    start, end = doc.title
    line = doc.line_of([start])[0]
    first, last = doc.line_tok_start[line], doc.line_tok_end[line]
    spans: list[Span] = []
    for match in load_phrases("clickbait_title").finditer(doc.tok_lower[first:last]):
        spans.append(Span(doc.tok_start[first + match.first], doc.tok_end[first + match.last], SIGNAL, match.tag))
    title = doc.text[start:end]
    listicle = _listicle_number(title)
    if listicle:
        spans.append(Span(start + listicle[0], start + listicle[1], SIGNAL, "listicle"))
    if title.endswith(("?", "!")):
        spans.append(Span(end - 1, end, SIGNAL, "punctuation"))
    common = load_words("style_common_lowercase")
    for t in range(first, last):
        word = doc.text[doc.tok_start[t]:doc.tok_end[t]]
        if len(word) >= config.min_capital_letters and word.isupper() and doc.tok_lower[t] in common:
            spans.append(Span(doc.tok_start[t], doc.tok_end[t], SIGNAL, "capitals"))
    spans.sort()
    devices = {span.reason for span in spans}
    return SignalResult({"clickbait_title_devices": float(len(devices))}, spans)
