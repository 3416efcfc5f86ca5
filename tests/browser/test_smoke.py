import pytest

from tests.factories import make_article, make_city


@pytest.mark.django_db(transaction=True)
def test_home_shows_a_published_article(live_server, page):
    city = make_city(name="Kota Serang", short_name="Serang", slug="serang")
    make_article(city=city, headline="Rakernas dibuka di Makassar")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Rakernas dibuka di Makassar").first.click()
    assert page.locator("h1").inner_text() == "Rakernas dibuka di Makassar"
