"""A city's WordPress archive brought into the newsroom: posts become articles, their old addresses redirects.

``WordPressImport.scan()`` reads the whole export once (it must be a readable WXR 1.0–1.2 file) and keeps what
posts refer to: the authors and the attachments (featured images). ``run()`` reads it again and imports each post
through the model's own save: the sanitiser, the spam check (``Article.screen``), the images' checks and
re-encoding, a revision and an audit entry (``articles.workflow``). The caller holds one transaction around
``run()``; a post that cannot be imported raises ``ItemError`` naming it, so nothing is left half done.

A post already imported and unchanged in the export (``WordPressPost.content_hash``) is left alone; a changed one
updates its article. An article deleted in the newsroom since is not brought back.
"""

import contextlib
import datetime
import hashlib
import html
import json
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleStatus, AuditEntry
from articles.workflow import record_hold, recorded
from cities.models import City
from images.processing import reencode_image
from images.storage import StorageFailure, discard_unless_committed
from images.validators import validate_image

from .content import convert_body, plain_text
from .models import WordPressPost
from .wxr import children, postmeta, read_export, text_of

#: Bumped when the conversion changes, so the next run updates every post it imported before.
CONVERSION_VERSION = 1
UPLOADS_MARKER = "/wp-content/uploads/"
NO_DATE = "0000-00-00 00:00:00"
#: The category WordPress files a post under when none was chosen: not a topic.
DEFAULT_CATEGORIES = {"uncategorized", "tak-berkategori", "tidak-berkategori"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
STATUSES = {"publish", "future", "draft", "pending", "private"}
SKIPPED_TYPES = {
    "page": "halaman (page)",
    "nav_menu_item": "item menu (nav_menu_item)",
    "attachment": "lampiran (attachment; dibawa bersama posnya)",
    "revision": "revisi (revision)",
}
TAG_MAX_LENGTH = 100


class ItemError(Exception):
    """A post that cannot be imported; the message names it."""


@dataclass
class Attachment:
    url: str = ""
    file: str = ""
    alt: str = ""
    title: str = ""
    caption: str = ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""


@dataclass
class Summary:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    items: int = 0


def parse_moment(value: str, zone) -> datetime.datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` in ``zone``; None for WordPress's empty date or nothing."""
    value = (value or "").strip()
    if not value or value == NO_DATE:
        return None
    try:
        naive = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - the zone is set next
    except ValueError:
        return None
    return naive.replace(tzinfo=zone)


def old_address(link: str) -> tuple[str, str]:
    """The host and the path with its query (percent-decoded) of an old page's full address."""
    parts = urlsplit(link.strip())
    path = unquote(parts.path or "/")
    if not path.startswith("/"):
        path = "/" + path
    return (parts.hostname or "").lower(), path + (f"?{parts.query}" if parts.query else "")


class WordPressImport:
    def __init__(self, path, city: City, *, uploads: Path | None = None, write=None, progress_every: int = 100):
        self.path, self.city, self.uploads = path, city, Path(uploads).resolve() if uploads else None
        self.write = write or (lambda line: None)
        self.progress_every = progress_every
        self.authors: dict[str, Author] = {}
        self.attachments: dict[str, Attachment] = {}
        self.summary = Summary()
        self._stored_images: dict[str, str | None] = {}

    # --- the first reading: is it an export, and what do posts refer to -------------------------------------

    def scan(self) -> None:
        """Read the whole export; raises ``wxr.ExportError`` for a file that is not a readable WXR export."""
        for entry in read_export(self.path):
            if entry.tag == "wp:author":
                login = text_of(entry.element, "wp:author_login")
                self.authors[login] = Author(
                    login=login,
                    email=text_of(entry.element, "wp:author_email").strip(),
                    display_name=plain_text(text_of(entry.element, "wp:author_display_name")),
                )
            elif entry.tag == "item" and text_of(entry.element, "wp:post_type") == "attachment":
                item = entry.element
                meta = postmeta(item)
                self.attachments[text_of(item, "wp:post_id").strip()] = Attachment(
                    url=text_of(item, "wp:attachment_url").strip(),
                    file=meta.get("_wp_attached_file", "").strip(),
                    alt=plain_text(meta.get("_wp_attachment_image_alt", "")),
                    title=plain_text(text_of(item, "title")),
                    caption=plain_text(text_of(item, "excerpt:encoded")),
                )

    # --- the second reading: the posts ---------------------------------------------------------------------

    def run(self) -> Summary:
        for entry in read_export(self.path):
            if entry.tag != "item":
                continue
            self.summary.items += 1
            item = entry.element
            try:
                self.import_item(item)
            except (ValidationError, DatabaseError, StorageFailure, ValueError, OSError) as error:
                raise ItemError(self.describe_failure(item, error)) from error
            if self.summary.items % self.progress_every == 0:
                self.write(f"… {self.summary.items} item dibaca")
        return self.summary

    @staticmethod
    def name_of(item) -> str:
        title = plain_text(text_of(item, "title")) or "(tanpa judul)"
        return f'"{title}" (wp:post_id {text_of(item, "wp:post_id").strip() or "?"})'

    def describe_failure(self, item, error) -> str:
        if isinstance(error, ValidationError):
            reason = (
                "; ".join(
                    f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                    for name, messages in error.message_dict.items()
                )
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
        else:
            reason = str(error) or error.__class__.__name__
        return f"Pos {self.name_of(item)} tidak dapat diimpor: {reason}"

    def skip(self, reason: str) -> None:
        self.summary.skipped[reason] += 1

    def import_item(self, item) -> None:
        post_type = text_of(item, "wp:post_type").strip()
        status = text_of(item, "wp:status").strip()
        if post_type != "post":
            self.skip(SKIPPED_TYPES.get(post_type, f"jenis pos tidak dikenal ({post_type or 'kosong'})"))
            return
        if status in SKIPPED_STATUSES:
            self.skip(f"status {status}")
            return
        if status not in STATUSES:
            raise ItemError(f"Pos {self.name_of(item)}: status WordPress tidak dikenal: {status!r}.")
        try:
            post_id = int(text_of(item, "wp:post_id").strip())
        except ValueError:
            raise ItemError(f"Pos {self.name_of(item)}: wp:post_id bukan angka.") from None
        hero = self.hero_of(item)
        digest = self.digest(item, hero)
        record = WordPressPost.objects.filter(city=self.city, wp_post_id=post_id).first()
        if record is not None and record.article_id is None:
            self.skip("artikelnya sudah dihapus di Newsroom (tidak dibawa lagi)")
            return
        if record is not None and record.content_hash == digest:
            self.summary.unchanged += 1
            return
        article = Article.objects.get(pk=record.article_id) if record else Article(city=self.city)
        self.fill(article, item, post_id, status, hero)
        host, path = old_address(text_of(item, "link") or text_of(item, "guid"))
        if record is None:
            record = WordPressPost(city=self.city, wp_post_id=post_id)
            self.summary.imported.append(self.name_of(item))
        else:
            self.summary.updated.append(self.name_of(item))
        record.article, record.old_link, record.old_host = article, path, host
        record.content_hash, record.imported_at = digest, timezone.now()
        record.full_clean(exclude=["article", "city"])
        record.save()

    # --- one post ------------------------------------------------------------------------------------------------

    def fill(self, article: Article, item, post_id: int, status: str, hero: dict) -> None:
        name = self.name_of(item)
        headline = plain_text(text_of(item, "title"))
        if not headline:
            raise ItemError(f"Pos {name} tidak berjudul.")
        converted = convert_body(text_of(item, "content:encoded"), resolve_image=self.body_image)
        self.summary.notes.extend(f"{name}: {note}" for note in converted.notes)
        article.headline = headline
        article.lead = plain_text(text_of(item, "excerpt:encoded"))
        article.body = converted.body
        if article.pk is None:
            article.slug = Article.objects.free_slug(self.slug_for(item, headline, post_id))
        article.source_note = f"WordPress: {text_of(item, 'link').strip()}"
        self.set_author(article, text_of(item, "dc:creator").strip())
        self.set_status(article, item, status, name)
        if text_of(item, "wp:is_sticky").strip() == "1":
            self.summary.notes.append(f"{name}: ditandai 'sticky' di WordPress; Newsroom tidak punya penanda itu")
        tags = self.tags_of(item, name)
        article.full_clean(exclude=["hero_image", "slug"], validate_unique=False, validate_constraints=False)
        found = article.screen(tags=tags)
        with self.hero_file(article, hero, name):
            with recorded(article, AuditEntry.Action.WORDPRESS_IMPORT, None, f"WordPress #{post_id}"):
                article.save()
                article.tags.set(tags)
                if found:
                    record_hold(article, found, by=None)
        if found:
            self.summary.held.append(name)

    def slug_for(self, item, headline: str, post_id: int) -> str:
        max_length = Article._meta.get_field("slug").max_length
        slug = slugify(unquote(text_of(item, "wp:post_name").strip())) or slugify(headline) or f"wp-{post_id}"
        return slug[:max_length].strip("-") or f"wp-{post_id}"

    def set_author(self, article: Article, login: str) -> None:
        author = self.authors.get(login, Author(login=login))
        members = get_user_model().objects.filter(memberships__city=self.city, is_active=True)
        user = None
        if author.email:
            user = members.filter(email__iexact=author.email).first()
        if user is None and login:
            user = members.filter(username=login).first()
        article.author = user
        article.byline = "" if user else (author.display_name or login)[:200]

    def set_status(self, article: Article, item, status: str, name: str) -> None:
        moment = parse_moment(text_of(item, "wp:post_date_gmt"), datetime.UTC) or parse_moment(
            text_of(item, "wp:post_date"), self.city.zoneinfo
        )
        if status in ("publish", "future"):
            if moment is None:
                raise ItemError(f"Pos {name} terbit tanpa tanggal yang dapat dibaca.")
            article.status, article.published_at, article.published_time_known = ArticleStatus.PUBLISHED, moment, True
            return
        article.status, article.published_at = ArticleStatus.DRAFT, None
        if status == "private":
            self.summary.notes.append(f"{name}: pos privat di WordPress, diimpor sebagai draf (tidak tampil)")

    def tags_of(self, item, name: str) -> list[str]:
        names, seen = [], set()
        for category in children(item, "category"):
            if category.get("domain") not in ("category", "post_tag"):
                continue
            if category.get("domain") == "category" and category.get("nicename") in DEFAULT_CATEGORIES:
                continue
            tag = " ".join(html.unescape(category.text or "").split())
            if len(tag) > TAG_MAX_LENGTH:
                self.summary.notes.append(f"{name}: tag dipotong menjadi {TAG_MAX_LENGTH} karakter: {tag!r}")
                tag = tag[:TAG_MAX_LENGTH].rstrip()
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                names.append(tag)
        return names

    def digest(self, item, hero: dict) -> str:
        """A fingerprint of everything the import reads from a post (and of its featured image's file)."""
        fields = [
            text_of(item, tag)
            for tag in (
                "title", "link", "dc:creator", "content:encoded", "excerpt:encoded", "wp:post_date",
                "wp:post_date_gmt", "wp:post_name", "wp:status", "wp:is_sticky",
            )
        ]  # fmt: skip
        categories = [(c.get("domain"), c.get("nicename"), c.text) for c in children(item, "category")]
        content = [CONVERSION_VERSION, fields, categories, hero]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()

    # --- images --------------------------------------------------------------------------------------------------

    def upload_path(self, url_or_file: str) -> Path | None:
        """The file under ``--uploads`` an attachment's address or relative name points to; None if outside it."""
        if self.uploads is None or not url_or_file:
            return None
        relative = url_or_file
        if "://" in relative or relative.startswith("/"):
            path = unquote(urlsplit(relative).path)
            if UPLOADS_MARKER not in path:
                return None
            relative = path.split(UPLOADS_MARKER, 1)[1]
        candidate = (self.uploads / unquote(relative)).resolve()
        return candidate if candidate.is_relative_to(self.uploads) else None

    def hero_of(self, item) -> dict:
        """What the post's featured image is: the attachment, its file under ``--uploads`` and whether it is there."""
        thumbnail = postmeta(item).get("_thumbnail_id", "").strip()
        if not thumbnail:
            return {}
        attachment = self.attachments.get(thumbnail)
        if attachment is None:
            return {"id": thumbnail, "missing": "lampiran tidak ada dalam ekspor"}
        path = self.upload_path(attachment.file) or self.upload_path(attachment.url)
        state = {"id": thumbnail, "url": attachment.url, "alt": attachment.alt or attachment.title}
        state["caption"] = attachment.caption
        if self.uploads is None:
            state["missing"] = "tanpa --uploads"
        elif path is None or not path.is_file():
            state["missing"] = f"berkas tidak ditemukan di folder uploads ({attachment.file or attachment.url})"
        else:
            state["path"], state["size"] = str(path), path.stat().st_size
        return state

    def hero_file(self, article: Article, hero: dict, name: str):
        """Open the featured image for the save inside (the model re-encodes it); a missing or refused file is
        reported, and the article keeps the image it has (a new one: none)."""
        stack = contextlib.ExitStack()
        if not hero:
            return stack
        if "path" not in hero:
            if hero["missing"] != "tanpa --uploads":
                self.summary.notes.append(f"{name}: gambar utama tidak dibawa: {hero['missing']}")
            return stack
        handle = stack.enter_context(open(hero["path"], "rb"))  # noqa: SIM115 - closed by the caller's with
        upload = File(handle, name=os.path.basename(hero["path"]))
        try:
            validate_image(upload)
        except ValidationError as error:
            self.summary.notes.append(f"{name}: gambar utama ditolak: {' '.join(error.messages)}")
            stack.close()
            return contextlib.ExitStack()
        article.hero_image = upload
        article.hero_alt = (hero.get("alt") or article.headline)[:255]
        article.hero_caption = (hero.get("caption") or "")[:500]
        return stack

    def body_image(self, src: str) -> str | None:
        """An image of the body from the old uploads folder, checked, re-encoded and stored as the site's own
        media; its new address, or None (the image is dropped)."""
        path = self.upload_path(src)
        if path is not None and not path.is_file():
            original = re.sub(r"-\d+x\d+(\.\w+)$", r"\1", path.name)
            path = path.with_name(original)
        if path is None or not path.is_file():
            return None
        key = str(path)
        if key not in self._stored_images:
            self._stored_images[key] = self._store_body_image(path)
        return self._stored_images[key]

    def _store_body_image(self, path: Path) -> str | None:
        with open(path, "rb") as handle:
            try:
                clean = reencode_image(File(handle, name=path.name))
            except ValidationError:
                return None
        now = timezone.now()
        name = default_storage.save(f"articles/{now:%Y/%m}/{uuid.uuid4().hex}{Path(clean.name).suffix}", clean)
        discard_unless_committed([name])
        return default_storage.url(name)
