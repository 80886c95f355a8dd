"""Two factors (django-otp): an authenticator app (TOTP) and recovery codes.

Who must use one: the secretariat, and anyone who signs in with a password
while their agency holds the chair (its office publishes the group's
documents); ``GMG_TWO_FACTOR_FOR_ALL`` requires it of everyone. Anyone else
may set one up, and then it is asked at each sign-in too.
"""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record
from core.clock import group_today
from core.permissions import require

RECOVERY_CODES = 10


def two_factor_required(person) -> bool:
    if not person.is_authenticated:
        return False
    if settings.GMG_TWO_FACTOR_FOR_ALL or person.role == "secretariat" or person.is_superuser:
        return True
    if not person.agency_id:
        return False
    from meetings.selectors import chair_on

    term = chair_on(group_today())
    return term is not None and term.agency_id == person.agency_id


STATE_KEY, STATE_AT = "_gmg_2fa", "_gmg_2fa_at"


def two_factor_state(person) -> str:
    """'verify' (has a second factor), 'setup' (must make one) or 'free'."""
    if has_two_factor(person):
        return "verify"
    return "setup" if two_factor_required(person) else "free"


def has_two_factor(person) -> bool:
    return user_has_device(person, confirmed=True)


def totp_pending(*, person) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed), made once and kept until then."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code: an SVG made here, as a data: URI."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app that cannot read the code."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def totp_confirm(*, person, token: str, actor) -> list[str] | None:
    """Check the first code from the app; on success the app counts and recovery codes
    are made. Returns the codes (shown once), or None for a wrong code."""
    require(actor, "access.set_up_two_factor", person)
    device = TOTPDevice.objects.select_for_update().filter(user=person, confirmed=False).first()
    if device is None or not device.verify_token(_digits(token)):
        return None
    TOTPDevice.objects.filter(user=person, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(person)
    audit_record(actor=actor, action="access.two_factor_set_up", target=person)
    return codes


@transaction.atomic
def recovery_codes_renew(*, person, actor) -> list[str]:
    require(actor, "access.set_up_two_factor", person)
    codes = _new_recovery_codes(person)
    audit_record(actor=actor, action="access.recovery_codes_renewed", target=person)
    return codes


def _new_recovery_codes(person) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(person) -> int:
    return StaticToken.objects.filter(device__user=person, device__confirmed=True).count()


@transaction.atomic
def two_factor_reset(*, person, actor) -> int:
    """The secretariat removes a person's second factor (a lost phone); audited."""
    require(actor, "access.reset_two_factor", person)
    removed = TOTPDevice.objects.filter(user=person).delete()[0]
    removed += StaticDevice.objects.filter(user=person).delete()[0]
    audit_record(actor=actor, action="access.two_factor_reset", target=person)
    return removed


def two_factor_check(*, person, token: str):
    """The device that accepts this code (an app code, or a recovery code, used up), or None."""
    return match_token(person, _digits(token))


def _digits(token: str) -> str:
    return "".join(token.split())
