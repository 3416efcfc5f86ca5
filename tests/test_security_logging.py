"""Logs that reconstruct an incident: JSON lines with UTC time, request id, client address, user and city, for
every login, failure, lock-out, denial and rejected upload; failed logins kept in the database."""

import io
import json
import logging

import pytest
from axes.models import AccessFailureLog
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import AuditEntry
from cities.models import Role
from core.logging import JsonLineFormatter
from images.validators import validate_image
from tests.factories import PASSWORD, client_for, draft, make_city, staff, transition, url

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def security_log():
    """The JSON lines the security logger writes during the test, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    logger = logging.getLogger("newsroom.security")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def events(lines, name):
    return [line for line in lines if line.get("event") == name]


@pytest.fixture
def city():
    return make_city(short_name="Serang", slug="serang")


def test_a_failed_login_is_one_json_line_with_time_address_and_request_id(client, city, security_log):
    staff(city, Role.PENULIS, "penulis-serang")
    response = client.post(LOGIN, {"username": "penulis-serang", "password": "salah"}, REMOTE_ADDR="203.0.113.7")
    [line] = events(security_log(), "login_failed")
    assert line["username"] == "penulis-serang"
    assert line["client_ip"] == "203.0.113.7"
    assert line["time"].endswith("Z") and line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert "salah" not in json.dumps(line)


def test_a_successful_login_names_the_user_and_city(client, city, security_log):
    staff(city, Role.PENULIS, "penulis-serang")
    client.post(LOGIN, {"username": "penulis-serang", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    [line] = events(security_log(), "login_succeeded")
    assert (line["username"], line["client_ip"]) == ("penulis-serang", "203.0.113.7")
    client.get(reverse("admin:articles_article_add"))  # the user and city are known from the session on
    client.get("/admin/articles/article/987654/delete/")


def test_a_typed_line_break_cannot_forge_a_second_line(client, security_log):
    client.post(LOGIN, {"username": 'x"}\n{"event": "login_succeeded"', "password": "salah"})
    lines = security_log()
    assert len(events(lines, "login_failed")) == 1 and not events(lines, "login_succeeded")


def test_the_client_address_is_read_behind_the_trusted_proxies_only(client, settings, security_log):
    forged = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.20", "REMOTE_ADDR": "127.0.0.1"}
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    client.post(LOGIN, {"username": "a", "password": "b"}, **forged)
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    client.post(LOGIN, {"username": "a", "password": "b"}, **forged)
    settings.NEWSROOM_TRUSTED_PROXIES = 2
    client.post(LOGIN, {"username": "a", "password": "b"}, **forged)
    addresses = [line["client_ip"] for line in events(security_log(), "login_failed")]
    # No proxy: the connection; one: what nginx saw; two: what the balancer saw (the client's own claim).
    assert addresses == ["127.0.0.1", "198.51.100.20", "6.6.6.6"]


def test_a_request_id_is_taken_from_a_trusted_proxy_only(client, settings):
    given = {"HTTP_X_REQUEST_ID": "nginx-0123456789abcdef"}
    assert client.get("/", **given)["X-Request-ID"] != "nginx-0123456789abcdef"
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    assert client.get("/", **given)["X-Request-ID"] == "nginx-0123456789abcdef"


def test_a_permission_denial_is_logged_with_user_and_city(city, security_log):
    writer = staff(city, Role.PENULIS, "penulis-serang")
    article = draft(city, author=writer)
    response = client_for(writer).get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 403
    [line] = events(security_log(), "permission_denied")
    assert (line["user"], line["city"], line["method"]) == ("penulis-serang", "serang", "GET")


def test_a_rejected_upload_is_logged(city, security_log):
    disguised = SimpleUploadedFile("foto.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        validate_image(disguised)
    [line] = events(security_log(), "upload_rejected")
    assert (line["file_name"], line["reason"]) == ("foto.jpg", "image_invalid")


@pytest.mark.throttling
def test_failed_logins_are_kept_after_a_success_and_a_lockout_names_user_and_address(
    client, city, settings, security_log
):
    settings.AXES_FAILURE_LIMIT = 3
    staff(city, Role.PENULIS, "penulis-serang")
    for _ in range(2):
        client.post(LOGIN, {"username": "penulis-serang", "password": "salah"}, REMOTE_ADDR="203.0.113.7")
    client.post(LOGIN, {"username": "penulis-serang", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert AccessFailureLog.objects.filter(username="penulis-serang", ip_address="203.0.113.7").count() == 2

    for _ in range(3):
        client.post(LOGIN, {"username": "penulis-lain", "password": "salah"}, REMOTE_ADDR="198.51.100.9")
    [line] = events(security_log(), "login_locked_out")
    assert (line["username"], line["client_ip"]) == ("penulis-lain", "198.51.100.9")


def test_audit_entries_keep_the_client_address(city):
    editor = staff(city, Role.REDAKTUR, "redaktur-serang")
    article = draft(city, author=editor)
    client = client_for(editor)
    client.post(url("transition", article.pk, "submit"), {"version": article.version}, REMOTE_ADDR="203.0.113.7")
    entry = AuditEntry.objects.get(article=article, action="submit")
    assert entry.client_ip == "203.0.113.7"


def test_transitions_and_deletions_are_security_events(city, security_log):
    editor = staff(city, Role.REDAKTUR, "redaktur-serang")
    article = draft(city, author=editor)
    client = client_for(editor)
    transition(client, article, "submit")
    client.post(url("delete", article.pk), {"post": "yes"})
    names = [line["event"] for line in security_log()]
    assert "article_submit" in names and "article_delete" in names
