"""Pictures for the demo town, drawn with Pillow: product cards, shop logos, story pictures.

Nothing is downloaded. Every picture is a flat, coloured card with a simple shape, the initial
and the name, so that the demo looks tidy and the files stay small (JPEG, ~600×600, ~20 KB).
The same input always gives the same bytes.
"""

import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

PRODUCT_SIZE = (600, 600)
LOGO_SIZE = (320, 320)
STORY_SIZE = (1200, 675)
JPEG_QUALITY = 78

# Muted colours that keep white text readable (contrast >= 4.5:1 against white).
PALETTE = (
    "#2f5d50",  # pine
    "#7a3b3b",  # rose brown
    "#3c4f76",  # slate blue
    "#6b4e16",  # ochre
    "#5a3d6e",  # plum
    "#1f5f7a",  # petrol
    "#7b3f61",  # berry
    "#4a5a23",  # moss
    "#8a3324",  # brick
    "#2e4a62",  # navy
)
SHAPES = ("circle", "square", "diamond", "ring")


def colour_for(key: str) -> str:
    """A palette colour chosen by a stable hash of ``key``."""
    digest = hashlib.sha256(key.encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


# Tried in order (Pillow looks them up in the system's font folders); Pillow's built-in font is
# the fallback, which lacks "ß", so texts are then transliterated.
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf")


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _has_system_font() -> bool:
    return isinstance(_font(40), ImageFont.FreeTypeFont) and "Aileron" not in str(
        _font(40).getname()
    )


def _printable(text: str) -> str:
    return text if _has_system_font() else text.replace("ß", "ss")


def _lighter(hex_colour: str, amount: float) -> tuple[int, int, int]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(round(c + (255 - c) * amount) for c in (red, green, blue))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;: ") + " …"
    return lines


def _shape(draw: ImageDraw.ImageDraw, kind: str, box: tuple[int, int, int, int], fill) -> None:
    left, top, right, bottom = box
    if kind == "circle":
        draw.ellipse(box, fill=fill)
    elif kind == "square":
        draw.rounded_rectangle(box, radius=(right - left) // 8, fill=fill)
    elif kind == "diamond":
        cx, cy = (left + right) // 2, (top + bottom) // 2
        draw.polygon([(cx, top), (right, cy), (cx, bottom), (left, cy)], fill=fill)
    else:
        draw.ellipse(box, outline=fill, width=(right - left) // 9)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def product_picture(title: str, *, key: str, subtitle: str = "") -> bytes:
    """A 600×600 JPEG card: a shape with the title's initial, the title and a subtitle."""
    colour = colour_for(key)
    image = Image.new("RGB", PRODUCT_SIZE, _lighter(colour, 0.86))
    draw = ImageDraw.Draw(image)
    digest = hashlib.sha256(title.encode()).digest()
    _shape(draw, SHAPES[digest[1] % len(SHAPES)], (190, 70, 410, 290), colour)
    title, subtitle = _printable(title), _printable(subtitle)
    initial = title[:1].upper()
    draw.text(
        (300, 180),
        initial,
        font=_font(130),
        fill="white" if digest[1] % 4 != 3 else colour,
        anchor="mm",
    )
    font = _font(40)
    y = 350
    for line in _wrap(draw, title, font, 520, 3):
        draw.text((300, y), line, font=font, fill=colour, anchor="ma")
        y += 50
    if subtitle:
        draw.text((300, 555), subtitle, font=_font(26), fill=colour, anchor="ms")
    return _jpeg(image)


def logo_picture(name: str, *, key: str) -> bytes:
    """A 320×320 JPEG logo: initials of the shop's name on a coloured disc."""
    colour = colour_for(key)
    name = _printable(name)
    image = Image.new("RGB", LOGO_SIZE, "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 310, 310), fill=colour)
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    initials = "".join(word[0].upper() for word in words[:2]) or name[:1].upper()
    draw.text((160, 160), initials, font=_font(120), fill="white", anchor="mm")
    return _jpeg(image)


def story_picture(title: str, *, key: str) -> bytes:
    """A 1200×675 JPEG banner with soft shapes and the title."""
    colour = colour_for(key)
    title = _printable(title)
    image = Image.new("RGB", STORY_SIZE, _lighter(colour, 0.80))
    draw = ImageDraw.Draw(image)
    digest = hashlib.sha256(title.encode()).digest()
    for index in range(6):
        radius = 60 + digest[index] % 140
        cx = 80 + (digest[index + 6] * 5) % 1040
        cy = 60 + (digest[index + 12] * 3) % 560
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=_lighter(colour, 0.45 + index * 0.06),
        )
    font = _font(64)
    lines = _wrap(draw, title, font, 1000, 3)
    y = 337 - len(lines) * 40
    for line in lines:
        draw.text((600, y), line, font=font, fill=colour, anchor="ma")
        y += 80
    return _jpeg(image)
