"""Every response carries a Content-Security-Policy: no inline script anywhere, nothing from other hosts.

The browser tests (tests/browser) fail on any refusal the browser reports, so the policy is also checked
against the real pages, the admin's editor included.
"""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import client_for, make_article, make_city, staff


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_public_pages_allow_no_inline_script_or_style_and_nothing_from_elsewhere(client, frozen, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article(headline="Kebijakan konten")
    for attempt in ("built", "from the page cache"):
        policy = directives(client.get(article.get_absolute_url()))
        assert policy["script-src"] == "'self'", attempt
        assert policy["style-src"] == "'self'", attempt
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"


@pytest.mark.django_db
def test_the_admin_allows_its_editors_import_map_by_hash_and_no_other_inline_script(frozen):
    city = make_city()
    client = client_for(staff(city, "redaktur"))
    response = client.get(reverse("admin:articles_article_add"))
    page = response.content
    maps = re.findall(rb'<script type="importmap"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert maps, "the editor loads its modules through an import map"
    allowed = directives(response)["script-src"].split()
    assert "'unsafe-inline'" not in allowed
    for content in maps:
        assert f"'sha256-{base64.b64encode(hashlib.sha256(content).digest()).decode()}'" in allowed


def test_no_template_carries_an_inline_event_handler():
    """The policy refuses inline handlers (onclick=, onfocus=…): one in a template would silently not work."""
    root = Path(__file__).resolve().parent.parent / "templates"
    handlers = {
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("*.html")
        for match in re.finditer(r"<[^>]*\son[a-z]+\s*=", path.read_text())
    }
    assert handlers == set()
