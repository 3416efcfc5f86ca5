"""Reading a WordPress eXtended RSS export (WXR 1.0–1.2) as a stream, one element of the channel at a time.

The file is fed to expat in chunks; each child of ``<channel>`` (an ``<item>``, a ``<wp:author>``, …) is built
as a small element, handed out and forgotten, so an export of hundreds of megabytes is read in bounded memory.
A document type declaration is refused outright: WordPress never writes one, and it is where entity expansion
attacks ("billion laughs") and external entities live. Namespaces are read by their URI and the tags renamed to
the prefixes WordPress uses (``wp:post_id``), whichever WXR version wrote them.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

WP_NAMESPACES = {
    "http://wordpress.org/export/1.0/",
    "http://wordpress.org/export/1.1/",
    "http://wordpress.org/export/1.2/",
}
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://purl.org/rss/1.0/modules/excerpt/": "excerpt",
    **{f"{uri}excerpt/": "excerpt" for uri in WP_NAMESPACES},
    **dict.fromkeys(WP_NAMESPACES, "wp"),
}
CHUNK_BYTES = 64 * 1024
#: How much of the file's beginning is searched for a document type declaration before parsing begins.
PROLOGUE_BYTES = 1024


class ExportError(Exception):
    """The file is not a WXR export this importer can read; the message is for the person running the import."""


@dataclass(frozen=True)
class ChannelElement:
    """One child of ``<channel>``: ``tag`` as WordPress prefixes it (``item``, ``wp:author``, ``title``)."""

    tag: str
    element: Element


def _refuse_declarations(*args):
    raise ExportError(
        "Berkas berisi deklarasi DOCTYPE/ENTITY; ekspor WordPress tidak pernah memuatnya. Berkas ditolak demi "
        "keamanan (serangan perluasan entitas)."
    )


class _Reader:
    def __init__(self):
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = _refuse_declarations
        self.parser.EntityDeclHandler = _refuse_declarations
        self.parser.ExternalEntityRefHandler = _refuse_declarations
        self.parser.StartNamespaceDeclHandler = self.namespace
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.buffer_text = True
        self.depth = 0
        self.builder: TreeBuilder | None = None
        self.done: list[ChannelElement] = []
        self.wp_namespace = ""
        self.root = ""

    def namespace(self, prefix, uri):
        if prefix == "wp":
            if uri not in WP_NAMESPACES:
                raise ExportError(
                    f"Namespace WordPress tidak dikenal: {uri!r}. Yang dapat dibaca: WXR 1.0, 1.1 dan 1.2 "
                    f"({', '.join(sorted(WP_NAMESPACES))})."
                )
            self.wp_namespace = uri

    @staticmethod
    def tag(name: str) -> str:
        uri, _, local = name.rpartition(" ")
        if not uri:
            return local
        prefix = PREFIXES.get(uri)
        return f"{prefix}:{local}" if prefix else f"{{{uri}}}{local}"

    def start(self, name, attributes):
        self.depth += 1
        tag = self.tag(name)
        if self.depth == 1:
            self.root = tag
        elif self.depth == 2 and tag != "channel":
            raise ExportError(
                f"Elemen <{tag}> tak terduga di dalam <{self.root}>; ekspor WordPress hanya berisi <channel>."
            )
        elif self.depth == 3:
            self.builder = TreeBuilder()
        if self.builder is not None:
            self.builder.start(tag, {self.tag(key): value for key, value in attributes.items()})

    def end(self, name):
        if self.builder is not None:
            element = self.builder.end(self.tag(name))
            if self.depth == 3:
                self.builder.close()
                self.builder = None
                self.done.append(ChannelElement(element.tag, element))
        self.depth -= 1

    def data(self, text):
        if self.builder is not None:
            self.builder.data(text)


def read_export(path) -> Iterator[ChannelElement]:
    """The children of the export's ``<channel>``, in file order; raises ``ExportError`` for a file that is not
    a readable WXR 1.0–1.2 export (malformed XML, another format, an unknown WordPress namespace, a DOCTYPE)."""
    reader = _Reader()
    with open(path, "rb") as handle:
        head = handle.read(PROLOGUE_BYTES)
        if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
            _refuse_declarations()
        chunk = head
        while True:
            try:
                reader.parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise ExportError(
                    f"Berkas XML rusak pada baris {error.lineno}, kolom {error.offset + 1}: "
                    f"{expat.ErrorString(error.code)}."
                ) from None
            yield from reader.done
            reader.done.clear()
            if not chunk:
                break
            chunk = handle.read(CHUNK_BYTES)
    if reader.root != "rss" or not reader.wp_namespace:
        raise ExportError(
            "Ini bukan berkas ekspor WordPress (WXR): tidak ada <rss> dengan namespace wp "
            "(http://wordpress.org/export/1.2/)."
        )


def text_of(element: Element, tag: str, default: str = "") -> str:
    """The text of ``element``'s first child ``tag`` (e.g. ``wp:post_id``), or ``default``."""
    for child in element:
        if child.tag == tag:
            return child.text or ""
    return default


def children(element: Element, tag: str) -> list[Element]:
    return [child for child in element if child.tag == tag]


def postmeta(item: Element) -> dict[str, str]:
    """An item's ``wp:postmeta`` as a dict (the first value of a key counts)."""
    meta = {}
    for row in children(item, "wp:postmeta"):
        meta.setdefault(text_of(row, "wp:meta_key"), text_of(row, "wp:meta_value"))
    return meta
