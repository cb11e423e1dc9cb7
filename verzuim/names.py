"""Sorting Dutch names as a Dutch reader expects: by the surname without its prefix (tussenvoegsel).

"van den Berg" files under B, after "Aydin" and before "Yilmaz", as in a Dutch telephone directory or payroll list.
This is the Netherlands' convention, not Belgium's (Taalunie, https://taaladvies.net/j-van-den-berg/: in the
Netherlands the prefix is part of the surname but written in lower case after a first name; lists sort on the main
part). The key is stored on the row (`Employee.sort_name`), so a database ORDER BY gives the order on SQLite and
PostgreSQL alike (decisions.md #183).
"""

from __future__ import annotations

import unicodedata

# The common prefixes (voorvoegsels) of surnames in the Netherlands, Dutch and from other languages, longest first so
# that "van den" wins over "van". A prefix glued to its name ("d'Ancona") is not split.
PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            "van",
            "van de",
            "van den",
            "van der",
            "van het",
            "van 't",
            "van ter",
            "de",
            "den",
            "der",
            "het",
            "'t",
            "te",
            "ten",
            "ter",
            "in de",
            "in den",
            "in der",
            "in het",
            "in 't",
            "op de",
            "op den",
            "op het",
            "op 't",
            "uit de",
            "uit den",
            "uit het",
            "uijt de",
            "bij de",
            "aan de",
            "aan den",
            "aan het",
            "onder de",
            "over de",
            "la",
            "le",
            "du",
            "da",
            "di",
            "del",
            "della",
            "des",
        },
        key=len,
        reverse=True,
    )
)


def _fold(text: str) -> str:
    """Case and accents ignored ("Çelik" sorts with "Celik"), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def split_prefix(last_name: str) -> tuple[str, str]:
    """("van den", "Berg") for "van den Berg"; ("", "Berg") without a prefix. A surname that is only a prefix word
    ("De") is kept as it is."""
    words = last_name.split()
    lowered = [w.casefold() for w in words]
    for prefix in PREFIXES:
        size = len(prefix.split())
        if len(words) > size and " ".join(lowered[:size]) == prefix:
            return " ".join(words[:size]), " ".join(words[size:])
    return "", " ".join(words)


def sort_name(last_name: str, first_name: str) -> str:
    """The sort key: surname without prefix, then the prefix, then the first name, folded."""
    prefix, core = split_prefix(last_name)
    return _fold(f"{core}, {prefix}, {first_name}")[:300]
