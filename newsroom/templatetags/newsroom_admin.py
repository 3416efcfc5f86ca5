import datetime

from django import template

register = template.Library()


@register.filter
def timedelta_minutes(value: datetime.timedelta | None) -> int:
    """A cool-off period in whole minutes (rounded up)."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)
