"""The render stage: turn a Corpus into the site's source files, as data."""
