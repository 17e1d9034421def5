"""Turn a job search kept as YAML into a private site and recruiter packs."""

from __future__ import annotations

__version__ = "0.1.0"
