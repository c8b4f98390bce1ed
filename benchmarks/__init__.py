"""Performance benchmarks of the product: `make bench` or `python -m benchmarks [-k NAME] [--quick]`.

- harness.py: timing (warm-up, interleaved timed repetitions, median/p95), goals, the registry, printing.
- environment.py: a fresh data directory and database (SQLite, or PostgreSQL with BENCH_DATABASE_URL) built by the
  product's own `migrate` and `demo --scale large`; helpers for API clients with real bearer tokens.
- reference.py + urls.py + settings.py: bare Django views that give each scenario its framework floor.
- loopback.py: the production server as a child process and a bounded load generator on 127.0.0.1.
- scenarios/<module>.py: each registers its scenarios with `@scenario("<module>.<what>", ...)`.
"""
