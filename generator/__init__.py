"""Trending Papers: validate a YAML corpus of research papers and publish it as a static site."""

__version__ = "0.1.0"
