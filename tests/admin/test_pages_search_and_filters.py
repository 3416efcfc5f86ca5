"""The admin's pages for a superuser: every changelist, add and change page loads, the article changelist shows the
desk's columns, search, filters and autocomplete find the right rows, and a changelist costs a fixed number of
queries whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from cities.models import EventSpeaker, Membership, Role
from tests.factories import (
    NOW,
    autocomplete,
    changelist_objects,
    make_article,
    make_city,
    make_event,
    make_official,
    make_position,
    make_user,
    staff_client,
)

# --- every page loads --------------------------------------------------------------------------------------

MODELS = ["cities/city", "cities/official", "cities/position", "cities/event", "cities/membership", "articles/article"]


@pytest.mark.parametrize("model", MODELS + ["taggit/tag"])
@pytest.mark.django_db
def test_changelist_and_add_pages_load_for_superuser(admin_client, model):
    make_article(tags=["banjir"], officials=[make_official()], event=make_event())
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200


@pytest.mark.django_db
def test_change_pages_load_for_superuser(admin_client, admin_user, serang):
    official = make_official()
    position = make_position(official, city=serang)
    event = make_event(host_city=serang)
    event.cities.set([serang])
    EventSpeaker.objects.create(event=event, official=official, position=position)
    article = make_article(cities=[serang], event=event, officials=[official], tags=["rakor"])
    membership = Membership.objects.create(user=make_user(is_staff=True), city=serang, role=Role.PENULIS)
    for obj in (serang, official, position, event, article, membership):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert admin_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_article_changelist_columns(admin_client, admin_user, makassar):
    event = make_event(name="Rakernas XVI APEKSI")
    make_article(
        headline="Makassar Tuan Rumah Rakernas",
        cities=[makassar],
        event=event,
        tags=["rakernas", "apeksi"],
        author=admin_user,
        published_at=datetime.datetime(2023, 7, 12, 6, 30, tzinfo=datetime.UTC),
    )
    make_article(headline="Draf Tanpa Waktu", status=Article.Status.DRAFT)

    content = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "Makassar Tuan Rumah Rakernas" in content
    assert "Rakernas XVI APEKSI" in content
    # The tags and the cities concerned are filters, not columns: the list fits a 1,366 px screen.
    assert "column-tag_list" not in content and "column-cities_list" not in content
    assert "14:30 WITA" in content  # 06:30 UTC in the desk city's zone, not the server's WIB
    assert "newsroom-status-published" in content
    assert "newsroom-status-draft" in content
    assert admin_user.username in content


@pytest.mark.django_db
def test_drafts_come_first_in_the_article_changelist(admin_client):
    make_article(headline="Terbit lama", published_at=timezone.now() - datetime.timedelta(days=3))
    make_article(headline="Draf", status=Article.Status.DRAFT)
    make_article(headline="Terbit baru", published_at=timezone.now() - datetime.timedelta(hours=1))

    response = admin_client.get(reverse("admin:articles_article_changelist"))

    assert [a.headline for a in changelist_objects(response)] == ["Draf", "Terbit baru", "Terbit lama"]


# --- search, filters, autocomplete ------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_search(admin_client, serang):
    wanted = make_article(headline="Pemkot Serang Gelar Sosialisasi Kehumasan", cities=[serang])
    tagged = make_article(headline="Berita lain", tags=["sosialisasi"])
    make_article(headline="Rakernas di Makassar")

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "sosialisasi"})

    assert response.status_code == 200
    assert set(changelist_objects(response)) == {wanted, tagged}


@pytest.mark.django_db
def test_article_filters(admin_client, serang, palangka_raya):
    draft = make_article(headline="Draf Serang", cities=[serang], status=Article.Status.DRAFT, tags=["banjir"])
    published = make_article(headline="Terbit Serang", cities=[serang], tags=["banjir", "rob"])
    other = make_article(headline="Terbit Palangka Raya", cities=[palangka_raya])
    url = reverse("admin:articles_article_changelist")
    banjir = draft.tags.get()

    def listed(params):
        response = admin_client.get(url, params)
        assert response.status_code == 200  # a lookup the changelist refuses redirects to ?e=1
        return set(changelist_objects(response))

    assert listed({"status__exact": "draft"}) == {draft}
    assert listed({"status__exact": "published"}) == {published, other}
    assert listed({"city__id__exact": palangka_raya.pk}) == {other}
    assert listed({"tags__id__exact": banjir.pk}) == {draft, published}
    year = timezone.localtime(published.published_at).year
    assert listed({"published_at__year": year}) == {published, other}


@pytest.mark.django_db
def test_reference_search_and_filters(admin_client, serang, makassar):
    official = make_official(name="Danny Pomanto")
    make_position(official, city=makassar)
    make_official(name="Syafrudin")
    event = make_event(name="Rakernas XVI", host_city=makassar, kind="rakernas")
    make_event(name="Rakor Humas", host_city=serang, kind="rakor")

    response = admin_client.get(reverse("admin:cities_city_changelist"), {"q": "makas"})
    assert changelist_objects(response) == [makassar]
    response = admin_client.get(reverse("admin:cities_city_changelist"), {"time_zone__exact": "Asia/Makassar"})
    assert changelist_objects(response) == [makassar]
    response = admin_client.get(reverse("admin:cities_official_changelist"), {"q": "pomanto"})
    assert changelist_objects(response) == [official]
    response = admin_client.get(
        reverse("admin:cities_official_changelist"), {"positions__city__id__exact": makassar.pk}
    )
    assert changelist_objects(response) == [official]
    response = admin_client.get(reverse("admin:cities_event_changelist"), {"kind__exact": "rakernas"})
    assert changelist_objects(response) == [event]
    response = admin_client.get(reverse("admin:cities_event_changelist"), {"q": "makassar"})
    assert changelist_objects(response) == [event]


@pytest.mark.django_db
def test_city_autocomplete_answers_json(admin_client, serang, palangka_raya, makassar):
    assert autocomplete(admin_client, "cities", "pala") == {"Kota Palangka Raya"}
    assert autocomplete(admin_client, "city") == {"Kota Serang", "Kota Palangka Raya", "Kota Makassar"}
    assert autocomplete(admin_client, "host_city", "ser", model_name="event", app_label="cities") == {"Kota Serang"}


@pytest.mark.django_db
def test_official_event_and_position_autocomplete(admin_client, serang):
    official = make_official(name="Budi Santoso")
    make_position(official, city=serang, title="Wali Kota")
    make_event(name="Rakernas XVI")
    assert autocomplete(admin_client, "event", "rakernas") == {"Rakernas XVI"}
    assert autocomplete(admin_client, "official", "budi", model_name="mention") == {"Budi Santoso"}
    assert autocomplete(admin_client, "position", "budi", model_name="mention") == {"Budi Santoso: Wali Kota Serang"}


# --- query budget -----------------------------------------------------------------------------------------

# Session, user, the second factor's device, the user's memberships, the filters' choices (desk city, event,
# tag, author), count ×2, the rows, prefetched tags, prefetched cities, the date hierarchy ×2. The number of rows
# must not change it.
SUPERUSER_CHANGELIST_QUERIES = 15
# Plus the user's and the groups' permissions.
STAFF_CHANGELIST_QUERIES = 16


def make_rich_articles(count, city, author):
    event = make_event(host_city=city)
    second_city = make_city()
    for n in range(count):
        make_article(cities=[city, second_city], tags=["rakor", f"tag-{n}"], event=event, author=author)


@pytest.mark.parametrize("rows", [3, 15])
@pytest.mark.django_db
def test_article_changelist_query_count_is_flat(admin_client, admin_user, django_assert_max_num_queries, rows):
    make_rich_articles(rows, make_city(), admin_user)
    with django_assert_max_num_queries(SUPERUSER_CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert len(changelist_objects(response)) == rows


@pytest.mark.parametrize("rows", [3, 15])
@pytest.mark.django_db
def test_staff_article_changelist_query_count_is_flat(django_assert_max_num_queries, serang, rows):
    client, user = staff_client(serang, Role.PENULIS, "penulis_serang")
    make_rich_articles(rows, serang, user)
    with django_assert_max_num_queries(STAFF_CHANGELIST_QUERIES):
        response = client.get(reverse("admin:articles_article_changelist"))
    assert len(changelist_objects(response)) == rows


@pytest.mark.django_db
def test_the_list_filters_offer_what_the_desk_works_on_not_the_whole_archive(frozen, serang, palangka_raya):
    client, redaktur = staff_client(serang, Role.REDAKTUR, "redaktur_filters")
    old_event = make_event(name="Festival lama", host_city=serang)
    make_article(cities=[serang], tags=["arsip-lama"], event=old_event, published_at=NOW - datetime.timedelta(days=400))
    rakor = make_event(name="Rakor Banjir", host_city=serang)
    # Dated here: the factory's default time moves back an hour with every article made before it.
    make_article(cities=[serang], tags=["banjir"], event=rakor, published_at=NOW - datetime.timedelta(days=2))
    make_article(cities=[serang], tags=["draf-saja"], status=Article.Status.DRAFT, published_at=None)
    make_article(cities=[palangka_raya], tags=["tetangga"], published_at=NOW - datetime.timedelta(days=2))
    url = reverse("admin:articles_article_changelist")

    def offered(response, title):
        (spec,) = [spec for spec in response.context["cl"].filter_specs if str(spec.title) == title]
        return [str(label) for _value, label in spec.lookup_choices]

    response = client.get(url)
    assert offered(response, "tag") == ["banjir", "draf-saja"]  # not last year's, not another city's
    assert offered(response, "kegiatan") == ["Rakor Banjir"]
    assert not [spec for spec in response.context["cl"].filter_specs if str(spec.title) == "kota redaksi"]
    # An older choice still filters, and is shown while it is in force.
    old_tag = Article.objects.get(event=old_event).tags.get()
    chosen = client.get(url, {"tags__id__exact": old_tag.pk})
    assert [article.event for article in changelist_objects(chosen)] == [old_event]
    assert "arsip-lama" in offered(chosen, "tag")
    # Another city's tag filters to nothing; junk is an empty list, not an error.
    other_tag = Article.objects.get(city=palangka_raya).tags.get()
    assert changelist_objects(client.get(url, {"tags__id__exact": other_tag.pk})) == []
    assert client.get(url, {"event__id__exact": "x"}).status_code == 200
