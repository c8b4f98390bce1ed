"""One module per product module; each registers its scenarios with `@scenario(...)` from benchmarks.harness.

To add scenarios, create benchmarks/scenarios/<module>.py; it is found and imported by `load()`, after Django is
set up (so a scenario module may import models at the top).
"""

import importlib
import pkgutil


def load() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
