"""Preview links from the admin: a writer issues one for their own draft, only its issuer or an editor revokes it,
the number of days is bounded, and another city's article answers like a missing one."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import AuditEntry, PreviewLink
from cities.models import Role
from tests.factories import (
    assert_answers_like_missing,
    client_for,
    draft,
    last_level,
    save_revision,
    staff,
    url,
    utc,
)

pytestmark = pytest.mark.django_db


def issue(client, article, **data):
    return client.post(url("preview_issue", article.pk), {"preview-recipient": "Sekda", "preview-days": "3", **data})


def test_writer_issues_a_preview_link_and_a_colleague_cannot_revoke_it(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis, headline="Untuk Sekda")
    client = client_for(penulis)

    assert client.get(url("preview_issue", article.pk)).status_code == 405
    response = issue(client, article)
    assert last_level(response) == "success"
    link = PreviewLink.objects.get()
    assert (link.recipient, link.created_by) == ("Sekda", penulis)
    assert abs(link.expires_at - link.created_at - datetime.timedelta(days=3)) < datetime.timedelta(minutes=1)
    page = client.get(url("change", article.pk))
    assert page.context["preview"]["links"][0]["state_key"] == "active"
    assert link.get_absolute_url() in page.content.decode()
    assert Client().get(link.get_absolute_url()).status_code == 200

    colleague = client_for(staff(serang, Role.PENULIS))
    response = colleague.post(url("preview_revoke", article.pk, link.pk))
    assert last_level(response) == "error"
    link.refresh_from_db()
    assert link.is_active

    response = client_for(staff(serang, Role.REDAKTUR)).post(url("preview_revoke", article.pk, link.pk))
    assert last_level(response) == "success"
    link.refresh_from_db()
    assert not link.is_active
    ended = Client().get(link.get_absolute_url())
    assert ended.status_code == 410
    assert "sudah tidak berlaku" in ended.content.decode() and "menariknya" in ended.content.decode()
    actions = set(AuditEntry.objects.filter(article=article).values_list("action", flat=True))
    assert {AuditEntry.Action.PREVIEW_ISSUED, AuditEntry.Action.PREVIEW_REVOKED} <= actions


@pytest.mark.parametrize("days", ["0", "15", "x"])
def test_preview_link_days_are_1_to_14(serang, days):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis)
    response = issue(client_for(penulis), article, **{"preview-days": days})
    assert last_level(response) == "error"
    assert not PreviewLink.objects.exists()


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR, Role.ADMIN])
def test_preview_links_of_another_city_answer_like_a_missing_article(serang, cimahi, role):
    article = draft(cimahi, author=staff(cimahi, Role.PENULIS))
    link = workflow.issue_preview_link(article, by=article.author, recipient="Sekda")
    client = client_for(staff(serang, role))

    assert_answers_like_missing(issue(client, article), lambda pk: client.post(url("preview_issue", pk)), article)
    response = client.post(url("preview_revoke", article.pk, link.pk))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    link.refresh_from_db()
    assert link.is_active
    assert PreviewLink.objects.count() == 1


def test_revoking_a_link_of_another_article_is_a_404(serang):
    penulis = staff(serang, Role.PENULIS)
    article, other = draft(serang, author=penulis), draft(serang, author=penulis)
    link = workflow.issue_preview_link(other, by=penulis)
    assert client_for(penulis).post(url("preview_revoke", article.pk, link.pk)).status_code == 404


def test_an_expired_link_says_until_when_it_was_valid_in_the_citys_zone(serang):
    article = draft(serang)
    save_revision(article, staff(serang, Role.REDAKTUR))
    link = article.preview_links.create(
        version=Version.objects.get_for_object(article).first(), expires_at=utc(2024, 3, 1, 5, 0)
    )
    page = Client().get(link.get_absolute_url())
    assert page.status_code == 410
    assert "WIB" in page.content.decode() and "berlaku sampai" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_a_forged_link_is_a_plain_404(client):
    assert client.get("/pratinjau/bukan-tanda-tangan:abc/").status_code == 404
