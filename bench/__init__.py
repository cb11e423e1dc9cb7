"""Benchmarks: a generator for a realistic book of absence cases and the scripts that time the portal on it.

Importing this package sets Django up (settings from DJANGO_SETTINGS_MODULE, default verzuim.settings), so
`python -m bench.generate_steps` and `python -m bench.sweep` run without manage.py. See bench/README.md for the
commands and bench/RESULTS.md for the figures measured on the reference machine.
"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verzuim.settings")
django.setup()
