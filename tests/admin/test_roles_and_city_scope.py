"""What each role may do in the article admin, and the city scope at its doors: a writer drafts in their own city
and cannot publish, an editor publishes and deletes in theirs, a city admin changes only their own city, and
another city's article answers exactly like a missing one, through filters, search and "view on site" too.

Status changes happen only through the workflow (``test_workflow_panel.py``): the article form has no status or
publication time, and a change must carry the version the form was loaded with.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Mention
from cities.models import Role
from staff.roles import GROUP_NAMES
from tests.factories import (
    DJANGO_MISSING_OBJECT,
    article_data,
    autocomplete,
    changelist_objects,
    city_data,
    client_for,
    form_errors,
    last_level,
    make_article,
    make_official,
    make_user,
    management,
    staff,
    staff_client,
    staff_in_cities,
    transition,
    url,
)

# --- author, publishing -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_article_is_a_draft_whatever_status_is_posted(admin_client, serang):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_data(serang, status="published", published_at_0="2023-07-12", published_at_1="10:00:00"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


@pytest.mark.django_db
def test_superuser_publishing_without_a_time_publishes_now(admin_client, serang):
    before = timezone.now()
    admin_client.post(reverse("admin:articles_article_add"), article_data(serang))
    article = Article.objects.get()

    response = transition(admin_client, article, "publish")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert article.is_published


@pytest.mark.django_db
def test_view_on_site_only_for_published_articles(admin_client):
    published = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    content = admin_client.get(reverse("admin:articles_article_change", args=[published.pk])).content.decode()
    assert "Lihat di situs" in content
    content = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert "Lihat di situs" not in content


# --- scoped by city ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_penulis_sees_only_their_citys_articles(serang, palangka_raya):
    client, _user = staff_client(serang, Role.PENULIS, "penulis_serang")
    own = make_article(headline="Berita Serang", cities=[serang])
    make_article(headline="Berita Palangka Raya", cities=[palangka_raya])

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert changelist_objects(response) == [own]
    assert "Berita Palangka Raya" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR])
@pytest.mark.django_db
def test_other_citys_article_answers_like_a_missing_one(serang, palangka_raya, role):
    client, _user = staff_client(serang, role, "staf_serang")
    other = make_article(cities=[palangka_raya])
    missing_pk = other.pk + 1000

    for view in ("change", "delete", "history"):
        other_response = client.get(reverse(f"admin:articles_article_{view}", args=[other.pk]), follow=True)
        missing_response = client.get(reverse(f"admin:articles_article_{view}", args=[missing_pk]), follow=True)
        assert other_response.status_code == missing_response.status_code, view
        assert other_response.redirect_chain == missing_response.redirect_chain, view
        other_messages = [str(m) for m in other_response.context["messages"]] if other_response.context else []
        missing_messages = [str(m) for m in missing_response.context["messages"]] if missing_response.context else []
        assert other_messages == [m.replace(str(missing_pk), str(other.pk)) for m in missing_messages], view

    # Django's admin answers a missing object with a redirect to the index and a warning (a penulis has no
    # delete permission at all, so the delete view is a 403 for both).
    response = client.get(reverse("admin:articles_article_change", args=[other.pk]), follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert DJANGO_MISSING_OBJECT in str(list(response.context["messages"])[0])

    # Posting to it changes nothing either.
    response = client.post(reverse("admin:articles_article_change", args=[other.pk]), article_data(palangka_raya))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.headline != "Wali Kota Tinjau Banjir Rob di Kasemen"


@pytest.mark.django_db
def test_penulis_cannot_pick_another_city(serang, palangka_raya):
    client, _user = staff_client(serang, Role.PENULIS, "penulis_serang")

    response = client.get(reverse("admin:articles_article_add"))
    assert list(response.context["adminform"].form.fields["city"].queryset) == [serang]
    assert response.context["adminform"].form.initial["city"] == serang.pk  # the only choice is pre-selected
    assert response.context["adminform"].form.initial["cities"] == [serang.pk]
    assert autocomplete(client, "city") == {"Kota Serang"}
    assert autocomplete(client, "cities") == {"Kota Serang", "Kota Palangka Raya"}  # may concern any city

    response = client.post(reverse("admin:articles_article_add"), article_data(palangka_raya))
    assert response.status_code == 200
    assert form_errors(response) == {"city": ["invalid_choice"]}
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_penulis_creates_a_draft_and_is_stamped_as_author(serang):
    client, user = staff_client(serang, Role.PENULIS, "penulis_serang")
    official = make_official()

    data = article_data(serang, status="published", published_at_0="2023-07-12", published_at_1="10:00:00")
    data.update(management("mentions", total=1))
    data.update({"mentions-0-official": str(official.pk), "mentions-0-order": "0"})
    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.author == user
    assert list(Mention.objects.filter(article=article).values_list("official", flat=True)) == [official.pk]


@pytest.mark.django_db
def test_penulis_cannot_publish_an_existing_draft(serang):
    client, user = staff_client(serang, Role.PENULIS, "penulis_serang")
    draft = make_article(cities=[serang], status=Article.Status.DRAFT, author=user)

    page = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "status" not in page.context["adminform"].form.fields
    assert "published_at" not in page.context["adminform"].form.fields

    data = article_data(serang, slug=draft.slug, headline="Judul Diperbaiki", status="published")
    data.update({"published_at_0": "2023-07-12", "published_at_1": "10:00:00", "version": draft.version})
    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Judul Diperbaiki"
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None
    assert draft.author == user

    response = transition(client, draft, "publish")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None

    # A colleague's draft is read-only for a writer: posting to it is refused outright.
    colleague = make_article(cities=[serang], status=Article.Status.DRAFT, author=make_user(is_staff=True))
    data = article_data(serang, slug=colleague.slug, headline="Judul Orang Lain", version=colleague.version)
    response = client.post(reverse("admin:articles_article_change", args=[colleague.pk]), data)
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.headline != "Judul Orang Lain"


@pytest.mark.django_db
def test_redaktur_publishes_in_their_city(serang):
    client, user = staff_client(serang, Role.REDAKTUR, "redaktur_serang")

    response = client.post(reverse("admin:articles_article_add"), article_data(serang))
    assert response.status_code == 302
    article = Article.objects.get()
    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "schedule"]),
        {"version": article.version, "schedule-date": "2099-07-12", "schedule-time": "10:00"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") == "2099-07-12 10:00"
    assert article.author == user


@pytest.mark.django_db
def test_redaktur_deletes_an_article_of_their_city_with_its_mentions(serang):
    client, _user = staff_client(serang, Role.REDAKTUR, "redaktur_serang")
    article = make_article(cities=[serang], officials=[make_official()], tags=["banjir"])

    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Mention.objects.exists()


@pytest.mark.django_db
def test_editor_in_one_city_cannot_publish_in_a_city_where_they_write(serang, palangka_raya):
    client = client_for(staff_in_cities("campuran", (palangka_raya, Role.PENULIS), (serang, Role.REDAKTUR)))

    # As a writer in Palangka Raya they may draft there; the posted status is ignored.
    response = client.post(reverse("admin:articles_article_add"), article_data(palangka_raya, status="published"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT

    # Publishing it is refused (with an error message) and changes nothing.
    response = transition(client, article, "publish")
    assert response.status_code == 302
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)


@pytest.mark.django_db
def test_staff_without_membership_is_logged_out(serang):
    """An account in no city (never given one, or its last membership removed) has no session to use."""
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.PENULIS]))
    client = client_for(user)
    make_article(cities=[serang])

    response = client.get(reverse("admin:articles_article_changelist"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert "tidak tergabung dengan humas kota" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_city_admin_changes_only_their_own_city(serang, palangka_raya):
    client, _user = staff_client(serang, Role.ADMIN, "admin_serang")

    own = client.get(reverse("admin:cities_city_change", args=[serang.pk]))
    assert own.context["has_change_permission"] is True
    other = client.get(reverse("admin:cities_city_change", args=[palangka_raya.pk]))
    assert other.status_code == 200  # readable
    assert other.context["has_change_permission"] is False

    response = client.post(reverse("admin:cities_city_change", args=[palangka_raya.pk]), city_data())
    assert response.status_code == 403


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
