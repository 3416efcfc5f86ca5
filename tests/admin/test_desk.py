"""The desk, the admin's home page: the user's drafts, what awaits review, what is scheduled and recently published,
in the user's cities only and in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from cities.models import Role
from tests.factories import client_for, draft, in_review, make_article, make_city, staff

pytestmark = pytest.mark.django_db


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


# Session, user, the second factor's device, permissions ×2, memberships, the counts (one aggregate), the four
# lists, the recent actions.
DESK_QUERIES = 12


def test_no_desk_for_staff_without_article_permissions(db):
    user = staff(make_city(), Role.PENULIS)
    user.groups.clear()
    response = client_for(user).get(reverse("admin:index"))
    assert response.context["desk"] is None
