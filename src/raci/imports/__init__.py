"""Bringing other people's files in: hand-made matrices (and, later, HRIS exports)."""
