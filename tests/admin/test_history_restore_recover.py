"""Revisions in the admin: the history of an article, comparing two revisions, restoring one, and recovering a
deleted article; each per role and for the user's own city against another city."""

import pytest
from django.urls import reverse

from articles import revisions
from articles.models import Article, AuditEntry, Correction
from cities.models import Role
from tests.factories import (
    article_data,
    assert_answers_like_missing,
    change_data,
    client_for,
    deleted_version_of,
    draft,
    html,
    in_review,
    last_level,
    save_revision,
    staff,
    superuser,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(serang):
    """A Serang article with two stored revisions (older headline, newer headline and a tag)."""
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Judul lama", body="<p>Isi pertama.</p>")
    save_revision(article, redaktur)
    article.tags.add("apeksi")
    save_revision(article, redaktur, headline="Judul baru", body="<p>Isi kedua.</p>")
    newest, oldest = list(revisions.versions_of(article))
    return article, oldest, newest


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR, Role.ADMIN, "superuser"])
def test_history_lists_revisions_with_user_and_comment(serang, revised, role):
    article, oldest, newest = revised
    user = superuser() if role == "superuser" else staff(serang, role)

    response = client_for(user).get(url("history", article.pk))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.pk for row in rows] == [newest.pk, oldest.pk]
    assert rows[0].who.startswith(newest.revision.user.username)
    assert url("revision", article.pk, newest.pk) in response.content.decode()


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR, Role.ADMIN])
def test_revision_views_of_another_city_answer_like_a_missing_article(serang, cimahi, revised, role):
    article, oldest, newest = revised
    client = client_for(staff(cimahi, role))

    assert_answers_like_missing(
        client.get(url("history", article.pk)), lambda pk: client.get(url("history", pk)), article
    )
    assert_answers_like_missing(
        client.get(url("revision", article.pk, oldest.pk)),
        lambda pk: client.get(url("revision", pk, oldest.pk)),
        article,
    )
    compare = f"?old={oldest.pk}&new={newest.pk}"
    assert_answers_like_missing(
        client.get(url("compare", article.pk) + compare),
        lambda pk: client.get(url("compare", pk) + compare),
        article,
    )
    response = client.post(url("revision", article.pk, oldest.pk))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    article.refresh_from_db()
    assert article.headline == "Judul baru"


def test_compare_two_revisions_shows_a_readable_diff(serang, revised):
    article, oldest, newest = revised
    response = client_for(staff(serang, Role.PENULIS)).get(
        url("compare", article.pk), {"old": newest.pk, "new": oldest.pk}
    )

    assert response.status_code == 200
    changes = {change.name: change for change in response.context["changes"]}
    assert changes["headline"].old == "Judul lama" and changes["headline"].new == "Judul baru"
    assert changes["tags"].new == "apeksi"
    content = response.content.decode()
    assert "<del>pertama.</del>" in content and "<ins>kedua.</ins>" in content
    assert response.context["restore_url"] == ""  # a writer may not change this article


def test_compare_refuses_revisions_of_another_article(serang, revised):
    article, oldest, _newest = revised
    other = draft(serang)
    save_revision(other, staff(serang, Role.REDAKTUR))
    foreign = revisions.versions_of(other).first()
    client = client_for(staff(serang, Role.REDAKTUR))
    assert client.get(url("compare", article.pk), {"old": oldest.pk, "new": foreign.pk}).status_code == 404
    assert client.get(url("revision", article.pk, foreign.pk)).status_code == 404


def test_restore_through_the_admin_makes_a_new_revision_and_an_audit_entry(serang, revised):
    article, oldest, _newest = revised
    redaktur = staff(serang, Role.REDAKTUR)
    client = client_for(redaktur)

    page = client.get(url("revision", article.pk, oldest.pk))
    assert page.status_code == 200
    assert {c.name for c in page.context["changes"]} >= {"headline", "tags"}
    assert page.context["restore_url"] == url("revision", article.pk, oldest.pk)

    response = client.post(url("revision", article.pk, oldest.pk))

    assert response.status_code == 302
    assert last_level(response) == "success"
    article.refresh_from_db()
    assert article.headline == "Judul lama"
    assert list(article.tags.names()) == []
    assert revisions.versions_of(article).count() == 3
    assert revisions.versions_of(article).first().revision.user == redaktur
    assert AuditEntry.objects.filter(article=article, action=AuditEntry.Action.RESTORE, user=redaktur).exists()


def test_restore_is_refused_to_a_writer_who_may_not_change_the_article(serang, revised):
    article, oldest, _newest = revised
    response = client_for(staff(serang, Role.PENULIS)).post(url("revision", article.pk, oldest.pk))
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.headline == "Judul baru"
    assert revisions.versions_of(article).count() == 2


def test_every_admin_save_stores_a_revision_with_tags_and_mentions(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    client = client_for(redaktur)
    client.post(url("add"), article_data(serang, tags="banjir rob, apeksi"))
    article = Article.objects.get()
    assert AuditEntry.objects.get(article=article).action == AuditEntry.Action.CREATE

    client.post(url("change", article.pk), change_data(article, headline="Judul kedua", tags="apeksi"))

    newest, first = list(revisions.versions_of(article))
    assert newest.revision.user == redaktur and newest.revision.get_comment()
    assert readable(newest)["headline"] == "Judul kedua"
    assert readable(first)["tags"] == "apeksi, banjir rob"
    assert readable(newest)["tags"] == "apeksi"


def readable(version):
    return revisions.readable_fields(version)


def delete_through_admin(client, article):
    assert client.post(url("delete", article.pk), {"post": "yes"}).status_code == 302


def test_recover_a_deleted_article_of_own_city(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    client = client_for(redaktur)
    ours = draft(serang, headline="Terhapus Serang", tags=["banjir"])
    theirs = draft(cimahi, headline="Terhapus Cimahi")
    delete_through_admin(client, ours)
    delete_through_admin(client_for(staff(cimahi, Role.REDAKTUR)), theirs)

    listing = client.get(url("recoverlist"))
    assert listing.status_code == 200
    listed = [row.what for row in listing.context["rows"]]
    assert "Terhapus Serang" in listed and "Terhapus Cimahi" not in listed
    theirs_version = deleted_version_of(theirs)
    assert client.get(url("recover", theirs_version.pk)).status_code == 404
    assert client.post(url("recover", theirs_version.pk)).status_code == 404
    assert not Article.objects.filter(headline="Terhapus Cimahi").exists()

    ours_version = deleted_version_of(ours)
    assert client.get(url("recover", ours_version.pk)).status_code == 200
    response = client.post(url("recover", ours_version.pk))

    recovered = Article.objects.get(headline="Terhapus Serang")
    assert response.url == url("change", recovered.pk)
    assert list(recovered.tags.names()) == ["banjir"]
    assert AuditEntry.objects.filter(article=recovered, action=AuditEntry.Action.RECOVER, user=redaktur).exists()
    assert revisions.versions_of(recovered).first().revision.user == redaktur


def test_writers_cannot_recover(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang)
    delete_through_admin(client_for(redaktur), article)
    version = deleted_version_of(article)
    client = client_for(staff(serang, Role.PENULIS))
    assert client.get(url("recoverlist")).status_code == 403
    assert client.post(url("recover", version.pk)).status_code == 403
    assert not Article.objects.exists()


def test_superuser_recovers_any_city(cimahi):
    article = draft(cimahi, headline="Cimahi hilang")
    admin = client_for(superuser())
    delete_through_admin(admin, article)
    version = deleted_version_of(article)
    admin.post(url("recover", version.pk))
    assert Article.objects.filter(headline="Cimahi hilang").exists()


def published_with_a_correction(city, redaktur, **fields):
    article = in_review(city, headline="Banjir rob di Kasemen", **fields)
    article.publish(by=redaktur)
    article.correct(by=redaktur, note="Nama kelurahan diperbaiki: Banten, bukan Kasunyatan.")
    return article


def test_recovering_a_published_article_brings_back_its_correction_and_its_whole_audit_trail(serang, client):
    redaktur = staff(serang, Role.REDAKTUR)
    article = published_with_a_correction(serang, redaktur, tags=["banjir rob"])
    correction = article.corrections.get()
    trail = set(article.audit.values_list("pk", flat=True))
    delete_through_admin(client_for(redaktur), article)
    assert not Correction.objects.exists()
    assert not AuditEntry.objects.filter(article__isnull=False).exists()

    client_for(redaktur).post(url("recover", deleted_version_of(article).pk))

    recovered = Article.objects.get(pk=article.pk)
    assert recovered.is_published
    # As it was (revisions keep times to the millisecond).
    assert [(c.pk, c.note, c.created_at.replace(microsecond=0), c.created_by) for c in recovered.corrections.all()] == [
        (correction.pk, correction.note, correction.created_at.replace(microsecond=0), redaktur)
    ]
    assert correction.note in html(client.get(recovered.get_absolute_url()))
    assert trail < set(recovered.audit.values_list("pk", flat=True))
    assert [entry.action for entry in recovered.audit.order_by("at", "pk")] == [
        "publish",
        "correct",
        "delete",
        "recover",
    ]
    assert not AuditEntry.objects.filter(article__isnull=True).exists()


def test_recovering_re_attaches_only_the_articles_own_audit_entries(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    ours, other = draft(serang, headline="Sama"), draft(serang, headline="Sama")
    for article in (ours, other):
        article.submit(by=redaktur)
        delete_through_admin(client_for(redaktur), article)

    client_for(redaktur).post(url("recover", deleted_version_of(ours).pk))

    assert AuditEntry.objects.filter(article=ours).count() == 3  # submitted, deleted, recovered
    assert AuditEntry.objects.filter(article__isnull=True, article_key=other.pk).count() == 2


def test_a_restore_keeps_the_public_corrections(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Judul lama")
    save_revision(article, redaktur)
    oldest = revisions.versions_of(article).get()
    article.submit(by=redaktur)
    article.refresh_from_db()
    article.publish(by=redaktur)
    article.correct(by=redaktur, note="Ralat tanggal.")

    response = client_for(redaktur).post(url("revision", article.pk, oldest.pk))

    assert last_level(response) == "success"
    assert [c.note for c in Article.objects.get(pk=article.pk).corrections.all()] == ["Ralat tanggal."]


def test_recovering_after_the_writers_accounts_were_removed(serang):
    penulis, corrector = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = published_with_a_correction(serang, corrector, author=penulis)
    editor = staff(serang, Role.REDAKTUR)
    delete_through_admin(client_for(editor), article)
    penulis.delete()
    corrector.delete()

    response = client_for(editor).post(url("recover", deleted_version_of(article).pk))

    assert last_level(response) == "success"
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.author is None
    assert recovered.corrections.get().created_by is None
