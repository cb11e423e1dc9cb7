"""Absence statistics: the CBS definitions over case facts, the employer's figures and their pages."""
