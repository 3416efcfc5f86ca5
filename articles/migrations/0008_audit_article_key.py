from django.db import migrations, models
from django.db.models import F


def keep_article_ids(apps, schema_editor):
    AuditEntry = apps.get_model("articles", "AuditEntry")
    AuditEntry.objects.filter(article__isnull=False).update(article_key=F("article_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_autosaved_draft"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="article_key",
            field=models.BigIntegerField(
                blank=True, db_index=True, editable=False, null=True, verbose_name="article number"
            ),
        ),
        migrations.RunPython(keep_article_ids, migrations.RunPython.noop),
    ]
