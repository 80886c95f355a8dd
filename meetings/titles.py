"""The titles the application gives meetings, in the reader's language.

A meeting nobody named is called after its level, kind and date ("Principals'
meeting, Q2 2027"). Such a title is made again in the language active when it is
shown (a page in Arabic, an e-mail in the recipient's language), never stored
in the language of whoever created the meeting.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.enums import Kind, Level


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def meeting_default_title(*, level: str, kind: str, local_date: datetime.date) -> str:
    """ "Principals' meeting, Q2 2027"; an ad hoc one is named by its date."""
    if kind == Kind.AD_HOC:
        when = date_format(local_date, _("j F Y"))
        if level == Level.PRINCIPALS:
            return _("Ad hoc principals' meeting, %(date)s") % {"date": when}
        return _("Ad hoc working-level meeting, %(date)s") % {"date": when}
    values = {"quarter": quarter_of(local_date), "year": local_date.year}
    if level == Level.PRINCIPALS:
        return _("Principals' meeting, Q%(quarter)s %(year)s") % values
    return _("Working-level meeting, Q%(quarter)s %(year)s") % values


def meeting_choice_label(meeting) -> str:
    """How a meeting is named in a list to choose from: its title and its date."""
    return f"{meeting.display_title} ({date_format(meeting.local_date, _('j M Y'))})"
