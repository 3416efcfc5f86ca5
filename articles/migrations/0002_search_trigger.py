"""The full-text vector of each article, kept by a trigger, with a GIN index on it (PostgreSQL only).

Ranking a common word over thousands of articles must not re-parse every body: the vector is computed once
per write (INSERT or UPDATE of the text) by the database itself, so loaddata, bulk_create and update() keep
it right too. On other databases the column stays empty and search uses its simple fallback.
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('indonesian', COALESCE(NEW.headline, '')), 'A')"
    " || setweight(to_tsvector('indonesian', COALESCE(NEW.subtitle, '')), 'B')"
    " || setweight(to_tsvector('indonesian', COALESCE(NEW.lead, '')), 'B')"
    " || setweight(to_tsvector('indonesian', COALESCE(NEW.body, '')), 'C')"
)

FORWARD = f"""
CREATE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := {VECTOR};
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, subtitle, lead, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
UPDATE articles_article SET headline = headline;
CREATE INDEX article_search_idx ON articles_article USING GIN (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS article_search_idx;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
