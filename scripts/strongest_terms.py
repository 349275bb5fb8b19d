"""Print the shipped model's strongest vocabulary terms each way, as listed
(and read as an editor) in docs/model.md.

    python scripts/strongest_terms.py [K]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from credscore.model import shipped_model
from credscore.vocabulary import strongest


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    raise_it, lower_it = strongest(shipped_model().spec["vocabulary"], k)
    print("raise reliability: " + ", ".join(f'"{t}" ({w:+.2f})' for t, w in raise_it))
    print("lower it: " + ", ".join(f'"{t}" ({w:+.2f})' for t, w in lower_it))


if __name__ == "__main__":
    main()
