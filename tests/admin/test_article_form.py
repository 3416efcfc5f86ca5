"""The article change form: two concurrent saves never silently overwrite each other, "save as new" makes the
user's own draft, the desk city and the choices offered stay within what the user may touch, and the body is
written in the rich-text editor with the sanitiser as the authority."""

import json
import re

import pytest
from django.utils import translation

from articles import revisions
from articles.forms import ArticleAdminForm
from articles.models import Article, AuditEntry
from cities.models import Role
from tests.factories import (
    article_data,
    autocomplete,
    change_data,
    client_for,
    draft,
    last_level,
    make_article,
    staff,
    staff_in_cities,
    superuser,
    url,
)

pytestmark = pytest.mark.django_db


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
    user = staff_in_cities("pindah", (serang, Role.REDAKTUR), (cimahi, Role.PENULIS))
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
