"""Editing an article safely in the admin: workflow buttons that save the form first, autosave into the user's
own slot (and its recovery), who else has the article open, and a refused stale save merged so that saving it
again never undoes a colleague's change.

The browser side (the rich-text editor, leaving with unsaved changes, a closed tab) is in
``tests/browser/test_editing_safety.py``.
"""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import revisions
from articles.models import Article, AuditEntry, AutosavedDraft
from articles.transitions import TRANSITIONS
from cities.models import Role
from staff.sessions import SEEN_AT_KEY
from tests.factories import (
    article_data,
    change_data,
    client_for,
    draft,
    html,
    in_review,
    last_level,
    make_article,
    save_revision,
    staff,
    url,
)

pytestmark = pytest.mark.django_db


def rendered(response) -> dict:
    """What the browser posts from a re-rendered change form: the values the page shows, field by field."""
    return dict(response.context["adminform"].form.data.lists())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def autosave(client, article, **fields):
    """What the page sends while the form is open: the form as it is now."""
    target = url("autosave", article.pk) if article is not None else url("autosave_new")
    return client.post(target, fields)


# --- workflow buttons that save the form first ---------------------------------------------------------------


def test_save_and_submit_saves_the_edit_then_submits(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis, headline="Judul asal")
    client = client_for(penulis)

    response = client.post(
        url("change", article.pk),
        change_data(article, body="<p>Paragraf yang baru diketik.</p>", _transition="submit"),
    )

    assert response.status_code == 302 and response.url == url("change", article.pk)
    assert last_level(response) == "success"
    article.refresh_from_db()
    assert article.body == "<p>Paragraf yang baru diketik.</p>"
    assert article.status == Article.Status.REVIEW
    assert [e.action for e in AuditEntry.objects.filter(article=article)] == [AuditEntry.Action.SUBMIT]
    comments = [v.revision.get_comment() for v in revisions.versions_of(article)]
    assert len(comments) == 2  # the edit, then the step: each its own revision
    assert all(v.revision.user == penulis for v in revisions.versions_of(article))


def test_an_invalid_form_saves_nothing_does_no_step_and_keeps_what_was_typed(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis, headline="Judul asal")
    client = client_for(penulis)

    response = client.post(
        url("change", article.pk),
        change_data(article, headline="", body="<p>Teks yang tidak boleh hilang.</p>", _transition="submit"),
    )

    assert response.status_code == 200
    assert "headline" in response.context["adminform"].form.errors
    assert "Teks yang tidak boleh hilang." in html(response)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Judul asal", Article.Status.DRAFT)
    assert not revisions.versions_of(article).exists()
    assert not AuditEntry.objects.filter(article=article).exists()


def test_a_step_missing_what_it_asks_saves_nothing(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = in_review(serang, headline="Judul asal")
    client = client_for(redaktur)

    response = client.post(
        url("change", article.pk),
        change_data(article, headline="Judul baru", _transition="send_back", **{"send_back-reason": "  "}),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [e.code for e in form.non_field_errors().as_data()] == ["step_invalid"]
    (send_back,) = [b for b in response.context["workflow"]["buttons"] if b["action"] == "send_back"]
    assert send_back["form"].errors  # shown beside the step, with what was typed
    assert 'value="Judul baru"' in html(response)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Judul asal", Article.Status.REVIEW)


def test_a_step_refused_after_the_save_keeps_the_save_and_says_why(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = in_review(serang)
    client = client_for(redaktur)

    response = client.post(
        url("change", article.pk),
        change_data(article, body="<p>Bocoran slot gacor hari ini.</p>", _transition="publish"),
    )

    assert response.status_code == 302
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert "slot gacor" in article.body  # the save stays
    assert article.is_held and article.status == Article.Status.REVIEW  # the spam hold refused the step
    assert "spam" in messages_of(response)[-1].lower()


def test_a_step_the_role_may_not_take_keeps_the_save(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis)
    client = client_for(penulis)

    response = client.post(
        url("change", article.pk), change_data(article, headline="Judul baru", _transition="publish")
    )

    assert last_level(response) == "error"
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Judul baru", Article.Status.DRAFT)


def test_a_stale_form_with_a_step_is_refused_whole(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = in_review(serang, headline="Judul asal")
    data = change_data(article, body="<p>Suntingan saya.</p>", _transition="publish")
    save_revision(article, staff(serang, Role.REDAKTUR), headline="Judul rekan")

    response = client_for(redaktur).post(url("change", article.pk), data)

    assert response.status_code == 200 and response.context["conflict"]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.body != "<p>Suntingan saya.</p>"


def test_save_and_schedule_in_the_desk_citys_zone(makassar):
    redaktur = staff(makassar, Role.REDAKTUR)
    article = in_review(makassar)
    day = timezone.localdate() + datetime.timedelta(days=10)

    response = client_for(redaktur).post(
        url("change", article.pk),
        change_data(
            article,
            lead="Ringkasan baru.",
            _transition="schedule",
            **{"schedule-date": day.isoformat(), "schedule-time": "08:00"},
        ),
    )

    assert last_level(response) == "success"
    article.refresh_from_db()
    assert article.lead == "Ringkasan baru." and article.is_scheduled
    assert article.local_published_at.strftime("%H:%M") == "08:00"


@pytest.mark.parametrize("step", ["release_hold", "delete_everything"])
def test_steps_not_offered_with_a_save_are_refused_and_nothing_is_saved(serang, step):
    redaktur = staff(serang, Role.REDAKTUR)
    article = in_review(serang, headline="Judul asal")
    response = client_for(redaktur).post(
        url("change", article.pk), change_data(article, headline="Judul baru", _transition=step)
    )
    assert response.status_code == 404
    article.refresh_from_db()
    assert article.headline == "Judul asal"


def test_the_panel_offers_save_first_buttons_on_an_editable_form(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    own = draft(serang, author=penulis)

    page = client_for(redaktur).get(url("change", own.pk))

    buttons = {b["action"]: b for b in page.context["workflow"]["buttons"]}
    assert all(button["save_first"] for button in buttons.values())
    assert buttons["submit"]["label"] == TRANSITIONS["submit"].save_label
    content = html(page)
    assert 'form="article_form" name="_transition" value="submit"' in content
    assert 'name="schedule-date"' in content and 'form="article_form"' in content
    assert "data-confirm=" in content  # archiving asks first
    assert "data-unsaved-message" not in content  # no "your changes will be lost" any more
    # Enter in a field presses "Save", not the first workflow button.
    assert content.index('name="_save" hidden') < content.index('name="_transition"')


def test_a_read_only_article_keeps_the_steps_of_their_own(serang):
    penulis = staff(serang, Role.PENULIS)
    article = in_review(serang, author=penulis)

    page = client_for(penulis).get(url("change", article.pk))

    (withdraw,) = page.context["workflow"]["buttons"]
    assert withdraw["save_first"] is False
    assert f'action="{url("transition", article.pk, "withdraw")}"' in html(page)
    assert "_editing_page" not in html(page) and "data-autosave-url" not in html(page)


# --- autosave ------------------------------------------------------------------------------------------------


def test_autosave_keeps_the_text_in_the_users_slot_never_in_the_article(serang):
    penulis = staff(serang, Role.PENULIS)
    article = make_article(city=serang, cities=[serang], author=penulis, status=Article.Status.DRAFT)
    original = article.headline
    client = client_for(penulis)

    response = autosave(client, article, **change_data(article, headline="Judul yang sedang diketik"))

    assert response.status_code == 200 and response.json()["saved"] is True
    assert "WIB" in response.json()["message"]
    slot = AutosavedDraft.objects.get()
    assert (slot.article, slot.user, slot.version) == (article, penulis, article.version)
    assert slot.data["headline"] == ["Judul yang sedang diketik"]
    assert "csrfmiddlewaretoken" not in slot.data and "mentions-TOTAL_FORMS" not in slot.data
    article.refresh_from_db()
    assert article.headline == original
    assert not revisions.versions_of(article).exists()

    autosave(client, article, **change_data(article, headline="Diketik lagi"))
    assert AutosavedDraft.objects.get().data["headline"] == ["Diketik lagi"]  # one slot, kept current


def test_a_new_article_has_its_own_slot(serang):
    penulis = staff(serang, Role.PENULIS)
    client = client_for(penulis)

    autosave(client, None, **article_data(serang, headline="Berita yang belum disimpan"))

    slot = AutosavedDraft.objects.get()
    assert slot.article is None and slot.data["headline"] == ["Berita yang belum disimpan"]
    page = client.get(url("add"))
    assert page.context["editing"]["slot"] == slot
    assert "autosave-restore" in html(page)
    restored = client.get(url("add") + "?autosave=restore")
    assert restored.context["adminform"].form["headline"].value() == "Berita yang belum disimpan"

    client.post(url("add"), article_data(serang, headline="Berita yang belum disimpan"))
    assert Article.objects.filter(headline="Berita yang belum disimpan").exists()
    assert not AutosavedDraft.objects.exists()  # saved: the slot is spent


@pytest.mark.parametrize(
    ("role", "status", "own"),
    [
        (Role.PENULIS, Article.Status.REVIEW, True),  # in review: read-only for the writer
        (Role.PENULIS, Article.Status.DRAFT, False),  # a colleague's draft
        (Role.PENULIS, Article.Status.PUBLISHED, False),
    ],
)
def test_autosave_only_for_those_who_may_change_the_article(serang, role, status, own):
    user = staff(serang, role)
    author = user if own else staff(serang, Role.PENULIS)
    article = make_article(city=serang, cities=[serang], author=author, status=status)
    client = client_for(user)
    assert client.get(url("change", article.pk)).status_code == 200  # visible, read-only
    response = autosave(client, article, **change_data(article, headline="Tidak boleh"))
    assert response.status_code == 403
    assert not AutosavedDraft.objects.exists()


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR, Role.ADMIN])
def test_another_citys_article_answers_like_a_missing_one(serang, cimahi, role):
    client = client_for(staff(serang, role))
    article = draft(cimahi, author=staff(cimahi, Role.PENULIS))
    for name in ("autosave", "presence"):
        other = client.post(url(name, article.pk), {"headline": "x"})
        missing = client.post(url(name, article.pk + 10_000), {"headline": "x"})
        assert other.status_code == missing.status_code == 404
    assert not AutosavedDraft.objects.exists()


def test_the_endpoints_are_post_only_and_need_the_csrf_token(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis)
    assert client_for(penulis).get(url("autosave", article.pk)).status_code == 405
    assert client_for(penulis).get(url("presence", article.pk)).status_code == 405
    strict = client_for(penulis, enforce_csrf_checks=True)
    assert strict.post(url("autosave", article.pk), change_data(article)).status_code == 403
    assert not AutosavedDraft.objects.exists()


def test_a_user_never_sees_another_users_slot(serang):
    first, second = staff(serang, Role.REDAKTUR), staff(serang, Role.REDAKTUR)
    article = in_review(serang, headline="Judul asal")
    autosave(client_for(first), article, **change_data(article, headline="Teks rahasia redaktur pertama"))
    client = client_for(second)

    page = client.get(url("change", article.pk))
    assert page.context["editing"]["slot"] is None
    assert "Teks rahasia redaktur pertama" not in html(page)
    restored = client.get(url("change", article.pk) + "?autosave=restore")
    assert "Teks rahasia redaktur pertama" not in html(restored)

    autosave(client, article, **change_data(article, headline="Teks redaktur kedua"))
    client.post(url("autosave", article.pk), {"discard": "1"})  # discards only their own
    assert list(AutosavedDraft.objects.values_list("user", "data__headline")) == [
        (first.pk, ["Teks rahasia redaktur pertama"])
    ]


def test_opening_the_article_again_offers_the_text_and_restore_fills_the_form(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis, headline="Judul asal")
    client = client_for(penulis)
    autosave(client, article, **change_data(article, headline="Judul yang hilang", body="<p>Isi yang hilang.</p>"))

    page = client.get(url("change", article.pk))
    assert page.context["editing"]["slot"] is not None
    assert "WIB" in page.context["editing"]["slot_time"]
    assert "Judul yang hilang" not in html(page)  # only offered, not filled in

    restored = client.get(url("change", article.pk) + "?autosave=restore")
    form = restored.context["adminform"].form
    assert form["headline"].value() == "Judul yang hilang"
    assert form["body"].value() == "<p>Isi yang hilang.</p>"
    assert form["version"].value() == article.version
    assert restored.context["editing"]["unsaved"] is True  # leaving it asks first
    article.refresh_from_db()
    assert article.headline == "Judul asal"


def test_discard_empties_the_slot(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis)
    client = client_for(penulis)
    autosave(client, article, **change_data(article, headline="Buang saja"))

    response = client.post(url("autosave", article.pk), {"discard": "1"})

    assert response.status_code == 302 and response.url == url("change", article.pk)
    assert not AutosavedDraft.objects.exists()
    assert client.get(url("change", article.pk)).context["editing"]["slot"] is None


def test_a_save_empties_the_slot_and_the_saved_page_cannot_fill_it_again(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis)
    client = client_for(penulis)
    page = client.get(url("change", article.pk)).context["editing"]["page"]
    autosave(client, article, **change_data(article, headline="Hampir", _editing_page=page))
    assert AutosavedDraft.objects.exists()

    client.post(url("change", article.pk), change_data(article, headline="Tersimpan", _editing_page=page))
    assert not AutosavedDraft.objects.exists()

    # An autosave of that page still on its way arrives after the save: it is not kept.
    late = autosave(client, article, **change_data(article, headline="Tersimpan", _editing_page=page))
    assert late.json()["saved"] is False
    assert not AutosavedDraft.objects.exists()


def test_a_restored_text_typed_on_an_older_version_goes_through_the_conflict_check(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = draft(serang, author=penulis, headline="Judul asal")
    save_revision(article, penulis)
    client = client_for(penulis)
    autosave(client, article, **change_data(article, body="<p>Isi dari penulis.</p>"))
    save_revision(Article.objects.get(pk=article.pk), redaktur, headline="Judul dari redaktur")

    page = client.get(url("change", article.pk))
    assert page.context["editing"]["slot_older"] is True
    restored = client.get(url("change", article.pk) + "?autosave=restore")
    data = change_data(
        article, body="<p>Isi dari penulis.</p>", version=str(restored.context["adminform"].form["version"].value())
    )
    response = client.post(url("change", article.pk), data)

    assert response.status_code == 200 and response.context["conflict"]  # never saved over the editor's change
    response = client.post(url("change", article.pk), rendered(response))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.body) == ("Judul dari redaktur", "<p>Isi dari penulis.</p>")


def test_the_autosave_notice_costs_the_form_one_query_and_presence_none(serang):
    penulis = staff(serang, Role.PENULIS)
    article = draft(serang, author=penulis)
    client = client_for(penulis)
    client.get(url("change", article.pk))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("change", article.pk)).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    without_slot = queries()
    autosave(client, article, **change_data(article, headline="Diketik"))
    with_slot = queries()
    assert len(with_slot) == len(without_slot)
    assert sum("articles_autosaveddraft" in sql for sql in with_slot) == 1


# --- presence --------------------------------------------------------------------------------------------------


def test_the_form_names_who_else_has_the_article_open(serang):
    first, second = staff(serang, Role.REDAKTUR, "redaktur_satu"), staff(serang, Role.REDAKTUR, "redaktur_dua")
    article = in_review(serang)
    first_client, second_client = client_for(first), client_for(second)

    alone = first_client.get(url("change", article.pk))
    assert alone.context["editing"]["presence"] == ""

    page = second_client.get(url("change", article.pk))
    assert "redaktur_satu" in page.context["editing"]["presence"]
    assert "redaktur_satu" in html(page)

    beat = first_client.post(url("presence", article.pk))
    assert beat.json()["names"] == ["redaktur_dua"] and "redaktur_dua" in beat.json()["message"]


def test_presence_is_seen_across_workers(serang, settings, tmp_path):
    """Two workers share no memory: what one records, another reads from the shared cache (files without
    Redis), never from its own process's cache."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    first, second = staff(serang, Role.REDAKTUR, "redaktur_satu"), staff(serang, Role.REDAKTUR, "redaktur_dua")
    article = in_review(serang)
    second_client = client_for(second)
    second_client.get(url("change", article.pk))
    caches["default"].clear()  # the other worker's memory
    assert client_for(first).post(url("presence", article.pk)).json()["names"] == ["redaktur_dua"]


def test_presence_ends_by_itself_when_the_heartbeats_stop(serang):
    first, second = staff(serang, Role.REDAKTUR, "redaktur_satu"), staff(serang, Role.REDAKTUR, "redaktur_dua")
    article = in_review(serang)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first_client, second_client = client_for(first), client_for(second)
        second_client.get(url("change", article.pk))
        assert first_client.post(url("presence", article.pk)).json()["names"] == ["redaktur_dua"]
        clock.shift(datetime.timedelta(minutes=2))
        assert first_client.post(url("presence", article.pk)).json()["names"] == []


def test_a_reader_who_may_not_change_the_article_sees_editors_but_is_not_named(serang):
    penulis, redaktur = staff(serang, Role.PENULIS, "penulis_satu"), staff(serang, Role.REDAKTUR, "redaktur_satu")
    article = in_review(serang, author=penulis)
    reader, editor = client_for(penulis), client_for(redaktur)
    editor.get(url("change", article.pk))

    page = reader.get(url("change", article.pk))

    assert "redaktur_satu" in page.context["editing"]["presence"]
    assert editor.post(url("presence", article.pk)).json()["names"] == []


def test_a_heartbeat_is_not_activity_for_the_session(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = in_review(serang)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = client_for(redaktur)
        seen = client.session[SEEN_AT_KEY]
        clock.shift(datetime.timedelta(minutes=5))
        assert client.post(url("presence", article.pk)).status_code == 200
        assert client.session[SEEN_AT_KEY] == seen  # an open page alone does not keep the session alive
        client.get(reverse("admin:index"))
        assert client.session[SEEN_AT_KEY] > seen


# --- a refused save, merged -------------------------------------------------------------------------------------


@pytest.fixture
def two_editors(serang):
    """An article with a stored revision, opened by two editors at the same version."""
    first, second = staff(serang, Role.REDAKTUR, "redaktur_satu"), staff(serang, Role.REDAKTUR, "redaktur_dua")
    article = in_review(serang, headline="Judul asal", body="<p>Isi asal.</p>")
    save_revision(article, first)
    article.refresh_from_db()
    return article, client_for(first), client_for(second)


def test_saving_again_after_the_conflict_keeps_the_other_editors_headline(two_editors):
    article, first, second = two_editors
    first_form, second_form = change_data(article), change_data(article)
    assert (
        first.post(url("change", article.pk), {**first_form, "headline": "Judul dari redaktur satu"}).status_code == 302
    )

    refused = second.post(url("change", article.pk), {**second_form, "body": "<p>Isi dari redaktur dua.</p>"})
    assert refused.status_code == 200 and refused.context["conflict"]
    merge = refused.context["editing"]["merge"]
    assert (len(merge.taken), merge.both) == (1, [])  # the headline, taken from the other save

    response = second.post(url("change", article.pk), rendered(refused))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Judul dari redaktur satu"  # not silently put back
    assert article.body == "<p>Isi dari redaktur dua.</p>"


def test_a_field_both_changed_is_named_and_the_form_holds_the_users_version(two_editors):
    article, first, second = two_editors
    first.post(url("change", article.pk), change_data(article, lead="Ringkasan satu.", headline="Judul satu"))

    refused = second.post(url("change", article.pk), change_data(article, lead="Ringkasan dua."))

    merge = refused.context["editing"]["merge"]
    assert len(merge.both) == 1 and len(merge.taken) == 1  # the lead both changed; the headline only the other
    assert 'class="newsroom-conflict-both"' in html(refused)
    data = rendered(refused)
    assert data["lead"] == ["Ringkasan dua."] and data["headline"] == ["Judul satu"]


def test_resubmitting_without_merging_is_refused_again(two_editors):
    article, first, second = two_editors
    stale = change_data(article, body="<p>Isi dari redaktur dua.</p>")
    first.post(url("change", article.pk), change_data(article, headline="Judul dari redaktur satu"))
    refused = second.post(url("change", article.pk), stale)
    assert refused.status_code == 200

    again = second.post(url("change", article.pk), stale)  # the same old form once more

    assert again.status_code == 200 and again.context["conflict"]
    article.refresh_from_db()
    assert article.headline == "Judul dari redaktur satu"


def test_a_merge_against_a_version_that_moved_on_again_is_refused_again(two_editors):
    article, first, second = two_editors
    first.post(url("change", article.pk), change_data(article, headline="Judul satu"))
    refused = second.post(url("change", article.pk), change_data(article, body="<p>Isi dua.</p>"))
    merged = rendered(refused)
    assert merged["version"] == [str(Article.objects.get(pk=article.pk).version)]  # what it was merged against
    now = Article.objects.get(pk=article.pk)
    first.post(url("change", article.pk), change_data(now, headline="Judul satu lagi"))

    response = second.post(url("change", article.pk), merged)

    assert response.status_code == 200 and response.context["conflict"]
    article.refresh_from_db()
    assert article.headline == "Judul satu lagi"
    assert Version.objects.get_for_object(article).count() == 3


def test_the_merge_keeps_the_other_editors_tags_cities_and_ticked_boxes(two_editors, cimahi):
    article, first, second = two_editors
    second_form = change_data(article, lead="Ringkasan dua.")  # opened before the first save
    first_form = change_data(
        article, tags="pelayanan publik, banjir rob", cities=[str(article.city_id), str(cimahi.pk)]
    )
    del first_form["published_time_known"]  # unticked
    assert first.post(url("change", article.pk), first_form).status_code == 302

    refused = second.post(url("change", article.pk), second_form)
    assert refused.context["editing"]["merge"].both == []
    response = second.post(url("change", article.pk), rendered(refused))

    assert response.status_code == 302
    article.refresh_from_db()
    assert sorted(article.tags.names()) == ["banjir rob", "pelayanan publik"]
    assert set(article.cities.values_list("pk", flat=True)) == {article.city_id, cimahi.pk}
    assert article.published_time_known is False
    assert article.lead == "Ringkasan dua."
