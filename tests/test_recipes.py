"""Recipes live apart from the training code, so that the command line can
offer them without loading scikit-learn."""

from __future__ import annotations

from credscore.recipes import RECIPES
from tests.conftest import fresh_python


def test_scoring_from_the_command_line_does_not_load_scikit_learn(tmp_path):
    # The batch command builds every subcommand's parser, train's included.
    # Before recipes moved out of credscore.train, that import alone cost
    # about 0.8 s and took a scoring run's memory from 157 MB to 313 MB.
    # A fresh interpreter, so that other tests' imports do not count.
    doc = tmp_path / "a.txt"
    doc.write_text("The council met on Tuesday. " * 20, encoding="utf-8")
    code = ("import sys; from credscore.cli import main; "
            f"main(['score', {str(doc)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}, '-q']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy') "
            "or m == 'credscore.train'))")
    assert fresh_python(code) == "[]"
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_training_reads_the_same_recipes():
    from credscore import train

    assert train.RECIPES is RECIPES
    assert set(RECIPES) == {"signals", "vocabulary", "stacked"}
