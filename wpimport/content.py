"""A WordPress post body turned into the markup the project keeps, before the sanitiser sees it.

WordPress stores a classic post as text whose blank lines are paragraphs (``wpautop`` adds the ``<p>`` when the
page is shown), and a block-editor post with ``<!-- wp:… -->`` comments around each block. Shortcodes are
WordPress's own: ``[caption]`` becomes a figure with its caption, a YouTube video (``[embed]``, the embed block,
an ``<iframe>`` or a bare address on its own line) a plain link to it, since the site embeds no video; other
shortcodes are dropped and named in the import's summary. Images from the old site's uploads folder are handed
to ``resolve_image``, which stores them as the site's own media or answers ``None`` (the image is dropped, with a
note). What comes out still goes through ``articles.sanitize.clean_html`` when the article is saved.
"""

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
#: Shortcodes of WordPress itself (and the commonest plugins) recognised even without attributes.
KNOWN_SHORTCODES = {
    "audio", "video", "playlist", "gallery", "embed", "caption", "wp_caption", "contact-form-7", "contact-form",
    "wpforms", "ninja_form", "su_button", "su_row", "su_column", "vc_row", "vc_column", "vc_column_text",
    "et_pb_section", "et_pb_row", "et_pb_column", "et_pb_text", "fusion_builder_container", "pdf-embedder",
    "wp_google_maps", "instagram-feed", "custom-twitter-feeds", "tweet", "youtube",
}  # fmt: skip
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "figure", "blockquote", "table", "div", "hr",
          "pre", "iframe", "form", "section", "address", "dl")  # fmt: skip

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(\{.*?\})\s*/?-->(.*?)<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->",
    re.DOTALL,
)  # noqa: E501
_EMBED_SHORTCODE = re.compile(r"\[embed(?:\s[^\]]*)?\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_IFRAME = re.compile(r"<iframe\b[^>]*?\bsrc\s*=\s*([\"'])(.*?)\1[^>]*>.*?</iframe>", re.DOTALL | re.IGNORECASE)
_ANY_IFRAME = re.compile(r"<iframe\b.*?(?:</iframe>|/>)", re.DOTALL | re.IGNORECASE)
_CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_CAPTION_ATTRIBUTE = re.compile(r"\bcaption\s*=\s*([\"'])(.*?)\1", re.DOTALL)
_CAPTION_MEDIA = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
_SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s[^\[\]]*)?)\]")
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://\S+)[ \t]*$", re.MULTILINE)


@dataclass
class Converted:
    body: str
    #: Shortcodes dropped, iframes other than YouTube, images not brought over: for the summary.
    notes: list[str] = field(default_factory=list)


def youtube_link(url: str) -> str | None:
    """The watch address of a YouTube video at ``url`` (a watch, short, embed or nocookie address), else None."""
    parts = urlsplit(html.unescape(url.strip()))
    host = (parts.hostname or "").lower()
    if host not in YOUTUBE_HOSTS:
        return None
    video = ""
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
        video = parts.path.split("/")[2]
    elif parts.path == "/watch":
        video = parse_qs(parts.query).get("v", [""])[0]
    if not re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video):
        return None
    return f"https://www.youtube.com/watch?v={video}"


def _link_paragraph(url: str) -> str:
    escaped = html.escape(url)
    return f'\n\n<p><a href="{escaped}">{escaped}</a></p>\n\n'


def convert_body(raw: str, *, resolve_image: Callable[[str], str | None]) -> Converted:
    """``raw`` (``content:encoded``) as the project's markup; ``resolve_image(src)`` gives an image's new address."""
    notes: list[str] = []
    text = raw.replace("\r\n", "\n")
    classic = "<!-- wp:" not in text

    def embed_block(match):
        try:
            url = str(json.loads(match.group(1)).get("url", ""))
        except ValueError:
            url = ""
        url = url or match.group(2).strip()
        return video_or_note(re.sub(r"<[^>]+>", " ", url).strip(), "embed")

    def video_or_note(url: str, what: str) -> str:
        video = youtube_link(url)
        if video:
            return _link_paragraph(video)
        if url.startswith("https://"):
            notes.append(f"{what} {url} menjadi tautan biasa")
            return _link_paragraph(html.unescape(url))
        notes.append(f"{what} {url or '(tanpa alamat)'} dibuang")
        return ""

    text = _EMBED_BLOCK.sub(embed_block, text)
    text = _BLOCK_COMMENT.sub("", text)
    text = _EMBED_SHORTCODE.sub(lambda m: video_or_note(m.group(1).strip(), "[embed]"), text)
    text = _IFRAME.sub(lambda m: video_or_note(m.group(2), "iframe"), text)
    if _ANY_IFRAME.search(text):
        notes.append("iframe tanpa alamat dibuang")
        text = _ANY_IFRAME.sub("", text)
    # WordPress turns a video address alone on its line into the player (oEmbed).
    text = _BARE_URL_LINE.sub(_bare_video, text)
    text = _CAPTION.sub(_figure, text)
    text = _drop_shortcodes(text, notes)
    text = _IMG.sub(lambda m: _image(m.group(0), resolve_image, notes), text)
    if classic:
        text = autop(text)
    return Converted(body=text.strip(), notes=notes)


def _bare_video(match) -> str:
    video = youtube_link(match.group(1))
    return _link_paragraph(video) if video else match.group(0)


def _figure(match) -> str:
    attributes, inner = match.group(2), match.group(3)
    media = _CAPTION_MEDIA.match(inner)
    image, caption = (media.group(1), media.group(2)) if media else ("", inner)
    named = _CAPTION_ATTRIBUTE.search(attributes)
    if named and not caption.strip():
        caption = named.group(2)
    caption = caption.strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image}{figcaption}</figure>\n\n"


def _drop_shortcodes(text: str, notes: list[str]) -> str:
    """Remove shortcodes: the known ones, any with ``name=`` attributes, any opened and closed; the text they
    enclose stays. A bracketed word of the news itself ("[Foto]") is left as written."""
    closed = {match.group(2) for match in _SHORTCODE.finditer(text) if match.group(1)}
    dropped = []

    def drop(match):
        name, attributes = match.group(2), match.group(3)
        if name in KNOWN_SHORTCODES or name in closed or "=" in attributes:
            if name not in dropped:
                dropped.append(name)
            return ""
        return match.group(0)

    text = _SHORTCODE.sub(drop, text)
    notes.extend(f"shortcode [{name}] dibuang" for name in dropped)
    return text


def _image(tag: str, resolve_image: Callable[[str], str | None], notes: list[str]) -> str:
    found = _SRC.search(tag)
    src = html.unescape(found.group(2)) if found else ""
    new = resolve_image(src) if src else None
    if new is None:
        notes.append(f"gambar {src or '(tanpa alamat)'} tidak dibawa")
        return ""
    alt = re.search(r"\balt\s*=\s*([\"'])(.*?)\1", tag, re.DOTALL)
    alt_text = html.escape(html.unescape(alt.group(2))) if alt else ""
    return f'<img src="{html.escape(new)}" alt="{alt_text}">'


def autop(text: str) -> str:
    """WordPress's ``wpautop`` in short: blank lines separate paragraphs, a single newline is a line break; a
    chunk that is a block already (a heading, a list, a figure) is left as it is."""
    blocks = "|".join((*BLOCKS, "script", "style"))
    text = re.sub(rf"(<(?:{blocks})\b[^>]*>)", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</(?:{blocks})>)", r"\1\n\n", text, flags=re.IGNORECASE)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    out = []
    for chunk in chunks:
        if re.match(rf"\s*</?(?:{blocks})\b", chunk, re.IGNORECASE):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def plain_text(markup: str) -> str:
    """An excerpt as plain text: tags removed, entities decoded, spaces tidied."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup or "")).split())
