"""Text helpers for search that ignores case and diacritics ("Šťastná" = "stastna")."""

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


# Czech alphabetical order: č, ř, š, ž and "ch" are letters of their own (c < č < d, h < ch < i),
# other accents only break ties. PyICU would do this but needs the ICU headers to build; this is all we need.
# The key uses only ASCII letters and digits, so every database collation (C, en_US, …) orders it the same.
_OWN_LETTERS = {"č": "c", "ř": "r", "š": "s", "ž": "z"}


def czech_sort_key(text: str) -> str:
    """A string that sorts in Czech alphabetical order in any database: two ASCII characters a letter."""
    lowered = (text or "").casefold()
    key, index = [], 0
    while index < len(lowered):
        ch = lowered[index]
        if ch == "c" and lowered[index + 1 : index + 2] == "h":
            key.append("h1")
            index += 2
            continue
        if ch in _OWN_LETTERS:
            key.append(_OWN_LETTERS[ch] + "1")
        else:
            base = fold(ch)[:1]
            if base.isascii() and base.isalpha():
                key.append(base + "0")
            elif base.isdigit():
                key.append("1" + base)
            else:
                key.append("00")  # spaces and punctuation sort before every letter
        index += 1
    return "".join(key)
