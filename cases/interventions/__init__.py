"""Interventions (requests, approval, proportionality) and the provider network with its scores."""
