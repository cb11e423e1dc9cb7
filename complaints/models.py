"""Complaints: models arrive with issue 9."""
