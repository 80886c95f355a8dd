"""Every one-line text field of every form has a length limit.

A longer value than the database column takes was a server error
(``DataError`` on PostgreSQL); each form's limits come from its model's
fields, and the browser shows them as ``maxlength``.
"""

import importlib
import inspect

import pytest
from django import forms

APPS = ["core", "members", "notices", "meetings", "agenda", "minutes"]
UNBOUNDED_WIDGETS = (forms.Textarea, forms.HiddenInput, forms.PasswordInput)
# Search boxes filter a list; nothing is stored.
SEARCH_FIELDS = {"q"}


def _form_classes():
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


FORMS = sorted(_form_classes(), key=lambda c: f"{c.__module__}.{c.__name__}")


@pytest.mark.parametrize("form_class", FORMS, ids=[f"{c.__module__}.{c.__name__}" for c in FORMS])
def test_one_line_text_fields_have_a_max_length(form_class):
    unbounded = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field.widget, UNBOUNDED_WIDGETS)
        and field.max_length is None
        and name not in SEARCH_FIELDS
    ]
    assert unbounded == []
