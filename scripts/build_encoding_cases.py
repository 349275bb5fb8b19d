"""Build ``tests/cases/encoding_accidents.json``: real multilingual text, clean
and after real codec accidents, for ``benchmarks/eval_encoding.py``.

    python scripts/build_encoding_cases.py [LOCALE_DIR]    # default /usr/share/locale

Text: the GTK 3 user-interface translations (``gtk30.mo``, Debian package
``libgtk-3-common``; LGPL-2.1+), written by each language's human translators:
for every language with at least ``MIN_MESSAGES`` one-line messages of 60 to
300 characters (no format codes, markup or line breaks), the longest few
joined into one paragraph of at most ``MAX_CHARS`` characters. Sorted, so the
file is the same on every machine with the same package version.

Each clean paragraph is a negative case. Each accident is a real round trip
through Python's codecs, kept only when it changed the text (a positive):

- ``utf8_as_cp1252``: UTF-8 bytes read as Windows-1252, as browsers do (bytes
  that cp1252 leaves undefined become the C1 control of the same number);
- ``utf8_as_latin1``: UTF-8 bytes read as ISO-8859-1;
- ``utf8_as_cp1252_twice``: that accident done twice;
- ``utf8_as_mac_roman``: UTF-8 bytes read as Mac OS Roman;
- ``utf8_as_cp437``: UTF-8 bytes read as the IBM PC code page 437, as a
  Windows console or a DOS-era tool does ("ΓÇÖ" for ’);
- ``cp1252_as_latin1``: Windows-1252 bytes (for text it can encode) read as
  ISO-8859-1: only the curly quotes, dashes and euro sign break, into C1 controls;
- ``legacy_as_utf8``: the text's legacy 8-bit encoding (cp1252, cp1250, cp1251,
  cp1253, cp1254, cp1257, koi8-r, iso-8859-2) read as UTF-8 with replacement;
- ``cp1251_as_cp1252``: Cyrillic Windows-1251 bytes read as Windows-1252.

English clean paragraphs are joined by typographic English (curly quotes,
dashes, the euro sign) so that ``cp1252_as_latin1`` has something to break.
The languages are split in two by the MD5 of their code: ``half`` says which
("tune" or "held_out"), so that rules are read off one half only.
"""

from __future__ import annotations

import gettext
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "cases" / "encoding_accidents.json"
MIN_MESSAGES = 3
MAX_CHARS = 240
_SKIP = re.compile(r"[%<>{}\n\t_]|\\|https?:")
LEGACY = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r", "iso8859_2")
ENGLISH = (
    ("“We didn’t expect this,” she said — the council’s budget rose to €4.2 million – "
    "a 12 % increase… Officials said the plan’s ‘first phase’ ends in 2025."),
    ("The café’s owner, José Núñez, told reporters he’d “never seen anything like it”; "
    "the naïve façade of the old théâtre was restored for €80,000."),
)


def _sloppy_cp1252(data: bytes) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def paragraphs(locale_dir: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(locale_dir.glob("*/LC_MESSAGES/gtk30.mo")):
        lang = path.parts[-3]
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        messages = sorted(
            {v.strip() for k, v in catalog.items()
             if isinstance(k, str) and k and isinstance(v, str) and 60 <= len(v) <= 300 and not _SKIP.search(v)},
            key=lambda m: (-len(m), m),
        )
        if len(messages) < MIN_MESSAGES:
            continue
        text = ""
        for message in messages:
            if len(text) + len(message) + 1 > MAX_CHARS:
                continue
            text = f"{text} {message}".strip()
        out[lang] = text
    for i, text in enumerate(ENGLISH):
        out[f"en_typographic_{i}"] = text
    return out


def accidents(text: str) -> dict[str, str]:
    raw = text.encode("utf-8")
    found = {
        "utf8_as_cp1252": _sloppy_cp1252(raw),
        "utf8_as_latin1": raw.decode("latin-1"),
        "utf8_as_cp1252_twice": _sloppy_cp1252(_sloppy_cp1252(raw).encode("utf-8")),
        "utf8_as_mac_roman": raw.decode("mac_roman"),
        "utf8_as_cp437": raw.decode("cp437"),
    }
    try:
        found["cp1252_as_latin1"] = text.encode("cp1252").decode("latin-1")
    except UnicodeEncodeError:
        pass
    for codec in LEGACY:
        try:
            found["legacy_as_utf8"] = text.encode(codec).decode("utf-8", errors="replace")
            break
        except UnicodeEncodeError:
            continue
    try:
        found["cp1251_as_cp1252"] = _sloppy_cp1252(text.encode("cp1251"))
    except UnicodeEncodeError:
        pass
    return {kind: damaged for kind, damaged in found.items() if damaged != text}


def _half(lang: str) -> str:
    return "tune" if hashlib.md5(lang.encode("utf-8")).digest()[0] % 2 == 0 else "held_out"


def main(argv: list[str]) -> int:
    locale_dir = Path(argv[1]) if len(argv) > 1 else Path("/usr/share/locale")
    cases = []
    for lang, text in paragraphs(locale_dir).items():
        half = _half(lang.split("_typographic")[0])
        cases.append({"label": f"{lang}/clean", "lang": lang, "kind": "clean", "half": half,
                      "damaged": False, "text": text})
        for kind, damaged in accidents(text).items():
            cases.append({"label": f"{lang}/{kind}", "lang": lang, "kind": kind, "half": half,
                          "damaged": True, "text": damaged})
    header = {"label": "_provenance", "comment": __doc__.strip().splitlines()[0] + " Built by "
              "scripts/build_encoding_cases.py from gtk30.mo translations (LGPL-2.1+).", "cases": len(cases)}
    OUT.write_text(json.dumps([header] + cases, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases, {sum(c['damaged'] for c in cases)} damaged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
