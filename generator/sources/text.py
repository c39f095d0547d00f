"""A source's text as the corpus keeps it: one line, no invisible characters, no TeX escapes;
its dates and DOIs only when they are real ones."""

from __future__ import annotations

import datetime as dt
import re

from generator.corpus.schema import DOI, FORBIDDEN_CHARACTERS

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


def source_date(value: object) -> str | None:
    """The calendar day `value` starts with (YYYY-MM-DD), or None for anything else: a date
    that cannot be (2026-02-31) is the source's noise, not a fact to refuse a paper for."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 else None
    except ValueError:
        return None


def source_doi(value: object) -> str | None:
    """The first DOI `value` lists (arXiv may list several, space-separated), or None."""
    words = value.split() if isinstance(value, str) else []
    return next((word for word in words if DOI.fullmatch(word)), None)
