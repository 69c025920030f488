"""A WordPress post's HTML → clean StoryBodyBlock stream data.

WordPress keeps a post's body as HTML: classic posts with bare line breaks
that its `wpautop` filter turns into paragraphs when showing them, block-editor
(Gutenberg) posts with `<!-- wp:… -->` comments around explicit HTML; both
with shortcodes such as [caption]. Here:

1. the shortcodes a newsroom's archive is full of become plain HTML
   ([caption] → <figure>, [gallery] → its images, [embed] and Jetpack's
   [youtube]/[tweet] → a link); page-builder wrappers ([vc_row]…) and a few
   widgets (forms, ads) go, keeping any text inside;
2. classic posts get their paragraphs the way wpautop would;
3. one walk over the HTML turns each block-level element into one of our
   blocks: paragraphs and lists → rich text (bold, italic, links, lists,
   superscript and subscript only, sanitised with nh3), headings → subheading,
   images and figures → image blocks, quotes → pull quote, videos and social
   posts → embed (shown as a link, never a player). Anything else keeps its
   text. Gutenberg's comments need no reading: the HTML between them says it all.

Images are looked up through a callback (the importer's), which returns our
image's id or None; links to the old site become site-relative, so they reach
the old-URL redirects on the new host.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit, urlunsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

RICH_TAGS = {"p", "b", "strong", "i", "em", "a", "br", "sup", "sub", "ul", "ol", "li"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|"
    "pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|"
    "section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|"
    "menu|summary|iframe|script|noscript|video|audio|center"
)
BLOCK_TAG_RE = re.compile(rf"\s*(</?(?:{BLOCK_TAGS})\b[^>]*>)\s*", re.IGNORECASE)
BLOCK_START_RE = re.compile(rf"<(/?)({BLOCK_TAGS})\b", re.IGNORECASE)
# Inside these a line of text is not wrapped in <p> (as wpautop leaves them).
NO_PARAGRAPH_IN = {
    "li", "td", "th", "dt", "dd", "figcaption", "p", "pre", "caption", "summary",
    "legend", "address", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style",
}  # fmt: skip
PROTECTED_RE = re.compile(r"<(pre|script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del",
    "dfn", "em", "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr",
}  # fmt: skip
DROPPED = {
    "script", "style", "noscript", "template", "form", "input", "button", "select",
    "textarea", "svg", "canvas", "object", "embed", "map", "area", "head", "title",
    "meta", "link", "nav", "hr", "source", "track", "param",
}  # fmt: skip

# Sites whose links WordPress turns into embedded players (oEmbed): here they
# become embed blocks, which Masthead shows as links.
EMBED_HOSTS = re.compile(
    r"(^|\.)(youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com|facebook\.com|"
    r"fb\.watch|instagram\.com|tiktok\.com|soundcloud\.com|spotify\.com|"
    r"dailymotion\.com|flickr\.com|reddit\.com|ted\.com|scribd\.com|"
    r"slideshare\.net|threads\.net|bsky\.app|mixcloud\.com)$",
    re.IGNORECASE,
)
IMAGE_SUFFIXES = {"gif", "jpg", "jpeg", "png", "webp", "avif"}
BARE_URL_RE = re.compile(r"^\s*(https?://[^\s<>\"']+)\s*$")

# -- shortcodes ----------------------------------------------------------------

ATTR_RE = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'\"\]]+)"
    r"|\"([^\"]*)\"|(\S+)"
)
CAPTION_RE = re.compile(
    r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.IGNORECASE | re.DOTALL
)
CAPTION_IMAGE_RE = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.IGNORECASE | re.DOTALL
)
GALLERY_RE = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
EMBED_RE = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.IGNORECASE | re.DOTALL)
MEDIA_RE = re.compile(
    r"\[(video|audio)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.IGNORECASE | re.DOTALL
)
JETPACK_RE = re.compile(
    r"\[(youtube|vimeo|tweet|instagram|soundcloud|dailymotion)[\s=]+([^\]]+)\]",
    re.IGNORECASE,
)
VC_IMAGE_RE = re.compile(r"\[vc_single_image\b([^\]]*)\]", re.IGNORECASE)
# Page builders' layout wrappers: the tags go, the text inside stays.
BUILDER_RE = re.compile(
    r"\[/?(?:vc|et_pb|fusion|td|tie|su|av|cs|mk|jnews|tdc|themify|fl|elementor)"
    r"_[\w-]*\b[^\]]*\]",
    re.IGNORECASE,
)
# Widgets with nothing a reader of the archive needs (forms, ads, share bars).
WIDGET_NAMES = (
    "contact-form-7|contact-form|ninja_form|gravityform|wpforms|mc4wp_form|"
    "adsense|adrotate|ad|ads|related_posts|related|sharethis|ssba|addtoany|"
    "jetpack_subscription_form|playlist|wpdiscuz|print-me|ratings|poll"
)
WIDGET_RE = re.compile(
    rf"\[({WIDGET_NAMES})(?=[\s\]])[^\]]*\](?:.*?\[/\1\])?", re.IGNORECASE | re.DOTALL
)


def shortcode_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    position = 0
    for match in ATTR_RE.finditer(html.unescape(text)):
        name1, v1, name2, v2, name3, v3, quoted, bare = match.groups()
        if name1:
            attrs[name1.lower()] = v1
        elif name2:
            attrs[name2.lower()] = v2
        elif name3:
            attrs[name3.lower()] = v3
        else:
            attrs[str(position)] = quoted if quoted is not None else bare
            position += 1
    return attrs


def expand_shortcodes(text: str) -> str:
    def caption(match: re.Match) -> str:
        attrs = shortcode_attrs(match.group(1))
        inner = match.group(2)
        parts = CAPTION_IMAGE_RE.match(inner)
        image, rest = (parts.group(1), parts.group(2)) if parts else ("", inner)
        text = attrs.get("caption") or rest.strip()
        attachment = re.sub(r"\D", "", attrs.get("id", ""))
        return (
            f'<figure class="wp-caption" data-attachment="{attachment}">{image}'
            f"<figcaption>{text}</figcaption></figure>"
        )

    def gallery(match: re.Match) -> str:
        ids = re.sub(r"[^\d,]", "", shortcode_attrs(match.group(1)).get("ids", ""))
        return f'<figure class="wp-shortcode-gallery" data-ids="{ids}"></figure>'

    def embed(match: re.Match) -> str:
        return embed_figure(html.unescape(match.group(1)).strip())

    def media(match: re.Match) -> str:
        attrs = shortcode_attrs(match.group(2))
        src = next(
            (v for k, v in attrs.items() if k in ("src", "mp4", "mp3", "webm", "m4v")),
            "",
        )
        return embed_figure(src, kind=match.group(1).lower())

    def jetpack(match: re.Match) -> str:
        value = html.unescape(match.group(2)).strip().strip("=").strip()
        url = value.split()[0] if value else ""
        if url and not url.startswith("http"):
            if match.group(1).lower() == "youtube":
                url = f"https://www.youtube.com/watch?v={url}"
            elif match.group(1).lower() == "vimeo":
                url = f"https://vimeo.com/{url}"
        return embed_figure(url)

    def vc_image(match: re.Match) -> str:
        attachment = re.sub(r"\D", "", shortcode_attrs(match.group(1)).get("image", ""))
        if not attachment:
            return ""
        return (
            f'<figure class="wp-caption" data-attachment="{attachment}">'
            f'<img data-attachment="{attachment}"></figure>'
        )

    text = CAPTION_RE.sub(caption, text)
    text = GALLERY_RE.sub(gallery, text)
    text = EMBED_RE.sub(embed, text)
    text = MEDIA_RE.sub(media, text)
    text = JETPACK_RE.sub(jetpack, text)
    text = VC_IMAGE_RE.sub(vc_image, text)
    text = WIDGET_RE.sub("", text)
    return BUILDER_RE.sub("\n\n", text)


def embed_figure(url: str, kind: str = "embed") -> str:
    return (
        f'<figure class="wp-block-embed" data-kind="{html.escape(kind)}">'
        f'<div class="wp-block-embed__wrapper">{html.escape(url)}</div></figure>'
    )


# -- paragraphs for classic posts ----------------------------------------------


def autop(text: str) -> str:
    """Paragraphs for a classic post, as WordPress's wpautop makes them: a
    blank line ends a paragraph, a single line break is a <br>."""
    protected: list[str] = []

    def protect(match: re.Match) -> str:
        protected.append(match.group(0))
        return f"\n\n<!--masthead-protected-{len(protected) - 1}-->\n\n"

    text = PROTECTED_RE.sub(protect, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = BLOCK_TAG_RE.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
    out: list[str] = []
    no_paragraph = 0
    for part in re.split(r"\n\s*\n", text):
        part = part.strip()
        if not part:
            continue
        marker = re.fullmatch(r"<!--masthead-protected-(\d+)-->", part)
        if marker:
            out.append(protected[int(marker.group(1))])
            continue
        tag = BLOCK_START_RE.match(part)
        if tag:
            out.append(part)
            name = tag.group(2).lower()
            if name in NO_PARAGRAPH_IN and not part.endswith("/>"):
                no_paragraph += -1 if tag.group(1) else 1
                no_paragraph = max(no_paragraph, 0)
            continue
        lines = part.replace("\n", "<br>\n")
        out.append(lines if no_paragraph else f"<p>{lines}</p>")
    return "\n".join(out)


# -- the walk ------------------------------------------------------------------


@dataclass
class ImageRef:
    """An image the post shows: which attachment, or at least which file."""

    src: str = ""
    attachment_id: int = 0
    alt: str = ""
    caption: str = ""


@dataclass
class Body:
    blocks: list[dict] = field(default_factory=list)
    # What did not come across as it was: (what, detail).
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def image_ids(self) -> list[int]:
        return [b["value"]["image"] for b in self.blocks if b["type"] == "image"]


def block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


# Elements whose text stands apart from the text around them.
SPACED = {
    "p", "div", "li", "br", "td", "th", "tr", "dt", "dd", "figcaption", "cite",
    "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
}  # fmt: skip


def text_of(node) -> str:
    """A node's visible text, whitespace collapsed."""
    if isinstance(node, NavigableString):
        raw = str(node)
    else:
        parts = []
        for child in node.descendants:
            if isinstance(child, Comment | CData | ProcessingInstruction | Declaration):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif child.name in SPACED:
                parts.append(" ")
        raw = "".join(parts)
    return re.sub(r"\s+", " ", raw.replace("\xa0", " ")).strip()


def plain_text(fragment: str) -> str:
    """HTML or text (an excerpt, a caption) → one line of plain text."""
    if not fragment:
        return ""
    cleaned = nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"})
    return re.sub(r"\s+", " ", html.unescape(cleaned).replace("\xa0", " ")).strip()


def embed_url(url: str) -> str:
    """A player's address (iframe src) → the page it plays, for the link."""
    parts = urlsplit(url if "://" in url else f"https:{url}")
    host = (parts.hostname or "").lower()
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        match = re.match(r"/embed/([\w-]+)", parts.path)
        if match:
            return f"https://www.youtube.com/watch?v={match.group(1)}"
    if host == "player.vimeo.com":
        match = re.match(r"/video/(\d+)", parts.path)
        if match:
            return f"https://vimeo.com/{match.group(1)}"
    if host.endswith("facebook.com") and parts.path.startswith("/plugins/"):
        href = parse_qs(parts.query).get("href")
        if href:
            return href[0]
    return urlunsplit(parts)


def is_embeddable(url: str) -> bool:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return bool(EMBED_HOSTS.search(host))


class Converter:
    """Converts one post's content; `resolve_image` finds our image for an
    ImageRef (or None, having noted why)."""

    def __init__(
        self,
        site_urls: list[str],
        resolve_image: Callable[[ImageRef], int | None],
    ):
        self.resolve_image = resolve_image
        self.old_hosts: set[str] = set()
        self.old_prefixes: list[str] = []
        for url in site_urls:
            parts = urlsplit(url)
            if parts.hostname:
                host = parts.hostname.lower()
                self.old_hosts |= {host, host.removeprefix("www."), f"www.{host}"}
                self.old_prefixes.append(parts.path.rstrip("/"))

    def convert(self, content: str, body: Body | None = None) -> Body:
        body = body or Body()
        if not content or not content.strip():
            return body
        text = expand_shortcodes(content)
        if "<!-- wp:" not in text:
            text = autop(text)
        soup = BeautifulSoup(text, "html.parser")
        self.body = body
        for link in soup.find_all("a", href=True):
            link["href"] = self.site_relative(link["href"])
        self.inline: list = []
        self.walk(soup)
        self.flush()
        return body

    def site_relative(self, href: str) -> str:
        """Links to the old site lose its host, so they keep working once the
        paper answers at the same paths (through the redirects)."""
        href = href.strip()
        try:
            parts = urlsplit(href)
        except ValueError:
            return href
        if parts.scheme in ("http", "https") and (
            (parts.hostname or "").lower() in self.old_hosts
        ):
            suffix = parts.path.rsplit(".", 1)[-1].lower() if "." in parts.path else ""
            if "/wp-content/uploads/" in parts.path and suffix not in IMAGE_SUFFIXES:
                # A document (PDF, …) the import does not bring: the link
                # stays on the old server, and the report says so.
                self.body.notes.append(
                    ("links to uploaded files kept as they were", href)
                )
                return href
            return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
        return href

    # -- output ----------------------------------------------------------------

    def flush(self) -> None:
        """The inline content gathered so far, as one paragraph."""
        nodes, self.inline = self.inline, []
        if nodes:
            self.paragraph("".join(str(node) for node in nodes))

    def paragraph(self, inner_html: str) -> None:
        rich = rich_text(inner_html)
        if rich:
            self.body.blocks.append(block("paragraph", rich))

    def image(self, ref: ImageRef) -> None:
        image_id = self.resolve_image(ref)
        if image_id is None:
            return
        self.body.blocks.append(
            block(
                "image",
                {
                    "image": image_id,
                    "alt_text": ref.alt[:255],
                    "caption": ref.caption,
                    "credit": "",
                },
            )
        )

    def embed(self, url: str, caption: str = "", kind: str = "embed") -> None:
        url = url.strip()
        if url.startswith("//"):
            url = f"https:{url}"
        if not url.startswith(("http://", "https://")):
            if url:
                self.body.notes.append(
                    (f"{kind}s without a web address left out", url[:80])
                )
            return
        url = embed_url(url)
        if kind != "embed" and not is_embeddable(url):
            # An uploaded video or sound file: not carried over.
            self.body.notes.append((f"{kind} files left out", url[:120]))
            return
        self.body.blocks.append(block("embed", {"url": url, "caption": caption}))

    # -- the walk --------------------------------------------------------------

    def walk(self, parent: Tag) -> None:
        for node in list(parent.children):
            if isinstance(
                node, Comment | CData | ProcessingInstruction | Declaration | Doctype
            ):
                continue
            if isinstance(node, NavigableString):
                if str(node).strip() or self.inline:
                    self.inline.append(node)
                continue
            name = node.name.lower()
            if name in DROPPED:
                continue
            if name == "img":
                self.flush()
                self.image(self.image_ref(node))
            elif name in INLINE:
                self.inline_element(node)
            else:
                self.flush()
                self.element(node, name)

    def inline_element(self, node: Tag) -> None:
        """Inline markup stays in the paragraph; images inside it follow it."""
        images = node.find_all("img")
        if images and not text_of(node):
            self.flush()
            for img in images:
                self.image(self.image_ref(img, link=node))
            return
        for img in images:
            img.extract()
        self.inline.append(node)
        if images:
            self.flush()
            for img in images:
                self.image(self.image_ref(img))

    def element(self, node: Tag, name: str) -> None:
        classes = set(node.get("class") or [])
        if name == "p":
            self.paragraph_element(node)
        elif re.fullmatch(r"h[1-6]", name):
            heading = text_of(node)
            if heading:
                self.body.blocks.append(block("subheading", heading))
            self.images_in(node)
        elif name in ("ul", "ol"):
            images = [img.extract() for img in node.find_all("img")]
            self.paragraph(str(node))
            for img in images:
                self.image(self.image_ref(img))
        elif name == "blockquote":
            self.blockquote(node, classes)
        elif name == "figure" or (name == "div" and "wp-caption" in classes):
            self.figure(node, classes)
        elif name == "iframe":
            src = node.get("src") or node.get("data-src") or ""
            if src and is_embeddable(embed_url(src)):
                self.embed(embed_url(src))
            elif src:
                self.body.notes.append(("embedded frames left out", src[:120]))
        elif name in ("video", "audio"):
            src = node.get("src") or ""
            source = node.find("source")
            if not src and source is not None:
                src = source.get("src") or ""
            self.embed(src, kind=name)
        elif name == "table":
            self.table(node)
        elif name == "pre":
            lines = [html.escape(line) for line in node.get_text().splitlines()]
            self.paragraph("<br>".join(lines))
        else:
            self.walk(node)
            self.flush()

    def paragraph_element(self, node: Tag) -> None:
        text = text_of(node)
        bare = BARE_URL_RE.match(text)
        links = node.find_all("a")
        if bare and is_embeddable(bare.group(1)) and len(links) <= 1:
            # A link alone on its line: WordPress shows the player (oEmbed).
            self.embed(bare.group(1))
            return
        self.walk(node)
        self.flush()

    def images_in(self, node: Tag) -> None:
        for img in node.find_all("img"):
            self.image(self.image_ref(img))

    def image_ref(
        self, img: Tag, link: Tag | None = None, caption: str = ""
    ) -> ImageRef:
        attachment = 0
        for name in img.get("class") or []:
            match = re.fullmatch(r"wp-image-(\d+)", name)
            if match:
                attachment = int(match.group(1))
        for attr in ("data-attachment", "data-id", "data-attachment-id"):
            value = (img.get(attr) or "").strip()
            if not attachment and value.isdigit():
                attachment = int(value)
        src = img.get("src") or img.get("data-src") or img.get("data-lazy-src") or ""
        return ImageRef(
            src=src.strip(),
            attachment_id=attachment,
            alt=(img.get("alt") or "").strip(),
            caption=caption,
        )

    def figure(self, node: Tag, classes: set[str]) -> None:
        caption_node = node.find("figcaption", recursive=False) or node.find(
            class_="wp-caption-text"
        )
        caption = text_of(caption_node) if caption_node is not None else ""
        if "wp-block-embed" in classes or "wp-embed" in classes:
            wrapper = node.find(class_="wp-block-embed__wrapper")
            url = text_of(wrapper) if wrapper is not None else ""
            if not url:
                frame = node.find("iframe")
                url = frame.get("src", "") if frame is not None else ""
            self.embed(url, caption, kind=node.get("data-kind") or "embed")
            return
        if "wp-block-pullquote" in classes:
            quote = node.find("blockquote") or node
            self.blockquote(quote, set())
            return
        if "wp-shortcode-gallery" in classes:
            for number in (node.get("data-ids") or "").split(","):
                if number.isdigit():
                    self.image(ImageRef(attachment_id=int(number)))
            return
        if node.find("table") is not None:
            self.table(node.find("table"))
            if caption:
                self.paragraph(f"<i>{html.escape(caption)}</i>")
            return
        if node.find("figure") is not None:  # a gallery of figures
            if caption_node is not None and caption_node.parent is node:
                caption_node.extract()
            self.walk(node)
            self.flush()
            if caption:
                self.paragraph(f"<i>{html.escape(caption)}</i>")
            return
        media = node.find(["video", "audio"])
        if media is not None:
            self.element(media, media.name)
            return
        images = node.find_all("img")
        if not images:
            if caption_node is not None:
                caption_node.extract()
            self.walk(node)
            self.flush()
            return
        attachment = (node.get("data-attachment") or "").strip()
        for n, img in enumerate(images):
            ref = self.image_ref(img, caption=caption if n == len(images) - 1 else "")
            if not ref.attachment_id and attachment.isdigit():
                ref.attachment_id = int(attachment)
            self.image(ref)

    def blockquote(self, node: Tag, classes: set[str]) -> None:
        if classes & {"twitter-tweet", "instagram-media", "tiktok-embed"}:
            links = [
                a["href"]
                for a in node.find_all("a", href=True)
                if is_embeddable(a["href"])
            ]
            if links:
                url = links[-1].split("?")[0]
                self.embed(url)
                return
        cite = node.find(["cite", "footer"])
        attribution = text_of(cite) if cite is not None else ""
        if cite is not None:
            cite.extract()
        paragraphs = [text_of(p) for p in node.find_all("p")] or [text_of(node)]
        quote = "\n\n".join(p for p in paragraphs if p)
        if quote:
            self.body.blocks.append(
                block("pull_quote", {"quote": quote, "attribution": attribution})
            )
        self.images_in(node)

    def table(self, node: Tag) -> None:
        """No table block: each row becomes a line of text, cells split by '|'."""
        rows = []
        for row in node.find_all("tr"):
            cells = [html.escape(text_of(cell)) for cell in row.find_all(["th", "td"])]
            if any(cells):
                line = " | ".join(cells)
                rows.append(f"<b>{line}</b>" if row.find("th") else line)
        if rows:
            self.paragraph("<br>".join(rows))
            self.body.notes.append(("tables became lines of text", ""))


STRONG_RE = re.compile(r"<(/?)strong>")
EM_RE = re.compile(r"<(/?)em>")
EMPTY_RE = re.compile(r"^(?:\s|<br>|<p>|</p>)*$")
BARE_ANCHOR_RE = re.compile(r"<a>(.*?)</a>", re.DOTALL)  # its unsafe href removed
AROUND_BLOCKS_RE = re.compile(r"\s*(</?(?:ul|ol|li|p)>|<br>)\s*")


def rich_text(fragment: str) -> str:
    """Sanitised rich text in Wagtail's stored form: <p> paragraphs (or a
    list), <b>, <i>, links, <sup>, <sub>, line breaks."""
    cleaned = nh3.clean(
        fragment,
        tags=RICH_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        clean_content_tags={"script", "style"},
    ).strip()
    cleaned = STRONG_RE.sub(r"<\1b>", cleaned)
    cleaned = EM_RE.sub(r"<\1i>", cleaned)
    cleaned = BARE_ANCHOR_RE.sub(r"\1", cleaned)
    cleaned = cleaned.replace("\xa0", " ").replace("&nbsp;", " ")
    cleaned = re.sub(r"\s*\n\s*", " ", cleaned)  # source line breaks are spaces
    cleaned = AROUND_BLOCKS_RE.sub(r"\1", cleaned).strip()
    if EMPTY_RE.match(cleaned):
        return ""
    cleaned = re.sub(r"^(?:<br>)+|(?:<br>)+$", "", cleaned)
    if cleaned.startswith(("<p>", "<ul>", "<ol>")):
        return cleaned
    return f"<p>{cleaned}</p>"
