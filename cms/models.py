"""The editorial pages of the marketplace, curated by the Gewerbeverein's editors.

Page tree (parents and children are restricted accordingly)::

    HomePage (site root, "/")
    ├── StoryIndexPage ── StoryPage (stories on the inner city, shop portraits)
    ├── EventIndexPage ── EventPage (late-night shopping, Rosengartenfest, …)
    └── ContentPage (Impressum, Datenschutz, AGB, Widerruf of the platform)

Catalogue data stays in Oscar and the vendors app; pages only reference it (teaser blocks, the
story's related shop) and show what residents may see at render time.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import (
    RICH_TEXT_FEATURES,
    SHORT_RICH_TEXT_FEATURES,
    TEASERS_CONTEXT_KEY,
    HomePageBodyBlock,
    StoryBodyBlock,
)


class TeaserContextMixin:
    """Loads the data of all teaser blocks in ``body`` once per request (see ``cms.blocks``)."""

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import teasers_for_stream

        context = super().get_context(request, *args, **kwargs)
        context[TEASERS_CONTEXT_KEY] = teasers_for_stream(self.body)
        return context


class HomePage(TeaserContextMixin, Page):
    """The site root at "/": a short welcome and a body of blocks the editor curates."""

    hero_heading = models.CharField(
        _("Main heading"),
        max_length=120,
        blank=True,
        help_text=_("The page's main heading; the title is used when empty."),
    )
    hero_text = RichTextField(_("Welcome text"), features=SHORT_RICH_TEXT_FEATURES, blank=True)
    body = StreamField(HomePageBodyBlock(), blank=True, verbose_name=_("Content"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StoryIndexPage", "cms.EventIndexPage", "cms.ContentPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    class Meta:
        verbose_name = _("Home page")
        verbose_name_plural = _("Home pages")

    @property
    def heading(self) -> str:
        return self.hero_heading or self.title


class StoryIndexPage(Page):
    """The list of stories and shop portraits, newest first, twelve to a page."""

    intro = RichTextField(_("Introduction"), features=SHORT_RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]
    max_count_per_parent = 1
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Story index")
        verbose_name_plural = _("Story indexes")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from cms.selectors import stories_latest

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(stories_latest(parent=self), self.per_page)
        context["stories"] = paginator.get_page(request.GET.get("page"))
        return context


class StoryPage(TeaserContextMixin, Page):
    """A story on the inner city or a shop portrait, optionally about one shop."""

    date = models.DateField(_("Date"), default=timezone.localdate)
    intro = models.TextField(
        _("Introduction"),
        max_length=300,
        help_text=_("One or two sentences; shown in teasers and search results."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The image's title or description is read out as its alternative text."),
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("Content"))
    related_shop = models.ForeignKey(
        "vendors.Vendor",
        verbose_name=_("Shop of this story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_("For shop portraits: shown with a link to the shop while it is approved."),
    )

    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types: list[str] = []
    card_template = "cms/includes/story_card.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("related_shop"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("Story")
        verbose_name_plural = _("Stories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        shop = self.related_shop
        context["related_shop"] = shop if shop is not None and shop.is_visible else None
        return context


class EventIndexPage(Page):
    """The town's events: upcoming ones first (soonest first), then past ones."""

    intro = RichTextField(_("Introduction"), features=SHORT_RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]
    max_count_per_parent = 1
    past_events_shown = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Event index")
        verbose_name_plural = _("Event indexes")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import events_past, events_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = events_upcoming(parent=self)
        context["past_events"] = events_past(parent=self, limit=self.past_events_shown)
        return context


class EventPage(Page):
    """An event in the inner city, e.g. late-night shopping or the Rosengartenfest."""

    start = models.DateTimeField(_("Starts"))
    end = models.DateTimeField(_("Ends"), null=True, blank=True)
    location = models.CharField(_("Location"), max_length=160)
    intro = models.TextField(
        _("Introduction"),
        max_length=300,
        help_text=_("One or two sentences; shown in teasers and search results."),
    )
    description = RichTextField(_("Description"), features=RICH_TEXT_FEATURES, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The image's title or description is read out as its alternative text."),
    )

    parent_page_types = ["cms.EventIndexPage"]
    subpage_types: list[str] = []
    card_template = "cms/includes/event_card.html"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("location")],
            heading=_("When and where"),
        ),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("location"),
        index.FilterField("start"),
    ]

    class Meta:
        verbose_name = _("Event")
        verbose_name_plural = _("Events")

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    @property
    def is_over(self) -> bool:
        return (self.end or self.start) < timezone.now()


class ContentPage(Page):
    """A plain text page of the platform: Impressum, Datenschutz, AGB, Widerruf."""

    body = RichTextField(_("Text"), features=RICH_TEXT_FEATURES)

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("Content page")
        verbose_name_plural = _("Content pages")
