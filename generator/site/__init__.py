"""The private site: pages rendered from an audience view, an MkDocs plugin, build and serve."""
