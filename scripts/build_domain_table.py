"""Build credscore's compact source-prior table from Lin et al. (2023).

Reads ``../shared/data/sources/domain_ratings_lin2023.csv`` (11,520 domains;
``pc1`` in [0, 1] is the first principal component of six expert rating sets)
and writes ``src/credscore/data/domain_ratings.tsv``: one ``domain<TAB>pc1``
line per domain, pc1 rounded to 3 decimals, sorted by domain.

Source: H. Lin et al., "High level of correspondence across different news
domain quality rating sets", PNAS Nexus 2 (2023); data from github
hauselin/domain-quality-ratings ("Feel free to reuse the data").

    python scripts/build_domain_table.py [CSV] [OUT]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "sources" / "domain_ratings_lin2023.csv"
DEFAULT_OUT = ROOT / "src" / "credscore" / "data" / "domain_ratings.tsv"
HEADER = """\
# Source prior: domain quality ratings, pc1 in [0, 1] (1 = highest quality).
# From Lin et al. (2023), "High level of correspondence across different news
# domain quality rating sets", PNAS Nexus; github hauselin/domain-quality-ratings
# ("Feel free to reuse the data"). pc1 is the first principal component of six
# expert rating sets (NewsGuard, MBFC, Lasser et al., ...). Rounded to 3
# decimals. Built by scripts/build_domain_table.py; do not edit by hand.
"""


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    rows = {}
    with source.open(newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            domain = record["domain"].strip().lower()
            if domain.startswith("www."):
                domain = domain[4:]
            try:
                rows[domain] = float(record["pc1"])
            except ValueError:
                continue
    lines = [f"{d}\t{rows[d]:.3f}" for d in sorted(rows)]
    out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} domains to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
