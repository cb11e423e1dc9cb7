"""The composition root: the one place in the core package that may import every app.

It holds the root URLconf (`urls.py`, ROOT_URLCONF) and the demo data builder (`demo.py`, used by
`manage.py demo`). Everything else in `verzuim` is the core and imports no app (docs/architecture.md).
"""
