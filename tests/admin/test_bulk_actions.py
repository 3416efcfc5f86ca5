"""Bulk actions of the article changelist: each runs the workflow verb per article, stays in the user's cities,
reports every refusal, and records an audit entry and a revision per article; a writer is offered only "submit"."""

import pytest
from django.contrib.messages import get_messages
from reversion.models import Version

from articles.models import Article, AuditEntry
from cities.models import Role
from tests.factories import (
    client_for,
    deleted_version_of,
    draft,
    in_review,
    make_article,
    message_levels,
    staff,
    staff_in_cities,
    url,
)

pytestmark = pytest.mark.django_db


def bulk(client, action, articles=(), *, select_across=False, query=""):
    data = {"action": action, "index": "0", "_selected_action": [str(a.pk) for a in articles]}
    if select_across:
        data["select_across"] = "1"
    return client.post(url("changelist") + query, data)


def test_bulk_publish_select_across_stays_in_the_users_cities_and_reports_each_refusal(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    ours = [in_review(serang) for _ in range(3)]
    archived = make_article(city=serang, cities=[serang], status=Article.Status.ARCHIVED, headline="Arsip lama")
    theirs = in_review(cimahi)

    response = bulk(client_for(redaktur), "publish_selected", ours[:1], select_across=True)

    assert response.status_code == 302
    levels = message_levels(response)
    assert levels.count("success") == 1 and levels.count("error") == 1
    assert "Arsip lama" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    for article in ours:
        article.refresh_from_db()
        assert article.is_published
    archived.refresh_from_db()
    theirs.refresh_from_db()
    assert archived.status == Article.Status.ARCHIVED
    assert theirs.status == Article.Status.REVIEW
    # One revision and one audit entry per article, by the verbs.
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISH).count() == 3
    assert {Version.objects.get_for_object(a).count() for a in ours} == {1}


def test_bulk_select_across_respects_the_changelist_filter(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    reviewed = in_review(serang)
    a_draft = draft(serang)
    bulk(client_for(redaktur), "publish_selected", [reviewed], select_across=True, query="?status__exact=review")
    reviewed.refresh_from_db()
    a_draft.refresh_from_db()
    assert reviewed.is_published
    assert a_draft.status == Article.Status.DRAFT


def test_bulk_actions_cannot_reach_another_citys_articles_by_id(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    theirs = in_review(cimahi)
    response = bulk(client_for(redaktur), "publish_selected", [theirs])
    assert response.status_code in (200, 302)
    theirs.refresh_from_db()
    assert theirs.status == Article.Status.REVIEW


def test_writer_submits_in_bulk_only_own_drafts(serang):
    penulis = staff(serang, Role.PENULIS)
    mine = [draft(serang, author=penulis) for _ in range(2)]
    colleagues = draft(serang, author=staff(serang, Role.PENULIS))
    client = client_for(penulis)

    changelist = client.get(url("changelist"))
    offered = {name for name, _label in changelist.context["action_form"].fields["action"].choices}
    assert "submit_selected" in offered
    assert not offered & {"publish_selected", "unpublish_selected", "archive_selected", "delete_selected"}

    response = bulk(client, "submit_selected", [*mine, colleagues])
    assert message_levels(response).count("error") == 1
    for article in mine:
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW
    colleagues.refresh_from_db()
    assert colleagues.status == Article.Status.DRAFT

    # An action not offered to a writer is not run even when posted.
    response = bulk(client, "publish_selected", mine, select_across=True)
    for article in mine:
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW


@pytest.mark.parametrize("verb", ["unpublish_selected", "archive_selected"])
def test_bulk_unpublish_and_archive(serang, verb):
    redaktur = staff(serang, Role.REDAKTUR)
    articles = [make_article(city=serang, cities=[serang]) for _ in range(2)]
    bulk(client_for(redaktur), verb, articles)
    expected = Article.Status.UNPUBLISHED if verb == "unpublish_selected" else Article.Status.ARCHIVED
    assert {a.status for a in Article.objects.filter(pk__in=[a.pk for a in articles])} == {expected}


def test_bulk_delete_records_an_audit_entry_and_a_revision_per_article(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    articles = [draft(serang) for _ in range(2)]
    theirs = draft(cimahi)
    client = client_for(redaktur)

    data = {"action": "delete_selected", "select_across": "1", "index": "0", "post": "yes"}
    data["_selected_action"] = [str(articles[0].pk)]
    response = client.post(url("changelist"), data)

    assert response.status_code == 302
    assert not Article.objects.filter(pk__in=[a.pk for a in articles]).exists()
    assert Article.objects.filter(pk=theirs.pk).exists()
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)
    assert sorted(entries.values_list("headline", flat=True)) == sorted(a.headline for a in articles)
    assert {e.user for e in entries} == {redaktur}
    assert deleted_version_of(articles[0]) and deleted_version_of(articles[1])


def test_bulk_delete_is_refused_whole_when_one_article_is_not_the_users_to_delete(serang, cimahi):
    # Editor in Serang, writer in Cimahi: sees Cimahi's articles but may not delete them.
    user = staff_in_cities("campuran", (serang, Role.REDAKTUR), (cimahi, Role.PENULIS))
    ours, theirs = draft(serang), draft(cimahi)
    client = client_for(user)

    response = client.post(
        url("changelist"),
        {"action": "delete_selected", "index": "0", "post": "yes", "_selected_action": [ours.pk, theirs.pk]},
    )

    assert "error" in message_levels(response)
    assert Article.objects.filter(pk__in=[ours.pk, theirs.pk]).count() == 2
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_single_delete_records_an_audit_entry(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Akan dihapus")
    response = client_for(redaktur).post(url("delete", article.pk), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (entry.headline, entry.city, entry.user, entry.article) == ("Akan dihapus", serang, redaktur, None)
