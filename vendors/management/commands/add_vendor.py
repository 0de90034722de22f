"""``manage.py add_vendor``: register an approved shop from the command line (demo data, towns
without the onboarding form yet)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from vendors.models import Trade, VendorStatus
from vendors.services import VendorError, vendor_create

PROFILE_OPTIONS = ("street", "postcode", "city", "trade", "phone", "website")


class Command(BaseCommand):
    help = "Register an approved shop (Oscar partner + vendor profile)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="URL name of the shop, e.g. blumen-haus")
        parser.add_argument("--name", required=True, help="Name of the shop")
        parser.add_argument("--email", required=True, help="Contact e-mail address")
        parser.add_argument("--street", help="Street and number")
        parser.add_argument("--postcode")
        parser.add_argument("--city", help="Defaults to Forst (Lausitz)")
        parser.add_argument("--trade", choices=Trade.values)
        parser.add_argument("--phone")
        parser.add_argument("--website")

    def handle(self, *args, **options):
        if not options["slug"].strip():
            raise CommandError("The slug must not be empty.")
        profile = {name: options[name] for name in PROFILE_OPTIONS if options.get(name) is not None}
        try:
            vendor = vendor_create(
                name=options["name"].strip(),
                slug=options["slug"].strip(),
                email=options["email"].strip(),
                status=VendorStatus.APPROVED,
                **profile,
            )
        except VendorError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(f"The shop was not created: {_describe(exc)}") from exc
        except IntegrityError as exc:
            raise CommandError(
                f"The shop was not created: the slug '{options['slug']}' is already used by "
                f"an Oscar partner ({exc})."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Created the approved shop '{vendor.name}' (slug {vendor.slug}).")
        )


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
