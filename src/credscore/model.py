"""The reliability model as data: a JSON file read with strict validation and
evaluated with numpy. Nothing is unpickled, so a model file can never run code.

A model maps the feature vector ``x`` (in ``feature_names`` order) to a
probability in three steps that mirror the scikit-learn pipeline it was
exported from (``credscore.train``):

1. ``preprocess``: clip each feature to its training [1 %, 99 %] quantiles,
   replace NaN (a feature that does not apply, such as an English lexicon on a
   German page) with the training mean, and standardise: ``s = (x - mean) / std``.
   A feature at the training mean therefore contributes exactly nothing.
2. ``raw``: the margin ``F(s)`` of either a logistic regression (``w . s + c``)
   or gradient-boosted trees (``init + rate * sum of tree outputs``).
3. ``calibration``: Platt scaling fitted on out-of-fold margins,
   ``p = 1 / (1 + exp(a F + b))`` (scikit-learn's sign convention).

A model may carry a ``vocabulary`` section (``credscore.vocabulary``): a
bounded table of terms with their idf and weight. Its logit over a
document's main-content terms is the input ``vocabulary_logit``, computed
here from ``Features.terms``; every term's share of it is exact evidence.

Validation is strict because a model file is input too: the format, the
shapes, finite numbers inside sane bounds (``MAX_ABS_WEIGHT``,
``MAX_ABS_VALUE``), feature names that credscore computes, a size cap
(``MAX_MODEL_BYTES``), and JSON nesting that cannot exhaust the stack.

Contributions: the calibrated logit ``z = -(a F + b)`` is split exactly into a
base value plus one term per feature. For the logistic model the term is
``-a w_i s_i``. For trees it is Saabas' path attribution: walking each tree
from root to leaf, the change in node value at every split is credited to the
split's feature; the changes along a path add up to ``leaf - root`` exactly,
so base plus contributions equals ``z`` to floating-point rounding.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import compress, repeat
from operator import is_not
from pathlib import Path
from typing import Any, NamedTuple, overload

import numpy as np

from .modelcheck import MAX_ABS_WEIGHT, ModelError, _number, _reject_constant, _require, _vector

FORMAT = "credscore-model/2"
#: Format 1 is format 2 without a vocabulary section; it still loads.
FORMATS = ("credscore-model/1", FORMAT)
KINDS = ("logistic", "trees")
#: The input that the vocabulary section computes.
VOCABULARY_FEATURE = "vocabulary_logit"
#: The shipped model is about 1 MB; 50 MB leaves room for a user's larger
#: vocabulary and refuses a file that would take gigabytes to parse.
MAX_MODEL_BYTES = 50_000_000
#: Terms in a vocabulary section, and characters in one term.
MAX_TERMS = 500_000
MAX_TERM_CHARS = 200


#: The logit past which the probability is 0 or 1 in float64 anyway; the
#: clip keeps ``exp`` from overflowing.
MAX_ABS_LOGIT = 700.0


class TermHits(NamedTuple):
    """A document's terms, and the table columns and counts of those of them
    that are in the vocabulary table, in the document's order
    (``ReliabilityModel.vocabulary_hits``)."""

    terms: Mapping[str, int]
    cols: np.ndarray
    counts: list[int]


@overload
def sigmoid(z: float) -> float: ...
@overload
def sigmoid(z: np.ndarray) -> np.ndarray: ...
def sigmoid(z: float | np.ndarray) -> float | np.ndarray:
    """The calibrated probability of a logit: ``1 / (1 + exp(-z))``. One
    number goes through ``math.exp`` (``score`` reports it, and numpy's
    vectorised ``exp`` can differ from it in the last bit); an array through
    ``numpy.exp``."""
    if isinstance(z, np.ndarray):
        return 1.0 / (1.0 + np.exp(-np.clip(z, -MAX_ABS_LOGIT, MAX_ABS_LOGIT)))
    return 1.0 / (1.0 + math.exp(-max(min(float(z), MAX_ABS_LOGIT), -MAX_ABS_LOGIT)))


@dataclass(frozen=True)
class _Tree:
    left: np.ndarray
    right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    value: np.ndarray


class ReliabilityModel:
    """A validated model. Build it with :meth:`from_dict` or :meth:`load`."""

    def __init__(self, spec: dict[str, Any]):
        self.spec = spec
        self._validate()

    # -- loading -----------------------------------------------------------

    @classmethod
    def from_dict(cls, spec: Any) -> ReliabilityModel:
        _require(isinstance(spec, dict), "model: expected a JSON object")
        return cls(spec)

    @classmethod
    def load(cls, path: str | Path, *, sha256: str | None = None) -> ReliabilityModel:
        """Read and validate a model file; with ``sha256``, refuse a file whose
        digest differs (the shipped model is always checked this way)."""
        try:
            size = Path(path).stat().st_size
            _require(size <= MAX_MODEL_BYTES, f"model file {path}: {size:,} bytes, over the {MAX_MODEL_BYTES:,} limit")
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read model file {path}: {exc}") from exc
        return cls.from_bytes(raw, sha256=sha256, name=str(path))

    @classmethod
    def from_bytes(cls, raw: bytes, *, sha256: str | None = None, name: str = "model") -> ReliabilityModel:
        _require(len(raw) <= MAX_MODEL_BYTES, f"{name}: {len(raw):,} bytes, over the {MAX_MODEL_BYTES:,} limit")
        if sha256 is not None:
            digest = hashlib.sha256(raw).hexdigest()
            _require(digest == sha256, f"{name}: SHA-256 {digest[:12]}... does not match the expected {sha256[:12]}...")
        try:
            spec = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
            raise ModelError(f"{name}: not valid JSON: {exc}") from exc
        except RecursionError as exc:
            raise ModelError(f"{name}: JSON nested too deeply") from exc
        return cls.from_dict(spec)

    def _validate(self) -> None:
        spec = self.spec
        _require(spec.get("format") in FORMATS, f"model: format must be one of {FORMATS}")
        _require(spec.get("kind") in KINDS, f"model: kind must be one of {KINDS}")
        _require(isinstance(spec.get("model_id"), str) and spec["model_id"], "model: missing model_id")
        names: Any = spec.get("feature_names")
        _require(
            isinstance(names, list) and names and all(isinstance(n, str) for n in names)
            and len(set(names)) == len(names),
            "model: feature_names must be a non-empty list of distinct strings",
        )
        n = len(names)
        self.feature_names: tuple[str, ...] = tuple(names)
        self._validate_vocabulary(spec.get("vocabulary"))
        from .registry import feature_names as computed

        known = set(computed()) | ({VOCABULARY_FEATURE} if self.vocabulary_terms else set())
        unknown = [name for name in names if name not in known]
        _require(not unknown, f"model: features credscore does not compute: {', '.join(unknown[:5])}")
        pre: Any = spec.get("preprocess")
        _require(isinstance(pre, dict), "model: missing preprocess")
        self.clip_low = _vector(pre, "clip_low", n, "preprocess")
        self.clip_high = _vector(pre, "clip_high", n, "preprocess")
        _require(bool(np.all(self.clip_low <= self.clip_high)), "preprocess: clip_low above clip_high")
        self.impute = _vector(pre, "impute", n, "preprocess")
        self.mean = _vector(pre, "mean", n, "preprocess")
        self.scale = _vector(pre, "scale", n, "preprocess")
        _require(bool(np.all(self.scale > 0)), "preprocess.scale: must be positive")
        cal: Any = spec.get("calibration")
        _require(isinstance(cal, dict) and cal.get("method") == "sigmoid",
                 "model: calibration.method must be 'sigmoid'")
        self.cal_a = _number(cal, "a", "calibration")
        _require(self.cal_a != 0, "calibration.a: must not be 0 (every document would get the same score)")
        self.cal_b = _number(cal, "b", "calibration")
        bands: Any = spec.get("bands")
        _require(isinstance(bands, dict), "model: missing bands")
        self.band_low = _number(bands, "low", "bands", 1.0)
        self.band_high = _number(bands, "high", "bands", 1.0)
        _require(0 <= self.band_low <= self.band_high <= 1, "bands: need 0 <= low <= high <= 1")
        self.kind: str = spec["kind"]
        if self.kind == "logistic":
            lin: Any = spec.get("logistic")
            _require(isinstance(lin, dict), "model: missing logistic")
            self.coef = _vector(lin, "coef", n, "logistic", MAX_ABS_WEIGHT)
            self.intercept = _number(lin, "intercept", "logistic")
        else:
            self._validate_trees(spec.get("trees"), n)

    def _validate_vocabulary(self, table: Any) -> None:
        self.vocabulary_terms: dict[str, int] = {}
        self._term_names: tuple[str, ...] = ()
        if table is None:
            return
        where = "vocabulary"
        _require(isinstance(table, dict), f"{where}: expected an object")
        terms = table.get("terms")
        _require(
            isinstance(terms, list) and 0 < len(terms) <= MAX_TERMS
            and all(isinstance(t, str) and 0 < len(t) <= MAX_TERM_CHARS for t in terms)
            and len(set(terms)) == len(terms),
            f"{where}.terms: expected up to {MAX_TERMS:,} distinct non-empty strings",
        )
        k = len(terms)
        self.vocabulary_idf = _vector(table, "idf", k, where, 100.0)
        _require(bool(np.all(self.vocabulary_idf > 0)), f"{where}.idf: must be positive")
        self.vocabulary_coef = _vector(table, "coef", k, where, MAX_ABS_WEIGHT)
        self.vocabulary_intercept = _number(table, "intercept", where)
        self.vocabulary_terms = {t: j for j, t in enumerate(terms)}
        self._term_names = tuple(terms)

    def _validate_trees(self, trees: Any, n: int) -> None:
        _require(isinstance(trees, dict), "model: missing trees")
        self.init = _number(trees, "init", "trees")
        self.rate = _number(trees, "learning_rate", "trees", 1.0)
        items: Any = trees.get("trees")
        _require(isinstance(items, list) and items, "trees.trees: expected a non-empty list")
        parsed = []
        for k, tree in enumerate(items):
            where = f"trees.trees[{k}]"
            _require(isinstance(tree, dict), f"{where}: expected an object")
            size = len(tree.get("left", []))
            _require(size >= 1, f"{where}: empty tree")
            left = _vector(tree, "left", size, where).astype(np.int64)
            right = _vector(tree, "right", size, where).astype(np.int64)
            feature = _vector(tree, "feature", size, where).astype(np.int64)
            threshold = _vector(tree, "threshold", size, where)
            value = _vector(tree, "value", size, where, MAX_ABS_WEIGHT)
            leaf = left == -1
            _require(bool(np.all((right == -1) == leaf)), f"{where}: a node has one child")
            inner = ~leaf
            idx = np.arange(size)
            _require(
                bool(np.all(left[inner] > idx[inner]) and np.all(right[inner] > idx[inner]))
                and bool(np.all(left[inner] < size) and np.all(right[inner] < size)),
                f"{where}: children must point forward inside the tree",
            )
            _require(bool(np.all((feature[inner] >= 0) & (feature[inner] < n))), f"{where}: feature index out of range")
            parsed.append(_Tree(left, right, feature, threshold, value))
        self.trees = tuple(parsed)

    # -- prediction ----------------------------------------------------------

    @property
    def model_id(self) -> str:
        return self.spec["model_id"]

    def vectorise(self, features: Mapping[str, float], terms: Mapping[str, int] | TermHits | None = None
                  ) -> np.ndarray:
        """The feature vector in model order; a missing feature is NaN, and
        so is ``vocabulary_logit`` when ``terms`` is empty or not given
        (a text that is not English, or has no main content)."""
        from .extraction import vectorise

        row = vectorise(features, self.feature_names)
        if self.vocabulary_terms and VOCABULARY_FEATURE in self.feature_names:
            row[self.feature_names.index(VOCABULARY_FEATURE)] = self.vocabulary_logit(terms or {})
        return np.array(row, dtype=np.float64)

    def vocabulary_hits(self, terms: Mapping[str, int] | TermHits) -> TermHits:
        """Which of ``terms`` are in the table. Looking the terms up is most
        of the vocabulary's cost, so a caller that needs both the logit and
        the evidence looks them up once and passes the hits to each. The
        lookups run in C (``map``, ``compress``): a document has about a
        thousand terms, and half of them are in the table."""
        if isinstance(terms, TermHits):
            return terms
        cols = list(map(self.vocabulary_terms.get, terms))
        found = list(map(is_not, cols, repeat(None)))
        return TermHits(terms, np.fromiter(compress(cols, found), np.int64), list(compress(terms.values(), found)))

    def vocabulary_logit(self, terms: Mapping[str, int] | TermHits) -> float:
        """The vocabulary model's logit for a document's term counts (or its
        hits); NaN without terms. The two sums run left to right in the
        document's order (``cumsum`` adds one term at a time; ``math.log``
        for every count), so they are the same on every run and the same as
        adding in a Python loop."""
        found = self.vocabulary_hits(terms)
        if not found.terms:
            return math.nan
        if not found.counts:
            return 0.0 + self.vocabulary_intercept
        logs = np.fromiter(map(math.log, found.counts), np.float64, len(found.counts))
        x = (1.0 + logs) * self.vocabulary_idf[found.cols]
        dot = 0.0 + float(np.cumsum(self.vocabulary_coef[found.cols] * x)[-1])
        norm = 0.0 + float(np.cumsum(x * x)[-1])
        return (dot / math.sqrt(norm) if norm else 0.0) + self.vocabulary_intercept

    def vocabulary_evidence(self, terms: Mapping[str, int] | TermHits, *, direction: int = 0,
                            limit: int | None = None) -> list[tuple[str, int, float]]:
        """``(term, count, share of the vocabulary logit)`` for every table
        term the document uses, largest share first (ties by term); with
        ``direction`` 1 or -1 only the terms that pushed up or down, and at
        most ``limit`` rows. Only the rows that can make the cut are built
        and sorted: a document uses hundreds of table terms, a reason quotes
        four."""
        found = self.vocabulary_hits(terms)
        if not found.counts:
            return []
        order = np.argsort(found.cols, kind="stable")  # by column: one summing order on every run
        cols = found.cols[order]
        counts = np.array(found.counts, dtype=np.float64)[order]
        x = (1.0 + np.log(counts)) * self.vocabulary_idf[cols]
        x /= math.sqrt(float(x @ x))
        shares = self.vocabulary_coef[cols] * x
        if direction:
            keep = shares > 0 if direction > 0 else shares < 0
            cols, counts, shares = cols[keep], counts[keep], shares[keep]
        if limit is not None and len(shares) > limit:
            size = np.abs(shares)
            cut = size >= np.partition(size, len(size) - limit)[len(size) - limit]
            cols, counts, shares = cols[cut], counts[cut], shares[cut]  # ties at the cut stay, for the name order
        names = self._term_names
        rows = [(names[j], int(n), float(v)) for j, n, v in zip(cols, counts, shares)]
        rows.sort(key=lambda r: (-abs(r[2]), r[0]))
        return rows[:limit]

    def _standardise(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        _require(X.shape[1] == len(self.feature_names), "input has the wrong number of features")
        X = np.clip(X, self.clip_low, self.clip_high)
        X = np.where(np.isnan(X), self.impute, X)
        return (X - self.mean) / self.scale

    def _leaves(self, tree: _Tree, X: np.ndarray) -> np.ndarray:
        """Leaf index reached by each row. Thresholds compare float32 inputs,
        exactly as scikit-learn's trees do."""
        X32 = X.astype(np.float32).astype(np.float64)
        node = np.zeros(X.shape[0], dtype=np.int64)
        while True:
            inner = tree.left[node] != -1
            if not inner.any():
                return node
            rows = np.nonzero(inner)[0]
            cur = node[rows]
            go_left = X32[rows, tree.feature[cur]] <= tree.threshold[cur]
            node[rows] = np.where(go_left, tree.left[cur], tree.right[cur])

    def margin(self, X: np.ndarray) -> np.ndarray:
        """The uncalibrated margin ``F`` for each row."""
        S = self._standardise(X)
        if self.kind == "logistic":
            return S @ self.coef + self.intercept
        total = np.full(S.shape[0], self.init)
        for tree in self.trees:
            total += self.rate * tree.value[self._leaves(tree, S)]
        return total

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability of the reliable class, one per row."""
        return sigmoid(-(self.cal_a * self.margin(X) + self.cal_b))

    def explain(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        """``(base, contributions)`` for one row: ``base + contributions.sum()``
        is the calibrated logit of :meth:`predict_proba`."""
        s = self._standardise(x)[0]
        a = self.cal_a
        if self.kind == "logistic":
            return -a * self.intercept - self.cal_b, -a * self.coef * s
        contrib = np.zeros(len(self.feature_names))
        root_sum = 0.0
        s32 = s.astype(np.float32).astype(np.float64)
        for tree in self.trees:
            node = 0
            root_sum += tree.value[0]
            while tree.left[node] != -1:
                f = tree.feature[node]
                child = tree.left[node] if s32[f] <= tree.threshold[node] else tree.right[node]
                contrib[f] += tree.value[child] - tree.value[node]
                node = child
        base = -a * (self.init + self.rate * root_sum) - self.cal_b
        return base, -a * self.rate * contrib

    def band(self, probability: float) -> str:
        if probability >= self.band_high:
            return "high"
        if probability >= self.band_low:
            return "medium"
        return "low"


SHIPPED_MODEL = "model.json"


@lru_cache(maxsize=1)
def shipped_model() -> ReliabilityModel:
    """The model inside the package, checked against its recorded SHA-256.
    Loaded once per process, on first use."""
    data = files("credscore") / "data"
    expected = (data / f"{SHIPPED_MODEL}.sha256").read_text(encoding="utf-8").split()[0]
    return ReliabilityModel.from_bytes(
        (data / SHIPPED_MODEL).read_bytes(), sha256=expected, name=f"shipped {SHIPPED_MODEL}"
    )
