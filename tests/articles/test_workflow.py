"""The editorial workflow on the model: who may do which transition, scheduling, corrections and preview links,
each recorded in the audit log."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from articles import workflow
from articles.models import Article, AuditEntry, PreviewLink, TransitionError
from cities.models import Role
from tests.factories import draft, log_in, make_article, make_city, save_revision, staff

pytestmark = pytest.mark.django_db


def test_penulis_drafts_and_submits_then_redaktur_publishes(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = draft(serang, penulis)
    article.submit(by=penulis)
    assert article.status == Article.Status.REVIEW
    article.publish(by=redaktur)
    assert article.is_published
    actions = list(AuditEntry.objects.filter(article=article).values_list("action", "user"))
    assert actions == [(AuditEntry.Action.PUBLISH, redaktur.pk), (AuditEntry.Action.SUBMIT, penulis.pk)]


def test_penulis_cannot_publish_or_submit_someone_elses_draft(serang):
    penulis, other = staff(serang, Role.PENULIS), staff(serang, Role.PENULIS)
    article = draft(serang, other)
    with pytest.raises(PermissionDenied):
        article.submit(by=penulis)
    with pytest.raises(PermissionDenied):
        article.publish(by=penulis)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_redaktur_of_another_city_cannot_touch(serang, cimahi):
    article = draft(serang, staff(serang, Role.PENULIS))
    with pytest.raises(PermissionDenied):
        article.publish(by=staff(cimahi, Role.REDAKTUR))
    assert not Article.objects.editable_by(staff(cimahi, Role.ADMIN)).filter(pk=article.pk).exists()
    assert not Article.objects.visible_to(staff(cimahi, Role.REDAKTUR)).filter(pk=article.pk).exists()


def test_send_back_needs_a_reason_that_the_writer_sees(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = draft(serang, penulis)
    article.submit(by=penulis)
    with pytest.raises(TransitionError):
        article.send_back(by=redaktur, reason="  ")
    article.send_back(by=redaktur, reason="Kutipan wali kota perlu dicek.")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.review_note == "Kutipan wali kota perlu dicek."
    assert Article.objects.editable_by(penulis).filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        (Article.Status.PUBLISHED, "submit"),
        (Article.Status.DRAFT, "send_back"),
        (Article.Status.DRAFT, "unpublish"),
        (Article.Status.ARCHIVED, "publish"),
        (Article.Status.DRAFT, "reopen"),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(serang, status, verb):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang, status=status, author=redaktur)
    kwargs = {"reason": "x"} if verb == "send_back" else {}
    with pytest.raises(TransitionError):
        getattr(article, verb)(by=redaktur, **kwargs)
    article.refresh_from_db()
    assert article.status == status
    assert not AuditEntry.objects.filter(article=article).exists()


def test_writer_may_not_edit_while_in_review(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, penulis)
    article.submit(by=penulis)
    assert not Article.objects.editable_by(penulis).filter(pk=article.pk).exists()
    assert Article.objects.visible_to(penulis).filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("zone", "local_time"),
    [("Asia/Jakarta", "08:00"), ("Asia/Makassar", "08:00"), ("Asia/Jayapura", "08:00")],
)
def test_scheduled_article_goes_live_at_its_local_minute(zone, local_time):
    city = make_city(time_zone=zone)
    redaktur = staff(city, Role.REDAKTUR)
    article = draft(city, redaktur)
    at = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=zoneinfo.ZoneInfo(zone))
    with time_machine.travel(at - datetime.timedelta(days=1), tick=False):
        article.publish(by=redaktur, at=at)
        assert article.is_scheduled
        assert AuditEntry.objects.get(article=article).action == AuditEntry.Action.SCHEDULE
    visible = {}
    for label, moment in {"before": -1, "at": 0, "after": 1}.items():
        with time_machine.travel(at + datetime.timedelta(seconds=moment), tick=False):
            visible[label] = Article.objects.published().filter(pk=article.pk).exists()
    assert visible == {"before": False, "at": True, "after": True}
    assert article.local_published_at.strftime("%H:%M") == local_time


def test_correction_is_attached_to_a_published_article(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang)
    correction = article.correct(by=redaktur, note="Nama kecamatan diperbaiki.")
    assert list(article.corrections.all()) == [correction]
    unpublished = draft(serang, redaktur)
    with pytest.raises(TransitionError):
        unpublished.correct(by=redaktur, note="x")


def test_preview_link_shows_its_revision_until_revoked_or_expired(client, serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, penulis, headline="Versi untuk Sekda")
    link = workflow.issue_preview_link(article, by=penulis, recipient="Sekda", days=2)
    save_revision(article, penulis, headline="Versi sesudahnya")

    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert b"Versi untuk Sekda" in response.content
    assert b"Versi sesudahnya" not in response.content
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert AuditEntry.objects.filter(article=article, action=AuditEntry.Action.PREVIEW_USED).count() == 1

    # An ended link says so (410) and shows nothing of the article; a forged one is a plain 404.
    with time_machine.travel(datetime.timedelta(days=3)):
        expired = client.get(link.get_absolute_url())
        assert expired.status_code == 410 and b"Versi untuk Sekda" not in expired.content
    workflow.revoke_preview_link(link, by=penulis)
    revoked = client.get(link.get_absolute_url())
    assert revoked.status_code == 410 and b"Versi untuk Sekda" not in revoked.content
    assert client.get(link.get_absolute_url()[:-3] + "abc/").status_code == 404
    actions = set(AuditEntry.objects.filter(article=article).values_list("action", flat=True))
    assert {AuditEntry.Action.PREVIEW_ISSUED, AuditEntry.Action.PREVIEW_REVOKED} <= actions


def test_preview_link_cannot_be_issued_by_another_city(serang, cimahi):
    article = draft(serang, staff(serang, Role.PENULIS))
    with pytest.raises(PermissionDenied):
        workflow.issue_preview_link(article, by=staff(cimahi, Role.REDAKTUR))


def test_staff_preview_a_draft_at_its_real_address(client, serang, cimahi):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, penulis, headline="Draf rahasia")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404

    log_in(client, staff(cimahi, Role.REDAKTUR))
    assert client.get(url).status_code == 404

    log_in(client, penulis)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["preview"] == "staff"
    assert b'class="preview-banner"' in response.content
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_public_page_shows_the_correction_with_its_time(client, serang):
    article = make_article(city=serang)
    article.correct(by=staff(serang, Role.REDAKTUR), note="Jumlah kelurahan semula tertulis 66.")
    response = client.get(article.get_absolute_url())
    assert b"Jumlah kelurahan semula tertulis 66." in response.content
    assert b'id="corrections-heading"' in response.content


def test_publishing_a_live_article_again_does_not_redate_it(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang)
    first = article.published_at
    with pytest.raises(TransitionError):
        article.publish(by=redaktur)
    article.refresh_from_db()
    assert article.published_at == first


def test_scheduling_records_a_known_time(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, redaktur, published_time_known=False)
    article.publish(by=redaktur, at=datetime.datetime(2030, 1, 1, 8, tzinfo=datetime.UTC))
    article.refresh_from_db()
    assert article.published_time_known is True


def test_preview_link_is_revoked_only_by_its_issuer_or_an_editor(serang, cimahi):
    penulis, colleague = staff(serang, Role.PENULIS), staff(serang, Role.PENULIS)
    link = workflow.issue_preview_link(draft(serang, penulis), by=penulis)
    for outsider in (colleague, staff(cimahi, Role.REDAKTUR)):
        with pytest.raises(PermissionDenied):
            workflow.revoke_preview_link(link, by=outsider)
    workflow.revoke_preview_link(link, by=staff(serang, Role.REDAKTUR))
    assert not link.is_active


def test_preview_link_address_is_stable_and_capped(serang, settings):
    penulis = staff(serang, Role.PENULIS)
    link = workflow.issue_preview_link(draft(serang, penulis), by=penulis, days=90)
    with time_machine.travel(datetime.timedelta(seconds=5)):
        assert link.get_absolute_url() == PreviewLink.objects.get(pk=link.pk).get_absolute_url()
    assert link.expires_at - link.created_at <= datetime.timedelta(days=settings.PREVIEW_LINK_MAX_DAYS, seconds=1)
    assert str(link)
