"""crosscheck: cross-check the numbers and dates in news articles across sources, offline."""

__version__ = "0.1.0"
