"""gkml: a static site generator for government information-disclosure catalogs."""

__version__ = "0.1.0"
