"""A source's text as the corpus keeps it: one line, no invisible characters, no TeX escapes."""

from __future__ import annotations

import re

from generator.corpus.schema import FORBIDDEN_CHARACTERS

# Escapes arXiv's submission form leaves in plain text: "37.35\%", "Training \& Inference".
# \_ and \$ are left alone: inside $math$ they mean what they say.
_TEX_ESCAPE = re.compile(r"\\([%&#])")
# TeX quotes (``x'', ''x'') and quotes doubled by a CSV round trip (""x"").
_TEX_QUOTED = re.compile(r"(?:``|'')(?P<quoted>[^`'\"\n]{1,200}?)(?:''|\")")
_DOUBLED_QUOTES = re.compile(r'""(?P<quoted>[^"\n]{1,200}?)""')


def source_text(value: str) -> str:
    """`value` on one line, without control characters, TeX escapes or TeX quotes."""
    text = " ".join(FORBIDDEN_CHARACTERS.sub(" ", value).split())
    text = _TEX_ESCAPE.sub(r"\1", text)
    text = _TEX_QUOTED.sub(r'"\g<quoted>"', text)
    return _DOUBLED_QUOTES.sub(r'"\g<quoted>"', text)
