"""Backups: `masthead backup` and `masthead restore` (see archive.py)."""
