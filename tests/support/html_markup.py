"""A tiny HTML element collector for report tests (standard library html.parser)."""

from __future__ import annotations

from html.parser import HTMLParser


class Collected(HTMLParser):
    """Records every start tag with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, css_class: str) -> list[dict[str, str]]:
        """Attributes of every `tag` element with `css_class` among its classes."""
        return [a for t, a in self.elements if t == tag and css_class in a.get("class", "").split()]


def parse(document: str) -> Collected:
    """Parse an HTML document."""
    parser = Collected()
    parser.feed(document)
    parser.close()
    return parser
