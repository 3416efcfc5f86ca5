"""Log lines a machine and a person can both read: one JSON object per line, time in UTC.

Each line carries the request's context (``core.request_context``): request id, client address, user and city.
JSON escapes what an attacker types (a username with a line break cannot forge a second line).
"""

import datetime
import json
import logging

from .request_context import current

_CONTEXT_KEYS = ("request_id", "client_ip", "user", "city")


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
        }
        event = getattr(record, "event", None)
        if event:
            line["event"] = event
        else:
            line["message"] = record.getMessage()
        context = current()
        for key in _CONTEXT_KEYS:
            if context.get(key):
                line[key] = context[key]
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
