"""Admin change messages in the desk's language: "Isi berubah.", not "Body berubah.".

Django stores the changed fields' labels in English and translates them when the message is shown, with the
label itself as the msgid ("Body"); the catalogue translates the field's name ("body"), so the label stayed
English. Before an entry is stored, each label is replaced by the field's own name in the active language;
django-reversion's revision comments, made from the same entry, read the same.
"""

import json

from django.contrib.admin.models import LogEntry
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.text import capfirst


def _labels_in_language(model) -> dict[str, str]:
    """Each field's label as Django stores it (English) → the same label in the active language."""
    fields = [field for field in model._meta.get_fields() if hasattr(field, "verbose_name")]
    with translation.override(None):
        english = [str(capfirst(field.verbose_name)) for field in fields]
    return {label: str(capfirst(field.verbose_name)) for label, field in zip(english, fields, strict=True)}


@receiver(pre_save, sender=LogEntry, dispatch_uid="newsroom.change_messages.translate_labels")
def translate_labels(sender, instance: LogEntry, **kwargs):
    if not instance.change_message or not instance.change_message.startswith("["):
        return
    try:
        messages = json.loads(instance.change_message)
        model = instance.content_type.model_class() if instance.content_type_id else None
    except (ValueError, LookupError):
        return
    if model is None:
        return
    labels = _labels_in_language(model)
    for message in messages:
        changed = message.get("changed") if isinstance(message, dict) else None
        if changed and "fields" in changed and "name" not in changed:  # the object's own fields, not an inline's
            changed["fields"] = [labels.get(label, label) for label in changed["fields"]]
    instance.change_message = json.dumps(messages)
