"""The Indonesian catalogue: complete, compiled, in step with the code, and actually used by the site.

Indonesian is the first language of the site and the admin; the msgids are English. The catalogue is read here
with a small parser of its own, so these tests need no gettext tools (``msgfmt``, ``xgettext``) on the machine;
only the check that runs ``makemessages`` itself is skipped without them.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from articles.models import ArticleStatus, AuditEntry
from cities.models import Role

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
PO = LOCALE / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages leaves out (the Makefile and the docs use the same list).
NOT_SCANNED = {".venv", "scripts", "tests", "staticfiles", "media", "node_modules", ".git"}
# Every Python package of the project, as makemessages walks them (an app added later is scanned too).
PY_DIRS = sorted(
    path.name for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name not in NOT_SCANNED
)

GETTEXT_FUNCTIONS = {
    # name: (index of the singular, index of the plural or None, index of the context or None)
    "_": (0, None, None),
    "gettext": (0, None, None),
    "gettext_lazy": (0, None, None),
    "gettext_noop": (0, None, None),
    "ngettext": (0, 1, None),
    "ngettext_lazy": (0, 1, None),
    "pgettext": (1, None, 0),
    "pgettext_lazy": (1, None, 0),
    "npgettext": (1, 2, 0),
    "npgettext_lazy": (1, 2, 0),
}


# --- a tiny .po reader ------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def read_po(path: Path = PO) -> list[dict]:
    """The entries of a .po file: ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` or ``msgstr[n]``, ``flags``.

    Obsolete entries (``#~``) are left out; the header is the entry whose msgid is empty.
    """
    entries, entry, key = [], None, None

    def close():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:  # a comment starts the next entry
                close()
                entry = None
            entry = entry or {"flags": set()}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            key = match.group(1)
            if entry is not None and key in ("msgctxt", "msgid") and "msgid" in entry:
                close()
                entry = None
            entry = entry or {"flags": set()}
            entry[key] = _unquote(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += _unquote(line)
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {line!r}")
    close()
    return entries


def header(entries) -> dict[str, str]:
    (head,) = [entry for entry in entries if entry["msgid"] == "" and "msgctxt" not in entry]
    fields = {}
    for line in head["msgstr"].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return {"flags": head["flags"], **fields}


def messages(entries) -> list[dict]:
    return [entry for entry in entries if entry["msgid"] != ""]


def translations_of(entry) -> list[str]:
    if "msgid_plural" in entry:
        return [entry[key] for key in sorted(entry) if key.startswith("msgstr[")]
    return [entry["msgstr"]]


def catalogue_key(entry) -> str:
    return f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]


def label(entry) -> str:
    return repr(entry["msgid"])


@pytest.fixture(scope="module")
def po_entries():
    assert PO.exists(), f"{PO.relative_to(ROOT)} is missing: run makemessages -l id"
    return read_po()


# --- (a) complete, and nothing left fuzzy -------------------------------------------------------------------------


def test_header_names_the_language_and_its_single_plural_form(po_entries):
    head = header(po_entries)
    assert "fuzzy" not in head["flags"]
    assert head["Language"] == "id"
    assert head["Project-Id-Version"] == "Newsroom"
    assert head["Content-Type"] == "text/plain; charset=UTF-8"
    assert head["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"


def test_every_message_is_translated(po_entries):
    untranslated = [label(entry) for entry in messages(po_entries) if not all(translations_of(entry))]
    assert untranslated == []


def test_plural_messages_have_exactly_the_one_indonesian_form(po_entries):
    wrong = [
        label(entry)
        for entry in messages(po_entries)
        if "msgid_plural" in entry and [key for key in entry if key.startswith("msgstr")] != ["msgstr[0]"]
    ]
    assert wrong == []


def test_nothing_is_fuzzy(po_entries):
    assert [label(entry) for entry in messages(po_entries) if "fuzzy" in entry["flags"]] == []


def test_each_msgid_appears_once(po_entries):
    keys = [catalogue_key(entry) for entry in messages(po_entries)]
    assert len(keys) == len(set(keys))


PLACEHOLDER = re.compile(r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[sdifr]|%[#0\- +]*\d*(?:\.\d+)?[sdifr]|\{[a-z_][a-z0-9_]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def test_placeholders_and_html_tags_are_kept(po_entries):
    """What msgfmt --check would catch: a lost ``%(name)s`` raises KeyError/TypeError at run time."""
    broken = []
    for entry in messages(po_entries):
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for text in translations_of(entry):
            for pattern in (PLACEHOLDER, TAG):
                found = sorted(pattern.findall(text))
                if found not in (sorted(pattern.findall(source)) for source in sources):
                    broken.append((label(entry), pattern.findall(sources[0]), found))
    assert broken == []


# --- (b) the compiled .mo is the .po ------------------------------------------------------------------------------


def test_compiled_catalogue_is_in_step_with_the_po(po_entries):
    """django.mo is committed (users without gettext get translations), so it must be recompiled with the .po."""
    assert MO.exists(), "django.mo is missing: run compilemessages -l id"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = {}
    for entry in messages(po_entries):
        if "msgid_plural" in entry:
            for index, text in enumerate(translations_of(entry)):
                expected[(catalogue_key(entry), index)] = text
        else:
            expected[catalogue_key(entry)] = entry["msgstr"]
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}
    stale = {key: (catalog.get(key), value) for key, value in expected.items() if catalog.get(key) != value}
    extra = sorted(map(str, set(catalog) - set(expected)))
    assert stale == {}, "django.mo differs from django.po: run compilemessages -l id"
    assert extra == [], "django.mo has messages the .po does not: run compilemessages -l id"
    assert compiled.plural(1) == compiled.plural(5) == 0


# --- (c) the catalogue covers the code ----------------------------------------------------------------------------


def _scanned(paths):
    for path in paths:
        if not NOT_SCANNED.intersection(path.relative_to(ROOT).parts):
            yield path


def python_messages() -> set[tuple]:
    """(context, singular, plural) of every gettext call with literal arguments in the project's Python code."""
    found = set()
    files = [path for folder in PY_DIRS for path in (ROOT / folder).rglob("*.py")]
    for path in _scanned(files):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT_FUNCTIONS:
                continue
            args = [
                arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None for arg in node.args
            ]
            singular, plural, context = GETTEXT_FUNCTIONS[name]
            if len(args) <= singular or args[singular] is None:
                continue  # not a literal: xgettext cannot see it either
            found.add(
                (
                    args[context] if context is not None else None,
                    args[singular],
                    args[plural] if plural is not None and len(args) > plural else None,
                )
            )
    return found


_LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATIZED_CALL = re.compile(rf"\b(n?p?gettext)\(\s*({_LITERAL}(?:\s*,\s*{_LITERAL})*)")


def template_messages() -> set[tuple]:
    """The same for templates, through Django's own ``templatize`` (which makemessages uses): handles
    ``translate``, ``blocktranslate`` with variables, ``count``/``plural``, ``trimmed`` and ``context``."""
    found = set()
    for path in _scanned(sorted((ROOT / "templates").rglob("*.html"))):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for call in _TEMPLATIZED_CALL.finditer(code):
            name = call.group(1)
            strings = [ast.literal_eval(text) for text in re.findall(_LITERAL, call.group(2))]
            context = strings.pop(0) if name.startswith(("pgettext", "npgettext")) else None
            plural = strings[1] if name.startswith(("ngettext", "npgettext")) else None
            found.add((context, strings[0], plural))
    return found


def _not_in_catalogue(found, po_entries):
    have = {(entry.get("msgctxt"), entry["msgid"]): entry for entry in messages(po_entries)}
    missing = []
    for context, singular, plural in sorted(found, key=str):
        entry = have.get((context, singular))
        if entry is None or (plural and entry.get("msgid_plural") != plural):
            missing.append(singular if context is None else f"{context}|{singular}")
    return missing


def test_scanner_finds_messages():
    """The scanners below see something, so an empty result there means "all covered", not "found nothing"."""
    assert {"newsroom", "core", "images", "cities", "staff", "articles", "public"} <= set(PY_DIRS)
    assert (None, "Latest news", None) in template_messages()
    assert (None, "%(counter)s article found", "%(counter)s articles found") in template_messages()
    assert (None, "published", None) in python_messages()
    assert (None, "%(count)d article: %(action)s.", "%(count)d articles: %(action)s.") in python_messages()


def test_every_python_message_is_in_the_catalogue(po_entries):
    assert _not_in_catalogue(python_messages(), po_entries) == [], "run makemessages -l id and translate"


def test_every_template_message_is_in_the_catalogue(po_entries):
    assert _not_in_catalogue(template_messages(), po_entries) == [], "run makemessages -l id and translate"


@pytest.mark.skipif(not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="needs GNU gettext")
def test_makemessages_finds_nothing_new(tmp_path, po_entries):
    """makemessages run on a copy of the project adds no msgid and leaves no entry untranslated or fuzzy."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(*NOT_SCANNED, "__pycache__", ".*cache", ".hypothesis", "*.sqlite3", "*.mo"),
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location", "--ignore", ".venv/*"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = read_po(copy / PO.relative_to(ROOT))
    before = {catalogue_key(entry) for entry in messages(po_entries)}
    new = [label(entry) for entry in messages(fresh) if catalogue_key(entry) not in before]
    assert new == [], "new msgids: run makemessages -l id and translate them"
    undone = [label(entry) for entry in messages(fresh) if "fuzzy" in entry["flags"] or not all(translations_of(entry))]
    assert undone == []


# --- (d) the catalogue is what the site uses -------------------------------------------------------------------


KEY_STRINGS = [
    ("Latest news", "Berita terbaru"),
    ("News", "Berita"),
    ("Published", "Terbit"),
    ("Updated", "Diperbarui"),
    ("Correction", "Ralat"),
    ("Read also", "Baca juga"),
]


@pytest.mark.parametrize(("english", "indonesian"), KEY_STRINGS)
def test_key_strings_follow_the_active_language(english, indonesian):
    with translation.override("id"):
        assert translation.gettext(english) == indonesian
    with translation.override("en"):
        assert translation.gettext(english) == english


@pytest.mark.parametrize(
    ("choice", "indonesian"),
    [
        (ArticleStatus.DRAFT, "draf"),
        (ArticleStatus.REVIEW, "ditinjau"),
        (ArticleStatus.PUBLISHED, "terbit"),
        (ArticleStatus.UNPUBLISHED, "ditarik"),
        (ArticleStatus.ARCHIVED, "diarsipkan"),
        (AuditEntry.Action.SCHEDULE, "terjadwal"),
        (Role.PENULIS, "Penulis"),
        (Role.REDAKTUR, "Redaktur"),
        (Role.ADMIN, "Admin kota"),
    ],
)
def test_status_and_role_names(choice, indonesian):
    with translation.override("id"):
        assert str(choice.label) == indonesian
    with translation.override("en"):
        assert str(choice.label) != indonesian


def test_plural_message_uses_the_single_form():
    with translation.override("id"):
        one = translation.ngettext("%(counter)s article found", "%(counter)s articles found", 1)
        seven = translation.ngettext("%(counter)s article found", "%(counter)s articles found", 7)
        assert one == seven == "%(counter)s artikel ditemukan"
    with translation.override("en"):
        seven = translation.ngettext("%(counter)s article found", "%(counter)s articles found", 7)
        assert seven == "%(counter)s articles found"


# --- (e) a public page in either language -------------------------------------------------------------------------


def test_home_page_is_indonesian_by_default(client, db):
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<html lang="id">' in text
    assert "Berita terbaru" in text
    assert "Latest news" not in text
    assert page.headers["Content-Language"] == "id"


def test_home_page_in_english_from_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/").content.decode()
    assert '<html lang="en">' in text
    assert "Latest news" in text
    assert "Berita terbaru" not in text


def test_language_switch_in_the_footer_turns_the_site_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    text = client.get("/").content.decode()
    assert "Latest news" in text
    assert "Berita terbaru" not in text


def test_unsupported_language_cookie_falls_back_to_indonesian(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text = client.get("/").content.decode()
    assert "Berita terbaru" in text
