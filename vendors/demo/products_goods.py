"""Demo ranges of the non-food shops: books, bikes, fashion, toys, hardware, electronics, optics
and stationery (the standard VAT rate of 19 %, except books at 7 %)."""

from vendors.demo.catalogue import Item, ShopCatalogue

NOVELS = "Bücher > Romane & Krimis"
CHILDRENS_BOOKS = "Bücher > Kinderbücher"
REGIONAL = "Bücher > Regionales"
NONFICTION = "Bücher > Sachbücher & Ratgeber"
CALENDARS = "Bücher > Kalender & Zubehör"
BIKES = "Fahrrad > Fahrräder"
LOCKS = "Fahrrad > Schlösser"
HELMETS = "Fahrrad > Helme"
EBIKE = "Fahrrad > E-Bike"
PARTS = "Fahrrad > Ersatzteile"
BIKE_ACCESSORIES = "Fahrrad > Zubehör"
BIKE_CARE = "Fahrrad > Pflege & Werkzeug"
WOMEN = "Mode > Damen"
MEN = "Mode > Herren"
FASHION_ACCESSORIES = "Mode > Accessoires"
WOODEN_TOYS = "Spielwaren > Holzspielzeug"
GAMES = "Spielwaren > Spiele & Puzzle"
PLUSH = "Spielwaren > Plüsch & Puppen"
CRAFTS = "Spielwaren > Basteln & Malen"
OUTDOOR = "Spielwaren > Draußen spielen"
TOOLS = "Heimwerken > Werkzeug"
SCREWS = "Heimwerken > Schrauben & Befestigung"
ROPES = "Heimwerken > Seile & Ketten"
PAINT = "Heimwerken > Farben & Lacke"
HOUSEHOLD = "Heimwerken > Haushaltsbedarf"
GARDEN_TOOLS = "Garten > Gartengeräte"
FERTILISER = "Garten > Dünger & Erde"
WATERING = "Garten > Bewässerung"
CABLES = "Elektronik > Kabel & Adapter"
CHARGERS = "Elektronik > Ladegeräte & Powerbanks"
LAMPS = "Elektronik > Leuchtmittel & Leuchten"
BATTERIES = "Elektronik > Batterien & Akkus"
APPLIANCES = "Elektronik > Haushaltsgeräte"
AUDIO = "Elektronik > Audio & Telefon"
READING_GLASSES = "Optik > Lesebrillen"
SUNGLASSES = "Optik > Sonnenbrillen"
FRAMES = "Optik > Fassungen"
EYECARE = "Optik > Pflege & Zubehör"
SCHOOL = "Schreibwaren > Schulbedarf"
PENS = "Schreibwaren > Schreibgeräte"
PAPER = "Schreibwaren > Papier & Hefte"
CARDS = "Schreibwaren > Karten & Geschenkpapier"

# Variants that cost the same in every size or strength.
SIZES = tuple((size, "") for size in ("S", "M", "L", "XL", "XXL"))
WOMENS_SIZES = tuple((size, "") for size in ("36", "38", "40", "42", "44"))
DIOPTRES = tuple((f"+{strength} dpt", "") for strength in ("1,0", "1,5", "2,0", "2,5", "3,0"))
RULINGS = (("liniert", ""), ("kariert", ""), ("blanko", ""))

# The ranges keep the compact layout of products_food.py, which ruff format would unfold.
# fmt: off
BOOKSHOP = ShopCatalogue(
    shop="buchhandlung-am-markt",
    vat="reduced",
    gtin_prefix="978",
    items=(
        Item("Tod im Rosengarten", "14.00", NOVELS,
             "Lausitz-Krimi von Undine Matschke: Am Morgen nach dem Rosengartenfest liegt ein "
             "Stadtrat zwischen den Beeten, und Kommissarin Hella Zschornack hat zu viele "
             "Verdächtige.", brand="Verlag Neißeufer",
             variants=(("Taschenbuch", "14.00"), ("gebunden", "22.00"))),
        Item("Die Tote am Neißewehr", "13.00", NOVELS,
             "Der zweite Fall für Hella Zschornack führt über die Grenze nach Polen und tief "
             "in die Geschichte einer Forster Familie. Taschenbuch, 352 Seiten.",
             brand="Verlag Neißeufer"),
        Item("Letzte Schicht im Tagebau", "15.00", NOVELS,
             "Kriminalroman von Bernd Kalauch: Ein Baggerfahrer verschwindet kurz vor der "
             "Stilllegung seines Tagebaus. Taschenbuch.", brand="Niederlausitzer Verlagshaus"),
        Item("Mord in der Tuchfabrik", "14.00", NOVELS,
             "Historischer Krimi aus dem Forst des Jahres 1911, als die Stadt das deutsche "
             "Manchester hieß. Von Marlene Gubatz.", brand="Niederlausitzer Verlagshaus",
             stock="sold_out"),
        Item("Die Weberin von Forst", "24.00", NOVELS,
             "Roman über drei Generationen von Frauen zwischen Webstuhl, Krieg und Neuanfang. "
             "Gebunden, mit Lesebändchen.", brand="Edition Spreebogen"),
        Item("Sommer an der Neiße", "12.00", NOVELS,
             "Ein leichter Roman über eine Berlinerin, die ein altes Fährhaus erbt und bleibt. "
             "Taschenbuch, gerade richtig für den Urlaub.", brand="Edition Spreebogen"),
        Item("Das Haus hinter dem Wasserturm", "22.00", NOVELS,
             "Familienroman von Jonas Pietzsch über ein Haus, das mehr weiß als seine "
             "Bewohner. Gebunden.", brand="Edition Spreebogen"),
        Item("Forst (Lausitz) in alten Ansichten", "19.90", REGIONAL,
             "Bildband mit über 150 Postkarten und Fotografien der Rosenstadt von 1890 bis "
             "1970, erläutert von einem Forster Heimatforscher.", brand="Rosenstadt-Verlag"),
        Item("Der Rosengarten in Forst: Ein Gartenführer", "12.90", REGIONAL,
             "Rundgang durch den Rosengarten mit Lageplan, Sortenporträts und den schönsten "
             "Plätzen für jede Blütezeit.", brand="Rosenstadt-Verlag"),
        Item("Radwandern an der Neiße", "16.90", REGIONAL,
             "25 Touren zwischen Zittau und Guben mit Karten, Einkehrtipps und Hinweisen für "
             "E-Bike-Fahrer.", brand="Rosenstadt-Verlag"),
        Item("Lausitzer Küche: Leinöl, Quark und Plinse", "22.00", REGIONAL,
             "Achtzig Rezepte aus der Nieder- und Oberlausitz, von der Kartoffelsuppe bis zum "
             "Mohnkuchen.", brand="Niederlausitzer Verlagshaus"),
        Item("Sagen und Märchen der Niederlausitz", "16.00", REGIONAL,
             "Vom Wassermann bis zur Mittagsfrau: überlieferte Geschichten, neu erzählt und "
             "illustriert.", brand="Niederlausitzer Verlagshaus"),
        Item("Tuch aus Forst: Eine Industriegeschichte", "24.90", REGIONAL,
             "Wie die Tuchmacherstadt an der Neiße groß wurde und was von ihren Fabriken "
             "blieb. Zurzeit vergriffen, die Neuauflage ist angekündigt.",
             brand="Rosenstadt-Verlag", stock="out"),
        Item("Lausitz von oben, signierte Vorzugsausgabe", "79.00", REGIONAL,
             "Luftbilder von Seen, Tagebauen und Dörfern im Großformat, nummeriert und "
             "signiert. Wir legen Ihnen ein Exemplar zurück; Sie bezahlen bei Abholung.",
             brand="Rosenstadt-Verlag", reserve=True),
        Item("Wanderkarte Forst und Umgebung 1:50 000", "8.90", REGIONAL,
             "Mit Rad- und Wanderwegen, wetterfest beschichtet.", brand="Rosenstadt-Verlag"),
        Item("Rosi Rosenknospe sucht den Sommer", "14.00", CHILDRENS_BOOKS,
             "Bilderbuch ab 3 Jahren über eine kleine Rose, die nicht warten will. Zum "
             "Vorlesen und Anschauen.", brand="Kiefernzapfen Verlag"),
        Item("Der kleine Biber von der Neiße", "13.00", CHILDRENS_BOOKS,
             "Kinderbuch ab 4 Jahren: Bruno Biber baut einen Damm und lernt dabei, um Hilfe "
             "zu bitten.", brand="Kiefernzapfen Verlag"),
        Item("Kommissar Krümel und die verschwundene Torte", "9.00", CHILDRENS_BOOKS,
             "Erstlesebuch ab 6 Jahren mit großer Schrift und kurzen Kapiteln.",
             brand="Kiefernzapfen Verlag"),
        Item("Mein erstes Wimmelbuch: Ein Tag in Forst", "12.00", CHILDRENS_BOOKS,
             "Pappbilderbuch ab 2 Jahren: Markt, Rosengarten, Bahnhof und Neißeufer zum "
             "Entdecken.", brand="Kiefernzapfen Verlag"),
        Item("Die Drachenbande vom Wasserturm", "15.00", CHILDRENS_BOOKS,
             "Abenteuerroman für Kinder ab 9 Jahren über vier Freunde und ein Geheimnis im "
             "alten Turm.", brand="Kiefernzapfen Verlag", stock="sold_out"),
        Item("Wie kam die Kohle in die Lausitz?", "16.00", CHILDRENS_BOOKS,
             "Sachbuch für Kinder ab 8 Jahren über Urwald, Braunkohle, Tagebau und die neuen "
             "Seen.", brand="Kiefernzapfen Verlag"),
        Item("Rosen im eigenen Garten", "19.90", NONFICTION,
             "Ratgeber zu Sorten, Pflanzung, Schnitt und Pflege, mit einem Kapitel über Rosen "
             "für trockene Sandböden.", brand="Edition Spreebogen"),
        Item("Gemüsegarten für Eilige", "18.00", NONFICTION,
             "Viel ernten mit wenig Arbeit: Beetpläne, Mulchen und Sorten, die sich selbst "
             "helfen.", brand="Edition Spreebogen"),
        Item("Fahrradreparatur leicht gemacht", "14.90", NONFICTION,
             "Schlauch flicken, Bremsen einstellen, Kette wechseln: Schritt für Schritt mit "
             "Fotos.", brand="Edition Spreebogen"),
        Item("Das Smartphone für Einsteiger", "12.90", NONFICTION,
             "Große Schrift, klare Bilder: telefonieren, Fotos verschicken und sicher im "
             "Internet unterwegs sein.", brand="Edition Spreebogen"),
        Item("Wandkalender „Rosenstadt Forst 2027“", "16.90", CALENDARS,
             "Der Kalender 2027 für Forster: zwölf Monate Rosengarten, Neißeufer und Altstadt "
             "im Format 30 × 40 cm, mit Feiertagen und Schulferien in Brandenburg.",
             brand="Rosenstadt-Verlag",
             vat="standard"),
        Item("Kalender „Lausitzer Landschaften 2027“", "24.90", CALENDARS,
             "Großformatiger Fotokalender, 48 × 33 cm, mit Spiralbindung.",
             brand="Rosenstadt-Verlag", vat="standard"),
        Item("Tischkalender „Gartenjahr 2027“", "9.90", CALENDARS,
             "Zum Aufstellen, mit einem Gartentipp für jede Woche.", brand="Edition Spreebogen",
             vat="standard"),
        Item("Literarischer Taschenkalender 2027", "12.90", CALENDARS,
             "Wochenkalender mit einem Gedicht oder Zitat für jede Woche.",
             brand="Edition Spreebogen", vat="standard"),
        Item("Lesezeichen aus Leder", "6.90", CALENDARS,
             "Mit geprägter Rose, in Handarbeit in der Lausitz gefertigt.", vat="standard",
             gtin=False),
        Item("Leselampe zum Anklemmen", "14.90", CALENDARS,
             "Kleine LED-Leuchte für das Buch im Bett, mit USB-C aufladbar.", vat="standard",
             gtin=False),
        Item("Buchhülle aus Leinen", "19.90", CALENDARS,
             "Schützt das Taschenbuch in der Tasche, mit Stifthalter und Lesebändchen.",
             vat="standard", gtin=False),
    ),
)

BIKE_SHOP = ShopCatalogue(
    shop="zweirad-mattick",
    items=(
        Item("Trekking-E-Bike „Neißetal“, 28 Zoll", "2899.00", EBIKE,
             "Mittelmotor, 625-Wh-Akku im Unterrohr und zehn Gänge: gemacht für lange Touren "
             "auf dem Oder-Neiße-Radweg. Wir reservieren Ihre Rahmenhöhe; Probefahrt und "
             "Bezahlung in der Werkstatt.", brand="Spreerad", reserve=True,
             variants=(("Rahmenhöhe 50 cm", ""), ("Rahmenhöhe 55 cm", ""))),
        Item("City-E-Bike mit tiefem Einstieg", "2349.00", EBIKE,
             "Bequemer Tiefeinsteiger mit Nabenmotor, Rücktrittbremse und Gepäckträger für "
             "den Einkauf. Reservieren, Probe fahren, im Laden bezahlen.", brand="Spreerad",
             reserve=True),
        Item("E-Bike Akku 500 Wh, Rahmenakku", "649.00", EBIKE,
             "Ersatzakku für gängige Mittelmotor-Systeme. Bringen Sie Ihr Rad oder den alten "
             "Akku mit: Wir prüfen die Passform, bevor Sie bezahlen.", brand="Voltrad",
             reserve=True),
        Item("E-Bike-Ladegerät 4 A", "129.00", EBIKE,
             "Schnellladegerät für E-Bike-Akkus mit 36 V; ein leerer 500-Wh-Akku ist in rund "
             "vier Stunden wieder voll.", brand="Voltrad"),
        Item("Akku-Schutzhülle aus Neopren", "24.90", EBIKE,
             "Hält den E-Bike-Akku im Winter warm und schützt ihn vor Spritzwasser und "
             "Streusalz.", brand="Voltrad"),
        Item("Kinderfahrrad 20 Zoll, 7 Gänge", "379.00", BIKES,
             "Leichter Aluminiumrahmen, Nabendynamo-Licht und Rücktritt, für Kinder von etwa "
             "sechs bis neun Jahren. Sattel und Lenker stellen wir bei Abholung passend ein.",
             brand="Neißeflitzer", reserve=True),
        Item("Kinderlaufrad 12 Zoll", "99.00", BIKES,
             "Zum Üben des Gleichgewichts ab zwei Jahren, Sattel ohne Werkzeug verstellbar.",
             brand="Neißeflitzer", stock="sold_out"),
        Item("Faltschloss", "49.90", LOCKS,
             "Faltschloss aus sechs gehärteten Stahlgliedern, zusammengeklappt klein genug "
             "für die mitgelieferte Rahmenhalterung. Mit zwei Schlüsseln.", brand="Velotex",
             variants=(("75 cm", "49.90"), ("90 cm", "59.90"))),
        Item("Bügelschloss 13 mm", "39.90", LOCKS,
             "Massiver Bügel aus gehärtetem Stahl, passt um Rahmen und Laternenpfahl; ein "
             "Halter für das Unterrohr liegt bei.", brand="Velotex"),
        Item("Kettenschloss 100 cm", "69.90", LOCKS,
             "Schwere Vierkantkette im Stoffschlauch, der den Lack schont; für E-Bikes und "
             "Lastenräder.", brand="Velotex", stock="out"),
        Item("Spiralkabelschloss mit Zahlencode, 180 cm", "12.90", LOCKS,
             "Leichtes Fahrradschloss für den kurzen Halt beim Bäcker, ganz ohne Schlüssel.",
             brand="Velotex"),
        Item("Rahmenschloss mit Einsteckkette", "29.90", LOCKS,
             "Wird fest am Hinterbau montiert; die Einsteckkette sichert das Rad zusätzlich am "
             "Fahrradständer.", brand="Velotex"),
        Item("Fahrradhelm „Stadt“", "59.90", HELMETS,
             "Leichter Fahrradhelm mit eingebautem LED-Rücklicht und Drehrad zur "
             "Weitenverstellung, geprüft nach EN 1078.", brand="Kopfsache",
             variants=(("S (52–56 cm)", ""), ("M (55–59 cm)", ""), ("L (58–62 cm)", ""))),
        Item("Kinderhelm „Flitzer“", "34.90", HELMETS,
             "Der Helm für Kinder ab drei Jahren: mit Insektennetz, Reflektoren und einem "
             "Magnetverschluss, der nicht zwickt.", brand="Kopfsache",
             variants=(("XS (46–51 cm)", ""), ("S (50–55 cm)", ""))),
        Item("E-Bike-Helm mit Visier", "89.90", HELMETS,
             "Verlängerter Schutz am Hinterkopf und ein klappbares Visier für flotte Fahrten "
             "mit dem E-Bike.", brand="Kopfsache", variants=(("M", ""), ("L", ""))),
        Item("Fahrradlicht-Set LED mit Akku", "39.90", BIKE_ACCESSORIES,
             "Frontlicht mit 70 Lux und Rücklicht, beide per USB-C-Kabel aufladbar und nach "
             "StVZO zugelassen.", brand="Velotex"),
        Item("LED-Scheinwerfer für Nabendynamo", "44.90", BIKE_ACCESSORIES,
             "Helles Fahrradlicht mit Standlicht und einem Sensor, der bei Dämmerung von "
             "selbst einschaltet.", brand="Velotex"),
        Item("Fahrradkorb für den Lenker", "34.90", BIKE_ACCESSORIES,
             "Geflochtener Korb mit Klickhalter: mit einem Griff abgenommen und als "
             "Einkaufskorb mitgenommen.", brand="Neißeflitzer"),
        Item("Packtasche wasserdicht, 20 Liter", "49.90", BIKE_ACCESSORIES,
             "Gepäckträgertasche mit Rollverschluss und Schnellbefestigung, hält auch "
             "Lausitzer Landregen aus.", brand="Velotex"),
        Item("Fahrradkindersitz für den Gepäckträger", "89.90", BIKE_ACCESSORIES,
             "Für Kinder von 9 bis 22 kg, mit Fußstützen, Dreipunktgurt und Speichenschutz.",
             brand="Neißeflitzer"),
        Item("Fahrradklingel aus Messing", "7.90", BIKE_ACCESSORIES,
             "Klassische Klingel mit hellem, langem Klang.", brand="Velotex"),
        Item("Fahrradschlauch", "6.90", PARTS,
             "Schlauch aus Butyl mit Blitzventil, passend für die meisten Stadt- und "
             "Trekkingräder.", brand="Mattick Werkstatt",
             variants=(("28 Zoll", "6.90"), ("26 Zoll", "6.50"), ("24 Zoll", "6.50"),
                       ("20 Zoll", "5.90"))),
        Item("Fahrradmantel pannensicher, 28 Zoll", "29.90", PARTS,
             "Reifen mit dicker Pannenschutzeinlage und Reflexstreifen an der Flanke.",
             brand="Velotex", variants=(("37-622", ""), ("42-622", ""), ("47-622", "32.90"))),
        Item("Fahrradkette 8-fach, 116 Glieder", "14.90", PARTS,
             "Mit Kettenschloss, für Kettenschaltungen mit sechs bis acht Gängen.",
             brand="Velotex"),
        Item("Scheibenbremsbeläge, 2 Paar", "16.90", PARTS,
             "Organische Beläge, leise und bissig; wir bauen sie auf Wunsch gleich ein.",
             brand="Mattick Werkstatt"),
        Item("Komfortsattel mit Gelpolster", "29.90", PARTS,
             "Breiter Sattel mit Elastomerfederung für aufrechtes Fahren.", brand="Velotex"),
        Item("Kettenöl „Allwetter“", "8.90", BIKE_CARE,
             "Haftet auch bei Regen, schützt die Fahrradkette vor Rost und läuft leise.",
             brand="Mattick Werkstatt", quantity="100 ml"),
        Item("Fahrradreiniger, Sprühflasche", "11.90", BIKE_CARE,
             "Biologisch abbaubar, löst Straßenschmutz und Fett ohne Schrubben.",
             brand="Mattick Werkstatt", quantity="1 l"),
        Item("Flickzeug in der Dose", "4.50", BIKE_CARE,
             "Flicken, Vulkanisierlösung, Schmirgelpapier und zwei Reifenheber.",
             brand="Mattick Werkstatt"),
        Item("Standpumpe mit Manometer", "34.90", BIKE_CARE,
             "Für alle Ventile, bis 11 bar; der große Druckmesser ist gut ablesbar.",
             brand="Velotex"),
        Item("Minipumpe für unterwegs", "19.90", BIKE_CARE,
             "Passt an den Flaschenhalter und pumpt Blitz-, Auto- und Sclaverandventile.",
             brand="Velotex", stock="sold_out"),
        Item("Multitool, 16 Funktionen", "24.90", BIKE_CARE,
             "Inbusschlüssel, Schraubendreher, Kettennieter und Speichenschlüssel im "
             "Taschenformat.", brand="Velotex"),
    ),
)

FASHION = ShopCatalogue(
    shop="modehaus-neissebogen",
    items=(
        Item("Damen-Regenjacke „Neißewind“", "89.90", WOMEN,
             "Wasserdichte Regenjacke mit verschweißten Nähten und verstellbarer Kapuze, "
             "atmungsaktiv und leicht genug für die Handtasche.", brand="Wetterfest",
             variants=SIZES),
        Item("Herren-Regenjacke „Neißewind“", "99.90", MEN,
             "Wasserdichte Regenjacke mit Unterarm-Belüftung, vielen Taschen und Reflektoren "
             "für den Weg mit dem Rad.", brand="Wetterfest", variants=SIZES[1:]),
        Item("Damen-Jeans, gerader Schnitt", "69.90", WOMEN,
             "Jeans aus fester Baumwolle mit etwas Stretch und hohem Bund. Wir kürzen die Hose "
             "im Haus auf Ihre Länge.", brand="Neißebogen Basics", variants=WOMENS_SIZES),
        Item("Herren-Jeans „Regular Fit“", "79.90", MEN,
             "Klassische Fünf-Pocket-Jeans in Dunkelblau; das Kürzen im Haus ist inklusive.",
             brand="Neißebogen Basics",
             variants=(("W32/L32", ""), ("W34/L32", ""), ("W36/L32", ""), ("W38/L34", ""))),
        Item("Damen-Strickjacke aus Merinowolle", "89.90", WOMEN,
             "Feine, weiche Strickjacke mit Perlmuttknöpfen, die nicht kratzt.",
             brand="Lausitzer Strick", variants=SIZES[:4]),
        Item("Herren-Strickjacke mit Schalkragen", "99.00", MEN,
             "Grobstrick aus Schurwolle, warm genug als Jacke für den Herbst.",
             brand="Lausitzer Strick", variants=SIZES[1:4]),
        Item("Damen-Rollkragenpullover", "59.90", WOMEN,
             "Aus Baumwolle mit Kaschmir, in Wollweiß.", brand="Lausitzer Strick", stock="out"),
        Item("Damen-Bluse mit Blumendruck", "49.90", WOMEN,
             "Fließende Viskose, lässt sich gut in die Hose stecken.",
             brand="Neißebogen Basics", variants=WOMENS_SIZES[1:4]),
        Item("Herren-Hemd Oxford, Button-down", "49.90", MEN,
             "Bügelleichtes Baumwollhemd in Hellblau für Büro und Wochenende.",
             brand="Neißebogen Basics", variants=SIZES[1:4]),
        Item("Herren-T-Shirt, 2er-Pack", "29.90", MEN,
             "Rundhals aus Biobaumwolle, in Schwarz und Grau.", brand="Neißebogen Basics"),
        Item("Damen-Wintermantel aus Wolle", "249.00", WOMEN,
             "Langer Mantel mit Kaschmiranteil. Wir legen ihn Ihnen zur Anprobe zurück; "
             "bezahlt wird erst im Geschäft.", brand="Neißebogen Basics", reserve=True,
             variants=WOMENS_SIZES[1:4]),
        Item("Herren-Sakko aus Tweed", "189.00", MEN,
             "Klassisches Sakko für Feiern und Theater. Zur Anprobe reservieren, im Geschäft "
             "bezahlen.", brand="Neißebogen Basics", reserve=True),
        Item("Schal aus Lammwolle", "39.90", FASHION_ACCESSORIES,
             "Langer, weicher Schal, 180 × 30 cm.", brand="Lausitzer Strick",
             variants=(("Anthrazit", ""), ("Rosenrot", ""), ("Senfgelb", ""))),
        Item("Seidentuch „Rosengarten“", "44.90", FASHION_ACCESSORIES,
             "Halstuch mit Rosenmotiv, 90 × 90 cm, eigens für unser Modehaus gedruckt.",
             brand="Neißebogen Basics", stock="sold_out"),
        Item("Strickmütze mit Umschlag", "24.90", FASHION_ACCESSORIES,
             "Warm und dehnbar, eine Größe passt fast allen.", brand="Lausitzer Strick"),
        Item("Lederhandschuhe, gefüttert", "49.90", FASHION_ACCESSORIES,
             "Aus Lammnappa mit Kaschmirfutter.", brand="Neißebogen Basics",
             variants=(("Damen", ""), ("Herren", "54.90"))),
        Item("Ledergürtel", "34.90", FASHION_ACCESSORIES,
             "Vollrindleder, 3,5 cm breit, mit matter Schließe.", brand="Neißebogen Basics",
             variants=(("90 cm", ""), ("100 cm", ""), ("110 cm", ""))),
        Item("Wollsocken, 3 Paar", "16.90", FASHION_ACCESSORIES,
             "Mit Schurwolle, Ferse und Spitze verstärkt.", brand="Lausitzer Strick"),
        Item("Taschenschirm, sturmfest", "24.90", FASHION_ACCESSORIES,
             "Klein und leicht, mit Auf-Zu-Automatik.", brand="Wetterfest"),
    ),
)

TOY_SHOP = ShopCatalogue(
    shop="spielkiste-forst",
    items=(
        Item("Holzeisenbahn-Starterset, 40 Teile", "59.90", WOODEN_TOYS,
             "Schienen aus Buchenholz, Lok mit Magnetkupplung, zwei Waggons und eine Brücke; "
             "passt zu den gängigen Holzschienen. Ab 3 Jahren.", brand="Holzwurm"),
        Item("Schienen-Ergänzungsset mit Weichen", "24.90", WOODEN_TOYS,
             "Zwölf Schienen, zwei Weichen und ein Prellbock für die Holzeisenbahn.",
             brand="Holzwurm"),
        Item("Dampflok „Rosenstadt-Express“", "14.90", WOODEN_TOYS,
             "Holzlok mit Tender, rot lackiert, mit Magnetkupplung.", brand="Holzwurm"),
        Item("Bauklötze aus Holz, 100 Stück", "39.90", WOODEN_TOYS,
             "Naturbelassen und bunt lackiert, im Stoffbeutel. Ab 1 Jahr.", brand="Holzwurm"),
        Item("Stapelturm aus Holz", "16.90", WOODEN_TOYS,
             "Sieben Ringe in Regenbogenfarben für die Kleinsten.", brand="Holzwurm"),
        Item("Murmelbahn, 80 Teile", "49.90", WOODEN_TOYS,
             "Immer wieder neu aufzubauen, mit 20 Glasmurmeln. Ab 4 Jahren.", brand="Holzwurm",
             stock="out"),
        Item("Kaufmannsladen aus Holz", "169.00", WOODEN_TOYS,
             "Mit Markise, Kasse und Regalen. Wir reservieren ihn, bauen ihn auf Wunsch auf "
             "und packen ihn als Geschenk ein; Sie bezahlen bei Abholung.", brand="Holzwurm",
             reserve=True),
        Item("Puzzle „Rosengarten Forst“, 1000 Teile", "16.90", GAMES,
             "Der Rosengarten in voller Blüte, 68 × 48 cm, mit Poster als Vorlage.",
             brand="Spielkiste Edition"),
        Item("Puzzle „Lausitzer Seenland“, 500 Teile", "12.90", GAMES,
             "Sonnenuntergang über einem der neuen Seen.", brand="Spielkiste Edition"),
        Item("Kinderpuzzle „Auf dem Bauernhof“, 24 Teile", "9.90", GAMES,
             "Große, dicke Teile für Kinder ab 3 Jahren.", brand="Spielkiste Edition"),
        Item("Rahmenpuzzle aus Holz „Waldtiere“", "12.90", GAMES,
             "Acht Teile mit Greifknöpfen, ab 2 Jahren.", brand="Holzwurm"),
        Item("Familienspiel „Rosenjagd“", "29.90", GAMES,
             "Brettspiel für 2 bis 5 Spieler ab 8 Jahren: Wer pflanzt zuerst den schönsten "
             "Rosengarten? Etwa 40 Minuten.", brand="Spielkiste Edition"),
        Item("Kartenspiel „Schnelle Schnecke“", "8.90", GAMES,
             "Flottes Reaktionsspiel für 2 bis 6 Spieler ab 6 Jahren.",
             brand="Spielkiste Edition"),
        Item("Memo-Spiel „Tiere im Wald“", "12.90", GAMES,
             "36 Kartenpaare aus dicker Pappe, ab 4 Jahren.", brand="Spielkiste Edition"),
        Item("Schach und Mühle aus Holz", "24.90", GAMES,
             "Klappbrett mit Figuren, innen Mühle und Dame.", brand="Holzwurm"),
        Item("Plüschteddy „Bruno“", "19.90", PLUSH,
             "Kuscheliger Teddybär aus weichem Plüsch, waschbar bei 30 °C und geeignet ab der "
             "Geburt.", brand="Kuschelwerk",
             variants=(("25 cm", "19.90"), ("40 cm", "34.90"), ("60 cm", "54.90"))),
        Item("Kuscheltier Biber", "16.90", PLUSH,
             "Der Biber von der Neiße zum Knuddeln, 30 cm.", brand="Kuschelwerk"),
        Item("Stoffpuppe „Lotte“", "29.90", PLUSH,
             "Weiche Puppe mit Wollhaar und einem Kleid zum Ausziehen, ab 18 Monaten.",
             brand="Kuschelwerk"),
        Item("Handpuppe Krokodil", "19.90", PLUSH,
             "Fürs Kasperletheater zu Hause, mit beweglichem Maul.", brand="Kuschelwerk"),
        Item("Wachsmalstifte, 12 Farben", "5.90", CRAFTS,
             "Dicke, bruchfeste Stifte für kleine Hände.", brand="Farbenfroh"),
        Item("Fingerfarben, 6 Töpfe", "9.90", CRAFTS,
             "Sechs Töpfe zu je 50 ml, lassen sich aus der Kleidung auswaschen.",
             brand="Farbenfroh", quantity="300 ml"),
        Item("Knete, 4 Dosen", "6.90", CRAFTS,
             "Weiche Knete auf Mehlbasis, vier Dosen zu je 100 g.", brand="Farbenfroh",
             quantity="400 g"),
        Item("Bastelset Holzperlen", "14.90", CRAFTS,
             "500 bunte Perlen, Schnüre und Verschlüsse für Ketten und Armbänder.",
             brand="Farbenfroh"),
        Item("Malblock A3, 20 Blatt", "4.90", CRAFTS, "Kräftiges Zeichenpapier, 120 g/m².",
             brand="Farbenfroh"),
        Item("Kinderroller, dreirädrig", "49.90", OUTDOOR,
             "Kinderroller mit breitem Trittbrett und Lenkneigung für Kinder ab 3 Jahren; der "
             "Lenker ist in der Höhe verstellbar.", brand="Flitzpiepe"),
        Item("Tretroller mit großen Rädern", "79.90", OUTDOOR,
             "Für Kinder ab 6 Jahren und Erwachsene, klappbar, mit Ständer.", brand="Flitzpiepe"),
        Item("Sandspielzeug-Set, 8 Teile", "12.90", OUTDOOR,
             "Eimer, Schaufel, Sieb, Rechen und Förmchen im Netz.", brand="Flitzpiepe"),
        Item("Springseil mit Holzgriffen", "6.90", OUTDOOR,
             "Länge verstellbar, für Kinder und Erwachsene.", brand="Flitzpiepe"),
        Item("Seifenblasen-Nachfüllflasche", "6.90", OUTDOOR,
             "Für große, schillernde Seifenblasen.", brand="Flitzpiepe", quantity="1 l"),
        Item("Straßenmalkreide, 12 Stück", "4.90", OUTDOOR,
             "Dicke Kreide in bunten Farben, mit dem nächsten Regen wieder weg.",
             brand="Farbenfroh"),
        Item("Lenkdrachen „Neißewind“", "24.90", OUTDOOR,
             "Zweileiner für Kinder ab 8 Jahren, mit Schnüren und Griffen.", brand="Flitzpiepe",
             stock="sold_out"),
    ),
)

HARDWARE = ShopCatalogue(
    shop="eisenwaren-lehmann",
    brand="Lehmann Hausmarke",
    items=(
        Item("Schlosserhammer mit Eschenstiel", "14.90", TOOLS,
             "Geschmiedeter Kopf, Stiel aus heimischer Esche, gut ausgewogen.",
             variants=(("300 g", "14.90"), ("500 g", "17.90"))),
        Item("Schraubendreher-Set, 6-teilig", "19.90", TOOLS,
             "Schlitz und Kreuzschlitz in gängigen Größen, mit griffigen "
             "Zweikomponentengriffen.", brand="Werkbank"),
        Item("Bit-Set mit Halter, 32-teilig", "16.90", TOOLS,
             "Bits für Kreuz-, Torx- und Innensechskantschrauben in einer Klappbox.",
             brand="Werkbank"),
        Item("Kombizange 180 mm", "12.90", TOOLS, "Zum Greifen, Biegen und Abkneifen von Draht.",
             brand="Werkbank"),
        Item("Zollstock aus Holz, 2 m", "9.90", TOOLS,
             "Gliedermaßstab aus Buchenholz mit gut lesbarer Skala.", brand="Werkbank"),
        Item("Wasserwaage", "12.90", TOOLS,
             "Aluprofil mit zwei Libellen für waagerecht und senkrecht.", brand="Werkbank",
             variants=(("40 cm", "12.90"), ("60 cm", "16.90"), ("100 cm", "24.90"))),
        Item("Akku-Bohrschrauber 18 V, Set mit zwei Akkus", "149.00", TOOLS,
             "Mit Ladegerät, Koffer und Bitsatz. Wir laden die Akkus vor und zeigen Ihnen das "
             "Gerät; Sie bezahlen bei Abholung.", brand="Werkbank", reserve=True),
        Item("Spanplattenschrauben, Box", "9.90", SCREWS,
             "Verzinkte Schrauben mit Senkkopf und Kreuzschlitz für Holz und Spanplatte.",
             variants=(("4 × 30 mm, 500 Stück", "9.90"), ("4 × 40 mm, 500 Stück", "11.90"),
                       ("5 × 60 mm, 200 Stück", "12.90"))),
        Item("Spanplattenschraube 5 × 80 mm, einzeln", "0.15", SCREWS,
             "Schrauben einzeln aus der Schublade: Sie kaufen genau so viele, wie Sie "
             "brauchen.", gtin=False, stock="uncounted"),
        Item("Universaldübel-Sortiment, 200 Teile", "7.90", SCREWS,
             "Dübel in 5, 6, 8 und 10 mm für Mauerwerk, Beton und Gipskarton."),
        Item("Drahtstifte blank, lose", "3.90", SCREWS,
             "Nägel in gemischten Längen von 30 bis 70 mm, nach Gewicht abgepackt.",
             quantity="500 g", gtin=False),
        Item("Polypropylen-Seil 8 mm, vom Meter", "0.60", ROPES,
             "Wetterfestes, geflochtenes Seil für Garten, Anhänger und Boot; wir schneiden es "
             "auf Ihre Länge.", quantity="1 m", gtin=False,
             variants=(("1 m", "0.60", "1 m"), ("10 m", "5.50", "10 m"),
                       ("25 m", "12.90", "25 m"))),
        Item("Juteseil 12 mm, vom Meter", "1.20", ROPES,
             "Naturfaserseil für Schaukel, Kletternetz und Dekoration.", quantity="1 m",
             gtin=False),
        Item("Rundstahlkette verzinkt 5 mm, vom Meter", "3.90", ROPES,
             "Kurzgliedrige Kette für Tor, Absperrung und Anhänger.", quantity="1 m",
             gtin=False),
        Item("Wäscheleine mit Stahlseele, 20 m", "6.90", ROPES,
             "Reißfest und leicht abzuwischen, hängt nicht durch.", quantity="20 m"),
        Item("Karabinerhaken verzinkt, 2 Stück", "3.90", ROPES, "Mit Schraubsicherung, 8 mm."),
        Item("Innenwandfarbe weiß, matt", "14.90", PAINT,
             "Gut deckende Dispersionsfarbe für Wände und Decken, nahezu geruchlos.",
             brand="Lausitzer Farbwerk",
             variants=(("2,5 l", "14.90", "2.5 l"), ("10 l", "39.90", "10 l"))),
        Item("Buntlack seidenmatt", "16.90", PAINT,
             "Lack auf Wasserbasis für Holz und Metall, innen und außen.",
             brand="Lausitzer Farbwerk", quantity="750 ml",
             variants=(("Reinweiß", ""), ("Tannengrün", ""), ("Feuerrot", ""))),
        Item("Holzschutzlasur", "24.90", PAINT,
             "Für Zaun, Gartenhaus und Carport; schützt vor Sonne und Feuchtigkeit.",
             brand="Lausitzer Farbwerk", quantity="2.5 l",
             variants=(("Kiefer", ""), ("Nussbaum", ""))),
        Item("Farbroller-Set mit Wanne", "11.90", PAINT,
             "Roller 25 cm, kleiner Heizkörperroller und Abstreifwanne.", brand="Werkbank"),
        Item("Abdeckfolie, 4 × 5 m", "3.50", PAINT, "Schützt Boden und Möbel beim Streichen.",
             brand="Werkbank", quantity="20 m²", stock="sold_out"),
        Item("Gartenschere, Bypass", "24.90", GARDEN_TOOLS,
             "Gartenschere für frisches Holz bis 20 mm. Wenn sie stumpf wird, schleifen wir "
             "sie Ihnen nach."),
        Item("Rosenschere mit schmaler Klinge", "18.90", GARDEN_TOOLS,
             "Rosenschere mit schlanker Spitze für dichte Rosenbüsche und verblühte Blüten."),
        Item("Astschere mit Teleskopgriff", "54.90", GARDEN_TOOLS,
             "Schneidet Äste bis 45 mm; die Griffe lassen sich auf 90 cm ausziehen.",
             stock="out"),
        Item("Spaten mit Eschenstiel", "39.90", GARDEN_TOOLS,
             "Geschmiedetes Blatt, hält auch steinigen Lausitzer Sandboden aus."),
        Item("Laubrechen", "14.90", GARDEN_TOOLS, "Breiter, federnder Rechen für Laub und Rasen."),
        Item("Gartenschlauch ½ Zoll, vom Meter", "1.20", WATERING,
             "Knickfester Schlauch mit Gewebeeinlage, auf Länge geschnitten.", quantity="1 m",
             gtin=False),
        Item("Gießkanne, 10 l", "12.90", WATERING, "Mit abnehmbarer Brause, in Dunkelgrün."),
        Item("Pflanzerde, torffrei", "7.90", FERTILISER,
             "Für Beet, Balkon und Kübel, mit Kompost und Holzfasern.", brand="Gartenglück",
             quantity="40 l"),
        Item("Rasendünger mit Langzeitwirkung", "19.90", FERTILISER,
             "Reicht für rund 200 m² und wirkt drei Monate.", brand="Gartenglück",
             quantity="5 kg"),
        Item("Lampenöl, geruchsarm", "6.90", HOUSEHOLD,
             "Für Öllampen und Gartenfackeln, brennt ruhig und rußarm.", quantity="1 l"),
        Item("Brennspiritus", "4.50", HOUSEHOLD,
             "Zum Reinigen und für Spirituskocher, mit kindergesichertem Verschluss.",
             quantity="1 l"),
    ),
)

ELECTRONICS = ShopCatalogue(
    shop="elektro-krautz",
    brand="Krautz Select",
    items=(
        Item("USB-C Kabel, USB-C auf USB-C", "9.90", CABLES,
             "Das USB-C-Ladekabel für Handy, Tablet und Laptop: lädt mit bis zu 60 W und "
             "überträgt Daten. Mit geflochtenem Mantel.",
             variants=(("1 m", "9.90"), ("2 m", "12.90"))),
        Item("USB-C Kabel, USB-A auf USB-C, 1 m", "7.90", CABLES,
             "Ladekabel für ältere Ladegeräte, Autos und Computer mit großem USB-Anschluss."),
        Item("HDMI-Kabel", "9.90", CABLES,
             "HDMI-Kabel für Fernseher, Receiver und Laptop; 4K mit 60 Hz, vergoldete Stecker.",
             variants=(("1,5 m", "9.90"), ("3 m", "14.90"), ("5 m", "19.90"))),
        Item("Steckdosenleiste 6-fach mit Schalter, 1,5 m", "14.90", CABLES,
             "Mit Kindersicherung und beleuchtetem Schalter."),
        Item("Kabeltrommel, 25 m", "49.90", CABLES,
             "Vier Steckdosen, Überhitzungsschutz, für draußen geeignet (IP44).", stock="out"),
        Item("Lautsprecherkabel 2 × 1,5 mm², vom Meter", "0.90", CABLES,
             "Kupferlitze mit markierter Ader; wir schneiden auf Länge.", quantity="1 m",
             gtin=False, variants=(("1 m", "0.90", "1 m"), ("10 m", "7.90", "10 m"))),
        Item("Mantelleitung NYM-J 3 × 1,5 mm², vom Meter", "1.40", CABLES,
             "Installationskabel für die feste Verlegung; der Anschluss gehört in die Hand "
             "einer Elektrofachkraft.", quantity="1 m", gtin=False),
        Item("Reisestecker-Adapter für über 150 Länder", "19.90", CABLES,
             "Mit zwei USB-Anschlüssen zum gleichzeitigen Laden."),
        Item("USB-C-Ladegerät", "19.90", CHARGERS,
             "Schnellladegerät für Handy und Tablet; mit 65 W lädt es auch den Laptop.",
             variants=(("20 W", "19.90"), ("65 W", "39.90"))),
        Item("Powerbank", "29.90", CHARGERS,
             "Powerbank mit USB-C und USB-A; schon die kleine lädt ein Smartphone etwa zweimal.",
             variants=(("10 000 mAh", "29.90"), ("20 000 mAh", "44.90"))),
        Item("Kabellose Ladestation für Smartphones", "24.90", CHARGERS,
             "Handy auflegen, fertig: lädt induktiv mit bis zu 15 W."),
        Item("Kfz-Ladegerät USB-C, 12 V", "14.90", CHARGERS,
             "Für den Zigarettenanzünder im Auto, mit zwei Anschlüssen."),
        Item("LED-Leuchtmittel E27, warmweiß", "4.90", LAMPS,
             "LED-Lampe als Ersatz für die alte Glühbirne; 2700 Kelvin, nicht dimmbar.",
             brand="Lichtblick",
             variants=(("806 lm (wie 60 W)", "4.90"), ("1055 lm (wie 75 W)", "5.90"),
                       ("1521 lm (wie 100 W)", "7.90"))),
        Item("LED-Filamentlampe E27, dimmbar", "9.90", LAMPS,
             "Sieht aus wie eine klassische Glühbirne, dimmbar, 806 lm.", brand="Lichtblick"),
        Item("LED-Kerzenlampe E14", "4.50", LAMPS, "Für Kronleuchter und Wandlampen, 470 lm.",
             brand="Lichtblick"),
        Item("LED-Reflektor GU10, 3 Stück", "9.90", LAMPS,
             "Für Deckenstrahler, 36° Abstrahlwinkel, warmweiß.", brand="Lichtblick"),
        Item("LED-Schreibtischleuchte", "39.90", LAMPS,
             "Drei Lichtfarben, stufenlos dimmbar, mit USB-Anschluss im Fuß.",
             brand="Lichtblick"),
        Item("Nachtlicht mit Bewegungsmelder, 2 Stück", "12.90", LAMPS,
             "Für Flur und Treppe, einfach in die Steckdose stecken.", brand="Lichtblick"),
        Item("Batterien AA, Alkaline", "3.90", BATTERIES,
             "Mignon-Batterien (LR6) für Fernbedienung, Uhr und Spielzeug.",
             variants=(("4 Stück", "3.90"), ("8 Stück", "6.90"), ("20 Stück", "14.90"))),
        Item("Batterien AAA, Alkaline", "3.90", BATTERIES,
             "Micro-Batterien (LR03) für Fernbedienung, Taschenlampe und Thermometer.",
             variants=(("4 Stück", "3.90"), ("8 Stück", "6.90"))),
        Item("9-V-Block-Batterie", "3.50", BATTERIES, "Für Rauchmelder und Messgeräte."),
        Item("Knopfzelle CR2032, 2 Stück", "3.90", BATTERIES,
             "Lithium-Knopfzellen für Autoschlüssel, Waage und Uhr.", stock="sold_out"),
        Item("Akkus AA NiMH, 4 Stück", "12.90", BATTERIES,
             "Wiederaufladbare Akkus mit 2000 mAh und geringer Selbstentladung."),
        Item("Akku-Ladegerät für AA und AAA", "24.90", BATTERIES,
             "Lädt jeden Akku einzeln und schaltet ab, wenn er voll ist."),
        Item("Wasserkocher 1,7 l, Edelstahl", "34.90", APPLIANCES,
             "Mit Wasserstandsanzeige und Kalkfilter, schaltet von selbst ab.",
             brand="Haushaltsfreund"),
        Item("Toaster für zwei Scheiben", "29.90", APPLIANCES,
             "Mit Brötchenaufsatz und Auftaustufe.", brand="Haushaltsfreund"),
        Item("Stabmixer mit Zubehör", "39.90", APPLIANCES,
             "Mit Mixbecher, Schneebesen und Zerkleinerer.", brand="Haushaltsfreund",
             stock="out"),
        Item("Filterkaffeemaschine mit Thermokanne", "49.90", APPLIANCES,
             "Acht Tassen; die Thermokanne hält den Kaffee zwei Stunden heiß.",
             brand="Haushaltsfreund"),
        Item("Digitalradio DAB+ mit UKW", "69.90", AUDIO,
             "Kräftiger Klang, großes Display und Weckfunktion; läuft am Netz oder mit "
             "Batterien."),
        Item("Schnurlostelefon mit großen Tasten", "49.90", AUDIO,
             "Gut lesbare Tasten, laute Klingel und Notruftaste. Ihre wichtigsten Nummern "
             "speichern wir auf Wunsch schon ein."),
        Item("Bluetooth-Kopfhörer, kabellos", "39.90", AUDIO,
             "Bügelkopfhörer mit 30 Stunden Laufzeit, über ein USB-C Kabel aufladbar."),
        Item("Kompaktanlage mit CD, DAB+ und Internetradio", "279.00", AUDIO,
             "Wir reservieren Ihnen das Gerät, richten es im Laden für Ihr WLAN ein, und Sie "
             "bezahlen bei Abholung.", reserve=True),
    ),
)

OPTICIAN = ShopCatalogue(
    shop="augenoptik-sehwerk",
    brand="Sehwerk",
    items=(
        Item("Lesebrille „Klassik“", "19.90", READING_GLASSES,
             "Leichte Kunststofffassung in Hornoptik mit entspiegelten Gläsern. Unsicher, "
             "welche Stärke passt? Der Sehtest bei uns ist kostenlos.", variants=DIOPTRES),
        Item("Lesebrille „Metall“", "29.90", READING_GLASSES,
             "Schmale Metallfassung mit Federscharnieren und entspiegelten Gläsern.",
             variants=DIOPTRES),
        Item("Faltbare Lesebrille im Etui", "24.90", READING_GLASSES,
             "Zusammengeklappt kaum größer als ein Feuerzeug, passt in jede Tasche.",
             variants=DIOPTRES[1:4]),
        Item("Lesebrille mit Blaulichtfilter", "27.90", READING_GLASSES,
             "Für lange Stunden am Bildschirm, mit leicht getönten Gläsern.",
             variants=DIOPTRES[:3], stock="out"),
        Item("Sonnenbrille „Neiße“, polarisierend", "59.90", SUNGLASSES,
             "Polarisierende Gläser der Kategorie 3 schlucken Spiegelungen auf Wasser und "
             "nasser Straße; 100 % UV-Schutz."),
        Item("Sonnenbrille im Pilotenstil", "49.90", SUNGLASSES,
             "Leichte Metallfassung mit grünen Gläsern der Kategorie 3."),
        Item("Kindersonnenbrille mit Band", "19.90", SUNGLASSES,
             "Sonnenbrille für Kinder von drei bis acht Jahren, mit biegsamen Bügeln, "
             "Halteband und bruchfesten Gläsern."),
        Item("Sonnenclip zum Aufstecken", "29.90", SUNGLASSES,
             "Macht die eigene Brille zur Sonnenbrille; wir passen ihn an Ihre Fassung an.",
             stock="sold_out"),
        Item("Fassung „Lausitz“ aus Acetat", "189.00", FRAMES,
             "Kräftige Fassung aus Acetat. Zur Anprobe reservieren; die Gläser in Ihrer "
             "Sehstärke berechnen wir nach der Beratung im Geschäft.", reserve=True,
             variants=(("Havanna", ""), ("Schwarz", ""), ("Rosé transparent", ""))),
        Item("Randlose Titanfassung", "229.00", FRAMES,
             "Federleicht und hautfreundlich. Reservieren, anprobieren und erst im Geschäft "
             "bezahlen.", reserve=True),
        Item("Kinderfassung, flexibel", "69.00", FRAMES,
             "Biegsame Kinderbrille mit Federscharnieren für wilde Tage; wir passen sie im "
             "Laden an.", reserve=True),
        Item("Maßanfertigung: Brillenfassung aus Holz", "449.00", FRAMES,
             "Von Hand in unserer Werkstatt nach Ihren Maßen gefertigt, aus Nussbaum oder "
             "Ahorn. Nach der Reservierung vereinbaren wir einen Termin zum Ausmessen.",
             reserve=True, gtin=False),
        Item("Brillenputztuch aus Mikrofaser", "3.90", EYECARE,
             "Waschbares Brillenputztuch, reinigt ohne Schlieren.",
             variants=(("1 Stück", "3.90"), ("3 Stück", "9.90"))),
        Item("Brillenreinigungsspray", "4.90", EYECARE,
             "Alkoholfrei und schonend für entspiegelte Gläser.",
             variants=(("Sprühflasche 30 ml", "4.90", "30 ml"),
                       ("Nachfüllflasche 250 ml", "11.90", "250 ml"))),
        Item("Feuchte Brillenputztücher, 52 Stück", "5.90", EYECARE,
             "Einzeln verpackt, für Handtasche und Handschuhfach."),
        Item("Antibeschlag-Tuch", "7.90", EYECARE,
             "Gegen beschlagene Gläser mit Maske oder beim Betreten warmer Räume."),
        Item("Brillenetui Hartschale", "12.90", EYECARE, "Stabil, mit Magnetverschluss.",
             variants=(("Schwarz", ""), ("Petrol", ""))),
        Item("Brillenband aus Baumwolle", "8.90", EYECARE,
             "Damit die Lesebrille immer griffbereit am Hals hängt."),
        Item("Kombilösung für weiche Kontaktlinsen", "12.90", EYECARE,
             "Reinigt, spült und bewahrt auf; mit Linsenbehälter.", quantity="360 ml"),
        Item("Befeuchtende Augentropfen", "9.90", EYECARE,
             "Mit Hyaluron, ohne Konservierungsstoffe, auch für Kontaktlinsenträger.",
             quantity="10 ml"),
        Item("Leselupe mit LED-Licht", "29.90", EYECARE,
             "Dreifache Vergrößerung für Kleingedrucktes, Beipackzettel und Fahrpläne."),
    ),
)

STATIONERY = ShopCatalogue(
    shop="papeterie-federkiel",
    brand="Federkiel Hausmarke",
    items=(
        Item("Schulranzen-Set, 4-teilig", "229.00", SCHOOL,
             "Ergonomischer Schulranzen mit Federmappe, Sportbeutel und Schlampermäppchen. "
             "Reservieren Sie ihn zur Anprobe mit Ihrem Kind und bezahlen Sie im Laden.",
             brand="Ranzenglück", reserve=True,
             variants=(("Waldtiere", ""), ("Sternenhimmel", ""), ("Feuerwehr", ""))),
        Item("Schulranzen „Leichtgewicht“", "179.00", SCHOOL,
             "Nur 1 kg leicht, mit Reflektoren rundum und verstellbaren Gurten.",
             brand="Ranzenglück", stock="out"),
        Item("Schultüte, 70 cm", "14.90", SCHOOL,
             "Mit Tüllverschluss, zum Befüllen für den ersten Schultag.", brand="Ranzenglück"),
        Item("Federmäppchen, gefüllt", "29.90", SCHOOL,
             "Mit Bleistiften, Buntstiften, Radiergummi, Spitzer und Lineal.",
             brand="Ranzenglück"),
        Item("Wasserfarbkasten, 12 Farben", "11.90", SCHOOL,
             "Mit Deckweiß und Pinsel, wie ihn die Grundschulen empfehlen."),
        Item("Geodreieck, 16 cm", "2.50", SCHOOL, "Bruchfest, mit Griff."),
        Item("Kinderschere mit abgerundeter Spitze", "4.90", SCHOOL,
             "Für Rechts- und Linkshänder."),
        Item("Schulfüller", "19.90", PENS,
             "Füller mit Griffmulden und robuster Stahlfeder; schreibt mit Standardpatronen.",
             brand="Schreibfluss",
             variants=(("Feder A für Anfänger", ""), ("Feder M", ""), ("für Linkshänder", ""))),
        Item("Kolbenfüller „Federkiel“", "69.00", PENS,
             "Füllhalter mit Edelstahlfeder und Sichtfenster, im Geschenketui.",
             brand="Schreibfluss"),
        Item("Tintenpatronen, königsblau", "1.90", PENS, "Standardpatronen, löschbar.",
             brand="Schreibfluss", variants=(("6 Stück", "1.90"), ("30 Stück", "6.90"))),
        Item("Bleistifte HB", "2.50", PENS, "Bleistifte aus zertifiziertem Holz, bruchfeste Mine.",
             variants=(("3 Stück", "2.50"), ("12 Stück", "7.90"))),
        Item("Zeichenbleistifte 2H bis 4B, 6 Stück", "6.90", PENS,
             "Sechs Härtegrade zum Skizzieren und Schattieren."),
        Item("Buntstifte", "6.90", PENS, "Dreikantige Buntstifte, leuchtend und weich.",
             variants=(("12 Farben", "6.90"), ("24 Farben", "12.90"))),
        Item("Kugelschreiber, 3 Stück", "4.50", PENS, "Mit Druckmechanik, blau schreibend.",
             brand="Schreibfluss"),
        Item("Textmarker, 4 Farben", "4.90", PENS, "Gelb, Grün, Pink und Orange.",
             brand="Schreibfluss", stock="sold_out"),
        Item("Schulheft A4, 16 Blatt", "0.90", PAPER,
             "Hefte mit festem Umschlag und Papier mit 90 g/m².", variants=RULINGS),
        Item("Schulheft A5, 16 Blatt", "0.70", PAPER,
             "Hefte im kleinen Format für Vokabeln und Hausaufgaben.", variants=RULINGS),
        Item("Collegeblock A4, kariert, 80 Blatt", "3.50", PAPER,
             "Mit Lochung und Perforation zum Abtrennen."),
        Item("Notizbuch A5, gepunktet", "16.90", PAPER,
             "Leineneinband, 192 Seiten, mit Lesebändchen und Gummiband."),
        Item("Ordner A4, breit", "3.90", PAPER, "8 cm Rücken, mit Einsteckschild."),
        Item("Taschenkalender 2027, A6", "9.90", PAPER,
             "Eine Woche auf zwei Seiten, mit Ferienterminen und Adressteil."),
        Item("Glückwunschkarte zur Einschulung", "3.50", CARDS,
             "Klappkarte mit Umschlag, innen blanko.", gtin=False),
        Item("Geburtstagskarte mit Rosenmotiv", "3.50", CARDS,
             "Gedruckt in einer kleinen Druckerei in Cottbus.", gtin=False),
        Item("Geschenkpapier, Rolle 2 m × 70 cm", "3.90", CARDS, "Kräftiges Recyclingpapier.",
             quantity="1.4 m²",
             variants=(("Rosen", ""), ("Sterne", ""), ("Kraftpapier natur", ""))),
        Item("Geschenkband Satin, vom Meter", "0.50", CARDS,
             "Schimmerndes Band, 10 mm breit; wir schneiden es auf Länge.", quantity="1 m",
             gtin=False),
        Item("Briefpapier-Set", "12.90", CARDS, "20 Bogen und 10 Umschläge aus Büttenpapier."),
    ),
)
# fmt: on

CATALOGUES = (BOOKSHOP, BIKE_SHOP, FASHION, TOY_SHOP, HARDWARE, ELECTRONICS, OPTICIAN, STATIONERY)
