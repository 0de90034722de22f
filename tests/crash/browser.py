"""A resident's (or a shop assistant's) browser, as far as a crash test needs one.

Plain ``http.client`` on loopback: one cookie jar per browser (session, basket and CSRF
cookies), redirects not followed (the test reads where the app sends it), every request bounded
by ``TIMEOUT`` seconds. Forms are read from the pages (``tests.storefront.html``) and posted back
with their CSRF token, as a browser does.

A request the chaos broke (no connection, the connection dropped, no answer in time, a 5xx, a
bare 400) raises ``Broken``; the caller decides whether to reload and press again, as a
resident would.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit

from tests.storefront.html import Element, parse

TIMEOUT = 15.0  # seconds for one request (the app waits at most 10 s for a parallel submission)


class Broken(Exception):
    """The request did not get a usable answer (connection refused or dropped, 5xx, timeout)."""


@dataclass
class Page:
    path: str  # what was asked for
    status: int
    location: str  # the path of a redirect ("" otherwise)
    text: str

    @property
    def html(self) -> Element:
        return parse(self.text)

    def form(self, **attrs) -> Element | None:
        return self.html.find("form", **attrs)


def form_fields(form: Element) -> dict[str, str]:
    """What a browser submits of a form: its inputs (checked radios and checkboxes only)."""
    data = {}
    for field in form.find_all("input"):
        name = field.get("name")
        if not name:
            continue
        kind = (field.get("type") or "text").lower()
        if kind in {"radio", "checkbox"} and "checked" not in field.attrs:
            continue
        if kind == "submit":
            continue
        data[name] = field.get("value") or ""
    return data


class Browser:
    def __init__(self, base_url: str, *, timeout: float = TIMEOUT, language: str = "de"):
        self.base_url = base_url.rstrip("/")
        split = urlsplit(self.base_url)
        self.host, self.port = split.hostname, split.port
        self.timeout = timeout
        self.language = language
        self.jar = http.cookiejar.CookieJar()

    def _cookie_header(self, url: str) -> str:
        request = urllib.request.Request(url)  # noqa: S310 - only read by the cookie jar
        self.jar.add_cookie_header(request)
        return request.get_header("Cookie") or ""

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Page:
        url = urljoin(self.base_url + "/", path.lstrip("/"))
        all_headers = {"Accept-Language": self.language, "Connection": "close", **(headers or {})}
        cookie = self._cookie_header(url)
        if cookie:
            all_headers["Cookie"] = cookie
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            split = urlsplit(url)
            target = (split.path or "/") + (f"?{split.query}" if split.query else "")
            connection.request(method, target, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise Broken(f"{method} {path}: {type(exc).__name__}: {exc}") from None
        finally:
            connection.close()
        self._cookies_from(response, url)
        if response.status >= 500 or response.status == 400:
            # 400: Django's SessionInterrupted, when the session could not be saved because the
            # database went away at the end of the request; a browser shows "Bad Request".
            raise Broken(f"{method} {path}: HTTP {response.status}")
        location = response.getheader("Location") or ""
        if location:
            location = urlsplit(location).path
        return Page(path=path, status=response.status, location=location, text=text)

    def _cookies_from(self, response: http.client.HTTPResponse, url: str) -> None:
        class _Info:  # what CookieJar.extract_cookies reads of a urllib response
            def __init__(self, message):
                self._message = message

            def info(self):
                return self._message

        request = urllib.request.Request(url)  # noqa: S310 - only read by the cookie jar
        self.jar.extract_cookies(_Info(response.msg), request)

    def get(self, path: str) -> Page:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Page:
        return self.request(
            "POST",
            path,
            body=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def submit(self, page: Page, changes: dict[str, str] | None = None, **form_attrs) -> Page:
        """Post the page's form (found by ``form_attrs``) as the page filled it in, with
        ``changes``; the CSRF token is the form's."""
        form = page.form(**form_attrs)
        if form is None:
            raise LookupError(f"no form {form_attrs} on the page")
        data = form_fields(form)
        data.update(changes or {})
        return self.post(form.get("action") or page.path, data)

    def cookie(self, name: str) -> str:
        for cookie in self.jar:
            if cookie.name == name:
                return cookie.value or ""
        return ""
