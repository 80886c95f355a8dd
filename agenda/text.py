"""The meeting title a published version or edition froze, in the reader's language.

Made by the application from the level and date, it is made again in the
language it is read in; typed by someone, it stays as written. (Standing items:
agenda.models.standing_title.)
"""

import datetime

from meetings.titles import meeting_default_title


def frozen_meeting_title(header: dict) -> str:
    """The meeting title a frozen document carries, in the active language when the
    application made it (``title_is_default``, kept since the six languages came)."""
    if header.get("title_is_default") and header.get("local_date"):
        return meeting_default_title(
            level=header["level"],
            kind=header.get("kind", ""),
            local_date=datetime.date.fromisoformat(header["local_date"]),
        )
    return header.get("meeting", "")
