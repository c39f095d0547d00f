"""Curation: the work on the corpus itself, beside the build that publishes it.

- `contribute`: a new paper's file from a title or an arXiv id (`papers new`, `papers add`);
- `ingest`, `ingest_report`: the day's trending papers, filed under suggested topics;
- `suggest`: topics for a paper, from the curated papers and the ones declined;
- `declined`: the papers curators declined, never proposed again;
- `enrich`: missing metadata filled in from arXiv;
- `changes`: what a branch or the working tree changed in the corpus.
"""
