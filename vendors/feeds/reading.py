"""Reading feed files: bytes in, rows with their position out. Pure: no database, no network.

A feed is either delimited text (tab, semicolon or comma separated, detected from the header) or
Google's XML form (RSS 2.0 items or Atom entries with the ``g:`` namespace). Text must be UTF-8,
with or without a byte order mark. Anything that makes the whole file unusable raises
``FeedError`` before a single row is handed out, so callers can check a file before writing.

Column names are normalised the lenient way Google reads them: case and surrounding spaces do
not matter, inner spaces and hyphens count as underscores and a ``g:`` prefix is dropped
("Image Link", " image_link ", "g:image_link" are the same column).
"""

import codecs
import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

MAX_FEED_BYTES = 100 * 1024 * 1024

GOOGLE_NS = "http://base.google.com/ns/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"

# Every column the importers understand; a header must contain some of them to be recognised.
PRODUCT_COLUMNS = frozenset(
    {
        "id",
        "title",
        "description",
        "link",
        "image_link",
        "additional_image_link",
        "availability",
        "price",
        "sale_price",
        "brand",
        "gtin",
        "mpn",
        "condition",
        "product_type",
        "google_product_category",
        "unit_pricing_measure",
        "unit_pricing_base_measure",
        "vat",
        "tax_category",
    }
)
INVENTORY_COLUMNS = frozenset(
    {
        "store_code",
        "id",
        "quantity",
        "price",
        "sale_price",
        "availability",
        "pickup_method",
        "pickup_sla",
    }
)
KNOWN_COLUMNS = PRODUCT_COLUMNS | INVENTORY_COLUMNS
COLUMN_ALIASES = {"itemid": "id", "item_id": "id"}

# Values that may appear several times in one XML item; kept one per line.
MULTI_VALUED = frozenset({"additional_image_link"})

FeedSource = bytes | str | os.PathLike | BinaryIO
"""Raw bytes, a file path, or an open binary file (e.g. a Django upload)."""

_DELIMITERS = {"\t": "tsv", ";": "csv", ",": "csv"}
_COLUMN_SEPARATORS = re.compile(r"[\s\-]+")
# The line breaks csv and text editors count (str.splitlines would also split on \v, \u2028 …).
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


class FeedError(Exception):
    """The file as a whole cannot be read; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class FeedRow:
    """One record of a feed: ``position`` is the line in the file (header = line 1) for text
    feeds and the item's index (from 1) for XML; ``values`` maps normalised column names to
    stripped text."""

    position: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Feed:
    """A readable feed: its format ("tsv", "csv", "rss", "atom"), the columns it has and its
    rows. ``base_dir`` is the folder of the file when it was read from a path (for relative
    image paths), else None."""

    format: str
    columns: frozenset[str]
    rows: list[FeedRow]
    name: str = ""
    base_dir: Path | None = None
    position_label: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "position_label", "item" if self.format in ("rss", "atom") else "line"
        )


def normalise_column(name: str) -> str:
    """Column name as the importers know it: " Image Link" -> "image_link", "g:price" -> "price",
    "ItemId" -> "id"."""
    column = name.strip().strip('"').strip().lower()
    column = column.removeprefix("g:")
    column = _COLUMN_SEPARATORS.sub("_", column)
    return COLUMN_ALIASES.get(column, column)


def read_feed(source: FeedSource, *, required: tuple[str, ...] = ("id",)) -> Feed:
    """Read and parse a whole feed; raise FeedError if the file cannot be used at all.

    ``required`` names columns a text feed's header must have (XML items are checked row by row
    by the importers, since XML has no header).
    """
    data, name, base_dir = _load(source)
    text = _decode(data)
    if text.lstrip().startswith("<"):
        fmt, rows = _parse_xml(text)
        columns = frozenset(column for row in rows for column in row.values)
    else:
        fmt, columns, rows = _parse_delimited(text, required=required)
    return Feed(format=fmt, columns=columns, rows=rows, name=name, base_dir=base_dir)


def _load(source: FeedSource) -> tuple[bytes, str, Path | None]:
    if isinstance(source, bytes | bytearray):
        data, name, base_dir = bytes(source), "", None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FEED_BYTES + 1)
        except FileNotFoundError as exc:
            raise FeedError(_("The file %(name)s does not exist.") % {"name": path}) from exc
        except IsADirectoryError as exc:
            raise FeedError(_("%(name)s is a folder, not a file.") % {"name": path}) from exc
        except OSError as exc:
            raise FeedError(
                _("The file %(name)s cannot be read: %(reason)s")
                % {"name": path, "reason": exc.strerror or exc}
            ) from exc
        name, base_dir = path.name, path.resolve().parent
    else:
        data = source.read(MAX_FEED_BYTES + 1)
        name, base_dir = os.path.basename(getattr(source, "name", "") or ""), None
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(
            _("The file is larger than %(size)s MB; split it into several files.")
            % {"size": MAX_FEED_BYTES // (1024 * 1024)}
        )
    return data, name, base_dir


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise FeedError(
            _(
                "This is a spreadsheet or ZIP file, not a text feed. Save it as CSV or "
                "tab-separated text (UTF-8)."
            )
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FeedError(_("The file is UTF-16 text; save it as UTF-8."))
    if b"\x00" in data:
        raise FeedError(_("The file is not a text file (it contains binary data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(
            _("The file is not UTF-8 text (bad byte at position %(position)s); save it as UTF-8.")
            % {"position": exc.start}
        ) from exc
    if not text.strip():
        raise FeedError(_("The file is empty."))
    return text


# Delimited text ------------------------------------------------------------------------------


def _parse_delimited(
    text: str, *, required: tuple[str, ...]
) -> tuple[str, frozenset[str], list[FeedRow]]:
    lines = _LINE_BREAKS.split(text.removesuffix("\n").removesuffix("\r"))
    header_index = next(index for index, line in enumerate(lines) if line.strip())
    delimiter, header = _detect_header(lines[header_index])
    columns = frozenset(column for column in header if column)
    missing = [column for column in required if column not in columns]
    if missing:
        raise FeedError(
            _("The header (line %(line)s) lacks the column(s) %(columns)s.")
            % {"line": header_index + 1, "columns": ", ".join(missing)}
        )
    if delimiter == "\t":
        records = _tab_records(lines, start=header_index + 1)
    else:
        records = _csv_records(text, delimiter, header_index=header_index, lines=lines)
    rows = []
    for position, fields in records:
        values: dict[str, str] = {}
        for column, value in zip(header, fields, strict=False):
            if column and not values.get(column):
                values[column] = value.strip()
        if any(values.values()):
            rows.append(FeedRow(position=position, values=values))
    return _DELIMITERS[delimiter], columns, rows


def _detect_header(line: str) -> tuple[str, list[str]]:
    """Pick the delimiter under which the header names the most known columns."""
    best: tuple[int, str, list[str]] | None = None
    for delimiter in _DELIMITERS:
        names = next(csv.reader([line], delimiter=delimiter))
        header = [normalise_column(name) for name in names]
        known = len(set(header) & KNOWN_COLUMNS)
        if known and (best is None or known > best[0]):
            best = (known, delimiter, header)
    if best is None:
        raise FeedError(
            _(
                "No recognisable header in the first line: expected column names such as id, "
                "title, price, availability (Google Merchant Center product or local inventory "
                "feed)."
            )
        )
    return best[1], best[2]


def _tab_records(lines: list[str], *, start: int):
    """Tab-separated records, one per physical line (Google's TSV has no line breaks in values).

    A value wrapped in double quotes as a whole is unquoted (spreadsheet exports do that);
    a quote elsewhere is kept as text, so an unbalanced quote cannot swallow later lines.
    """
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            yield index + 1, [_unquote(value) for value in line.split("\t")]


def _unquote(value: str) -> str:
    stripped = value.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        return stripped[1:-1].replace('""', '"')
    return value


def _csv_records(text: str, delimiter: str, *, header_index: int, lines: list[str]):
    """Comma or semicolon separated records; quoted values may span lines (spreadsheet export)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    last: tuple[int, int, list[str]] = (0, 0, [])
    try:
        for fields in reader:
            first_line, previous_end = previous_end + 1, reader.line_num
            last = (first_line, previous_end, fields)
            if first_line > header_index + 1 and fields:
                records.append((first_line, fields))
    except csv.Error as exc:
        raise FeedError(
            _("Line %(line)s cannot be read: %(reason)s") % {"line": reader.line_num, "reason": exc}
        ) from exc
    # A quote that never closes makes the last record run to the end of the file: a value then
    # holds a line break and the record's raw text an odd number of quotes (closed and doubled
    # quotes come in pairs).
    first_line, end_line, fields = last
    raw = "\n".join(lines[first_line - 1 : end_line])
    if any("\n" in value or "\r" in value for value in fields) and raw.count('"') % 2:
        raise FeedError(
            _(
                "Line %(line)s opens a quoted value that is never closed, so the rest of the "
                'file would be read as part of it. Check the quotes (") on that line.'
            )
            % {"line": first_line}
        )
    return records


# XML (RSS 2.0 / Atom with Google's namespace) ---------------------------------------------------

_PLAIN_ELEMENTS = {"title": "title", "link": "link", "description": "description"}
_ATOM_ELEMENTS = {"title": "title", "summary": "description", "content": "description"}


def _parse_xml(text: str) -> tuple[str, list[FeedRow]]:
    # Entity declarations are the door to entity expansion attacks; feeds never need them.
    if "<!ENTITY" in text:
        raise FeedError(_("XML files with entity declarations (<!ENTITY>) are not accepted."))
    try:
        root = ElementTree.fromstring(text)  # noqa: S314  (entities refused above)
    except ElementTree.ParseError as exc:
        raise FeedError(_("The XML is not well-formed: %(reason)s") % {"reason": exc}) from exc
    if root.tag == "rss":
        fmt, items = "rss", root.iter("item")
    elif root.tag in (f"{{{ATOM_NS}}}feed", "feed"):
        fmt, items = "atom", (child for child in root if _local(child.tag) == "entry")
    else:
        raise FeedError(
            _("The XML is neither an RSS 2.0 nor an Atom feed (root element <%(tag)s>).")
            % {"tag": _local(root.tag)}
        )
    rows = [
        FeedRow(position=index, values=_item_values(item, atom=fmt == "atom"))
        for index, item in enumerate(items, start=1)
    ]
    if not rows:
        raise FeedError(_("The feed contains no items."))
    return fmt, rows


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _item_values(item: ElementTree.Element, *, atom: bool) -> dict[str, str]:
    google: dict[str, list[str]] = {}
    plain: dict[str, str] = {}
    for child in item:
        if len(child):  # nested groups such as <g:shipping> are not used
            continue
        namespace = child.tag[1:].split("}", 1)[0] if child.tag.startswith("{") else ""
        local = _local(child.tag)
        value = (child.text or "").strip()
        if namespace == GOOGLE_NS:
            google.setdefault(normalise_column(local), []).append(value)
        elif atom and local == "link":
            if child.get("rel", "alternate") == "alternate" and child.get("href"):
                plain.setdefault("link", child.get("href", "").strip())
        elif atom and namespace in (ATOM_NS, ""):
            if local in _ATOM_ELEMENTS:
                plain.setdefault(_ATOM_ELEMENTS[local], value)
        elif not atom and namespace == "" and local in _PLAIN_ELEMENTS:
            plain.setdefault(_PLAIN_ELEMENTS[local], value)
    values = dict(plain)
    for column, found in google.items():
        values[column] = "\n".join(found) if column in MULTI_VALUED else found[0]
    return values
