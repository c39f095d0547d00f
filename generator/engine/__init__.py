"""The site engine (MkDocs and mkdocs-material) behind one adapter: the only package knowing it.

- `config`: the engine's settings for a generated source, and the files it takes from MkDocs;
- `state`: what a built site depends on, and whether the site on disk is still that;
- `run`: render a source into a staged folder swapped in whole, or serve a live preview.

Everything above hands the engine a build folder of Markdown and data files; trying another
engine (Zensical reads the same settings) is a change in this package only.
"""
