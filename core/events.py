"""Security events: one structured log line each, on the ``newsroom.security`` logger.

Every line also carries the request's context (time in UTC, request id, client address, user, city) from
``core.request_context``; ``core.logging`` writes it as one JSON object per line.
"""

import logging

logger = logging.getLogger("newsroom.security")


def record_event(event: str, *, level: int = logging.INFO, **fields) -> None:
    """Log ``event`` (a short snake_case name such as ``login_failed``) with ``fields`` as its details.

    Values are written as they are (JSON-escaped): never pass a password, a token or a code.
    """
    logger.log(level, event, extra={"event": event, "fields": fields})
