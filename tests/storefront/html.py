"""A small HTML tree for page assertions, on the standard library's ``html.parser``.

``parse(response)`` gives the root element; ``find_all("h1")``, ``find_all(class_="x")``,
``find(id="main")`` and ``.text`` (all whitespace, non-breaking spaces too, collapsed to one
space; scripts left out) cover what the tests check. Lenient like a browser: a closing tag
closes any still-open elements inside it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_SPACE = re.compile(r"\s+")


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, *, class_: str | None = None, **attrs
    ) -> list[Element]:
        """Descendants by tag, class (one of the element's classes) and exact attribute values
        (``aria_label="x"`` matches ``aria-label``, ``for_`` matches ``for``)."""
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if class_ is not None and class_ not in element.classes:
                continue
            if any(
                element.attrs.get(name.rstrip("_").replace("_", "-")) != value
                for name, value in attrs.items()
            ):
                continue
            found.append(element)
        return found

    def find(self, tag: str | None = None, **kwargs) -> Element | None:
        found = self.find_all(tag, **kwargs)
        return found[0] if found else None

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag not in ("script", "style", "template"):
                yield from child._texts()

    @property
    def text(self) -> str:
        return _SPACE.sub(" ", " ".join(self._texts())).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(source) -> Element:
    """The root of a page: a response (its decoded content) or an HTML string."""
    if hasattr(source, "content"):
        source = source.content.decode(getattr(source, "charset", None) or "utf-8")
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root
