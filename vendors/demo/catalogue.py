"""How the demo catalogue is written down, and how it becomes a list of concrete products.

Each shop has a ``ShopCatalogue`` with its defaults (VAT category, perishables, stock counting)
and a tuple of ``Item`` entries. An item with variants (sizes, lengths, dioptres …) becomes one
product per variant. ``demo_products`` turns everything into ``ProductDraft`` objects in a
stable order, so the same demo results each time.
"""

from dataclasses import dataclass
from decimal import Decimal

# The shared category tree (paths with " > "); every item's category must be one of these.
CATEGORY_PATHS: tuple[str, ...] = (
    "Lebensmittel > Backwaren",
    "Lebensmittel > Kuchen & Torten",
    "Lebensmittel > Fleisch & Wurst",
    "Lebensmittel > Öle & Essig",
    "Lebensmittel > Feinkost & Eingelegtes",
    "Lebensmittel > Kaffee & Tee",
    "Lebensmittel > Süßes & Honig",
    "Lebensmittel > Obst, Gemüse & Milchprodukte",
    "Lebensmittel > Getränke",
    "Blumen & Pflanzen > Sträuße & Schnittblumen",
    "Blumen & Pflanzen > Rosen",
    "Blumen & Pflanzen > Topfpflanzen",
    "Blumen & Pflanzen > Vasen & Übertöpfe",
    "Garten > Gartengeräte",
    "Garten > Dünger & Erde",
    "Garten > Bewässerung",
    "Bücher > Romane & Krimis",
    "Bücher > Kinderbücher",
    "Bücher > Regionales",
    "Bücher > Sachbücher & Ratgeber",
    "Bücher > Kalender & Zubehör",
    "Fahrrad > Fahrräder",
    "Fahrrad > Schlösser",
    "Fahrrad > Helme",
    "Fahrrad > E-Bike",
    "Fahrrad > Ersatzteile",
    "Fahrrad > Zubehör",
    "Fahrrad > Pflege & Werkzeug",
    "Mode > Damen",
    "Mode > Herren",
    "Mode > Accessoires",
    "Spielwaren > Holzspielzeug",
    "Spielwaren > Spiele & Puzzle",
    "Spielwaren > Plüsch & Puppen",
    "Spielwaren > Basteln & Malen",
    "Spielwaren > Draußen spielen",
    "Heimwerken > Werkzeug",
    "Heimwerken > Schrauben & Befestigung",
    "Heimwerken > Seile & Ketten",
    "Heimwerken > Farben & Lacke",
    "Heimwerken > Haushaltsbedarf",
    "Elektronik > Kabel & Adapter",
    "Elektronik > Ladegeräte & Powerbanks",
    "Elektronik > Leuchtmittel & Leuchten",
    "Elektronik > Batterien & Akkus",
    "Elektronik > Haushaltsgeräte",
    "Elektronik > Audio & Telefon",
    "Optik > Lesebrillen",
    "Optik > Sonnenbrillen",
    "Optik > Fassungen",
    "Optik > Pflege & Zubehör",
    "Schreibwaren > Schulbedarf",
    "Schreibwaren > Schreibgeräte",
    "Schreibwaren > Papier & Hefte",
    "Schreibwaren > Karten & Geschenkpapier",
    "Geschenke & Andenken",
)


@dataclass(frozen=True)
class Item:
    """One entry of a shop's range.

    ``quantity`` is the net content for the unit price ("250 ml", "1 kg", "1 m"); ``variants``
    are ``(suffix, price)`` or ``(suffix, price, quantity)`` tuples, an empty price meaning the
    item's price. ``stock`` is "counted" (a stock count), "uncounted" (declared in stock),
    "out" (declared out of stock) or "sold_out" (counted, none left); empty takes the shop's
    default. ``vat`` and ``perishable`` left as None take the shop's default too.
    """

    title: str
    price: str
    category: str
    text: str
    brand: str = ""
    quantity: str = ""
    vat: str | None = None
    perishable: bool | None = None
    gtin: bool | None = None
    stock: str = ""
    reserve: bool = False
    variants: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ShopCatalogue:
    shop: str  # ShopSpec.slug
    items: tuple[Item, ...]
    vat: str = "standard"
    perishable: bool = False
    stock: str = "counted"
    gtin: bool = True
    brand: str = ""
    gtin_prefix: str = "426"  # GS1 Germany range; books use ISBN (978-3)


@dataclass(frozen=True)
class ProductDraft:
    """A concrete product to create: everything the builder needs, nothing left to defaults."""

    shop: str
    sku: str
    title: str
    description: str
    category: str
    brand: str
    gtin: str
    price: Decimal
    vat: str
    quantity: str
    perishable: bool
    stock: str
    reserve: bool


def ean13(first_twelve: str) -> str:
    """Complete twelve digits with the EAN-13 check digit."""
    digits = [int(char) for char in first_twelve]
    total = sum(digit * (3 if index % 2 else 1) for index, digit in enumerate(digits))
    return first_twelve + str((10 - total % 10) % 10)


def _gtin(catalogue: ShopCatalogue, shop_number: int, serial: int) -> str:
    if catalogue.gtin_prefix == "978":
        # ISBN-13 in the German-language group (978-3), a fictitious publisher block.
        return ean13(f"9783{shop_number:02d}{serial:06d}")
    return ean13(f"{catalogue.gtin_prefix}{shop_number:03d}{serial:06d}")


def _description(item: Item, quantity: str, variant: str) -> str:
    parts = [item.text]
    if variant:
        parts.append(f"Ausführung: {variant}.")
    if quantity:
        parts.append(f"Inhalt: {quantity.replace('.', ',')}.")
    return "".join(f"<p>{part}</p>" for part in parts)


def expand(catalogue: ShopCatalogue, shop_number: int) -> list[ProductDraft]:
    """The shop's items as concrete products, variants expanded, in the written order."""
    drafts = []
    serial = 0
    for item in catalogue.items:
        variants = item.variants or (("", ""),)
        for variant in variants:
            suffix, price = variant[0], variant[1]
            quantity = variant[2] if len(variant) > 2 else item.quantity
            serial += 1
            title = f"{item.title}, {suffix}" if suffix else item.title
            wants_gtin = catalogue.gtin if item.gtin is None else item.gtin
            drafts.append(
                ProductDraft(
                    shop=catalogue.shop,
                    sku=f"{catalogue.shop[:3].upper()}-{serial:04d}",
                    title=title,
                    description=_description(item, quantity, suffix),
                    category=item.category,
                    brand=item.brand or catalogue.brand,
                    gtin=_gtin(catalogue, shop_number, serial) if wants_gtin else "",
                    price=Decimal(price or item.price),
                    vat=item.vat or catalogue.vat,
                    quantity=quantity,
                    perishable=catalogue.perishable if item.perishable is None else item.perishable,
                    stock=item.stock or catalogue.stock,
                    reserve=item.reserve,
                )
            )
    return drafts
