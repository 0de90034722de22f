"""Fetching and checking product images named in a feed. No database.

``ImageFetcher.fetch(url)`` returns the bytes of an http(s) URL or, when allowed, of a local
file; it follows at most ``MAX_REDIRECTS`` redirects, gives up after ``TIMEOUT_SECONDS`` for the
whole download and refuses more than ``MAX_IMAGE_BYTES``. By default it talks only to public
internet addresses: the address is resolved once, checked, and connected to directly (no second
lookup an attacker could change), so a feed cannot make the server fetch from its own network.
Local files and private addresses are for trusted callers (the operator's command line).

``checked_image(data)`` decodes the bytes with Pillow and re-encodes them: only JPEG, PNG, GIF
and WebP up to ``MAX_PIXELS`` pass; the copy keeps the orientation but no metadata (EXIF, GPS)
and no trailing bytes (polyglots).
"""

import http.client
import ipaddress
import socket
import ssl
import time
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

TIMEOUT_SECONDS = 10
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_REDIRECTS = 3
USER_AGENT = "MarktplatzForst-FeedImport/1.0"

_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Leading bytes of the accepted formats (WebP: "RIFF", a length, "WEBP"; see _claimed_format).
_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


class ImageProblem(Exception):
    """An image that cannot be used; the message says why, for the shop."""


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    extension: str


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked beforehand, not to a fresh DNS answer."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class ImageFetcher:
    """Fetches image bytes; see the module docstring for the limits.

    ``allow_local_files``: also read plain paths and ``file://`` URLs (relative paths from
    ``base_dir``). ``allow_private_hosts``: also connect to loopback and private networks.
    Both are for trusted callers only; uploads from shops must use the defaults.
    """

    def __init__(
        self,
        *,
        allow_local_files: bool = False,
        allow_private_hosts: bool = False,
        base_dir: Path | None = None,
        timeout: float = TIMEOUT_SECONDS,
        max_bytes: int = MAX_IMAGE_BYTES,
    ):
        self.allow_local_files = allow_local_files
        self.allow_private_hosts = allow_private_hosts
        self.base_dir = base_dir
        self.timeout = timeout
        self.max_bytes = max_bytes

    def fetch(self, url: str, *, base_dir: Path | None = None) -> bytes:
        """The bytes at ``url``; relative local paths are read from ``base_dir`` (or the
        fetcher's own). Raises ImageProblem."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            return self._fetch_http(url, deadline=time.monotonic() + self.timeout, redirects=0)
        if scheme == "file" or (not scheme and url) or (len(scheme) == 1 and url[1:2] == ":"):
            if not self.allow_local_files:
                raise ImageProblem(_("local files are not accepted here; use an http(s) address"))
            return self._read_file(url, parts, base_dir or self.base_dir)
        raise ImageProblem(_("only http and https addresses are supported"))

    def _read_file(self, url: str, parts, base_dir: Path | None) -> bytes:
        path = (
            Path(url2pathname(unquote(parts.path))) if parts.scheme.lower() == "file" else Path(url)
        )
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            if path.stat().st_size > self.max_bytes:
                raise self._too_large()
            with path.open("rb") as handle:
                return handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise ImageProblem(
                _("file cannot be read: %(reason)s") % {"reason": exc.strerror or exc}
            ) from exc

    def _too_large(self) -> ImageProblem:
        return ImageProblem(
            _("image is larger than %(size)s MB") % {"size": self.max_bytes // (1024 * 1024)}
        )

    def _address(self, host: str, port: int) -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise ImageProblem(_("host %(host)s not found") % {"host": host}) from exc
        for *_rest, sockaddr in infos:
            address = ipaddress.ip_address(sockaddr[0])
            if address.version == 6 and address.ipv4_mapped:
                address = address.ipv4_mapped
            if self.allow_private_hosts or (address.is_global and not address.is_multicast):
                return sockaddr[0]
        raise ImageProblem(_("host %(host)s is not a public internet address") % {"host": host})

    def _fetch_http(self, url: str, *, deadline: float, redirects: int) -> bytes:
        parts = urlsplit(url)
        https = parts.scheme.lower() == "https"
        host = parts.hostname
        if not host:
            raise ImageProblem(_("the address has no host"))
        try:
            port = parts.port or (443 if https else 80)
        except ValueError as exc:
            raise ImageProblem(_("the address has an invalid port")) from exc
        connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
        connection = connection_class(
            host, port, address=self._address(host, port), timeout=self._remaining(deadline)
        )
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
            sock = connection.sock
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location or redirects >= MAX_REDIRECTS:
                    raise ImageProblem(_("too many redirects"))
                target = urljoin(url, location)
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise ImageProblem(_("redirect to a non-http address"))
                return self._fetch_http(target, deadline=deadline, redirects=redirects + 1)
            if response.status != 200:
                raise ImageProblem(
                    _("the server answered HTTP %(status)s") % {"status": response.status}
                )
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > self.max_bytes:
                raise self._too_large()
            return self._read_body(response, sock, deadline)
        except (OSError, http.client.HTTPException) as exc:
            raise ImageProblem(_("download failed: %(reason)s") % {"reason": exc}) from exc
        finally:
            connection.close()

    def _read_body(self, response, sock, deadline: float) -> bytes:
        body = bytearray()
        while True:
            if sock is not None:  # the whole download, not each read, is bounded
                sock.settimeout(self._remaining(deadline))
            chunk = response.read1(64 * 1024)
            if not chunk:
                return bytes(body)
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise self._too_large()

    def _remaining(self, deadline: float) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ImageProblem(
                _("download took longer than %(seconds)s seconds") % {"seconds": self.timeout}
            )
        return remaining


def checked_image(data: bytes) -> CheckedImage:
    """Decode, bound and re-encode an image; raise ImageProblem if it is not a usable image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in _FORMATS:
                    raise ImageProblem(
                        _("%(format)s images are not accepted (use JPEG, PNG, GIF or WebP)")
                        % {"format": image_format}
                    )
                if width * height > MAX_PIXELS:
                    raise ImageProblem(
                        _("image has %(width)s×%(height)s pixels, more than %(max)s million")
                        % {"width": width, "height": height, "max": MAX_PIXELS // 1_000_000}
                    )
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, image_format)
    except ImageProblem:
        raise
    except UnidentifiedImageError as exc:
        # Pillow also says "cannot identify" when a file starts like a GIF, PNG, … but its
        # header is truncated or corrupt; the signature tells such a file from a non-image.
        claimed = _claimed_format(data)
        if claimed is not None:
            raise ImageProblem(
                _("the image is damaged: it starts like a %(format)s file but cannot be read")
                % {"format": claimed}
            ) from exc
        raise ImageProblem(_("not an image (or an image too large to open safely)")) from exc
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageProblem(_("not an image (or an image too large to open safely)")) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(_("the image is damaged: %(reason)s") % {"reason": exc}) from exc


def _claimed_format(data: bytes) -> str | None:
    """The accepted format whose signature ``data`` starts with, if any."""
    for signature, image_format in _SIGNATURES:
        if data.startswith(signature):
            return image_format
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def _encode(image: Image.Image, image_format: str) -> CheckedImage:
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    output = BytesIO()
    options: dict = {}
    if image_format == "JPEG":
        options = {"quality": 90, "optimize": True}
    elif image_format == "WEBP":
        options = {"quality": 90}
    elif image_format == "PNG":
        options = {"optimize": True}
    image.save(output, format=image_format, **options)
    return CheckedImage(content=output.getvalue(), extension=_FORMATS[image_format])
