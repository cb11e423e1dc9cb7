"""Absence cases: sickness and recovery reports, the Poortwachter clock and steps."""
