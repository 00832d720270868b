"""Synthetic sequence data for the memory experiments (docs/pavlovian.md)."""
