"""The link checker of built sites, now `generator.links` (the inspection report uses it too)."""

from __future__ import annotations

from generator.links import EXTERNAL, broken_links

__all__ = ["EXTERNAL", "broken_links"]
