"""Bringing other people's files in: hand-made RACI matrices and HRIS / org-chart exports."""
