"""``{% action_point_rows points %}``: the rows of a table of action points, drawn in one tag.

A row drawn by the template language cost some twenty variable and tag nodes (a link, the
text cut short, each owner and its list separator, the day, the overdue badge, the status,
the section or meeting, the edit link), about 80 microseconds: the minutes of a meeting
with a hundred action points spent more on that table than on the rest of the page. Here
a row is one string, each value escaped as autoescaping escapes it, with what repeats
(the labels, the days and statuses in words, the list separators, the URLs' fixed parts)
worked out once per table: the same markup for a tenth of the time.

The table around the rows (caption, headers, region) stays in
``minutes/_action_points_table.html``; the rows read the same context it does:
``show_meeting``, ``show_section``, ``can_edit`` and ``today``.
"""

import html
import unicodedata

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from core import i18n
from core.links import id_url_maker

register = template.Library()


def _escape(value) -> str:
    """What ``{{ value }}`` writes: safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _cut(text: str, length: int) -> str:
    """``text|truncatechars:length``; a text already short enough is not walked (the filter
    gives it back NFC-normalised when it has no more than ``length`` characters)."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


class _Once(dict):
    """A value per key, worked out the first time a row asks (days, statuses, separators)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


@register.simple_tag(takes_context=True)
def action_point_rows(context, points):
    """The ``<tr>`` of each action point (its ``owners`` read, its section and, with
    ``show_meeting``, its meeting joined), or the row that says there is none."""
    show_meeting = context.get("show_meeting")
    show_section = context.get("show_section")
    can_edit = context.get("can_edit")
    today = context.get("today")
    overdue = f' <span class="badge text-bg-danger">{_escape(gettext("overdue"))}</span>'
    edit = _escape(gettext("Edit"))
    point_url = id_url_maker("minutes:action_point", 1)
    minutes_url = id_url_maker("minutes:minutes", 1)
    edit_url = id_url_maker("minutes:action_point_edit", 2)
    days = _Once(lambda due: _escape(i18n.short_day(due)))
    statuses = {}
    separators = _Once(lambda key: _escape(i18n.list_separator(*key)))
    titles = {}
    rows = []
    for point in points:
        text = point.text
        owners = point.owners
        count = len(owners)
        status = point.status
        if status not in statuses:
            statuses[status] = _escape(point.get_status_display())
        row = [
            f'<tr><td><a href="{_escape(point_url(point.pk))}">{_escape(_cut(text, 140))}</a>',
            f' <span class="text-body-secondary">({_escape(point.person)})</span></td><td>'
            if point.person
            else "</td><td>",
            *(
                f"{_escape(agency.acronym)}{separators[index, count]}"
                for index, agency in enumerate(owners)
            ),
            f"</td><td>{days[point.due]}",
            overdue if status == "open" and today is not None and point.due < today else "",
            f"</td><td>{statuses[status]}</td>",
        ]
        if show_meeting:
            if point.meeting_id not in titles:
                titles[point.meeting_id] = _escape(point.meeting.display_title)
            row.append(
                f'<td><a href="{_escape(minutes_url(point.meeting_id))}">'
                f"{titles[point.meeting_id]}</a>, {_escape(point.section.number)}.</td>"
            )
        if show_section:
            number = _escape(point.section.number)
            row.append(f'<td><a href="#section-{number}">{number}.</a></td>')
        if can_edit:
            row.append(
                '<td><a class="btn btn-sm btn-outline-primary" '
                f'href="{_escape(edit_url(point.meeting_id, point.pk))}">{edit}'
                f'<span class="visually-hidden">: {_escape(_cut(text, 40))}</span></a></td>'
            )
        row.append("</tr>\n")
        rows.append("".join(row))
    if not rows:
        rows.append(f'<tr><td colspan="7">{_escape(gettext("No action point."))}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped above)
