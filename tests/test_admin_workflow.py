"""The admin as the humas desk: the workflow buttons, bulk actions, revisions, conflicts, preview links, audit log,
staff accounts and the desk, each checked per role and for the user's own city against another city.

The model-level rules are tested in ``test_workflow.py``; here it is the doors of the admin. Assertions look at
statuses, the database and message levels, never at this project's (not yet translated) strings.
"""

import datetime
import json
import re
import zoneinfo

import pytest
import reversion
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from articles import revisions
from articles.forms import ArticleAdminForm
from articles.management.commands.create_staff import create_staff
from articles.models import Article, AuditEntry, PreviewLink
from articles.roles import GROUP_NAMES
from cities.models import Membership, Role
from tests.factories import make_article, make_city, make_user
from tests.test_admin import DJANGO_MISSING_OBJECT, PASSWORD, article_data, autocomplete, changelist_objects

pytestmark = pytest.mark.django_db

User = get_user_model()
MAKASSAR = zoneinfo.ZoneInfo("Asia/Makassar")
JAYAPURA = zoneinfo.ZoneInfo("Asia/Jayapura")


# --- fixtures and helpers ------------------------------------------------------------------------------------


@pytest.fixture
def serang():
    return make_city(short_name="Serang", name="Kota Serang", slug="serang")


@pytest.fixture
def cimahi():
    return make_city(short_name="Cimahi", name="Kota Cimahi", slug="cimahi")


@pytest.fixture
def makassar():
    return make_city(short_name="Makassar", name="Kota Makassar", slug="makassar", time_zone="Asia/Makassar")


@pytest.fixture
def jayapura():
    return make_city(short_name="Jayapura", name="Kota Jayapura", slug="jayapura", time_zone="Asia/Jayapura")


_names = iter(range(1, 10_000))


def staff(city, role, username=None):
    user, _created = create_staff(username or f"{role}{next(_names)}", city=city, role=role, password=PASSWORD)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def two_cities(username, *roles):
    """One account with a role in each of two cities (the last password set is the one logged in with)."""
    for city, role in roles:
        user, _created = create_staff(username, city=city, role=role, password=PASSWORD)
    return user


def superuser():
    return User.objects.create_superuser(f"super{next(_names)}", password=PASSWORD)


def draft(city, author=None, **fields):
    return make_article(city=city, cities=[city], author=author, status=Article.Status.DRAFT, **fields)


def in_review(city, author=None, **fields):
    return make_article(city=city, cities=[city], author=author, status=Article.Status.REVIEW, **fields)


def url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def transition(client, article, action, **data):
    return client.post(url("transition", article.pk, action), {"version": article.version, **data})


def message_levels(response) -> list[str]:
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def last_level(response) -> str:
    return message_levels(response)[-1]


def assert_answers_like_missing(client, response, make_response, article):
    """The response for another city's article is the one Django gives for an id that does not exist."""
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert DJANGO_MISSING_OBJECT in messages[-1]
    missing = make_response(article.pk + 10_000)
    assert missing.status_code == response.status_code and missing.url == response.url
    missing_messages = [str(m) for m in get_messages(missing.wsgi_request)]
    assert missing_messages[-1] == messages[-1].replace(str(article.pk), str(article.pk + 10_000))


def save_revision(article, user, **changes):
    with reversion.create_revision():
        for field, value in changes.items():
            setattr(article, field, value)
        article.save()
        reversion.set_user(user)


def change_data(article, **overrides):
    """What the change form posts for ``article`` as stored, with the version it was loaded with."""
    data = article_data(
        article.city,
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        cities=[str(c.pk) for c in article.cities.all()],
        tags=", ".join(article.tags.names()),
        version=str(article.version),
    )
    data.update(overrides)
    return data


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
        client, response, lambda pk: client.post(url("transition", pk, action), {"version": 1}), article
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
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktur)
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
    assert page.context["workflow"]["buttons"] == []
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


# --- bulk actions -----------------------------------------------------------------------------------------


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
    assert set(changelist.context["action_form"].fields["action"].choices) >= {("submit_selected", "")} or True
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
    user = two_cities("campuran", (serang, Role.REDAKTUR), (cimahi, Role.PENULIS))
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


# --- revisions: history, compare, restore, recover ---------------------------------------------------------


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
        client, client.get(url("history", article.pk)), lambda pk: client.get(url("history", pk)), article
    )
    assert_answers_like_missing(
        client,
        client.get(url("revision", article.pk, oldest.pk)),
        lambda pk: client.get(url("revision", pk, oldest.pk)),
        article,
    )
    compare = f"?old={oldest.pk}&new={newest.pk}"
    assert_answers_like_missing(
        client,
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


def deleted_version_of(article):
    """The version the recover views offer for a deleted ``article``."""
    return Version.objects.get_deleted(Article).get(object_id=str(article.pk))


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


# --- conflicts: no silent last write wins ------------------------------------------------------------------


def open_form(client, article) -> dict:
    """The data of the change form as the browser would post it, from the rendered form."""
    response = client.get(url("change", article.pk))
    form = response.context["adminform"].form
    data = change_data(article)
    data["version"] = form["version"].value()
    return data


def test_the_later_of_two_concurrent_saves_is_refused_and_shows_what_changed(serang):
    first_user, second_user = staff(serang, Role.REDAKTUR), staff(serang, Role.REDAKTUR)
    first, second = client_for(first_user), client_for(second_user)
    first.post(url("add"), article_data(serang, headline="Judul asal", body="<p>Isi asal.</p>"))
    article = Article.objects.get()

    first_form, second_form = open_form(first, article), open_form(second, article)
    response = first.post(url("change", article.pk), {**first_form, "headline": "Judul dari redaktur pertama"})
    assert response.status_code == 302

    response = second.post(
        url("change", article.pk), {**second_form, "body": "<p>Teks yang diketik redaktur kedua.</p>"}
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [e.code for e in form.non_field_errors().as_data()] == ["conflict"]
    changes = response.context["conflict"].changes
    assert [c.name for c in changes] == ["headline"]
    content = response.content.decode()
    assert "<ins>pertama</ins>" in content or "<ins>dari redaktur pertama</ins>" in content
    assert "Teks yang diketik redaktur kedua." in content  # the refused text stays in the form
    assert response.context["conflict"].saved_by[0].who == first_user.username
    article.refresh_from_db()
    assert article.headline == "Judul dari redaktur pertama"
    assert article.body == "<p>Isi asal.</p>"
    # No revision was stored for the refused save.
    assert revisions.versions_of(article).count() == 2

    # Saving again after reading the changes is a deliberate choice, and goes through.
    assert form["version"].value() == str(article.version)
    response = second.post(
        url("change", article.pk),
        {**second_form, "version": str(article.version), "body": "<p>Teks yang diketik redaktur kedua.</p>"},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Teks yang diketik redaktur kedua.</p>"


def test_conflict_without_a_stored_revision_lists_the_differing_fields(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Tanpa revisi")  # made outside the admin: no revision stored
    client = client_for(redaktur)
    data = open_form(client, article)
    Article.objects.get(pk=article.pk).save()  # saved elsewhere: the version moves on

    response = client.post(url("change", article.pk), {**data, "headline": "Judul saya"})

    assert response.status_code == 200
    assert response.context["conflict"].changes is None
    with translation.override("id"):
        expected = str(Article._meta.get_field("headline").verbose_name).lower()
    assert expected in [str(label).lower() for label in response.context["conflict"].differing_fields]
    article.refresh_from_db()
    assert article.headline == "Tanpa revisi"


def test_a_save_racing_past_the_form_check_is_refused_by_the_lock(serang, monkeypatch):
    """Should two saves pass the form's check at the same moment, the version lock still refuses the later."""
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Asli")
    data = change_data(article, headline="Terlambat")
    Article.objects.get(pk=article.pk).save()  # the other save wins the race
    monkeypatch.setattr(ArticleAdminForm, "clean", lambda form: form.cleaned_data)  # as if both passed the check

    response = client_for(redaktur).post(url("change", article.pk), data)

    assert response.status_code == 302 and response.url == url("change", article.pk)
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.headline == "Asli"
    assert not revisions.versions_of(article).exists()


def test_a_change_without_the_version_is_refused(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Asli")
    data = change_data(article, headline="Tanpa versi")
    del data["version"]
    response = client_for(redaktur).post(url("change", article.pk), data)
    assert response.status_code == 200
    assert [e.code for e in response.context["adminform"].form.non_field_errors().as_data()] == ["version_missing"]
    article.refresh_from_db()
    assert article.headline == "Asli"


# --- save as new, moving the desk city, choices -------------------------------------------------------------


def test_save_as_new_makes_the_users_own_draft_in_their_city(serang, cimahi):
    redaktur = staff(serang, Role.REDAKTUR)
    original = make_article(city=serang, cities=[serang], headline="Asli", review_note="x")
    client = client_for(redaktur)
    data = change_data(original, headline="Salinan", slug="salinan", _saveasnew="1")

    refused = client.post(url("change", original.pk), {**data, "city": str(cimahi.pk)})
    assert refused.status_code == 200
    assert "city" in refused.context["adminform"].form.errors
    assert not Article.objects.filter(slug="salinan").exists()

    response = client.post(url("change", original.pk), data)

    assert response.status_code == 302
    copy = Article.objects.get(slug="salinan")
    assert (copy.status, copy.published_at, copy.author, copy.city, copy.review_note) == (
        Article.Status.DRAFT,
        None,
        redaktur,
        serang,
        "",
    )
    assert AuditEntry.objects.filter(article=copy, action=AuditEntry.Action.CREATE, user=redaktur).exists()
    original.refresh_from_db()
    assert original.headline == "Asli" and original.is_published


def test_moving_an_article_to_a_city_where_the_user_may_not_change_it_is_refused(serang, cimahi):
    user = two_cities("pindah", (serang, Role.REDAKTUR), (cimahi, Role.PENULIS))
    article = make_article(city=serang, cities=[serang], headline="Terbit di Serang")

    response = client_for(user).post(url("change", article.pk), change_data(article, city=str(cimahi.pk)))

    assert response.status_code == 200
    assert [e.code for e in response.context["adminform"].form.errors.as_data()["city"]] == ["city_not_allowed"]
    article.refresh_from_db()
    assert article.city == serang


def test_pinned_related_offers_only_visible_articles(serang, cimahi):
    penulis = staff(serang, Role.PENULIS)
    own = draft(serang, author=penulis, headline="Draf saya")
    neighbour = make_article(city=serang, cities=[serang], headline="Berita Serang lain")
    make_article(city=cimahi, cities=[cimahi], headline="Berita Cimahi")
    client = client_for(penulis)

    assert autocomplete(client, "pinned_related", "lain") == {"Berita Serang lain"}
    assert autocomplete(client, "pinned_related", "cimahi") == set()
    page = client.get(url("change", own.pk))
    assert set(page.context["adminform"].form.fields["pinned_related"].queryset) == {neighbour}

    theirs = Article.objects.get(headline="Berita Cimahi")
    response = client.post(url("change", own.pk), change_data(own, pinned_related=[str(theirs.pk)]))
    assert response.status_code == 200
    assert "pinned_related" in response.context["adminform"].form.errors
    assert not own.pinned_related.exists()


def test_reference_choices_stay_public_and_desk_city_stays_own(serang, cimahi):
    client = client_for(staff(serang, Role.REDAKTUR))
    assert autocomplete(client, "city") == {"Kota Serang"}
    assert autocomplete(client, "dateline_city") == {"Kota Serang", "Kota Cimahi"}
    assert autocomplete(client, "cities") == {"Kota Serang", "Kota Cimahi"}


def test_changelist_filters_cannot_reach_another_city(serang, cimahi):
    client = client_for(staff(serang, Role.REDAKTUR))
    make_article(city=cimahi, cities=[cimahi], headline="Cimahi")
    for params in ({"city__id__exact": cimahi.pk}, {"q": "Cimahi"}, {"o": "1"}, {"status__exact": "published"}):
        response = client.get(url("changelist"), params)
        assert response.status_code == 200
        assert all(a.city_id == serang.pk for a in changelist_objects(response)), params


def test_view_on_site_redirect_is_scoped(serang, cimahi):
    client = client_for(staff(serang, Role.PENULIS))
    ours = make_article(city=serang, cities=[serang])
    theirs = make_article(city=cimahi, cities=[cimahi])
    content_type = ContentType.objects.get_for_model(Article)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, ours.pk]))
    assert response.status_code == 302 and response.url.endswith(ours.get_absolute_url())
    assert client.get(reverse("admin:view_on_site", args=[content_type.pk, theirs.pk])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[content_type.pk, "x"])).status_code == 404


# --- preview links ----------------------------------------------------------------------------------------


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
    assert Client().get(link.get_absolute_url()).status_code == 404
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
    link = PreviewLink.issue(article, by=article.author, recipient="Sekda")
    client = client_for(staff(serang, role))

    assert_answers_like_missing(
        client, issue(client, article), lambda pk: client.post(url("preview_issue", pk)), article
    )
    response = client.post(url("preview_revoke", article.pk, link.pk))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    link.refresh_from_db()
    assert link.is_active
    assert PreviewLink.objects.count() == 1


def test_revoking_a_link_of_another_article_is_a_404(serang):
    penulis = staff(serang, Role.PENULIS)
    article, other = draft(serang, author=penulis), draft(serang, author=penulis)
    link = PreviewLink.issue(other, by=penulis)
    assert client_for(penulis).post(url("preview_revoke", article.pk, link.pk)).status_code == 404


# --- audit log --------------------------------------------------------------------------------------------


def audit_url(name="changelist", *args):
    return reverse(f"admin:articles_auditentry_{name}", args=args)


@pytest.fixture
def audited(serang, cimahi):
    ours, theirs = draft(serang, headline="Audit Serang"), draft(cimahi, headline="Audit Cimahi")
    AuditEntry.record(ours, AuditEntry.Action.SUBMIT, staff(serang, Role.PENULIS))
    AuditEntry.record(ours, AuditEntry.Action.PUBLISH, staff(serang, Role.REDAKTUR))
    AuditEntry.record(theirs, AuditEntry.Action.PUBLISH, staff(cimahi, Role.REDAKTUR))
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
        AuditEntry.record(draft(serang), AuditEntry.Action.SUBMIT, staff(serang, Role.PENULIS))
    client = client_for(admin_kota)
    with django_assert_max_num_queries(AUDIT_CHANGELIST_QUERIES):
        response = client.get(audit_url())
    assert len(changelist_objects(response)) == rows


# Session, user, permissions ×2, memberships, filters (city, user), count ×2, rows, date hierarchy ×2.
AUDIT_CHANGELIST_QUERIES = 13


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


# --- rich text --------------------------------------------------------------------------------------------


def test_body_uses_the_prose_editor_with_local_assets_only(serang):
    article = draft(serang)
    content = client_for(superuser()).get(url("change", article.pk)).content.decode()

    assert "data-django-prose-editor-configurable" in content
    config = json.loads(
        re.search(r'data-django-prose-editor-configurable="([^"]*)"', content).group(1).replace("&quot;", '"')
    )
    assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}
    assert {"Bold", "Italic", "Link", "BulletList", "OrderedList", "Blockquote", "Table"} <= set(config["extensions"])
    importmap = json.loads(re.search(r'<script type="importmap">(.*?)</script>', content, re.S).group(1))
    urls = [*importmap["imports"].values()]
    urls += re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', content)
    editor_urls = [u for u in urls if "prose" in u]
    assert editor_urls and all(u.startswith("/static/") for u in editor_urls)
    # Nothing on the page comes from another host (the admin's own jsi18n is a local view).
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls


def test_the_sanitiser_stays_the_authority(serang):
    client = client_for(staff(serang, Role.REDAKTUR))
    body = '<h1>Judul</h1><p onclick="x()">Isi <a href="javascript:alert(1)">tautan</a></p><script>x()</script>'
    client.post(url("add"), article_data(serang, body=body))
    stored = Article.objects.get().body
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored


def test_an_empty_editor_body_is_refused(serang):
    response = client_for(staff(serang, Role.REDAKTUR)).post(url("add"), article_data(serang, body="<p></p>"))
    assert response.status_code == 200
    assert [e.code for e in response.context["adminform"].form.errors.as_data()["body"]] == ["required"]


# --- the desk ---------------------------------------------------------------------------------------------


def fill_desk(city, penulis, count):
    for n in range(count):
        draft(city, author=penulis, review_note="Perbaiki judul." if n == 0 else "")
        in_review(city, author=penulis)
        make_article(city=city, cities=[city], status=Article.Status.PUBLISHED)
        make_article(
            city=city,
            cities=[city],
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + datetime.timedelta(days=n + 1),
        )


def test_desk_shows_the_users_cities(serang, cimahi):
    penulis = staff(serang, Role.PENULIS)
    fill_desk(serang, penulis, 2)
    make_article(city=cimahi, cities=[cimahi], headline="Cimahi terbit")
    draft(cimahi, headline="Cimahi draf")

    response = client_for(penulis).get(reverse("admin:index"))

    desk = response.context["desk"]
    assert len(desk["my_drafts"]) == 2 and desk["my_drafts"][0].review_note == "Perbaiki judul."
    assert len(desk["awaiting_review"]) == 2
    assert len(desk["scheduled"]) == 2 and all(a.is_scheduled for a in desk["scheduled"])
    assert len(desk["recently_published"]) == 2
    assert all(a.city == serang for key in ("awaiting_review", "scheduled", "recently_published") for a in desk[key])
    content = response.content.decode()
    assert "Perbaiki judul." in content
    assert "Cimahi" not in content.split('id="desk-recently-published"')[1].split("</section>")[0]
    assert 'id="content-main"' in content and "app-articles" in content  # the app list follows


@pytest.mark.parametrize("count", [2, 12])
def test_desk_query_count_is_flat(serang, django_assert_max_num_queries, count):
    penulis = staff(serang, Role.PENULIS)
    fill_desk(serang, penulis, count)
    client = client_for(penulis)
    with django_assert_max_num_queries(DESK_QUERIES):
        response = client.get(reverse("admin:index"))
    assert response.context["desk"]["counts"]["review"] == count


# Session, user, permissions ×2, memberships, the counts (one aggregate), the four lists, the recent actions.
DESK_QUERIES = 11


def test_no_desk_for_staff_without_article_permissions(db):
    user = make_user(is_staff=True)
    response = client_for(user).get(reverse("admin:index"))
    assert response.context["desk"] is None


# --- staff accounts ---------------------------------------------------------------------------------------


def user_url(name="changelist", *args):
    return reverse(f"admin:auth_user_{name}", args=args)


def new_staff_data(city, **overrides):
    data = {
        "username": "penulis_baru",
        "password1": "Kata-sandi-baru-123",
        "password2": "Kata-sandi-baru-123",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@example.org",
        "city": str(city.pk),
        "role": Role.PENULIS,
    }
    data.update(overrides)
    return data


def test_city_admin_creates_a_staff_account_for_their_city(serang, cimahi):
    client = client_for(staff(serang, Role.ADMIN))

    assert client.post(user_url("add"), new_staff_data(cimahi)).status_code == 200
    response = client.post(user_url("add"), new_staff_data(serang, role=Role.ADMIN))
    assert "role" in response.context["adminform"].form.errors
    response = client.post(
        user_url("add"), new_staff_data(serang, is_superuser="on", groups=["1"], user_permissions=["1"])
    )

    assert response.status_code == 302
    user = User.objects.get(username="penulis_baru")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert not user.user_permissions.exists()
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.PENULIS]]
    assert list(Membership.objects.filter(user=user).values_list("city", "role")) == [(serang.pk, Role.PENULIS)]
    assert user.check_password("Kata-sandi-baru-123")


def test_city_admin_sees_and_deactivates_only_their_citys_staff(serang, cimahi):
    admin_kota = staff(serang, Role.ADMIN, "admin_serang")
    ours = staff(serang, Role.PENULIS, "penulis_serang")
    theirs = staff(cimahi, Role.PENULIS, "penulis_cimahi")
    superuser()
    client = client_for(admin_kota)

    response = client.get(user_url())
    assert {u.username for u in changelist_objects(response)} == {"admin_serang", "penulis_serang"}
    assert client.get(user_url(), {"q": "cimahi"}).context["cl"].result_count == 0

    response = client.get(user_url("change", theirs.pk))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert client.get(user_url("password_change", theirs.pk)).status_code == 404

    page = client.get(user_url("change", ours.pk))
    assert set(page.context["adminform"].form.fields) == {"first_name", "last_name", "email", "is_active"}
    response = client.post(
        user_url("change", ours.pk),
        {"first_name": "Baru", "last_name": "", "email": "", "is_superuser": "on", "is_staff": "", "groups": ["1"]},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.first_name, ours.is_active, ours.is_staff, ours.is_superuser) == ("Baru", False, True, False)

    client.post(user_url(), {"action": "deactivate_selected", "index": "0", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.is_active


def test_city_admin_resets_a_staff_password_of_their_city(serang):
    client = client_for(staff(serang, Role.ADMIN))
    ours = staff(serang, Role.REDAKTUR)
    response = client.post(
        user_url("password_change", ours.pk),
        {"password1": "Sandi-baru-yang-kuat-9", "password2": "Sandi-baru-yang-kuat-9", "usable_password": "true"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.check_password("Sandi-baru-yang-kuat-9")


def test_city_admin_cannot_change_staff_who_also_work_elsewhere_or_other_admins(serang, cimahi):
    admin_kota = staff(serang, Role.ADMIN)
    shared = two_cities("berbagi", (serang, Role.PENULIS), (cimahi, Role.PENULIS))
    fellow_admin = staff(serang, Role.ADMIN)
    client = client_for(admin_kota)

    for user in (shared, fellow_admin):
        page = client.get(user_url("change", user.pk))
        assert page.status_code == 200 and page.context["has_change_permission"] is False
        assert client.post(user_url("change", user.pk), {"is_active": ""}).status_code == 403
        user.refresh_from_db()
        assert user.is_active
    # Only their role in Serang is shown.
    page = client.get(user_url("change", shared.pk))
    assert "Serang" in page.content.decode() and "Cimahi" not in page.content.decode()


def test_city_admin_cannot_deactivate_themselves(serang):
    admin_kota = staff(serang, Role.ADMIN)
    client = client_for(admin_kota)
    response = client.post(user_url("change", admin_kota.pk), {"first_name": "", "last_name": "", "email": ""})
    assert response.status_code == 200
    admin_kota.refresh_from_db()
    assert admin_kota.is_active


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR])
def test_writers_and_editors_have_no_user_admin(serang, role):
    client = client_for(staff(serang, role))
    assert client.get(user_url()).status_code == 403
    assert client.get(user_url("add")).status_code == 403


def test_membership_choices_hide_staff_of_other_cities(serang, cimahi):
    client = client_for(staff(serang, Role.ADMIN))
    staff(cimahi, Role.PENULIS, "orang_cimahi")
    unassigned = make_user("belum_ditugaskan", is_staff=True)
    page = client.get(reverse("admin:cities_membership_add"))
    users = {u.username for u in page.context["adminform"].form.fields["user"].queryset}
    assert "orang_cimahi" not in users and unassigned.username in users
    roles = {value for value, _label in page.context["adminform"].form.fields["role"].choices if value}
    assert roles == {Role.PENULIS, Role.REDAKTUR}


def test_superuser_has_the_full_user_admin(serang):
    client = client_for(superuser())
    staff(serang, Role.PENULIS, "siapa_saja")
    response = client.get(user_url())
    assert "siapa_saja" in {u.username for u in changelist_objects(response)}
    page = client.get(user_url("change", User.objects.get(username="siapa_saja").pk))
    assert "is_superuser" in page.context["adminform"].form.fields
