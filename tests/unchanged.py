"""Save an edit form exactly as the page shows it, and find the object unchanged.

The test reads the form the way a browser would send it back (what is typed
in the fields, the ticked boxes, the selected options, the hidden fields),
posts that, and compares the object's row and many-to-many fields before and
after. A field shown empty or unticked although the object has a value (the
ToR purposes once were) makes the comparison fail.
"""

from html.parser import HTMLParser

from django.forms.models import model_to_dict

# Bookkeeping that a save may move without changing what the object says.
IGNORED = {"version", "updated_at", "updated_by"}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append((name, attrs.get("value", "")))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value")
            self._option = {"value": value, "text": ""}
            if self._select["first"] is None:
                self._select["first"] = self._option
            if "selected" in attrs:
                self._select["chosen"].append(self._option)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # A browser drops the one newline that follows <textarea>.
            text = text[1:] if text.startswith("\n") else text
            self._form["fields"].append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or (
                [self._select["first"]] if self._select["first"] else []
            )
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._form["fields"].append((self._select["name"], value.strip()))
            self._select = None


def form_as_sent(html: str, *, with_field: str) -> list[tuple[str, str]]:
    """The fields a browser would send for the page's form that has ``with_field``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if any(name == with_field for name, _value in form["fields"]):
            return form["fields"]
    raise AssertionError(f"No form with a field {with_field!r} on the page")


def state_of(obj) -> dict:
    """What the object says: its fields and its many-to-many sets."""
    obj.refresh_from_db()
    data = model_to_dict(obj)
    for field in obj._meta.get_fields():
        if field.concrete and not field.many_to_many and field.name not in data:
            data[field.name] = getattr(obj, field.attname)
        if field.many_to_many and not field.auto_created:
            data[field.name] = sorted(
                str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True)
            )
    return {key: value for key, value in data.items() if key not in IGNORED}


def post_unchanged(client, url: str, *, with_field: str, extra: dict | None = None):
    """GET the edit page and POST its form back as shown; returns the response."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    fields = form_as_sent(page.content.decode(), with_field=with_field)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data.update(extra or {})
    return client.post(url, data)
