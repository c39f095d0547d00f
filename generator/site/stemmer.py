"""The stemmer lunr.js runs in the browser, used to build the index that lunr.py writes.

lunr.py's Porter stemmer follows the reference C version; lunr.js's departs from it in one rule
(step 1c). lunr.js turns a final "y" into "i" only after a consonant ("try" becomes "tri",
"toy" stays), where lunr.py wants a vowel anywhere before it ("toy" becomes "toi", "try"
stays). An index stemmed one way and queried the other never matches such words: "toy",
"survey", "key", "array" and "day" found nothing in the browser.
"""

from __future__ import annotations

import re

from lunr.stemmer import PorterStemmer
from lunr.token import Token

_LUNR_JS_STEP_1C = re.compile(r"^(.+?[^aeiou])y$")  # lunr.js 2.3.9, `re_1c`


class _LunrJsPorterStemmer(PorterStemmer):  # type: ignore[misc]  # lunr has no type hints
    """lunr.py's stemmer with lunr.js's step 1c."""

    b: str  # the word being stemmed, through index k (lunr.py's own names)
    k: int
    k0: int

    def step1c(self) -> None:
        """Turn a final y into i when a consonant precedes it, as lunr.js does."""
        if _LUNR_JS_STEP_1C.match(self.b[self.k0 : self.k + 1]):
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_STEMMER = _LunrJsPorterStemmer()


def stem_like_lunr_js(token: Token, i: int | None = None, tokens: object = None) -> Token:
    """A lunr pipeline step: stem the token exactly as lunr.js will stem the reader's query."""
    updated: Token = token.update(_STEMMER.stem)
    return updated


# Serialised under lunr.js's own name, so the browser runs its stemmer on queries.
vars(stem_like_lunr_js)["label"] = "stemmer"
