"""Uploads kept across a form shown again.

A browser cannot put a chosen file back into a form, so when a form with a good upload is shown again for an
error elsewhere (no alt text, a conflict, an error in an inline), the upload is re-encoded and kept on the
server under ``pending/`` and the form carries a signed token for it. The next valid submit uses it; the kept
copy is deleted once the save commits, and copies never used are deleted after ``MAX_AGE_SECONDS``.

The token is signed (so no one can point it at another file) and bound to the user who uploaded, when the
form knows them. Kept copies are re-encoded like every stored image, so their preview URL serves nothing of the
original file's metadata, and their names are random.
"""

import datetime
import logging
import posixpath

from django.core import signing
from django.core.files.storage import default_storage
from django.utils import timezone

from .processing import CleanImage, reencode_image
from .storage import delete_quietly

logger = logging.getLogger(__name__)

FOLDER = "pending"
MAX_AGE_SECONDS = 24 * 3600
_SALT = "images.pending-upload"


def keep(upload, *, owner=None) -> tuple[str, str]:
    """Re-encode and store ``upload``: the token that finds it again, and its storage name.

    Raises ValidationError (not an accepted image) or StorageFailure.
    """
    clean = reencode_image(upload)
    name = default_storage.save(f"{FOLDER}/{clean.name}", clean)
    delete_expired()
    return signing.dumps({"name": name, "owner": owner}, salt=_SALT), name


def find(token: str, *, owner=None) -> str | None:
    """The storage name of the kept upload ``token`` stands for, or None (forged, expired, someone else's, gone)."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or posixpath.dirname(name) != FOLDER or data.get("owner") != owner:
        return None
    return name if default_storage.exists(name) else None


def url(name: str) -> str:
    return default_storage.url(name)


def open_kept(name: str) -> CleanImage:
    """The kept upload as a file to assign to an image field: stored as it is, the kept copy deleted after."""
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    return CleanImage(content, name=posixpath.basename(name), kept_name=name)


def delete_expired() -> None:
    """Delete the kept uploads older than ``MAX_AGE_SECONDS`` (forms abandoned with an upload in them)."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    oldest = timezone.now() - datetime.timedelta(seconds=MAX_AGE_SECONDS)
    expired = []
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            if default_storage.get_modified_time(name) < oldest:
                expired.append(name)
        except OSError:
            continue
    delete_quietly(expired)
