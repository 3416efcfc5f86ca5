from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from .feeds import feed_view
from .sitemaps import SITEMAPS
from .views import archives, articles, home, places, search

app_name = "public"

YEAR = r"(?P<year>[0-9]{4})"
MONTH = r"(?P<month>[0-9]{2})"
CITY = r"kota/(?P<city_slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    path("", home.home, name="home"),
    # Cities, events (the agenda) and officials.
    path("kota/", places.city_list, name="city-list"),
    path("kota/<slug:slug>/", places.city_detail, name="city-detail"),
    path("kota/<slug:slug>/agenda/", places.city_agenda, name="city-agenda"),
    path("kota/<slug:slug>/agenda.ics", places.city_ics, name="city-ics"),
    path("agenda/", places.event_list, name="event-list"),
    path("agenda.ics", places.agenda_ics, name="agenda-ics"),
    path("agenda/<slug:slug>/", places.event_detail, name="event-detail"),
    path("agenda/<slug:slug>.ics", places.event_ics, name="event-ics"),
    path("tokoh/<slug:slug>/", places.official_detail, name="official-detail"),
    # News.
    path("berita/", articles.article_list, name="article-list"),
    # Archives before the article pattern: a four-digit "slug" is a year.
    re_path(rf"^berita/{YEAR}/$", archives.archive_year, name="archive-year"),
    re_path(rf"^berita/{YEAR}/{MONTH}/$", archives.archive_month, name="archive-month"),
    re_path(rf"^{CITY}/berita/$", archives.city_archive, name="city-archive"),
    re_path(rf"^{CITY}/berita/{YEAR}/$", archives.archive_year, name="city-archive-year"),
    re_path(rf"^{CITY}/berita/{YEAR}/{MONTH}/$", archives.archive_month, name="city-archive-month"),
    path("berita/<slug:slug>/", articles.article_detail, name="article-detail"),
    path("topik/<slug:slug>/", articles.tag_detail, name="tag-detail"),
    path("cari/", search.search, name="search"),
    path("pratinjau/<str:signed>/", articles.preview_link, name="preview-link"),
    # Feeds: RSS and Atom for all news, a city, an event, a topic, an official.
    path("rss/", feed_view("all"), name="feed-rss"),
    path("atom/", feed_view("all", atom=True), name="feed-atom"),
    path("kota/<slug:slug>/rss/", feed_view("city"), name="city-feed-rss"),
    path("kota/<slug:slug>/atom/", feed_view("city", atom=True), name="city-feed-atom"),
    path("agenda/<slug:slug>/rss/", feed_view("event"), name="event-feed-rss"),
    path("agenda/<slug:slug>/atom/", feed_view("event", atom=True), name="event-feed-atom"),
    path("topik/<slug:slug>/rss/", feed_view("tag"), name="tag-feed-rss"),
    path("topik/<slug:slug>/atom/", feed_view("tag", atom=True), name="tag-feed-atom"),
    path("tokoh/<slug:slug>/rss/", feed_view("official"), name="official-feed-rss"),
    path("tokoh/<slug:slug>/atom/", feed_view("official", atom=True), name="official-feed-atom"),
    # Sitemaps: the index, the Google News sitemap (its own template), the other sections.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap-section", "template_name": "sitemaps/index.xml"},
        name="sitemap-index",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap-section",
    ),
    path("robots.txt", home.robots_txt, name="robots-txt"),
]
