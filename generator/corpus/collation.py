"""Sort keys that order names and titles as readers expect, the same on every machine.

No OS locale is consulted (it differs between machines and would change the site): letters
are folded to ASCII, Greek letters readers spell out are spelled, case is ignored, and
leading punctuation ("A quoted title", ...Ellipses) does not count.
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "\u0131": "i", "ß": "ss",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"}
)  # fmt: skip
SPELLED = {
    "\N{GREEK CAPITAL LETTER PHI}": "Phi",
    "\N{GREEK SMALL LETTER PHI}": "phi",
    "\N{GREEK SMALL LETTER ALPHA}": "alpha",
    "\N{GREEK SMALL LETTER BETA}": "beta",
    "\N{GREEK SMALL LETTER GAMMA}": "gamma",
    "\N{GREEK SMALL LETTER LAMDA}": "lambda",
    "\N{GREEK SMALL LETTER MU}": "mu",
}
"""Letters NFKD does not reduce to ASCII but that readers spell out (in slugs, in order)."""
_LEADING = re.compile(r"^[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Drop accents and anything without an ASCII form: "Zoë Ólafsdóttir" -> "Zoe Olafsdottir"."""
    if text.isascii():  # most names and titles: neither the table nor NFKD changes them
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def spell_out(text: str) -> str:
    """Greek letters that readers say as words, written as those words: Φeat -> Pheat."""
    if text.isascii():  # no Greek letter: each of 10,000 titles, letter by letter, in sorts
        return text
    return "".join(SPELLED.get(character, character) for character in text)


def title_key(title: str) -> tuple[str, str]:
    """Order titles by their letters: "À la recherche" among the A's, "“Quoted”" among the Q's.

    The title itself breaks ties, so the order never depends on the order of the files.
    """
    folded = ascii_fold(spell_out(title)).casefold()
    return _LEADING.sub("", folded), title
