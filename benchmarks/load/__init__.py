"""The load test of a mixed back-office workload against the production server: `make load` (see __main__.py)."""
