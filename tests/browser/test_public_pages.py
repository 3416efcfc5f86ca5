"""The public site in a real Chromium: a reader's path on a phone and a desktop, the keyboard, and axe-core.

axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0, version and checksum in its README) and injected
into each page; no serious or critical violation is allowed on any page type.
"""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import DailyViews
from cities.models import EventSpeaker, TimeZone
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import make_article, make_city, make_event, make_official, make_position

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
BLOCKING = {"serious", "critical"}

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "".join(
    f"<p>Paragraf {i}: Pemerintah kota memperkuat pelayanan publik dan kerja sama antardaerah "
    f"melalui APEKSI, dengan program yang menyentuh warga di setiap kelurahan.</p>"
    for i in range(6)
)


@pytest.fixture
def site():
    today = timezone.localdate()
    makassar = make_city(name="Kota Makassar", short_name="Makassar", slug="makassar", time_zone=TimeZone.WITA)
    serang = make_city(name="Kota Serang", short_name="Serang", slug="serang", province="Banten")
    mayor = make_official(name="Danny Pomanto", slug="danny-pomanto")
    make_position(mayor, title="Wali Kota", city=makassar, starts_on=datetime.date(2021, 2, 26))
    event = make_event(
        name="Rakernas XVII APEKSI",
        slug="rakernas-xvii",
        host_city=makassar,
        venue="Upperhills Convention Center",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        theme="Kota Kita Maju",
    )
    event.cities.set([serang])
    EventSpeaker.objects.create(event=event, official=mayor)
    make_event(name="Munas APEKSI", slug="munas", host_city=serang, starts_on=today + datetime.timedelta(days=40))
    make_event(name="Rakor lalu", slug="rakor-lalu", host_city=serang, starts_on=today - datetime.timedelta(days=40))
    main = make_article(
        headline="Makassar buka Rakernas APEKSI",
        slug="makassar-buka-rakernas",
        subtitle="Ratusan wali kota hadir",
        lead="Wali Kota Makassar membuka Rakernas XVII APEKSI dengan tema pelayanan publik.",
        body=BODY,
        byline="Humas Makassar",
        dateline="MAKASSAR",
        city=makassar,
        cities=[makassar, serang],
        event=event,
        tags=["rakernas", "pelayanan publik"],
        officials=[mayor],
    )
    others = [
        make_article(headline=f"Kabar Serang {i}", city=serang, event=event if i % 2 else None, tags=["rakernas"])
        for i in range(4)
    ]
    for rank, article in enumerate([main, *others]):
        DailyViews.objects.create(article=article, day=today, views=100 - rank)
    return {"makassar": makassar, "serang": serang, "event": event, "article": main, "official": mayor}


def audit(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, as readable lines."""
    # Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy does not
    # govern (a <script> tag added to the page would be refused, as it should be).
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')[:200]}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_vendored_axe_is_the_pinned_release():
    content = AXE.read_bytes()
    assert hashlib.sha256(content).hexdigest() == AXE_SHA256
    assert f"axe v{AXE_VERSION}".encode() in content[:200]
    assert (AXE.parent / "LICENSE").exists()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_home_city_article_event_search(live_server, new_page, site, viewport):
    page = new_page(viewport=viewport)
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert audit(page) == []
    assert no_horizontal_scroll(page)

    page.locator(".city-links").get_by_role("link", name="Makassar", exact=True).click()
    page.wait_for_url("**/kota/makassar/")
    assert page.locator("h1").inner_text() == "Kota Makassar"
    assert audit(page) == []
    assert no_horizontal_scroll(page)

    page.locator("main").get_by_role("link", name="Makassar buka Rakernas APEKSI").first.click()
    page.wait_for_url("**/berita/makassar-buka-rakernas/")
    assert page.locator("h1").inner_text() == "Makassar buka Rakernas APEKSI"
    assert page.locator("#share-url").input_value() == live_server.url + "/berita/makassar-buka-rakernas/"
    assert page.locator(".copy-link button").count() == 1  # added by share.js
    assert audit(page) == []
    assert no_horizontal_scroll(page)

    page.locator(".article-facts").get_by_role("link", name="Rakernas XVII APEKSI").click()
    page.wait_for_url("**/agenda/rakernas-xvii/")
    assert page.locator("h1").inner_text() == "Rakernas XVII APEKSI"
    assert audit(page) == []
    assert no_horizontal_scroll(page)

    page.locator('header nav a[href="/cari/"]').click()
    page.wait_for_url("**/cari/")
    search_box = page.locator("#search-q")
    assert page.locator('label[for="search-q"]').is_visible()
    search_box.fill("rakernas")
    search_box.press("Enter")
    page.wait_for_url("**/cari/?q=rakernas*")
    assert page.locator(".results-list > li").count() == 5
    assert page.locator(".results-list mark").count() >= 1
    assert audit(page) == []
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize(
    "path",
    [
        "/berita/",
        "/berita/makassar-buka-rakernas/",
        "/topik/rakernas/",
        "/kota/",
        "/kota/serang/agenda/",
        "/kota/makassar/berita/",
        "/agenda/",
        "/tokoh/danny-pomanto/",
        "/cari/",
        "/cari/?q=%21%21%21",
        "/cari/?q=tidakada&kota=%00&dari=abc",
        "/tidak-ada/",
    ],
)
def test_every_page_type_passes_axe(live_server, new_page, site, path):
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + path)
    assert audit(page) == []
    assert no_horizontal_scroll(page)


def test_the_archive_passes_axe(live_server, new_page, site):
    local = timezone.localtime(site["article"].published_at, site["makassar"].zoneinfo)
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/berita/{local:%Y}/{local:%m}/")
    assert page.locator("h1").count() == 1
    assert audit(page) == []


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
                boxShadow: style.boxShadow, visible: el.getBoundingClientRect().width > 0,
                top: el.getBoundingClientRect().top,
            };
        }"""
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_keyboard_only(live_server, new_page, site, viewport):
    page = new_page(viewport=viewport)
    page.goto(live_server.url + "/berita/makassar-buka-rakernas/")

    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["cls"] == "skip-link" and first["href"] == "#content"
    assert first["top"] >= 0 and first["visible"]  # on screen once focused
    assert first["outline"] != "none" and first["outlineWidth"] >= 2

    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "content"

    # From the main content on, every stop is a control with a visible focus indicator.
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["tag"] in {"a", "button", "input", "select"}, focused
        assert focused["visible"], focused
        assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, focused
        seen.append(focused["href"] or focused["id"] or focused["tag"])
    assert "/kota/makassar/" in seen  # the first links inside main: breadcrumb and kicker


def test_pages_work_without_javascript(live_server, browser, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/cari/?q=pelayanan")
        assert page.locator(".results-list > li").count() >= 1
        page.goto(live_server.url + "/berita/makassar-buka-rakernas/")
        assert page.locator("#share-url").input_value().endswith("/berita/makassar-buka-rakernas/")
        assert page.locator(".copy-link button").count() == 0
        assert page.locator(".share-links a").count() == 4
    finally:
        context.close()
