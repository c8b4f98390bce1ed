"""`backoffice serve`: migrate, then run the production web server (gunicorn) and the job worker together."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class WebServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from backoffice.wsgi import application

        return application


class Command(BaseCommand):
    help = "Migrate the database, then serve the product with the job worker running."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("BACKOFFICE_WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("BACKOFFICE_WEB_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="serve pages only (jobs run elsewhere)")

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not (settings.STATIC_ROOT / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "backoffice.cli", "worker"])
        self.stdout.write(f"backoffice is serving on http://{host}:{port}/ (Ctrl+C stops it)")
        try:
            WebServer(
                {
                    "bind": f"{host}:{port}",
                    "workers": workers,
                    "worker_class": "gthread",
                    "threads": threads,
                    "accesslog": "-",
                    "timeout": 60,
                    "graceful_timeout": 10,
                }
            ).run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=15)
