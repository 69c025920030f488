"""Blocks shared by every kind of story body."""

from urllib.parse import urlsplit

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        help_text="Describe the picture for readers who cannot see it. "
        "Leave empty to use the image's own description.",
    )
    caption = blocks.CharBlock(required=False)
    credit = blocks.CharBlock(
        required=False, help_text="Leave empty to use the image's own credit."
    )

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "components/blocks/pull_quote.html"


class ExternalMediaBlock(blocks.StructBlock):
    """A link to a video or post elsewhere.

    Rendered as a plain link, never an embedded player: a reader's page makes no
    request to another site unless the reader follows the link.
    """

    url = EmbedBlock(help_text="A YouTube, X, Facebook or other public link.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        url = value["url"].url if value["url"] else ""
        context["href"] = url
        context["host"] = urlsplit(url).hostname or "" if url else ""
        return context


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="components/blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(
        icon="title", template="components/blocks/subheading.html"
    )
    image = ImageWithCaptionBlock()
    pull_quote = PullQuoteBlock()
    embed = ExternalMediaBlock()
