"""Where trending days come from, by the `source` their snapshots name: a name and a link."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provenance:
    """A trending source as readers are told of it."""

    name: str
    url: str | None  # its public page, when it has one
    signal: str  # what orders its list: "ranked by <signal>"


HUGGING_FACE = "huggingface-daily-papers"
SEED_LISTING = "trending-listing"

KNOWN: dict[str, Provenance] = {
    HUGGING_FACE: Provenance(
        "Hugging Face Daily Papers",
        "https://huggingface.co/papers",
        "the upvotes of the readers who follow the papers submitted there each day",
    ),
    SEED_LISTING: Provenance(
        "the trending-papers listing the archive started from",
        None,
        "the listing's own order",
    ),
}


def provenance_of(source: str | None) -> Provenance | None:
    """How to name a snapshot's source: known sources by name, others as written."""
    if source is None:
        return None
    return KNOWN.get(source) or Provenance(source, None, "the order the source gave them")
