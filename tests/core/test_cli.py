"""The `backoffice` command as an operator uses it: deploy check, demo data, the production server."""

import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.peers import free_port

pytestmark = pytest.mark.standalone

PRODUCTION = {
    "BACKOFFICE_HTTPS": "true",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "BACKOFFICE_ALLOWED_HOSTS": "backoffice.firma.cz",
}


def environment(tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "BACKOFFICE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "backoffice.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests; never for a real process
    return env


def backoffice(*args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "-m", "backoffice.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = backoffice("check", "--deploy", "--fail-level", "WARNING", env=environment(tmp_path, **PRODUCTION))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_generated_secret_key_is_kept_in_the_data_dir(tmp_path):
    env = environment(tmp_path)
    env.pop("SECRET_KEY", None)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = backoffice("shell", "-c", code, env=env).stdout.splitlines()[-1]
    second = backoffice("shell", "-c", code, env=env).stdout.splitlines()[-1]
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_malformed_setting_stops_start_up_with_its_name(tmp_path):
    result = backoffice("check", env=environment(tmp_path, BACKOFFICE_DEBUG="perhaps"))
    assert result.returncode != 0
    assert "BACKOFFICE_DEBUG='perhaps' is not valid" in result.stderr


def test_demo_loads_once_and_prints_the_logins(tmp_path):
    env = environment(tmp_path)
    assert backoffice("migrate", "-v0", env=env).returncode == 0
    first = backoffice("demo", "--if-empty", env=env)
    assert first.returncode == 0, first.stderr
    assert "Demo company loaded" in first.stdout and "recepce" in first.stdout
    again = backoffice("demo", "--if-empty", env=env)
    assert "not loaded again" in again.stdout and "recepce" in again.stdout
    count = backoffice(
        "shell", "-c", "from backoffice.people.models import Employee; print(Employee.objects.count())", env=env
    )
    assert count.stdout.splitlines()[-1] == "31"  # thirty people and the new hire whose onboarding runs


def test_serve_migrates_and_answers_with_the_worker_running(tmp_path):
    env = environment(tmp_path, BACKOFFICE_WEB_WORKERS="1")
    collected = backoffice("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        body = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
                    body = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.3)
        assert "csrfmiddlewaretoken" in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/backoffice/app.css", timeout=5) as response:
            assert response.status == 200
        workers = subprocess.run(
            ["pgrep", "-f", "backoffice.cli worker", "-s", str(server.pid)], capture_output=True, text=True
        )
        assert workers.stdout.strip(), "the job worker should run beside the web server"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


@pytest.mark.parametrize("scale", ["small"])
def test_demo_data_is_audited_as_the_demo_job(tmp_path, scale):
    env = environment(tmp_path)
    backoffice("migrate", "-v0", env=env)
    backoffice("demo", "--scale", scale, env=env)
    labels = backoffice(
        "shell",
        "-c",
        "from backoffice.core.models import AuditEntry as A; "
        "print(sorted(set(A.objects.values_list('actor_label', flat=True))))",
        env=env,
    )
    assert labels.stdout.splitlines()[-1] == "['system:demo']"


def test_demo_only_some_modules_loads_them_and_the_people_they_build_on(tmp_path):
    env = environment(tmp_path)
    backoffice("migrate", "-v0", env=env)
    result = backoffice("demo", "--only", "supplies", env=env)
    assert result.returncode == 0, result.stderr
    counts = backoffice(
        "shell",
        "-c",
        "from backoffice.people.models import Employee; from backoffice.supplies.models import Item; "
        "from backoffice.equipment.models import Asset; "
        "print(Employee.objects.count() > 0, Item.objects.count() > 0, Asset.objects.count())",
        env=env,
    )
    assert counts.stdout.splitlines()[-1] == "True True 0"


def test_demo_only_an_unknown_module_is_refused_with_the_known_ones(tmp_path):
    env = environment(tmp_path)
    backoffice("migrate", "-v0", env=env)
    result = backoffice("demo", "--only", "coffee", env=env)
    assert result.returncode != 0
    assert "no demo data for: coffee" in result.stderr and "supplies" in result.stderr
