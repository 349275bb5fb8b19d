"""Shared test helpers: the seed documents, a fresh interpreter for what a
process loads, and the Hypothesis profiles for the property tests
(tests/test_properties.py).

- ``default``: a quick pass for every ``python -m pytest`` run;
- ``ci-long``: the long job CI runs: 4,000 examples for each property test
  (2,000 for the resume test), in tests/test_properties.py and
  tests/test_batch_properties.py (5 min 42 s on two cores, measured):
  ``HYPOTHESIS_PROFILE=ci-long python -m pytest tests/test_properties.py \
tests/test_batch_properties.py -p no:cacheprovider -q``
- ``explore``: random (not derandomized) search for a developer's machine,
  with the example database on so that failures replay.

The CI profiles are derandomized: the examples are a function of the test
code and the Hypothesis version only, so a red CI run fails the same way on
a laptop, and a green one is not luck of the draw. They also keep no example
database, so a test run writes nothing into the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

#: The five seed documents (seeds/NNN_<hash>.txt).
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("002"), exactly one."""
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    return path


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter that imports credscore from
    this checkout, so that other tests' imports do not count."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": src})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


# Long generated texts are the point here, not a sign of a slow strategy.
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "default", max_examples=60, derandomize=True, database=None, deadline=None,
    suppress_health_check=_RELAXED, print_blob=True,
)
settings.register_profile(
    "ci-long", max_examples=4_000, derandomize=True, database=None, deadline=None,
    suppress_health_check=_RELAXED, print_blob=True,
)
settings.register_profile(
    "explore", max_examples=2_000, derandomize=False, deadline=None,
    suppress_health_check=_RELAXED, print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
