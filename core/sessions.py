"""The session store (``SESSION_ENGINE``): Django's database sessions, read together with
what the page cache needs to know about the data (core.pagecache), in one query."""

from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    newest_change = None

    @classmethod
    def get_model_class(cls):
        from core.models import SessionWithNewestChange

        return SessionWithNewestChange

    def load(self):
        row = self._get_session_from_db()
        if row is not None and hasattr(row, "newest_change"):
            self.newest_change = (row.newest_change, row.no_writer)
        return self.decode(row.session_data) if row else {}
