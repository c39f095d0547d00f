"""How a word is read by the index and by the reader's query alike: lower case, without accents
or other marks, without punctuation at its edges.

lunr's own trimmer differs between its two halves: lunr.js strips ASCII-only `\\W` from each end
(so "Φeat" lost its first letter in the browser while the index kept it), lunr.py strips
Unicode `\\W` but only when nothing else is in the word ("e.g.," stayed whole). Neither folds
accents, so "muller" never found Müller. `fold` replaces the trimmer in the index's pipeline
and is serialised under its own name; the page registers the same step
(`theme/assets/javascripts/split-index.js`, `foldWord`), and a browser test compares the two
over every word of the corpus.
"""

from __future__ import annotations

import re
import unicodedata

from lunr.pipeline import Pipeline
from lunr.token import Token

_EDGES = re.compile(r"^[^\w]+|[^\w]+$")  # as the page's /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu


def fold_word(word: str) -> str:
    """`word` in lower case, decomposed (NFKD) and without its marks, its edges trimmed."""
    # Lower case before and after: "İ" lowers to "i" and a dot (a mark), and U+1D49C
    # (mathematical script A) decomposes to a capital "A".
    decomposed = unicodedata.normalize("NFKD", word.lower())
    unmarked = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _EDGES.sub("", unmarked.lower())


def fold(token: Token, i: int | None = None, tokens: object = None) -> Token | None:
    """A lunr pipeline step: the token folded (see the module); none when nothing is left."""
    folded: Token = token.update(lambda word, metadata=None: fold_word(word))
    return folded if str(folded) else None


# Serialised under this name (lunr.py loads an index by it); the page registers its own.
Pipeline.register_function(fold, "fold")
