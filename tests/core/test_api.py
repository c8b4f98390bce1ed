"""The API's contract: how it authenticates, and how every error answers (401, 403, 404, 422)."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from backoffice.core.models import ApiToken
from backoffice.core.roles import EMPLOYEE, HR
from backoffice.core.tokens import token_create, token_revoke
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_no_credentials_is_401_with_the_error_shape(client):
    response = client.get("/api/v1/people/employees")
    assert response.status_code == 401
    assert response.json() == {"detail": "Log in or send an API token.", "code": "not_authenticated", "fields": {}}


def test_a_token_is_shown_once_and_stored_only_as_a_hash():
    user = make_user(EMPLOYEE)
    token, key = token_create(user=user, name="tabulka")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    assert len(stored.key_hash) == 64
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert response.status_code == 200 and response.json()["username"] == user.username
    stored.refresh_from_db()
    assert stored.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer bo_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer bo_" + "x" * 500])
def test_wrong_tokens_are_401(header):
    assert Client(HTTP_AUTHORIZATION=header).get("/api/v1/me").status_code == 401


def test_a_revoked_token_or_a_deactivated_user_is_401():
    user = make_user(EMPLOYEE)
    token, key = token_create(user=user, name="a")
    _, other_key = token_create(user=user, name="b")
    token_revoke(user=user, token_id=token.pk)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 401
    user.is_active = False
    user.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other_key}").get("/api/v1/me").status_code == 401


def test_nobody_revokes_someone_elses_token():
    owner, intruder = make_user(HR), make_user(HR)
    token, key = token_create(user=owner, name="owner's")
    _, intruder_key = token_create(user=intruder, name="intruder's")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {intruder_key}").post(f"/api/v1/me/tokens/{token.pk}/revoke")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_tokens_are_created_and_listed_through_the_api(api_for):
    client = api_for(EMPLOYEE)
    created = client.post("/api/v1/me/tokens", data={"name": "Excel"}, content_type="application/json")
    assert created.status_code == 201
    key = created.json()["key"]
    listed = client.get("/api/v1/me/tokens").json()
    assert {t["name"] for t in listed} == {"tests", "Excel"}
    assert all("key" not in t for t in listed)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 200


def test_the_cli_prints_a_working_token_once(capsys):
    make_user(EMPLOYEE, username="recepce")
    call_command("token", "create", "recepce", "--name", "ústředna")
    key = capsys.readouterr().out.strip()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").json()["username"] == "recepce"


def test_session_auth_needs_csrf_for_writes():
    user = make_user(HR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/api/v1/me/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_forbidden_is_403(api_for):
    response = api_for(EMPLOYEE).post(
        "/api/v1/people/employees", data={"first_name": "A", "last_name": "B"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_unknown_object_is_404(api_for):
    response = api_for(HR).get("/api/v1/people/employees/999999")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_invalid_input_is_422_with_a_message_per_field(api_for):
    client = api_for(HR)
    response = client.post(
        "/api/v1/people/employees",
        data={"first_name": "", "last_name": "Novák", "start_date": "not a date"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"first_name", "start_date"}
    assert body["fields"]["start_date"] == ["Enter a date as YYYY-MM-DD."]


def test_invalid_input_is_explained_in_the_callers_language(api_for):
    response = api_for(HR).post(
        "/api/v1/people/employees",
        data={"last_name": "Novák", "start_date": "not a date"},
        content_type="application/json",
        headers={"Accept-Language": "cs"},
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["first_name"] == ["Toto pole je povinné."]
    assert fields["start_date"] == ["Zadejte datum ve tvaru RRRR-MM-DD."]


def test_domain_validation_is_422_by_field(api_for):
    client = api_for(HR)
    response = client.post(
        "/api/v1/people/employees",
        data={"first_name": "Jan", "last_name": "Novák", "email": "no-at-sign", "phone_extension": "x1"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"email", "phone_extension"}


def test_malformed_json_is_a_clear_4xx(api_for):
    response = api_for(HR).post("/api/v1/people/employees", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


def test_the_openapi_document_and_local_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "backoffice API"
    assert "/api/v1/people/employees" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/swagger-ui-bundle" in docs


def test_errors_are_json_in_czech_for_czech_clients(client):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 401
    body = json.loads(response.content)
    assert body["code"] == "not_authenticated"
    assert body["detail"] == "Přihlaste se nebo pošlete API token."


def test_an_id_too_large_for_the_database_is_422_not_500(api_for):
    response = api_for(HR).get(f"/api/v1/people/employees/{2**70}")
    assert response.status_code in (404, 422)
    response = api_for(HR).get("/api/v1/people/employees", {"department": 2**70})
    assert response.status_code == 422 and response.json()["code"] == "invalid"
