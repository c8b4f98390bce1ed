"""The product's settings, unchanged, plus the URLs of the benchmarks' reference views (see benchmarks/urls.py).

Both the in-process client and the server child process use this module, so they serve the same URLs.
"""

from backoffice.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
