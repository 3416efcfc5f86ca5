"""Admin change messages in the desk's language: "Isi berubah.", not "Body berubah.".

Django stores the changed fields' labels in English and translates them when the message is shown, with the
label itself as the msgid ("Body"); the catalogue translates the field's name ("body"), so the label stayed
English. Before an entry is stored, each label is replaced by the field's own name in the active language;
django-reversion's revision comments, made from the same entry, read the same.
"""

import json

from django.contrib.admin.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.text import capfirst


def _label_in_language(model, english_label: str) -> str:
    with translation.override(None):
        names = {str(capfirst(field.verbose_name)): field.name for field in _concrete_fields(model)}
    name = names.get(english_label)
    if name is None:
        return english_label
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return english_label


def _concrete_fields(model):
    return [field for field in model._meta.get_fields() if hasattr(field, "verbose_name")]


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
    for message in messages:
        changed = message.get("changed") if isinstance(message, dict) else None
        if changed and "fields" in changed and "name" not in changed:  # the object's own fields, not an inline's
            changed["fields"] = [_label_in_language(model, label) for label in changed["fields"]]
    instance.change_message = json.dumps(messages)
