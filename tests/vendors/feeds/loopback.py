"""A tiny HTTP server on 127.0.0.1 for image-fetching tests (never the internet)."""

import http.server
import struct
import sys
import threading
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from PIL import Image

FEEDS_DIR = Path(__file__).parent


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False  # send without Content-Length
    delay: float = 0.0  # seconds to wait before answering


class _QuietServer(http.server.ThreadingHTTPServer):
    """Does not print a traceback when the client hung up first (as the fetcher does on
    purpose for too large or too slow answers)."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LoopbackServer:
    """Serves ``routes`` (path -> Route) and counts the requests per path in ``hits``."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self._stopping = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                server.hits[self.path] += 1
                route = server.routes.get(self.path, Route(status=404, body=b"not found"))
                if server._stopping.wait(route.delay):  # a delayed answer ends with the server
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for start in range(0, len(route.body), 1 << 20):
                        piece = route.body[start : start + (1 << 20)]
                        self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args):
                pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, **route) -> str:
        self.routes[path] = Route(**route)
        return self.url(path)

    @contextmanager
    def running(self):
        # shutdown() waits for serve_forever to notice, up to one poll interval (0.5 s by
        # default): that was half a second of teardown in every test using the server.
        thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            self._stopping.set()
            self._httpd.shutdown()
            self._httpd.server_close()
            thread.join(timeout=5)


def image_bytes(image_format: str = "PNG", size=(40, 30), color=(200, 30, 60), **save) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, color).save(output, format=image_format, **save)
    return output.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims ``width`` x ``height`` pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
