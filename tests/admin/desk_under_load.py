"""Staff of one desk saving at once through the real admin, on the database ``DATABASE_URL`` names.

Run in a process of its own by ``tests/admin/test_concurrent_saves.py`` (a file-based SQLite database cannot be
the in-memory test database): ``python -m tests.admin.desk_under_load WRITERS SAVES``. It migrates the empty
database, gives each writer a penulis account with a draft, starts them together, and prints one JSON line:
each answer's status code, and each exception raised instead of an answer
(``OperationalError('database is locked')``).
"""

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cities.models import Role  # noqa: E402
from tests.factories import change_data, client_for, draft, make_city, staff, transition, url  # noqa: E402


def main(writers: int, saves: int) -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    city = make_city(short_name="Serang", slug="serang")
    desks = []
    for n in range(writers):
        user = staff(city, Role.PENULIS, f"penulis{n}")
        desks.append((user, draft(city, author=user, headline=f"Draf {n}")))
    connection.close()

    start = threading.Barrier(writers)
    answers, errors = [], []
    lock = threading.Lock()

    def answer(kind, request):
        try:
            status = request().status_code
        except Exception as error:  # noqa: BLE001 - every failure is the result being measured
            status = repr(error)
        with lock:
            (answers if isinstance(status, int) else errors).append((kind, status))

    def write(user, article):
        try:
            client = client_for(user)
            start.wait()
            for n in range(saves):
                article.refresh_from_db()
                data = change_data(article, headline=f"Judul {n}")
                answer("save", lambda data=data: client.post(url("change", article.pk), data))
            article.refresh_from_db()
            answer("submit", lambda: transition(client, article, "submit"))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=desk) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"answers": answers, "errors": errors}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))  # noqa: T201
