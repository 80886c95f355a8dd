"""The SMTP connection the outbox uses: it knows how far a message got.

A failure before the message data is handed over (connect, HELO, MAIL,
RCPT, or any 4xx answer) means the server does not have the message, so
trying again later is safe. A failure after the data went out without the
server's final answer (a timeout, a dropped connection) means the server may
have it: that delivery is *uncertain*, and sending it again could deliver it
twice. ``SMTPBackend`` records the phase on itself so the outbox can tell
the two apart, whatever exception the socket raised.
"""

import smtplib

from django.core.mail.backends.smtp import EmailBackend


class DeliveryUncertain(smtplib.SMTPException):
    """The message data was sent but the server's answer to it never came."""


class _PhaseMixin:
    """Tells the backend when DATA starts and when the server accepted it."""

    gmg_backend = None

    def data(self, msg):
        backend = self.gmg_backend
        if backend is not None:
            backend.data_started = True
        try:
            code, reply = super().data(msg)
        except smtplib.SMTPResponseException:
            # The server answered (and refused): it does not have the message.
            if backend is not None:
                backend.data_started = False
            raise
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryUncertain(f"{type(exc).__name__}: {exc}") from exc
        if backend is not None:
            # smtplib returns the server's final answer rather than raising it: 250 means
            # it took the message; any other answer (451, 554...) means it refused it.
            backend.data_accepted = code == 250
            backend.data_started = code == 250
        return code, reply


class _SMTP(_PhaseMixin, smtplib.SMTP):
    pass


class _SMTPSSL(_PhaseMixin, smtplib.SMTP_SSL):
    pass


class SMTPBackend(EmailBackend):
    """Django's SMTP backend, with the phase of the last delivery recorded."""

    data_started = False
    data_accepted = False

    @property
    def connection_class(self):
        backend = self
        base = _SMTPSSL if self.use_ssl else _SMTP

        def make(*args, **kwargs):
            connection = base(*args, **kwargs)
            connection.gmg_backend = backend
            return connection

        return make

    def send_messages(self, email_messages):
        self.data_started = self.data_accepted = False
        return super().send_messages(email_messages)


def delivery_phase(connection) -> str:
    """'accepted', 'uncertain' or 'before-data' for the last send on ``connection``."""
    if getattr(connection, "data_accepted", False):
        return "accepted"
    if getattr(connection, "data_started", False):
        return "uncertain"
    return "before-data"
