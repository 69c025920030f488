"""Masthead: the website and newsroom of a daily newspaper."""

__version__ = "0.1.0"
