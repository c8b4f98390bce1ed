import pytest


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Resumes go to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    yield tmp_path
