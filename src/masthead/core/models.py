from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as _Image


class CustomImage(AbstractImage):
    """A photo or graphic with the credit a newspaper must print beside it."""

    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Photographer or agency, e.g. 'Photo: Staff' or 'AFP'.",
    )

    admin_form_fields = (*_Image.admin_form_fields, "credit")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(
        CustomImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


SOCIAL_NETWORKS = (
    ("facebook", "Facebook"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("tiktok", "TikTok"),
    ("whatsapp", "WhatsApp channel"),
    ("telegram", "Telegram"),
)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the header and footer say. An empty field hides its line."""

    publication_name = models.CharField(max_length=120, default="The Daily Masthead")
    tagline = models.CharField(max_length=200, blank=True)
    logo = models.ForeignKey(
        CustomImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor_name = models.CharField("editor's name", max_length=120, blank=True)
    publisher_name = models.CharField("publisher's name", max_length=120, blank=True)
    street_address = models.TextField(blank=True)
    phone_numbers = models.TextField(
        blank=True, help_text="One per line, e.g. 'Newsroom: +880 2 5555 0100'."
    )
    contact_email = models.EmailField(blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    x_url = models.URLField("X", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    tiktok_url = models.URLField("TikTok", blank=True)
    whatsapp_url = models.URLField("WhatsApp channel", blank=True)
    telegram_url = models.URLField("Telegram", blank=True)
    copyright_holder = models.CharField(
        max_length=200, blank=True, help_text="The year is filled in automatically."
    )
    designed_by_name = models.CharField(
        "designed and maintained by", max_length=120, blank=True
    )
    designed_by_url = models.URLField("designer's website", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("publication_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading="Publication",
        ),
        MultiFieldPanel(
            [
                FieldPanel("editor_name"),
                FieldPanel("publisher_name"),
                FieldPanel("street_address"),
                FieldPanel("phone_numbers"),
                FieldPanel("contact_email"),
            ],
            heading="Imprint (footer)",
        ),
        MultiFieldPanel(
            [FieldPanel(f"{key}_url") for key, _label in SOCIAL_NETWORKS],
            heading="Connect with us (header)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("copyright_holder"),
                FieldPanel("designed_by_name"),
                FieldPanel("designed_by_url"),
            ],
            heading="Credits (footer)",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    def __str__(self) -> str:
        return self.publication_name

    @property
    def social_links(self) -> list[tuple[str, str, str]]:
        """(key, label, url) for each network that has a profile set."""
        return [
            (key, label, getattr(self, f"{key}_url"))
            for key, label in SOCIAL_NETWORKS
            if getattr(self, f"{key}_url")
        ]

    @property
    def phone_list(self) -> list[str]:
        return [
            line.strip() for line in self.phone_numbers.splitlines() if line.strip()
        ]

    @property
    def address_lines(self) -> list[str]:
        return [
            line.strip() for line in self.street_address.splitlines() if line.strip()
        ]

    @property
    def copyright_line(self) -> str:
        if not self.copyright_holder:
            return ""
        return f"© {timezone.localdate().year} {self.copyright_holder}"
