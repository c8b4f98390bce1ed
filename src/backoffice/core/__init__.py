"""Shared ground for every module: audit, errors, outbox, notifications, jobs, roles, API and UI shell."""
