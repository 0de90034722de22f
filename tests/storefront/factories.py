"""Factories for the storefront and CMS tests: categories, product pictures, opening exceptions,
editorial pages (stories, events) under the home page of migration cms/0002, and users.

Shops and products come from ``tests.factories`` (``VendorFactory``, ``product_of``).
"""

import io
import uuid
from datetime import datetime, timedelta

import factory
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from tests.factories import UserFactory, product_of
from vendors.models import OpeningException

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

EDITORS_GROUP = "Editors"  # Wagtail's own group of page editors (created by its migrations)


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    original = factory.django.ImageField(
        width=4, height=4, format="PNG", filename=factory.Sequence(lambda n: f"picture-{n}.png")
    )
    caption = ""
    display_order = 0


class OpeningExceptionFactory(factory.django.DjangoModelFactory):
    """A closed day (holiday) by default; give ``opens``/``closes`` for special hours."""

    class Meta:
        model = OpeningException

    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.SelfAttribute("start_date")
    opens = None
    closes = None
    note = "Urlaub"


def category(name: str, parent=None):
    """A public category, top-level or below ``parent``."""
    if parent is None:
        return Category.add_root(name=name, is_public=True)
    return parent.add_child(name=name, is_public=True)


def product_in(vendor, *categories, **kwargs):
    """A product of ``vendor`` (see ``product_of``) filed in the given categories."""
    product = product_of(vendor, **kwargs)
    for cat in categories:
        ProductCategory.objects.create(product=product, category=cat)
    return product


def editor_user(**kwargs):
    """A CMS editor: member of Wagtail's "Editors" group, neither staff nor superuser."""
    user = UserFactory(is_staff=False, is_superuser=False, **kwargs)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


# --- editorial pages -------------------------------------------------------------------------


def wagtail_image(title: str, description: str = ""):
    """A small Wagtail image; its description (or title) is its default alternative text."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, description=description, file=ImageFile(buffer, name=f"{uuid.uuid4().hex}.png")
    )


def home_page():
    """The HomePage at the default site's root (created by migration cms/0002)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def _slug(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _child(parent, page, *, live: bool = True):
    parent.add_child(instance=page)
    if not live:
        page.unpublish()
    return page


def story_index(home=None):
    from cms.models import StoryIndexPage

    return _child(
        home or home_page(), StoryIndexPage(title="Geschichten", slug=_slug("geschichten"))
    )


def story(index, *, title: str = "Eine Geschichte", live: bool = True, **kwargs):
    from cms.models import StoryPage

    kwargs.setdefault("intro", "Aus der Innenstadt.")
    return _child(index, StoryPage(title=title, slug=_slug("story"), **kwargs), live=live)


def event_index(home=None):
    from cms.models import EventIndexPage

    return _child(
        home or home_page(), EventIndexPage(title="Veranstaltungen", slug=_slug("events"))
    )


def event(index, *, title: str, start: datetime, end: datetime | None = None, live: bool = True):
    from cms.models import EventPage

    page = EventPage(
        title=title,
        slug=_slug("event"),
        start=start,
        end=end,
        location="Markt",
        intro=f"{title} in der Innenstadt.",
    )
    return _child(index, page, live=live)


def days_from_now(days: float, hour: int = 10) -> datetime:
    """A local datetime ``days`` days from today at ``hour`` o'clock."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def block(kind: str, value) -> dict:
    """One StreamField block in the raw form ``body=[...]`` accepts."""
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def home_with_body(*blocks):
    """The home page with ``blocks`` as its published body."""
    home = home_page()
    home.body = list(blocks)
    home.save_revision().publish()
    return home
