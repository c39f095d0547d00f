"""The site engine (MkDocs and mkdocs-material) behind one adapter: the only package knowing it.

- `config`: the engine's settings for a generated source, and the files it takes from MkDocs;
- `state`: what a built site depends on, and whether the site on disk is still that;
- `incremental`: render only the pages whose source changed since the site on disk, the
  rest lent from it, and split what is rendered over the cores;
- `run`: run the engine into staged folders swapped in whole, or serve a live preview.

Everything above hands the engine a build folder of Markdown and data files; trying another
engine (Zensical reads the same settings) is a change in this package only.
"""
