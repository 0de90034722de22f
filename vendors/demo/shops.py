"""The shops of the demo town: a believable, entirely fictitious inner city of Forst (Lausitz).

Streets and postcode are real; names, people, phone numbers, register entries and VAT IDs are
invented (e-mail and web addresses use the reserved ``.example`` domain).
"""

from dataclasses import dataclass

from vendors.models import Trade, VendorStatus

MON_FRI = (0, 1, 2, 3, 4)

# Weekly opening hours: weekday (0 = Monday) -> intervals. Sundays are closed everywhere.
HOURS = {
    "bakery": {**{day: [("06:00", "18:00")] for day in MON_FRI}, 5: [("06:00", "11:30")]},
    "butcher": {
        **{day: [("07:30", "18:00")] for day in (1, 2, 3, 4)},
        0: [("07:30", "13:00")],
        5: [("07:00", "12:00")],
    },
    "standard": {**{day: [("09:00", "18:00")] for day in MON_FRI}, 5: [("09:00", "13:00")]},
    "fashion": {**{day: [("09:30", "18:30")] for day in MON_FRI}, 5: [("09:30", "14:00")]},
    "lunch": {
        **{day: [("09:00", "12:30"), ("14:00", "18:00")] for day in MON_FRI},
        5: [("09:00", "12:00")],
    },
    "optician": {
        **{day: [("09:00", "13:00"), ("14:00", "18:00")] for day in (0, 1, 3, 4)},
        2: [("09:00", "13:00")],
        5: [("09:00", "12:00")],
    },
    "cafe": {**{day: [("08:00", "18:00")] for day in (1, 2, 3, 4)}, 5: [("09:00", "17:00")]},
    "workshop": {
        **{day: [("08:00", "12:00"), ("13:00", "17:00")] for day in MON_FRI},
    },
}


@dataclass(frozen=True)
class ShopSpec:
    slug: str
    name: str
    trade: str
    tagline: str
    description: str
    street: str
    latitude: str
    longitude: str
    phone: str
    legal_name: str
    legal_form: str
    representative: str
    hours: str
    register_court: str = ""
    register_number: str = ""
    vat_id: str = ""
    status: str = VendorStatus.APPROVED
    sells_online: bool = True
    pickup_minutes: int = 120
    pickup_note: str = ""
    pickup_sla: str = "same_day"
    joins_late_night_shopping: bool = False
    closed_for_holidays: bool = False

    @property
    def email(self) -> str:
        return f"info@{self.slug}.example"

    @property
    def website(self) -> str:
        return f"https://www.{self.slug}.example/"


COURT = "Amtsgericht Cottbus"

SHOPS: tuple[ShopSpec, ...] = (
    ShopSpec(
        slug="backstube-pannasch",
        name="Backstube Pannasch",
        trade=Trade.BAKERY,
        tagline="Brot und Brötchen aus dem Steinofen, jeden Morgen frisch",
        description=(
            "Seit 1968 backen wir in der Lindenstraße nach Lausitzer Art: Roggenbrot mit "
            "Natursauerteig, knusprige Brötchen und Blechkuchen wie bei Oma. Bestellen Sie "
            "bis 18 Uhr, dann liegt Ihr Frühstück am nächsten Morgen ab 6 Uhr bereit."
        ),
        street="Lindenstraße 8",
        latitude="51.736920",
        longitude="14.636480",
        phone="03562 691204",
        legal_name="Backstube Pannasch e. K.",
        legal_form="e. K.",
        representative="Martina Pannasch",
        register_court=COURT,
        register_number="HRA 3187 CB",
        vat_id="DE284561937",
        hours="bakery",
        pickup_minutes=60,
        pickup_note="Abholung am Tresen, bitte Abholcode bereithalten.",
        joins_late_night_shopping=True,
    ),
    ShopSpec(
        slug="blumenhaus-rosengarten",
        name="Blumenhaus Rosengarten",
        trade=Trade.FLORIST,
        tagline="Rosen aus der Rosenstadt, Sträuße mit Liebe gebunden",
        description=(
            "Sträuße für jeden Anlass, Rosenstöcke für den eigenen Garten und alles, was "
            "Ihre Pflanzen brauchen. Wir binden Ihren Strauß nach Ihren Wünschen und "
            "beraten gern zu Sorten, die in der Lausitz gut gedeihen."
        ),
        street="Cottbuser Straße 27",
        latitude="51.738810",
        longitude="14.634150",
        phone="03562 984417",
        legal_name="Blumenhaus Rosengarten Inh. Katrin Wenzel e. K.",
        legal_form="e. K.",
        representative="Katrin Wenzel",
        register_court=COURT,
        register_number="HRA 2954 CB",
        vat_id="DE301775420",
        hours="lunch",
        pickup_minutes=90,
        joins_late_night_shopping=True,
    ),
    ShopSpec(
        slug="buchhandlung-am-markt",
        name="Buchhandlung am Markt",
        trade=Trade.BOOKSHOP,
        tagline="Bücher, Beratung und Bestellungen über Nacht",
        description=(
            "Unsere Buchhandlung am Markt führt Romane, Kinderbücher, Sachbücher und eine "
            "große Auswahl zur Lausitz und zur Rosenstadt Forst. Was nicht im Regal steht, "
            "bestellen wir bis zum nächsten Morgen."
        ),
        street="Markt 3",
        latitude="51.739640",
        longitude="14.638970",
        phone="03562 663120",
        legal_name="Buchhandlung am Markt GmbH",
        legal_form="GmbH",
        representative="Dr. Jens Rietschel (Geschäftsführer)",
        register_court=COURT,
        register_number="HRB 9412 CB",
        vat_id="DE276634518",
        hours="standard",
        pickup_sla="next_day",
        joins_late_night_shopping=True,
    ),
    ShopSpec(
        slug="zweirad-mattick",
        name="Zweirad Mattick",
        trade=Trade.BIKE_SHOP,
        tagline="Fahrräder, E-Bikes und eine Werkstatt, die schnell hilft",
        description=(
            "Vom Kinderrad bis zum E-Bike: Wir verkaufen, reparieren und warten Fahrräder "
            "aller Marken. Ersatzteile und Zubehör haben wir vorrätig, Akkus und größere "
            "Teile reservieren Sie online und bezahlen bei Abholung in der Werkstatt."
        ),
        street="Berliner Straße 41",
        latitude="51.742130",
        longitude="14.640820",
        phone="03562 7088315",
        legal_name="Zweirad Mattick e. K.",
        legal_form="e. K.",
        representative="Thomas Mattick",
        register_court=COURT,
        register_number="HRA 3402 CB",
        vat_id="DE298830164",
        hours="lunch",
        pickup_note="Eingang zur Werkstatt über den Hof.",
        pickup_sla="next_day",
    ),
    ShopSpec(
        slug="fleischerei-kschenka",
        name="Fleischerei Kschenka",
        trade=Trade.BUTCHER,
        tagline="Hausschlachtene Wurst nach Lausitzer Rezepten",
        description=(
            "Wurst und Fleisch aus eigener Herstellung, von Tieren aus der Region. Unsere "
            "Grützwurst, die Lausitzer Knacker und die grobe Leberwurst machen wir seit "
            "drei Generationen nach Familienrezept."
        ),
        street="Mühlenstraße 5",
        latitude="51.737410",
        longitude="14.641760",
        phone="03562 692038",
        legal_name="Fleischerei Kschenka GbR",
        legal_form="GbR",
        representative="Rainer Kschenka und Uwe Kschenka",
        vat_id="DE312094857",
        hours="butcher",
        pickup_minutes=90,
        pickup_note="Gekühlte Ware bitte am selben Tag abholen.",
    ),
    ShopSpec(
        slug="modehaus-neissebogen",
        name="Modehaus Neißebogen",
        trade=Trade.FASHION,
        tagline="Mode für Damen und Herren, persönlich beraten",
        description=(
            "Alltagsmode, Strick und Wetterfestes für Damen und Herren in den Größen S bis "
            "XXL. Wir kürzen Hosen im Haus und legen Ihnen Ihre Auswahl zur Anprobe zurück."
        ),
        street="Cottbuser Straße 44",
        latitude="51.740360",
        longitude="14.633420",
        phone="03562 983306",
        legal_name="Modehaus Neißebogen GmbH",
        legal_form="GmbH",
        representative="Sabine Hanschke (Geschäftsführerin)",
        register_court=COURT,
        register_number="HRB 8876 CB",
        vat_id="DE266108739",
        hours="fashion",
        joins_late_night_shopping=True,
    ),
    ShopSpec(
        slug="spielkiste-forst",
        name="Spielkiste Forst",
        trade=Trade.TOYS,
        tagline="Spielzeug, Puzzle und Bastelspaß für alle Altersstufen",
        description=(
            "Holzspielzeug, Gesellschaftsspiele, Puzzle und Bastelsachen, ausgewählt von "
            "einer Erzieherin mit dreißig Jahren Erfahrung. Geschenke packen wir gern ein."
        ),
        street="Deutsche Straße 14",
        latitude="51.741170",
        longitude="14.636040",
        phone="03562 661875",
        legal_name="Spielkiste Forst Inh. Anja Bartsch e. K.",
        legal_form="e. K.",
        representative="Anja Bartsch",
        register_court=COURT,
        register_number="HRA 3511 CB",
        vat_id="DE305517242",
        hours="standard",
        joins_late_night_shopping=True,
    ),
    ShopSpec(
        slug="eisenwaren-lehmann",
        name="Eisenwaren Lehmann",
        trade=Trade.HARDWARE,
        tagline="Schrauben einzeln, Werkzeug fürs Leben, Gartenbedarf",
        description=(
            "Das Fachgeschäft für Haus, Hof und Garten: Werkzeug, Schrauben und Dübel auch "
            "einzeln, Seile und Ketten vom Meter, Farben, Gartengeräte und Dünger. Wir "
            "schleifen Ihre Gartenschere und schneiden Schlüssel nach."
        ),
        street="Berliner Straße 17",
        latitude="51.741520",
        longitude="14.638310",
        phone="03562 7401112",
        legal_name="Eisenwaren Lehmann GmbH",
        legal_form="GmbH",
        representative="Frank Lehmann (Geschäftsführer)",
        register_court=COURT,
        register_number="HRB 7045 CB",
        vat_id="DE137729904",
        hours="lunch",
    ),
    ShopSpec(
        slug="elektro-krautz",
        name="Elektro Krautz",
        trade=Trade.ELECTRONICS,
        tagline="Kabel, Lampen, Kleingeräte und Hilfe bei der Einrichtung",
        description=(
            "Elektrofachgeschäft mit Meisterbetrieb: Leuchtmittel, Kabel und Adapter, "
            "Haushaltskleingeräte, Radios und Zubehör für Handy und Computer. Wir richten "
            "Ihr neues Gerät auf Wunsch für Sie ein."
        ),
        street="Promenade 6",
        latitude="51.738140",
        longitude="14.643050",
        phone="03562 692771",
        legal_name="Elektro Krautz e. K.",
        legal_form="e. K.",
        representative="Michael Krautz",
        register_court=COURT,
        register_number="HRA 2789 CB",
        vat_id="DE289940316",
        hours="standard",
    ),
    ShopSpec(
        slug="augenoptik-sehwerk",
        name="Augenoptik Sehwerk",
        trade=Trade.OPTICIAN,
        tagline="Brillen, Sehtest und Kontaktlinsen in der Cottbuser Straße",
        description=(
            "Meisterbetrieb für Augenoptik mit kostenlosem Sehtest. Lesebrillen und "
            "Pflegemittel können Sie online kaufen, Fassungen reservieren Sie zur Anprobe "
            "und bezahlen erst im Geschäft."
        ),
        street="Cottbuser Straße 9",
        latitude="51.737760",
        longitude="14.635300",
        phone="03562 6909900",
        legal_name="Augenoptik Sehwerk GmbH",
        legal_form="GmbH",
        representative="Claudia Noack (Geschäftsführerin)",
        register_court=COURT,
        register_number="HRB 10233 CB",
        vat_id="DE318862075",
        hours="optician",
        closed_for_holidays=True,
    ),
    ShopSpec(
        slug="feinkost-kito",
        name="Lausitzer Feinkost Kito",
        trade=Trade.DELICATESSEN,
        tagline="Leinöl, Senf, Honig und Gurken aus der Lausitz",
        description=(
            "Spezialitäten aus der Lausitz und dem Spreewald: kaltgepresstes Leinöl aus der "
            "Ölmühle, Senf, Honig vom Imker aus dem Nachbardorf, Kaffee aus einer kleinen "
            "Rösterei und Wein von der Neiße. Geschenkkörbe stellen wir nach Wunsch zusammen."
        ),
        street="Markt 7",
        latitude="51.739310",
        longitude="14.639740",
        phone="03562 661093",
        legal_name="Lausitzer Feinkost Kito GbR",
        legal_form="GbR",
        representative="Jana Kito und Paul Kito",
        vat_id="DE324418890",
        hours="standard",
        pickup_minutes=60,
        joins_late_night_shopping=True,
    ),
    ShopSpec(
        slug="papeterie-federkiel",
        name="Papeterie Federkiel",
        trade=Trade.STATIONERY,
        tagline="Schreibwaren, Schulbedarf und schönes Papier",
        description=(
            "Hefte, Stifte, Ordner und alles für den Schulanfang, dazu Füller, Notizbücher "
            "und Geschenkpapier. Schullisten stellen wir für Sie zusammen; einfach online "
            "bestellen und nach der Arbeit abholen."
        ),
        street="Lindenstraße 21",
        latitude="51.736250",
        longitude="14.637720",
        phone="03562 983540",
        legal_name="Papeterie Federkiel Inh. Doreen Schulze e. K.",
        legal_form="e. K.",
        representative="Doreen Schulze",
        register_court=COURT,
        register_number="HRA 3620 CB",
        vat_id="DE309918476",
        hours="standard",
    ),
    # Listed only: residents find them, but nothing can be ordered online.
    ShopSpec(
        slug="schuhmacherei-wolf",
        name="Schuhmacherei Wolf",
        trade=Trade.SHOES,
        tagline="Schuhreparatur, Schlüsseldienst und Lederpflege",
        description=(
            "Absätze, Sohlen, Reißverschlüsse: Wir reparieren Schuhe, Taschen und Gürtel "
            "meist innerhalb von zwei Tagen. Bitte kommen Sie einfach vorbei."
        ),
        street="Mühlenstraße 12",
        latitude="51.737020",
        longitude="14.642560",
        phone="03562 690218",
        legal_name="Schuhmacherei Wolf Inh. Reinhard Wolf",
        legal_form="Einzelunternehmen",
        representative="Reinhard Wolf",
        vat_id="DE145587301",
        hours="workshop",
        sells_online=False,
    ),
    ShopSpec(
        slug="cafe-promenade",
        name="Café an der Promenade",
        trade=Trade.CAFE,
        tagline="Kaffee, hausgemachte Torten und ein Platz in der Sonne",
        description=(
            "Unser Café an der Promenade lädt zum Verweilen ein: Kaffee aus der Lausitz, "
            "Torten nach Hausrezept und im Sommer Eis auf der Terrasse."
        ),
        street="Promenade 2",
        latitude="51.737540",
        longitude="14.643880",
        phone="03562 6619480",
        legal_name="Café an der Promenade GbR",
        legal_form="GbR",
        representative="Heike Pohl und Marcel Pohl",
        vat_id="DE327705519",
        hours="cafe",
        sells_online=False,
        joins_late_night_shopping=True,
    ),
    # Has applied and waits for approval: invisible to residents.
    ShopSpec(
        slug="geschenkeladen-kleeblatt",
        name="Geschenkeladen Kleeblatt",
        trade=Trade.GIFTS,
        tagline="Kleine Geschenke und Andenken aus der Rosenstadt",
        description=("Andenken aus Forst, Kerzen, Karten und kleine Geschenke für jeden Anlass."),
        street="Deutsche Straße 30",
        latitude="51.742640",
        longitude="14.634880",
        phone="03562 7090412",
        legal_name="Geschenkeladen Kleeblatt Inh. Ines Jurk",
        legal_form="Einzelunternehmen",
        representative="Ines Jurk",
        hours="standard",
        status=VendorStatus.APPLIED,
    ),
)
