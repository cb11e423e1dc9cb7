"""The load benchmark: gunicorn with 2 workers on the general book, driven by locust.

`sessions` writes logged-in (and for staff 2FA-verified) sessions and API tokens for the load users,
`locustfile` holds one locust user class per scenario, `run` starts gunicorn, runs the scenarios one after the
other and writes the table. See bench/README.md, "make bench-load".
"""
