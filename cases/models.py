"""Absence cases: models arrive with issue 4."""
