"""Revisions of an article: a readable diff between two, escaped; restoring one makes a new revision and an audit
entry, and only for a user who may change the article."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import revisions, workflow
from articles.models import AuditEntry
from cities.models import Role
from tests.factories import draft, save_revision, staff

pytestmark = pytest.mark.django_db


def test_revision_diff_and_restore_round_trip(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, redaktur, headline="Judul lama", body="<p>Isi pertama.</p>")
    save_revision(article, redaktur)
    article.tags.add("apeksi")
    save_revision(article, redaktur, headline="Judul baru", body="<p>Isi kedua.</p>")
    newest, oldest = list(revisions.versions_of(article))
    changes = {change.name: change for change in revisions.compare(oldest, newest)}
    assert changes["headline"].old == "Judul lama" and changes["headline"].new == "Judul baru"
    assert "<del>pertama.</del>" in changes["body"].inline_diff
    assert changes["tags"].new == "apeksi"

    restored = workflow.restore(oldest, by=redaktur)
    assert restored.headline == "Judul lama"
    assert list(restored.tags.names()) == []
    assert revisions.versions_of(article).count() == 3
    assert AuditEntry.objects.filter(article=article, action=AuditEntry.Action.RESTORE).exists()


def test_restore_is_refused_to_another_city(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, redaktur)
    save_revision(article, redaktur)
    with pytest.raises(PermissionDenied):
        workflow.restore(revisions.versions_of(article).first(), by=staff(cimahi, Role.REDAKTUR))


def test_diff_escapes_what_staff_typed(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, redaktur, headline="a")
    save_revision(article, redaktur)
    save_revision(article, redaktur, headline="<script>alert(1)</script>")
    newest, oldest = list(revisions.versions_of(article))
    (change,) = [c for c in revisions.compare(oldest, newest) if c.name == "headline"]
    assert "<script>" not in change.inline_diff
