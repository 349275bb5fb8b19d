"""No regular expression, and no whole ``extract``, takes quadratic time.

Every compiled pattern in the package is found programmatically (module
globals of every ``credscore`` module, plus any ``re.*`` call with a literal
pattern inside a function, found by reading the source) and fed adversarial
inputs: long runs of each character the pattern mentions and of shapes known
to bait backtracking ("Ab.", "-- ", "..." then a near miss). Time must grow
linearly: doubling the input from 100,000 to 200,000 characters may at most
multiply the best-of-N time by ``MAX_GROWTH``. Nothing here is a wall-clock
limit; a pass at 10,000 characters first fails fast, before a quadratic
pattern could run for minutes on the large inputs.

Found this way: the sentence splitter's ``[.!?]+...(?=...)`` retried every
dot of "." * 100,000 + "x" (about 160 s), fixed in ``document.py``.
"""

from __future__ import annotations

import ast
import gc
import importlib
import math
import pkgutil
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import credscore

try:  # the parser's module name changed in Python 3.11
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

SRC = Path(credscore.__file__).resolve().parent
#: Linear is 2; quadratic is 4. The margin absorbs a busy machine.
MAX_GROWTH = 3.5
#: Times below this are scheduler and cache noise on a shared machine, not
#: growth (and 200 KB in 5 ms is 40 MB/s, no concern). It cannot hide a
#: quadratic pattern: backtracking over 10,000 characters is about 5 * 10^7
#: steps, half a second or more (the sentence splitter's took 1.6 s at 5 KB).
NOISE_FLOOR = 5e-3

# Shapes known to bait backtracking in this package's kind of patterns.
SHAPES = ("a", "A", "1", " ", "\n", ".", "!?", "...", "Ab.", "Ab.Cd", "-- ", "a.", "1.", "1,", "1:", "a-", "a'",
          "A ", "Aa ", "aa ", "12. ", "1999-", "\u0400a", "\u00c3\u00a9", "\x80", "\u200b", "\u28e0a", "a, ", "Ab: ",
          "- a", "a)", '."', "A:", "\u00e9", "\u0436", "\u4e2d", "\u201c", "Cred")
#: What follows the run: nothing, or a near miss that fails every lookahead.
TAILS = ("", "x\x00")
#: Characters taken from one pattern's own literals and ranges.
MAX_DERIVED = 16


def _pattern_modules() -> list[str]:
    # __main__ would run the command line on import.
    return sorted(m.name for m in pkgutil.walk_packages(credscore.__path__, "credscore.")
                  if not m.name.endswith("__main__"))


def compiled_patterns() -> dict[str, re.Pattern]:
    """Every pattern reachable from a module's globals (also ``pattern.search``
    kept as a bound method), plus the literal patterns of ``re`` calls in the
    source, keyed by where they live."""
    found: dict[tuple[str, int], tuple[str, re.Pattern]] = {}  # one entry per distinct pattern
    for name in _pattern_modules():
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            pattern = value if isinstance(value, re.Pattern) else getattr(value, "__self__", None)
            if isinstance(pattern, re.Pattern) and pattern.pattern:
                found.setdefault((pattern.pattern, pattern.flags), (f"{name}.{attr}", pattern))
    for where, call in _re_calls():
        arg = call.args[0] if call.args else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            pattern = re.compile(arg.value)
            found.setdefault((pattern.pattern, pattern.flags), (f"{where} literal", pattern))
    return dict(found.values())


def _re_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):
                calls.append((f"{path.relative_to(SRC)}:{node.lineno}", node))
    return calls


def _module_level_lines(path: Path) -> set[int]:
    """Line numbers of statements at module level (their patterns are globals)."""
    lines: set[int] = set()
    for stmt in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            lines.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    return lines


def _pattern_chars(pattern: re.Pattern) -> list[str]:
    """Characters the pattern names: literals and the ends of ranges."""
    chars: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, sre_parse.SubPattern):
            node = node.data
        if not isinstance(node, (list, tuple)):
            return
        if len(node) == 2 and str(node[0]) in ("LITERAL", "NOT_LITERAL") and isinstance(node[1], int):
            chars.add(chr(node[1]))
        elif len(node) == 2 and str(node[0]) == "RANGE":
            chars.update(map(chr, node[1]))
        else:
            for item in node:
                walk(item)

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    ordered = sorted(chars)
    step = max(1, math.ceil(len(ordered) / MAX_DERIVED))
    return ordered[::step]


def _best(fn: Callable[[str], object], text: str, reps: int) -> float:
    """Best of ``reps`` runs, with the garbage collector off as ``timeit``
    does: a collection landing in one run is noise, not the code's growth."""
    best = math.inf
    gc.disable()
    try:
        for _ in range(reps):
            start = time.perf_counter()
            fn(text)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def growth(fn: Callable[[str], object], make: Callable[[int], str], size: int, reps: int) -> float:
    """How many times longer ``fn`` takes on ``make(2 * size)`` than on
    ``make(size)``; the two sizes alternate, so a burst of load hits both."""
    small_text, large_text = make(size), make(2 * size)
    small = large = math.inf
    for _ in range(reps):
        small = min(small, _best(fn, small_text, 1))
        large = min(large, _best(fn, large_text, 1))
    return max(large, NOISE_FLOOR) / max(small, NOISE_FLOOR)


#: Input sizes doubled, and runs per size: the small pass fails fast, the
#: large one is cheap enough for one run (repeated when it looks bad).
LADDER = ((10_000, 2), (100_000, 1))


def assert_linear(fn: Callable[[str], object], make: Callable[[int], str], label: str) -> None:
    for size, reps in LADDER:
        ratio = growth(fn, make, size, reps)
        for retry in range(1, 6):  # a busy machine looks superlinear once; quadratic code always does
            if ratio <= MAX_GROWTH:
                break
            ratio = min(ratio, growth(fn, make, size, reps + 2 * retry))
        assert ratio <= MAX_GROWTH, f"{label}: {size:,} -> {2 * size:,} characters took {ratio:.1f}x as long"


def repeat_to(shape: str, tail: str) -> Callable[[int], str]:
    return lambda n: (shape * (n // len(shape) + 1))[:n] + tail


PATTERNS = compiled_patterns()


def test_patterns_are_found():
    # The hunt itself must work: these are known to exist.
    names = set(PATTERNS)
    assert {"credscore.document._TOKEN", "credscore.sentences._SENT_END", "credscore.lexicon._ENTRY_TOKEN"} <= names
    assert len(PATTERNS) >= 25, sorted(PATTERNS)


def test_every_regex_call_is_collected():
    """A pattern built inside a function with a computed (non-literal) string
    would escape ``compiled_patterns``: keep them at module level."""
    hidden = []
    for where, call in _re_calls():
        path, line = where.rsplit(":", 1)
        literal = call.args and isinstance(call.args[0], ast.Constant)
        if not literal and int(line) not in _module_level_lines(SRC / path):
            hidden.append(where)
    assert hidden == [], f"re calls with computed patterns inside functions: {hidden}"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_adversarial_input(name):
    pattern = PATTERNS[name]

    def scan(text: str) -> None:
        for _ in pattern.finditer(text):
            pass
        pattern.fullmatch(text)

    cases = [(shape, tail) for shape in SHAPES for tail in TAILS]
    for char in _pattern_chars(pattern):  # the pattern's own characters, ending in a near miss
        cases += [(char, TAILS[-1]), (char + "a", TAILS[-1])]
    for shape, tail in dict.fromkeys(cases):  # unique, in order
        assert_linear(scan, repeat_to(shape, tail), f"{name} on {shape!r} * n + {tail!r}")


# Whole documents: the signals loop in Python too. Each shape once stood for
# a real failure or near miss: runs of dots ("Table of contents......"),
# dotted abbreviations, separator lines, Braille-like damage, a page with no
# spaces, shouted punctuation, quotes that never close, initials.
EXTRACT_SHAPES = ("." * 50 + "x", "Ab.Cd", "Ab.", "-- ", "\u28e0a", "a", "!?", "\u201c", "A. ", "Dr. ",
                  "a\n", "- a\n", "\x01a", "Ab: ", "1. ", "\u4e2d\u6587", "He said it may be true. ")


@pytest.fixture(scope="module")
def warm_extract():
    credscore.extract("Warm every lazy resource up: lexicons, the syllable table, the language profiles.")
    return credscore.extract


@pytest.mark.parametrize("shape", EXTRACT_SHAPES, ids=repr)
def test_extract_is_linear_on_adversarial_documents(warm_extract, shape):
    assert_linear(warm_extract, repeat_to(shape, ""), f"extract on {shape!r} * n")


# The caller's context: a crawler's URL or date field can be megabytes of
# junk. Host lookup joined the host's labels once per label (quadratic: an
# 80 KB URL took 9 s); URLs are now capped before parsing (sources.MAX_URL_CHARS).
CONTEXT_SHAPES = {
    "url of many labels": lambda n: "http://" + ("a." * n)[:n] + "com/",
    "url without a scheme": lambda n: ("a." * n)[:n] + "com",
    "url of one long label": lambda n: "https://" + "a" * n + ".com/",
    "url path": lambda n: "https://reuters.com/" + "a/" * (n // 2),
    "date with junk": lambda n: "2020-01-01" + "x" * n,
    "date of digits": lambda n: "1" * n,
}


@pytest.mark.parametrize("shape", sorted(CONTEXT_SHAPES))
def test_score_is_linear_in_the_url_and_date(warm_extract, shape):
    make = CONTEXT_SHAPES[shape]
    if shape.startswith("url"):
        assert_linear(lambda value: credscore.score("Some text.", url=value), make, f"score with a {shape}")
    else:
        assert_linear(lambda value: credscore.score("Some text.", published=value), make, f"score with a {shape}")
