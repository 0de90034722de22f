"""Make a HomePage the root of the default site on a fresh install.

Wagtail's own initial data creates a plain "Welcome to your new Wagtail site!" page as the
default site's root. On a fresh database this replaces it with our HomePage (same place in the
tree, same slug), so "/" works on an empty production database too. A database whose default site
already points at anything else is left alone.
"""

import uuid

from django.db import migrations
from django.utils import timezone


def home_page_as_site_root(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")

    db = schema_editor.connection.alias
    site = Site.objects.using(db).filter(is_default_site=True).first()
    if site is None or HomePage.objects.using(db).exists():
        return
    page_type = ContentType.objects.using(db).get_or_create(app_label="wagtailcore", model="page")[0]
    welcome = site.root_page
    if welcome.content_type_id != page_type.pk or welcome.depth != 2 or welcome.numchild != 0:
        return  # the site has real content already

    root = Page.objects.using(db).get(depth=1)
    # Site.root_page cascades: point the site away from the welcome page before deleting it.
    site.root_page = root
    site.save(update_fields=["root_page"])
    path, locale_id = welcome.path, welcome.locale_id
    welcome.delete()

    now = timezone.now()
    home_type = ContentType.objects.using(db).get_or_create(app_label="cms", model="homepage")[0]
    home = HomePage.objects.using(db).create(
        title="Marktplatz Forst",
        draft_title="Marktplatz Forst",
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        hero_heading="Einkaufen in der Forster Innenstadt",
        hero_text="",
        body=[],
    )
    children = Page.objects.using(db).filter(depth=2, path__startswith=root.path).count()
    Page.objects.using(db).filter(pk=root.pk).update(numchild=children)
    site.root_page_id = home.pk
    site.save(update_fields=["root_page"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(home_page_as_site_root, migrations.RunPython.noop)]
