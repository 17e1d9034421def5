"""The private site: pages rendered from an audience view, an MkDocs plugin, build and serve."""

# The plugin logs under `mkdocs`, so that MkDocs shows and counts its warnings (`--strict`).
LOGGER_NAME = "mkdocs.plugins.portfolio"
