"""The workflow panel of the article change page: its buttons per role, for the user's own city against another
city, the refusals (with an error message and nothing changed), and scheduling in the desk city's time zone.

The model-level rules are tested in ``tests/articles/test_workflow.py``; here it is the doors of the admin.
Assertions look at statuses, the database and message levels rather than at the wording of messages.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEntry
from cities.models import Role
from tests.factories import (
    assert_answers_like_missing,
    client_for,
    draft,
    in_review,
    last_level,
    make_article,
    save_revision,
    staff,
    superuser,
    transition,
    url,
)

pytestmark = pytest.mark.django_db

MAKASSAR = zoneinfo.ZoneInfo("Asia/Makassar")
JAYAPURA = zoneinfo.ZoneInfo("Asia/Jayapura")


# --- the workflow buttons: role × city --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "action", "start", "end"),
    [
        (Role.PENULIS, "submit", Article.Status.DRAFT, Article.Status.REVIEW),
        (Role.REDAKTUR, "publish", Article.Status.REVIEW, Article.Status.PUBLISHED),
        (Role.ADMIN, "publish", Article.Status.DRAFT, Article.Status.PUBLISHED),
        (Role.REDAKTUR, "unpublish", Article.Status.PUBLISHED, Article.Status.UNPUBLISHED),
        (Role.REDAKTUR, "archive", Article.Status.UNPUBLISHED, Article.Status.ARCHIVED),
        (Role.ADMIN, "reopen", Article.Status.ARCHIVED, Article.Status.DRAFT),
        ("superuser", "publish", Article.Status.DRAFT, Article.Status.PUBLISHED),
    ],
)
def test_transition_in_own_city(serang, role, action, start, end):
    user = superuser() if role == "superuser" else staff(serang, role)
    article = make_article(city=serang, cities=[serang], author=user, status=start)
    client = client_for(user)

    response = transition(client, article, action)

    assert response.status_code == 302
    assert response.url == url("change", article.pk)
    assert last_level(response) == "success"
    article.refresh_from_db()
    assert article.status == end
    assert AuditEntry.objects.filter(article=article, user=user).exists()
    assert Version.objects.get_for_object(article).first().revision.user == user


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR, Role.ADMIN])
@pytest.mark.parametrize("action", ["submit", "publish", "archive"])
def test_transition_on_another_citys_article_answers_like_a_missing_one(serang, cimahi, role, action):
    client = client_for(staff(serang, role))
    article = draft(cimahi, author=staff(cimahi, Role.PENULIS))

    response = transition(client, article, action)

    assert_answers_like_missing(
        response, lambda pk: client.post(url("transition", pk, action), {"version": 1}), article
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not AuditEntry.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("publish", Article.Status.REVIEW),  # a writer may not publish
        ("send_back", Article.Status.REVIEW),
        ("submit", Article.Status.DRAFT),  # someone else's draft
        ("archive", Article.Status.DRAFT),
    ],
)
def test_penulis_is_refused_with_an_error_and_nothing_changes(serang, action, status):
    penulis = staff(serang, Role.PENULIS)
    article = make_article(city=serang, cities=[serang], author=staff(serang, Role.PENULIS), status=status)

    response = transition(client_for(penulis), article, action, **{"send_back-reason": "Cek lagi."})

    assert response.status_code == 302
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.status == status
    assert not AuditEntry.objects.filter(article=article).exists()


def test_invalid_transition_is_refused_with_an_error(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang)
    response = transition(client_for(redaktur), article, "unpublish")
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_transitions_are_post_only_and_known(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang)
    client = client_for(redaktur)
    assert client.get(url("transition", article.pk, "publish")).status_code == 405
    assert transition(client, article, "delete_everything").status_code == 404
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_transitions_need_the_csrf_token(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang)
    client = client_for(redaktur, enforce_csrf_checks=True)
    assert transition(client, article, "publish").status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_transition_from_a_stale_page_is_refused(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = in_review(serang)
    stale_version = article.version
    save_revision(article, redaktur, headline="Diubah orang lain")

    response = client_for(redaktur).post(url("transition", article.pk, "publish"), {"version": stale_version})

    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_send_back_needs_a_reason_and_the_writer_sees_it(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = draft(serang, author=penulis)
    assert transition(client_for(penulis), article, "submit").status_code == 302
    article.refresh_from_db()
    editor = client_for(redaktur)

    response = transition(editor, article, "send_back", **{"send_back-reason": "   "})
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    response = transition(editor, article, "send_back", **{"send_back-reason": "Kutipan Sekda perlu dicek."})
    assert last_level(response) == "success"
    article.refresh_from_db()
    assert (article.status, article.review_note) == (Article.Status.DRAFT, "Kutipan Sekda perlu dicek.")

    page = client_for(penulis).get(url("change", article.pk))
    assert page.context["has_change_permission"] is True  # back in the writer's hands
    assert page.context["workflow"]["review_note"] == "Kutipan Sekda perlu dicek."
    assert 'class="newsroom-review-note"' in page.content.decode()
    assert "Kutipan Sekda perlu dicek." in page.content.decode()


def test_correction_through_the_admin(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang, cities=[serang])
    response = transition(client_for(redaktur), article, "correct", **{"correct-note": "Nama kelurahan diperbaiki."})
    assert last_level(response) == "success"
    assert list(article.corrections.values_list("note", flat=True)) == ["Nama kelurahan diperbaiki."]


def test_buttons_follow_available_actions(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    own = draft(serang, author=penulis)
    page = client_for(penulis).get(url("change", own.pk))
    assert [b["action"] for b in page.context["workflow"]["buttons"]] == ["submit"]

    page = client_for(redaktur).get(url("change", own.pk))
    assert [b["action"] for b in page.context["workflow"]["buttons"]] == ["submit", "publish", "schedule", "archive"]

    live = make_article(city=serang, cities=[serang])
    page = client_for(redaktur).get(url("change", live.pk))
    # No "publish now" for a live article: it would only move its time.
    assert [b["action"] for b in page.context["workflow"]["buttons"]] == ["schedule", "unpublish", "correct", "archive"]


def test_own_article_in_review_is_read_only_for_the_writer(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis, body="<p>Isi <strong>tebal</strong>.</p>")
    client = client_for(penulis)
    transition(client, article, "submit")

    page = client.get(url("change", article.pk))

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    # Only to take it back, to go on writing (tests/articles/test_workflow_table.py).
    assert [button["action"] for button in page.context["workflow"]["buttons"]] == ["withdraw"]
    assert page.context["workflow"]["in_review"] is True
    content = page.content.decode()
    assert 'name="_save"' not in content
    assert "<strong>tebal</strong>" in content  # the body reads as text, not as escaped HTML


# --- time zones -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("city_fixture", "zone", "label", "utc_time"),
    [
        ("makassar", MAKASSAR, "WITA", (0, 0)),  # 08:00 WITA is midnight UTC
        ("jayapura", JAYAPURA, "WIT", (23, -1)),  # 08:00 WIT is 23:00 UTC the day before
    ],
)
def test_schedule_is_entered_and_shown_in_the_desk_citys_zone(request, city_fixture, zone, label, utc_time):
    city = request.getfixturevalue(city_fixture)
    redaktur = staff(city, Role.REDAKTUR)
    article = in_review(city)
    client = client_for(redaktur)
    day = timezone.localdate(timezone=zone) + datetime.timedelta(days=30)

    page = client.get(url("change", article.pk))
    (schedule,) = [b for b in page.context["workflow"]["buttons"] if b["action"] == "schedule"]
    assert label in str(schedule["form"]["date"].label) and label in str(schedule["form"]["time"].label)
    assert f"({label})" in page.content.decode()

    response = transition(client, article, "schedule", **{"schedule-date": day.isoformat(), "schedule-time": "08:00"})

    assert last_level(response) == "success"
    article.refresh_from_db()
    assert article.published_at == datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=zone)
    in_utc = article.published_at.astimezone(datetime.UTC)
    assert (in_utc.hour, (in_utc.date() - day).days) == utc_time
    assert article.is_scheduled
    assert AuditEntry.objects.get(article=article).action == AuditEntry.Action.SCHEDULE

    page = client.get(url("change", article.pk))
    assert f"08:00 {label}" in page.context["workflow"]["published"]
    assert f"08:00 {label}" in page.content.decode()
    assert page.context["workflow"]["buttons"][1]["form"]["time"].value().strftime("%H:%M") == "08:00"
    desk = client.get(reverse("admin:index"))
    assert f"08:00 {label}" in desk.content.decode()
    assert article in desk.context["desk"]["scheduled"]

    # At its local minute it is public, and not a minute before.
    with time_machine.travel(article.published_at - datetime.timedelta(minutes=1), tick=False):
        assert Client().get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(article.published_at, tick=False):
        assert Client().get(article.get_absolute_url()).status_code == 200


def test_schedule_in_the_past_is_refused(makassar):
    redaktur = staff(makassar, Role.REDAKTUR)
    article = in_review(makassar)
    response = transition(
        client_for(redaktur), article, "schedule", **{"schedule-date": "2020-03-01", "schedule-time": "08:00"}
    )
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.REVIEW, None)
