"""Uploads on disk that are whole or absent, and never outlive a save that failed.

- ``AtomicFileSystemStorage`` (the default storage, ``STORAGES``) writes each file under a temporary name in
  its folder and links it to its real name only once every byte is on disk: a full or read-only disk, a killed
  worker or a crash mid-write leaves no half-written image or rendition under a name that is served.
- ``discard_unless_committed`` deletes a file just stored when the transaction that refers to it rolls back
  (Django has ``on_commit`` and no "on rollback": the files still waiting are checked when the request ends).
- ``StorageFailure`` is an ``OSError`` of the storage told in words staff can act on.
"""

import contextlib
import errno
import logging
import os
import threading
import uuid

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils._os import safe_makedirs
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: Temporary files end in this suffix, which the media view never serves (``newsroom.views.MEDIA_TYPES``).
PARTIAL_SUFFIX = ".part"

FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


class StorageFailure(OSError):
    """Storing an upload failed on the server's side; ``message`` says so in the user's language."""

    def __init__(self, error: OSError):
        super().__init__(error.errno, error.strerror or str(error))
        self.code, self.message = describe(error)


def describe(error: OSError) -> tuple[str, str]:
    """The code and the message staff see for a storage error (what to do, not the system's words)."""
    if error.errno in FULL:
        return "storage_full", _(
            "The server's storage is full, so the image could not be saved. Nothing was saved; your text is "
            "still in the form. Tell the site's administrator, then save again."
        )
    if error.errno in READ_ONLY:
        return "storage_read_only", _(
            "The server cannot write images at the moment (its storage is read-only). Nothing was saved; your "
            "text is still in the form. Tell the site's administrator, then save again."
        )
    return "storage_failed", _(
        "The image could not be stored on the server. Nothing was saved; your text is still in the form. Try "
        "again in a moment."
    )


def _write(handle, chunk) -> None:
    handle.write(chunk)


def _link(temporary: str, full_path: str) -> None:
    """Give the complete file ``temporary`` the name ``full_path``; FileExistsError when the name is taken."""
    try:
        os.link(temporary, full_path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        # A file system without hard links: reserve the name, then move the complete file over it.
        os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(temporary, full_path)


class AtomicFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` whose files appear whole or not at all.

    The bytes go to a temporary file in the target folder, are flushed to disk, then linked to the final name
    (a hard link fails when the name exists, so nothing is ever overwritten, as with Django's ``O_EXCL``); the
    temporary name is removed in every case. Any error leaves the folder as it was and is raised as a
    ``StorageFailure``.
    """

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        temporary = os.path.join(directory, f".{uuid.uuid4().hex}{PARTIAL_SUFFIX}")
        try:
            if self.directory_permissions_mode is not None:
                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
            with open(temporary, "xb") as handle:
                for chunk in content.chunks():
                    _write(handle, chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while not self._allow_overwrite:
                try:
                    _link(temporary, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
            else:
                os.replace(temporary, full_path)
        except OSError as error:
            logger.error("Could not store %s: %s", name, error)
            raise StorageFailure(error) from error
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")


# --- files of a transaction that rolled back ------------------------------------------------------------------


class _Written:
    """A file stored inside a transaction, waiting to learn whether the rows that name it were committed."""

    def __init__(self, storage, name, alias):
        self.storage, self.name, self.alias = storage, name, alias
        self.committed = False

    def commit(self):
        self.committed = True

    def rolled_back(self) -> bool:
        """Not committed, and the commit callback is gone: the savepoint or transaction was rolled back."""
        if self.committed:
            return False
        waiting = connections[self.alias].run_on_commit
        return not any(callback == self.commit for _savepoints, callback, _robust in waiting)


_waiting = threading.local()


def discard_unless_committed(names, *, storage=None, using=DEFAULT_DB_ALIAS) -> None:
    """Delete the stored files ``names`` again if the current transaction rolls back.

    Outside a transaction the rows are already written: nothing to do.
    """
    storage = storage or default_storage
    if not names or not connections[using].in_atomic_block:
        return
    entries = _waiting.__dict__.setdefault("entries", [])
    for name in names:
        entry = _Written(storage, name, using)
        transaction.on_commit(entry.commit, using=using)
        entries.append(entry)


def delete_quietly(names, *, storage=None) -> None:
    """Delete ``names`` from the storage; a file that cannot be deleted is logged, never raised."""
    storage = storage or default_storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s after a failed save.", name, exc_info=True)


def sweep_rolled_back() -> None:
    """Delete the files whose transaction rolled back; forget those committed; keep those still undecided."""
    entries = getattr(_waiting, "entries", None)
    if not entries:
        return
    undecided = []
    for entry in entries:
        if entry.rolled_back():
            delete_quietly([entry.name], storage=entry.storage)
        elif not entry.committed:
            undecided.append(entry)
    _waiting.entries = undecided


def sweep_after_request(**kwargs) -> None:
    """Connected to ``request_finished`` (``ImagesConfig.ready``): the request's transactions have ended, so the
    files written by one that rolled back go."""
    sweep_rolled_back()
