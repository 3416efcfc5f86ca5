"""The body allow-list against XSS and hidden-link spam, plus properties that must hold for any input."""

import os
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, clean_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<form action="https://evil.example"><input name=q></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<!--<script>alert(1)</script>-->",
    '<div onmouseover="alert(1)">x</div>',
    "<p>x</p><scr<script>ipt>alert(1)</script>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="x">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<svg/onload=alert(1)><noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<p lang="en" title="x" id="y" dir="rtl">atribut umum</p>',
]

SPAM_PAYLOADS = [
    '<div style="display:none"><a href="https://judi.example">slot gacor</a></div>',
    '<p hidden><a href="https://judi.example">togel</a></p>',
    '<span style="position:absolute;left:-9999px"><a href="https://judi.example">judi</a></span>',
    '<a href="https://judi.example" style="font-size:0">casino</a>',
    '<p aria-hidden="true" class="sr-only"><a href="https://judi.example">slot</a></p>',
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|meta|base|link|svg|math|template)\b"
    r"|\son\w+\s*="
    r"|javascript:|vbscript:|data:"
    r"|\sstyle\s*="
    r"|\shidden\b"
    r"|\sclass\s*=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS + SPAM_PAYLOADS)
def test_payload_is_neutralised(payload):
    cleaned = clean_html(f"<p>Berita.</p>{payload}")
    assert not DANGEROUS.search(cleaned), cleaned
    AllowListChecker(convert_charrefs=True).feed(cleaned)


@pytest.mark.parametrize("payload", SPAM_PAYLOADS)
def test_hidden_spam_links_become_visible_nofollow_links(payload):
    cleaned = clean_html(payload)
    links = re.findall(r"<a [^>]*>", cleaned)
    assert len(links) == 1, cleaned  # the link stays, out of its hiding place
    assert 'href="https://judi.example"' in links[0] and 'rel="nofollow ugc noopener noreferrer"' in links[0]


def test_newsroom_formatting_survives():
    body = (
        "<h2>Subjudul</h2><p><strong>Tebal</strong>, <em>miring</em> dan "
        '<a href="https://serangkota.go.id/">tautan</a>.</p>'
        "<blockquote><p>Kutipan wali kota.</p></blockquote><ul><li>satu</li></ul>"
    )
    cleaned = clean_html(body)
    for kept in ("<h2>", "<strong>", "<em>", "<blockquote>", "<ul>", "<li>", 'href="https://serangkota.go.id/"'):
        assert kept in cleaned


def test_links_get_nofollow_ugc_noopener_noreferrer():
    assert 'rel="nofollow ugc noopener noreferrer"' in clean_html('<a href="https://example.com" rel="dofollow">x</a>')


html_fragments = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(XSS_PAYLOADS + SPAM_PAYLOADS),
        st.sampled_from(["<p>", "</p>", "<a href='", "'>", "<img ", " onerror=", "javascript:", '"', "<", ">", "&"]),
    ),
    max_size=12,
).map("".join)


class AllowListChecker(HTMLParser):
    """Parses like a browser would and fails on any tag, attribute or URL outside the allow-list."""

    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name)
            if name in {"href", "src"}:
                scheme = urlsplit(value or "").scheme.lower()
                assert scheme in ALLOWED_URL_SCHEMES | {""}, value


# Random exploration on developers' machines; the same examples every time in CI, so a run is repeatable.
@settings(max_examples=300, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(html_fragments)
def test_any_input_comes_out_safe_and_stable(fragment):
    cleaned = clean_html(fragment)
    AllowListChecker(convert_charrefs=True).feed(cleaned)
    assert clean_html(cleaned) == cleaned  # idempotent: saving twice changes nothing


@pytest.mark.parametrize(
    "link",
    ["//evil.example/phish", "/\\evil.example", "\\\\evil.example", " //evil.example", "/\t/evil.example", "\\/evil"],
)
def test_links_that_browsers_send_to_another_site_are_removed(link):
    cleaned = clean_html(f'<p><a href="{link}">formulir</a></p>')
    assert "href" not in cleaned and "formulir" in cleaned


@pytest.mark.parametrize("link", ["/berita/rakernas/", "https://serangkota.go.id/", "mailto:humas@serangkota.go.id"])
def test_ordinary_links_stay(link):
    assert f'href="{link}"' in clean_html(f'<a href="{link}">x</a>')


@pytest.mark.parametrize(
    "src",
    ["https://tracker.example/p.gif", "http://tracker.example/p.gif", "//tracker.example/p.gif", "/\\t.example/p"],
)
def test_remote_images_are_not_fetched_by_readers(src):
    assert "src" not in clean_html(f'<p><img src="{src}" alt="grafik"></p>')


def test_images_of_this_site_stay():
    assert 'src="/media/articles/2024/03/grafik.webp"' in clean_html('<img src="/media/articles/2024/03/grafik.webp">')


@pytest.mark.parametrize(
    "href", ["http://serangkota.go.id/", "tel:0254123456", "ftp://files.example/", "data:text/html,x", "javascript:x"]
)
def test_links_lead_only_to_https_mailto_or_own_paths(href):
    cleaned = clean_html(f'<p>Lihat <a href="{href}">situs</a>.</p>')
    assert "href" not in cleaned and "situs" in cleaned


@pytest.mark.parametrize("href", ["https://serangkota.go.id/", "mailto:humas@serangkota.go.id", "/berita/rapat/"])
def test_https_mailto_and_own_paths_stay(href):
    assert f'href="{href}"' in clean_html(f'<p><a href="{href}">tautan</a></p>')
