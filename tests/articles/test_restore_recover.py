"""Restoring a revision and recovering a deleted article bring content back, never a state the user's role
could not reach by a transition: a penulis cannot publish through either."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from reversion.models import Version

from articles import revisions, workflow
from articles.models import Article, AuditEntry
from cities.models import Membership, Role
from tests.factories import client_for, make_article, save_revision, staff, staff_in_cities, url

pytestmark = pytest.mark.django_db


def is_public(article) -> bool:
    return Client().get(article.get_absolute_url()).status_code == 200


@pytest.fixture
def reopened(serang):
    """A penulis's story that a redaktur published, then unpublished and reopened for more work."""
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = make_article(
        city=serang, author=penulis, status=Article.Status.DRAFT, published_at=None, headline="Versi terbit"
    )
    article.submit(by=penulis)
    article.publish(by=redaktur)
    published_revision = revisions.versions_of(article).first()
    assert published_revision.field_dict["status"] == Article.Status.PUBLISHED
    article.unpublish(by=redaktur)
    article.reopen(by=redaktur)
    save_revision(article, penulis, headline="Versi baru")
    return article, published_revision, penulis, redaktur


def test_penulis_restoring_the_published_revision_gets_its_text_not_its_status(reopened):
    article, published_revision, penulis, _redaktur = reopened
    restored = workflow.restore(published_revision, by=penulis)
    assert restored.headline == "Versi terbit"
    assert restored.status == Article.Status.DRAFT
    assert not is_public(restored)
    assert AuditEntry.objects.filter(article=article, action=AuditEntry.Action.RESTORE, user=penulis).exists()


def test_penulis_restoring_through_the_admin_does_not_publish(reopened):
    article, published_revision, penulis, _redaktur = reopened
    response = client_for(penulis).post(url("revision", article.pk, published_revision.pk))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Versi terbit"
    assert article.status == Article.Status.DRAFT
    assert not is_public(article)


def test_restoring_on_a_live_article_keeps_it_live_at_its_time(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang, author=redaktur, headline="Judul pertama")
    published_at = article.published_at
    save_revision(article, redaktur)
    first = revisions.versions_of(article).first()
    save_revision(article, redaktur, headline="Judul kedua")
    restored = workflow.restore(first, by=redaktur)
    assert restored.headline == "Judul pertama"
    assert restored.is_published and restored.published_at == published_at


def test_restore_cannot_carry_an_article_out_of_the_users_reach(serang, cimahi):
    penulis = staff_in_cities("rina", (serang, Role.PENULIS), (cimahi, Role.PENULIS))
    article = make_article(city=cimahi, author=penulis, status=Article.Status.DRAFT, published_at=None)
    save_revision(article, penulis)
    in_cimahi = revisions.versions_of(article).first()
    save_revision(article, penulis, city=serang)
    Membership.objects.filter(user=penulis, city=cimahi).delete()

    with pytest.raises(PermissionDenied):
        workflow.restore(in_cimahi, by=penulis)
    article.refresh_from_db()
    assert article.city == serang


def deleted(article, by) -> Version:
    article_id = article.pk
    workflow.delete(article, by=by)
    return Version.objects.get_deleted(Article).get(object_id=str(article_id))


def test_penulis_recovering_a_published_article_gets_a_draft(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = make_article(city=serang, author=penulis, status=Article.Status.DRAFT, published_at=None)
    article.submit(by=penulis)
    article.publish(by=redaktur)
    version = deleted(article, redaktur)

    recovered = workflow.recover(version, by=penulis)
    assert recovered.status == Article.Status.DRAFT and recovered.published_at is None
    assert not is_public(recovered)
    assert AuditEntry.objects.filter(article=recovered, action=AuditEntry.Action.RECOVER, user=penulis).exists()


def test_redaktur_recovers_a_published_article_as_it_was(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang, author=redaktur)
    version = deleted(article, redaktur)
    recovered = workflow.recover(version, by=redaktur)
    assert recovered.status == Article.Status.PUBLISHED
    assert is_public(recovered)


def test_recovery_by_another_city_is_refused_and_leaves_nothing(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    outsider = staff(cimahi, Role.REDAKTUR)
    article = make_article(city=serang, author=redaktur)
    version = deleted(article, redaktur)
    with pytest.raises(PermissionDenied):
        workflow.recover(version, by=outsider)
    assert not Article.objects.filter(pk=version.object_id).exists()
