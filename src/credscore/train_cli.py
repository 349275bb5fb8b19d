"""``credscore train``: read corpora, optionally run leave-one-corpus-out,
fit the chosen recipe on the training corpora, write the model.

Featurising tens of thousands of documents takes minutes, so
``--cache-dir`` keeps the featurised corpora (joblib files, keyed by the
corpora's SHA-256, the cap and a hash of credscore's own code and data, so
any change to a signal makes a new entry). The cache is yours: it is read
with joblib, that is pickle, so point it only at a folder you trust.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from .dataset import read_corpora
from .export import format_report, write_model
from .recipes import RECIPES

if TYPE_CHECKING:
    from .train import Featurised

logger = logging.getLogger(__name__)

#: Grouped cross-validated ROC-AUC within this margin of 0.5 is called near
#: chance: with a few hundred records per class the AUC's standard error is
#: about 0.02-0.03 (Hanley and McNeil, 1982), so 0.05 is about two of them.
NEAR_CHANCE_AUC = 0.05


def code_digest() -> str:
    """SHA-256 over every file of the installed credscore package."""
    root = files("credscore")
    digest = hashlib.sha256()
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.name != "model.json":
            digest.update(str(path.relative_to(str(root))).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_featurised(args: argparse.Namespace) -> Featurised:
    from .train import featurised  # scikit-learn: only when training

    data = read_corpora(args.data, text_field=args.text_field, label_field=args.label_field,
                        group_field=args.group_field, cap_per_label=args.cap_per_label)
    if not args.cache_dir:
        return featurised(data, n_jobs=args.jobs)
    import joblib

    key = hashlib.sha256(json.dumps([sorted(data.sources.items()), args.cap_per_label, args.text_field,
                                     args.label_field, args.group_field, code_digest()]).encode()).hexdigest()
    path = Path(args.cache_dir) / f"featurised-{key[:24]}.joblib"
    if path.exists():
        logger.info("featurised corpora from the cache %s", path)
        return joblib.load(path)
    F = featurised(data, n_jobs=args.jobs)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(F, path)
    return F


def run(args: argparse.Namespace) -> int:
    import numpy as np

    missing = [p for p in args.data if not Path(p).is_file()]
    if missing:
        print(f"credscore: --data {missing[0]}: no such file", file=sys.stderr)
        return 2
    try:
        F = load_featurised(args)
    except ValueError as exc:
        print(f"credscore: {exc}", file=sys.stderr)
        return 2
    corpora = sorted(set(F.data.corpora))
    train_corpora = args.train_corpora.split(",") if args.train_corpora else corpora
    unknown = sorted(set(train_corpora) - set(corpora))
    if unknown:
        raise SystemExit(f"credscore: --train-corpora names corpora not in the data: {', '.join(unknown)}")
    if args.loco:
        from .loco import choose, format_table, loco

        recipes = list(RECIPES) if args.recipe == "choose" else [args.recipe]
        result = loco(F, train_corpora, recipes, n_jobs=args.jobs)
        print(format_table(result))
        chosen = choose(result, recipes)
        print(f"\nchosen by the LOCO mean (no corpus more than 0.02 below TF-IDF's figure for it): {chosen}\n")
        if args.loco_report:
            Path(args.loco_report).write_text(json.dumps(
                {k: v for k, v in result.items() if k != "predictions"}, indent=1, sort_keys=True) + "\n",
                encoding="utf-8")
        recipe = chosen or "signals"
    else:
        recipe = "stacked" if args.recipe == "choose" else args.recipe
    from .train import train

    rows = np.flatnonzero(np.isin(F.data.corpora, train_corpora))
    spec, report = train(F.subset(rows), recipe=recipe, n_jobs=args.jobs, trained_on=args.trained_on,
                         in_domain=not args.no_in_domain)
    digest = write_model(spec, args.output)
    Path(str(args.output) + ".sha256").write_text(f"{digest}  {Path(args.output).name}\n", encoding="utf-8")
    print(format_report(report))
    print(f"\nwrote {args.output} ({spec['model_id']}, sha256 {digest[:16]}...)")
    auc = report.get("in_domain_grouped_cv", {}).get("roc_auc")
    if auc is not None and abs(auc - 0.5) <= NEAR_CHANCE_AUC:
        logger.warning("the model's grouped ROC-AUC is %.3f, near chance (0.5): its scores say little about "
                       "these labels", auc)
        print(f"credscore: warning: grouped ROC-AUC {auc:.3f} is near chance", file=sys.stderr)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, nargs="+",
                        help="one or more JSONL(.gz) corpora with text, label (1 = reliable), publisher and corpus")
    parser.add_argument("-o", "--output", required=True, help="where to write the model JSON")
    parser.add_argument("--text-field", default="text", help="field with the text")
    parser.add_argument("--label-field", default="label", help="field with the label, 1 = reliable")
    parser.add_argument("--group-field", default="publisher",
                        help="folds never split a group; every record needs one")
    parser.add_argument("--train-corpora", default=None,
                        help="comma-separated corpus names to train on; none: every corpus given")
    parser.add_argument("--cap-per-label", type=int, default=4000,
                        help="at most this many documents of each label per file, chosen by id hash "
                            )
    parser.add_argument("--recipe", default="choose", choices=["choose", *RECIPES],
                        help="columns of the stacked model; 'choose' picks by --loco, else stacked "
                            )
    parser.add_argument("--loco", action="store_true",
                        help="leave-one-corpus-out table with TF-IDF and length baselines before training")
    parser.add_argument("--loco-report", default=None, help="write the LOCO table as JSON here")
    parser.add_argument("--no-in-domain", action="store_true", help="skip the in-domain grouped CV report")
    parser.add_argument("--cache-dir", default=None, help="keep featurised corpora here; none: no cache")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--trained-on", default=None, help="date recorded in provenance")
