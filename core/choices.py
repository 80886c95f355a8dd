"""Labels of a field's choices, read from its enum.

Django's ``get_FOO_display()`` builds a dict of every choice on every call, and
hashing each lazy label translates it: a state shown on each row of a long
table translated every state's name for every row. ``choice_label`` looks the
one value up in its enum; a model overrides ``get_FOO_display`` with it where
the field is shown in long lists.
"""


def choice_label(choices, value) -> str:
    """The label of ``value`` in the ``choices`` enum, in the active language; a value the
    enum does not know comes back as it is (as ``get_FOO_display`` does)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
