"""A large synthetic catalogue for the search benchmark: ``generate(products=100_000, shops=200)``.

Shops of the usual inner-city trades get German product titles and descriptions composed from
word lists per trade ("Lausitzer Roggenbrot mit Sonnenblumenkernen, 750 g", "Faltschloss aus
gehärtetem Stahl, 90 cm"), brands, prices, stock states (counted, declared, sold out, on
request, only in the shop) and the demo town's category tree (``vendors.demo.catalogue``), so
that searches, filters and facets behave as on a real town's catalogue, only bigger.

Rows are written with ``bulk_create`` (products, stock records, product categories; no images),
which sends no save signals: nothing is queued for indexing, the benchmark rebuilds the index
itself. Shops are created with ``vendors.services.vendor_create`` (partner and vendor), with
opening hours. The same seed gives the same catalogue.

Run alone (on the database of ``DATABASE_URL``, migrated, without shops):
``python -m bench.catalogue --products 20000``.
"""

import argparse
import functools
import os
import random
import time
from dataclasses import dataclass, field
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal

# Trades: (vendors.models.Trade value, shop name prefixes, share of the shops, lines).
# A line: (category path, nouns, attributes, variants, (lowest, highest price), sentences).
# "|" separates alternatives. Titles are "[origin] noun [attribute][, variant]".

_BREAD = "Lebensmittel > Backwaren"
_CAKE = "Lebensmittel > Kuchen & Torten"

TRADES = {
    "bakery": (
        "Bäckerei|Backstube|Landbäckerei|Bäckerei und Konditorei",
        0.07,
        [
            (
                _BREAD,
                "Roggenbrot|Roggenmischbrot|Weizenmischbrot|Bauernbrot|Dinkelbrot|Vollkornbrot|"
                "Krustenbrot|Kartoffelbrot|Sonnenblumenkernbrot|Leinsamenbrot|Toastbrot|Landbrot",
                "mit Natursauerteig|aus dem Steinofen|mit Sonnenblumenkernen|mit Kürbiskernen|"
                "mit Leinsaat|nach Omas Rezept|aus Dinkelvollkorn|mit Kümmel",
                "500 g|750 g|1 kg|1,5 kg",
                ("2.40", "6.90"),
                "Kräftig ausgebacken, mit knuspriger Kruste.|Hält sich mehrere Tage frisch.|"
                "Aus Mehl von Mühlen der Region.|Lange geführter Teig für mehr Geschmack.",
            ),
            (
                _BREAD,
                "Brötchen|Weizenbrötchen|Roggenbrötchen|Mohnbrötchen|Sesambrötchen|"
                "Schrippen|Kaiserbrötchen|Laugenbrötchen|Mehrkornbrötchen|Laugenbrezel|Croissant",
                "mit Mohn|mit Sesam|vom Vortag|aus Dinkel|mit Käse überbacken|mit Körnern",
                "1 Stück|4 Stück|6 Stück|10 Stück",
                ("0.35", "4.90"),
                "Jeden Morgen frisch gebacken.|Knusprig und luftig.|Ideal zum Frühstück.",
            ),
            (
                _CAKE,
                "Butterkuchen|Streuselkuchen|Mohnkuchen|Quarkkuchen|Bienenstich|Apfelkuchen|"
                "Pflaumenkuchen|Eierschecke|Käsekuchen|Pfannkuchen|Donauwelle|Kirschtorte|"
                "Sahnetorte|Obsttorte|Baumkuchen",
                "vom Blech|mit Streuseln|nach Lausitzer Art|mit Sahne|mit Früchten der Saison",
                "ein Stück|halbes Blech|ganze Torte",
                ("1.20", "39.00"),
                "Aus der eigenen Backstube.|Mit Butter und frischen Eiern.|"
                "Ganze Torten bitte zwei Tage vorher bestellen.",
            ),
        ],
    ),
    "butcher": (
        "Fleischerei|Landfleischerei|Metzgerei|Fleischerei und Partyservice",
        0.05,
        [
            (
                "Lebensmittel > Fleisch & Wurst",
                "Bratwurst|Rostbratwurst|Leberwurst|Blutwurst|Rotwurst|Grützwurst|Knacker|"
                "Salami|Schinken|Kochschinken|Kasseler|Sülze|Hackfleisch|Rinderhackfleisch|"
                "Schnitzel|Rouladen|Schweinenacken|Gulasch|Wiener Würstchen|Bockwurst|"
                "Griebenschmalz|Leberkäse|Teewurst|Mettwurst|Jagdwurst",
                "im Glas|hausgemacht|geräuchert|grob|fein|mariniert|vom Weiderind|"
                "vom Landschwein|nach Familienrezept|luftgetrocknet",
                "150 g|200 g|250 g|400 g|500 g|1 kg|4 Stück",
                ("1.90", "24.90"),
                "Aus eigener Herstellung.|Von Tieren aus der Lausitz.|Frisch aus der Theke.|"
                "Im Glas lange haltbar.|Grillfertig gewürzt.",
            ),
        ],
    ),
    "delicatessen": (
        "Feinkost|Hofladen|Bioladen|Delikatessen|Regionalladen",
        0.07,
        [
            (
                "Lebensmittel > Öle & Essig",
                "Leinöl|Rapsöl|Leindotteröl|Sonnenblumenöl|Olivenöl|Walnussöl|Apfelessig|"
                "Weinessig|Kräuteressig|Senföl",
                "kaltgepresst|naturtrüb|aus der Ölmühle|bio|mild|fruchtig",
                "100 ml|250 ml|500 ml|750 ml",
                ("2.90", "16.90"),
                "Frisch gepresst und nicht raffiniert.|Kühl und dunkel lagern.|"
                "Zu Salat, Quark und Pellkartoffeln.",
            ),
            (
                "Lebensmittel > Feinkost & Eingelegtes",
                "Gewürzgurken|Senfgurken|Salzgurken|Senf|Meerrettich|Sauerkraut|Rote Bete|"
                "Nudeln|Bandnudeln|Pesto|Chutney|Sugo|Linsen|Sauerkirschen",
                "aus dem Spreewald|eingelegt|mittelscharf|scharf|süßsauer|im Glas|hausgemacht",
                "200 ml|370 ml|720 ml|500 g",
                ("1.50", "7.90"),
                "Nach traditionellem Rezept eingelegt.|Aus Gemüse der Region.|"
                "Passt zu Brotzeit und Grillabend.",
            ),
            (
                "Lebensmittel > Süßes & Honig",
                "Honig|Blütenhonig|Waldhonig|Rapshonig|Lindenhonig|Schokolade|"
                "Zartbitterschokolade|Vollmilchschokolade|Pralinen|Marmelade|Konfitüre|Gelee|"
                "Bonbons|Lebkuchen|Apfelchips",
                "vom Imker|cremig|mit Haselnüssen|mit Marzipan|ohne Zuckerzusatz|aus der Region",
                "50 g|100 g|250 g|500 g",
                ("1.90", "14.90"),
                "Kaltgeschleudert und nicht erhitzt.|Mit Kakao aus fairem Handel.|"
                "Ein schönes Mitbringsel.",
            ),
            (
                "Lebensmittel > Kaffee & Tee",
                "Kaffee|Espresso|Filterkaffee|Kräutertee|Pfefferminztee|Früchtetee|"
                "Schwarztee|Grüntee|Kamillentee|Kakao",
                "ganze Bohne|gemahlen|lose|im Beutel|mild|kräftig|entkoffeiniert",
                "50 g|100 g|250 g|500 g|1 kg",
                ("2.50", "24.90"),
                "Schonend im Trommelröster geröstet.|Aus kontrolliertem Anbau.|"
                "Für Vollautomat und Filter.",
            ),
            (
                "Lebensmittel > Obst, Gemüse & Milchprodukte",
                "Kartoffeln|Äpfel|Birnen|Möhren|Zwiebeln|Quark|Speisequark|Joghurt|Butter|"
                "Käse|Eier|Milch|Heidelbeeren|Erdbeeren|Spargel|Gurken",
                "aus der Region|festkochend|mehligkochend|bio|vom Hof|frisch",
                "500 g|1 kg|2,5 kg|6 Stück|10 Stück",
                ("0.99", "9.90"),
                "Frisch vom Hof aus der Umgebung.|Je nach Saison.|Aus ökologischem Anbau.",
            ),
            (
                "Lebensmittel > Getränke",
                "Apfelsaft|Sanddornsaft|Birnensaft|Holundersaft|Rotwein|Weißwein|Rosé|Bier|"
                "Pils|Schwarzbier|Kräuterlikör|Obstbrand|Mineralwasser|Limonade",
                "naturtrüb|Direktsaft|trocken|halbtrocken|aus der Lausitz|alkoholfrei",
                "0,33 l|0,5 l|0,75 l|1 l",
                ("0.90", "24.90"),
                "Von Streuobstwiesen der Region.|Abgabe alkoholischer Getränke nur an "
                "Erwachsene.|Gut gekühlt servieren.",
            ),
        ],
    ),
    "florist": (
        "Blumenhaus|Blumen|Floristik|Gärtnerei",
        0.06,
        [
            (
                "Blumen & Pflanzen > Sträuße & Schnittblumen",
                "Blumenstrauß|Rosenstrauß|Tulpen|Sonnenblumen|Gerbera|Lilien|Nelken|"
                "Trauergesteck|Tischgesteck|Brautstrauß|Feldblumenstrauß|Türkranz",
                "bunt gemischt|in Weiß|in Rot|mit Schleierkraut|saisonal|langstielig",
                "klein|mittel|groß|10 Stiele|20 Stiele",
                ("4.90", "69.00"),
                "Frisch gebunden nach Ihren Wünschen.|Mit Frischhaltemittel.|"
                "Auf Wunsch mit Karte und Schleife.",
            ),
            (
                "Blumen & Pflanzen > Rosen",
                "Edelrose|Kletterrose|Beetrose|Strauchrose|Duftrose|Zwergrose|Bodendeckerrose|"
                "Rose im Topf",
                "winterhart|öfterblühend|duftend|in Rosa|in Gelb|in Rot|wurzelnackt",
                "im 3-Liter-Topf|im 5-Liter-Topf|3er-Set",
                ("9.90", "34.90"),
                "Robust und für Lausitzer Sandböden geeignet.|Blüht von Juni bis zum Frost.|"
                "Aus der Rosenstadt Forst.",
            ),
            (
                "Blumen & Pflanzen > Topfpflanzen",
                "Orchidee|Grünlilie|Monstera|Einblatt|Kaktus|Sukkulente|Bogenhanf|Efeutute|"
                "Basilikum|Rosmarin|Lavendel|Alpenveilchen|Weihnachtsstern|Geranie",
                "im Topf|im Keramiktopf|pflegeleicht|für Balkon und Terrasse|für die Fensterbank",
                "12 cm Topf|14 cm Topf|17 cm Topf",
                ("2.90", "39.90"),
                "Robuste Zimmerpflanze für Einsteiger.|Verbessert die Raumluft.|"
                "Hell, aber ohne pralle Sonne aufstellen.",
            ),
            (
                "Blumen & Pflanzen > Vasen & Übertöpfe",
                "Vase|Glasvase|Übertopf|Blumentopf|Pflanzschale|Blumenkasten",
                "aus Glas|aus Keramik|matt glasiert|aus Terrakotta|mundgeblasen",
                "14 cm|18 cm|25 cm|30 cm",
                ("4.90", "39.90"),
                "Schlicht und zeitlos.|Wasserdicht glasiert.",
            ),
            (
                "Garten > Dünger & Erde",
                "Blumenerde|Rosenerde|Pflanzerde|Kräutererde|Rosendünger|Rasendünger|"
                "Tomatendünger|Hornspäne|Kompost",
                "torffrei|organisch|mit Langzeitwirkung|für Kübelpflanzen",
                "1 kg|5 kg|10 l|20 l|40 l",
                ("3.90", "24.90"),
                "Aus natürlichen Rohstoffen.|Für Beet, Balkon und Kübel.",
            ),
        ],
    ),
    "bookshop": (
        "Buchhandlung|Bücherstube|Buchladen",
        0.05,
        [
            (
                "Bücher > Romane & Krimis",
                "Kriminalroman|Krimi|Roman|Familienroman|Liebesroman|Thriller|"
                "Historischer Roman|Erzählungen",
                "aus der Lausitz|an der Neiße|im Spreewald|aus Forst|um 1900|vom Tagebau",
                "Taschenbuch|gebunden|Hörbuch|E-Book-Gutschein",
                ("9.90", "26.00"),
                "Spannend bis zur letzten Seite.|Ein Fall für Kommissarin Zschornack.|"
                "Drei Generationen zwischen Webstuhl und Neuanfang.",
            ),
            (
                "Bücher > Kinderbücher",
                "Bilderbuch|Kinderbuch|Erstlesebuch|Wimmelbuch|Vorlesebuch|Pappbilderbuch|"
                "Sachbuch für Kinder|Abenteuerbuch",
                "ab 2 Jahren|ab 4 Jahren|ab 6 Jahren|ab 8 Jahren|über Tiere|über Dinosaurier|"
                "über die Feuerwehr",
                "gebunden|Pappe|Taschenbuch",
                ("6.90", "18.00"),
                "Zum Vorlesen und Anschauen.|Mit großer Schrift und kurzen Kapiteln.",
            ),
            (
                "Bücher > Regionales",
                "Bildband|Wanderführer|Radwanderführer|Wanderkarte|Reiseführer|Stadtgeschichte|"
                "Kochbuch|Sagenbuch",
                "Lausitz|Spreewald|Forst und Umgebung|Niederlausitz|Neißetal|Rosengarten",
                "Taschenbuch|gebunden|1:50 000",
                ("8.90", "39.90"),
                "Mit Karten und Einkehrtipps.|Von einem Heimatforscher erläutert.|"
                "Rezepte aus der Nieder- und Oberlausitz.",
            ),
            (
                "Bücher > Sachbücher & Ratgeber",
                "Ratgeber|Gartenbuch|Kochbuch|Backbuch|Reparaturbuch|Gesundheitsratgeber|"
                "Computerbuch",
                "für Einsteiger|Schritt für Schritt|für Eilige|für Senioren|mit Fotos",
                "Taschenbuch|gebunden",
                ("9.90", "29.90"),
                "Verständlich erklärt, mit vielen Bildern.|Das Standardwerk zum Thema.",
            ),
            (
                "Bücher > Kalender & Zubehör",
                "Wandkalender|Tischkalender|Taschenkalender|Fotokalender|Lesezeichen|Leselampe|"
                "Buchhülle",
                "2027|Rosenstadt Forst|Lausitzer Landschaften|aus Leder|aus Leinen|mit LED",
                "A4|A5|A6|30 × 40 cm",
                ("4.90", "29.90"),
                "Mit Feiertagen und Schulferien in Brandenburg.|Ein schönes Geschenk.",
            ),
        ],
    ),
    "stationery": (
        "Papeterie|Schreibwaren|Bürobedarf",
        0.05,
        [
            (
                "Schreibwaren > Schulbedarf",
                "Schulranzen|Schulrucksack|Schultüte|Federmäppchen|Wasserfarbkasten|Geodreieck|"
                "Lineal|Kinderschere|Sportbeutel|Zirkel",
                "gefüllt|ergonomisch|mit Reflektoren|für Linkshänder|bruchfest|leicht",
                "Waldtiere|Feuerwehr|Sternenhimmel|Pferde|Dinosaurier",
                ("1.90", "229.00"),
                "Wie ihn die Grundschulen empfehlen.|Für den ersten Schultag.|"
                "Zur Anprobe mit Ihrem Kind reservieren.",
            ),
            (
                "Schreibwaren > Schreibgeräte",
                "Füller|Schulfüller|Kolbenfüller|Kugelschreiber|Bleistifte|Buntstifte|"
                "Filzstifte|Textmarker|Tintenpatronen|Fineliner|Gelschreiber",
                "königsblau|schwarz|dreikantig|für Anfänger|nachfüllbar|radierbar",
                "3 Stück|6 Stück|12 Farben|24 Farben|30 Stück",
                ("0.90", "69.00"),
                "Schreibt weich und gleichmäßig.|Mit Standardpatronen.",
            ),
            (
                "Schreibwaren > Papier & Hefte",
                "Schulheft|Collegeblock|Notizbuch|Ordner|Schnellhefter|Briefblock|Zeichenblock|"
                "Karteikarten|Haftnotizen",
                "A4|A5|A6|kariert|liniert|blanko|gepunktet",
                "16 Blatt|32 Blatt|80 Blatt|100 Stück",
                ("0.50", "19.90"),
                "Papier mit 90 g/m².|Mit Lochung und Perforation.",
            ),
            (
                "Schreibwaren > Karten & Geschenkpapier",
                "Geburtstagskarte|Glückwunschkarte|Trauerkarte|Postkarte|Geschenkpapier|"
                "Geschenkband|Geschenktüte|Briefpapier",
                "mit Rosenmotiv|zur Hochzeit|zur Einschulung|zur Geburt|aus Kraftpapier|"
                "mit Umschlag",
                "1 Stück|5 Stück|Rolle 2 m",
                ("0.50", "12.90"),
                "Gedruckt in einer kleinen Druckerei in Cottbus.|Innen blanko.",
            ),
        ],
    ),
    "bike_shop": (
        "Zweirad|Fahrradladen|Radhaus|Fahrradwerkstatt",
        0.07,
        [
            (
                "Fahrrad > Fahrräder",
                "Trekkingrad|Cityrad|Kinderfahrrad|Jugendfahrrad|Mountainbike|Laufrad|"
                "Lastenrad|Hollandrad|Faltrad|Rennrad",
                "mit Nabenschaltung|mit Rücktritt|aus Aluminium|mit Nabendynamo|tiefer Einstieg",
                "20 Zoll|24 Zoll|26 Zoll|28 Zoll|Rahmenhöhe 50 cm|Rahmenhöhe 55 cm",
                ("99.00", "1899.00"),
                "Probefahrt in der Werkstatt.|Wir stellen Sattel und Lenker passend ein.",
            ),
            (
                "Fahrrad > Schlösser",
                "Faltschloss|Bügelschloss|Kettenschloss|Kabelschloss|Spiralkabelschloss|"
                "Rahmenschloss|Fahrradschloss",
                "aus gehärtetem Stahl|mit Zahlencode|mit zwei Schlüsseln|mit Halterung|für E-Bikes",
                "75 cm|90 cm|100 cm|120 cm|180 cm",
                ("9.90", "99.90"),
                "Sichert das Rad am Laternenpfahl.|Mit Rahmenhalterung.|Hohe Sicherheitsstufe.",
            ),
            (
                "Fahrrad > Helme",
                "Fahrradhelm|Kinderhelm|E-Bike-Helm|Stadthelm|Mountainbike-Helm",
                "mit LED-Rücklicht|mit Visier|mit Insektennetz|mit Magnetverschluss|leicht",
                "XS|S|M|L",
                ("29.90", "129.00"),
                "Geprüft nach EN 1078.|Mit Drehrad zur Weitenverstellung.",
            ),
            (
                "Fahrrad > E-Bike",
                "E-Bike|Trekking-E-Bike|City-E-Bike|E-Bike-Akku|E-Bike-Ladegerät|"
                "Akku-Schutzhülle|Pedelec",
                "mit Mittelmotor|mit Nabenmotor|500 Wh|625 Wh|36 V",
                "Rahmenhöhe 50 cm|Rahmenhöhe 55 cm|28 Zoll",
                ("24.90", "3299.00"),
                "Für lange Touren auf dem Oder-Neiße-Radweg.|Wir prüfen die Passform.",
            ),
            (
                "Fahrrad > Ersatzteile",
                "Fahrradschlauch|Fahrradmantel|Fahrradkette|Bremsbeläge|Sattel|Pedale|"
                "Kettenblatt|Bremszug|Speichen|Felge",
                "pannensicher|mit Blitzventil|mit Autoventil|8-fach|mit Gelpolster",
                "20 Zoll|24 Zoll|26 Zoll|28 Zoll",
                ("3.90", "79.90"),
                "Passend für die meisten Stadt- und Trekkingräder.|Wir bauen es gleich ein.",
            ),
            (
                "Fahrrad > Zubehör",
                "Fahrradlicht|Rücklicht|Scheinwerfer|Fahrradkorb|Packtasche|Kindersitz|"
                "Fahrradklingel|Gepäckträger|Schutzblech|Fahrradständer|Trinkflasche",
                "mit Akku|für Nabendynamo|wasserdicht|aus Messing|mit Klickhalter|StVZO",
                "20 Liter|30 Liter|schwarz|silber",
                ("4.90", "119.00"),
                "Per USB-C aufladbar.|Hält auch Lausitzer Landregen aus.",
            ),
            (
                "Fahrrad > Pflege & Werkzeug",
                "Kettenöl|Fahrradreiniger|Flickzeug|Luftpumpe|Standpumpe|Minipumpe|Multitool|"
                "Reifenheber|Montageständer",
                "für alle Ventile|mit Manometer|biologisch abbaubar|für unterwegs",
                "100 ml|500 ml|1 l",
                ("3.90", "89.90"),
                "Schützt die Kette vor Rost.|Passt an den Flaschenhalter.",
            ),
        ],
    ),
    "fashion": (
        "Modehaus|Mode|Boutique|Textilhaus",
        0.08,
        [
            (
                "Mode > Damen",
                "Damen-Regenjacke|Damen-Jeans|Damen-Strickjacke|Damen-Pullover|Damen-Bluse|"
                "Damen-Wintermantel|Damen-Kleid|Damen-Rock|Damen-T-Shirt|Damen-Hose|Damen-Blazer",
                "aus Baumwolle|aus Merinowolle|wasserdicht|mit Kapuze|gerader Schnitt|"
                "mit Blumendruck|aus Leinen",
                "36|38|40|42|44|S|M|L|XL",
                ("19.90", "249.00"),
                "Wir kürzen im Haus auf Ihre Länge.|Atmungsaktiv und leicht.|Pflegeleicht.",
            ),
            (
                "Mode > Herren",
                "Herren-Regenjacke|Herren-Jeans|Herren-Strickjacke|Herren-Pullover|Herren-Hemd|"
                "Herren-Sakko|Herren-T-Shirt|Herren-Hose|Herren-Weste|Herren-Poloshirt",
                "aus Baumwolle|aus Schurwolle|Regular Fit|Slim Fit|bügelleicht|mit Reflektoren",
                "M|L|XL|XXL|W32/L32|W34/L32|W36/L34",
                ("19.90", "229.00"),
                "Für Büro und Wochenende.|Das Kürzen im Haus ist inklusive.",
            ),
            (
                "Mode > Accessoires",
                "Schal|Mütze|Strickmütze|Handschuhe|Lederhandschuhe|Gürtel|Ledergürtel|Socken|"
                "Wollsocken|Regenschirm|Taschenschirm|Halstuch|Handtasche|Rucksack",
                "aus Lammwolle|aus Leder|gefüttert|sturmfest|aus Seide|mit Rosenmotiv",
                "Anthrazit|Rosenrot|Senfgelb|Schwarz|Braun|Einheitsgröße",
                ("9.90", "89.90"),
                "Warm und weich.|Eine Größe passt fast allen.",
            ),
        ],
    ),
    "shoes": (
        "Schuhhaus|Schuhmacherei|Schuhe",
        0.03,
        [
            (
                "Mode > Accessoires",
                "Schnürsenkel|Schuhcreme|Einlegesohlen|Schuhspanner|Schuhputzset|Imprägnierspray",
                "aus Leder|farblos|schwarz|braun|aus Zedernholz",
                "75 cm|90 cm|120 cm|Größe 38|Größe 42|Größe 45",
                ("2.90", "29.90"),
                "Pflegt und schützt Glattleder.|Vom Schuhmacher empfohlen.",
            ),
            (
                "Mode > Damen",
                "Damen-Stiefeletten|Damen-Sneaker|Damen-Pumps|Damen-Sandalen|Damen-Hausschuhe",
                "aus Leder|gefüttert|wasserdicht|mit Wechselfußbett",
                "37|38|39|40|41",
                ("39.90", "189.00"),
                "Bequem für den ganzen Tag.|Aus weichem Nappaleder.",
            ),
            (
                "Mode > Herren",
                "Herren-Schnürschuhe|Herren-Sneaker|Herren-Stiefel|Herren-Hausschuhe",
                "aus Leder|gefüttert|wasserdicht|rahmengenäht",
                "41|42|43|44|45|46",
                ("49.90", "229.00"),
                "Mit Ledersohle.|Vom Schuhmacher neu zu besohlen.",
            ),
        ],
    ),
    "toys": (
        "Spielwaren|Spielkiste|Spielzeugladen",
        0.07,
        [
            (
                "Spielwaren > Holzspielzeug",
                "Holzeisenbahn|Bauklötze|Stapelturm|Murmelbahn|Kaufmannsladen|Puppenhaus|"
                "Schaukelpferd|Holzpuzzle|Steckspiel|Nachziehtier",
                "aus Buchenholz|naturbelassen|bunt lackiert|ab 1 Jahr|ab 3 Jahren",
                "Starterset|40 Teile|100 Teile|groß|klein",
                ("9.90", "169.00"),
                "Aus heimischem Holz gefertigt.|Mit Magnetkupplung.",
            ),
            (
                "Spielwaren > Spiele & Puzzle",
                "Puzzle|Kinderpuzzle|Brettspiel|Kartenspiel|Familienspiel|Memo-Spiel|"
                "Würfelspiel|Quizspiel|Schach",
                "für die ganze Familie|ab 4 Jahren|ab 8 Jahren|Rosengarten Forst|"
                "Lausitzer Seenland",
                "24 Teile|500 Teile|1000 Teile|2 bis 5 Spieler",
                ("6.90", "39.90"),
                "Etwa 40 Minuten Spielzeit.|Mit Poster als Vorlage.",
            ),
            (
                "Spielwaren > Plüsch & Puppen",
                "Teddybär|Plüschteddy|Kuscheltier|Stoffpuppe|Handpuppe|Puppe|Spieluhr|Schmusetuch",
                "waschbar|ab der Geburt|aus Bio-Baumwolle|mit Wollhaar",
                "25 cm|40 cm|60 cm",
                ("9.90", "59.90"),
                "Kuschelig weich.|Waschbar bei 30 °C.",
            ),
            (
                "Spielwaren > Basteln & Malen",
                "Wachsmalstifte|Fingerfarben|Knete|Bastelset|Malblock|Holzperlen|Glitzerkleber|"
                "Bastelpapier",
                "für kleine Hände|auswaschbar|bruchfest|auf Mehlbasis",
                "6 Farben|12 Farben|4 Dosen|A3|A4",
                ("2.90", "24.90"),
                "Lässt sich aus der Kleidung auswaschen.|Für Kinder ab 3 Jahren.",
            ),
            (
                "Spielwaren > Draußen spielen",
                "Kinderroller|Tretroller|Sandspielzeug|Springseil|Seifenblasen|Straßenmalkreide|"
                "Lenkdrachen|Wasserpistole|Federball|Frisbee",
                "dreirädrig|klappbar|mit Holzgriffen|für Kinder und Erwachsene",
                "8 Teile|12 Stück|1 l",
                ("3.90", "89.90"),
                "Für draußen bei jedem Wetter.|Höhenverstellbarer Lenker.",
            ),
        ],
    ),
    "hardware": (
        "Eisenwaren|Baumarkt|Werkzeughandel|Haus und Garten",
        0.08,
        [
            (
                "Heimwerken > Werkzeug",
                "Hammer|Schlosserhammer|Schraubendreher|Schraubendreher-Set|Bit-Set|Kombizange|"
                "Zollstock|Wasserwaage|Akku-Bohrschrauber|Akkuschrauber|Säge|Cuttermesser|"
                "Maulschlüssel|Werkzeugkoffer",
                "mit Eschenstiel|mit Zweikomponentengriff|18 V|mit zwei Akkus|aus Chrom-Vanadium",
                "300 g|500 g|40 cm|60 cm|100 cm|6-teilig|32-teilig",
                ("4.90", "199.00"),
                "Gut ausgewogen und langlebig.|Mit Koffer und Ladegerät.",
            ),
            (
                "Heimwerken > Schrauben & Befestigung",
                "Spanplattenschrauben|Holzschrauben|Dübel|Universaldübel|Nägel|Drahtstifte|"
                "Unterlegscheiben|Muttern|Gewindestangen|Winkel",
                "verzinkt|Edelstahl|mit Senkkopf|Kreuzschlitz|Torx",
                "4 × 30 mm|4 × 40 mm|5 × 60 mm|200 Stück|500 Stück",
                ("0.15", "19.90"),
                "Für Holz, Spanplatte und Mauerwerk.|Einzeln aus der Schublade.",
            ),
            (
                "Heimwerken > Seile & Ketten",
                "Seil|Juteseil|Polypropylen-Seil|Kette|Rundstahlkette|Wäscheleine|Karabinerhaken|"
                "Spanngurt",
                "vom Meter|wetterfest|verzinkt|mit Stahlseele|geflochten",
                "5 mm|8 mm|12 mm|10 m|20 m|25 m",
                ("0.60", "24.90"),
                "Wir schneiden auf Ihre Länge.|Reißfest und wetterfest.",
            ),
            (
                "Heimwerken > Farben & Lacke",
                "Wandfarbe|Innenwandfarbe|Buntlack|Holzlasur|Holzschutzlasur|Grundierung|"
                "Farbroller|Pinsel|Abdeckfolie|Malerkrepp",
                "weiß|matt|seidenmatt|auf Wasserbasis|Tannengrün|Feuerrot|Nussbaum",
                "750 ml|2,5 l|5 l|10 l",
                ("2.90", "59.90"),
                "Gut deckend und nahezu geruchlos.|Für innen und außen.",
            ),
            (
                "Heimwerken > Haushaltsbedarf",
                "Lampenöl|Brennspiritus|Grillanzünder|Grillkohle|Müllbeutel|Putzeimer|"
                "Schwamm|Besen|Kehrschaufel|Glühlampe",
                "geruchsarm|aus Buchenholz|reißfest|extra stark",
                "1 l|3 kg|10 kg|35 l|60 l",
                ("1.90", "29.90"),
                "Für Haus, Hof und Garten.|Mit kindergesichertem Verschluss.",
            ),
            (
                "Garten > Gartengeräte",
                "Gartenschere|Rosenschere|Astschere|Heckenschere|Spaten|Schaufel|Laubrechen|"
                "Harke|Grabegabel|Schubkarre|Rasenmäher",
                "Bypass|mit Teleskopgriff|mit Eschenstiel|geschmiedet|mit schmaler Klinge",
                "klein|groß|90 cm",
                ("9.90", "299.00"),
                "Wir schleifen sie Ihnen nach.|Hält auch steinigen Sandboden aus.",
            ),
            (
                "Garten > Bewässerung",
                "Gartenschlauch|Gießkanne|Rasensprenger|Schlauchwagen|Regentonne|Tropfschlauch",
                "knickfest|vom Meter|mit Brause|½ Zoll|¾ Zoll",
                "10 l|20 m|25 m|200 l",
                ("1.20", "89.90"),
                "Mit Gewebeeinlage.|Für Beet und Rasen.",
            ),
        ],
    ),
    "electronics": (
        "Elektro|Elektrohaus|Radio und Fernsehen|Elektrofachgeschäft",
        0.08,
        [
            (
                "Elektronik > Kabel & Adapter",
                "USB-C Kabel|USB-Kabel|HDMI-Kabel|Ladekabel|Verlängerungskabel|Steckdosenleiste|"
                "Kabeltrommel|Lautsprecherkabel|Netzwerkkabel|Reisestecker-Adapter",
                "USB-C auf USB-C|USB-A auf USB-C|4K|mit Schalter|geflochten|6-fach",
                "1 m|1,5 m|2 m|3 m|5 m|25 m",
                ("3.90", "49.90"),
                "Lädt mit bis zu 60 W und überträgt Daten.|Vergoldete Stecker.",
            ),
            (
                "Elektronik > Ladegeräte & Powerbanks",
                "USB-C-Ladegerät|Ladegerät|Schnellladegerät|Powerbank|Ladestation|"
                "Kfz-Ladegerät|Solarladegerät",
                "20 W|65 W|kabellos|mit zwei Anschlüssen|für Handy und Tablet",
                "10 000 mAh|20 000 mAh|weiß|schwarz",
                ("9.90", "69.90"),
                "Lädt Smartphone und Tablet.|Mit Überhitzungsschutz.",
            ),
            (
                "Elektronik > Leuchtmittel & Leuchten",
                "LED-Lampe|LED-Leuchtmittel|Glühbirne|Filamentlampe|Kerzenlampe|Reflektor|"
                "Schreibtischleuchte|Nachtlicht|Taschenlampe|Stehlampe|Lichterkette",
                "E27|E14|GU10|warmweiß|dimmbar|mit Bewegungsmelder",
                "470 lm|806 lm|1055 lm|1521 lm|3 Stück",
                ("2.90", "89.90"),
                "Ersatz für die alte Glühbirne.|Spart Strom.",
            ),
            (
                "Elektronik > Batterien & Akkus",
                "Batterien AA|Batterien AAA|Mignon-Batterien|Micro-Batterien|9-V-Block|"
                "Knopfzelle|Akkus AA|Akku-Ladegerät",
                "Alkaline|NiMH|Lithium|wiederaufladbar|CR2032",
                "2 Stück|4 Stück|8 Stück|20 Stück",
                ("2.90", "29.90"),
                "Für Fernbedienung, Uhr und Spielzeug.|Geringe Selbstentladung.",
            ),
            (
                "Elektronik > Haushaltsgeräte",
                "Wasserkocher|Toaster|Stabmixer|Kaffeemaschine|Filterkaffeemaschine|Föhn|"
                "Bügeleisen|Staubsauger|Küchenwaage|Handmixer|Eierkocher",
                "aus Edelstahl|mit Thermokanne|mit Zubehör|mit Kalkfilter|kabellos",
                "1,7 l|weiß|schwarz|Edelstahl",
                ("14.90", "249.00"),
                "Schaltet von selbst ab.|Mit zwei Jahren Garantie.",
            ),
            (
                "Elektronik > Audio & Telefon",
                "Digitalradio|Radio|Kopfhörer|Bluetooth-Kopfhörer|Lautsprecher|Schnurlostelefon|"
                "Seniorentelefon|Kompaktanlage|Plattenspieler|Seniorenhandy",
                "DAB+|mit UKW|kabellos|mit großen Tasten|mit CD|mit Weckfunktion",
                "schwarz|weiß|Holzoptik",
                ("19.90", "349.00"),
                "Kräftiger Klang.|Wir richten es im Laden für Sie ein.",
            ),
        ],
    ),
    "optician": (
        "Augenoptik|Optiker|Brillenstudio",
        0.04,
        [
            (
                "Optik > Lesebrillen",
                "Lesebrille|Faltbare Lesebrille|Lesebrille mit Blaulichtfilter|Bildschirmbrille",
                "Klassik|Metall|Hornoptik|im Etui|entspiegelt",
                "+1,0 dpt|+1,5 dpt|+2,0 dpt|+2,5 dpt|+3,0 dpt",
                ("9.90", "39.90"),
                "Der Sehtest bei uns ist kostenlos.|Mit Federscharnieren.",
            ),
            (
                "Optik > Sonnenbrillen",
                "Sonnenbrille|Kindersonnenbrille|Sportbrille|Sonnenclip",
                "polarisierend|im Pilotenstil|mit Band|Kategorie 3|100 % UV-Schutz",
                "schwarz|havanna|gold",
                ("14.90", "129.00"),
                "Schluckt Spiegelungen auf Wasser.|Bruchfeste Gläser.",
            ),
            (
                "Optik > Fassungen",
                "Brillenfassung|Fassung|Titanfassung|Kinderfassung|Holzfassung",
                "aus Acetat|randlos|flexibel|federleicht|nach Maß",
                "Havanna|Schwarz|Rosé transparent|Blau",
                ("59.00", "449.00"),
                "Zur Anprobe reservieren.|Gläser nach Beratung im Geschäft.",
            ),
            (
                "Optik > Pflege & Zubehör",
                "Brillenputztuch|Brillenreinigungsspray|Brillenetui|Brillenband|Kontaktlinsen|"
                "Kombilösung|Augentropfen|Leselupe|Antibeschlag-Tuch",
                "aus Mikrofaser|alkoholfrei|Hartschale|mit LED-Licht|mit Hyaluron",
                "1 Stück|3 Stück|30 ml|250 ml|360 ml",
                ("2.90", "34.90"),
                "Reinigt ohne Schlieren.|Schonend für entspiegelte Gläser.",
            ),
        ],
    ),
    "gifts": (
        "Geschenkeladen|Andenken|Souvenirs|Geschenkideen",
        0.04,
        [
            (
                "Geschenke & Andenken",
                "Tasse|Kaffeebecher|Kühlschrankmagnet|Schlüsselanhänger|Postkartenset|Kerze|"
                "Duftkerze|Geschenkkorb|Stoffbeutel|Brettchen|Bilderrahmen|Schneekugel",
                "Rosenstadt Forst|mit Rosenmotiv|aus der Lausitz|handbemalt|aus Keramik|aus Holz",
                "klein|groß|2er-Set",
                ("2.90", "49.90"),
                "Ein Andenken an die Rosenstadt.|In Handarbeit gefertigt.",
            ),
            (
                "Schreibwaren > Karten & Geschenkpapier",
                "Geschenkpapier|Grußkarte|Geschenkanhänger|Geschenkband",
                "mit Rosen|mit Sternen|aus Kraftpapier|glänzend",
                "Rolle 2 m|5 Stück|10 Stück",
                ("0.90", "9.90"),
                "Passend zu jedem Anlass.",
            ),
        ],
    ),
    "home": (
        "Wohnen|Haushaltswaren|Wohnaccessoires",
        0.04,
        [
            (
                "Heimwerken > Haushaltsbedarf",
                "Geschirrtuch|Tischdecke|Kissenbezug|Bettwäsche|Handtuch|Badematte|Wäschekorb|"
                "Brotkasten|Vorratsdose|Kochtopf|Bratpfanne|Schneidebrett|Küchenmesser",
                "aus Leinen|aus Baumwolle|aus Edelstahl|mit Deckel|antihaftbeschichtet|aus Bambus",
                "klein|groß|2er-Set|50 × 70 cm|135 × 200 cm|24 cm|28 cm",
                ("3.90", "119.00"),
                "Spülmaschinenfest.|Bei 60 °C waschbar.|Langlebig und schön.",
            ),
            (
                "Elektronik > Leuchtmittel & Leuchten",
                "Tischlampe|Stehlampe|Lichterkette|Windlicht|Laterne",
                "aus Rattan|mit Timer|für draußen|warmweiß",
                "klein|groß|10 m",
                ("9.90", "149.00"),
                "Schafft gemütliches Licht.",
            ),
        ],
    ),
    "sports": (
        "Sporthaus|Sport|Laufladen",
        0.04,
        [
            (
                "Spielwaren > Draußen spielen",
                "Fußball|Volleyball|Federballset|Tischtennisschläger|Springseil|Frisbee|Boule-Set",
                "für Kinder|für Erwachsene|wetterfest|Größe 4|Größe 5",
                "1 Stück|2er-Set|4er-Set",
                ("4.90", "49.90"),
                "Für Garten, Park und Strand.",
            ),
            (
                "Mode > Herren",
                "Laufshirt|Laufhose|Trainingsjacke|Funktionsshirt|Radtrikot|Wanderhose",
                "atmungsaktiv|mit Reflektoren|schnelltrocknend|winddicht",
                "S|M|L|XL|XXL",
                ("19.90", "119.00"),
                "Leicht und atmungsaktiv.",
            ),
            (
                "Mode > Damen",
                "Damen-Laufshirt|Damen-Laufhose|Damen-Trainingsjacke|Damen-Radtrikot|"
                "Damen-Wanderhose",
                "atmungsaktiv|mit Reflektoren|schnelltrocknend|winddicht",
                "XS|S|M|L|XL",
                ("19.90", "119.00"),
                "Leicht und atmungsaktiv.",
            ),
            (
                "Fahrrad > Zubehör",
                "Trinkflasche|Fahrradhandschuhe|Radbrille|Satteltasche",
                "auslaufsicher|gepolstert|mit Wechselgläsern",
                "0,5 l|0,75 l|S|M|L",
                ("6.90", "59.90"),
                "Für lange Touren.",
            ),
        ],
    ),
    "drugstore": (
        "Drogerie|Naturkosmetik|Seifenmanufaktur",
        0.04,
        [
            (
                "Geschenke & Andenken",
                "Seife|Handcreme|Duschgel|Badesalz|Lippenbalsam|Körperöl|Shampoo|Rasierseife|"
                "Geschenkset",
                "mit Rosenduft|mit Lavendel|vegan|handgesiedet|mit Sanddorn|unparfümiert",
                "50 ml|100 ml|200 ml|250 ml|100 g",
                ("2.90", "29.90"),
                "Ohne Mikroplastik.|In der Lausitz hergestellt.|Mild zur Haut.",
            ),
            (
                "Heimwerken > Haushaltsbedarf",
                "Spülmittel|Waschmittel|Allzweckreiniger|Essigreiniger|Schwammtuch|Kernseife",
                "ökologisch|konzentriert|Nachfüllpack|parfümfrei",
                "500 ml|1 l|1,5 kg|5 Stück",
                ("1.50", "14.90"),
                "Biologisch abbaubar.",
            ),
        ],
    ),
}

# The word lists keep a compact layout, which ruff format would unfold into one word a line.
# fmt: off
ORIGINS = (
    "Lausitzer", "Forster", "Spreewälder", "Brandenburger", "Cottbuser", "Gubener",
    "Niederlausitzer",
)
SURNAMES = (
    "Pannasch", "Kschenka", "Kito", "Mattick", "Krautz", "Lehmann", "Noack", "Schulze", "Nowak",
    "Kowalski", "Rietschel", "Zschornack", "Matschke", "Gubatz", "Pietzsch", "Kalauch", "Wenzel",
    "Jurk", "Bartsch", "Wolf", "Domaschk", "Kaschke", "Lehnigk", "Petrick", "Nitschke", "Kuschel",
    "Mrosk", "Schiemenz", "Hantschke", "Wuschko", "Ziesche", "Krüger", "Lehnert", "Bogisch",
    "Schenker", "Starick", "Hentschel", "Kotsch", "Rehnus", "Wiesner", "Jank", "Paulick",
    "Mietzsch", "Schwella", "Dubrau", "Lorenz", "Richter", "Hoffmann", "Fischer", "Zimmermann",
)
BRAND_PARTS = (
    "Neiße", "Spree", "Lausitz", "Rosen", "Heide", "Kiefer", "Sand", "Birken", "Tuch",
    "Wasserturm", "Oder", "Linden", "Mühlen", "Stern", "Eichen", "Biber",
)
BRAND_ENDINGS = (
    "werk", "hof", "manufaktur", "glück", "haus", "kraft", "liebe", "zeit", "gut", "werkstatt",
)
STREETS = (
    "Cottbuser Straße", "Berliner Straße", "Lindenstraße", "Markt", "Promenade",
    "Frankfurter Straße", "Sorauer Straße", "Parkstraße", "Karl-Marx-Straße", "Mühlenstraße",
    "Spremberger Straße", "Bahnhofstraße",
)
# fmt: on

VAT_REDUCED_PREFIXES = ("Lebensmittel", "Bücher", "Blumen & Pflanzen")
PERISHABLE_CATEGORIES = (
    "Lebensmittel > Backwaren",
    "Lebensmittel > Kuchen & Torten",
    "Lebensmittel > Fleisch & Wurst",
    "Lebensmittel > Obst, Gemüse & Milchprodukte",
    "Blumen & Pflanzen > Sträuße & Schnittblumen",
)
HOURS = ((0, 1, 2, 3, 4), clock(9), clock(18)), ((5,), clock(9), clock(13))


@dataclass
class Line:
    category: str
    nouns: list[str]
    attributes: list[str]
    variants: list[str]
    prices: tuple[Decimal, Decimal]
    sentences: list[str]


@dataclass
class TradeSpec:
    trade: str
    prefixes: list[str]
    share: float
    lines: list[Line]
    brands: list[str] = field(default_factory=list)


def _trades() -> list[TradeSpec]:
    rng = random.Random(1)  # noqa: S311 (reproducible data, not secrets)
    specs = []
    for trade, (prefixes, share, lines) in TRADES.items():
        spec = TradeSpec(
            trade=trade,
            prefixes=prefixes.split("|"),
            share=share,
            lines=[
                Line(
                    category,
                    nouns.split("|"),
                    attributes.split("|"),
                    variants.split("|"),
                    (Decimal(low), Decimal(high)),
                    sentences.split("|"),
                )
                for category, nouns, attributes, variants, (low, high), sentences in lines
            ],
        )
        spec.brands = sorted(
            {
                f"{rng.choice(BRAND_PARTS)}{rng.choice(BRAND_ENDINGS)}".capitalize()
                for _ in range(12)
            }
        )
        specs.append(spec)
    return specs


def vocabulary() -> list[str]:
    """The nouns of every trade, lower case: words a resident would search for."""
    nouns = {noun.lower() for spec in _trades() for line in spec.lines for noun in line.nouns}
    return sorted(nouns)


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one slip of the finger: a letter dropped, doubled or two swapped."""
    if len(word) < 5:
        return word
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:position] + word[position + 1 :]
    if kind == "double":
        return word[:position] + word[position] + word[position:]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def _price(rng: random.Random, low: Decimal, high: Decimal) -> Decimal:
    # Log-uniform, so that most products are cheap and a few are expensive.
    value = float(low) * (float(high) / float(low)) ** rng.random()
    euros = int(value)
    cents = rng.choice((90, 50, 95, 99, 0)) if value >= 1 else int((value % 1) * 100)
    return max(low, Decimal(f"{euros}.{cents:02d}"))


def _ean13(first_twelve: str) -> str:
    digits = [int(char) for char in first_twelve]
    total = sum(digit * (3 if index % 2 else 1) for index, digit in enumerate(digits))
    return first_twelve + str((10 - total % 10) % 10)


@dataclass
class Generated:
    shops: int = 0
    products: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class _Table:
    """Fast inserts into one model's table: ``executemany`` of plain rows, bypassing the ORM's
    per-value compilation (most of bulk_create's time). Fields a row leaves out take the model's
    default, so new fields with defaults keep working; dates and decimals are prepared for the
    database by their field."""

    PREPARED = ("DateTimeField", "DateField", "DecimalField")

    def __init__(self, model, connection, given: tuple[str, ...]):
        fields = [
            f for f in model._meta.concrete_fields if not (f.primary_key and "id" not in given)
        ]
        self.connection = connection
        self.fields = fields
        self.given = [f.attname in given for f in fields]
        self.defaults = [
            None if f.attname in given else f.get_db_prep_save(f.get_default(), connection)
            for f in fields
        ]
        self.prepared = [f.get_internal_type() in self.PREPARED for f in fields]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Names from the model's metadata, values as parameters.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608

    def insert(self, cursor, rows: list[dict]) -> None:
        values = []
        for row in rows:
            line = []
            for f, given, default, prepared in zip(
                self.fields, self.given, self.defaults, self.prepared, strict=True
            ):
                if not given:
                    line.append(default)
                elif prepared:
                    line.append(f.get_db_prep_save(row[f.attname], self.connection))
                else:
                    line.append(row[f.attname])
            values.append(tuple(line))
        cursor.executemany(self.sql, values)


@functools.cache
def _slug(title: str) -> str:
    from oscar.core.utils import slugify

    return slugify(title)[:128] or "artikel"


def generate(
    *,
    products: int = 100_000,
    shops: int = 200,
    seed: int = 4,
    batch_size: int = 5000,
    log=print,
) -> Generated:
    """Create ``shops`` shops with ``products`` products in all on an empty, migrated database."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model
    from oscar.core.utils import slugify

    from shop.catalogue.unit_pricing import Measure
    from vendors.demo.catalogue import CATEGORY_PATHS
    from vendors.feeds.services import PRODUCT_CLASS_NAME, PRODUCT_CLASS_SLUG
    from vendors.models import OpeningHours, Vendor, VendorStatus
    from vendors.services import vendor_create

    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    ProductClass = get_model("catalogue", "ProductClass")
    StockRecord = get_model("partner", "StockRecord")

    if Vendor.objects.exists():
        raise ValueError("bench.catalogue.generate needs a database without shops")
    rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
    result = Generated()
    specs = _trades()
    unknown = {line.category for spec in specs for line in spec.lines} - set(CATEGORY_PATHS)
    if unknown:
        raise ValueError(f"Categories not in the demo tree: {sorted(unknown)}")

    started = time.monotonic()
    categories = {path: create_from_breadcrumbs(path, separator=" > ") for path in CATEGORY_PATHS}
    product_class, _ = ProductClass.objects.get_or_create(
        slug=PRODUCT_CLASS_SLUG,
        defaults={"name": PRODUCT_CLASS_NAME, "requires_shipping": False, "track_stock": True},
    )
    # Shops: every trade once, then in proportion to their share; a few do not sell online.
    weights = [spec.share for spec in specs]
    vendors = []
    with transaction.atomic():
        for number in range(1, shops + 1):
            spec = rng.choices(specs, weights)[0] if number > len(specs) else specs[number - 1]
            name = f"{rng.choice(spec.prefixes)} {rng.choice(SURNAMES)}"
            vendor = vendor_create(
                name=name,
                slug=f"{slugify(name)}-{number}",
                email=f"info@shop-{number}.example",
                status=VendorStatus.APPROVED,
                trade=spec.trade,
                street=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                postcode="03149",
                sells_online=rng.random() > 0.04,
                tagline=f"{spec.prefixes[0]} in Forst (Lausitz)",
            )
            vendors.append((vendor, spec))
        OpeningHours.objects.bulk_create(
            OpeningHours(vendor=vendor, weekday=day, opens=opens, closes=closes)
            for vendor, _spec in vendors
            for days, opens, closes in HOURS
            for day in days
        )
    result.shops = len(vendors)
    result.seconds["shops"] = time.monotonic() - started

    started = time.monotonic()
    now = timezone.now()
    next_id = (Product.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    product_rows, stock_rows, category_rows = [], [], []
    tables = {
        "product": _Table(Product, connection, _PRODUCT_FIELDS),
        "stock": _Table(StockRecord, connection, _STOCK_FIELDS),
        "category": _Table(ProductCategory, connection, ("product_id", "category_id")),
    }
    written = 0

    def flush():
        nonlocal written
        if not product_rows:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            tables["product"].insert(cursor, product_rows)
            tables["stock"].insert(cursor, stock_rows)
            tables["category"].insert(cursor, category_rows)
        written += len(product_rows)
        for rows in (product_rows, stock_rows, category_rows):
            rows.clear()
        if log and written % 20_000 < batch_size:
            log(f"  {written} products written ({time.monotonic() - started:.1f} s)")

    per_shop = [products // shops + (1 if i < products % shops else 0) for i in range(shops)]
    for shop_index, ((vendor, spec), count) in enumerate(zip(vendors, per_shop, strict=True)):
        shop_brands = rng.sample(spec.brands, k=min(len(spec.brands), rng.randint(3, 8)))
        counted_shop = rng.random() < 0.6
        titles: set[str] = set()
        serial = 0
        while serial < count:
            line = rng.choice(spec.lines)
            noun = rng.choice(line.nouns)
            title = noun
            if rng.random() < 0.25:
                title = f"{rng.choice(ORIGINS)} {title}"
            if rng.random() < 0.6:
                title = f"{title} {rng.choice(line.attributes)}"
            if rng.random() < 0.5:
                title = f"{title}, {rng.choice(line.variants)}"
            if title in titles:
                if len(titles) > 0.9 * count or rng.random() < 0.2:
                    title = f"{title} ({serial + 1})"  # a large shop: numbered editions
                else:
                    continue
            titles.add(title)
            serial += 1
            sentences = rng.sample(line.sentences, k=min(len(line.sentences), rng.randint(1, 2)))
            brand = rng.choice(shop_brands) if rng.random() < 0.7 else ""
            maker = f" von {brand}" if brand else ""
            description = f"<p>{noun}{maker}. {' '.join(sentences)}</p>"
            quantity = None
            if line.category.startswith("Lebensmittel") and rng.random() < 0.5:
                unit = rng.choice(("250 g", "500 g", "1 kg", "0.5 l", "0.75 l", "1 l"))
                quantity = Measure.parse(unit)
                description += f"<p>Inhalt: {unit.replace('.', ',')}.</p>"
            price = _price(rng, *line.prices)
            created = now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
            product_rows.append(
                {
                    "id": next_id,
                    "structure": "standalone",
                    "is_public": True,
                    "title": title[:255],
                    "slug": _slug(title),
                    "description": description,
                    "product_class_id": product_class.id,
                    "date_created": created,
                    "date_updated": created,
                    "brand": brand,
                    "gtin": _ean13(f"426{shop_index:03d}{serial:06d}")
                    if rng.random() < 0.6
                    else "",
                    "vat_category": "reduced"
                    if line.category.startswith(VAT_REDUCED_PREFIXES)
                    else "standard",
                    "is_perishable": line.category in PERISHABLE_CATEGORIES,
                    "unit_pricing_quantity": quantity.amount if quantity else None,
                    "unit_pricing_unit": quantity.unit if quantity else "",
                }
            )
            sku = f"{vendor.slug[:3].upper()}-{serial:05d}"
            stock = _stock(rng, counted_shop, price, sku, now)
            stock_rows.append({**stock, "product_id": next_id, "partner_id": vendor.partner_id})
            category_rows.append(
                {"product_id": next_id, "category_id": categories[line.category].id}
            )
            next_id += 1
            if len(product_rows) >= batch_size:
                flush()
    flush()
    # Products were given their ids: move the id sequence past them (PostgreSQL). Then gather
    # the planner's statistics, as autovacuum would soon (without them PostgreSQL plans for
    # empty tables and reads 100k products in nested loops).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Product]):
            cursor.execute(statement)
        cursor.execute("ANALYZE")
    result.products = written
    result.seconds["products"] = time.monotonic() - started
    return result


_PRODUCT_FIELDS = (
    "id", "structure", "is_public", "title", "slug", "description", "product_class_id",
    "date_created", "date_updated", "brand", "gtin", "vat_category", "is_perishable",
    "unit_pricing_quantity", "unit_pricing_unit",
)  # fmt: skip
_STOCK_FIELDS = (
    "product_id", "partner_id", "partner_sku", "price_currency", "price", "num_in_stock",
    "num_allocated", "availability", "pickup_method", "pickup_sla", "stock_confirmed_at",
    "date_created", "date_updated",
)  # fmt: skip


def _stock(rng: random.Random, counted_shop: bool, price: Decimal, sku: str, now) -> dict:
    counted = counted_shop and rng.random() < 0.9
    roll = rng.random()
    if counted:
        quantity = 0 if roll < 0.08 else (rng.randint(1, 3) if roll < 0.2 else rng.randint(4, 60))
        availability = "out_of_stock" if quantity == 0 else "in_stock"
    else:
        quantity = None
        availability = (
            "in_stock"
            if roll < 0.85
            else "limited_availability"
            if roll < 0.9
            else "out_of_stock"
            if roll < 0.95
            else rng.choice(("preorder", "backorder", "on_display_to_order"))
        )
    method = rng.random()
    return {
        "partner_sku": sku,
        "price_currency": "EUR",
        "price": price,
        "num_in_stock": quantity,
        "num_allocated": 0 if counted else None,
        "availability": availability,
        "pickup_method": "buy" if method < 0.9 else "reserve" if method < 0.98 else "not_supported",
        "pickup_sla": rng.choice(("same_day", "same_day", "next_day", "2-day")),
        "stock_confirmed_at": now - timedelta(minutes=rng.randint(5, 3000)) if counted else None,
        "date_created": now,
        "date_updated": now,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--shops", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    result = generate(products=args.products, shops=args.shops, seed=args.seed)
    print(
        f"{result.shops} shops, {result.products} products: "
        + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.seconds.items())
    )


if __name__ == "__main__":
    main()
