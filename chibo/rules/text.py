"""Vietnamese text helpers used by rules and search (pure)."""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    """NFC, trimmed, inner runs of white space folded to one space, control characters dropped."""
    text = "".join(ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    return " ".join(unicodedata.normalize("NFC", text).split())


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
