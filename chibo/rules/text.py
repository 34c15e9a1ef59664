"""Vietnamese text helpers used by rules and search (pure)."""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    """NFC, trimmed, inner runs of white space folded to one space, control characters dropped."""
    if not text.isprintable():  # fast path: most text has no control characters
        text = "".join(ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Search form of Vietnamese text: no diacritics, lower case, đ → d.

    NFD does not decompose ``đ``/``Đ`` (they are letters of their own), so they
    are replaced first; then combining marks are dropped (../shared/STACK.md,
    "Vietnamese text").
    """
    text = normalize(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def given_name_sort_key(full_name: str) -> tuple[str, str]:
    """Rosters sort by given name (the last word) first, then the whole name."""
    folded = fold(full_name)
    return (folded.rsplit(" ", 1)[-1], folded)


# Vietnamese alphabetical order (STACK.md, "Vietnamese text"): letters with breve, circumflex
# and horn are letters of their own; tone marks order second, in dictionary order.
_LETTERS = [*"aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"]
_LETTER_CODE = {letter: chr(0x41 + i) for i, letter in enumerate(_LETTERS)}  # 'A'…: above digits
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}  # huyền hỏi ngã sắc nặng


def vietnamese_sort_key(text: str) -> str:
    """An ASCII key whose byte order is Vietnamese alphabetical order.

    Primary: letters (a < ă < â < b … d < đ …) ignoring tones and case; then, to break
    ties, the tones of each letter (ngang < huyền < hỏi < ngã < sắc < nặng). So "An" <
    "Ánh" < "Ăn" < "Ân" < "Dũng" < "Đức". Digits and other characters keep their place
    below the letters; a shorter name sorts first, so "An" < "An Bình" < "Anh".
    """
    primary: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(normalize(text).lower()):
        base, marks = cluster[0], cluster[1:]
        shaped = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _SHAPE_MARKS))
        if shaped in _LETTER_CODE:
            primary.append(_LETTER_CODE[shaped])
            tones.append(next((_TONES[m] for m in marks if m in _TONES), "0"))
        elif shaped == " ":
            primary.append("#")  # between words: below every letter and digit
        elif shaped.isdigit() and shaped.isascii():
            primary.append(shaped)
        else:
            primary.append("$")
    return "".join(primary) + "!" + "".join(tones)  # "!" ends the letters: "An" < "An Bình" < "Anh"


def _clusters(text: str) -> list[str]:
    """Base characters with their combining marks (NFD), đ kept whole."""
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def roster_sort_key(full_name: str) -> str:
    """Rosters sort by given name (the last word) first, then the whole name, in Vietnamese order."""
    words = normalize(full_name).split(" ")
    return vietnamese_sort_key(" ".join([words[-1], *words[:-1]]))
