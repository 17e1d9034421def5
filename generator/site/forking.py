"""Moved to generator/site/speedups/forking.py; kept for pages.py's import until it names the new place."""

from __future__ import annotations

from generator.site.speedups.forking import map_in_forks

__all__ = ["map_in_forks"]
