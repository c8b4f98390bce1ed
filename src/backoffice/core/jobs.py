"""Background jobs run as a named system actor, so what they change is audited to them."""

from __future__ import annotations

import functools
from collections.abc import Callable

from backoffice.core.context import acting_as, job_actor


def as_job(name: str) -> Callable:
    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def run(*args, **kwargs):
            with acting_as(job_actor(name)):
                return func(*args, **kwargs)

        return run

    return decorate
