"""An index of the cities an article concerns, by city, holding the article: a city's pages read the ids of
its articles from the index alone (``ArticleQuerySet.for_city``), without visiting the table's rows. The
through table of ``Article.cities`` is Django's own, so the index is created here rather than in its Meta."""

from django.db import migrations

INDEX = "article_cities_city_article_idx"


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_search_trigger")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON articles_article_cities (city_id, article_id)",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
