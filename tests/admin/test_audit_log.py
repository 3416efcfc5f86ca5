"""The audit log: a city admin reads their own city's entries only, nobody changes them, writers and editors do
not see the log, and its changelist costs the same number of queries for 3 rows as for 15."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import AuditEntry
from cities.models import Role
from tests.factories import changelist_objects, client_for, draft, staff, superuser, transition, url

pytestmark = pytest.mark.django_db


def audit_url(name="changelist", *args):
    return url(name, *args, model="articles_auditentry")


@pytest.fixture
def audited(serang, cimahi):
    ours, theirs = draft(serang, headline="Audit Serang"), draft(cimahi, headline="Audit Cimahi")
    workflow.audit(ours, AuditEntry.Action.SUBMIT, staff(serang, Role.PENULIS))
    workflow.audit(ours, AuditEntry.Action.PUBLISH, staff(serang, Role.REDAKTUR))
    workflow.audit(theirs, AuditEntry.Action.PUBLISH, staff(cimahi, Role.REDAKTUR))
    return ours, theirs


def test_city_admin_reads_the_audit_log_of_their_city_only(serang, cimahi, audited):
    ours, theirs = audited
    client = client_for(staff(serang, Role.ADMIN))

    response = client.get(audit_url())
    assert response.status_code == 200
    assert {e.headline for e in changelist_objects(response)} == {"Audit Serang"}

    response = client.get(audit_url(), {"action__exact": "publish"})
    assert [e.action for e in changelist_objects(response)] == ["publish"]
    response = client.get(audit_url(), {"city__id__exact": cimahi.pk})
    assert {e.city for e in changelist_objects(response)} <= {serang}
    entry = AuditEntry.objects.filter(article=ours).first()
    response = client.get(audit_url(), {"user__id__exact": entry.user_id})
    assert [e.pk for e in changelist_objects(response)] == [entry.pk]
    day = timezone.localtime(entry.at)
    response = client.get(audit_url(), {"at__year": day.year, "at__month": day.month, "at__day": day.day})
    assert len(changelist_objects(response)) == 2
    response = client.get(audit_url(), {"article__id__exact": ours.pk})
    assert len(changelist_objects(response)) == 2

    theirs_entry = AuditEntry.objects.get(article=theirs)
    assert client.get(audit_url("change", theirs_entry.pk), follow=True).redirect_chain[-1][0] == reverse("admin:index")
    page = client.get(audit_url("change", entry.pk))
    assert page.status_code == 200 and page.context["has_change_permission"] is False


def test_audit_log_is_read_only(serang, audited):
    client = client_for(staff(serang, Role.ADMIN))
    entry = AuditEntry.objects.filter(city=serang).first()
    assert client.get(audit_url("add")).status_code == 403
    assert client.post(audit_url("change", entry.pk), {"note": "diubah"}).status_code == 403
    assert client.post(audit_url("delete", entry.pk), {"post": "yes"}).status_code == 403
    response = client.post(audit_url(), {"action": "delete_selected", "index": "0", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.note == ""
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR])
def test_writers_and_editors_do_not_read_the_audit_log(serang, audited, role):
    assert client_for(staff(serang, role)).get(audit_url()).status_code == 403


def test_superuser_reads_the_whole_audit_log(audited):
    response = client_for(superuser()).get(audit_url())
    assert {e.headline for e in changelist_objects(response)} == {"Audit Serang", "Audit Cimahi"}


@pytest.mark.parametrize("rows", [3, 15])
def test_audit_log_query_count_is_flat(serang, django_assert_max_num_queries, rows):
    admin_kota = staff(serang, Role.ADMIN)
    for _ in range(rows):
        workflow.audit(draft(serang), AuditEntry.Action.SUBMIT, staff(serang, Role.PENULIS))
    client = client_for(admin_kota)
    with django_assert_max_num_queries(AUDIT_CHANGELIST_QUERIES):
        response = client.get(audit_url())
    assert len(changelist_objects(response)) == rows


# Session, user, the second factor's device, permissions ×2, memberships, filters (city, user), count ×2, rows,
# date hierarchy ×2.
AUDIT_CHANGELIST_QUERIES = 14


def test_article_page_shows_its_audit_trail_newest_first(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang)
    client = client_for(redaktur)
    transition(client, article, "publish")
    article.refresh_from_db()
    transition(client, article, "unpublish")

    page = client.get(url("change", article.pk))
    assert [row.what for row in page.context["audit_trail"]] == [
        AuditEntry.Action.UNPUBLISH.label,
        AuditEntry.Action.PUBLISH.label,
    ]
    assert page.context["audit_log_url"] == ""  # an editor has no audit log to link to
