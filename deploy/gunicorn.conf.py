"""gunicorn settings for ``make serve``; every value can be changed by an environment variable.

Threaded workers: a reader on a slow phone connection holds one thread, not a whole process, while the
other threads keep serving. Put nginx in front on the Internet: it buffers slow uploads
and downloads entirely, so no worker ever waits on a client.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, os.cpu_count() or 1))))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))

# A request that takes longer than this is cut off and its worker replaced; a slow client cannot pin a
# thread for longer either.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak in a library can never grow without bound.
max_requests = 5000
max_requests_jitter = 500

# Request limits (headers; bodies are limited by Django's DATA_UPLOAD_MAX_MEMORY_SIZE and the image checks).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses; "*" behind a private network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to standard output, with the time, client, request, status, size and duration in microseconds.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
access_log_format = '%(t)s %({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'

# No control socket in the home folder: several servers (make serve, the tests) may run on one machine.
control_socket_disable = True
