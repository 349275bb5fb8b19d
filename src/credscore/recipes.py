"""Training recipes: which columns each one feeds the model.

Apart from ``credscore.train`` so that the command line can offer the names
without importing scikit-learn, which costs about 0.8 s and 150 MB of memory
that scoring never needs.
"""

from __future__ import annotations

__all__ = ["RECIPES"]

#: name -> (the signals, the vocabulary logit)
RECIPES: dict[str, tuple[bool, bool]] = {
    "signals": (True, False),
    "vocabulary": (False, True),
    "stacked": (True, True),
}
