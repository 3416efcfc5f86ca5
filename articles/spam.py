"""Spam signals in an article: text hidden from readers, gambling vocabulary, and links to domains new to the site.

Gambling ("judi online") spam reaches government sites through stolen staff passwords: links hidden in a
body, a casino's vocabulary written so that filters miss it (``s1ot g4cor``, ``ｓｌｏｔ``, ``s l o t``), links
to domains the site never linked to. This module only finds such signals and says what it found; holding an
article for review is the model's business (``Article.screen``), releasing it the workflow's.

The body is read as submitted, before ``articles.sanitize`` drops the ``style`` and ``hidden`` attributes that
hide text: hidden text is found on the raw input. Parsing is the standard library's ``html.parser``, which
reads markup that regular expressions misread (comments, entities, attributes without quotes).
"""

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .sanitize import as_browsers_read

# --- the reasons ------------------------------------------------------------------------------------------------

HIDDEN_TEXT = "hidden_text"
GAMBLING_TERMS = "gambling_terms"
NEW_DOMAINS = "new_domains"

#: How text was hidden, as the reason names it (CSS is left as written: it is what a reader of the source sees).
TRICKS = {
    "display": "display:none",
    "visibility": "visibility:hidden",
    "opacity": "opacity:0",
    "font_size": "font-size:0",
    "off_screen": _("positioned off-screen"),
    "zero_size": _("zero size"),
    "clip": _("clipped away"),
    "colour": _("coloured like its background"),
    "attribute": _("the hidden attribute"),
    "aria": "aria-hidden",
    "class": _("a hiding class"),
    "stylesheet": _("a style sheet rule"),
}

#: Found items a reason names at most (the rest are counted).
MAX_ITEMS = 8
#: Characters of hidden text quoted in a reason.
SNIPPET_LENGTH = 80


@dataclasses.dataclass(frozen=True)
class Reason:
    """One kind of signal and what was found: hidden texts, gambling terms or new domains.

    ``detail`` says more: how the text was hidden (keys of ``TRICKS``), or how the terms were written when
    disguised. Stored as ``as_dict()`` in ``Article.held_reasons``; ``str()`` says it in the active language.
    """

    kind: str
    found: tuple[str, ...]
    detail: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"kind": self.kind, "found": list(self.found), "detail": list(self.detail)}

    @classmethod
    def from_dict(cls, data: dict) -> "Reason":
        return cls(data["kind"], tuple(data.get("found", ())), tuple(data.get("detail", ())))

    def keys(self) -> set[tuple[str, str]]:
        """Each finding as (kind, item): what a release clears and a later check compares with."""
        return {(self.kind, item.casefold()) for item in self.found}

    def __str__(self) -> str:
        if self.kind == HIDDEN_TEXT:
            tricks = ", ".join(str(TRICKS.get(trick, trick)) for trick in self.detail)
            return gettext("Text hidden from readers (%(tricks)s): %(found)s") % {
                "tricks": tricks,
                "found": _listed(self.found, quoted=True),
            }
        if self.kind == GAMBLING_TERMS:
            found = _listed(self.found, quoted=True)
            if self.detail:
                return gettext("Gambling vocabulary: %(found)s, written %(written)s") % {
                    "found": found,
                    "written": _listed(self.detail, quoted=True),
                }
            return gettext("Gambling vocabulary: %(found)s") % {"found": found}
        return gettext("Links to domains new to this site: %(found)s") % {"found": _listed(self.found)}


def _listed(items: Iterable[str], *, quoted: bool = False) -> str:
    items = list(items)
    shown = [f"“{item}”" if quoted else item for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        shown.append(gettext("%(count)d more") % {"count": len(items) - MAX_ITEMS})
    return ", ".join(shown)


def describe(reasons: Iterable[Reason]) -> str:
    """The reasons as one line of text, e.g. for the audit log."""
    return "; ".join(str(reason) for reason in reasons)


def reasons_from(stored: Iterable[dict]) -> list[Reason]:
    return [Reason.from_dict(data) for data in stored or ()]


def keys_of(stored: Iterable[dict]) -> set[tuple[str, str]]:
    return set().union(*(reason.keys() for reason in reasons_from(stored)))


def without(reasons: Iterable[Reason], keys: set[tuple[str, str]]) -> list[Reason]:
    """``reasons`` less the findings in ``keys`` (those already holding the article, or released before)."""
    left = []
    for reason in reasons:
        found = tuple(item for item in reason.found if (reason.kind, item.casefold()) not in keys)
        if found:
            left.append(dataclasses.replace(reason, found=found))
    return left


def merge(stored: Iterable[dict], reasons: Iterable[Reason]) -> list[dict]:
    """``stored`` reasons (as dicts) with ``reasons`` added, one entry per kind, in the order first found."""
    merged: dict[str, Reason] = {}
    for reason in [*reasons_from(stored), *reasons]:
        before = merged.get(reason.kind)
        if before is None:
            merged[reason.kind] = reason
        else:
            merged[reason.kind] = Reason(
                reason.kind,
                tuple(dict.fromkeys((*before.found, *reason.found))),
                tuple(dict.fromkeys((*before.detail, *reason.detail))),
            )
    return [reason.as_dict() for reason in merged.values()]


# --- text as a filter should read it ----------------------------------------------------------------------------

#: Letters of other scripts that look like Latin ones (after case folding).
LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i",
        "ї": "i", "ј": "j", "к": "k", "м": "m", "т": "t", "ԁ": "d", "ɡ": "g", "һ": "h", "ո": "n", "ս": "u",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "ω": "w",
        # Latin letters that are not plain ASCII after decomposition
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """``text`` folded the way spam disguises it: full-width and styled letters (ＳＬＯＴ, 𝐬𝐥𝐨𝐭) to plain ones,
    accents off, zero-width and other invisible characters out, look-alike letters of other scripts to Latin,
    all lower case. Digits standing for letters (``s1ot``) are matched by ``term_pattern``."""
    # Compatibility decomposition turns styled letters into plain ones and splits accents off their letters.
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(char for char in text if unicodedata.category(char) not in {"Mn", "Me", "Cf"})
    return unicodedata.normalize("NFC", text.translate(LOOKALIKES))


def normalise_term(term: str) -> str:
    """A term as stored: normalised, words separated by single spaces."""
    return " ".join(normalise(term).split())


#: What may stand for a letter: digits and signs that look like it.
LEET = {
    "a": "a4@", "b": "b8", "e": "e3", "g": "g96", "i": "i1!|l", "l": "l1|!i", "o": "o0", "s": "s5$", "t": "t7+",
    "z": "z2",
}  # fmt: skip
# Between the letters of a word: nothing, or one spacing character ("s l o t", "s.l.o.t", "s-l-o-t").
_SPACED = r"[\s._*\-]?"
# Between the words of a term: up to three of anything but letters and digits ("slot gacor", "slot-gacor",
# "slotgacor").
_BETWEEN_WORDS = r"[^a-z0-9]{0,3}"


@functools.lru_cache(maxsize=2048)
def term_pattern(term: str) -> re.Pattern:
    """The term as a whole word or phrase, disguised or not; digits may follow it (``slot88``), not letters."""

    def letter(char: str) -> str:
        return "[" + re.escape(LEET[char]) + "]" if char in LEET else re.escape(char)

    words = [_SPACED.join(letter(char) for char in word) for word in normalise_term(term).split()]
    return re.compile(r"(?<![a-z0-9])" + _BETWEEN_WORDS.join(words) + r"(?![a-z])")


def find_terms(text: str, terms: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The ``terms`` found in ``text``, each once, with the disguised ways it was written (normalised)."""
    text = normalise(text)
    found = []
    for term in terms:
        matches = [match.group() for match in term_pattern(term).finditer(text)]
        if matches:
            found.append((term, tuple(dict.fromkeys(written for written in matches if written != term))))
    return found


# --- reading the body ---------------------------------------------------------------------------------------

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
#: Elements whose content is never shown as text.
NOT_TEXT = {"script", "style", "template"}
#: Class names the common CSS frameworks use to hide an element.
HIDING_CLASSES = {
    "hidden", "hide", "d-none", "invisible", "sr-only", "visually-hidden", "screen-reader-text", "visuallyhidden",
}  # fmt: skip

_COMMENTS = re.compile(r"/\*.*?\*/", re.DOTALL)
_LENGTH = re.compile(r"(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in|ch|ex)?")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SELECTOR_NAMES = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
# Lengths in px, roughly: what "far off-screen" and "no size" mean.
_PX = {"px": 1, "pt": 1.33, "em": 16, "rem": 16, "ch": 8, "ex": 8, "cm": 38, "mm": 3.8, "in": 96}


def _declarations(style: str) -> dict[str, str]:
    declarations = {}
    for part in _COMMENTS.sub("", style).split(";"):
        name, colon, value = part.partition(":")
        if colon:
            value = value.lower().replace("!important", "")
            declarations[name.strip().lower()] = " ".join(value.split())
    return declarations


def _lengths(value: str) -> list[float]:
    """The lengths in ``value``, in px where the unit says (a bare number counts as px; % and viewport units as
    their number)."""
    return [float(number) * _PX.get(unit or "px", 1) for number, unit in _LENGTH.findall(value or "")]


def _is_zero(value: str) -> bool:
    lengths = _lengths(value)
    return bool(lengths) and all(abs(length) <= 1 for length in lengths)


def style_trick(style: str) -> str | None:
    """How an inline style (or a style sheet rule's declarations) hides its element, or None."""
    css = _declarations(style)
    if css.get("display") == "none":
        return "display"
    if css.get("visibility") in {"hidden", "collapse"}:
        return "visibility"
    opacity = css.get("opacity", "")
    if opacity and (lengths := _lengths(opacity)) and lengths[0] <= (10 if "%" in opacity else 0.1):
        return "opacity"
    if "font-size" in css and _is_zero(css["font-size"]):
        return "font_size"
    for name in ("left", "top", "right", "bottom", "text-indent", "margin-left", "margin-top", "transform"):
        if any(length <= -500 for length in _lengths(css.get(name, ""))):
            return "off_screen"
    overflow = {css.get(name) for name in ("overflow", "overflow-x", "overflow-y")}
    sizes = ("height", "width", "max-height", "max-width")
    if overflow & {"hidden", "clip"} and any(name in css and _is_zero(css[name]) for name in sizes):
        return "zero_size"
    clip, clip_path = css.get("clip", ""), css.get("clip-path", "")
    if (clip.startswith("rect(") and _is_zero(clip)) or re.match(r"(inset\((50|100)%|circle\(0)", clip_path):
        return "clip"
    colour = css.get("color")
    background = css.get("background-color") or css.get("background")
    if colour == "transparent" or (colour and colour == background):
        return "colour"
    return None


@dataclasses.dataclass
class _Hidden:
    trick: str
    needs_link: bool = False  # aria-hidden only counts around a link
    text: list[str] = dataclasses.field(default_factory=list)
    links: list[str] = dataclasses.field(default_factory=list)

    def snippet(self) -> str:
        text = " ".join(" ".join(self.text).split())
        if not text and self.links:
            text = " ".join(self.links)
        return text if len(text) <= SNIPPET_LENGTH else text[: SNIPPET_LENGTH - 1].rstrip() + "…"

    def counts(self) -> bool:
        return bool(self.snippet()) and (bool(self.links) or not self.needs_link)


class _StyleSheets(HTMLParser):
    """First pass: the classes and ids that ``<style>`` blocks of the body hide."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_style = False
        self.css: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.css.append(data)

    def hiding_selectors(self) -> set[str]:
        names = set()
        for selectors, declarations in _RULE.findall(_COMMENTS.sub("", " ".join(self.css))):
            if style_trick(declarations):
                names |= {sign + name.lower() for sign, name in _SELECTOR_NAMES.findall(selectors)}
        return names


class _Reader(HTMLParser):
    """Second pass: all the text (hidden or not), the attributes readers see, the links, and the hidden parts."""

    def __init__(self, hiding_selectors: set[str]):
        super().__init__(convert_charrefs=True)
        self.hiding_selectors = hiding_selectors
        self.stack: list[tuple[str, _Hidden | None]] = []
        self.not_text = 0
        self.text: list[str] = []
        self.links: list[str] = []
        self.hidden: list[_Hidden] = []

    def _trick(self, tag: str, attrs: dict[str, str]) -> _Hidden | None:
        if "hidden" in attrs:
            return _Hidden("attribute")
        if trick := style_trick(attrs.get("style") or ""):
            return _Hidden(trick)
        classes = set((attrs.get("class") or "").lower().split())
        if classes & HIDING_CLASSES:
            return _Hidden("class")
        own = {f".{name}" for name in classes} | ({f"#{attrs['id'].lower()}"} if attrs.get("id") else set())
        if own & self.hiding_selectors:
            return _Hidden("stylesheet")
        if (attrs.get("aria-hidden") or "").strip().lower() == "true":
            return _Hidden("aria", needs_link=True)
        return None

    def handle_starttag(self, tag, attrs):
        attrs = {name.lower(): value or "" for name, value in attrs}
        hidden = self._trick(tag, attrs)
        if hidden is not None:
            self.hidden.append(hidden)
        # On the stack while its own attributes are read, so a hidden element's title or link counts as hidden.
        self.stack.append((tag, hidden))
        for name in ("title", "alt"):
            if attrs.get(name):
                self._text(attrs[name])
        if tag in {"a", "area"} and attrs.get("href"):
            self.links.append(attrs["href"])
            for _tag, record in self.stack:
                if record is not None:
                    record.links.append(host_of(attrs["href"]) or attrs["href"])
        if tag in VOID_ELEMENTS:
            self.stack.pop()
        elif tag in NOT_TEXT:
            self.not_text += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for closed, _hidden in self.stack[index:]:
                    if closed in NOT_TEXT:
                        self.not_text -= 1
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.not_text:
            self._text(data)

    def _text(self, data: str) -> None:
        self.text.append(data)
        for _tag, hidden in self.stack:
            if hidden is not None:
                hidden.text.append(data)


@dataclasses.dataclass(frozen=True)
class Body:
    """What the spam check reads in a body."""

    text: str  # every piece of text, hidden or not, with the titles and alt texts
    links: tuple[str, ...]  # every link target, as written
    hidden: tuple[tuple[str, str], ...]  # (trick, snippet) for each piece of hidden text


def read_body(html: str) -> Body:
    sheets = _StyleSheets()
    sheets.feed(html or "")
    sheets.close()
    reader = _Reader(sheets.hiding_selectors())
    reader.feed(html or "")
    reader.close()
    hidden = {}
    for part in reader.hidden:
        if part.counts():
            hidden.setdefault(part.snippet(), part.trick)
    return Body(
        text=" ".join(reader.text),
        links=tuple(reader.links),
        hidden=tuple((trick, snippet) for snippet, trick in hidden.items()),
    )


# --- where links lead -------------------------------------------------------------------------------------------


def host_of(url: str) -> str | None:
    """The host a link leads to, as browsers read it (``www.`` dropped, lower case, IDNA); None for a link on
    this site or without a host (``mailto:``)."""
    seen = as_browsers_read(url)
    if seen.startswith("//"):
        seen = "https:" + seen
    try:
        parts = urlsplit(seen)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not host:
        return None
    host = host.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return host.removeprefix("www.") or None


def link_hosts(html: str) -> list[str]:
    """The hosts the body's links lead to, each once, in order."""
    if "href" not in (html or "").lower():
        return []
    return list(dict.fromkeys(host for url in read_body(html).links if (host := host_of(url))))


def trusted_domains() -> tuple[str, ...]:
    """The allow-list (``SPAM_TRUSTED_DOMAINS``), and this site's own hosts (``ALLOWED_HOSTS``)."""
    trusted = settings.SPAM_TRUSTED_DOMAINS
    own = [host.lstrip(".").lower() for host in settings.ALLOWED_HOSTS if host not in {"*", ""}]
    return (*trusted, *own)


def is_trusted(host: str, trusted: Iterable[str] | None = None) -> bool:
    """Whether ``host`` is a trusted domain or under one (``serangkota.go.id`` is under ``go.id``)."""
    for domain in trusted if trusted is not None else trusted_domains():
        domain = domain.lower().lstrip(".")
        if host == domain or host.endswith("." + domain):
            return True
    return False


def _url_words(url: str) -> str:
    """A link as words, so that a gambling term in its host or path is found (``slot-gacor.example/rtp-live``)."""
    return re.sub(r"[^\w]+", " ", unquote(as_browsers_read(url)))


# --- the check ----------------------------------------------------------------------------------------------


def find_signals(
    *,
    texts: Iterable[str],
    body: str,
    terms: Iterable[str],
    known_hosts: Callable[[set[str]], set[str]],
) -> list[Reason]:
    """The spam signals in an article: ``texts`` are its plain-text fields (headline, lead, …), ``body`` its body
    as submitted, ``terms`` the gambling vocabulary, ``known_hosts(hosts)`` which of ``hosts`` the site already
    links to. Asks ``known_hosts`` only about hosts not trusted anyway."""
    page = read_body(body)
    reasons = []
    if page.hidden:
        tricks = tuple(dict.fromkeys(trick for trick, _snippet in page.hidden))
        reasons.append(Reason(HIDDEN_TEXT, tuple(snippet for _trick, snippet in page.hidden), tricks))

    everything = "\n".join([*texts, page.text, *(_url_words(url) for url in page.links)])
    found = find_terms(everything, terms)
    if found:
        written = tuple(dict.fromkeys(form for _term, forms in found for form in forms))
        reasons.append(Reason(GAMBLING_TERMS, tuple(term for term, _forms in found), written))

    trusted = trusted_domains()
    hosts = dict.fromkeys(host for url in page.links if (host := host_of(url)) and not is_trusted(host, trusted))
    if hosts:
        known = known_hosts(set(hosts))
        new = tuple(host for host in hosts if host not in known)
        if new:
            reasons.append(Reason(NEW_DOMAINS, new))
    return reasons
