"""StreamField blocks of the editorial pages.

Teaser blocks store references (product, shop and page ids), never copies. When a page renders,
``cms.selectors.teasers_for_stream`` loads everything the page's teasers need in a few queries
and puts it into the context under ``TEASERS_CONTEXT_KEY``; each block then keeps only what
residents may see, so a withdrawn product, a suspended shop or an unpublished story silently
drops out of the page. Rendered outside such a page (e.g. a preview of one block), a block loads
its own data.

There is deliberately no raw-HTML block: rich text is Wagtail's, restricted to the features
below and rewritten (sanitised) by Wagtail on save and on output.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from cms.choosers import product_chooser_viewset, vendor_chooser_viewset

TEASERS_CONTEXT_KEY = "cms_teasers"

# What editors may use in rich text: structure, emphasis, lists and links. No embeds, no images
# inside running text (the image block has alt text), no raw HTML.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
# Short texts (intros, event descriptions' teasers): emphasis and links only.
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "link"]

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.blocks"
)
VendorChooserBlock = vendor_chooser_viewset.get_block_class(
    name="VendorChooserBlock", module_path="cms.blocks"
)


def _teasers(parent_context, **ids):
    """The page's preloaded teaser data, or this block's own when rendered on its own."""
    from cms.selectors import TeaserData, teaser_data_load

    data = (parent_context or {}).get(TEASERS_CONTEXT_KEY)
    if isinstance(data, TeaserData):
        return data
    return teaser_data_load(**ids)


def _ids(items) -> list[int]:
    return [item.pk for item in items if item is not None]


class ProductTeasersBlock(blocks.StructBlock):
    """A row of product cards: picture, title, shop, gross price with unit price."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    products = blocks.ListBlock(
        ProductChooserBlock(label=_("Product")), label=_("Products"), min_num=1, max_num=12
    )

    class Meta:
        icon = "tag"
        label = _("Product teasers")
        template = "cms/blocks/product_teasers.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        wanted = _ids(value["products"])
        data = _teasers(parent_context, product_ids=wanted)
        context["teasers"] = [data.products[pk] for pk in wanted if pk in data.products]
        return context


class ShopTeasersBlock(blocks.StructBlock):
    """Cards of shops of the inner city, linking to their shop pages."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    shops = blocks.ListBlock(
        VendorChooserBlock(label=_("Shop")), label=_("Shops"), min_num=1, max_num=12
    )

    class Meta:
        icon = "home"
        label = _("Shop teasers")
        template = "cms/blocks/shop_teasers.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        wanted = _ids(value["shops"])
        data = _teasers(parent_context, vendor_ids=wanted)
        context["shops"] = [data.vendors[pk] for pk in wanted if pk in data.vendors]
        return context


class PageTeasersBlock(blocks.StructBlock):
    """Chosen stories and events, as cards."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=["cms.StoryPage", "cms.EventPage"], label=_("Page")),
        label=_("Stories and events"),
        min_num=1,
        max_num=9,
    )

    class Meta:
        icon = "doc-full"
        label = _("Story and event teasers")
        template = "cms/blocks/page_teasers.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        wanted = _ids(value["pages"])
        data = _teasers(parent_context, page_ids=wanted)
        context["pages"] = [data.pages[pk] for pk in wanted if pk in data.pages]
        return context


class UpcomingEventsBlock(blocks.StructBlock):
    """The next events of the town, picked automatically."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    count = blocks.IntegerBlock(label=_("Number of events"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "cms/blocks/upcoming_events.html"

    def get_context(self, value, parent_context=None):
        from cms.selectors import events_upcoming

        context = super().get_context(value, parent_context=parent_context)
        context["events"] = events_upcoming(limit=value["count"])
        return context


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with one button, linking to a page or an address."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Link to a page"), required=False)
    url = blocks.URLBlock(label=_("or to an address"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Link either to a page or to an address.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value


class ImageWithCaptionBlock(blocks.StructBlock):
    """A picture with its alternative text (or marked decorative) and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


def rich_text_block() -> blocks.RichTextBlock:
    return blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))


class HomePageBodyBlock(blocks.StreamBlock):
    """What the Gewerbeverein editor curates on the home page."""

    rich_text = rich_text_block()
    product_teasers = ProductTeasersBlock()
    shop_teasers = ShopTeasersBlock()
    page_teasers = PageTeasersBlock()
    upcoming_events = UpcomingEventsBlock()
    call_to_action = CallToActionBlock()


class StoryBodyBlock(blocks.StreamBlock):
    """The body of a story or shop portrait."""

    rich_text = rich_text_block()
    image = ImageWithCaptionBlock()
    quote = blocks.BlockQuoteBlock(label=_("Quote"), icon="openquote")
    product_teasers = ProductTeasersBlock()
    shop_teasers = ShopTeasersBlock()
    call_to_action = CallToActionBlock()
